//! `applies_when` conditions: when a section or question applies.
//!
//! Written by hand in files, so the shape is a small record rather than a tagged enum:
//! exactly one of the forms below is used per condition.
//!
//! ```json
//! { "profile": "ai_role", "in": ["provider", "both"] }
//! { "subject": "role", "in": ["provider"] }
//! { "question": "aiia.data.personal", "in": ["yes"] }
//! { "all": [ { … }, { … } ] }
//! { "any": [ { … }, { … } ] }
//! { "not": { … } }
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A condition on profile fields, subject fields or earlier answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// A profile field: `ai_role` or `industry`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// A subject field: `role`, `lifecycle_stage` or `kind`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The id of an earlier question in the same questionnaire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The values that make a `profile`, `subject` or `question` condition true.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub one_of: Option<Vec<String>>,
    /// True when every condition is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<Condition>>,
    /// True when at least one condition is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<Condition>>,
    /// True when the inner condition is false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not: Option<Box<Condition>>,
}

/// Profile fields a condition may test.
pub const PROFILE_FIELDS: [&str; 2] = ["ai_role", "industry"];
/// Subject fields a condition may test.
pub const SUBJECT_FIELDS: [&str; 5] = [
    "role",
    "lifecycle_stage",
    "kind",
    "eu_ai_act_class",
    "personal_data",
];

/// The validated shape of a [`Condition`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConditionForm<'a> {
    /// `{ "profile": field, "in": values }`
    Profile(&'a str, &'a [String]),
    /// `{ "subject": field, "in": values }`
    Subject(&'a str, &'a [String]),
    /// `{ "question": id, "in": values }`
    Question(&'a str, &'a [String]),
    /// `{ "all": [...] }`
    All(&'a [Condition]),
    /// `{ "any": [...] }`
    Any(&'a [Condition]),
    /// `{ "not": {...} }`
    Not(&'a Condition),
}

impl Condition {
    /// The one form this condition takes, or a message saying why it has none.
    pub fn form(&self) -> Result<ConditionForm<'_>, String> {
        let leaf = [
            self.profile.is_some(),
            self.subject.is_some(),
            self.question.is_some(),
        ];
        let combos = [self.all.is_some(), self.any.is_some(), self.not.is_some()];
        let n = leaf.iter().chain(combos.iter()).filter(|b| **b).count();
        if n != 1 {
            return Err(format!(
                "a condition needs exactly one of `profile`, `subject`, `question`, `all`, `any` or `not` (found {n})"
            ));
        }
        let values = || -> Result<&[String], String> {
            match &self.one_of {
                Some(v) if !v.is_empty() => Ok(v.as_slice()),
                _ => Err(
                    "a `profile`, `subject` or `question` condition needs a non-empty `in` list"
                        .into(),
                ),
            }
        };
        if let Some(p) = &self.profile {
            return Ok(ConditionForm::Profile(p, values()?));
        }
        if let Some(s) = &self.subject {
            return Ok(ConditionForm::Subject(s, values()?));
        }
        if let Some(q) = &self.question {
            return Ok(ConditionForm::Question(q, values()?));
        }
        if self.one_of.is_some() {
            return Err("`in` belongs with `profile`, `subject` or `question`".into());
        }
        match (&self.all, &self.any, &self.not) {
            (Some(a), _, _) if !a.is_empty() => Ok(ConditionForm::All(a)),
            (_, Some(a), _) if !a.is_empty() => Ok(ConditionForm::Any(a)),
            (_, _, Some(c)) => Ok(ConditionForm::Not(c)),
            _ => Err("`all` and `any` need at least one condition".into()),
        }
    }

    /// Evaluates the condition. `lookup` answers "what value does this field or question
    /// have"; an unknown field or unanswered question matches nothing.
    pub fn eval(&self, lookup: &dyn Fn(Target<'_>) -> Vec<String>) -> bool {
        self.eval_with(&|t, wanted| matches(lookup(t), wanted))
    }

    /// [`Self::eval`] with `test` answering "does this field or question have one of these
    /// values" directly, so no value list needs building.
    pub fn eval_with(&self, test: &dyn Fn(Target<'_>, &[String]) -> bool) -> bool {
        match self.form() {
            Ok(ConditionForm::Profile(f, v)) => test(Target::Profile(f), v),
            Ok(ConditionForm::Subject(f, v)) => test(Target::Subject(f), v),
            Ok(ConditionForm::Question(q, v)) => test(Target::Question(q), v),
            Ok(ConditionForm::All(cs)) => cs.iter().all(|c| c.eval_with(test)),
            Ok(ConditionForm::Any(cs)) => cs.iter().any(|c| c.eval_with(test)),
            Ok(ConditionForm::Not(c)) => !c.eval_with(test),
            // Validation rejects malformed conditions; if one slips through, apply the question.
            Err(_) => true,
        }
    }

    /// Every question id the condition refers to, at any depth.
    pub fn question_refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        if let Some(q) = &self.question {
            out.push(q);
        }
        for c in self.all.iter().chain(self.any.iter()).flatten() {
            c.collect_refs(out);
        }
        if let Some(c) = &self.not {
            c.collect_refs(out);
        }
    }
}

/// What a condition looks up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    /// A profile field.
    Profile(&'a str),
    /// A field of the assessment's subject.
    Subject(&'a str),
    /// An earlier answer, as its value strings.
    Question(&'a str),
}

fn matches(actual: Vec<String>, wanted: &[String]) -> bool {
    actual.iter().any(|a| wanted.iter().any(|w| w == a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(q: &str, v: &[&str]) -> Condition {
        Condition {
            question: Some(q.into()),
            one_of: Some(v.iter().map(|s| s.to_string()).collect()),
            ..Default::default()
        }
    }

    #[test]
    fn combinators_evaluate() {
        let lookup = |t: Target<'_>| match t {
            Target::Question("a") => vec!["yes".to_string()],
            Target::Profile("ai_role") => vec!["deployer".to_string()],
            _ => vec![],
        };
        assert!(leaf("a", &["yes"]).eval(&lookup));
        assert!(!leaf("a", &["no"]).eval(&lookup));
        assert!(
            !leaf("b", &["yes"]).eval(&lookup),
            "unanswered matches nothing"
        );
        let all = Condition {
            all: Some(vec![leaf("a", &["yes"]), leaf("b", &["x"])]),
            ..Default::default()
        };
        assert!(!all.eval(&lookup));
        let any = Condition {
            any: Some(vec![leaf("a", &["yes"]), leaf("b", &["x"])]),
            ..Default::default()
        };
        assert!(any.eval(&lookup));
        let not = Condition {
            not: Some(Box::new(leaf("a", &["yes"]))),
            ..Default::default()
        };
        assert!(!not.eval(&lookup));
        let prof = Condition {
            profile: Some("ai_role".into()),
            one_of: Some(vec!["provider".into()]),
            ..Default::default()
        };
        assert!(!prof.eval(&lookup));
    }

    #[test]
    fn malformed_forms_are_reported() {
        let two = Condition {
            profile: Some("x".into()),
            question: Some("y".into()),
            ..Default::default()
        };
        assert!(two.form().unwrap_err().contains("exactly one"));
        let no_in = Condition {
            question: Some("y".into()),
            ..Default::default()
        };
        assert!(no_in.form().unwrap_err().contains("`in`"));
        let stray_in = Condition {
            all: Some(vec![]),
            one_of: Some(vec!["a".into()]),
            ..Default::default()
        };
        assert!(stray_in.form().is_err());
    }
}
