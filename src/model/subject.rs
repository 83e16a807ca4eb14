//! Subjects: the AI systems and vendors that AIIAs and due-diligence reviews are about.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::questionnaire::Kind;

/// What a subject is.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// An AI system in the inventory (assessed by an AIIA).
    #[default]
    AiSystem,
    /// A third-party AI vendor (assessed by due diligence).
    Vendor,
}

impl SubjectKind {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::AiSystem => "ai_system",
            SubjectKind::Vendor => "vendor",
        }
    }

    /// The questionnaire kind that assesses a subject of this kind (the inverse of
    /// [`Kind::subject_kind`]).
    pub fn assessed_by(self) -> Kind {
        match self {
            SubjectKind::AiSystem => Kind::Aiia,
            SubjectKind::Vendor => Kind::Vendor,
        }
    }
}

/// The role an organization plays for an AI system (ISO/IEC 42001 and ISO/IEC 22989 terms).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum AiRole {
    /// Develops or makes the AI system available.
    Provider,
    /// Uses the AI system under its own authority.
    Deployer,
    /// Both provider and deployer.
    Both,
    /// Supplies a model, data or component that others build into AI systems.
    ComponentSupplier,
}

impl AiRole {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            AiRole::Provider => "provider",
            AiRole::Deployer => "deployer",
            AiRole::Both => "both",
            AiRole::ComponentSupplier => "component_supplier",
        }
    }
}

/// Life-cycle stage of an AI system.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleStage {
    /// Idea and requirements.
    Design,
    /// Being built or trained.
    Development,
    /// Being verified and validated.
    Validation,
    /// In production.
    Operation,
    /// Being withdrawn or withdrawn.
    Retired,
}

impl LifecycleStage {
    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            LifecycleStage::Design => "design",
            LifecycleStage::Development => "development",
            LifecycleStage::Validation => "validation",
            LifecycleStage::Operation => "operation",
            LifecycleStage::Retired => "retired",
        }
    }
}

/// Where an AI system falls under the EU AI Act (Regulation (EU) 2024/1689). The values are
/// those of the AIIA's regulatory classification question.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum EuAiActClass {
    /// A prohibited practice (Art. 5).
    Prohibited,
    /// High-risk by its use (Art. 6(2), Annex III).
    HighRiskAnnexIii,
    /// High-risk as a product or safety component under Annex I legislation (Art. 6(1)).
    HighRiskAnnexI,
    /// Only the transparency duties of Art. 50 apply.
    LimitedArt50,
    /// Minimal risk: no specific duties.
    Minimal,
    /// Outside the Act's scope (e.g. not placed on the EU market, or excluded by Art. 2).
    NotInScope,
    /// Not classified yet.
    NotClassified,
}

impl EuAiActClass {
    /// Every class, in the order above.
    pub const ALL: [EuAiActClass; 7] = [
        EuAiActClass::Prohibited,
        EuAiActClass::HighRiskAnnexIii,
        EuAiActClass::HighRiskAnnexI,
        EuAiActClass::LimitedArt50,
        EuAiActClass::Minimal,
        EuAiActClass::NotInScope,
        EuAiActClass::NotClassified,
    ];

    /// The lowercase name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            EuAiActClass::Prohibited => "prohibited",
            EuAiActClass::HighRiskAnnexIii => "high_risk_annex_iii",
            EuAiActClass::HighRiskAnnexI => "high_risk_annex_i",
            EuAiActClass::LimitedArt50 => "limited_art50",
            EuAiActClass::Minimal => "minimal",
            EuAiActClass::NotInScope => "not_in_scope",
            EuAiActClass::NotClassified => "not_classified",
        }
    }

    /// A short label for lists and reports.
    pub fn label(self) -> &'static str {
        match self {
            EuAiActClass::Prohibited => "prohibited",
            EuAiActClass::HighRiskAnnexIii => "high-risk (Annex III)",
            EuAiActClass::HighRiskAnnexI => "high-risk (Annex I)",
            EuAiActClass::LimitedArt50 => "limited (Art. 50)",
            EuAiActClass::Minimal => "minimal",
            EuAiActClass::NotInScope => "out of scope",
            EuAiActClass::NotClassified => "not classified",
        }
    }
}

/// An AI system or a vendor in the workspace inventory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subject {
    /// Stable id (kept when the subject is renamed).
    pub id: String,
    /// AI system or vendor.
    pub kind: SubjectKind,
    /// Display name.
    pub name: String,
    /// Accountable owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The organization's role for this system (AI systems only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<AiRole>,
    /// Life-cycle stage (AI systems only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifecycle_stage: Option<LifecycleStage>,
    /// The vendor subject behind an AI system, if it is bought in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Short description.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Retired subjects stay in history but are no longer assessed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retired: bool,
    /// EU AI Act risk class (AI systems only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eu_ai_act_class: Option<EuAiActClass>,
    /// Whether the system processes personal data (AI systems only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data: Option<bool>,
    /// The model behind the system, e.g. a product or model family name (AI systems only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The version of the model in use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_version: Option<String>,
    /// The date of the last signed-off AI system impact assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub last_aiia: Option<Date>,
    /// Who owns the system's impact assessment (prepares it and keeps it current).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aiia_owner: Option<String>,
}

impl Subject {
    /// The subject's value for a condition field (`role`, `lifecycle_stage`, `kind`,
    /// `eu_ai_act_class`, `personal_data` as `yes`/`no`): none
    /// for an unknown or unset field.
    pub fn field(&self, name: &str) -> Option<&'static str> {
        match name {
            "role" => self.role.map(|r| r.as_str()),
            "lifecycle_stage" => self.lifecycle_stage.map(|s| s.as_str()),
            "kind" => Some(self.kind.as_str()),
            "eu_ai_act_class" => self.eu_ai_act_class.map(|c| c.as_str()),
            "personal_data" => self.personal_data.map(|p| if p { "yes" } else { "no" }),
            _ => None,
        }
    }
}
