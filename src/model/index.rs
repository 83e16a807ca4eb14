//! The one id index of a questionnaire: where every question and section sits in the
//! section tree, by id, and every question's position in file order. Built once per
//! questionnaire (when a wizard opens, when a questionnaire is prepared for scoring) so
//! nothing walks the tree once per lookup, as [`Questionnaire::question`] and
//! [`Questionnaire::section`] do.
//!
//! It holds positions, not references, so a long-lived screen can keep it beside the
//! catalog that owns the questionnaire. A lookup checks the id it lands on, and falls back
//! to the tree walk when the index was built from another questionnaire.

use super::fxhash::FxHashMap;
use super::{Question, Questionnaire, Section};

/// Where every question and section of one questionnaire sits. The first occurrence of an
/// id wins, as with [`Questionnaire::question`] (validation rejects duplicates).
#[derive(Debug, Clone, Default)]
pub struct QuestionnaireIndex {
    /// Every question in file order: the section indices from the top, then its index in
    /// the last section.
    questions: Vec<Box<[u32]>>,
    /// Whether each question may be answered "Out of scope" (parallel to `questions`).
    excludable: Vec<bool>,
    /// Position in `questions` by question id.
    by_id: FxHashMap<Box<str>, usize>,
    /// Section indices from the top, by section id.
    sections: FxHashMap<Box<str>, Box<[u32]>>,
}

impl QuestionnaireIndex {
    /// Indexes `q`, walking its tree once.
    pub fn new(q: &Questionnaire) -> Self {
        let mut index = QuestionnaireIndex::default();
        let mut path = Vec::new();
        for (i, s) in q.sections.iter().enumerate() {
            path.push(to_u32(i));
            index.add(s, &mut path, true);
            path.pop();
        }
        index
    }

    /// Adds section `s` at `path` and everything under it, in file order; `excludable` is
    /// what its parent's questions inherit.
    fn add(&mut self, s: &Section, path: &mut Vec<u32>, excludable: bool) {
        // A question's own `excludable`, else the nearest enclosing section's, else allowed.
        let excludable = s.excludable.unwrap_or(excludable);
        self.sections
            .entry(s.id.as_str().into())
            .or_insert_with(|| path.as_slice().into());
        for (i, question) in s.questions.iter().enumerate() {
            let position = self.questions.len();
            path.push(to_u32(i));
            self.questions.push(path.as_slice().into());
            self.excludable
                .push(question.excludable.unwrap_or(excludable));
            path.pop();
            self.by_id
                .entry(question.id.as_str().into())
                .or_insert(position);
        }
        for (i, child) in s.sections.iter().enumerate() {
            path.push(to_u32(i));
            self.add(child, path, excludable);
            path.pop();
        }
    }

    /// The position in file order of the question with this id (its place among all
    /// questions, counting every depth).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Whether the question `id` of `q` may be answered "Out of scope", as
    /// [`Questionnaire::not_excludable`] decides (a question `q` lacks may): from the index,
    /// or from `q`'s tree when `q` is not the questionnaire indexed.
    pub fn excludable(&self, q: &Questionnaire, id: &str) -> bool {
        let indexed = self
            .position(id)
            .filter(|p| self.question_at(q, *p).is_some_and(|x| x.id == id));
        match indexed.and_then(|p| self.excludable.get(p)) {
            Some(e) => *e,
            None => !q.not_excludable().contains(id),
        }
    }

    /// The number of questions.
    pub fn len(&self) -> usize {
        self.questions.len()
    }

    /// Whether the questionnaire has no questions.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
    }

    /// The question at `position` in file order, in `q` (the indexed questionnaire).
    pub fn question_at<'a>(&self, q: &'a Questionnaire, position: usize) -> Option<&'a Question> {
        let (last, sections) = self.questions.get(position)?.split_last()?;
        resolve(q, sections)?.questions.get(*last as usize)
    }

    /// The question `id` of `q`: found through the index, or by walking the tree when `q`
    /// is not the questionnaire indexed.
    pub fn question<'a>(&self, q: &'a Questionnaire, id: &str) -> Option<&'a Question> {
        self.position(id)
            .and_then(|p| self.question_at(q, p))
            .filter(|x| x.id == id)
            .or_else(|| q.question(id))
    }

    /// The section `id` of `q`: found through the index, or by walking the tree when `q`
    /// is not the questionnaire indexed.
    pub fn section<'a>(&self, q: &'a Questionnaire, id: &str) -> Option<&'a Section> {
        self.sections
            .get(id)
            .and_then(|p| resolve(q, p))
            .filter(|x| x.id == id)
            .or_else(|| q.section(id))
    }
}

/// A child's index as stored (a questionnaire with four billion children at one level is
/// not read; such an index saturates and its lookups fall back to the tree walk).
fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The section at `path` (indices from the top).
fn resolve<'a>(q: &'a Questionnaire, path: &[u32]) -> Option<&'a Section> {
    let (first, rest) = path.split_first()?;
    let mut s = q.sections.get(*first as usize)?;
    for i in rest {
        s = s.sections.get(*i as usize)?;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sections nested two deep, a question id used twice (the first one wins), and
    /// exclusion allowed or not at each level.
    fn nested() -> Questionnaire {
        let q = |id: &str| serde_json::json!({"id": id, "prompt": "Done?", "help": "", "answer": {"type": "status"}});
        let mut open = q("a2");
        open["excludable"] = true.into();
        serde_json::from_value(serde_json::json!({
            "id": "t", "version": "1.0.0", "title": "T", "kind": "gap", "description": "",
            "sections": [
                {"id": "a", "title": "A", "excludable": false, "questions": [q("a1"), open],
                 "sections": [{"id": "a-x", "title": "AX", "questions": [q("ax1")]}]},
                {"id": "b", "title": "B", "questions": [q("b1")],
                 "sections": [{"id": "b-x", "title": "BX", "questions": [q("a1"), q("nested-only")]}]},
            ]
        }))
        .expect("questionnaire")
    }

    #[test]
    fn finds_what_the_tree_walk_finds_in_file_order() {
        let q = nested();
        let index = QuestionnaireIndex::new(&q);
        let walked = q.questions();
        assert_eq!(index.len(), walked.len());
        for (i, (s, question)) in walked.iter().enumerate() {
            let found = index.question(&q, &question.id);
            // The first occurrence of an id wins, as with the tree walk.
            assert!(std::ptr::eq(
                found.expect("found"),
                q.question(&question.id).expect("walk")
            ));
            let at = index
                .question_at(&q, i)
                .expect("a question at every position");
            assert!(
                std::ptr::eq(at, *question),
                "position {i} is not file order"
            );
            assert_eq!(
                index.section(&q, &s.id).map(std::ptr::from_ref),
                q.section(&s.id).map(std::ptr::from_ref)
            );
        }
        assert_eq!(
            index.position("nested-only"),
            walked.iter().position(|(_, x)| x.id == "nested-only")
        );
        let fixed = q.not_excludable();
        for (_, question) in &walked {
            let id = question.id.as_str();
            assert_eq!(index.excludable(&q, id), !fixed.contains(id), "{id}");
        }
        assert!(index.question(&q, "no-such-question").is_none());
        assert!(index.section(&q, "no-such-section").is_none());
        assert!(index.position("no-such-question").is_none());
    }

    #[test]
    fn another_questionnaire_is_searched_by_walking_its_tree() {
        let q = nested();
        let other = QuestionnaireIndex::default();
        let first = q.questions().first().map(|(_, x)| x.id.clone());
        let first = first.as_deref().unwrap_or("");
        assert_eq!(
            other.question(&q, first).map(|x| x.id.as_str()),
            Some(first)
        );
        assert!(other.is_empty());
        let stale = QuestionnaireIndex::new(&nested());
        let mut changed = nested();
        changed.sections.swap(0, 1);
        let fixed = changed.not_excludable();
        for (_, question) in changed.questions() {
            let id = question.id.as_str();
            assert_eq!(stale.excludable(&changed, id), !fixed.contains(id), "{id}");
            assert_eq!(
                stale
                    .question(&changed, &question.id)
                    .map(|x| x.id.as_str()),
                Some(question.id.as_str())
            );
        }
    }
}
