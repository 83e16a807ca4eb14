//! Questionnaire files: an ordered tree of sections holding typed questions.
//!
//! Everything a questionnaire says lives in data (`questionnaires/*.json`); the code knows no
//! clause, question or vendor by name. Field order here is the order in which files are
//! written, so a re-save is stable and reads well in a git diff.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::rules::ScoringRules;
use super::subject::SubjectKind;

/// Which of the three assessment kinds a questionnaire belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// ISO/IEC 42001 gap assessment: answered once per organization.
    Gap,
    /// AI system impact assessment: answered once per AI system.
    Aiia,
    /// Third-party AI vendor due diligence: answered once per vendor.
    Vendor,
}

impl Kind {
    /// All kinds, in display order.
    pub const ALL: [Kind; 3] = [Kind::Gap, Kind::Aiia, Kind::Vendor];

    /// The lowercase name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Gap => "gap",
            Kind::Aiia => "aiia",
            Kind::Vendor => "vendor",
        }
    }

    /// The kind of subject this kind is answered for (the inverse of
    /// [`SubjectKind::assessed_by`]); `None` for the gap assessment, answered once per
    /// organization.
    pub fn subject_kind(self) -> Option<SubjectKind> {
        match self {
            Kind::Gap => None,
            Kind::Aiia => Some(SubjectKind::AiSystem),
            Kind::Vendor => Some(SubjectKind::Vendor),
        }
    }

    /// Whether this kind is answered once per subject (AI system or vendor).
    pub fn per_subject(self) -> bool {
        !matches!(self, Kind::Gap)
    }
}

/// A whole questionnaire file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Stable identifier, lowercase letters, digits, `-`, `_` and `.`.
    #[schemars(extend("pattern" = r"^[a-z0-9]([a-z0-9._-]{0,118}[a-z0-9])?$"))]
    pub id: String,
    /// Semantic version of the questionnaire content (`MAJOR.MINOR.PATCH`).
    #[schemars(extend("pattern" = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"))]
    pub version: String,
    /// Human title.
    pub title: String,
    /// Assessment kind.
    pub kind: Kind,
    /// What the questionnaire is for and how to answer it.
    pub description: String,
    /// Named rating scales (e.g. `likelihood`, `severity`) used by `likelihood_severity`
    /// answers and referenced by id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scales: BTreeMap<String, Scale>,
    /// Kind-specific scoring rules (risk levels, specificity, tiers, knock-outs).
    #[serde(default, skip_serializing_if = "ScoringRules::is_empty")]
    pub scoring: ScoringRules,
    /// Top-level sections, in order.
    pub sections: Vec<Section>,
}

/// A node of the section tree: a clause, sub-clause, control or group of questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Stable identifier, unique in the file.
    pub id: String,
    /// The standard's identifier (e.g. `6.1.2`, `A.6.2.4`), when the section is one.
    #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Short title.
    pub title: String,
    /// Optional guidance shown above the section's questions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Who answers the section's questions (vendor or assessor); unset: as the enclosing
    /// section says, at the top both (a fill-in file takes every such question).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// Whether answers here count towards the score (false for e.g. a vendor's
    /// engagement profile, which feeds inherent risk instead).
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub scored: bool,
    /// Whether questions here may be answered "Out of scope" (ISO/IEC 42001 lets an
    /// organization exclude Annex A controls, never requirement clauses 4–10). Unset:
    /// inherited from the enclosing section; allowed at the top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excludable: Option<bool>,
    /// When set, the section is answered once per entry (e.g. one entry per impact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeatable: Option<Repeatable>,
    /// When false, the whole section is not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<Condition>,
    /// Questions of this section, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Child sections, in order, after the questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

/// Who answers a section or a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The third party (a vendor) answers it: it goes into the fill-in file.
    Vendor,
    /// Our own assessor answers it (how we will use the vendor, our own testing): it is
    /// never exported.
    Assessor,
}

/// Entry limits of a repeatable section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Repeatable {
    /// What one entry is called (e.g. `impact`).
    pub entry_label: String,
    /// Fewest entries for the assessment to be complete.
    #[serde(default)]
    pub min: u32,
    /// Most entries allowed; none means unlimited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable identifier, unique in the file.
    pub id: String,
    /// The question as the assessor reads it.
    pub prompt: String,
    /// What an auditor looks for, and typical weak answers. Assessor guidance: never put
    /// into a file sent to a vendor.
    pub help: String,
    /// Help for the person answering outside the organization (a vendor): what to give
    /// and how. The only help a fill-in file carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_help: Option<String>,
    /// The question as the vendor reads it in a fill-in file ("Do you …" rather than "Does
    /// the vendor …"); unset: the `prompt`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor_prompt: Option<String>,
    /// Who answers the question; unset: as its section says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<Audience>,
    /// Examples of evidence that would support the answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence_examples: Vec<String>,
    /// Relative weight in roll-ups (core 3, supporting 2, good practice 1).
    #[serde(default = "default_weight")]
    #[schemars(range(min = 0.0))]
    pub weight: f64,
    /// Tags, e.g. Annex C objectives such as `fairness` or `transparency`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// When false, the question is skipped and shown as not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies_when: Option<Condition>,
    /// Id of the question that asks the same practice (a linked question): this one is not
    /// asked, its answer is that question's, and it counts towards its own section (heatmap
    /// cell, Statement of Applicability) but not a second time towards the overall score or
    /// the remediation plan. The target must be an asked question of the same file with the
    /// same answer type and `applies_when`, outside repeatable sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_as: Option<String>,
    /// Crosswalk references to other frameworks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mappings: Vec<Mapping>,
    /// Whether the questionnaire is incomplete without an answer.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Whether a positive answer needs at least one evidence reference to count fully.
    #[serde(default, skip_serializing_if = "is_false")]
    pub evidence_required: bool,
    /// Whether this question may be answered "Out of scope"; unset: as its section says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excludable: Option<bool>,
    /// What the question stands for in scoring (AIIA risk ratings, sign-off, review date),
    /// when that cannot be told from the answer type alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<QuestionRole>,
    /// The inventory field this answer records about the AI system (AIIA): the answer and
    /// the inventory must agree, or the AIIA gets a consistency warning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inventory_field: Option<InventoryField>,
    /// The answer type and its options.
    pub answer: AnswerSpec,
}

/// The part a question plays in AIIA scoring. Optional: without roles, scoring falls back
/// to question ids (see `docs/scoring.md`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum QuestionRole {
    /// Likelihood × severity before controls (a `likelihood_severity` question).
    InherentRisk,
    /// Likelihood × severity after controls (a `likelihood_severity` question).
    ResidualRisk,
    /// Short name of an impact entry, shown in reports.
    ImpactLabel,
    /// Name of the person signing the assessment off.
    SignoffName,
    /// Role of the person signing off.
    SignoffRole,
    /// Date of the sign-off (a `date` question).
    SignoffDate,
    /// Date of the next review (a `date` question).
    ReviewDate,
    /// Why an impact's remaining harm is acceptable (a `text` question in the impact
    /// register); an impact without one is not accepted.
    AcceptanceRationale,
}

/// A field of an AI system's inventory record that an AIIA question also records.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum InventoryField {
    /// The organization's role (a choice with the values of `AiRole`).
    Role,
    /// The life-cycle stage (a choice with the values of `LifecycleStage`).
    LifecycleStage,
    /// The EU AI Act risk class (a choice with the values of `EuAiActClass`).
    EuAiActClass,
    /// Whether the system processes personal data (a yes/no question).
    PersonalData,
    /// The model and its version (a text answer that names the inventory's model).
    Model,
}

impl InventoryField {
    /// The field's name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            InventoryField::Role => "role",
            InventoryField::LifecycleStage => "lifecycle_stage",
            InventoryField::EuAiActClass => "eu_ai_act_class",
            InventoryField::PersonalData => "personal_data",
            InventoryField::Model => "model",
        }
    }
}

/// A crosswalk reference to another framework.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Framework id: one of [`crate::model::FRAMEWORKS`].
    pub framework: String,
    /// The framework's own identifier, e.g. `GOVERN 1.1`, `Art. 9`, `A.5.19`.
    #[serde(rename = "ref")]
    pub reference: String,
}

/// The answer type of a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerSpec {
    /// Met / Partial / Gap / Out of scope (out of scope needs a justification).
    Status,
    /// Yes / No / Unknown, with the score each carries.
    YesNo {
        /// Score of each answer (`yes`, `no`, `unknown`); defaults yes 1, no 0, unknown 0.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scores: Option<YesNoScores>,
    },
    /// One option out of several.
    Choice {
        /// The options, each with its own score.
        options: Vec<ChoiceOption>,
    },
    /// Any number of options; the score is the best selected option's score unless
    /// `sum` is set, in which case scores add up (capped at 1).
    MultiChoice {
        /// The options, each with its own score.
        options: Vec<ChoiceOption>,
        /// Add selected scores (capped at 1) instead of taking the best.
        #[serde(default, skip_serializing_if = "is_false")]
        sum: bool,
    },
    /// A rating on labelled levels (e.g. maturity 0–5).
    Scale {
        /// The levels, lowest first.
        levels: Vec<ScaleLevel>,
    },
    /// Likelihood and severity on two named scales of the questionnaire.
    LikelihoodSeverity {
        /// Id of the likelihood scale in `scales`.
        likelihood: String,
        /// Id of the severity scale in `scales`.
        severity: String,
    },
    /// Free text.
    Text {
        /// Fewest characters a complete answer has.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u32>,
        /// Whether the editor offers several lines.
        #[serde(default, skip_serializing_if = "is_false")]
        multiline: bool,
        /// Id of a specificity rule set in `scoring.specificity` checked on this answer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        specificity: Option<String>,
    },
    /// A calendar date (`YYYY-MM-DD`).
    Date,
    /// A number, optionally bounded.
    Number {
        /// Smallest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<f64>,
        /// Largest allowed value.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<f64>,
        /// Unit shown after the value (e.g. `hours`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
}

impl AnswerSpec {
    /// The `type` name as written in files.
    pub fn type_name(&self) -> &'static str {
        match self {
            AnswerSpec::Status => "status",
            AnswerSpec::YesNo { .. } => "yes_no",
            AnswerSpec::Choice { .. } => "choice",
            AnswerSpec::MultiChoice { .. } => "multi_choice",
            AnswerSpec::Scale { .. } => "scale",
            AnswerSpec::LikelihoodSeverity { .. } => "likelihood_severity",
            AnswerSpec::Text { .. } => "text",
            AnswerSpec::Date => "date",
            AnswerSpec::Number { .. } => "number",
        }
    }
}

/// Scores of a yes/no/unknown answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YesNoScores {
    /// Score of `yes`.
    pub yes: f64,
    /// Score of `no`.
    pub no: f64,
    /// Score of `unknown`.
    #[serde(default)]
    pub unknown: f64,
}

impl Default for YesNoScores {
    fn default() -> Self {
        YesNoScores {
            yes: 1.0,
            no: 0.0,
            unknown: 0.0,
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// Stable value stored in answers.
    pub value: String,
    /// Label shown to the assessor.
    pub label: String,
    /// Score between 0 (worst) and 1 (best). Required: every option is scored.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub score: Option<f64>,
    /// Optional one-line explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Multi choice: this option ("None") cannot be picked together with any other.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive: bool,
}

/// One level of a scale question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    /// The number stored in answers.
    pub value: i64,
    /// Short label (e.g. `Managed`).
    pub label: String,
    /// One-line anchor describing the level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Score between 0 and 1. Required: every level is scored.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub score: Option<f64>,
}

/// A named rating scale, e.g. likelihood 1–5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Human title of the scale.
    pub title: String,
    /// The levels, lowest first; values are consecutive integers.
    pub levels: Vec<ScaleLevelAnchor>,
}

/// One level of a named scale, with its anchor description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevelAnchor {
    /// The number stored in answers.
    pub value: i64,
    /// Short label (e.g. `Likely`).
    pub label: String,
    /// One-line anchor, e.g. "expected several times a year".
    pub description: String,
}

fn default_true() -> bool {
    true
}
fn default_weight() -> f64 {
    1.0
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_false(b: &bool) -> bool {
    !*b
}

impl Questionnaire {
    /// Visits every section depth-first, in file order, with its ancestors' ids.
    pub fn walk_sections<'a>(&'a self, f: &mut dyn FnMut(&'a Section, &[&'a Section])) {
        fn go<'a>(
            s: &'a Section,
            path: &mut Vec<&'a Section>,
            f: &mut dyn FnMut(&'a Section, &[&'a Section]),
        ) {
            f(s, path);
            path.push(s);
            for c in &s.sections {
                go(c, path, f);
            }
            path.pop();
        }
        let mut path = Vec::new();
        for s in &self.sections {
            go(s, &mut path, f);
        }
    }

    /// Every question in file order with the section that holds it.
    pub fn questions(&self) -> Vec<(&Section, &Question)> {
        let mut out = Vec::new();
        self.walk_sections(&mut |s, _| out.extend(s.questions.iter().map(|q| (s, q))));
        out
    }

    /// Ids of the questions that may not be answered "Out of scope": the question's own
    /// `excludable`, else the nearest enclosing section's, else allowed.
    pub fn not_excludable(&self) -> std::collections::HashSet<&str> {
        let mut out = std::collections::HashSet::new();
        self.walk_sections(&mut |s, path| {
            let inherited = std::iter::once(s)
                .chain(path.iter().rev().copied())
                .find_map(|x| x.excludable)
                .unwrap_or(true);
            for q in &s.questions {
                if !q.excludable.unwrap_or(inherited) {
                    out.insert(q.id.as_str());
                }
            }
        });
        out
    }

    /// Ids of the questions only our own assessor answers: the question's own `audience`,
    /// else the nearest enclosing section's, is `assessor`. A file sent to a vendor leaves
    /// them out.
    pub fn assessor_only(&self) -> std::collections::HashSet<&str> {
        let mut out = std::collections::HashSet::new();
        self.walk_sections(&mut |s, path| {
            let inherited = std::iter::once(s)
                .chain(path.iter().rev().copied())
                .find_map(|x| x.audience);
            for q in &s.questions {
                if q.audience.or(inherited) == Some(Audience::Assessor) {
                    out.insert(q.id.as_str());
                }
            }
        });
        out
    }

    /// Number of sections, at every depth.
    pub fn section_count(&self) -> usize {
        let mut n = 0;
        self.walk_sections(&mut |_, _| n += 1);
        n
    }

    /// Number of questions, at every depth.
    pub fn question_count(&self) -> usize {
        let mut n = 0;
        self.walk_sections(&mut |s, _| n += s.questions.len());
        n
    }

    /// Finds a question by id, walking the tree: for one lookup. Many lookups go through a
    /// [`QuestionnaireIndex`](super::QuestionnaireIndex) built once.
    pub fn question(&self, id: &str) -> Option<&Question> {
        let mut found = None;
        self.walk_sections(&mut |s, _| {
            if found.is_none() {
                found = s.questions.iter().find(|q| q.id == id);
            }
        });
        found
    }

    /// Every linked question with the question it is linked to (its `same_as`), in file
    /// order.
    pub fn links(&self) -> Vec<(&Question, &str)> {
        let mut out = Vec::new();
        self.walk_sections(&mut |s, _| {
            let linked = s.questions.iter();
            out.extend(linked.filter_map(|q| q.same_as.as_deref().map(|to| (q, to))));
        });
        out
    }

    /// Finds a section by id, walking the tree: for one lookup (see [`Self::question`]).
    pub fn section(&self, id: &str) -> Option<&Section> {
        let mut found = None;
        self.walk_sections(&mut |s, _| {
            if found.is_none() && s.id == id {
                found = Some(s);
            }
        });
        found
    }
}
