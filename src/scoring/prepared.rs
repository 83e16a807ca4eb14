//! A questionnaire prepared once for scoring many assessments: its question index (every
//! question with its place, by id) and the AIIA role of every question (see
//! [`role_of`](super::aiia::roles::role_of)), so neither the tree walk nor the lower-casing
//! of ids is repeated per assessment. [`score_snapshot`](super::score_snapshot) prepares each
//! questionnaire once and shares it across all the assessments that use it.

use crate::model::{QuestionRole, Questionnaire};

use super::aiia::roles::role_of;
use super::applicability::{Placed, QuestionIndex};

/// A questionnaire with its question index and question roles.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// The questionnaire.
    pub questionnaire: &'a Questionnaire,
    /// Every question by id, with its place, in file order.
    pub index: QuestionIndex<'a>,
    /// Role of every question, in file order (parallel to the index).
    roles: Vec<Option<QuestionRole>>,
}

impl<'a> Prepared<'a> {
    /// Indexes a questionnaire and works out its question roles.
    pub fn new(questionnaire: &'a Questionnaire) -> Self {
        let index = QuestionIndex::new(questionnaire);
        let roles = index.iter().map(|p| role_of(p.question)).collect();
        Prepared {
            questionnaire,
            index,
            roles,
        }
    }

    /// The role of the question with this id, if it has one.
    pub fn role(&self, id: &str) -> Option<QuestionRole> {
        self.index
            .position(id)
            .and_then(|i| self.roles.get(i).copied().flatten())
    }

    /// Every question in file order with its role.
    pub fn with_roles(&self) -> impl Iterator<Item = (&Placed<'a>, Option<QuestionRole>)> {
        self.index.iter().zip(self.roles.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnswerSpec;
    use crate::scoring::testkit::{q_status, q_text, qn, question, sec};

    #[test]
    fn roles_are_those_of_role_of_and_unknown_ids_have_none() {
        let q = qn(vec![sec(
            "s",
            vec![
                q_text("aiia.signoff.name"),
                question("aiia.next_review", 1.0, AnswerSpec::Date),
                q_status("plain", 1.0),
            ],
        )]);
        let p = Prepared::new(&q);
        assert_eq!(p.role("aiia.signoff.name"), Some(QuestionRole::SignoffName));
        assert_eq!(p.role("aiia.next_review"), Some(QuestionRole::ReviewDate));
        assert_eq!(p.role("plain"), None);
        assert_eq!(p.role("unknown"), None);
        let roles: Vec<_> = p.with_roles().map(|(_, r)| r).collect();
        assert_eq!(
            roles,
            [
                Some(QuestionRole::SignoffName),
                Some(QuestionRole::ReviewDate),
                None
            ]
        );
    }
}
