//! `clausewise` (no command) and `clausewise assess gap|aiia|vendor`: open the TUI.

use crate::tui::view::theme::TermCaps;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::model::Kind;
use crate::store::Workspace;
use crate::store::session::sessions_dir;
use crate::store::{Session, StoreError};
use crate::tui::app::{App, Start};
use crate::tui::persist::{SessionStore, StoreSession, WORKSPACE_SESSION, read_only_notice};

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
) -> Result<ExitCode> {
    let workspace = Workspace::discover(ws)?;
    let catalog = workspace.catalog()?;
    let workspace_root = workspace.root.clone();
    let mut store = open_session(&workspace)?;
    let mut data = store.load()?.unwrap_or_default();
    if store.read_only().is_some() && profile.is_some() {
        bail!(
            "the workspace session is held by another process; --profile cannot be changed read-only"
        );
    }
    if let Some(p) = profile {
        if catalog.profile(&p).is_none() {
            let known: Vec<&str> = catalog
                .profiles
                .iter()
                .map(|l| l.item.id.as_str())
                .collect();
            bail!("unknown profile \"{p}\": use one of {}", known.join(", "));
        }
        data.profile = p;
    }
    let caps = TermCaps::from_env(|k| std::env::var(k).ok());
    let mut app = App::new(catalog, data, caps.color);
    app.ascii = caps.ascii;
    app.read_only = store.read_only();
    app.snapshots_dir = workspace_root.join("snapshots");
    app.reports_dir = workspace_root.join("reports");
    app.snapshots = crate::tui::persist::saved_snapshots(&app.snapshots_dir);
    if let Some(holder) = &app.read_only {
        app.status = Some(read_only_notice(holder));
    }
    let effects = app.start(&Start {
        kind: kind.map(Kind::from),
        subject,
    });
    let note = crate::tui::run::run(app, &mut store, effects, caps)?;
    match note {
        Some(note) => {
            eprintln!("{note}");
            Ok(ExitCode::from(1))
        }
        None => Ok(ExitCode::SUCCESS),
    }
}

/// Opens the workspace session, taking its lock; when another process holds it, opens it
/// read-only and says who holds it.
fn open_session(workspace: &Workspace) -> Result<StoreSession> {
    let dir = sessions_dir(workspace);
    match Session::open(&dir, WORKSPACE_SESSION, || {
        crate::model::WorkspaceState::new("", "", "generic")
    }) {
        Ok(session) => Ok(StoreSession {
            session,
            held_by: None,
        }),
        Err(StoreError::Locked { holder, .. }) => Ok(StoreSession {
            session: Session::open_read_only(&dir, WORKSPACE_SESSION)?,
            held_by: Some(format!("held by {holder}")),
        }),
        Err(e) => Err(e.into()),
    }
}
