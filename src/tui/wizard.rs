//! The wizard screen's state and its pure operations: moving through the outline,
//! picking and committing answers, flags and repeatable entries.

use jiff::Timestamp;

use std::sync::Arc;

use super::answers::{self, answer_of, answers_mut};
use super::data::{ResumePoint, WorkspaceState};
use super::msg::Effect;
use super::outline::{Row, RowKind};
use super::progress::{self, Summary};
use crate::catalog::Catalog;
use crate::model::QuestionnaireIndex;
use crate::model::{Answer, AnswerSpec, Assessment, Entry, Question, Questionnaire, Rating, Value};

/// The wizard's panes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Section tree.
    Tree,
    /// The question and its answer widget.
    Answer,
    /// Help, evidence examples and crosswalk.
    Info,
}

impl Pane {
    /// The next pane (Tab), or the previous one.
    pub fn cycle(self, forward: bool) -> Pane {
        match (self, forward) {
            (Pane::Tree, true) | (Pane::Info, false) => Pane::Answer,
            (Pane::Answer, true) | (Pane::Tree, false) => Pane::Info,
            (Pane::Info, true) | (Pane::Answer, false) => Pane::Tree,
        }
    }

    /// Tab title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Tree => "Sections",
            Pane::Answer => "Question",
            Pane::Info => "Help",
        }
    }
}

/// The wizard's state.
#[derive(Debug, Clone)]
pub struct WizardState {
    /// The day readiness and overdue checks are made as of (set when it opens).
    pub as_of: jiff::civil::Date,
    /// Questionnaire id.
    pub questionnaire: String,
    /// Subject id for per-subject questionnaires.
    pub subject: Option<String>,
    /// The flattened outline.
    pub rows: Vec<Row>,
    /// Index of the current row.
    pub cursor: usize,
    /// Focused pane.
    pub focus: Pane,
    /// Highlighted picker option.
    pub pick: usize,
    /// Whether the current question may be answered "Out of scope" (the picker offers it
    /// only then; requirement clauses 4–10 may not be excluded).
    pub excludable: bool,
    /// Draft selection of a multi-choice answer.
    pub multi: Vec<String>,
    /// Draft likelihood × severity.
    pub rating: Rating,
    /// Scroll of the help panel.
    pub info_scroll: u16,
    /// Scroll of the Question pane (PgUp/PgDn there; back to the top on another question).
    pub answer_scroll: u16,
    /// Where the questionnaire's questions and sections are (shared by clones).
    pub index: Arc<QuestionnaireIndex>,
    /// Progress and readiness, refreshed by [`WizardState::summarize`].
    pub summary: Summary,
    /// Answers changed in this wizard, oldest first: where, and the answer before (`u`
    /// puts the last one back).
    pub undo: Vec<(crate::model::AnswerTarget, Option<Answer>)>,
}

/// The assessment for a questionnaire and subject, created on first use.
pub fn assessment_mut<'a>(
    data: &'a mut WorkspaceState,
    q: &str,
    s: Option<&str>,
) -> Option<&'a mut Assessment> {
    let matches = |a: &Assessment| a.questionnaire == q && a.subject.as_deref() == s;
    if !data.assessments.iter().any(matches) {
        data.assessments
            .push(Assessment::new(q, s.map(str::to_string)));
    }
    data.assessments.iter_mut().find(|a| matches(a))
}

impl WizardState {
    /// Opens a questionnaire at its first applicable question; `None` if the id is unknown.
    pub fn open(
        catalog: &Catalog,
        data: &mut WorkspaceState,
        q: &str,
        subject: Option<&str>,
        as_of: jiff::civil::Date,
    ) -> Option<Self> {
        let index = Arc::new(QuestionnaireIndex::new(catalog.questionnaire(q)?));
        let mut w = WizardState {
            questionnaire: q.to_string(),
            subject: subject.map(str::to_string),
            rows: Vec::new(),
            cursor: 0,
            focus: Pane::Tree,
            pick: 0,
            excludable: true,
            multi: Vec::new(),
            rating: Rating {
                likelihood: 1,
                severity: 1,
            },
            info_scroll: 0,
            answer_scroll: 0,
            index,
            summary: Summary::default(),
            undo: Vec::new(),
            as_of,
        };
        w.rebuild(catalog, data);
        w.edge(catalog, data, false);
        w.sync(catalog, data);
        Some(w)
    }

    /// The current row.
    pub fn row(&self) -> Option<&Row> {
        self.rows.get(self.cursor)
    }

    /// The questionnaire and current question.
    pub fn question<'a>(&self, catalog: &'a Catalog) -> Option<(&'a Questionnaire, &'a Question)> {
        let q = catalog.questionnaire(&self.questionnaire)?;
        Some((q, self.index.question(q, self.row()?.question()?)?))
    }

    /// The assessment, if any answer was given.
    pub fn assessment<'a>(&self, data: &'a WorkspaceState) -> Option<&'a Assessment> {
        progress::find(data, &self.questionnaire, self.subject.as_deref())
    }

    /// Rebuilds the outline after answers changed, keeping the cursor on the same row.
    pub fn rebuild(&mut self, catalog: &Catalog, data: &WorkspaceState) {
        let Some(q) = catalog.questionnaire(&self.questionnaire) else {
            return;
        };
        let key = self
            .row()
            .map(|r| (r.kind.clone(), r.entry.clone(), r.section.clone()));
        let empty = Assessment::new(&self.questionnaire, self.subject.clone());
        let a = self.assessment(data).unwrap_or(&empty);
        self.rows = crate::tui::progress::rows(q, catalog, data, a);
        if let Some(key) = key
            && let Some(i) = self
                .rows
                .iter()
                .position(|r| (r.kind.clone(), r.entry.clone(), r.section.clone()) == key)
        {
            self.cursor = i;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        self.summarize(catalog, data);
    }

    /// Recomputes the progress and readiness shown; after every committed change (rows and
    /// answers only change then), not per frame.
    pub fn summarize(&mut self, catalog: &Catalog, data: &WorkspaceState) {
        let empty = Assessment::new("", None);
        let a = self.assessment(data).unwrap_or(&empty);
        self.summary = Summary::of(catalog, data, &self.rows, a, self.as_of);
    }

    /// Resets the answer widget from the stored answer and records the resume point.
    pub fn sync(&mut self, catalog: &Catalog, data: &mut WorkspaceState) {
        let answer = self
            .row()
            .and_then(|r| self.assessment(data).and_then(|a| answer_of(a, r)))
            .cloned();
        if let Some((q, question)) = self.question(catalog) {
            self.excludable = !q.not_excludable().contains(question.id.as_str());
            let offered = answers::offered(&question.answer, self.excludable);
            self.pick = answers::picked_index(&offered, answer.as_ref());
            self.multi = match answer.as_ref().map(|a| &a.value) {
                Some(Value::MultiChoice(v)) => v.clone(),
                _ => Vec::new(),
            };
            self.rating = match answer.as_ref().map(|a| &a.value) {
                Some(Value::LikelihoodSeverity(r)) => *r,
                _ => first_rating(q, &question.answer),
            };
        }
        self.info_scroll = 0;
        self.answer_scroll = 0;
        self.record_resume(data);
    }

    /// Writes the current position into the workspace state (persisted with the next save).
    pub fn record_resume(&self, data: &mut WorkspaceState) {
        if let Some(row) = self.row()
            && let Some(qid) = row.question()
        {
            let point = Some(ResumePoint {
                questionnaire: self.questionnaire.clone(),
                subject: self.subject.clone(),
                question: qid.to_string(),
                entry: row.entry.as_ref().map(|e| e.1.clone()),
                scroll: self.info_scroll,
            });
            if data.resume != point {
                data.resume = point;
                data.touch_resume();
            }
        }
    }

    /// Where the answer of question `qid` on `row` is stored.
    pub fn target(&self, row: &Row, qid: &str) -> crate::model::AnswerTarget {
        crate::model::AnswerTarget {
            questionnaire: self.questionnaire.clone(),
            subject: self.subject.clone(),
            entry: row.entry.clone(),
            question: qid.to_string(),
        }
    }

    /// The question under the cursor as editors and prompts name it: its id and the start
    /// of its prompt (sanitized).
    pub fn question_label(&self, catalog: &Catalog) -> Option<String> {
        let (_, q) = self.question(catalog)?;
        Some(question_label(&q.id, &q.prompt))
    }

    /// Where the answer under the cursor is stored, if the cursor is on a question.
    pub fn current_target(&self) -> Option<crate::model::AnswerTarget> {
        let row = self.row()?;
        Some(self.target(row, row.question()?))
    }

    /// Moves to the first row matching a resume point.
    pub fn goto_resume(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        r: &ResumePoint,
    ) -> bool {
        let found = self.rows.iter().position(|row| {
            row.question() == Some(r.question.as_str())
                && row.entry.as_ref().map(|e| &e.1) == r.entry.as_ref()
        });
        if let Some(i) = found {
            self.cursor = i;
            self.sync(catalog, data);
            self.info_scroll = r.scroll;
            self.record_resume(data);
        }
        found.is_some()
    }

    fn movable(&self, i: usize) -> bool {
        self.rows
            .get(i)
            .is_some_and(|r| r.selectable() && r.applicable)
    }

    /// Moves to the next (`dir` > 0) or previous movable row; stays put at either end.
    pub fn step(&mut self, catalog: &Catalog, data: &mut WorkspaceState, dir: isize) {
        let mut i = self.cursor as isize + dir;
        while i >= 0 && (i as usize) < self.rows.len() {
            if self.movable(i as usize) {
                self.jump(catalog, data, i as usize);
                return;
            }
            i += dir;
        }
    }

    /// Moves to a row.
    pub fn jump(&mut self, catalog: &Catalog, data: &mut WorkspaceState, i: usize) {
        if i < self.rows.len() {
            self.cursor = i;
            self.sync(catalog, data);
        }
    }

    /// First or last movable row.
    pub fn edge(&mut self, catalog: &Catalog, data: &mut WorkspaceState, last: bool) {
        self.cursor = if last { self.rows.len() } else { 0 };
        if !last && self.movable(0) {
            return self.jump(catalog, data, 0);
        }
        self.step(catalog, data, if last { -1 } else { 1 });
    }

    /// First movable row of the next or previous top-level section.
    pub fn section_jump(&mut self, catalog: &Catalog, data: &mut WorkspaceState, forward: bool) {
        let top = self.row().map_or(0, |r| r.top);
        let target = if forward {
            top + 1
        } else {
            top.saturating_sub(1)
        };
        if let Some(i) = (0..self.rows.len())
            .find(|i| self.movable(*i) && self.rows.get(*i).is_some_and(|r| r.top == target))
        {
            self.jump(catalog, data, i);
        }
    }

    /// Moves to the next / previous applicable unanswered question, wrapping around.
    pub fn next_unanswered(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        forward: bool,
    ) -> bool {
        let n = self.rows.len();
        let empty = Assessment::new("", None);
        let a = self.assessment(data).unwrap_or(&empty);
        let found = (1..=n)
            .map(|d| {
                if forward {
                    (self.cursor + d) % n
                } else {
                    (self.cursor + n * 2 - d) % n
                }
            })
            .find(|i| {
                self.rows.get(*i).is_some_and(|r| {
                    r.applicable && r.question().is_some() && answer_of(a, r).is_none()
                })
            });
        if let Some(i) = found {
            self.jump(catalog, data, i);
        }
        found.is_some()
    }

    /// Stores `value` as the current question's answer; see [`WizardState::commit_at`].
    pub fn commit(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        value: Value,
        justification: Option<String>,
        now: Timestamp,
    ) -> Vec<Effect> {
        self.commit_at(catalog, data, self.cursor, value, justification, now)
    }

    /// Stores `value` as the answer of the question on row `at` (keeping note, evidence,
    /// owner, due and flag), answered at `now`, and rebuilds the outline. The cursor then moves to the next
    /// question in file order when that question had no answer yet, and stays on it when
    /// an existing answer was changed; it never jumps to an unanswered question elsewhere.
    pub fn commit_at(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        at: usize,
        value: Value,
        justification: Option<String>,
        now: Timestamp,
    ) -> Vec<Effect> {
        let Some(row) = self.rows.get(at).cloned() else {
            return Vec::new();
        };
        let Some(qid) = row.question().map(str::to_string) else {
            return Vec::new();
        };
        let target = self.target(&row, &qid);
        let before = data.state.answer(&target).cloned();
        let a = assessment_mut(data, &self.questionnaire, self.subject.as_deref());
        let Some(map) = a.and_then(|a| answers_mut(a, &row)) else {
            return Vec::new();
        };
        let slot = map
            .entry(qid.clone())
            .or_insert_with(|| Answer::new(value.clone()));
        slot.value = value;
        slot.justification = justification.filter(|j| !j.trim().is_empty());
        slot.answered_at = Some(now);
        self.undo.push((target.clone(), before.clone()));
        data.touch_answer(target.clone());
        self.cursor = at;
        self.rebuild(catalog, data);
        let here = self.row_of(&target).unwrap_or(self.cursor);
        self.cursor = here;
        if before.is_none() {
            self.step(catalog, data, 1);
        }
        if self.cursor == here {
            self.sync(catalog, data);
        }
        vec![Effect::Persist]
    }

    /// The row holding the answer at `target`, if it is in the outline.
    pub fn row_of(&self, target: &crate::model::AnswerTarget) -> Option<usize> {
        (target.questionnaire == self.questionnaire && target.subject == self.subject)
            .then(|| {
                self.rows.iter().position(|r| {
                    r.question() == Some(target.question.as_str()) && r.entry == target.entry
                })
            })
            .flatten()
    }

    /// Changes the current answer's extra fields; see [`WizardState::edit_answer_at`].
    pub fn edit_answer(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        f: impl FnOnce(&mut Answer),
    ) -> Result<Vec<Effect>, String> {
        self.edit_answer_at(catalog, data, self.cursor, f)
    }

    /// Changes the extra fields (note, evidence, owner, due, flag) of the answer on row
    /// `at` (the cursor goes there, so the change is in view); `Err` when that question has
    /// no answer yet.
    pub fn edit_answer_at(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        at: usize,
        f: impl FnOnce(&mut Answer),
    ) -> Result<Vec<Effect>, String> {
        let row = self.rows.get(at).cloned().ok_or("no question selected")?;
        let qid = row.question().ok_or("no question selected")?.to_string();
        let target = self.target(&row, &qid);
        let before = data.state.answer(&target).cloned();
        let a = assessment_mut(data, &self.questionnaire, self.subject.as_deref());
        let ans = a
            .and_then(|a| answers_mut(a, &row))
            .and_then(|m| m.get_mut(&qid))
            .ok_or(
                "answer the question first, then add notes, evidence, owner, due date or a flag",
            )?;
        f(ans);
        self.undo.push((target.clone(), before));
        data.touch_answer(target);
        if at == self.cursor {
            self.record_resume(data);
        } else {
            self.jump(catalog, data, at);
        }
        Ok(vec![Effect::Persist])
    }

    /// Puts back the answer as it was before the last change made in this wizard (a new
    /// commit, so it is in the history like any other) and moves the cursor to it; says
    /// what it did, or `Err` when there is nothing to undo.
    pub fn undo_last(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
    ) -> Result<String, String> {
        let (target, before) = self
            .undo
            .pop()
            .ok_or("nothing to undo: no answer was changed in this questionnaire yet")?;
        data.state.put_answer(&target, before.clone());
        data.touch_answer(target.clone());
        self.rebuild(catalog, data);
        if let Some(i) = self.row_of(&target) {
            self.cursor = i;
        }
        self.sync(catalog, data);
        let label = self
            .question_label(catalog)
            .unwrap_or_else(|| crate::sanitize::line(&target.question));
        Ok(format!(
            "Undone: {label} is back to {}",
            super::answers::answer_line(before.as_ref())
        ))
    }

    /// Removes the current answer.
    pub fn clear(&mut self, catalog: &Catalog, data: &mut WorkspaceState) -> Vec<Effect> {
        let Some(row) = self.row().cloned() else {
            return Vec::new();
        };
        let a = assessment_mut(data, &self.questionnaire, self.subject.as_deref());
        if let (Some(m), Some(q)) = (a.and_then(|a| answers_mut(a, &row)), row.question())
            && let Some(old) = m.remove(q)
        {
            let target = self.target(&row, q);
            self.undo.push((target.clone(), Some(old)));
            data.touch_answer(target);
        }
        self.rebuild(catalog, data);
        self.sync(catalog, data);
        vec![Effect::Persist]
    }

    /// The repeatable section the cursor is in, if any.
    pub fn repeat_section(&self) -> Option<String> {
        let r = self.row()?;
        match (&r.kind, &r.entry) {
            (RowKind::AddEntry, _) => Some(r.section.clone()),
            (_, Some((sec, _))) => Some(sec.clone()),
            _ => None,
        }
    }

    /// Adds an entry to a repeatable section and moves to its first question.
    pub fn add_entry(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        section: &str,
    ) -> Result<Vec<Effect>, String> {
        let q = catalog
            .questionnaire(&self.questionnaire)
            .ok_or("unknown questionnaire")?;
        let rep = q
            .section(section)
            .and_then(|s| s.repeatable.clone())
            .ok_or("not a repeatable section")?;
        let a = assessment_mut(data, &self.questionnaire, self.subject.as_deref())
            .ok_or("no assessment")?;
        let list = a.entries.entry(section.to_string()).or_default();
        if rep.max.is_some_and(|m| list.len() >= m as usize) {
            let max = rep.max.unwrap_or(0) as usize;
            let (one, many) = (
                format!("{} entry", rep.entry_label),
                format!("{} entries", rep.entry_label),
            );
            return Err(format!(
                "at most {}",
                crate::tui::view::text::count(max, &one, &many)
            ));
        }
        let mut n = list.len() + 1;
        while list
            .iter()
            .any(|e| e.id == format!("{}-{n}", rep.entry_label))
        {
            n += 1;
        }
        let id = format!("{}-{n}", rep.entry_label);
        list.push(Entry {
            id: id.clone(),
            answers: Default::default(),
        });
        data.touch_entries(&self.questionnaire, self.subject.as_deref(), section);
        self.rebuild(catalog, data);
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| r.question().is_some() && r.entry.as_ref().is_some_and(|e| e.1 == id))
        {
            self.jump(catalog, data, i);
        }
        Ok(vec![Effect::Persist])
    }

    /// Removes an entry of a repeatable section.
    pub fn remove_entry(
        &mut self,
        catalog: &Catalog,
        data: &mut WorkspaceState,
        section: &str,
        id: &str,
    ) -> Vec<Effect> {
        let a = assessment_mut(data, &self.questionnaire, self.subject.as_deref());
        if let Some(list) = a.and_then(|a| a.entries.get_mut(section)) {
            list.retain(|e| e.id != id);
        }
        data.touch_entries(&self.questionnaire, self.subject.as_deref(), section);
        self.rebuild(catalog, data);
        if !self.movable(self.cursor) {
            self.step(catalog, data, -1);
        }
        self.sync(catalog, data);
        vec![Effect::Persist]
    }

    /// The value the answer widget would commit now (picker, multi selection or grid).
    pub fn draft_value(&self, spec: &AnswerSpec) -> Option<Value> {
        match spec {
            AnswerSpec::MultiChoice { .. } => Some(Value::MultiChoice(self.multi.clone())),
            AnswerSpec::LikelihoodSeverity { .. } => Some(Value::LikelihoodSeverity(self.rating)),
            _ => answers::offered(spec, self.excludable)
                .get(self.pick)
                .map(|o| o.value.clone()),
        }
    }
}

/// `id · prompt`, the prompt cut at about 60 characters on a word boundary, sanitized.
pub fn question_label(id: &str, prompt: &str) -> String {
    let prompt = crate::sanitize::line(prompt);
    let mut short = String::new();
    for word in prompt.split_whitespace() {
        if short.chars().count() + word.chars().count() > 60 {
            short.push('…');
            break;
        }
        if !short.is_empty() {
            short.push(' ');
        }
        short.push_str(word);
    }
    format!("{} · {short}", crate::sanitize::line(id))
}

fn first_rating(q: &Questionnaire, spec: &AnswerSpec) -> Rating {
    let low = |id: &str| {
        q.scales
            .get(id)
            .and_then(|s| s.levels.first())
            .map_or(1, |l| l.value)
    };
    match spec {
        AnswerSpec::LikelihoodSeverity {
            likelihood,
            severity,
        } => Rating {
            likelihood: low(likelihood),
            severity: low(severity),
        },
        _ => Rating {
            likelihood: 1,
            severity: 1,
        },
    }
}

/// Moves a rating within its scales' bounds.
pub fn nudge_rating(q: &Questionnaire, spec: &AnswerSpec, r: &mut Rating, dl: i64, ds: i64) {
    let AnswerSpec::LikelihoodSeverity {
        likelihood,
        severity,
    } = spec
    else {
        return;
    };
    let clamp = |id: &str, v: i64| {
        let levels = q.scales.get(id).map(|s| s.levels.as_slice()).unwrap_or(&[]);
        let lo = levels.first().map_or(1, |l| l.value);
        let hi = levels.last().map_or(5, |l| l.value);
        v.clamp(lo, hi)
    };
    r.likelihood = clamp(likelihood, r.likelihood + dl);
    r.severity = clamp(severity, r.severity + ds);
}
