//! The wizard's flattened section tree: one row per section, entry, "add entry" slot and
//! asked question (a linked question is asked through the one it links to), with
//! applicability already worked out. Rebuilt after every committed answer.

use super::applicability::Context;
use crate::model::{Entry, Questionnaire, Section};
use crate::scoring::{Applicability, QuestionIndex};

/// What a row is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKind {
    /// A section heading.
    Section,
    /// The heading of one entry of a repeatable section (1-based number).
    EntryHeader(usize),
    /// The slot that adds an entry to a repeatable section.
    AddEntry,
    /// A question.
    Question(String),
}

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What the row is.
    pub kind: RowKind,
    /// Indentation level.
    pub depth: u16,
    /// The section the row belongs to.
    pub section: String,
    /// The repeatable section and entry id this row sits in, if any.
    pub entry: Option<(String, String)>,
    /// Whether the row applies (false: shown as n/a and skipped).
    pub applicable: bool,
    /// Index of the top-level section, for section readiness.
    pub top: usize,
}

impl Row {
    /// The question id, for question rows.
    pub fn question(&self) -> Option<&str> {
        match &self.kind {
            RowKind::Question(q) => Some(q),
            _ => None,
        }
    }

    /// Whether the cursor may rest here.
    pub fn selectable(&self) -> bool {
        matches!(self.kind, RowKind::Question(_) | RowKind::AddEntry)
    }
}

struct Builder<'a> {
    ctx: Context<'a>,
    rules: Applicability<'a>,
    rows: Vec<Row>,
    top: usize,
}

/// Flattens a questionnaire for the given answers and context. Whether a row applies is
/// decided by scoring's [`Applicability`], so the wizard and the scorecard always agree
/// (an answer to a question that does not apply is ignored by later conditions).
pub fn build(q: &Questionnaire, ctx: Context<'_>) -> Vec<Row> {
    let index = QuestionIndex::new(q);
    let fallback;
    let profile = match ctx.profile {
        Some(p) => p,
        None => {
            fallback = super::applicability::unknown_profile();
            &fallback
        }
    };
    let rules = Applicability::new(&index, profile, ctx.subject, &ctx.assessment.answers);
    let mut b = Builder {
        ctx,
        rules,
        rows: Vec::new(),
        top: 0,
    };
    for (i, s) in q.sections.iter().enumerate() {
        b.top = i;
        b.section(s, 0, true, None);
    }
    b.rows
}

impl Builder<'_> {
    fn push(
        &mut self,
        kind: RowKind,
        depth: u16,
        section: &str,
        entry: Option<(String, String)>,
        applicable: bool,
    ) {
        self.rows.push(Row {
            kind,
            depth,
            section: section.to_string(),
            entry,
            applicable,
            top: self.top,
        });
    }

    fn section(&mut self, s: &Section, depth: u16, parent_ok: bool, entry: Option<(&str, &Entry)>) {
        let ok = parent_ok
            && self
                .rules
                .holds(s.applies_when.as_ref(), entry.map(|e| &e.1.answers));
        let entry_key = entry.map(|(sec, e)| (sec.to_string(), e.id.clone()));
        self.push(RowKind::Section, depth, &s.id, entry_key.clone(), ok);
        if s.repeatable.is_some() && entry.is_none() {
            let entries: Vec<Entry> = self
                .ctx
                .assessment
                .entries
                .get(&s.id)
                .cloned()
                .unwrap_or_default();
            for (i, e) in entries.iter().enumerate() {
                let key = Some((s.id.clone(), e.id.clone()));
                self.push(RowKind::EntryHeader(i + 1), depth + 1, &s.id, key, ok);
                self.body(s, depth + 2, ok, Some((&s.id, e)));
            }
            self.push(RowKind::AddEntry, depth + 1, &s.id, None, ok);
        } else {
            self.body(s, depth + 1, ok, entry);
        }
    }

    /// The section's questions and subsections. A linked question (`same_as`) gets no row:
    /// its practice is asked once, by the question it links to, whose answer counts for both.
    fn body(&mut self, s: &Section, depth: u16, ok: bool, entry: Option<(&str, &Entry)>) {
        for q in s.questions.iter().filter(|q| q.same_as.is_none()) {
            let applicable = ok
                && self
                    .rules
                    .holds(q.applies_when.as_ref(), entry.map(|e| &e.1.answers));
            let key = entry.map(|(sec, e)| (sec.to_string(), e.id.clone()));
            self.push(
                RowKind::Question(q.id.clone()),
                depth,
                &s.id,
                key,
                applicable,
            );
        }
        for c in &s.sections {
            self.section(c, depth, ok, entry);
        }
    }
}
