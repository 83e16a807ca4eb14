//! `clausewise snapshot save|list|show|verify`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use jiff::Timestamp;

use crate::model::{FindingStatus, WorkspaceState};
use crate::seal::canonical;
use crate::seal::check::{SealProblem, VerifyProblem, VerifyReport, digest_problem};
use crate::store::{LiveStore, Workspace, snapshots, verify};

/// Snapshot subcommands.
#[derive(Debug, Subcommand)]
pub enum SnapshotCmd {
    /// Freeze an in-progress session into snapshots/, sealed and chained to the previous
    /// snapshot of the same organization; or re-seal a file with --from.
    Save {
        /// Audit cycle: stage-1, stage-2, surveillance-1, surveillance-2, recertification,
        /// or free text (required unless --from).
        #[arg(long, required_unless_present = "from")]
        cycle: Option<String>,
        /// Free label, e.g. "FY26 Stage 2".
        #[arg(long, default_value = "")]
        label: String,
        /// Gone: the workspace has one live database (kept so old scripts get a clear error).
        #[arg(long, hide = true)]
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
        /// Show a snapshot whose seal does not check out, marked UNVERIFIED.
        #[arg(long)]
        allow_unverified: bool,
    },
    /// Check every digest, `previous` link and fork in a folder (default: snapshots/), or
    /// one snapshot file (its digest, and its link to the snapshot before it in its folder).
    Verify {
        /// The folder or file to check.
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
            // clap refuses a missing --cycle (without --from) as a usage error.
            let cycle = cycle.context("--cycle is required (e.g. --cycle stage-2)")?;
            save(&ws, &dir, cycle, label, session, name)
        }
        SnapshotCmd::Reopen { snapshot, force } => reopen(&ws, &dir, &snapshot, force),
        SnapshotCmd::List => list(&dir),
        SnapshotCmd::Show {
            snapshot,
            json,
            allow_unverified,
        } => show(&dir, &snapshot, json, allow_unverified),
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
    crate::store::folder::refuse_symlinked(&ws.root.join(".clausewise"))?;
    if session_id.is_some() {
        bail!(
            "--session is gone: a workspace now has one live database (.clausewise/workspace.db) that every assessor shares; drop the flag"
        );
    }
    let store = LiveStore::open(ws)?;
    let state = store.state()?;
    if is_empty(&state) {
        bail!(
            "nothing to save in {}: answer some questions first, or re-seal a file with --from",
            ws.root.display()
        );
    }
    let catalog = ws.catalog()?;
    let refused = refused_answers(&state, &catalog);
    if !refused.is_empty() {
        for line in &refused {
            outln!("{}: {line}", store.path().display());
        }
        eprintln!("{} answer(s) refused: nothing saved", refused.len());
        return Ok(ExitCode::from(1));
    }
    let (path, snap) = snapshots::save_new(
        dir,
        &state,
        &catalog,
        (cycle, label),
        name,
        Timestamp::now(),
    )?;
    outln!(
        "saved {} ({})",
        crate::sanitize::line(&path.display().to_string()),
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

/// Seeds the live workspace from a snapshot, refusing to replace work in progress unless
/// `force` (the replacement is one transaction, and in the history).
fn reopen(ws: &Workspace, dir: &Path, name: &str, force: bool) -> Result<ExitCode> {
    let path = snapshots::resolve(dir, name)?;
    // A snapshot whose seal is broken is not carried into the next cycle.
    let (snap, _) = crate::store::trust::load_for_use(&path, None)?;
    let seeded = WorkspaceState::from_snapshot(&snap);
    let mut store = LiveStore::open(ws)?;
    let current = store.state()?;
    if current != seeded && !is_empty(&current) && !force {
        bail!(
            "{} already holds work in progress ({} answers, {} AI systems and vendors, {} findings): \
             save it first with `clausewise snapshot save --cycle …`, or pass --force to replace it",
            store.path().display(),
            current.answer_count(),
            current.subjects.len(),
            current.findings.len()
        );
    }
    store.commit_changes(vec![crate::model::Change::Replace(Box::new(seeded))])?;
    let state = store.state()?;
    let open = state
        .findings
        .iter()
        .filter(|f| f.status != FindingStatus::Closed)
        .count();
    outln!(
        "reopened {} into {}: {} answers, {} AI systems and vendors, {} findings ({open} not closed)",
        path.display(),
        store.path().display(),
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
    let _lock = crate::store::folder::FolderLock::acquire(dir)?;
    let path = snapshots::publish(dir, &name, &mut snap)?;
    outln!(
        "sealed {} ({})",
        crate::sanitize::line(&path.display().to_string()),
        snap.digest.unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

fn list(dir: &Path) -> Result<ExitCode> {
    let (mut entries, bad) = snapshots::list(dir)?;
    let clean = crate::sanitize::line;
    for e in &bad {
        eprintln!("error: {}", clean(&e.to_string()));
    }
    if entries.is_empty() {
        outln!("(none)");
    }
    for e in &mut entries {
        // A file whose content no longer matches its digest is marked, as verify reports.
        let seal = match digest_problem(&mut e.snapshot)? {
            Some(SealProblem::Edited { stored, .. }) => {
                format!("{} EDITED AFTER SEALING", short(Some(&stored)))
            }
            _ => short(e.snapshot.digest.as_deref()),
        };
        let m = &e.snapshot.meta;
        outln!(
            "{}  {}  {}  {}  {}",
            clean(&e.file_name),
            clean(&m.organization),
            clean(&m.cycle),
            m.created_at,
            clean(&seal)
        );
    }
    Ok(ExitCode::from(u8::from(!bad.is_empty())))
}

fn short(d: Option<&str>) -> String {
    d.map_or("(unsealed)".into(), |d| d.chars().take(19).collect())
}

fn show(dir: &Path, name: &str, json: bool, allow_unverified: bool) -> Result<ExitCode> {
    let shown = super::trust::open(&snapshots::resolve(dir, name)?, allow_unverified, None)?;
    let snap = &shown.snapshot;
    let (kind, text) = if json {
        let json = canonical::to_vec(snap)?;
        let text = crate::sanitize::json_for_terminal(&String::from_utf8_lossy(&json));
        (super::trust::Kind::Json, text)
    } else {
        (super::trust::Kind::Text, summary(snap))
    };
    let bytes = super::trust::decorate(kind, &shown.notices, text.into_bytes());
    super::output::write_all(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// `snapshot show` without `--json`; every text from the file sanitized.
fn summary(snap: &crate::model::Snapshot) -> String {
    use std::fmt::Write as _;
    let m = &snap.meta;
    let clean = crate::sanitize::line;
    let mut o = String::new();
    let _ = writeln!(o, "organization  {}", clean(&m.organization));
    let _ = writeln!(o, "assessor      {}", clean(&m.assessor));
    let _ = writeln!(o, "cycle         {}", clean(&m.cycle));
    let _ = writeln!(o, "label         {}", clean(&m.label));
    let _ = writeln!(o, "created at    {}", m.created_at);
    let _ = writeln!(o, "profile       {}", clean(&m.profile));
    for q in &snap.questionnaires {
        let sha = clean(&short(Some(&q.sha256)));
        let _ = writeln!(
            o,
            "questionnaire {} {} {sha}",
            clean(&q.id),
            clean(&q.version)
        );
    }
    let _ = writeln!(o, "subjects      {}", snap.subjects.len());
    for a in &snap.assessments {
        let who = a.subject.as_deref().unwrap_or("organization");
        let _ = writeln!(
            o,
            "assessment    {} / {}: {} answers",
            clean(&a.questionnaire),
            clean(who),
            a.answer_count()
        );
    }
    let _ = writeln!(o, "findings      {}", snap.findings.len());
    let card = if snap.scorecard.is_some() {
        "yes"
    } else {
        "no"
    };
    let _ = writeln!(o, "scorecard     {card}");
    let _ = writeln!(
        o,
        "previous      {}",
        clean(&short(snap.previous.as_deref()))
    );
    let _ = writeln!(o, "digest        {}", clean(&short(snap.digest.as_deref())));
    o
}

/// `snapshot verify [PATH]`: a folder (every digest, link and fork) or one file (its
/// digest and its link in its folder). A missing path and nothing to check are problems.
fn run_verify(path: &Path) -> Result<ExitCode> {
    let shown = crate::sanitize::line(&path.display().to_string());
    if !path.exists() {
        eprintln!("error: {shown} does not exist: nothing was verified");
        return Ok(ExitCode::from(1));
    }
    let report = if path.is_dir() {
        verify::verify(path)?
    } else {
        verify_file(path)?
    };
    let base = if path.is_dir() { path } else { Path::new("") };
    for (file, p) in &report.problems {
        let name = crate::sanitize::line(&base.join(file).display().to_string());
        outln!("{name}: error: {}", crate::sanitize::line(&describe(p)));
    }
    if report.checked.is_empty() {
        eprintln!("error: no snapshots in {shown}: nothing was verified");
        return Ok(ExitCode::from(1));
    }
    if report.is_ok() {
        outln!(
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

/// One file's seal as a [`VerifyReport`].
fn verify_file(path: &Path) -> Result<VerifyReport> {
    use crate::store::trust::load_checked;
    let name = path.display().to_string();
    let mut report = VerifyReport {
        checked: vec![name.clone()],
        problems: Vec::new(),
    };
    let problems = match load_checked(path) {
        Ok((_, problems)) => problems,
        Err(e) => {
            let message = e.to_string();
            report
                .problems
                .push((name, VerifyProblem::Unreadable { message }));
            return Ok(report);
        }
    };
    for p in problems {
        report.problems.push((name.clone(), p.into()));
    }
    Ok(report)
}

fn describe(p: &VerifyProblem) -> String {
    match p {
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
        } => format!("`previous` is {previous} ({points_to}), but {reason}"),
        VerifyProblem::Fork { previous, sibling } => format!(
            "the chain forks here: {sibling} also follows {previous}; two snapshots were saved from the same state of the folder"
        ),
    }
}
