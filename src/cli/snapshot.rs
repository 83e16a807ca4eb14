//! `clausewise snapshot save|list|show|verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use jiff::Timestamp;

use crate::model::{FindingStatus, WorkspaceState};
use crate::store::session::{self, Session, WORKSPACE_SESSION, sessions_dir};
use crate::store::{VerifyProblem, Workspace, canonical, snapshots, verify};

/// Snapshot subcommands.
#[derive(Debug, Subcommand)]
pub enum SnapshotCmd {
    /// Freeze an in-progress session into snapshots/, sealed and chained to the previous
    /// snapshot of the same organization; or re-seal a file with --from.
    Save {
        /// Audit cycle: stage-1, stage-2, surveillance-1, surveillance-2, recertification,
        /// or free text (required unless --from).
        #[arg(long)]
        cycle: Option<String>,
        /// Free label, e.g. "FY26 Stage 2".
        #[arg(long, default_value = "")]
        label: String,
        /// Session id to freeze (default: the most recently updated one).
        #[arg(long)]
        session: Option<String>,
        /// Re-seal this snapshot file instead (migrating older versions).
        #[arg(long, value_name = "FILE", conflicts_with_all = ["cycle", "session"])]
        from: Option<PathBuf>,
        /// File name in snapshots/ (default: <organization>-<year>-<cycle>.json).
        #[arg(long)]
        name: Option<String>,
    },
    /// Start the workspace's in-progress session from a snapshot: its answers, AI systems,
    /// vendors and audit findings, e.g. to begin a surveillance cycle from the last audit.
    Reopen {
        /// A path, or a file name, stem or label in snapshots/.
        snapshot: String,
        /// Replace a session that already holds answers, subjects or findings.
        #[arg(long)]
        force: bool,
    },
    /// List the workspace's snapshots.
    List,
    /// Print one snapshot: a summary, or its canonical JSON with --json.
    Show {
        /// A path, or a file name, stem or label in snapshots/.
        snapshot: String,
        /// Print the canonical JSON instead of a summary.
        #[arg(long)]
        json: bool,
    },
    /// Check every digest and `previous` link in a folder (default: snapshots/).
    Verify {
        /// The folder to check.
        dir: Option<PathBuf>,
    },
}

/// Runs a snapshot subcommand.
pub fn run(ws: Option<&Path>, cmd: SnapshotCmd) -> Result<ExitCode> {
    let ws = Workspace::discover(ws)?;
    let dir = ws.root.join("snapshots");
    match cmd {
        SnapshotCmd::Save {
            from: Some(file),
            name,
            ..
        } => reseal(&dir, &file, name),
        SnapshotCmd::Save {
            cycle,
            label,
            session,
            name,
            ..
        } => {
            let cycle = cycle.context("--cycle is required (e.g. --cycle stage-2)")?;
            save(&ws, &dir, cycle, label, session, name)
        }
        SnapshotCmd::Reopen { snapshot, force } => reopen(&ws, &dir, &snapshot, force),
        SnapshotCmd::List => list(&dir),
        SnapshotCmd::Show { snapshot, json } => show(&dir, &snapshot, json),
        SnapshotCmd::Verify { dir: d } => run_verify(d.as_deref().unwrap_or(&dir)),
    }
}

fn save(
    ws: &Workspace,
    dir: &Path,
    cycle: String,
    label: String,
    session_id: Option<String>,
    name: Option<String>,
) -> Result<ExitCode> {
    let sdir = sessions_dir(ws);
    let (sessions, _) = session::list(&sdir)?;
    let chosen = match &session_id {
        Some(id) => sessions.iter().find(|s| &s.id == id),
        None => sessions.first(),
    };
    let Some(chosen) = chosen else {
        bail!(
            "no session to save in {}: answer some questions first, or re-seal a file with --from",
            sdir.display()
        );
    };
    let session = session::Session::open_read_only(&sdir, &chosen.id)?;
    let catalog = ws.catalog()?;
    let refused = refused_answers(session.state(), &catalog);
    if !refused.is_empty() {
        for line in &refused {
            println!("{}: {line}", session.path().display());
        }
        eprintln!("{} answer(s) refused: nothing saved", refused.len());
        return Ok(ExitCode::from(1));
    }
    let (path, snap) = snapshots::save_new(
        dir,
        session.state(),
        &catalog,
        (cycle, label),
        name,
        Timestamp::now(),
    )?;
    println!(
        "saved {} ({})",
        path.display(),
        snap.digest.unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

/// Answers the questionnaires' rules refuse (an exclusion of a requirement clause, a
/// justification that is missing, too short or a stock phrase), one line each, located by
/// assessment and answer pointer (the session is not a file with stable positions).
fn refused_answers(
    state: &crate::model::WorkspaceState,
    catalog: &crate::catalog::Catalog,
) -> Vec<String> {
    let mut out = Vec::new();
    for (i, a) in state.assessments.iter().enumerate() {
        let Some(q) = catalog.questionnaire(&a.questionnaire) else {
            continue;
        };
        let base = format!("/assessments/{i}");
        for p in crate::model::answer_check::check_assessment(q, a, &base) {
            out.push(format!(
                "{}: error: {}",
                p.pointer,
                crate::sanitize::line(&p.message)
            ));
        }
    }
    out
}

/// Seeds the workspace session from a snapshot, refusing to replace work in progress
/// unless `force`.
fn reopen(ws: &Workspace, dir: &Path, name: &str, force: bool) -> Result<ExitCode> {
    let path = snapshots::resolve(dir, name)?;
    let snap = snapshots::load(&path)?;
    let seeded = WorkspaceState::from_snapshot(&snap);
    let sdir = sessions_dir(ws);
    let mut session = Session::open(&sdir, WORKSPACE_SESSION, || seeded.clone())?;
    let current = session.state();
    if *current != seeded && !is_empty(current) && !force {
        bail!(
            "{} already holds work in progress ({} answers, {} AI systems and vendors, {} findings): \
             save it first with `clausewise snapshot save --cycle …`, or pass --force to replace it",
            session.path().display(),
            current.answer_count(),
            current.subjects.len(),
            current.findings.len()
        );
    }
    session.update(|state, resume| {
        *state = seeded;
        *resume = session::ResumeInfo::default();
    })?;
    let state = session.state();
    let open = state
        .findings
        .iter()
        .filter(|f| f.status != FindingStatus::Closed)
        .count();
    println!(
        "reopened {} into {}: {} answers, {} AI systems and vendors, {} findings ({open} not closed)",
        path.display(),
        session.path().display(),
        state.answer_count(),
        state.subjects.len(),
        state.findings.len(),
    );
    Ok(ExitCode::SUCCESS)
}

fn is_empty(s: &WorkspaceState) -> bool {
    s.answer_count() == 0 && s.subjects.is_empty() && s.findings.is_empty()
}

fn reseal(dir: &Path, file: &Path, name: Option<String>) -> Result<ExitCode> {
    let mut snap = snapshots::load(file)?;
    let name = match name {
        Some(n) => n,
        None => file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .context("--from needs a file")?,
    };
    let path = snapshots::save(dir, &name, &mut snap)?;
    println!(
        "sealed {} ({})",
        path.display(),
        snap.digest.unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

fn list(dir: &Path) -> Result<ExitCode> {
    let (entries, bad) = snapshots::list(dir)?;
    for e in &bad {
        eprintln!("error: {e}");
    }
    if entries.is_empty() {
        println!("(none)");
    }
    for e in &entries {
        let m = &e.snapshot.meta;
        println!(
            "{}  {}  {}  {}  {}",
            e.file_name,
            crate::sanitize::line(&m.organization),
            crate::sanitize::line(&m.cycle),
            m.created_at,
            short(e.snapshot.digest.as_deref())
        );
    }
    Ok(ExitCode::from(u8::from(!bad.is_empty())))
}

fn short(d: Option<&str>) -> String {
    d.map_or("(unsealed)".into(), |d| d.chars().take(19).collect())
}

fn show(dir: &Path, name: &str, json: bool) -> Result<ExitCode> {
    let snap = snapshots::load(&snapshots::resolve(dir, name)?)?;
    if json {
        let json = canonical::to_vec(&snap)?;
        let text = String::from_utf8_lossy(&json);
        print!("{}", crate::sanitize::json_for_terminal(&text));
        return Ok(ExitCode::SUCCESS);
    }
    let m = &snap.meta;
    let clean = crate::sanitize::line;
    println!("organization  {}", clean(&m.organization));
    println!("assessor      {}", clean(&m.assessor));
    println!("cycle         {}", clean(&m.cycle));
    println!("label         {}", clean(&m.label));
    println!("created at    {}", m.created_at);
    println!("profile       {}", clean(&m.profile));
    for q in &snap.questionnaires {
        println!(
            "questionnaire {} {} {}",
            q.id,
            q.version,
            short(Some(&q.sha256))
        );
    }
    println!("subjects      {}", snap.subjects.len());
    for a in &snap.assessments {
        let who = a.subject.as_deref().unwrap_or("organization");
        println!(
            "assessment    {} / {}: {} answers",
            a.questionnaire,
            clean(who),
            a.answer_count()
        );
    }
    println!("findings      {}", snap.findings.len());
    println!(
        "scorecard     {}",
        if snap.scorecard.is_some() {
            "yes"
        } else {
            "no"
        }
    );
    println!("previous      {}", short(snap.previous.as_deref()));
    println!("digest        {}", short(snap.digest.as_deref()));
    Ok(ExitCode::SUCCESS)
}

fn run_verify(dir: &Path) -> Result<ExitCode> {
    let report = verify::verify(dir)?;
    for (file, p) in &report.problems {
        let what = match p {
            VerifyProblem::Unreadable { message } => format!("cannot be read: {message}"),
            VerifyProblem::Unsealed => {
                "has no digest (never sealed); run `clausewise snapshot save --from` on it".into()
            }
            VerifyProblem::EditedAfterSave { stored, actual } => format!(
                "was edited after it was saved: digest {stored} recorded, content hashes to {actual}"
            ),
            VerifyProblem::BrokenLink { previous } => format!(
                "`previous` is {previous}, which no snapshot in the folder has: the one before was removed, or edited and re-sealed"
            ),
            VerifyProblem::WrongLink {
                previous,
                points_to,
                reason,
            } => {
                format!("`previous` is {previous} ({points_to}), but {reason}")
            }
        };
        println!("{}: error: {what}", dir.join(file).display());
    }
    if report.is_ok() {
        println!(
            "ok: {} snapshot(s), every digest and link checks out",
            report.checked.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "{} problem(s) in {} file(s) checked",
            report.problems.len(),
            report.checked.len()
        );
        Ok(ExitCode::from(1))
    }
}
