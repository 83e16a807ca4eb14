//! `clausewise export-questionnaire` and `clausewise import-answers`: the vendor
//! questionnaire exchange. The logic is in `crate::report::exchange`; this file reads and
//! writes the files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use clap::{Args, ValueEnum};

use crate::report::exchange::about::{ABOUT_SHEET, About, resolve};
use crate::report::exchange::{SHEET, export, import, table};
use crate::store::files::{MAX_IMPORT_BYTES, read_bytes};

/// Arguments of `export-questionnaire`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Questionnaire id, e.g. ai-vendor-due-diligence.
    pub questionnaire: String,
    /// Who fills it in (vendor or AI system name); shown in the file.
    #[arg(long)]
    pub subject: String,
    /// File format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
    pub format: ExportFormat,
    /// Output file, `-` for standard output (the default, except for xlsx).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Fill-in file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Excel workbook with drop-downs and locked id columns.
    Xlsx,
    /// CSV, one row per question.
    Csv,
    /// Markdown, for reading (not for import).
    Markdown,
}

/// Arguments of `import-answers`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The filled-in file (.xlsx or .csv).
    pub file: PathBuf,
    /// The vendor or AI system the answers belong to (created when unknown). Default: the
    /// one the workbook's About sheet names; required for CSV.
    #[arg(long)]
    pub subject: Option<String>,
    /// Merge into this snapshot file instead (rewritten atomically, digest cleared).
    /// Default: the workspace session, the answers the wizard edits.
    #[arg(long, value_name = "SNAPSHOT")]
    pub into: Option<PathBuf>,
    /// Questionnaire id the file was exported from. Default: the one the workbook's About
    /// sheet names; for CSV, ai-vendor-due-diligence.
    #[arg(long)]
    pub questionnaire: Option<String>,
    /// Import a workbook exported for another subject or questionnaire as the one given by
    /// --subject / --questionnaire (with a warning) instead of refusing it.
    #[arg(long)]
    pub retarget: bool,
    /// Import the valid rows even when some rows are wrong.
    #[arg(long)]
    pub partial: bool,
    /// Replace existing answers that differ.
    #[arg(long)]
    pub overwrite: bool,
}

/// Runs `export-questionnaire`.
pub fn run_export(ws: Option<&Path>, args: &ExportArgs) -> Result<ExitCode> {
    let cat = super::report::catalog(ws);
    let q = cat.questionnaire(&args.questionnaire).ok_or_else(|| {
        anyhow!(
            "no questionnaire {:?}; see `clausewise list questionnaires`",
            args.questionnaire
        )
    })?;
    let (subject_id, existing) = existing_assessment(ws, q, &args.subject);
    let existing = existing.as_ref();
    let bytes = match args.format {
        ExportFormat::Xlsx => {
            let about = About {
                questionnaire: q.id.clone(),
                version: q.version.clone(),
                sha256: crate::seal::stamp(q)?.sha256,
                subject_id,
                subject: crate::sanitize::line(&args.subject).trim().to_string(),
                exported: crate::clock::today_utc().to_string(),
            };
            export::to_xlsx_with(q, &about, existing).context("building the workbook")?
        }
        ExportFormat::Csv => export::to_csv(q, existing).into_bytes(),
        ExportFormat::Markdown => export::to_markdown(q, &args.subject, existing).into_bytes(),
    };
    match &args.output {
        Some(p) => super::output::emit(p, &bytes)?,
        None if args.format == ExportFormat::Xlsx => {
            bail!("an xlsx file needs -o FILE (or -o - for standard output)")
        }
        None => super::output::write_all(&bytes)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The subject's id (its workspace id when the workspace knows it, else the id an import
/// would give it) and its assessment in the workspace, when there is one, so the export can
/// pre-fill existing entries of repeatable sections. Read-only: the export never takes the
/// session lock.
fn existing_assessment(
    ws: Option<&Path>,
    q: &crate::model::Questionnaire,
    subject: &str,
) -> (String, Option<crate::model::Assessment>) {
    let name = crate::sanitize::line(subject).trim().to_string();
    let state = crate::store::Workspace::discover(ws)
        .ok()
        .and_then(|w| crate::store::live::peek(&w).ok().flatten())
        .map(|p| p.state);
    let Some(state) = state else {
        return (import::slug(&name), None);
    };
    let Some(found) = (state.subjects.iter()).find(|s| s.name == name || s.id == name) else {
        return (import::slug(&name), None);
    };
    let assessment = (state.assessments.iter())
        .find(|a| a.questionnaire == q.id && a.subject.as_ref() == Some(&found.id))
        .cloned();
    (found.id.clone(), assessment)
}

/// Runs `import-answers`.
pub fn run_import(ws: Option<&Path>, args: &ImportArgs) -> Result<ExitCode> {
    let cat = super::report::catalog(ws);
    let bytes = read_bytes(&args.file, MAX_IMPORT_BYTES)?;
    let name = args.file.display().to_string();
    let is_xlsx = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let (table, about) = if is_xlsx {
        let about =
            table::read_xlsx_sheet(&name, &bytes, ABOUT_SHEET)?.and_then(|t| About::from_table(&t));
        (table::read_xlsx(&name, &bytes, SHEET)?, about)
    } else {
        (table::read_csv(&name, &bytes)?, None)
    };
    let asked_q = match (&args.questionnaire, &about) {
        (None, None) => Some(DEFAULT_QUESTIONNAIRE),
        (q, _) => q.as_deref(),
    };
    let target = resolve(
        about.as_ref(),
        asked_q,
        args.subject.as_deref(),
        args.retarget,
    )?;
    for w in &target.warnings {
        eprintln!("{}", crate::sanitize::line(w));
    }
    let q = cat.questionnaire(&target.questionnaire).ok_or_else(|| {
        anyhow!(
            "no questionnaire {:?}; pass --questionnaire ID",
            target.questionnaire
        )
    })?;
    if let Some(a) = &about {
        warn_if_changed(a, q);
    }
    let opts = import::ImportOptions {
        subject: target.subject,
        partial: args.partial,
        overwrite: args.overwrite,
        now: jiff::Timestamp::now(),
    };
    let result = match &args.into {
        Some(path) => import_into_file(path, q, &table, &opts)?,
        None => import_into_session(ws, q, &table, &opts)?,
    };
    report_import(result)
}

/// The questionnaire `import-answers` assumes for a CSV file when none is given.
const DEFAULT_QUESTIONNAIRE: &str = "ai-vendor-due-diligence";

/// A workbook exported from another version of the questionnaire still imports (ids are
/// checked row by row), with a note.
fn warn_if_changed(about: &About, q: &crate::model::Questionnaire) {
    let now = crate::seal::stamp(q).map(|s| s.sha256).ok();
    if !about.sha256.is_empty() && now.as_deref() != Some(about.sha256.as_str()) {
        eprintln!(
            "note: the file was exported from {} version {}; the questionnaire is now version {} and has changed since",
            crate::sanitize::line(&about.questionnaire),
            crate::sanitize::line(&about.version),
            crate::sanitize::line(&q.version)
        );
    }
}

fn report_import(result: Imported) -> Result<ExitCode> {
    match result {
        Ok(outcome) => {
            out!("{}", import::summary(&outcome));
            Ok(ExitCode::from(u8::from(!outcome.errors.is_empty())))
        }
        Err(failure) => {
            for e in &failure.errors {
                eprintln!("{}", crate::sanitize::line(&e.to_string()));
            }
            eprintln!(
                "{} problem(s); nothing imported (fix the rows, or pass --partial to import the valid ones)",
                failure.errors.len()
            );
            Ok(ExitCode::from(1))
        }
    }
}

type Imported = std::result::Result<import::ImportOutcome, import::ImportFailure>;

/// Imports into the live workspace in one transaction (every answer in the history; a
/// wizard open elsewhere sees the imported answers within a second).
fn import_into_session(
    ws: Option<&Path>,
    q: &crate::model::Questionnaire,
    table: &crate::report::exchange::table::Table,
    opts: &import::ImportOptions,
) -> Result<Imported> {
    let workspace = crate::store::Workspace::discover(ws)?;
    let mut store = crate::store::LiveStore::open(&workspace)?;
    let state = store.state()?;
    let as_snapshot = state.to_snapshot(opts.now, String::new(), String::new());
    let result = import::import(&as_snapshot, q, table, opts);
    if let Ok(outcome) = &result {
        let mut after = state.clone();
        after.subjects = outcome.snapshot.subjects.clone();
        after.assessments = outcome.snapshot.assessments.clone();
        store.commit_changes(state.changes_to(&after))?;
    }
    Ok(result)
}

/// Imports into a snapshot file given with `--into`, rewritten atomically while holding
/// the lock of its folder (the one `snapshot save` takes), so concurrent imports and saves
/// never lose each other's changes.
fn import_into_file(
    path: &Path,
    q: &crate::model::Questionnaire,
    table: &crate::report::exchange::table::Table,
    opts: &import::ImportOptions,
) -> Result<Imported> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let _lock = crate::store::folder::FolderLock::acquire(dir)
        .with_context(|| format!("cannot lock the folder of {}", path.display()))?;
    let Some(snapshot) = super::report::load(path)? else {
        anyhow::bail!("cannot import into {}", path.display());
    };
    let result = import::import(&snapshot, q, table, opts);
    if let Ok(outcome) = &result {
        let mut json = serde_json::to_string_pretty(&outcome.snapshot)?;
        json.push('\n');
        crate::store::atomic::write(path, json.as_bytes())?;
    }
    Ok(result)
}
