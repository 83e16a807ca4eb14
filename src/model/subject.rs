//! Subjects: the AI systems and vendors that AIIAs and due-diligence reviews are about.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a subject is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// An AI system in the inventory (assessed by an AIIA).
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

/// An AI system or a vendor in the workspace inventory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
}

impl Subject {
    /// The subject's value for a condition field (`role`, `lifecycle_stage`, `kind`): none
    /// for an unknown or unset field.
    pub fn field(&self, name: &str) -> Option<&'static str> {
        match name {
            "role" => self.role.map(|r| r.as_str()),
            "lifecycle_stage" => self.lifecycle_stage.map(|s| s.as_str()),
            "kind" => Some(self.kind.as_str()),
            _ => None,
        }
    }
}
