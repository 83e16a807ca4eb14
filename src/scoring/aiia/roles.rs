//! Which question plays which part in an AIIA.
//!
//! The rule: a question's `role` in the file wins. Without one, the id decides (lowercased):
//! a `likelihood_severity` question whose id contains `residual` is the residual rating and
//! one containing `inherent` the inherent rating; a `date` question whose id contains
//! `signoff`, `sign_off` or `sign-off` is the sign-off date, and otherwise one containing
//! `review` is the next review date; a text or choice question whose id contains a sign-off
//! word and `name` or `role` is the signer's name or role; a text question whose id contains
//! `accept` is an impact's acceptance rationale. Inside an impact register with
//! no inherent or residual rating found this way, the first `likelihood_severity` question
//! is inherent and the second residual.

use crate::model::{AnswerSpec, Question, QuestionRole, Section};

/// The role of a question, from the file or its id.
pub fn role_of(q: &Question) -> Option<QuestionRole> {
    if q.role.is_some() {
        return q.role;
    }
    let id = q.id.to_lowercase();
    let signoff = ["signoff", "sign_off", "sign-off"]
        .iter()
        .any(|w| id.contains(w));
    match &q.answer {
        AnswerSpec::LikelihoodSeverity { .. } if id.contains("residual") => {
            Some(QuestionRole::ResidualRisk)
        }
        AnswerSpec::LikelihoodSeverity { .. } if id.contains("inherent") => {
            Some(QuestionRole::InherentRisk)
        }
        AnswerSpec::Date if signoff => Some(QuestionRole::SignoffDate),
        AnswerSpec::Date if id.contains("review") => Some(QuestionRole::ReviewDate),
        AnswerSpec::Text { .. } | AnswerSpec::Choice { .. } if signoff && id.contains("name") => {
            Some(QuestionRole::SignoffName)
        }
        AnswerSpec::Text { .. } | AnswerSpec::Choice { .. } if signoff && id.contains("role") => {
            Some(QuestionRole::SignoffRole)
        }
        AnswerSpec::Text { .. } if id.contains("accept") => Some(QuestionRole::AcceptanceRationale),
        _ => None,
    }
}

/// Whether a question is a likelihood × severity rating.
pub fn is_rating(q: &Question) -> bool {
    matches!(q.answer, AnswerSpec::LikelihoodSeverity { .. })
}

/// The inherent and residual rating questions of an impact register section.
pub fn risk_questions(s: &Section) -> (Option<&Question>, Option<&Question>) {
    risk_questions_with(s, role_of)
}

/// [`risk_questions`] with the roles looked up by `role` (e.g. worked out once per
/// questionnaire) instead of [`role_of`].
pub fn risk_questions_with(
    s: &Section,
    role: impl Fn(&Question) -> Option<QuestionRole>,
) -> (Option<&Question>, Option<&Question>) {
    let ratings: Vec<&Question> = s.questions.iter().filter(|q| is_rating(q)).collect();
    let find = |r| ratings.iter().copied().find(|q| role(q) == Some(r));
    let inherent = find(QuestionRole::InherentRisk);
    let residual = find(QuestionRole::ResidualRisk);
    if inherent.is_none() && residual.is_none() {
        (ratings.first().copied(), ratings.get(1).copied())
    } else {
        (inherent, residual)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnswerSpec;
    use crate::scoring::testkit::{q_text, question, sec};

    fn ls(id: &str) -> Question {
        question(
            id,
            1.0,
            AnswerSpec::LikelihoodSeverity {
                likelihood: "likelihood".into(),
                severity: "severity".into(),
            },
        )
    }

    #[test]
    fn ids_decide_inherent_and_residual_whatever_the_order() {
        let s = sec("r", vec![ls("impact.residual"), ls("impact.inherent")]);
        let (i, r) = risk_questions(&s);
        assert_eq!(i.map(|q| q.id.as_str()), Some("impact.inherent"));
        assert_eq!(r.map(|q| q.id.as_str()), Some("impact.residual"));
    }

    #[test]
    fn without_roles_first_rating_is_inherent_second_residual() {
        let s = sec("r", vec![ls("impact.before"), ls("impact.after")]);
        let (i, r) = risk_questions(&s);
        assert_eq!(i.map(|q| q.id.as_str()), Some("impact.before"));
        assert_eq!(r.map(|q| q.id.as_str()), Some("impact.after"));
    }

    #[test]
    fn file_role_wins_over_the_id() {
        let mut q = ls("impact.inherent_like");
        q.role = Some(QuestionRole::ResidualRisk);
        assert_eq!(role_of(&q), Some(QuestionRole::ResidualRisk));
        assert_eq!(
            role_of(&q_text("aiia.signoff.name")),
            Some(QuestionRole::SignoffName)
        );
        assert_eq!(
            role_of(&q_text("aiia.signoff.role")),
            Some(QuestionRole::SignoffRole)
        );
        assert_eq!(
            role_of(&question("aiia.next_review", 1.0, AnswerSpec::Date)),
            Some(QuestionRole::ReviewDate)
        );
        assert_eq!(
            role_of(&question("aiia.signoff.date", 1.0, AnswerSpec::Date)),
            Some(QuestionRole::SignoffDate)
        );
    }
}
