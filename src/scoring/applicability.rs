//! Applicability: whether a section or question applies, from its `applies_when` condition,
//! the profile, the assessment's subject and earlier answers.
//!
//! A question applies when its own condition and the condition of every section above it
//! are true. A condition on an earlier question sees that question's answer only while that
//! question itself applies, so a stale answer to a skipped question never switches anything
//! on. Inside a repeatable section, the entry's own answers are looked up first.
//!
//! The TUI uses the same [`Applicability`] to skip questions that do not apply.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::{
    Answer, Condition, Profile, Question, Questionnaire, QuestionnaireIndex, Section, Subject,
    Target,
};

/// How deep conditions may chain through earlier questions before evaluation gives up
/// (validation rejects cycles; this only guards against a malformed file).
const MAX_DEPTH: usize = 32;

/// Where one question sits: the sections from the top level down to the one holding it.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    /// Sections from the top level down to the holding section (never empty), shared by
    /// every question of that section.
    pub path: Arc<[&'a Section]>,
    /// The question.
    pub question: &'a Question,
}

impl<'a> Placed<'a> {
    /// The section holding the question.
    pub fn section(&self) -> Option<&'a Section> {
        self.path.last().copied()
    }

    /// The repeatable section the question lives in, if any.
    pub fn repeatable(&self) -> Option<&'a Section> {
        self.path
            .iter()
            .rev()
            .find(|s| s.repeatable.is_some())
            .copied()
    }
}

/// Every question of a questionnaire with its place, in file order, found by id through
/// the questionnaire's one index ([`QuestionnaireIndex`]).
#[derive(Debug, Clone)]
pub struct QuestionIndex<'a> {
    order: Vec<Placed<'a>>,
    ids: QuestionnaireIndex,
}

impl<'a> QuestionIndex<'a> {
    /// Indexes a questionnaire.
    pub fn new(q: &'a Questionnaire) -> Self {
        let ids = QuestionnaireIndex::new(q);
        let mut order = Vec::with_capacity(ids.len());
        q.walk_sections(&mut |s, ancestors| {
            if s.questions.is_empty() {
                return;
            }
            let path: Arc<[&Section]> = ancestors.iter().copied().chain([s]).collect();
            for question in &s.questions {
                let path = Arc::clone(&path);
                order.push(Placed { path, question });
            }
        });
        QuestionIndex { order, ids }
    }

    /// The question with this id and its place.
    pub fn get(&self, id: &str) -> Option<&Placed<'a>> {
        self.position(id).and_then(|i| self.order.get(i))
    }

    /// Where the question with this id is in file order (its position in [`Self::iter`]).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.position(id)
    }

    /// The number of questions.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether the questionnaire has no questions.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Every question in file order.
    pub fn iter(&self) -> impl Iterator<Item = &Placed<'a>> {
        self.order.iter()
    }
}

/// Answers a condition may look at: the assessment's, and an entry's when inside one.
pub type Answers = BTreeMap<String, Answer>;

/// Evaluates `applies_when` for one assessment.
#[derive(Debug, Clone, Copy)]
pub struct Applicability<'a> {
    index: &'a QuestionIndex<'a>,
    profile: &'a Profile,
    subject: Option<&'a Subject>,
    answers: &'a Answers,
}

impl<'a> Applicability<'a> {
    /// An evaluator for one assessment's answers.
    pub fn new(
        index: &'a QuestionIndex<'a>,
        profile: &'a Profile,
        subject: Option<&'a Subject>,
        answers: &'a Answers,
    ) -> Self {
        Applicability {
            index,
            profile,
            subject,
            answers,
        }
    }

    /// Whether an optional condition holds (no condition: it does).
    pub fn holds(&self, condition: Option<&Condition>, entry: Option<&Answers>) -> bool {
        self.holds_at(condition, entry, 0)
    }

    /// Whether every section on `path` applies.
    pub fn sections_apply(&self, path: &[&Section], entry: Option<&Answers>) -> bool {
        path.iter()
            .all(|s| self.holds(s.applies_when.as_ref(), entry))
    }

    /// Whether the question with this id applies (unknown ids do not).
    pub fn question_applies(&self, id: &str, entry: Option<&Answers>) -> bool {
        self.question_applies_at(id, entry, 0)
    }

    /// Whether an indexed question applies: [`Self::question_applies`] without looking the
    /// question up by id again.
    pub fn placed_applies(&self, placed: &Placed<'_>, entry: Option<&Answers>) -> bool {
        self.placed_applies_at(placed, entry, 0)
    }

    fn question_applies_at(&self, id: &str, entry: Option<&Answers>, depth: usize) -> bool {
        self.index
            .get(id)
            .is_some_and(|placed| self.placed_applies_at(placed, entry, depth))
    }

    fn placed_applies_at(
        &self,
        placed: &Placed<'_>,
        entry: Option<&Answers>,
        depth: usize,
    ) -> bool {
        placed
            .path
            .iter()
            .map(|s| s.applies_when.as_ref())
            .chain(std::iter::once(placed.question.applies_when.as_ref()))
            .all(|c| self.holds_at(c, entry, depth))
    }

    fn holds_at(
        &self,
        condition: Option<&Condition>,
        entry: Option<&Answers>,
        depth: usize,
    ) -> bool {
        let Some(c) = condition else {
            return true;
        };
        if depth > MAX_DEPTH {
            return false;
        }
        c.eval_with(&|t: Target<'_>, wanted: &[String]| self.test(t, wanted, entry, depth))
    }

    /// Whether the target has one of the `wanted` values.
    fn test(
        &self,
        target: Target<'_>,
        wanted: &[String],
        entry: Option<&Answers>,
        depth: usize,
    ) -> bool {
        let has = |v: Option<&str>| v.is_some_and(|v| wanted.iter().any(|w| w == v));
        match target {
            Target::Profile(f) => has(self.profile.field(f)),
            Target::Subject(f) => has(self.subject.and_then(|s| s.field(f))),
            Target::Question(id) => {
                let answer = entry
                    .and_then(|e| e.get(id))
                    .or_else(|| self.answers.get(id));
                answer.is_some_and(|a| {
                    a.value.matches_any(wanted) && self.question_applies_at(id, entry, depth + 1)
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Value, YesNo};
    use crate::scoring::testkit::{
        cond_profile, cond_question, profile, q_status, q_yes_no, qn, sec,
    };

    #[test]
    fn section_condition_on_profile_role_hides_its_questions() {
        let mut s = sec("s", vec![q_status("a", 1.0)]);
        s.applies_when = Some(cond_profile("ai_role", &["provider"]));
        let q = qn(vec![s]);
        let idx = QuestionIndex::new(&q);
        let p = profile(); // deployer
        let answers = Answers::new();
        let app = Applicability::new(&idx, &p, None, &answers);
        assert!(!app.question_applies("a", None));
        assert!(!app.question_applies("unknown", None));
    }

    #[test]
    fn question_condition_sees_earlier_answer_only_while_that_question_applies() {
        let mut gate = q_yes_no("gate");
        let mut follow = q_status("follow", 1.0);
        follow.applies_when = Some(cond_question("gate", &["yes"]));
        let q = qn(vec![sec("s", vec![gate.clone(), follow.clone()])]);
        let idx = QuestionIndex::new(&q);
        let p = profile();
        let mut answers = Answers::new();
        answers.insert("gate".into(), Answer::new(Value::YesNo(YesNo::Yes)));
        let app = Applicability::new(&idx, &p, None, &answers);
        assert!(app.question_applies("follow", None));

        // The gate itself stops applying: its stale "yes" no longer counts.
        gate.applies_when = Some(cond_profile("industry", &["nowhere"]));
        let q2 = qn(vec![sec("s", vec![gate, follow])]);
        let idx2 = QuestionIndex::new(&q2);
        let app2 = Applicability::new(&idx2, &p, None, &answers);
        assert!(!app2.question_applies("follow", None));
    }

    #[test]
    fn entry_answers_are_looked_up_first() {
        let mut follow = q_status("follow", 1.0);
        follow.applies_when = Some(cond_question("gate", &["yes"]));
        let q = qn(vec![sec("s", vec![q_yes_no("gate"), follow])]);
        let idx = QuestionIndex::new(&q);
        let p = profile();
        let answers = Answers::new();
        let mut entry = Answers::new();
        entry.insert("gate".into(), Answer::new(Value::YesNo(YesNo::Yes)));
        let app = Applicability::new(&idx, &p, None, &answers);
        assert!(app.question_applies("follow", Some(&entry)));
        assert!(!app.question_applies("follow", None));
    }
}
