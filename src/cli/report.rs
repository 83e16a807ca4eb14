//! `clausewise report SNAPSHOT --format … [--framework …] [-o FILE]`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use crate::catalog::Catalog;
use crate::model::Snapshot;
use crate::report::{self, Context, ReportFormat};
use crate::store::Workspace;

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The snapshot file to report on.
    pub snapshot: PathBuf,
    /// Output format.
    #[arg(long, default_value = "markdown", value_parser = format_values())]
    pub format: ReportFormat,
    /// Re-group by a crosswalk framework.
    #[arg(long, value_name = "FRAMEWORK", value_parser = framework_ids())]
    pub framework: Option<String>,
    /// Write to this file instead of standard output (`-` is standard output; for csv, the
    /// Statement of Applicability goes next to the file as `<name>-soa.csv`).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Show a snapshot whose seal does not check out, marked UNVERIFIED on every output.
    #[arg(long)]
    pub allow_unverified: bool,
    /// Check due dates (overdue remediation and corrective actions) against this day
    /// (YYYY-MM-DD) instead of the day the scores are as of.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<jiff::civil::Date>,
    /// The classification marking on the cover and every printed page.
    #[arg(long, value_name = "TEXT", default_value = crate::report::DEFAULT_CLASSIFICATION)]
    pub classification: String,
    /// Paper size of the printed HTML report.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
}

/// `--paper` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

impl From<PaperArg> for crate::report::Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => crate::report::Paper::A4,
            PaperArg::Letter => crate::report::Paper::Letter,
        }
    }
}

/// The crosswalk frameworks `--framework` accepts, so clap refuses others as a usage error.
fn framework_ids() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(crate::model::FRAMEWORKS.map(|(id, _)| id))
}

/// The `--format` values and their help, from [`ReportFormat::ALL`], so clap refuses others
/// as a usage error.
fn format_values() -> impl clap::builder::TypedValueParser<Value = ReportFormat> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = ReportFormat::ALL.map(|f| PossibleValue::new(f.name()).help(f.info().description));
    PossibleValuesParser::new(values)
        .try_map(|name| ReportFormat::from_name(&name).ok_or("not a report format"))
}

/// Loads a snapshot file, printing its diagnostics; `None` when it is invalid.
pub fn load(path: &Path) -> Result<Option<Snapshot>> {
    let src = crate::store::workspace::read_snapshot_source(path, &path.display().to_string())?;
    match crate::catalog::snapshot::load_snapshot(&src) {
        Ok(s) => Ok(Some(s)),
        Err(ds) => {
            ds.iter()
                .for_each(|d| eprintln!("{}", crate::sanitize::line(&d.to_string())));
            Ok(None)
        }
    }
}

/// The workspace catalog, or the built-ins when there is no workspace.
pub fn catalog(ws: Option<&Path>) -> Catalog {
    Workspace::discover(ws)
        .and_then(|w| w.catalog())
        .unwrap_or_else(|_| Catalog::builtin())
}

/// Runs `report`: the snapshot's seal checked, its numbers recomputed from the answers.
pub fn run(ws: Option<&Path>, args: &ReportArgs) -> Result<ExitCode> {
    let cat = catalog(ws);
    let shown = super::trust::open(&args.snapshot, args.allow_unverified, Some(&cat))?;
    let snapshot = &shown.snapshot;
    let history = crate::store::reports::history(&args.snapshot, snapshot, &cat)?;
    let ctx = Context::new(snapshot, cat.questionnaires.iter().map(|l| &l.item))
        .with_as_of(args.as_of)
        .with_history(history.iter().map(|(_, s)| s).collect())
        .with_seal(crate::report::Seal::of(
            snapshot.digest.is_some(),
            &shown.notices,
        ))
        .with_print(&args.classification, args.paper.into());
    let fw = args.framework.as_deref();
    let kind = crate::report::notice::kind_of(args.format);
    let bytes = report::render(&ctx, args.format, fw)?;
    let bytes = super::trust::decorate(kind, &shown.notices, bytes);
    if snapshot.scorecard.is_none() {
        eprintln!("note: scorecard not computed for this snapshot; the report shows answers only");
    }
    let out = match &args.output {
        Some(out) if !super::output::is_stdout(Some(out)) => out,
        _ => {
            super::output::write_all(&bytes)?;
            return Ok(ExitCode::SUCCESS);
        }
    };
    super::output::emit(out, &bytes)?;
    if args.format == ReportFormat::Csv && fw.is_none() {
        match report::render(&ctx, ReportFormat::SoaCsv, None) {
            Ok(soa) => super::output::emit(
                &soa_path(out),
                &super::trust::with_notices(kind, &shown.notices, soa),
            )?,
            Err(e) => eprintln!("note: no Statement of Applicability CSV: {e}"),
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `answers.csv` → `answers-soa.csv`.
fn soa_path(p: &Path) -> PathBuf {
    let stem = p
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    p.with_file_name(format!("{stem}-soa.csv"))
}
