//! Working alongside other assessors: drafts of text being typed, answers others commit,
//! and conflicts when two people change the same answer.

use super::app::{App, Screen};
use super::ctx::Popup;
use super::msg::Effect;
use crate::model::AnswerTarget;
use crate::store::live::{Committed, Remote};

impl App {
    /// Keeps the open editor's text as a draft when it changed since the last one kept
    /// (a timer tick, or a signal ending the program).
    pub fn keep_draft(&mut self) -> Vec<Effect> {
        let Some(Popup::Editor(e)) = self.ctx.popups.last() else {
            return Vec::new();
        };
        let Some((target, field)) = e.draft.clone() else {
            return Vec::new();
        };
        let text = e.editor.text();
        let unchanged = self
            .ctx
            .data
            .draft(&target, field)
            .map_or(text == e.opened_with, |d| d.text == text);
        if unchanged || self.ctx.read_only.is_some() {
            return Vec::new();
        }
        self.ctx
            .data
            .put_draft(target.clone(), field, Some(text.clone()));
        self.ctx.data.drafts.push(crate::store::live::Draft {
            target,
            field: field.to_string(),
            text,
            at: self.ctx.now,
        });
        vec![Effect::Persist]
    }

    /// Drops the draft of an editor that was saved or cancelled.
    pub fn drop_draft(&mut self, key: Option<&(AnswerTarget, &'static str)>) -> Vec<Effect> {
        match key {
            Some((t, f)) if self.ctx.data.draft(t, f).is_some() => {
                self.ctx.data.put_draft(t.clone(), f, None);
                vec![Effect::Persist]
            }
            _ => Vec::new(),
        }
    }

    /// A batch is on disk: remember its revisions, and ask about any conflict.
    pub fn committed(&mut self, c: Committed) {
        self.ctx.data.committed(&c);
        for conflict in c.conflicts {
            self.ctx.popups.push(Popup::Conflict(Box::new(conflict)));
        }
    }

    /// The user chose whose answer stays after a conflict.
    pub fn resolve(&mut self, keep_mine: bool) -> Vec<Effect> {
        let Some(Popup::Conflict(c)) = self.ctx.popups.pop() else {
            return Vec::new();
        };
        self.ctx.data.revs.insert(c.target.clone(), c.rev);
        if keep_mine {
            self.ctx.data.state.put_answer(&c.target, c.mine.clone());
            self.ctx.data.touch_answer(c.target.clone());
            self.ctx.status =
                Some("Kept your answer; it replaces theirs (both are in the history).".into());
        } else {
            self.ctx.data.state.put_answer(&c.target, c.theirs.clone());
            self.ctx.status = Some(format!("Kept the answer {} committed.", c.who));
        }
        self.refresh_screen();
        if keep_mine {
            vec![Effect::Persist]
        } else {
            Vec::new()
        }
    }

    /// What other assessors committed: applied unless this user has an unsaved change there.
    pub fn remote(&mut self, r: Remote) {
        let mut others: Vec<String> = Vec::new();
        let mut changed = 0usize;
        match r {
            Remote::Nothing => return,
            Remote::Answers { rows, .. } => {
                for (target, answer, rev, who) in rows {
                    let seen = self.ctx.data.revs.get(&target).copied().unwrap_or(0);
                    if rev <= seen || self.ctx.data.is_pending(&target) {
                        continue;
                    }
                    self.ctx.data.state.put_answer(&target, answer);
                    self.ctx.data.revs.insert(target, rev);
                    changed += 1;
                    if !others.contains(&who) {
                        others.push(who);
                    }
                }
            }
            Remote::Reload(loaded) => {
                // Changes made here and not yet written stay on top (and are written next).
                self.ctx.data.rebase(loaded.state, loaded.revs);
                changed = 1;
            }
        }
        if changed > 0 {
            self.refresh_screen();
        }
        if !others.is_empty() {
            let plural = if changed == 1 { "answer" } else { "answers" };
            self.ctx.status = Some(format!(
                "{} changed {changed} {plural}",
                crate::sanitize::line(&others.join(", "))
            ));
        }
    }

    /// Rebuilds the wizard's outline after the state changed under it.
    pub fn refresh_screen(&mut self) {
        if let Screen::Wizard(w) = &mut self.screen {
            w.rebuild(&self.ctx.catalog, &self.ctx.data);
            // `rebuild` already works out the progress again.
            w.sync(&self.ctx.catalog, &mut self.ctx.data);
        }
    }

    /// Shows the history of the answer at `target` (the question under the cursor when it was
    /// asked for), or why it cannot be read.
    pub fn show_history(
        &mut self,
        target: &AnswerTarget,
        rows: Result<Vec<crate::store::live::HistoryRow>, String>,
    ) {
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => {
                self.ctx.status = Some(format!("cannot read the history: {e}"));
                return;
            }
        };
        let mut lines: Vec<String> = rows
            .iter()
            .filter(|r| &r.target == target)
            .map(|r| {
                let when =
                    r.at.parse::<jiff::Timestamp>()
                        .map(|t| t.strftime("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default();
                format!(
                    "{when}  {}  {} -> {}",
                    crate::sanitize::line(&r.who),
                    super::answers::answer_line(r.old.as_ref()),
                    super::answers::answer_line(r.new.as_ref())
                )
            })
            .collect();
        if lines.is_empty() {
            lines.push("No committed changes yet.".into());
        }
        let label = (self.ctx.catalog.questionnaire(&target.questionnaire))
            .and_then(|q| q.question(&target.question))
            .map_or_else(
                || crate::sanitize::line(&target.question),
                |x| super::wizard::question_label(&x.id, &x.prompt),
            );
        self.ctx.popups.push(Popup::History {
            title: format!("History of {label} (UTC; Esc closes)"),
            lines,
            scroll: 0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, Status, Value};
    use crate::store::live::{Conflict, HistoryRow};

    #[test]
    fn the_history_popup_lists_this_questions_changes_with_who_and_when() {
        let mut app = crate::synth::wizard_app(3);
        let target = app.wizard().and_then(|w| w.current_target()).unwrap();
        let row = |t: &AnswerTarget, who: &str| HistoryRow {
            seq: 1,
            target: t.clone(),
            old: None,
            new: Some(Answer::new(Value::Status(Status::Met))),
            who: who.into(),
            at: "2026-12-06T10:15:30Z".into(),
        };
        let mut elsewhere = target.clone();
        elsewhere.entry = Some(("impacts".into(), "impact-9".into()));
        let rows = vec![row(&target, "ann@host"), row(&elsewhere, "bob@host")];
        let msg = super::super::msg::Msg::History(target.clone(), Ok(rows));
        super::super::app::update(&mut app, msg);
        let Some(Popup::History { title, lines, .. }) = app.ctx.popups.last() else {
            panic!("a history popup");
        };
        assert!(title.contains(&target.question), "{title}");
        assert_eq!(
            lines,
            &vec!["2026-12-06 10:15  ann@host  (no answer) -> met".to_string()]
        );
        // Down stops with the last change at the bottom: one line fits, nothing scrolls.
        let down = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Down);
        for _ in 0..5 {
            super::super::app::update(&mut app, super::super::msg::Msg::Key(down));
        }
        assert!(matches!(
            app.ctx.popups.last(),
            Some(Popup::History { scroll: 0, .. })
        ));
    }

    #[test]
    fn a_reload_from_others_keeps_what_is_not_written_yet() {
        let mut app = crate::synth::wizard_app(3);
        let target = app.wizard().and_then(|w| w.current_target()).unwrap();
        app.ctx
            .data
            .state
            .set_answer(&target, Answer::new(Value::Status(Status::Gap)));
        app.ctx.data.touch_answer(target.clone());
        app.ctx.data.revs.insert(target.clone(), 2);
        let mut theirs = app.ctx.data.state.clone();
        theirs.organization = "Renamed by someone else".into();
        theirs.put_answer(&target, Some(Answer::new(Value::Status(Status::Met))));
        let loaded = crate::store::live::Loaded {
            state: theirs,
            revs: [(target.clone(), 3)].into_iter().collect(),
            resume: Default::default(),
            drafts: Vec::new(),
            seq: 9,
        };
        app.remote(Remote::Reload(Box::new(loaded)));
        assert_eq!(app.ctx.data.organization, "Renamed by someone else");
        assert_eq!(
            app.ctx.data.state.answer(&target).map(|a| &a.value),
            Some(&Value::Status(Status::Gap)),
            "the unsaved answer stays"
        );
        let batch = app.ctx.data.take_batch();
        assert_eq!(
            batch.changes[0].base,
            Some(2),
            "so its commit still sees the conflict"
        );
    }

    #[test]
    fn a_conflict_kept_as_mine_is_committed_again_against_their_revision() {
        let mut app = crate::synth::wizard_app(3);
        let target = app.wizard().and_then(|w| w.current_target()).unwrap();
        let conflict = Conflict {
            target: target.clone(),
            mine: Some(Answer::new(Value::Status(Status::Gap))),
            theirs: Some(Answer::new(Value::Status(Status::Met))),
            rev: 4,
            who: "bob@host".into(),
            at: "2026-12-06T10:15:30Z".into(),
        };
        app.ctx
            .popups
            .push(Popup::Conflict(Box::new(conflict.clone())));
        assert_eq!(app.resolve(true), vec![Effect::Persist]);
        let batch = app.ctx.data.take_batch();
        let p = &batch.changes[0];
        assert_eq!(p.base, Some(4), "written over theirs knowingly");
        app.ctx.popups.push(Popup::Conflict(Box::new(conflict)));
        assert!(app.resolve(false).is_empty());
        assert_eq!(
            app.ctx.data.state.answer(&target).map(|a| &a.value),
            Some(&Value::Status(Status::Met))
        );
        assert!(!app.ctx.data.is_dirty(), "theirs is already stored");
    }
}
