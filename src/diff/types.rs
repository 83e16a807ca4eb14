//! The diff's data: what changed between two snapshots. Serialized as the documented,
//! versioned JSON form of `clausewise diff --format json`.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::{FindingGrade, FindingStatus, SubjectKind};
use crate::scoring::NodeStatus;

/// The `format` field of the JSON form.
pub const DIFF_FORMAT: &str = "clausewise-diff";
/// The version of the JSON form; bumped on any incompatible change.
pub const DIFF_VERSION: u32 = 1;

/// Everything that changed from one snapshot to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotDiff {
    /// Always [`DIFF_FORMAT`].
    pub format: String,
    /// Always [`DIFF_VERSION`].
    pub version: u32,
    /// The earlier snapshot.
    pub old: Side,
    /// The later snapshot.
    pub new: Side,
    /// The summary: readiness, gaps opened and closed, how many things got worse.
    pub headline: Headline,
    /// Clause and Annex A control changes (from the scorecards), regressions first.
    pub nodes: Vec<NodeChange>,
    /// Answer changes, regressions first, then in file order. Answers of AI system impact
    /// assessments are `changed`, never `regressed` or `improved` by option score: see
    /// `aiias`.
    pub answers: Vec<AnswerChange>,
    /// AI system impact assessments whose exposure or quality moved: `regressed` only when
    /// residual risk rose or quality fell.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aiias: Vec<AiiaChange>,
    /// Assessments that appeared or disappeared (new AI system, retired vendor).
    pub assessments: AssessmentChanges,
    /// Subjects added, removed, renamed or retired.
    pub subjects: SubjectChanges,
    /// The findings register.
    pub findings: FindingChanges,
    /// Changes to the questionnaires themselves, kept apart from answer changes.
    pub questionnaires: Vec<QuestionnaireChange>,
}

/// Identity of one side of the diff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Side {
    /// Organization.
    pub organization: String,
    /// Audit cycle.
    pub cycle: String,
    /// Label.
    pub label: String,
    /// When it was taken.
    pub created_at: Timestamp,
    /// Its digest, if sealed.
    pub digest: Option<String>,
}

/// The summary line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Headline {
    /// Overall gap-assessment readiness (0–1) before, when scored.
    pub readiness_old: Option<f64>,
    /// Overall readiness after, when scored.
    pub readiness_new: Option<f64>,
    /// Items that became a gap.
    pub gaps_opened: usize,
    /// Gaps that are no longer gaps.
    pub gaps_closed: usize,
    /// Things that got worse: regressed or withdrawn nodes and answers, lower readiness,
    /// new nonconformities, overdue findings and repeat-nonconformity risks.
    pub regressions: usize,
    /// Nodes and answers that got better, plus findings closed.
    pub improvements: usize,
}

/// Which way something moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Worse than before.
    Regressed,
    /// Was there, is gone (an answer withdrawn, a control dropped).
    Removed,
    /// Better than before.
    Improved,
    /// New.
    Added,
    /// Different, neither better nor worse.
    Changed,
}

impl Direction {
    /// Whether this counts as getting worse.
    pub fn is_worse(self) -> bool {
        matches!(self, Direction::Regressed | Direction::Removed)
    }
}

/// A clause, sub-clause or control whose status or score changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeChange {
    /// Section id.
    pub id: String,
    /// Clause or control reference.
    pub reference: Option<String>,
    /// Title (the new one, or the old one if removed).
    pub title: String,
    /// Id of the heatmap row holding it; none for a row itself.
    pub parent: Option<String>,
    /// Status before (none when added).
    pub old_status: Option<NodeStatus>,
    /// Status after (none when removed).
    pub new_status: Option<NodeStatus>,
    /// Readiness before (0–1, unanswered questions count as 0, as in the headline).
    pub old_score: Option<f64>,
    /// Readiness after.
    pub new_score: Option<f64>,
    /// Which way it moved.
    pub direction: Direction,
}

/// A field of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerField {
    /// The answer itself.
    Value,
    /// Out-of-scope justification.
    Justification,
    /// Notes.
    Note,
    /// Evidence references.
    Evidence,
    /// Self-attested or evidence-backed.
    Attestation,
    /// Follow-up owner.
    Owner,
    /// Follow-up due date.
    Due,
    /// Flagged for follow-up.
    Flagged,
}

/// One field before and after (none where absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// Which field.
    pub field: AnswerField,
    /// Before, as text.
    pub old: Option<String>,
    /// After, as text.
    pub new: Option<String>,
}

/// An AI system impact assessment whose exposure or quality moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AiiaChange {
    /// Questionnaire id.
    pub questionnaire: String,
    /// AI system subject id.
    pub subject: String,
    /// Regressed: residual risk rose or quality fell; improved: the reverse, nothing worse.
    pub direction: Direction,
    /// Highest residual likelihood × severity before.
    pub residual_old: Option<i64>,
    /// Highest residual likelihood × severity after.
    pub residual_new: Option<i64>,
    /// Overall level before.
    pub level_old: Option<String>,
    /// Overall level after.
    pub level_new: Option<String>,
    /// What moved, worse first.
    pub reasons: Vec<String>,
}

/// One question whose answer changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerChange {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Subject id (none for the gap assessment).
    pub subject: Option<String>,
    /// `section/entry` for answers inside a repeatable section.
    pub entry: Option<String>,
    /// Question id.
    pub question: String,
    /// Which way it moved.
    pub direction: Direction,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// An assessment (questionnaire × subject).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRef {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Subject id.
    pub subject: Option<String>,
    /// Subject name, when known.
    pub subject_name: Option<String>,
    /// Number of answers.
    pub answers: usize,
}

/// Assessments that appeared or disappeared.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentChanges {
    /// Only in the new snapshot.
    pub added: Vec<AssessmentRef>,
    /// Only in the old snapshot.
    pub removed: Vec<AssessmentRef>,
}

/// A subject, briefly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectRef {
    /// Id.
    pub id: String,
    /// AI system or vendor.
    pub kind: SubjectKind,
    /// Name.
    pub name: String,
}

/// A subject whose name changed (same id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renamed {
    /// Id.
    pub id: String,
    /// Name before.
    pub old_name: String,
    /// Name after.
    pub new_name: String,
}

/// Subject inventory changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubjectChanges {
    /// New subjects.
    pub added: Vec<SubjectRef>,
    /// Subjects gone from the inventory.
    pub removed: Vec<SubjectRef>,
    /// Same id, new name.
    pub renamed: Vec<Renamed>,
    /// Marked retired since.
    pub retired: Vec<SubjectRef>,
}

/// A finding, briefly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingRef {
    /// Finding id.
    pub id: String,
    /// Grade.
    pub grade: FindingGrade,
    /// Clause or control.
    pub reference: String,
    /// Audit that raised it.
    pub audit: String,
    /// Status in the new snapshot (or the old one, if gone).
    pub status: FindingStatus,
    /// Corrective action due date.
    pub due: Option<Date>,
}

/// A closed finding whose clause or control has regressed since: a likely repeat
/// nonconformity, which auditors escalate (minor → major).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepeatRisk {
    /// The closed finding.
    pub finding: FindingRef,
    /// What regressed under its reference: a node id, or `questionnaire:question`.
    pub regressed: Vec<String>,
}

/// A finding whose grade changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regraded {
    /// Finding id.
    pub id: String,
    /// Grade before.
    pub old: FindingGrade,
    /// Grade after.
    pub new: FindingGrade,
}

/// The findings register, compared.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingChanges {
    /// Only in the new snapshot.
    pub raised: Vec<FindingRef>,
    /// Closed since (or closed when first recorded in the new one).
    pub closed: Vec<FindingRef>,
    /// Open in both.
    pub still_open: Vec<FindingRef>,
    /// Not closed and past the corrective action's due date at the new snapshot's date.
    pub overdue: Vec<FindingRef>,
    /// Gone from the register without being closed.
    pub dropped: Vec<FindingRef>,
    /// Grade changed.
    pub regraded: Vec<Regraded>,
    /// Closed findings whose clause has regressed since.
    pub repeat_risk: Vec<RepeatRisk>,
}

/// How one questionnaire changed between the snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireChange {
    /// Questionnaire id.
    pub id: String,
    /// Version before (none when newly used).
    pub old_version: Option<String>,
    /// Version after (none when no longer used).
    pub new_version: Option<String>,
    /// Whether the content hashes differ (false when either is unknown).
    pub content_changed: bool,
    /// Whether both versions were at hand, so the question lists below are complete.
    pub compared_questions: bool,
    /// Question ids added.
    pub added: Vec<String>,
    /// Question ids removed.
    pub removed: Vec<String>,
    /// Question ids whose prompt changed.
    pub reworded: Vec<String>,
}
