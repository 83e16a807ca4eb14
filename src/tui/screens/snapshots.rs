//! The save-snapshot dialog and the report export dialog (forms over the current screen),
//! and where a submitted form goes. The file work is done by the shell (`run`) through the
//! store; the results come back as messages and are shown in the dialog.

use crate::model::{FindingStatus, Snapshot, WorkspaceState};
use crate::report::ReportFormat;
use crate::tui::app::{App, Screen};
use crate::tui::ctx::{ConfirmAction, Popup};
use crate::tui::form::{Check, Field, Form, FormKind};
use crate::tui::msg::{Effect, SavedSnapshot};

/// The audit cycles offered by the picker (free text is accepted too).
pub const CYCLES: [&str; 5] = [
    "stage-1",
    "stage-2",
    "surveillance-1",
    "surveillance-2",
    "recertification",
];

impl App {
    /// Opens the save-snapshot dialog.
    pub fn open_save(&mut self) {
        let form = save_form(&self.ctx.data.assessor);
        self.ctx.popups.push(Popup::Form(Box::new(form)));
    }

    /// Opens the report dialog on `preselect` (a snapshot file name; empty: the newest).
    pub fn open_report(&mut self, preselect: &str) {
        if self.ctx.snapshots.is_empty() {
            self.ctx.status = Some("no snapshot saved yet: S saves one".into());
            return;
        }
        let files: Vec<&str> = self
            .ctx
            .snapshots
            .iter()
            .map(|(f, _, _)| f.as_str())
            .collect();
        let form = report_form(&files, preselect);
        self.ctx.popups.push(Popup::Form(Box::new(form)));
    }

    /// Submits the form on top (Ctrl-S): checks it, then stores a finding or asks the shell to
    /// save a snapshot or write a report. A refused form stays open with the reason.
    pub fn submit_form(&mut self) -> Vec<Effect> {
        let Some(Popup::Form(form)) = self.ctx.popups.last() else {
            return Vec::new();
        };
        let form = (**form).clone();
        let result = match &form.kind {
            FormKind::Finding(_) => {
                super::findings::submit(&mut self.ctx, &form).map(|e| (e, true))
            }
            FormKind::SaveSnapshot => self.save_effect(&form).map(|e| (e, false)),
            FormKind::Report => report_effect(&form).map(|e| (e, false)),
        };
        match (result, self.ctx.popups.last_mut()) {
            (Ok((effects, close)), Some(Popup::Form(top))) => {
                if close {
                    self.ctx.popups.pop();
                } else {
                    top.outcome = Some(Ok(vec!["working…".into()]));
                }
                effects
            }
            (Err(e), Some(Popup::Form(top))) => {
                top.error = Some(e);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn save_effect(&mut self, form: &Form) -> Result<Vec<Effect>, String> {
        form.check_all()?;
        let assessor = form.value("assessor").to_string();
        let mut effects = Vec::new();
        if self.ctx.data.assessor != assessor {
            self.ctx.data.assessor = assessor.clone();
            self.ctx.data.touch_meta();
            effects.push(Effect::Persist);
        }
        effects.push(Effect::SaveSnapshot {
            cycle: form.value("cycle").to_string(),
            label: form.value("label").to_string(),
            assessor,
        });
        Ok(effects)
    }

    /// Shows what happened in the dialog of `kind` on top, if it is still open.
    fn show_outcome(&mut self, kind: &FormKind, outcome: Result<Vec<String>, String>) {
        match self.ctx.popups.last_mut() {
            Some(Popup::Form(f)) if &f.kind == kind => f.outcome = Some(outcome),
            _ => {
                self.ctx.status = Some(match outcome {
                    Ok(lines) => lines.join(" · "),
                    Err(e) => e,
                })
            }
        }
    }

    /// The shell saved a snapshot (or could not): show the file and digest, refresh Home.
    pub fn saved(&mut self, r: Result<SavedSnapshot, String>) -> Vec<Effect> {
        let outcome = match r {
            Ok(s) => {
                self.ctx.snapshots = s.list;
                let short: String = s.digest.chars().take(19).collect();
                Ok(vec![
                    format!("✓ saved snapshots/{}", crate::sanitize::line(&s.file)),
                    format!("digest {short}…"),
                    s.digest,
                ])
            }
            Err(e) => Err(format!("✗ NOT SAVED: {e}")),
        };
        self.show_outcome(&FormKind::SaveSnapshot, outcome);
        Vec::new()
    }

    /// The shell wrote a report (or could not): show the paths.
    pub fn written(&mut self, r: Result<Vec<String>, String>) -> Vec<Effect> {
        let outcome = r
            .map(|paths| {
                paths
                    .iter()
                    .map(|p| format!("✓ wrote {}", crate::sanitize::line(p)))
                    .collect()
            })
            .map_err(|e| format!("✗ no report written: {e}"));
        self.show_outcome(&FormKind::Report, outcome);
        Vec::new()
    }

    /// E on Home or the diff: the report dialog, on the diff's new side when there.
    pub fn export_action(&mut self) {
        let preselect = match &self.screen {
            Screen::Diff(d) => d.files.get(d.new).cloned().unwrap_or_default(),
            _ => String::new(),
        };
        self.open_report(&preselect);
    }

    /// `N` on Home: offers to start the work in progress from the newest snapshot. Refused
    /// while there is work in progress (save it as a snapshot first, or use the CLI's
    /// `snapshot reopen --force`).
    pub fn ask_reopen(&mut self) {
        let Some((newest, cycle, _)) = self.ctx.snapshots.first() else {
            self.ctx.status = Some("No saved snapshot to start from.".into());
            return;
        };
        if self.ctx.data.answer_count() > 0 || !self.ctx.data.findings.is_empty() {
            self.ctx.status = Some(
                "There is work in progress: save it as a snapshot first (S), or run \
             `clausewise snapshot reopen --force`."
                    .into(),
            );
            return;
        }
        let message = format!(
            "Start from {} ({})? Its answers, AI systems, vendors and findings become the work \
         in progress.",
            crate::sanitize::line(newest),
            crate::sanitize::line(cycle)
        );
        self.ctx.popups.push(Popup::Confirm {
            message,
            on_yes: ConfirmAction::Reopen(newest.clone()),
        });
    }

    /// The shell read the snapshot to reopen: it becomes the work in progress (and is saved),
    /// or the error is shown.
    pub fn reopened(&mut self, file: &str, result: Result<Box<Snapshot>, String>) -> Vec<Effect> {
        match result {
            Ok(snap) => {
                self.ctx.data.state = WorkspaceState::from_snapshot(&snap);
                self.ctx.data.touch_replace();
                let open = self
                    .ctx
                    .data
                    .findings
                    .iter()
                    .filter(|f| f.status != FindingStatus::Closed)
                    .count();
                self.ctx.status = Some(format!(
                    "Started from {}: {}, {} ({open} not closed).",
                    crate::sanitize::line(file),
                    crate::tui::view::text::count(
                        self.ctx.data.answer_count(),
                        "answer",
                        "answers"
                    ),
                    crate::tui::view::text::count(
                        self.ctx.data.findings.len(),
                        "finding",
                        "findings"
                    )
                ));
                vec![Effect::Persist]
            }
            Err(e) => {
                self.ctx.status = Some(format!(
                    "Could not read {}: {e}",
                    crate::sanitize::line(file)
                ));
                Vec::new()
            }
        }
    }
}

/// The save-snapshot form: cycle, label, assessor (prefilled).
pub fn save_form(assessor: &str) -> Form {
    Form::new(
        "Save snapshot",
        FormKind::SaveSnapshot,
        vec![
            Field::pick("cycle", "", &CYCLES, true),
            Field::text("label", "", Check::Any),
            Field::text("assessor", assessor, Check::Required),
        ],
    )
}

/// The report form: which snapshot (newest first) and which format.
pub fn report_form(files: &[&str], preselect: &str) -> Form {
    let names: Vec<&str> = (ReportFormat::ALL.iter())
        .filter(|f| f.info().in_export_dialog)
        .map(|f| f.name())
        .collect();
    Form::new(
        "Export a report into reports/",
        FormKind::Report,
        vec![
            Field::pick("snapshot", preselect, files, false),
            Field::pick("format", "", &names, false),
        ],
    )
}

fn report_effect(form: &Form) -> Result<Vec<Effect>, String> {
    form.check_all()?;
    let format = ReportFormat::from_name(form.value("format"))
        .filter(|f| f.info().in_export_dialog)
        .ok_or("pick a format")?;
    Ok(vec![Effect::WriteReport {
        snapshot: form.value("snapshot").to_string(),
        format,
    }])
}
