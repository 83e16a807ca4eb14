//! Profiles: how an assessment is tailored to an organization's industry and AI role.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::subject::AiRole;

/// The Annex C organizational objectives a profile weighs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Accountability.
    Accountability,
    /// AI expertise.
    AiExpertise,
    /// Availability and quality of training and test data.
    DataQuality,
    /// Environmental impact.
    EnvironmentalImpact,
    /// Fairness.
    Fairness,
    /// Maintainability.
    Maintainability,
    /// Privacy.
    Privacy,
    /// Robustness.
    Robustness,
    /// Safety.
    Safety,
    /// Security.
    Security,
    /// Transparency and explainability.
    Transparency,
}

impl Objective {
    /// Every objective, in Annex C order.
    pub const ALL: [Objective; 11] = [
        Objective::Accountability,
        Objective::AiExpertise,
        Objective::DataQuality,
        Objective::EnvironmentalImpact,
        Objective::Fairness,
        Objective::Maintainability,
        Objective::Privacy,
        Objective::Robustness,
        Objective::Safety,
        Objective::Security,
        Objective::Transparency,
    ];

    /// The tag name used in questionnaires (`data_quality`, `fairness`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Objective::Accountability => "accountability",
            Objective::AiExpertise => "ai_expertise",
            Objective::DataQuality => "data_quality",
            Objective::EnvironmentalImpact => "environmental_impact",
            Objective::Fairness => "fairness",
            Objective::Maintainability => "maintainability",
            Objective::Privacy => "privacy",
            Objective::Robustness => "robustness",
            Objective::Safety => "safety",
            Objective::Security => "security",
            Objective::Transparency => "transparency",
        }
    }

    /// Parses a tag name.
    pub fn from_tag(tag: &str) -> Option<Objective> {
        Objective::ALL.into_iter().find(|o| o.as_str() == tag)
    }
}

/// A regulation or supervisory text a profile brings into view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Regulation {
    /// Short stable id, e.g. `hipaa`.
    pub id: String,
    /// Name, e.g. "HIPAA Privacy and Security Rules".
    pub name: String,
    /// Why it matters for AI in this industry.
    pub why: String,
}

/// A profile file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Stable identifier.
    #[schemars(extend("pattern" = r"^[a-z0-9]([a-z0-9._-]{0,118}[a-z0-9])?$"))]
    pub id: String,
    /// Human title.
    pub title: String,
    /// Industry name, also testable by `applies_when` (`profile: industry`).
    pub industry: String,
    /// What the profile is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The AI role the organization typically plays.
    pub ai_role: AiRole,
    /// Weight of each Annex C objective (1 = neutral); missing objectives weigh 1.
    #[serde(default)]
    pub objective_weights: BTreeMap<Objective, f64>,
    /// Extra weights for other question tags (raise > 1, lower < 1).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tag_weights: BTreeMap<String, f64>,
    /// Default months between AIIA reviews.
    #[schemars(range(min = 1))]
    pub review_months: u32,
    /// Regulations this profile brings into view.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regulations: Vec<Regulation>,
}

impl Profile {
    /// The profile's value for a condition field (`ai_role`, `industry`): none for an
    /// unknown field.
    pub fn field(&self, name: &str) -> Option<&str> {
        match name {
            "ai_role" => Some(self.ai_role.as_str()),
            "industry" => Some(&self.industry),
            _ => None,
        }
    }

    /// The weight of one tag: an objective's weight, else the tag weight, else 1.
    pub fn tag_weight(&self, tag: &str) -> f64 {
        Objective::from_tag(tag)
            .and_then(|o| self.objective_weights.get(&o).copied())
            .or_else(|| self.tag_weights.get(tag).copied())
            .unwrap_or(1.0)
    }
}
