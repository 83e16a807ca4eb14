//! `clausewise` (no command) and `clausewise assess gap|aiia|vendor`: open the TUI.

use crate::tui::view::theme::TermCaps;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::catalog::Catalog;
use crate::model::AnswerTarget;
use crate::model::Kind;
use crate::store::live::{Batch, Committed, HistoryRow};
use crate::store::{LiveStore, StoreError, Workspace};
use crate::tui::app::App;
use crate::tui::data::WorkspaceState;
use crate::tui::msg::{Pending, Start};
use crate::tui::persist::{OpenWatch, SessionStore, StoreSession, read_only_notice};
use crate::tui::run::FinishStart;

/// Which questionnaire `assess` opens.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AssessKind {
    /// ISO/IEC 42001 gap assessment (the organization).
    Gap,
    /// AI system impact assessment (one AI system).
    Aiia,
    /// AI vendor due diligence (one vendor).
    Vendor,
}

impl From<AssessKind> for Kind {
    fn from(k: AssessKind) -> Kind {
        match k {
            AssessKind::Gap => Kind::Gap,
            AssessKind::Aiia => Kind::Aiia,
            AssessKind::Vendor => Kind::Vendor,
        }
    }
}

/// Opens the TUI, optionally straight into one questionnaire.
pub fn run(
    ws: Option<&Path>,
    kind: Option<AssessKind>,
    subject: Option<String>,
    profile: Option<String>,
    questionnaire: Option<String>,
) -> Result<ExitCode> {
    if !crate::tui::run::has_terminal() {
        bail!("{NO_TERMINAL}");
    }
    let workspace = Workspace::discover(ws)?;
    // Plain start-up draws its first frame before the questionnaires are read (a second
    // thread reads them while the database opens and the frame goes out) and before the
    // saved snapshots are listed; --profile and --questionnaire are checked against the
    // questionnaires first.
    let snapshots_dir = workspace.root.join("snapshots");
    let pending = profile.is_none() && questionnaire.is_none();
    let (catalog, reading) = if pending {
        let w = workspace.clone();
        (
            Catalog::default(),
            Some(std::thread::spawn(move || w.catalog())),
        )
    } else {
        (workspace.catalog()?, None)
    };
    let finish: FinishStart = Box::new(move |app| {
        if let Some(handle) = reading {
            let catalog = handle
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            app.ctx.catalog = catalog?;
        }
        app.ctx.snapshots = crate::tui::persist::saved_snapshots(&snapshots_dir);
        if let Some(skipped) = skipped_notice(&app.ctx.catalog) {
            app.ctx.status = Some(match app.ctx.status.take() {
                Some(s) => format!("{s} · {skipped}"),
                None => skipped,
            });
        }
        Ok(())
    });
    // Plain start-up opens the database on the saver thread once the first frame is out
    // (a large one takes milliseconds); a read-only workspace says so from the next frame
    // on, before any key is handled. --profile needs to know first.
    let mut store = LazySession {
        workspace: workspace.clone(),
        open: None,
    };
    if profile.is_some() {
        store.open()?;
    }
    let workspace_root = workspace.root.clone();
    if let (Some(why), Some(_)) = (store.read_only(), &profile) {
        bail!("the workspace is read-only here ({why}); --profile cannot be changed");
    }
    if let Some(p) = &profile
        && catalog.profile(p).is_none()
    {
        let known: Vec<&str> = catalog
            .profiles
            .iter()
            .map(|l| l.item.id.as_str())
            .collect();
        bail!("unknown profile \"{p}\": use one of {}", known.join(", "));
    }
    if let Some(q) = &questionnaire {
        let gaps: Vec<&str> = (catalog.questionnaires.iter())
            .filter(|l| l.item.kind == Kind::Gap)
            .map(|l| l.item.id.as_str())
            .collect();
        if !matches!(kind, Some(AssessKind::Gap)) || !gaps.contains(&q.as_str()) {
            bail!(
                "--questionnaire goes with `assess gap` and one of: {}",
                gaps.join(", ")
            );
        }
    }
    let caps = TermCaps::from_env(|k| std::env::var(k).ok());
    // The workspace is read after the first frame (on the saver thread), so a large one
    // does not delay start-up; keys typed meanwhile are handled once it is read.
    let mut app = App::new(catalog, Default::default(), caps.color);
    app.ctx.ascii = caps.ascii;
    app.ctx.read_only = store.read_only();
    app.ctx.snapshots_dir = workspace_root.join("snapshots");
    app.ctx.reports_dir = workspace_root.join("reports");
    if let Some(holder) = &app.ctx.read_only {
        app.ctx.status = Some(read_only_notice(holder));
    }
    app.ctx.loading = Some(Pending {
        start: Start {
            kind: kind.map(Kind::from),
            subject,
            questionnaire,
        },
        profile,
    });
    let note = crate::tui::run::run_with(app, &mut store, Vec::new(), caps, Some(finish))?;
    match note {
        Some(note) => {
            eprintln!("{note}");
            Ok(ExitCode::from(1))
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

/// The status line naming the workspace files that were skipped because they have errors
/// (the first one with its position), so a broken questionnaire never just disappears.
fn skipped_notice(catalog: &Catalog) -> Option<String> {
    let first = catalog.diagnostics.first()?;
    let n = catalog.diagnostics.len();
    let files = if n == 1 { "file" } else { "files" };
    Some(format!(
        "{n} workspace {files} skipped (run `clausewise validate`): {first}"
    ))
}

/// What `clausewise` says when it is run without a terminal (from cron, CI, a pipe).
pub const NO_TERMINAL: &str = "the interactive wizard needs a terminal, and standard output \
is not one (or there is no controlling terminal); from a script use the commands that do the \
same work: `clausewise export-questionnaire` and `import-answers` to answer in a file, \
`clausewise snapshot save` to freeze the answers, `clausewise score`, `report` and `diff` for \
the views, `clausewise due` for the follow-up dates";

/// The live workspace, opened (created, or imported from an earlier version's session
/// file) when the shell asks: on the saver thread once the first frame is out.
struct LazySession {
    workspace: Workspace,
    open: Option<StoreSession>,
}

impl LazySession {
    fn session(&self) -> Result<&StoreSession, StoreError> {
        self.open
            .as_ref()
            .ok_or_else(|| StoreError::NotFound("the workspace is not open yet".into()))
    }
}

impl SessionStore for LazySession {
    fn open(&mut self) -> Result<()> {
        if self.open.is_none() {
            let store = LiveStore::open(&self.workspace).with_context(|| {
                format!(
                    "cannot open the workspace {}",
                    self.workspace.root.display()
                )
            })?;
            self.open = Some(StoreSession {
                store,
                workspace: self.workspace.clone(),
            });
        }
        Ok(())
    }

    fn load(&self) -> Result<Option<WorkspaceState>, StoreError> {
        self.session()?.load()
    }

    fn commit(&mut self, batch: &Batch) -> Result<Committed, StoreError> {
        match &mut self.open {
            Some(s) => s.commit(batch),
            None => Err(StoreError::NotFound("the workspace is not open yet".into())),
        }
    }

    fn read_only(&self) -> Option<String> {
        self.open.as_ref().and_then(SessionStore::read_only)
    }

    fn history(&self, target: &AnswerTarget) -> Result<Vec<HistoryRow>, StoreError> {
        self.session()?.history(target)
    }

    fn watcher(&self) -> Option<OpenWatch> {
        self.open.as_ref().and_then(SessionStore::watcher)
    }
}
