//! Screen actions: what each keymap action does on the home screen, in the wizard, in the
//! search palette, after a confirmation and when an editor is saved.

use crossterm::event::KeyEvent;

use super::answers::{self, answer_of, parse_date, parse_number};
use super::app::{App, ConfirmAction, Effect, Popup, Purpose, Screen};
use super::editor::edit_key;
use super::home::{self, HomeRow};
use super::keymap::Action;
use super::search::{Haystacks, LOOKAHEAD};
use super::wizard::{Pane, WizardState, nudge_rating};
use crate::model::{AnswerSpec, Kind, Status, SubjectKind, Value};

/// Opens the questionnaire of `kind`; per-subject kinds need a subject id or name
/// (a new name is added to the inventory).
pub fn open_kind(app: &mut App, kind: Kind, subject: Option<&str>) -> Vec<Effect> {
    let Some(q) = app
        .catalog
        .questionnaire_of_kind(kind)
        .map(|q| q.id.clone())
    else {
        app.status = Some(format!("no {} questionnaire is loaded", kind.as_str()));
        return Vec::new();
    };
    let mut effects = Vec::new();
    let subject_id = match (kind.per_subject(), subject) {
        (false, _) => None,
        (true, Some(name)) => Some(find_or_add_subject(app, kind, name, &mut effects)),
        (true, None) => {
            app.status = Some(format!(
                "choose or add a subject for the {} questionnaire",
                kind.as_str()
            ));
            return effects;
        }
    };
    open_wizard(app, &q, subject_id.as_deref());
    effects
}

fn find_or_add_subject(app: &mut App, kind: Kind, name: &str, effects: &mut Vec<Effect>) -> String {
    if let Some(s) = app
        .data
        .subjects
        .iter()
        .find(|s| s.id == name || s.name == name)
    {
        return s.id.clone();
    }
    let sk = kind.subject_kind().unwrap_or(SubjectKind::AiSystem);
    let s = home::new_subject(&app.data, sk, name);
    let id = s.id.clone();
    app.data.subjects.push(s);
    app.data.touch_subject(&id);
    effects.push(Effect::Persist);
    id
}

/// Opens the wizard on a questionnaire, at the saved position when it is the resume point.
pub fn open_wizard(app: &mut App, questionnaire: &str, subject: Option<&str>) {
    let saved = app.data.resume.clone();
    let Some(mut w) = WizardState::open(&app.catalog, &mut app.data, questionnaire, subject) else {
        app.status = Some(format!("unknown questionnaire {questionnaire}"));
        return;
    };
    if let Some(r) = saved
        && r.questionnaire == questionnaire
        && r.subject.as_deref() == subject
    {
        w.goto_resume(&app.catalog, &mut app.data, &r);
    }
    app.screen = Screen::Wizard(Box::new(w));
}

/// Opens the wizard on `questionnaire` (no subject) at the question `question`.
pub fn open_wizard_at(app: &mut App, questionnaire: &str, question: &str) {
    open_wizard(app, questionnaire, None);
    if let Screen::Wizard(w) = &mut app.screen
        && let Some(i) = w.rows.iter().position(|r| r.question() == Some(question))
    {
        w.jump(&app.catalog, &mut app.data, i);
    }
}

/// Runs a confirmed action.
pub fn confirmed(app: &mut App, action: ConfirmAction) -> Vec<Effect> {
    match action {
        ConfirmAction::Resume => {
            if let Some(r) = app.data.resume.clone() {
                open_wizard(app, &r.questionnaire, r.subject.as_deref());
            }
            Vec::new()
        }
        ConfirmAction::RemoveEntry(section, id) => with_wizard(app, |w, app| {
            w.remove_entry(&app.catalog, &mut app.data, &section, &id)
        }),
        ConfirmAction::Retire(id) => {
            if let Some(s) = app.data.subjects.iter_mut().find(|s| s.id == id) {
                s.retired = !s.retired;
            }
            app.data.touch_subject(&id);
            vec![Effect::Persist]
        }
        ConfirmAction::DeleteFinding(id) => super::screens::findings::delete(app, &id),
        ConfirmAction::Reopen(file) => vec![Effect::ReopenSnapshot { file }],
        ConfirmAction::QuitDiscardForm => {
            app.popups.retain(|p| !matches!(p, Popup::Form(_)));
            super::app::quit(app)
        }
        ConfirmAction::QuitUnsaved => {
            app.save.discard = true;
            vec![Effect::Quit]
        }
    }
}

/// Runs `f` on the wizard state (taken out of the app for the call).
fn with_wizard(
    app: &mut App,
    f: impl FnOnce(&mut WizardState, &mut App) -> Vec<Effect>,
) -> Vec<Effect> {
    let Screen::Wizard(w) = &mut app.screen else {
        return Vec::new();
    };
    let mut w = std::mem::replace(w, Box::new(placeholder()));
    let effects = f(&mut w, app);
    app.screen = Screen::Wizard(w);
    effects
}

fn placeholder() -> WizardState {
    WizardState {
        questionnaire: String::new(),
        subject: None,
        rows: Vec::new(),
        cursor: 0,
        focus: Pane::Tree,
        pick: 0,
        excludable: true,
        multi: Vec::new(),
        rating: crate::model::Rating {
            likelihood: 1,
            severity: 1,
        },
        info_scroll: 0,
        answer_scroll: 0,
        lookup: Default::default(),
        summary: Default::default(),
        undo: Vec::new(),
    }
}

/// Title of an editor popup.
pub fn editor_title(p: &Purpose) -> &'static str {
    match p {
        Purpose::AnswerText => "Answer",
        Purpose::AnswerDate => "Answer: date (YYYY-MM-DD)",
        Purpose::AnswerNumber => "Answer: number",
        Purpose::Justification => "Why is this out of scope? (required)",
        Purpose::Note => "Note",
        Purpose::Evidence => super::evidence::TITLE,
        Purpose::Owner => "Owner",
        Purpose::Due => "Due date (YYYY-MM-DD, empty to clear)",
        Purpose::Organization => "Organization name",
        Purpose::AddSubject(SubjectKind::AiSystem) => "New AI system: name",
        Purpose::AddSubject(SubjectKind::Vendor) => "New vendor: name",
        Purpose::Rename(_) => "New name",
        Purpose::FormField(_) => "Field",
        Purpose::SoaJustification(_) => "Why is this control excluded? (required)",
    }
}

/// Whether an editor for `p` takes several lines.
pub fn multiline(p: &Purpose, app: &App) -> bool {
    match p {
        Purpose::Justification
        | Purpose::Note
        | Purpose::Evidence
        | Purpose::SoaJustification(_) => true,
        Purpose::AnswerText => app
            .wizard()
            .and_then(|w| w.question(&app.catalog))
            .is_some_and(|(_, q)| {
                matches!(
                    q.answer,
                    AnswerSpec::Text {
                        multiline: true,
                        ..
                    }
                )
            }),
        _ => false,
    }
}

fn open_editor(app: &mut App, purpose: Purpose, text: &str) {
    let ml = multiline(&purpose, app);
    app.edit(editor_title(&purpose), purpose, text, ml);
}

/// Applies saved editor text to what the editor was opened on (`target`, for answers);
/// `Err` keeps the editor open with the message.
pub fn apply_edit(
    app: &mut App,
    purpose: &Purpose,
    target: Option<&crate::model::AnswerTarget>,
    text: &str,
) -> Result<Vec<Effect>, String> {
    let t = text.trim();
    let nonempty = |what: &str| {
        if t.is_empty() {
            Err(format!("{what} cannot be empty: type it, or Esc to cancel"))
        } else {
            Ok(t.to_string())
        }
    };
    match purpose {
        Purpose::Organization => {
            app.data.organization = nonempty("the name")?;
            app.data.touch_meta();
            Ok(vec![Effect::Persist])
        }
        Purpose::AddSubject(kind) => {
            let s = home::new_subject(&app.data, *kind, &nonempty("the name")?);
            app.data.touch_subject(&s.id);
            app.data.subjects.push(s);
            Ok(vec![Effect::Persist])
        }
        Purpose::Rename(id) => {
            let name = nonempty("the name")?;
            if let Some(s) = app.data.subjects.iter_mut().find(|s| &s.id == id) {
                s.name = name;
            }
            app.data.touch_subject(id);
            Ok(vec![Effect::Persist])
        }
        Purpose::FormField(i) => match app.popups.last_mut() {
            Some(Popup::Form(form)) => form.set(*i, text).map(|()| Vec::new()),
            _ => Ok(Vec::new()),
        },
        Purpose::SoaJustification(question) => {
            super::screens::plans::justify(app, question, &nonempty("the justification")?)
        }
        _ => apply_answer_edit(app, purpose, target, text),
    }
}

/// Whether a text answer is shorter than the question's `min_length` (enforced at commit).
fn too_short(text: &str, min_length: Option<u32>) -> bool {
    let min = min_length.map_or(0, |m| usize::try_from(m).unwrap_or(usize::MAX));
    text.chars().count() < min
}

fn apply_answer_edit(
    app: &mut App,
    purpose: &Purpose,
    target: Option<&crate::model::AnswerTarget>,
    text: &str,
) -> Result<Vec<Effect>, String> {
    let t = text.trim().to_string();
    let w = app.wizard().ok_or("the wizard is not open")?;
    let at = match target {
        Some(target) => w.row_of(target).ok_or_else(|| {
            format!(
                "{} is no longer in this questionnaire's outline: Esc to cancel",
                crate::sanitize::line(&target.question)
            )
        })?,
        None => w.cursor,
    };
    let questionnaire = app.catalog.questionnaire(&w.questionnaire);
    let question = w
        .rows
        .get(at)
        .and_then(|r| r.question())
        .and_then(|id| w.lookup.question(questionnaire?, id));
    let spec = question.map(|q| q.answer.clone());
    let rule = questionnaire.and_then(|q| q.scoring.justification.clone());
    let mut result = Ok(Vec::new());
    with_wizard(app, |w, app| {
        let (c, d) = (&app.catalog, &mut app.data);
        result = match (purpose, &spec) {
            (Purpose::AnswerText, _) if t.is_empty() => {
                Err("type an answer, or Esc to cancel".into())
            }
            (Purpose::AnswerText, Some(AnswerSpec::Text { min_length, .. }))
                if too_short(&t, *min_length) =>
            {
                Err(format!(
                    "at least {} characters, please ({} so far): say who, what, how much",
                    min_length.unwrap_or_default(),
                    t.chars().count()
                ))
            }
            (Purpose::AnswerText, _) => {
                Ok(w.commit_at(c, d, at, Value::Text(text.trim_end().to_string()), None))
            }
            (Purpose::AnswerDate, _) => {
                parse_date(&t).map(|v| w.commit_at(c, d, at, Value::Date(v), None))
            }
            (Purpose::AnswerNumber, Some(AnswerSpec::Number { min, max, .. })) => {
                parse_number(&t, *min, *max).map(|v| w.commit_at(c, d, at, Value::Number(v), None))
            }
            (Purpose::Justification, _) if t.is_empty() => Err(
                "out of scope needs a justification (it goes into the Statement of Applicability)"
                    .into(),
            ),
            (Purpose::Justification, _) => {
                match crate::scoring::exclusion::justification_problem(rule.as_ref(), Some(&t)) {
                    Some(p) => Err(format!("{p} (it goes into the Statement of Applicability)")),
                    None => Ok(w.commit_at(
                        c,
                        d,
                        at,
                        Value::Status(Status::OutOfScope),
                        Some(t.clone()),
                    )),
                }
            }
            (Purpose::Note, _) => {
                w.edit_answer_at(c, d, at, |a| a.note = text.trim_end().to_string())
            }
            (Purpose::Owner, _) => w.edit_answer_at(c, d, at, |a| {
                a.owner = Some(t.clone()).filter(|o| !o.is_empty())
            }),
            (Purpose::Due, _) if t.is_empty() => w.edit_answer_at(c, d, at, |a| a.due = None),
            (Purpose::Due, _) => {
                parse_date(&t).and_then(|due| w.edit_answer_at(c, d, at, |a| a.due = Some(due)))
            }
            (Purpose::Evidence, _) => super::evidence::parse(text).and_then(|(items, att)| {
                w.edit_answer_at(c, d, at, |a| {
                    a.evidence = items;
                    a.attestation = att;
                })
            }),
            _ => Err("nothing to save here".into()),
        };
        Vec::new()
    });
    result
}

/// Home screen actions.
pub fn home_action(app: &mut App, action: Action) -> Vec<Effect> {
    let rows = home::rows(&app.data);
    let Screen::Home(h) = &mut app.screen else {
        return Vec::new();
    };
    let current = rows.get(h.cursor).cloned();
    match action {
        Action::Up => h.cursor = h.cursor.saturating_sub(1),
        Action::Down => h.cursor = (h.cursor + 1).min(rows.len().saturating_sub(1)),
        Action::Select => return home_select(app, current, &rows),
        Action::Add => {
            let kind = subject_kind_at(app, current.as_ref());
            open_editor(app, Purpose::AddSubject(kind), "");
        }
        Action::Rename | Action::Retire => match current {
            Some(HomeRow::Subject(id)) => home_subject_action(app, action, &id),
            _ => app.status = Some("select an AI system or vendor first".into()),
        },
        Action::Resume => match app.data.resume.clone() {
            Some(r) => open_wizard(app, &r.questionnaire, r.subject.as_deref()),
            None => app.status = Some("nothing to resume yet: open an assessment".into()),
        },
        Action::EditOrganization => {
            let name = app.data.organization.clone();
            open_editor(app, Purpose::Organization, &name);
        }
        Action::NextProfile => return next_profile(app),
        _ => {}
    }
    Vec::new()
}

fn home_select(app: &mut App, row: Option<HomeRow>, rows: &[HomeRow]) -> Vec<Effect> {
    match row {
        Some(HomeRow::Questionnaire(Kind::Gap)) => open_kind(app, Kind::Gap, None),
        Some(HomeRow::Questionnaire(kind)) => {
            let sk = kind.subject_kind().unwrap_or(SubjectKind::AiSystem);
            let first = rows.iter().position(|r| match r {
                HomeRow::Subject(id) => app
                    .data
                    .subjects
                    .iter()
                    .any(|s| &s.id == id && s.kind == sk),
                HomeRow::Add(k) => *k == sk,
                _ => false,
            });
            if let (Screen::Home(h), Some(i)) = (&mut app.screen, first) {
                h.cursor = i;
            }
            Vec::new()
        }
        Some(HomeRow::Subject(id)) => {
            let kind = app
                .data
                .subjects
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.kind.assessed_by());
            kind.map(|k| open_kind(app, k, Some(&id)))
                .unwrap_or_default()
        }
        Some(HomeRow::Add(kind)) => {
            open_editor(app, Purpose::AddSubject(kind), "");
            Vec::new()
        }
        None => Vec::new(),
    }
}

fn subject_kind_at(app: &App, row: Option<&HomeRow>) -> SubjectKind {
    match row {
        Some(HomeRow::Add(k)) => *k,
        Some(HomeRow::Questionnaire(Kind::Vendor)) => SubjectKind::Vendor,
        Some(HomeRow::Subject(id)) => app
            .data
            .subjects
            .iter()
            .find(|s| &s.id == id)
            .map_or(SubjectKind::AiSystem, |s| s.kind),
        _ => SubjectKind::AiSystem,
    }
}

fn home_subject_action(app: &mut App, action: Action, id: &str) {
    let Some(s) = app.data.subjects.iter().find(|s| s.id == id) else {
        return;
    };
    let name = crate::sanitize::line(&s.name);
    if action == Action::Rename {
        open_editor(app, Purpose::Rename(id.to_string()), &name);
    } else {
        let verb = if s.retired { "Reinstate" } else { "Retire" };
        app.popups.push(Popup::Confirm {
            message: format!("{verb} {name}? Its answers are kept."),
            on_yes: ConfirmAction::Retire(id.to_string()),
        });
    }
}

fn next_profile(app: &mut App) -> Vec<Effect> {
    let ids: Vec<&str> = app
        .catalog
        .profiles
        .iter()
        .map(|p| p.item.id.as_str())
        .collect();
    let i = ids
        .iter()
        .position(|p| *p == app.data.profile)
        .map_or(0, |i| i + 1);
    if let Some(next) = ids.get(i).or(ids.first()) {
        app.data.profile = next.to_string();
        app.data.touch_meta();
    }
    vec![Effect::Persist]
}

/// Recomputes the search palette's results, preparing the rows' text when it opens.
pub fn refresh_search(app: &mut App) {
    let unprepared = matches!(app.popups.last(), Some(Popup::Search(s)) if !s.is_prepared());
    let prepared = if unprepared {
        app.wizard().and_then(|w| {
            let q = app.catalog.questionnaire(&w.questionnaire)?;
            let empty = crate::model::Assessment::new("", None);
            let a = w.assessment(&app.data).unwrap_or(&empty);
            Some(Haystacks::new(q, &w.rows, a))
        })
    } else {
        None
    };
    if let Some(Popup::Search(s)) = app.popups.last_mut() {
        if let Some(h) = prepared {
            s.prepare(h);
        }
        s.refresh();
    }
}

/// Keys in the search palette: navigation and filters, anything else edits the query.
pub fn search_key(app: &mut App, action: Option<Action>, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Popup::Search(s)) = app.popups.last_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Back) => {
            app.popups.pop();
        }
        Some(Action::Up) => s.selected = s.selected.saturating_sub(1),
        Some(Action::Down) => {
            s.selected = (s.selected + 1).min(s.results.len().saturating_sub(1));
            s.ensure_ranked(s.selected + LOOKAHEAD);
        }
        Some(Action::NextFilter) => {
            s.filter = s.filter.next();
            s.selected = 0;
            refresh_search(app);
        }
        Some(Action::Select) => {
            s.ensure_ranked(s.selected + 1);
            let target = s.results.get(s.selected).copied();
            app.popups.pop();
            if let Some(i) = target {
                with_wizard(app, |w, app| {
                    w.jump(&app.catalog, &mut app.data, i);
                    w.focus = Pane::Tree;
                    Vec::new()
                });
            }
        }
        _ => {
            if edit_key(&mut s.query, ev) {
                s.selected = 0;
                refresh_search(app);
            }
        }
    }
    Vec::new()
}

/// Wizard actions.
pub fn wizard_action(app: &mut App, action: Action, ev: &KeyEvent) -> Vec<Effect> {
    let spec = app
        .wizard()
        .and_then(|w| w.question(&app.catalog))
        .map(|(_, q)| q.answer.clone());
    match action {
        Action::Search => {
            app.popups.push(Popup::Search(Box::default()));
            refresh_search(app);
            Vec::new()
        }
        Action::History => match app.wizard().and_then(|w| w.current_target()) {
            Some(t) => vec![Effect::LoadHistory(t)],
            None => Vec::new(),
        },
        Action::EditNote | Action::EditEvidence | Action::EditOwner | Action::EditDue => {
            edit_details(app, action);
            Vec::new()
        }
        Action::Select | Action::PickNumber | Action::Toggle => {
            answer_action(app, action, ev, spec)
        }
        Action::RemoveEntry => {
            ask_remove_entry(app);
            Vec::new()
        }
        Action::Undo => undo(app),
        Action::Back if app.wizard().is_some_and(|w| w.focus == Pane::Tree) => {
            app.screen = Screen::Home(Default::default());
            vec![Effect::Persist]
        }
        _ => navigate(app, action, spec.as_ref()),
    }
}

/// `u`: puts back the answer as it was before the last change made in this wizard.
fn undo(app: &mut App) -> Vec<Effect> {
    let mut said = String::new();
    let effects = with_wizard(app, |w, app| {
        match w.undo_last(&app.catalog, &mut app.data) {
            Ok(msg) => {
                said = msg;
                vec![Effect::Persist]
            }
            Err(msg) => {
                said = msg;
                Vec::new()
            }
        }
    });
    app.status = Some(said);
    effects
}

/// Opens the editor for the current answer's note, evidence, owner or due date.
fn edit_details(app: &mut App, action: Action) {
    let answered = app
        .wizard()
        .and_then(|w| {
            w.row()
                .and_then(|r| w.assessment(&app.data).and_then(|a| answer_of(a, r)))
        })
        .cloned();
    let Some(a) = answered else {
        app.status =
            Some("answer the question first, then add notes, evidence, owner or a due date".into());
        return;
    };
    let (purpose, text) = match action {
        Action::EditNote => (Purpose::Note, a.note.clone()),
        Action::EditEvidence => (
            Purpose::Evidence,
            super::evidence::to_text(&a.evidence, a.attestation),
        ),
        Action::EditOwner => (Purpose::Owner, a.owner.clone().unwrap_or_default()),
        _ => (
            Purpose::Due,
            a.due.map(|d| d.to_string()).unwrap_or_default(),
        ),
    };
    open_editor(app, purpose, &text);
}

/// Asks before removing the entry of a repeatable section the cursor is in.
fn ask_remove_entry(app: &mut App) {
    let entry = app
        .wizard()
        .and_then(|w| w.row())
        .and_then(|r| r.entry.clone());
    match entry {
        Some((sec, id)) => app.popups.push(Popup::Confirm {
            message: format!(
                "Remove {}? Its answers are deleted.",
                crate::sanitize::line(&id)
            ),
            on_yes: ConfirmAction::RemoveEntry(sec, id),
        }),
        None => app.status = Some("not inside an entry of a repeatable section".into()),
    }
}

/// Moves between panes, questions and sections, flags, clears and adds entries.
fn navigate(app: &mut App, action: Action, spec: Option<&AnswerSpec>) -> Vec<Effect> {
    let mut status = None;
    let scroll_max = super::view::question_scroll_max(app);
    let page = app.size.1.saturating_sub(8).max(1);
    let effects = with_wizard(app, |w, app| {
        let (c, d) = (&app.catalog, &mut app.data);
        match (action, w.focus) {
            (Action::NextPane, _) => w.focus = w.focus.cycle(true),
            (Action::PrevPane, _) => w.focus = w.focus.cycle(false),
            (Action::Back, _) => w.focus = Pane::Tree,
            (Action::Up, Pane::Tree) => w.step(c, d, -1),
            (Action::Down, Pane::Tree) => w.step(c, d, 1),
            (Action::Up, Pane::Info) => w.info_scroll = w.info_scroll.saturating_sub(1),
            (Action::Down, Pane::Info) => w.info_scroll = w.info_scroll.saturating_add(1),
            (Action::Up | Action::Down | Action::Left | Action::Right, Pane::Answer) => {
                move_pick(w, c, action, spec)
            }
            (Action::PageUp, Pane::Answer) => {
                w.answer_scroll = w.answer_scroll.min(scroll_max).saturating_sub(page)
            }
            (Action::PageDown, Pane::Answer) => {
                w.answer_scroll = w.answer_scroll.saturating_add(page).min(scroll_max)
            }
            (Action::PageUp | Action::PageDown, _) => {
                w.section_jump(c, d, action == Action::PageDown)
            }
            (Action::Top | Action::Bottom, _) => w.edge(c, d, action == Action::Bottom),
            (Action::NextUnanswered | Action::PrevUnanswered, _)
                if !w.next_unanswered(c, d, action == Action::NextUnanswered) =>
            {
                status = Some("every applicable question is answered".to_string());
            }
            (Action::Flag, _) => match w.edit_answer(c, d, |a| a.flagged = !a.flagged) {
                Ok(e) => return e,
                Err(m) => status = Some(m),
            },
            (Action::ClearAnswer, _) => return w.clear(c, d),
            (Action::Add, _) => match w.repeat_section().map(|s| w.add_entry(c, d, &s)) {
                Some(Ok(e)) => return e,
                Some(Err(m)) => status = Some(m),
                None => status = Some("entries can only be added in a repeatable section".into()),
            },
            _ => {}
        }
        Vec::new()
    });
    if status.is_some() {
        app.status = status;
    }
    effects
}

fn move_pick(
    w: &mut WizardState,
    c: &crate::catalog::Catalog,
    action: Action,
    spec: Option<&AnswerSpec>,
) {
    let Some(spec) = spec else { return };
    if let AnswerSpec::LikelihoodSeverity { .. } = spec {
        let (dl, ds) = match action {
            Action::Up => (1, 0),
            Action::Down => (-1, 0),
            Action::Left => (0, -1),
            _ => (0, 1),
        };
        if let Some(q) = c.questionnaire(&w.questionnaire) {
            nudge_rating(q, spec, &mut w.rating, dl, ds);
        }
        return;
    }
    let n = answers::offered(spec, w.excludable).len();
    match action {
        Action::Up => w.pick = w.pick.saturating_sub(1),
        Action::Down => w.pick = (w.pick + 1).min(n.saturating_sub(1)),
        _ => {}
    }
}

/// Enter, digits and Space: commit, pick, toggle or open the editor.
fn answer_action(
    app: &mut App,
    action: Action,
    ev: &KeyEvent,
    spec: Option<AnswerSpec>,
) -> Vec<Effect> {
    let Some(w) = app.wizard() else {
        return Vec::new();
    };
    let (focus, pick, is_add) = (
        w.focus,
        w.pick,
        w.row()
            .is_some_and(|r| r.kind == super::outline::RowKind::AddEntry),
    );
    if is_add && action == Action::Select {
        return with_wizard(app, |w, app| {
            match w
                .repeat_section()
                .map(|s| w.add_entry(&app.catalog, &mut app.data, &s))
            {
                Some(Ok(e)) => e,
                _ => Vec::new(),
            }
        });
    }
    let Some(spec) = spec else { return Vec::new() };
    if !w.row().is_some_and(|r| r.applicable) {
        app.status = Some("this question does not apply here (n/a)".into());
        return Vec::new();
    }
    if answers::typed(&spec) {
        if action == Action::Select {
            open_typed_editor(app, &spec);
        }
        return Vec::new();
    }
    let digit = match ev.code {
        crossterm::event::KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize),
        _ => None,
    };
    let index = match (action, digit) {
        (Action::PickNumber, Some(d))
            if d >= 1 && d <= answers::offered(&spec, w.excludable).len() =>
        {
            d - 1
        }
        (Action::PickNumber, _) => return Vec::new(),
        _ => pick,
    };
    if action == Action::Select && focus == Pane::Tree {
        with_wizard(app, |w, _| {
            w.focus = Pane::Answer;
            Vec::new()
        });
        return Vec::new();
    }
    pick_option(app, action, focus, index, &spec)
}

/// Picks option `index`: toggles it in a multi-choice draft, or commits it (an exclusion
/// first asks for its justification).
fn pick_option(
    app: &mut App,
    action: Action,
    focus: Pane,
    index: usize,
    spec: &AnswerSpec,
) -> Vec<Effect> {
    let multi = matches!(spec, AnswerSpec::MultiChoice { .. });
    let commit_now = match action {
        Action::Select => focus == Pane::Answer,
        Action::PickNumber => !multi,
        _ => false,
    };
    with_wizard(app, |w, app| {
        w.pick = index;
        if multi && (action == Action::Toggle || action == Action::PickNumber) {
            if let Some(Value::Choice(v)) = answers::offered(spec, w.excludable)
                .get(index)
                .map(|o| o.value.clone())
            {
                answers::toggle_multi(spec, &mut w.multi, v);
            }
            return Vec::new();
        }
        if !commit_now {
            return Vec::new();
        }
        match w.draft_value(spec) {
            Some(Value::Status(Status::OutOfScope)) => {
                let old = w
                    .row()
                    .and_then(|r| w.assessment(&app.data).and_then(|a| answer_of(a, r)))
                    .and_then(|a| a.justification.clone());
                app.edit(
                    editor_title(&Purpose::Justification),
                    Purpose::Justification,
                    &old.unwrap_or_default(),
                    true,
                );
                Vec::new()
            }
            Some(v) => w.commit(&app.catalog, &mut app.data, v, None),
            None => Vec::new(),
        }
    })
}

fn open_typed_editor(app: &mut App, spec: &AnswerSpec) {
    let current = app
        .wizard()
        .and_then(|w| {
            w.row()
                .and_then(|r| w.assessment(&app.data).and_then(|a| answer_of(a, r)))
        })
        .map(|a| match &a.value {
            Value::Text(t) => t.clone(),
            other => other.condition_values().join(""),
        })
        .unwrap_or_default();
    let purpose = match spec {
        AnswerSpec::Date => Purpose::AnswerDate,
        AnswerSpec::Number { .. } => Purpose::AnswerNumber,
        _ => Purpose::AnswerText,
    };
    open_editor(app, purpose, &current);
}
