//! What an `applies_when` condition may look at in the wizard. The evaluation itself is
//! scoring's [`crate::scoring::Applicability`] (see `outline::build`), the one rule for the
//! wizard, the scorecard and the reports.

use crate::model::{Assessment, Profile, Subject};

/// What a condition may look at.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The workspace profile, if it is known.
    pub profile: Option<&'a Profile>,
    /// The assessment's subject (AI system or vendor), if any.
    pub subject: Option<&'a Subject>,
    /// The answers given so far.
    pub assessment: &'a Assessment,
}

/// The profile conditions see when the workspace names no known profile: no role and no
/// industry, so profile conditions match nothing (the question is shown as n/a).
pub fn unknown_profile() -> Profile {
    Profile {
        id: String::new(),
        title: String::new(),
        industry: String::new(),
        description: String::new(),
        ai_role: crate::model::AiRole::Both,
        objective_weights: Default::default(),
        tag_weights: Default::default(),
        review_months: 12,
        regulations: Vec::new(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Questionnaire, Value, YesNo};
    use crate::tui::outline;

    /// `b` applies when `a` is yes, and `a` applies to providers only.
    fn questionnaire() -> Questionnaire {
        serde_json::from_str(
            r#"{"id":"t","version":"1.0.0","title":"T","kind":"gap","description":"d","sections":[
              {"id":"s","title":"S","questions":[
                {"id":"a","prompt":"p","help":"h","applies_when":{"profile":"ai_role","in":["provider"]},"answer":{"type":"yes_no"}},
                {"id":"b","prompt":"p","help":"h","applies_when":{"question":"a","in":["yes"]},"answer":{"type":"status"}}]}]}"#,
        )
        .expect("questionnaire")
    }

    fn applicable(q: &Questionnaire, ctx: Context<'_>) -> Vec<(String, bool)> {
        outline::build(q, ctx)
            .iter()
            .filter_map(|r| r.question().map(|id| (id.to_string(), r.applicable)))
            .collect()
    }

    #[test]
    fn a_stale_answer_to_a_question_that_does_not_apply_enables_nothing() {
        let q = questionnaire();
        let mut a = Assessment::new("t", None);
        a.answers
            .insert("a".into(), Answer::new(Value::YesNo(YesNo::Yes)));
        let mut deployer = unknown_profile();
        deployer.ai_role = crate::model::AiRole::Deployer;
        let ctx = Context {
            profile: Some(&deployer),
            subject: None,
            assessment: &a,
        };
        assert_eq!(
            applicable(&q, ctx),
            [("a".to_string(), false), ("b".to_string(), false)]
        );
        let mut provider = unknown_profile();
        provider.ai_role = crate::model::AiRole::Provider;
        let ctx = Context {
            profile: Some(&provider),
            subject: None,
            assessment: &a,
        };
        assert_eq!(
            applicable(&q, ctx),
            [("a".to_string(), true), ("b".to_string(), true)]
        );
    }
}
