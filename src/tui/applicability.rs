//! Whether a section or question applies: the one place the TUI evaluates `applies_when`.
//!
//! Seam: when `scoring` exposes its own applicability, replace the body of [`applies`]
//! (and nothing else) with a call to it.

use crate::model::{Assessment, Condition, Entry, Profile, Subject, Target};

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

/// Whether `cond` holds; questions inside a repeatable entry see that entry's answers first.
pub fn applies(cond: Option<&Condition>, ctx: &Context<'_>, entry: Option<&Entry>) -> bool {
    let Some(cond) = cond else {
        return true;
    };
    let lookup = |t: Target<'_>| -> Vec<String> {
        match t {
            Target::Profile(f) => ctx.profile.map(|p| p.field(f)).unwrap_or_default(),
            Target::Subject(f) => ctx.subject.map(|s| s.field(f)).unwrap_or_default(),
            Target::Question(q) => entry
                .and_then(|e| e.answers.get(q))
                .or_else(|| ctx.assessment.answers.get(q))
                .map(|a| a.value.condition_values())
                .unwrap_or_default(),
        }
    };
    cond.eval(&lookup)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Value, YesNo};

    #[test]
    fn question_conditions_see_entry_answers_first() {
        let cond: Condition =
            serde_json::from_str(r#"{"question":"x","in":["yes"]}"#).expect("cond");
        let mut a = Assessment::new("q", None);
        let ctx = Context {
            profile: None,
            subject: None,
            assessment: &a,
        };
        assert!(!applies(Some(&cond), &ctx, None));
        assert!(applies(None, &ctx, None));
        let mut e = Entry {
            id: "e1".into(),
            answers: Default::default(),
        };
        e.answers
            .insert("x".into(), Answer::new(Value::YesNo(YesNo::Yes)));
        assert!(applies(Some(&cond), &ctx, Some(&e)));
        a.answers
            .insert("x".into(), Answer::new(Value::YesNo(YesNo::Yes)));
        let ctx = Context {
            profile: None,
            subject: None,
            assessment: &a,
        };
        assert!(applies(Some(&cond), &ctx, None));
    }
}
