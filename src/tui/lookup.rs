//! An id → position index over one questionnaire's tree, built when the wizard opens, so the
//! view finds a row's question or section without walking the whole tree (which
//! `Questionnaire::question` / `::section` do) once per row per frame.

use std::collections::HashMap;

use crate::model::{Question, Questionnaire, Section};

/// Where each question and section sits: section indices from the top, then (for a
/// question) its index in the last section. The first occurrence of an id wins, as with
/// `Questionnaire::question`.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    questions: HashMap<String, Vec<usize>>,
    sections: HashMap<String, Vec<usize>>,
}

impl Lookup {
    /// Indexes `q`.
    pub fn new(q: &Questionnaire) -> Self {
        let mut l = Lookup::default();
        let mut path = Vec::new();
        for (i, s) in q.sections.iter().enumerate() {
            path.push(i);
            l.add(s, &mut path);
            path.pop();
        }
        l
    }

    fn add(&mut self, s: &Section, path: &mut Vec<usize>) {
        self.sections
            .entry(s.id.clone())
            .or_insert_with(|| path.clone());
        for (i, question) in s.questions.iter().enumerate() {
            self.questions
                .entry(question.id.clone())
                .or_insert_with(|| {
                    let mut p = path.clone();
                    p.push(i);
                    p
                });
        }
        for (i, c) in s.sections.iter().enumerate() {
            path.push(i);
            self.add(c, path);
            path.pop();
        }
    }

    /// The question `id` of `q` (falls back to a tree walk if `q` is not the indexed one).
    pub fn question<'a>(&self, q: &'a Questionnaire, id: &str) -> Option<&'a Question> {
        self.questions
            .get(id)
            .and_then(|p| {
                let (last, sections) = p.split_last()?;
                resolve(q, sections)?.questions.get(*last)
            })
            .filter(|x| x.id == id)
            .or_else(|| q.question(id))
    }

    /// The section `id` of `q` (falls back to a tree walk if `q` is not the indexed one).
    pub fn section<'a>(&self, q: &'a Questionnaire, id: &str) -> Option<&'a Section> {
        self.sections
            .get(id)
            .and_then(|p| resolve(q, p))
            .filter(|x| x.id == id)
            .or_else(|| q.section(id))
    }
}

/// The section at `path` (indices from the top).
fn resolve<'a>(q: &'a Questionnaire, path: &[usize]) -> Option<&'a Section> {
    let (first, rest) = path.split_first()?;
    let mut s = q.sections.get(*first)?;
    for i in rest {
        s = s.sections.get(*i)?;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_the_tree_walk_finds() {
        let q = crate::synth::questionnaire("synthetic", 50).expect("questionnaire");
        let l = Lookup::new(&q);
        for (s, question) in q.questions() {
            assert_eq!(
                l.question(&q, &question.id).map(|x| &x.id),
                Some(&question.id)
            );
            assert_eq!(l.section(&q, &s.id).map(|x| &x.id), Some(&s.id));
        }
        assert!(l.question(&q, "no-such-question").is_none());
        assert!(l.section(&q, "no-such-section").is_none());
        let other = Lookup::default();
        let first = q.questions().first().map(|(_, x)| x.id.clone());
        let first = first.as_deref().unwrap_or("");
        assert_eq!(
            other.question(&q, first).map(|x| x.id.as_str()),
            Some(first)
        );
    }
}
