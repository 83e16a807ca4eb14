//! The application state machine: `update(&mut App, Msg) -> Vec<Effect>`. No terminal and
//! no disk here; the shell (`run`) performs the effects.

use crossterm::event::KeyEvent;

use super::ctx::{ConfirmAction, Ctx, EditorPopup, Popup, Purpose};
use super::data::WorkspaceState;
use super::editor::{TextEditor, edit_key};
use super::home::HomeState;
use super::keymap::{self, Action, Key, Scope};
use super::msg::{Effect, Msg, Start};
use super::wizard::{Pane, WizardState};
use crate::catalog::Catalog;

/// The screen under the popups.
#[derive(Debug, Clone)]
pub enum Screen {
    /// Home.
    Home(HomeState),
    /// The wizard.
    Wizard(Box<WizardState>),
    /// The clause heatmap.
    Heatmap(Box<super::screens::heatmap::HeatmapState>),
    /// The snapshot diff.
    Diff(Box<super::screens::diff::DiffState>),
    /// The Statement of Applicability and the remediation plan.
    Plans(Box<super::screens::plans::PlansState>),
    /// The AIIA risk matrix.
    Risk(Box<super::screens::risk::RiskState>),
    /// The vendor comparison.
    Vendors(Box<super::screens::vendors::VendorsState>),
    /// The audit findings register.
    Findings(Box<super::screens::findings::FindingsState>),
}

/// The whole application: the context and the screen on show. Only `App` changes the
/// screen: screens ask for it with a [`Go`] in their [`Outcome`].
#[derive(Debug, Clone)]
pub struct App {
    /// Everything but the screen.
    pub ctx: Ctx,
    /// The current screen.
    pub screen: Screen,
}

impl App {
    /// A new app on the home screen.
    pub fn new(catalog: Catalog, data: WorkspaceState, color: bool) -> App {
        App {
            ctx: Ctx::new(catalog, data, color),
            screen: Screen::Home(HomeState::default()),
        }
    }

    /// Applies the start request: open a questionnaire, or offer to resume.
    pub fn start(&mut self, start: &Start) -> Vec<Effect> {
        if let Some(q) = &start.questionnaire {
            super::flow::open_wizard(self, q, None);
            return Vec::new();
        }
        match start.kind {
            Some(kind) => super::flow::open_kind(self, kind, start.subject.as_deref()),
            None => {
                if let Some(r) = &self.ctx.data.resume {
                    let message = self.resume_question(r);
                    self.ctx.popups.push(Popup::Confirm {
                        message,
                        on_yes: ConfirmAction::Resume,
                    });
                }
                Vec::new()
            }
        }
    }

    /// The resume offer in words: the questionnaire's title, the subject's name and the
    /// question's id with the start of its prompt (not internal ids alone).
    pub fn resume_question(&self, r: &super::data::ResumePoint) -> String {
        let q = self.ctx.catalog.questionnaire(&r.questionnaire);
        let title = q.map_or_else(
            || crate::sanitize::line(&r.questionnaire),
            |q| crate::sanitize::line(&q.title),
        );
        let subject = r
            .subject
            .as_ref()
            .and_then(|id| self.ctx.data.subjects.iter().find(|s| &s.id == id))
            .map(|s| format!(" for {}", crate::sanitize::line(&s.name)))
            .unwrap_or_default();
        let question = q.and_then(|q| q.question(&r.question)).map_or_else(
            || crate::sanitize::line(&r.question),
            |x| super::wizard::question_label(&x.id, &x.prompt),
        );
        let ask = format!("Resume the {title}{subject} at {question}");
        if ask.ends_with('?') || ask.ends_with('…') {
            format!("{ask} (y/n)")
        } else {
            format!("{ask}?")
        }
    }

    /// The key scopes in force, innermost first.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.ctx.popups.last() {
            Some(Popup::Help { .. } | Popup::History { .. }) => {
                return vec![Scope::Help, Scope::Global];
            }
            Some(Popup::Confirm { .. } | Popup::Conflict(_)) => {
                return vec![Scope::Confirm, Scope::Global];
            }
            Some(Popup::Search(_)) => return vec![Scope::Search],
            Some(Popup::Editor(_)) => return vec![Scope::Editor],
            Some(Popup::Form(_)) => return vec![Scope::Form, Scope::Global],
            None => {}
        }
        match &self.screen {
            Screen::Home(_) => vec![Scope::Home, Scope::Global],
            Screen::Wizard(w) => {
                let pane = match w.focus {
                    Pane::Tree => Scope::Tree,
                    Pane::Answer => Scope::Answer,
                    Pane::Info => Scope::Info,
                };
                vec![pane, Scope::Wizard, Scope::Global]
            }
            Screen::Heatmap(_) => vec![Scope::Heatmap, Scope::Global],
            Screen::Diff(_) => vec![Scope::Diff, Scope::Global],
            Screen::Plans(_) => vec![Scope::Plans, Scope::Global],
            Screen::Risk(_) => vec![Scope::Risk, Scope::Global],
            Screen::Vendors(_) => vec![Scope::Vendors, Scope::Global],
            Screen::Findings(_) => vec![Scope::Findings, Scope::Global],
        }
    }

    /// The conditions the key bar shows bindings under: the open editor's kind, or the
    /// kind of answer the question under the wizard's cursor takes.
    pub fn holds(&self) -> Vec<keymap::When> {
        use keymap::When;
        if let Some(Popup::Editor(e)) = self.ctx.popups.last() {
            return vec![if e.editor.multiline {
                When::MultiLine
            } else {
                When::OneLine
            }];
        }
        let spec = self
            .wizard()
            .and_then(|w| w.question(&self.ctx.catalog))
            .map(|(_, q)| &q.answer);
        match spec {
            Some(crate::model::AnswerSpec::LikelihoodSeverity { .. }) => vec![When::Grid],
            Some(s) if super::answers::typed(s) => vec![When::Typed],
            Some(crate::model::AnswerSpec::MultiChoice { .. }) => vec![When::Multi, When::Choice],
            Some(_) => vec![When::Single, When::Choice],
            None => Vec::new(),
        }
    }

    /// The wizard state, when the wizard is open.
    pub fn wizard(&self) -> Option<&WizardState> {
        match &self.screen {
            Screen::Wizard(w) => Some(w),
            _ => None,
        }
    }

    /// Opens a text editor popup.
    pub fn edit(
        &mut self,
        title: impl Into<String>,
        purpose: Purpose,
        text: &str,
        multiline: bool,
    ) {
        let draft = super::live::draft_key(self, &purpose);
        let target = draft.as_ref().map(|(t, _)| t.clone());
        let about = target
            .as_ref()
            .and_then(|_| self.wizard()?.question_label(&self.ctx.catalog));
        let text = super::live::opening_text(self, draft.as_ref(), text);
        self.ctx.popups.push(Popup::Editor(Box::new(EditorPopup {
            title: title.into(),
            purpose,
            editor: TextEditor::new(&text, multiline),
            error: None,
            draft,
            opened_with: text,
            target,
            about,
        })));
    }
}

/// The state machine.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let changes_data = matches!(
        msg,
        Msg::Committed(_)
            | Msg::Remote(crate::store::live::Remote::Answers { .. })
            | Msg::Remote(crate::store::live::Remote::Reload(_))
            | Msg::Loaded(_)
            | Msg::Reverted(_)
            | Msg::SnapshotReopened { .. }
    );
    let effects = dispatch(app, msg);
    if effects.contains(&Effect::Persist)
        && let Screen::Wizard(w) = &mut app.screen
    {
        w.summarize(&app.ctx.catalog, &app.ctx.data);
    }
    if changes_data || effects.contains(&Effect::Persist) {
        app.ctx.left = None;
        app.ctx.home_rows = None;
        app.ctx.scored = Default::default();
    }
    if app.ctx.loading.is_none() {
        app.ctx
            .scored
            .keep_for(&app.ctx.catalog, &app.ctx.data, &app.screen);
    }
    if matches!(app.screen, Screen::Home(_)) && app.ctx.loading.is_none() {
        if app.ctx.left.is_none() {
            let today = crate::clock::today_utc();
            app.ctx.left =
                super::left::WhatsLeft::of(&app.ctx.catalog, &app.ctx.data, today).map(Into::into);
        }
        if app.ctx.home_rows.is_none() {
            app.ctx.home_rows = Some(super::view::home::row_texts(app).into());
        }
    }
    effects
}

fn dispatch(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(ev) => {
            app.ctx.status = None;
            on_key(app, &ev)
        }
        Msg::Paste(text) => {
            match app.ctx.popups.last_mut() {
                Some(Popup::Editor(e)) => e.editor.insert_str(&text),
                Some(Popup::Search(s)) => {
                    s.query.insert_str(&text);
                    super::flow::refresh_search(app);
                }
                _ => {
                    app.ctx.status =
                        Some("paste into an answer: open its editor first (Enter)".into())
                }
            }
            Vec::new()
        }
        Msg::Resize => Vec::new(),
        Msg::Size(w, h) => {
            app.ctx.size = (w, h);
            clamp_help(app);
            Vec::new()
        }
        Msg::Terminate => {
            app.ctx.save.terminating = true;
            quit(app)
        }
        Msg::PersistFailed(e) => {
            app.ctx.status = Some(format!(
                "NOT SAVED: {e}; your answers are kept in memory and saved with the next one"
            ));
            app.ctx.save.failing = true;
            Vec::new()
        }
        Msg::Saved(at) => {
            app.ctx.save.failing = false;
            app.ctx.save.saved_at = Some(at);
            Vec::new()
        }
        Msg::Committed(c) => {
            super::live::committed(app, c);
            Vec::new()
        }
        Msg::Remote(r) => {
            super::live::remote(app, r);
            Vec::new()
        }
        Msg::Reverted(r) => {
            match r {
                Ok(data) => {
                    let keep = std::mem::take(&mut app.ctx.data.resume);
                    app.ctx.data.state = data.state;
                    app.ctx.data.revs = data.revs;
                    app.ctx.data.resume = keep;
                    super::live::refresh_screen(app);
                    let why = app.ctx.read_only.clone().unwrap_or_default();
                    app.ctx.status = Some(format!(
                        "READ-ONLY ({why}): that change was not saved and has been undone"
                    ));
                }
                Err(e) => {
                    app.ctx.status = Some(format!("READ-ONLY: cannot re-read the workspace: {e}"))
                }
            }
            Vec::new()
        }
        Msg::Tick => super::live::keep_draft(app),
        Msg::Loaded(r) => loaded(app, r),
        Msg::History(target, rows) => {
            super::live::show_history(app, &target, rows);
            Vec::new()
        }
        Msg::SnapshotSaved(r) => super::screens::snapshots::saved(app, r),
        Msg::DiffLoaded { old, new, result } => {
            super::screens::diff::loaded(app, &old, &new, result);
            Vec::new()
        }
        Msg::ReportWritten(r) => super::screens::snapshots::written(app, r),
        Msg::SnapshotReopened { file, result } => {
            super::screens::snapshots::reopened(app, &file, result)
        }
    }
}

fn on_key(app: &mut App, ev: &KeyEvent) -> Vec<Effect> {
    let action = keymap::lookup(&app.scopes(), Key::of(ev));
    let in_form = matches!(app.ctx.popups.last(), Some(Popup::Form(_)));
    if action == Some(Action::Quit) && !in_form {
        return quit(app);
    }
    match app.ctx.popups.last() {
        Some(Popup::Editor(_)) => return editor_key(app, action, ev),
        Some(Popup::Search(_)) => return super::flow::search_key(app, action, ev),
        Some(Popup::Form(_)) => return form_key(app, action),
        Some(_) => return popup_key(app, default_no(app, action, ev)),
        None => {}
    }
    let Some(action) = action else {
        return Vec::new();
    };
    if action == Action::Help {
        app.ctx.popups.push(Popup::Help { scroll: 0 });
        return Vec::new();
    }
    if let Some(effects) = open_screen(app, action) {
        return effects;
    }
    match app.screen {
        Screen::Home(_) => super::flow::home_action(app, action),
        Screen::Wizard(_) => super::flow::wizard_action(app, action, ev),
        Screen::Heatmap(_) => super::screens::heatmap::action(app, action),
        Screen::Diff(_) => super::screens::diff::action(app, action),
        Screen::Plans(_) => super::screens::plans::action(app, action),
        Screen::Risk(_) => super::screens::risk::action(app, action),
        Screen::Vendors(_) => super::screens::vendors::action(app, action),
        Screen::Findings(_) => super::screens::findings::action(app, action),
    }
}

/// Actions that open a screen or a dialog from any screen; `None` for other actions.
fn open_screen(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    use super::screens as s;
    match action {
        Action::Heatmap => s::heatmap::open(app),
        Action::OpenDiff => return Some(s::diff::open(app)),
        Action::OpenFindings => s::findings::open(app),
        Action::SaveSnapshot => s::snapshots::open_save(app),
        Action::ExportReport => s::snapshots::export_action(app),
        Action::Reopen => s::snapshots::ask_reopen(app),
        Action::OpenRisk => s::risk::open(app),
        Action::OpenVendors => s::vendors::open(app),
        Action::OpenSoa => s::plans::open(app, s::plans::Tab::Soa),
        Action::OpenRemediation => s::plans::open(app, s::plans::Tab::Remediation),
        _ => return None,
    }
    Some(Vec::new())
}

/// Keys in a form: move between fields, cycle a picker, edit a field, submit, cancel.
fn form_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(Popup::Form(form)) = app.ctx.popups.last_mut() else {
        return Vec::new();
    };
    let Some(action) = action else {
        return Vec::new();
    };
    if form.outcome.is_some() {
        if matches!(action, Action::Back | Action::Select | Action::Save) {
            app.ctx.popups.pop();
        }
        return Vec::new();
    }
    if form.navigate(action) {
        return Vec::new();
    }
    match action {
        Action::Back => {
            app.ctx.popups.pop();
        }
        Action::Save => return super::screens::snapshots::submit_form(app),
        Action::Quit => app.ctx.popups.push(Popup::Confirm {
            message: "Quit and drop this form's unsaved fields? (y/N)".into(),
            on_yes: ConfirmAction::QuitDiscardForm,
        }),
        Action::Select => {
            let i = form.cursor;
            let Some(field) = form.fields.get_mut(i) else {
                return Vec::new();
            };
            if field.is_picker() && !field.free {
                field.cycle(true);
                return Vec::new();
            }
            let (title, text, ml) = (field.label, field.value.clone(), field.multiline);
            app.edit(title, Purpose::FormField(i), &text, ml);
        }
        _ => {}
    }
    Vec::new()
}

/// The workspace was read: show it, then start as asked (switching the profile first).
fn loaded(app: &mut App, r: Result<Box<WorkspaceState>, String>) -> Vec<Effect> {
    let Some(pending) = app.ctx.loading.take() else {
        return Vec::new();
    };
    match r {
        Ok(data) => app.ctx.data = *data,
        Err(e) => {
            app.ctx.read_only = Some(format!("the workspace could not be read: {e}"));
            return Vec::new();
        }
    }
    if let Some(p) = pending.profile.filter(|p| *p != app.ctx.data.profile) {
        app.ctx.data.profile = p;
        app.ctx.data.touch_meta();
    }
    let mut effects = app.start(&pending.start);
    if app.ctx.data.is_dirty() {
        effects.push(Effect::Persist);
    }
    effects
}

/// Saves any open editor's text if it is valid, then asks the shell to persist and quit.
pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    if app.ctx.save.terminating {
        // Nobody confirmed this text: it is kept as a draft, never committed.
        super::live::keep_draft(app);
        app.ctx.popups.retain(|p| !matches!(p, Popup::Editor(_)));
    }
    while let Some(Popup::Editor(_)) = app.ctx.popups.last() {
        if let Some(Popup::Editor(e)) = app.ctx.popups.pop() {
            let _ = super::flow::apply_edit(app, &e.purpose, e.target.as_ref(), &e.editor.text());
        }
    }
    if let Some(w) = app.wizard() {
        let w = w.clone();
        w.record_resume(&mut app.ctx.data);
    }
    vec![Effect::Persist, Effect::Quit]
}

/// Whether the shell may exit on [`Effect::Quit`]: yes unless the last save failed and the
/// user has not confirmed quitting without saving; then that confirmation is shown (once).
pub fn may_quit(app: &mut App) -> bool {
    if !app.ctx.save.failing || app.ctx.save.discard || app.ctx.save.terminating {
        return true;
    }
    if !asking_to_discard(app) {
        let since = app.ctx.save.saved_at.as_deref().unwrap_or("the start");
        app.ctx.popups.push(Popup::Confirm {
            message: format!(
                "Saving failed: quit without saving? (answers since {since} would be lost) y/N"
            ),
            on_yes: ConfirmAction::QuitUnsaved,
        });
    }
    false
}

fn asking_to_discard(app: &App) -> bool {
    matches!(
        app.ctx.popups.last(),
        Some(Popup::Confirm {
            on_yes: ConfirmAction::QuitUnsaved | ConfirmAction::QuitDiscardForm,
            ..
        })
    )
}

/// On the quit-without-saving question only `y` means yes (Enter is No: `y/N`).
fn default_no(app: &App, action: Option<Action>, ev: &KeyEvent) -> Option<Action> {
    let typed_y = matches!(ev.code, crossterm::event::KeyCode::Char('y' | 'Y'));
    if action == Some(Action::Yes) && asking_to_discard(app) && !typed_y {
        return Some(Action::No);
    }
    action
}

fn popup_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let Some(top) = app.ctx.popups.last_mut() else {
        return Vec::new();
    };
    match (top, action) {
        (Popup::Help { .. }, Some(Action::Back)) | (Popup::Confirm { .. }, Some(Action::No)) => {
            app.ctx.popups.pop();
        }
        (Popup::Help { scroll }, Some(a @ (Action::Up | Action::Down | Action::PageUp))) => {
            *scroll = match a {
                Action::Up => scroll.saturating_sub(1),
                Action::Down => scroll.saturating_add(1),
                _ => scroll.saturating_sub(help_page(app.ctx.size)),
            };
            clamp_help(app);
        }
        (Popup::Help { scroll }, Some(a @ (Action::PageDown | Action::Top | Action::Bottom))) => {
            *scroll = match a {
                Action::PageDown => scroll.saturating_add(help_page(app.ctx.size)),
                Action::Top => 0,
                _ => u16::MAX,
            };
            clamp_help(app);
        }
        (Popup::History { .. }, Some(Action::Back)) => {
            app.ctx.popups.pop();
        }
        (Popup::History { scroll, .. }, Some(Action::Up)) => *scroll = scroll.saturating_sub(1),
        (Popup::History { scroll, .. }, Some(Action::Down)) => *scroll = scroll.saturating_add(1),
        (Popup::Conflict(_), Some(Action::Yes)) => return super::live::resolve(app, true),
        (Popup::Conflict(_), Some(Action::No)) => return super::live::resolve(app, false),
        (Popup::Confirm { on_yes, .. }, Some(Action::Yes)) => {
            let on_yes = on_yes.clone();
            app.ctx.popups.pop();
            return super::flow::confirmed(app, on_yes);
        }
        _ => {}
    }
    Vec::new()
}

/// Lines of the help popup visible at a terminal size: its body, less the header, footer
/// and the popup's border.
pub fn help_page(size: (u16, u16)) -> u16 {
    let scopes = [Scope::Help, Scope::Global];
    let bar = keymap::bar_lines(&keymap::hints(&scopes, &[]), usize::from(size.0), 2).len();
    let bar = u16::try_from(bar).unwrap_or(2);
    size.1.saturating_sub(1 + 1 + bar + 2).max(1)
}

/// The furthest the help can scroll at a terminal size: its last line at the bottom.
pub fn help_max_scroll(size: (u16, u16)) -> u16 {
    let len = u16::try_from(keymap::help_lines().len()).unwrap_or(u16::MAX);
    len.saturating_sub(help_page(size))
}

/// Keeps the help popup's scroll within its text, so scrolling stops at the end.
fn clamp_help(app: &mut App) {
    let max = help_max_scroll(app.ctx.size);
    for p in &mut app.ctx.popups {
        if let Popup::Help { scroll } = p {
            *scroll = (*scroll).min(max);
        }
    }
}

fn editor_key(app: &mut App, action: Option<Action>, ev: &KeyEvent) -> Vec<Effect> {
    let Some(Popup::Editor(e)) = app.ctx.popups.last_mut() else {
        return Vec::new();
    };
    match action {
        Some(Action::Back) => {
            let key = e.draft.clone();
            app.ctx.popups.pop();
            return super::live::drop_draft(app, key.as_ref());
        }
        Some(Action::Select) if e.editor.multiline => e.editor.insert('\n'),
        Some(Action::Save | Action::Select) => {
            let Some(Popup::Editor(mut e)) = app.ctx.popups.pop() else {
                return Vec::new();
            };
            match super::flow::apply_edit(app, &e.purpose, e.target.as_ref(), &e.editor.text()) {
                Ok(mut effects) => {
                    let dropped = super::live::drop_draft(app, e.draft.as_ref());
                    if effects.is_empty() {
                        effects = dropped;
                    }
                    return effects;
                }
                Err(msg) => {
                    e.error = Some(msg);
                    app.ctx.popups.push(Popup::Editor(e));
                }
            }
        }
        _ => {
            edit_key(&mut e.editor, ev);
        }
    }
    Vec::new()
}
