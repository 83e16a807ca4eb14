//! The application state machine: `update(&mut App, Msg) -> Vec<Effect>`. No terminal and
//! no disk here; the shell (`run`) performs the effects.

use crossterm::event::KeyEvent;

use super::backdrop::Backdrop;
use super::component::{Component, Go, Outcome};
use super::ctx::{ConfirmAction, Ctx, Popup, Purpose};
use super::data::WorkspaceState;
use super::editor::edit_key;
use super::keymap::{self, Action, Key, Scope};
use super::msg::{Effect, Msg, Start};
use super::screens::home::HomeState;
use super::wizard::WizardState;
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
    /// The context revision the screen last refreshed its derived models at (`None`: it
    /// has just been opened and has not).
    shown: Option<u64>,
    /// The screen as last drawn under a popup, for frames where only the popup changed.
    pub backdrop: Backdrop,
}

impl Screen {
    /// The screen as the component it is.
    pub fn component(&self) -> &dyn Component {
        match self {
            Screen::Home(s) => s,
            Screen::Wizard(s) => &**s,
            Screen::Heatmap(s) => &**s,
            Screen::Diff(s) => &**s,
            Screen::Plans(s) => &**s,
            Screen::Risk(s) => &**s,
            Screen::Vendors(s) => &**s,
            Screen::Findings(s) => &**s,
        }
    }

    /// The screen as the component it is, to update.
    pub fn component_mut(&mut self) -> &mut dyn Component {
        match self {
            Screen::Home(s) => s,
            Screen::Wizard(s) => &mut **s,
            Screen::Heatmap(s) => &mut **s,
            Screen::Diff(s) => &mut **s,
            Screen::Plans(s) => &mut **s,
            Screen::Risk(s) => &mut **s,
            Screen::Vendors(s) => &mut **s,
            Screen::Findings(s) => &mut **s,
        }
    }
}

impl App {
    /// A new app on the home screen.
    pub fn new(catalog: Catalog, data: WorkspaceState, color: bool) -> App {
        let mut app = App {
            ctx: Ctx::new(catalog, data, color),
            screen: Screen::Home(HomeState::default()),
            shown: None,
            backdrop: Backdrop::default(),
        };
        app.refresh();
        app
    }

    /// Shows `screen`; its derived models are built before the next frame.
    pub fn show(&mut self, screen: Screen) {
        self.screen = screen;
        self.shown = None;
        self.refresh();
    }

    /// Rebuilds the screen's derived models when it has just opened or the workspace
    /// changed since it last did.
    pub fn refresh(&mut self) {
        if self.ctx.loading.is_some() || self.shown == Some(self.ctx.revision) {
            return;
        }
        self.shown = Some(self.ctx.revision);
        self.screen.component_mut().refresh(&mut self.ctx);
    }

    /// The workspace data was changed outside [`update`] (start-up code, tests): what the
    /// screen derives from it is rebuilt.
    pub fn data_changed(&mut self) {
        self.ctx.revision += 1;
        self.refresh();
    }

    /// Goes where a screen asked to.
    pub fn go(&mut self, go: Go) -> Vec<Effect> {
        match go {
            Go::Home => self.show(Screen::Home(HomeState::default())),
            Go::Kind { kind, subject } => {
                return self.open_kind(kind, subject.as_deref());
            }
            Go::Wizard {
                questionnaire,
                subject,
            } => self.open_wizard(&questionnaire, subject.as_deref()),
            Go::WizardAt {
                questionnaire,
                question,
            } => self.open_wizard_at(&questionnaire, &question),
            Go::Impact { subject, entry } => self.open_impact(&subject, &entry),
        }
        Vec::new()
    }

    /// Applies what a screen did with a key.
    fn apply(&mut self, outcome: Outcome) -> Vec<Effect> {
        let mut effects = outcome.effects;
        if let Some(go) = outcome.go {
            effects.extend(self.go(go));
        }
        effects
    }

    /// Applies the start request: open a questionnaire, or offer to resume.
    pub fn start(&mut self, start: &Start) -> Vec<Effect> {
        if let Some(q) = &start.questionnaire {
            self.open_wizard(q, None);
            return Vec::new();
        }
        match start.kind {
            Some(kind) => self.open_kind(kind, start.subject.as_deref()),
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
            Some(Popup::Confirm { .. }) if asking_to_discard(self) => {
                return vec![Scope::Discard, Scope::Global];
            }
            Some(Popup::Confirm { .. } | Popup::Conflict(_)) => {
                return vec![Scope::Confirm, Scope::Global];
            }
            Some(Popup::Search(_)) => return vec![Scope::Search],
            Some(Popup::Editor(_)) => return vec![Scope::Editor],
            Some(Popup::Form(_)) => return vec![Scope::Form, Scope::Global],
            None => {}
        }
        self.screen.component().scopes()
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
        self.wizard()
            .map(|w| w.holds(&self.ctx.catalog))
            .unwrap_or_default()
    }

    /// The wizard state, when the wizard is open.
    pub fn wizard(&self) -> Option<&WizardState> {
        match &self.screen {
            Screen::Wizard(w) => Some(w),
            _ => None,
        }
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
    if msg.is_file_result() {
        app.ctx.working = None;
    }
    let input = matches!(msg, Msg::Key(_) | Msg::Paste(_));
    let local = Backdrop::local(app.ctx.popups.last());
    let effects = dispatch(app, msg);
    if !(input && local.is_some() && local == Backdrop::local(app.ctx.popups.last())) {
        app.backdrop.invalidate();
    }
    if let Some(w) = effects.iter().find_map(Effect::working) {
        app.ctx.working = Some(w);
    }
    if changes_data || effects.contains(&Effect::Persist) {
        app.ctx.revision += 1;
    }
    app.refresh();
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
                    app.refresh_search();
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
            app.committed(c);
            Vec::new()
        }
        Msg::Remote(r) => {
            app.remote(r);
            Vec::new()
        }
        Msg::Reverted(r) => {
            match r {
                Ok(data) => {
                    let keep = std::mem::take(&mut app.ctx.data.resume);
                    app.ctx.data.state = data.state;
                    app.ctx.data.revs = data.revs;
                    app.ctx.data.resume = keep;
                    app.refresh_screen();
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
        Msg::Tick => app.keep_draft(),
        Msg::Loaded(r) => loaded(app, r),
        Msg::History(target, rows) => {
            app.show_history(&target, rows);
            Vec::new()
        }
        Msg::SnapshotSaved(r) => app.saved(r),
        Msg::DiffLoaded { old, new, result } => {
            if let Screen::Diff(s) = &mut app.screen {
                s.loaded(&old, &new, result);
                s.refresh(&mut app.ctx);
            } else if let Err(e) = result {
                app.ctx.status = Some(e);
            }
            Vec::new()
        }
        Msg::ReportWritten(r) => app.written(r),
        Msg::SnapshotReopened { file, result } => app.reopened(&file, result),
    }
}

fn on_key(app: &mut App, ev: &KeyEvent) -> Vec<Effect> {
    let action = keymap::lookup(&app.scopes(), Key::of(ev));
    let in_form = matches!(app.ctx.popups.last(), Some(Popup::Form(_)));
    if action == Some(Action::Quit) && !in_form {
        return quit(app);
    }
    if app.ctx.unreadable.is_some() {
        // Nothing of the workspace is shown: no key opens a screen on it.
        return Vec::new();
    }
    match app.ctx.popups.last() {
        Some(Popup::Editor(_)) => return editor_key(app, action, ev),
        Some(Popup::Search(_)) => return app.search_key(action, ev),
        Some(Popup::Form(_)) => return form_key(app, action),
        Some(_) => return popup_key(app, action),
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
    let outcome = app.screen.component_mut().update(&mut app.ctx, action);
    app.apply(outcome)
}

/// Actions that open a screen or a dialog from any screen; `None` for other actions.
fn open_screen(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    use super::screens as s;
    match action {
        Action::Heatmap => app.show(Screen::Heatmap(Box::new(s::heatmap::HeatmapState::new(
            app.ctx.today,
        )))),
        Action::OpenDiff => {
            return Some(match s::diff::open(&mut app.ctx) {
                Some((diff, effects)) => {
                    app.show(Screen::Diff(Box::new(diff)));
                    effects
                }
                None => Vec::new(),
            });
        }
        Action::OpenFindings => app.show(Screen::Findings(Box::new(
            s::findings::FindingsState::new(app.ctx.today),
        ))),
        Action::SaveSnapshot => app.open_save(),
        Action::ExportReport => app.export_action(),
        Action::Reopen => app.ask_reopen(),
        Action::OpenRisk => app.show(Screen::Risk(Box::new(s::risk::RiskState::new(
            app.ctx.today,
        )))),
        Action::OpenVendors => app.show(Screen::Vendors(Box::new(s::vendors::VendorsState::new(
            app.ctx.today,
        )))),
        Action::OpenSoa => app.show(Screen::Plans(Box::new(s::plans::PlansState::new(
            s::plans::Tab::Soa,
            app.ctx.today,
        )))),
        Action::OpenRemediation => app.show(Screen::Plans(Box::new(s::plans::PlansState::new(
            s::plans::Tab::Remediation,
            app.ctx.today,
        )))),
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
        Action::Save => return app.submit_form(),
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
            app.ctx.edit(title, Purpose::FormField(i), &text, ml);
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
            app.ctx.unreadable = Some(e);
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
        app.keep_draft();
        app.ctx.popups.retain(|p| !matches!(p, Popup::Editor(_)));
    }
    while let Some(Popup::Editor(_)) = app.ctx.popups.last() {
        if let Some(Popup::Editor(e)) = app.ctx.popups.pop() {
            let _ = app.apply_edit(&e.purpose, e.target.as_ref(), &e.editor.text());
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
        (Popup::History { scroll, lines, .. }, Some(Action::Down)) => {
            // Stops with the last change at the bottom, as the help does.
            let len = u16::try_from(lines.len()).unwrap_or(u16::MAX);
            let max = len.saturating_sub(help_page(app.ctx.size));
            *scroll = scroll.saturating_add(1).min(max);
        }
        (Popup::Conflict(_), Some(Action::Yes)) => return app.resolve(true),
        (Popup::Conflict(_), Some(Action::No)) => return app.resolve(false),
        (Popup::Confirm { on_yes, .. }, Some(Action::Yes)) => {
            let on_yes = on_yes.clone();
            app.ctx.popups.pop();
            return app.confirmed(on_yes);
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
            return app.drop_draft(key.as_ref());
        }
        Some(Action::Select) if e.editor.multiline => e.editor.insert('\n'),
        Some(Action::Save | Action::Select) => {
            let Some(Popup::Editor(mut e)) = app.ctx.popups.pop() else {
                return Vec::new();
            };
            match app.apply_edit(&e.purpose, e.target.as_ref(), &e.editor.text()) {
                Ok(mut effects) => {
                    let dropped = app.drop_draft(e.draft.as_ref());
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
