//! Snapshots: one organization's whole state at one point in time.

use jiff::Timestamp;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::answer::Assessment;
use super::subject::Subject;

/// The `format` field every snapshot carries.
pub const SNAPSHOT_FORMAT: &str = "clausewise-snapshot";
/// The snapshot version this build writes.
pub const SNAPSHOT_VERSION: u32 = 1;

/// A saved snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// Always [`SNAPSHOT_FORMAT`].
    pub format: String,
    /// Format version; older ones are migrated on load.
    pub version: u32,
    /// Who, when, which cycle.
    pub meta: SnapshotMeta,
    /// Each questionnaire used, with its version and content hash.
    #[serde(default)]
    pub questionnaires: Vec<QuestionnaireStamp>,
    /// AI systems and vendors.
    #[serde(default)]
    pub subjects: Vec<Subject>,
    /// All answers, one assessment per questionnaire and subject.
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    /// The audit findings register.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// The version of the scoring rules ([`crate::scoring::RULES_VERSION`]) that computed
    /// `scorecard`; absent in snapshots sealed before it was recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scoring_rules: Option<u32>,
    /// The computed scorecard, so the snapshot reads without the questionnaires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<crate::model::score::Scorecard>,
    /// Digest of the previous snapshot of the same organization (a chain).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// SHA-256 of the canonical content (`sha256:` + hex), computed without this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

/// Snapshot metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SnapshotMeta {
    /// Organization name.
    pub organization: String,
    /// Who made the assessment.
    pub assessor: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub created_at: Timestamp,
    /// Audit cycle: `stage-1`, `stage-2`, `surveillance-1`, `surveillance-2`,
    /// `recertification`, or free text.
    pub cycle: String,
    /// Free label, e.g. "FY26 Stage 2".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// Profile id used for scoring.
    pub profile: String,
}

/// A questionnaire's identity inside a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireStamp {
    /// Questionnaire id.
    pub id: String,
    /// Questionnaire version.
    pub version: String,
    /// SHA-256 of the questionnaire's canonical JSON (`sha256:` + hex).
    pub sha256: String,
}

/// Grade of an audit finding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingGrade {
    /// Major nonconformity: blocks certification until closed.
    Major,
    /// Minor nonconformity.
    Minor,
    /// Observation.
    Observation,
    /// Opportunity for improvement.
    Opportunity,
}

impl FindingGrade {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingGrade::Major => "major",
            FindingGrade::Minor => "minor",
            FindingGrade::Observation => "observation",
            FindingGrade::Opportunity => "opportunity",
        }
    }
}

/// Status of a finding or its corrective action.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingStatus {
    /// Raised, nothing done yet.
    Open,
    /// Corrective action under way.
    InProgress,
    /// Closed, effectiveness verified.
    Closed,
}

impl FindingStatus {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingStatus::Open => "open",
            FindingStatus::InProgress => "in_progress",
            FindingStatus::Closed => "closed",
        }
    }
}

/// The corrective action for a finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectiveAction {
    /// Root cause found.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub root_cause: String,
    /// What is being done.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub action: String,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub due: Option<Date>,
    /// Its status.
    pub status: FindingStatus,
    /// Evidence that the action worked.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub effectiveness_evidence: String,
}

/// An audit finding raised by the certification body or the internal audit (9.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Stable id, e.g. `F-2025-03`.
    pub id: String,
    /// Grade.
    pub grade: FindingGrade,
    /// Clause or control, e.g. `6.1.4` or `A.10.3`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// Which audit raised it, e.g. `stage-2` or `internal-2025`.
    pub audit: String,
    /// What was found.
    pub description: String,
    /// When it was raised.
    #[schemars(with = "String", extend("format" = "date"))]
    pub raised: Date,
    /// Overall status.
    pub status: FindingStatus,
    /// The corrective action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrective_action: Option<CorrectiveAction>,
}
