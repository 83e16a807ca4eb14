//! Working alongside other assessors: drafts of text being typed, answers others commit,
//! and conflicts when two people change the same answer.

use super::app::{App, Screen};
use super::ctx::{Popup, Purpose};
use super::msg::Effect;
use crate::model::{Answer, AnswerTarget};
use crate::store::live::{Committed, Conflict, Remote};

/// The draft field an editor keeps its text under; `None` for editors that are not about
/// one question (names, forms).
pub fn draft_field(p: &Purpose) -> Option<&'static str> {
    Some(match p {
        Purpose::AnswerText => "text",
        Purpose::AnswerDate => "date",
        Purpose::AnswerNumber => "number",
        Purpose::Justification => "justification",
        Purpose::Note => "note",
        Purpose::Evidence => "evidence",
        Purpose::Owner => "owner",
        Purpose::Due => "due",
        _ => return None,
    })
}

/// The question and field an editor for `purpose` opened now would keep drafts under.
pub fn draft_key(app: &App, purpose: &Purpose) -> Option<(AnswerTarget, &'static str)> {
    let field = draft_field(purpose)?;
    Some((app.wizard()?.current_target()?, field))
}

/// The text an editor opens with: a kept draft for that question and field (said in the
/// status line), else `text`.
pub fn opening_text(
    ctx: &mut super::ctx::Ctx,
    key: Option<&(AnswerTarget, &'static str)>,
    text: &str,
) -> String {
    let Some(d) = key.and_then(|(t, f)| ctx.data.draft(t, f)) else {
        return text.to_string();
    };
    let when = d.at.strftime("%Y-%m-%d %H:%M UTC").to_string();
    let restored = d.text.clone();
    ctx.status = Some(format!(
        "Restored your unsaved draft from {when}: it is not an answer until you save it (Esc discards it)"
    ));
    restored
}

/// Keeps the open editor's text as a draft when it changed since the last one kept
/// (a timer tick, or a signal ending the program).
pub fn keep_draft(app: &mut App) -> Vec<Effect> {
    let Some(Popup::Editor(e)) = app.ctx.popups.last() else {
        return Vec::new();
    };
    let Some((target, field)) = e.draft.clone() else {
        return Vec::new();
    };
    let text = e.editor.text();
    let unchanged = app
        .ctx
        .data
        .draft(&target, field)
        .map_or(text == e.opened_with, |d| d.text == text);
    if unchanged || app.ctx.read_only.is_some() {
        return Vec::new();
    }
    app.ctx
        .data
        .put_draft(target.clone(), field, Some(text.clone()));
    app.ctx.data.drafts.push(crate::store::live::Draft {
        target,
        field: field.to_string(),
        text,
        at: app.ctx.now,
    });
    vec![Effect::Persist]
}

/// Drops the draft of an editor that was saved or cancelled.
pub fn drop_draft(app: &mut App, key: Option<&(AnswerTarget, &'static str)>) -> Vec<Effect> {
    match key {
        Some((t, f)) if app.ctx.data.draft(t, f).is_some() => {
            app.ctx.data.put_draft(t.clone(), f, None);
            vec![Effect::Persist]
        }
        _ => Vec::new(),
    }
}

/// A batch is on disk: remember its revisions, and ask about any conflict.
pub fn committed(app: &mut App, c: Committed) {
    app.ctx.data.committed(&c);
    for conflict in c.conflicts {
        app.ctx.popups.push(Popup::Conflict(Box::new(conflict)));
    }
}

/// The user chose whose answer stays after a conflict.
pub fn resolve(app: &mut App, keep_mine: bool) -> Vec<Effect> {
    let Some(Popup::Conflict(c)) = app.ctx.popups.pop() else {
        return Vec::new();
    };
    app.ctx.data.revs.insert(c.target.clone(), c.rev);
    if keep_mine {
        app.ctx.data.state.put_answer(&c.target, c.mine.clone());
        app.ctx.data.touch_answer(c.target.clone());
        app.ctx.status =
            Some("Kept your answer; it replaces theirs (both are in the history).".into());
    } else {
        app.ctx.data.state.put_answer(&c.target, c.theirs.clone());
        app.ctx.status = Some(format!("Kept the answer {} committed.", c.who));
    }
    refresh_screen(app);
    if keep_mine {
        vec![Effect::Persist]
    } else {
        Vec::new()
    }
}

/// What other assessors committed: applied unless this user has an unsaved change there.
pub fn remote(app: &mut App, r: Remote) {
    let mut others: Vec<String> = Vec::new();
    let mut changed = 0usize;
    match r {
        Remote::Nothing => return,
        Remote::Answers { rows, .. } => {
            for (target, answer, rev, who) in rows {
                let seen = app.ctx.data.revs.get(&target).copied().unwrap_or(0);
                if rev <= seen || app.ctx.data.is_pending(&target) {
                    continue;
                }
                app.ctx.data.state.put_answer(&target, answer);
                app.ctx.data.revs.insert(target, rev);
                changed += 1;
                if !others.contains(&who) {
                    others.push(who);
                }
            }
        }
        Remote::Reload(loaded) => {
            // Changes made here and not yet written stay on top (and are written next).
            app.ctx.data.rebase(loaded.state, loaded.revs);
            changed = 1;
        }
    }
    if changed > 0 {
        refresh_screen(app);
    }
    if !others.is_empty() {
        let plural = if changed == 1 { "answer" } else { "answers" };
        app.ctx.status = Some(format!(
            "{} changed {changed} {plural}",
            crate::sanitize::line(&others.join(", "))
        ));
    }
}

/// Rebuilds the wizard's outline after the state changed under it.
pub fn refresh_screen(app: &mut App) {
    if let Screen::Wizard(w) = &mut app.screen {
        w.rebuild(&app.ctx.catalog, &app.ctx.data);
        w.sync(&app.ctx.catalog, &mut app.ctx.data);
        w.summarize(&app.ctx.catalog, &app.ctx.data);
    }
}

/// One line for an answer in a conflict or the history: its value, or "(no answer)".
pub fn answer_line(a: Option<&Answer>) -> String {
    match a {
        None => "(no answer)".into(),
        Some(a) => {
            let mut s = crate::report::rows::value_text(&a.value);
            if !a.note.is_empty() {
                s.push_str(" · note: ");
                s.push_str(&a.note);
            }
            crate::sanitize::line(&s)
        }
    }
}

/// The conflict popup's text.
pub fn conflict_text(c: &Conflict) -> Vec<String> {
    vec![
        format!(
            "{} changed {} while you were editing it.",
            crate::sanitize::line(&c.who),
            crate::sanitize::line(&c.target.question)
        ),
        format!("Theirs: {}", answer_line(c.theirs.as_ref())),
        format!("Yours:  {}", answer_line(c.mine.as_ref())),
    ]
}

/// Shows the history of the answer at `target` (the question under the cursor when it was
/// asked for), or why it cannot be read.
pub fn show_history(
    app: &mut App,
    target: &AnswerTarget,
    rows: Result<Vec<crate::store::live::HistoryRow>, String>,
) {
    let rows = match rows {
        Ok(rows) => rows,
        Err(e) => {
            app.ctx.status = Some(format!("cannot read the history: {e}"));
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
                answer_line(r.old.as_ref()),
                answer_line(r.new.as_ref())
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push("No committed changes yet.".into());
    }
    let label = (app.ctx.catalog.questionnaire(&target.questionnaire))
        .and_then(|q| q.question(&target.question))
        .map_or_else(
            || crate::sanitize::line(&target.question),
            |x| super::wizard::question_label(&x.id, &x.prompt),
        );
    app.ctx.popups.push(Popup::History {
        title: format!("History of {label} (UTC; Esc closes)"),
        lines,
        scroll: 0,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Status, Value};
    use crate::store::live::HistoryRow;

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
        remote(&mut app, Remote::Reload(Box::new(loaded)));
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
        assert_eq!(resolve(&mut app, true), vec![Effect::Persist]);
        let batch = app.ctx.data.take_batch();
        let p = &batch.changes[0];
        assert_eq!(p.base, Some(4), "written over theirs knowingly");
        app.ctx.popups.push(Popup::Conflict(Box::new(conflict)));
        assert!(resolve(&mut app, false).is_empty());
        assert_eq!(
            app.ctx.data.state.answer(&target).map(|a| &a.value),
            Some(&Value::Status(Status::Met))
        );
        assert!(!app.ctx.data.is_dirty(), "theirs is already stored");
    }
}
