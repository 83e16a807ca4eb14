//! The scorecard: what scoring produces and snapshots store, so a snapshot reads (and diffs)
//! without the questionnaires at hand. Field names are part of the snapshot format: add
//! fields freely, but do not rename or remove them without a snapshot migration.
//!
//! Ids, references and titles that every assessment of a questionnaire repeats are
//! `Arc<str>`, shared with the prepared questionnaire rather than copied per assessment;
//! they serialize as plain strings.

use std::sync::Arc;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Scores for a whole snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scorecard {
    /// Profile used.
    pub profile: String,
    /// Whether question and profile tag weights were applied.
    pub weighted: bool,
    /// The date overdue checks were made against.
    #[schemars(with = "String")]
    pub as_of: Date,
    /// The gap assessment, if one was answered or started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<GapScore>,
    /// The assessments of further `gap` questionnaires, such as the EU AI Act supplement:
    /// one each, with its own heatmap, in the order the snapshot holds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supplements: Vec<GapScore>,
    /// One per AI system.
    #[serde(default)]
    pub aiias: Vec<AiiaScore>,
    /// One per vendor.
    #[serde(default)]
    pub vendors: Vec<VendorScore>,
}

/// Status of a question or a roll-up node.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NodeStatus {
    /// Everything applicable is met.
    Met,
    /// Some but not all.
    Partial,
    /// Nothing met or partial.
    Gap,
    /// Everything is out of scope.
    OutOfScope,
    /// Not applicable (`applies_when` false) throughout.
    NotApplicable,
    /// Nothing answered yet.
    Unanswered,
}

impl NodeStatus {
    /// The one-letter code of a status, the same in the TUI, the reports and the CLI, so
    /// status never depends on colour alone: `M` met, `P` partial, `G` gap, `X` out of scope,
    /// `-` not applicable, `?` unanswered. Not applicable is not `N`: in the wizard's tree
    /// `[N]` is a No answer; one symbol, one meaning.
    pub fn letter(self) -> char {
        match self {
            NodeStatus::Met => 'M',
            NodeStatus::Partial => 'P',
            NodeStatus::Gap => 'G',
            NodeStatus::OutOfScope => 'X',
            NodeStatus::NotApplicable => '-',
            NodeStatus::Unanswered => '?',
        }
    }
}

/// Counts of question outcomes under a node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    /// Met (counted after the evidence rule).
    pub met: u32,
    /// Partial.
    pub partial: u32,
    /// Gap.
    pub gap: u32,
    /// Out of scope.
    pub out_of_scope: u32,
    /// Not applicable.
    pub not_applicable: u32,
    /// Applicable but unanswered.
    pub unanswered: u32,
    /// Answered Met but missing required evidence (also counted in `partial`).
    pub evidence_missing: u32,
}

/// Score of one node of the section tree (a clause, sub-clause, control or domain).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeScore {
    /// Section id.
    pub id: Arc<str>,
    /// The standard's reference (e.g. `6.1.2`), when the section has one.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Arc<str>>,
    /// Section title.
    pub title: Arc<str>,
    /// Roll-up status.
    pub status: NodeStatus,
    /// Weighted score of answered applicable questions (0–1); none when nothing is answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Weighted score with unanswered questions counted as 0 (0–1).
    pub readiness: f64,
    /// Share of applicable questions answered (0–1).
    pub coverage: f64,
    /// Outcome counts.
    pub counts: Counts,
    /// Ids of the questions behind this node.
    pub questions: Vec<Arc<str>>,
    /// Readiness band id (`scoring.bands`), set on heatmap nodes; none when nothing under
    /// the node is applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<String>,
}

impl NodeScore {
    /// What a node is called in lists: its reference (`6.1.2`, `A.6.2.4`), else its id.
    pub fn label(&self) -> &str {
        self.reference.as_deref().unwrap_or(&self.id)
    }
}

/// A row of the clause heatmap: a clause (4–10) or Annex A group, with its cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeatmapRow {
    /// The row's own roll-up.
    pub node: NodeScore,
    /// One cell per sub-clause or control.
    pub cells: Vec<NodeScore>,
}

/// A flag raised on a question.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum QuestionFlag {
    /// `evidence_required` and answered Met without evidence: scored as Partial.
    EvidenceMissing,
    /// Out of scope without an adequate justification (missing, too short or a stock
    /// phrase).
    JustificationMissing,
    /// Out of scope on a question that may not be excluded (a requirement clause): counts
    /// as Gap.
    ExclusionNotAllowed,
    /// The follow-up due date has passed.
    Overdue,
    /// Flagged for follow-up by the assessor.
    FollowUp,
    /// Evidence past its expiry date.
    EvidenceExpired,
}

/// Score of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionScore {
    /// Question id.
    pub id: Arc<str>,
    /// Id of the section holding it.
    pub section: Arc<str>,
    /// Status after the evidence rule.
    pub status: NodeStatus,
    /// Score 0–1 when answered and applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Effective weight (question weight × profile tag weight, or 1 unweighted).
    pub weight: f64,
    /// Flags raised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<QuestionFlag>,
    /// Why the status differs from what the answer claims (e.g. Met without the required
    /// evidence counts as Partial); none when the answer counts as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For a linked question (`same_as`), the question whose answer it takes: it counts
    /// towards its own section but not towards the overall score or the remediation plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_to: Option<Arc<str>>,
}

/// The gap assessment's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GapScore {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Overall roll-up.
    pub overall: NodeScore,
    /// Heatmap rows, in questionnaire order; every node carries its `band`.
    pub rows: Vec<HeatmapRow>,
    /// The readiness bands the heatmap's `band` ids refer to, lowest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<crate::model::ReadinessBand>,
    /// Every question.
    pub questions: Vec<QuestionScore>,
    /// Statement of Applicability, one entry per Annex A control.
    pub soa: Vec<SoaEntry>,
    /// Remediation plan, highest priority first.
    pub remediation: Vec<RemediationItem>,
}

/// One Statement of Applicability entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SoaEntry {
    /// Control reference, e.g. `A.6.2.4`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Control title.
    pub title: String,
    /// Section id of the control.
    pub section: String,
    /// Whether the control is applicable.
    pub applicable: bool,
    /// Implementation status from the score.
    pub implemented: NodeStatus,
    /// Justification for inclusion or exclusion, as answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Problem the UI should point at (e.g. excluded without a justification).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// One item of the remediation plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemediationItem {
    /// Question id.
    pub question: String,
    /// Clause or control reference of its section.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The question prompt.
    pub prompt: String,
    /// Current status.
    pub status: NodeStatus,
    /// weight × profile priority × (1 − score).
    pub priority: f64,
    /// Owner of the follow-up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub due: Option<Date>,
    /// Past its due date.
    pub overdue: bool,
}

/// Likelihood × severity with its level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskScore {
    /// Likelihood 1–5.
    pub likelihood: i64,
    /// Severity 1–5.
    pub severity: i64,
    /// likelihood × severity.
    pub product: i64,
    /// Level id from the questionnaire's `risk_levels`.
    pub level: String,
}

/// One impact of an AIIA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactScore {
    /// Entry id in the impact register.
    pub entry: String,
    /// Short label (category or first words of the description).
    pub label: String,
    /// Before controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherent: Option<RiskScore>,
    /// After controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual: Option<RiskScore>,
}

/// A specificity flag on a narrative answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecificityFlag {
    /// Question id.
    pub question: String,
    /// Entry id, for answers inside a repeatable section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// Check id (`too_short`, `stock_phrase`, or a `requires` id).
    pub check: String,
    /// Why it was flagged.
    pub message: String,
}

/// A disagreement between an AIIA and the inventory, or an answer that should not be there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyWarning {
    /// Question id.
    pub question: String,
    /// The inventory field the answer disagrees with; none for an answer to a question that
    /// does not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What disagrees, and how to resolve it.
    pub message: String,
}

/// The scores of one AIIA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AiiaScore {
    /// AI system subject id.
    pub subject: String,
    /// Questionnaire id.
    pub questionnaire: String,
    /// Impacts.
    pub impacts: Vec<ImpactScore>,
    /// Highest residual level (falls back to inherent when residual is missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_level: Option<String>,
    /// Impact counts per cell, `[likelihood-1][severity-1]`, before controls.
    pub matrix_inherent: Vec<Vec<u32>>,
    /// Impact counts per cell after controls.
    pub matrix_residual: Vec<Vec<u32>>,
    /// Share of required answers given (0–1).
    pub completeness: f64,
    /// What is missing for the AIIA to be complete.
    pub missing: Vec<String>,
    /// Sign-off present (name, role, date).
    pub signed_off: bool,
    /// When the next review is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub next_review: Option<Date>,
    /// The review date has passed.
    pub review_overdue: bool,
    /// Specificity flags on narrative answers.
    pub specificity: Vec<SpecificityFlag>,
    /// Where the AIIA and the inventory record of its AI system disagree (role, stage,
    /// EU AI Act class, personal data, model), and answers kept on questions that do not
    /// apply to the system (e.g. a FRIA for a system outside the Act's high-risk uses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consistency: Vec<ConsistencyWarning>,
    /// The risk exposure, apart from the quality figures above (completeness, sign-off,
    /// specificity): naming more exposure never lowers quality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<AiiaExposure>,
}

/// What an AIIA says about risk exposure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AiiaExposure {
    /// Impacts in the register.
    pub impacts: u32,
    /// Highest likelihood × severity before controls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_inherent: Option<i64>,
    /// Highest likelihood × severity after controls (inherent where none was rated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_residual: Option<i64>,
    /// Vulnerable groups named (option values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vulnerable_groups: Vec<String>,
    /// Special-category data processed (`yes`, `no`, `unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_data: Option<String>,
    /// EU AI Act class (option value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_ai_act_class: Option<String>,
    /// Deployment decision (option value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// An inherent-risk floor that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FloorHit {
    /// Question id.
    pub question: String,
    /// Inherent level forced at least.
    pub level: String,
    /// Why.
    pub reason: String,
}

/// A knock-out that fired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnockoutHit {
    /// Question id.
    pub question: String,
    /// Tier forced at least.
    pub tier: String,
    /// Why.
    pub reason: String,
}

/// The scores of one vendor review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VendorScore {
    /// Vendor subject id.
    pub subject: String,
    /// Questionnaire id.
    pub questionnaire: String,
    /// One node per scored domain (top-level section).
    pub domains: Vec<NodeScore>,
    /// Weighted control score over scored domains (0–1), self-attestation discounted.
    pub control_score: f64,
    /// Inherent exposure from the engagement questions (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherent_exposure: Option<f64>,
    /// Inherent level id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherent_level: Option<String>,
    /// Floors that raised the inherent level (question, level, reason).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inherent_floors: Vec<FloorHit>,
    /// Resulting tier id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// Knock-outs that fired.
    pub knockouts: Vec<KnockoutHit>,
    /// Questions whose required evidence is missing.
    pub evidence_missing: Vec<Arc<str>>,
    /// Questions whose evidence has expired.
    pub evidence_expired: Vec<Arc<str>>,
}
