//! Scoring rules that live in a questionnaire file rather than in code: AIIA risk levels,
//! specificity checks for narrative answers, vendor inherent risk, tiers and knock-outs.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `scoring` block of a questionnaire. Every part is optional; each kind uses its own.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoringRules {
    /// Gap: readiness bands for the heatmap, lowest first; a node is in the last band whose
    /// `min` its readiness reaches. Unset: five built-in bands (see `scoring::bands`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<ReadinessBand>,
    /// Gap: what a justification for "Out of scope" must be (a minimum length, not a stock
    /// phrase). Unset: the built-in rule (see `scoring::exclusion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<JustificationRule>,
    /// AIIA: risk levels by likelihood × severity, lowest first (e.g. Low ≤ 4, Medium ≤ 9,
    /// High ≤ 16, Critical ≤ 25).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risk_levels: Vec<RiskLevel>,
    /// AIIA: the highest risk level (an id of `risk_levels`) that may be accepted with a
    /// recorded rationale; residual risks above it need treatment or an escalated decision.
    /// Unset: the second level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_appetite: Option<String>,
    /// AIIA: which questions describe the risk exposure (reported apart from the quality of
    /// the assessment, and never scored as quality).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exposure: Option<ExposureQuestions>,
    /// AIIA: default months between reviews when the profile sets none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_months: Option<u32>,
    /// Named specificity rule sets, referenced by text questions' `specificity`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub specificity: BTreeMap<String, SpecificityRule>,
    /// Vendor: factor applied to the score of a self-attested answer (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_attested_factor: Option<f64>,
    /// Vendor: how the engagement questions give an inherent risk level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherent_risk: Option<InherentRisk>,
    /// Vendor: the risk tiers, lowest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<Tier>,
    /// Vendor: rule table from (inherent level, control score) to a tier; first match wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tier_rules: Vec<TierRule>,
    /// Vendor: answers that force a minimum tier whatever the average.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub knockouts: Vec<Knockout>,
}

impl ScoringRules {
    /// True when no rule is set (the block is then left out of files).
    pub fn is_empty(&self) -> bool {
        *self == ScoringRules::default()
    }
}

/// A readiness band of the heatmap: nodes whose readiness is at least `min` (and below the
/// next band's `min`) are in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadinessBand {
    /// Stable id, e.g. `developing`; stored on every heatmap node as `band`.
    pub id: String,
    /// Label shown to people.
    pub label: String,
    /// One printable ASCII character that shows the band without colour (e.g. `+`).
    pub symbol: String,
    /// Lowest readiness (0–1) in this band; the first band starts at 0.
    pub min: f64,
}

/// What a justification for excluding a question (answering "Out of scope") must be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct JustificationRule {
    /// Fewest characters (after trimming).
    pub min_length: u32,
    /// Phrases that justify nothing on their own ("n/a", "not applicable"), compared
    /// case-insensitively, ignoring punctuation, digits and spacing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stock_phrases: Vec<String>,
}

/// The AIIA questions whose answers describe exposure rather than quality.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExposureQuestions {
    /// The vulnerable groups affected (multi choice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vulnerable_groups: Option<String>,
    /// Whether special-category data is processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub special_category_data: Option<String>,
    /// The EU AI Act risk class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_ai_act_class: Option<String>,
    /// The deployment decision ("do not deploy" is a legitimate outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
}

/// An AIIA risk level: applies to L × S products up to and including `max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskLevel {
    /// Stable id, e.g. `high`.
    pub id: String,
    /// Label shown to people.
    pub label: String,
    /// Highest likelihood × severity product in this level.
    pub max: u32,
}

/// Checks that a narrative answer is specific enough to test in an audit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecificityRule {
    /// Fewest characters before the answer counts as too short.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u32>,
    /// Stock phrases that, without specifics, mark an answer as generic.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stock_phrases: Vec<String>,
    /// Things a specific answer names; each missing one raises a flag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<SpecificityCheck>,
}

/// One "names a …" check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecificityCheck {
    /// Stable id, e.g. `dataset`.
    pub id: String,
    /// The flag text when missing, e.g. "names no data set".
    pub message: String,
    /// Words or phrases (case-insensitive) any one of which satisfies the check.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<String>,
    /// Whether a digit anywhere satisfies the check (numbers, metrics, dates).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub digits: bool,
}

/// Vendor inherent risk: exposure = 1 − the engagement questions' scores, combined by
/// `aggregate`; then raised to every floor that fires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InherentRisk {
    /// Ids of the engagement questions (their option scores: 1 = least exposure).
    pub questions: Vec<String>,
    /// How the questions' scores combine: `mean` (weighted) or `worst` (the lowest score
    /// decides, so one severe driver is not averaged away). Default `mean`.
    #[serde(default, skip_serializing_if = "Aggregate::is_mean")]
    pub aggregate: Aggregate,
    /// Levels by exposure, lowest first: a level applies up to and including `max`.
    pub levels: Vec<InherentLevel>,
    /// Answers that set a minimum inherent level whatever the other answers (special-
    /// category data, a critical business function, automated decisions about people).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub floors: Vec<InherentFloor>,
}

/// How inherent-risk question scores combine.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Weighted mean of the scores.
    #[default]
    Mean,
    /// The lowest score.
    Worst,
}

impl Aggregate {
    /// Whether this is the default (left out of files).
    pub fn is_mean(&self) -> bool {
        *self == Aggregate::Mean
    }
}

/// An answer that sets a minimum inherent level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InherentFloor {
    /// The question tested.
    pub question: String,
    /// Answer values that set the floor.
    #[serde(rename = "in")]
    pub one_of: Vec<String>,
    /// The inherent level (an id of `levels`) the vendor gets at least.
    pub level: String,
    /// Why, shown with the score.
    pub reason: String,
}

/// One inherent-risk level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InherentLevel {
    /// Stable id, e.g. `high`.
    pub id: String,
    /// Label shown to people.
    pub label: String,
    /// Highest exposure (0–1) in this level.
    pub max: f64,
}

/// A vendor risk tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Stable id, e.g. `moderate`.
    pub id: String,
    /// Label shown to people.
    pub label: String,
    /// What the tier means for the relationship (review cadence, approvals).
    pub description: String,
    /// Months between reassessments of a vendor in this tier (`due` lists the next one);
    /// unset: the profile's review frequency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub reassess_months: Option<u32>,
}

/// One row of the tier rule table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TierRule {
    /// Inherent levels this row applies to.
    pub inherent: Vec<String>,
    /// The row applies when the control score is at least this (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_at_least: Option<f64>,
    /// The row applies when the control score is below this (0–1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_below: Option<f64>,
    /// Resulting tier id.
    pub tier: String,
}

/// An answer that forces a minimum tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Knockout {
    /// The question tested.
    pub question: String,
    /// Answer values that trigger the knock-out.
    #[serde(rename = "in")]
    pub one_of: Vec<String>,
    /// The tier the vendor gets at least.
    pub tier: String,
    /// Why this is a knock-out, shown in findings.
    pub reason: String,
    /// A further condition for the knock-out to fire (e.g. only for a critical use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<crate::model::Condition>,
}
