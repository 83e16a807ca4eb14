//! Plain data types (serde) for questionnaires, profiles, answers, subjects and snapshots,
//! with the scores a snapshot stores ([`score`]) and the exclusion rules answers obey.
//! No I/O and no terminal here.

pub mod answer;
pub mod answer_check;
pub mod condition;
pub mod exclusion;
pub mod fxhash;
pub mod index;
pub mod profile;
pub mod questionnaire;
pub mod rules;
pub mod score;
pub mod snapshot;
pub mod subject;
pub mod workspace_state;

pub use answer::{Answer, Assessment, Attestation, Entry, Evidence, Rating, Status, Value, YesNo};
pub use condition::{Condition, ConditionForm, Target};
pub use index::QuestionnaireIndex;
pub use profile::{Objective, Profile, Regulation};
pub use questionnaire::{
    AnswerSpec, Audience, ChoiceOption, InventoryField, Kind, Mapping, Question, QuestionRole,
    Questionnaire, Repeatable, Scale, ScaleLevel, ScaleLevelAnchor, Section, YesNoScores,
};
pub use rules::{JustificationRule, ReadinessBand, ScoringRules};
pub use snapshot::{
    CorrectiveAction, Finding, FindingGrade, FindingStatus, QuestionnaireStamp, Snapshot,
    SnapshotMeta,
};
pub use subject::{AiRole, EuAiActClass, LifecycleStage, Subject, SubjectKind};
pub use workspace_state::{AnswerTarget, Change, WorkspaceState};

/// Crosswalk frameworks a mapping may name, with a short description.
pub const FRAMEWORKS: [(&str, &str); 7] = [
    ("nist-ai-rmf", "NIST AI RMF 1.0 (e.g. GOVERN 1.1, MAP 5.1)"),
    (
        "eu-ai-act",
        "Regulation (EU) 2024/1689 articles (e.g. Art. 9, Annex IV)",
    ),
    (
        "iso27001",
        "ISO/IEC 27001:2022 clauses and Annex A controls (e.g. 6.1.2, A.5.19)",
    ),
    (
        "soc2",
        "AICPA Trust Services Criteria 2017 (e.g. CC3.2, P1.1)",
    ),
    (
        "nist-csf",
        "NIST CSF 2.0 categories and subcategories (e.g. GV.SC, PR.AT-02)",
    ),
    ("hitrust", "HITRUST CSF v11 control references (e.g. 05.k)"),
    (
        "iso42001",
        "ISO/IEC 42001:2023 clauses and Annex A controls (e.g. 6.1.2, A.6.2.8)",
    ),
];
