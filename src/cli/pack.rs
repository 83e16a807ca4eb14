//! `clausewise pack SNAPSHOT -o DIR`: an offline auditor pack — the HTML report, the CSV and
//! SoA CSV, OSCAL assessment results and POA&M, the snapshot and its predecessors byte for
//! byte, the evidence files its answers name that are inside the workspace, a README and a
//! `SHA256SUMS` that `sha256sum -c` verifies. The snapshot must verify: a pack is for
//! handing over, never for a file whose seal is broken.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Args;

use super::report::PaperArg;
use crate::model::Snapshot;
use crate::report::pack::{Contents, SUMS, readme, sha256sums};
use crate::report::{self, Context, ReportFormat};
use crate::store::Workspace;
use crate::store::pack::{Skipped, evidence, snapshot_bytes, write};

/// Arguments of `pack`.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// The snapshot file to pack.
    pub snapshot: PathBuf,
    /// The folder to write the pack into (created; must be empty if it exists).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Check due dates against this day (YYYY-MM-DD) instead of the scores' own day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<jiff::civil::Date>,
    /// The classification marking on the report.
    #[arg(long, value_name = "TEXT", default_value = crate::report::DEFAULT_CLASSIFICATION)]
    pub classification: String,
    /// Paper size of the printed report.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
}

/// A pack's files: name in the pack, bytes.
type Files = Vec<(String, Vec<u8>)>;

/// Runs `pack`.
pub fn run(ws: Option<&Path>, args: &PackArgs) -> Result<ExitCode> {
    let cat = super::report::catalog(ws);
    let shown = super::trust::open(&args.snapshot, false, Some(&cat))?;
    let snap = &shown.snapshot;
    if let Some(n) = shown.notices.iter().find(|n| n.starts_with("UNVERIFIED")) {
        anyhow::bail!(
            "{}; a pack is only made of a sealed snapshot that verifies",
            crate::sanitize::line(n)
        );
    }
    let chain = crate::store::reports::history(&args.snapshot, snap, &cat)?;
    let ctx = Context::new(snap, cat.questionnaires.iter().map(|l| &l.item))
        .with_as_of(args.as_of)
        .with_history(chain.iter().map(|(_, s)| s).collect())
        .with_seal(crate::report::Seal::of(
            snap.digest.is_some(),
            &shown.notices,
        ))
        .with_print(&args.classification, args.paper.into());
    let mut files = renders(&ctx, &shown.notices)?;
    let mut contents = Contents {
        title: title(snap),
        ..Contents::default()
    };
    let own = snapshot_file(&args.snapshot, &mut files)?;
    contents.snapshot = (own, snap.digest.clone().unwrap_or_default());
    for (path, _) in &chain {
        contents.chain.push(snapshot_file(path, &mut files)?);
    }
    let root = Workspace::discover(ws)?.root;
    for reference in evidence_refs(snap) {
        match evidence(&root, &reference) {
            Ok((name, bytes)) => {
                let name = format!("evidence/{name}");
                if !files.iter().any(|(n, _)| *n == name) {
                    contents.evidence.push(name.clone());
                    files.push((name, bytes));
                }
            }
            Err(Skipped::NotAPath) => {}
            Err(why) => contents.skipped.push((reference, why.to_string())),
        }
    }
    files.push(("README.txt".into(), readme(&contents).into_bytes()));
    let sums = sha256sums(&files);
    files.push((SUMS.into(), sums.into_bytes()));
    write(&args.output, &files)
        .with_context(|| format!("cannot write the pack to {}", args.output.display()))?;
    if !contents.skipped.is_empty() {
        eprintln!(
            "note: {} evidence reference(s) not copied (not files inside the workspace); README.txt lists them",
            contents.skipped.len()
        );
    }
    eprintln!(
        "wrote {} file(s) to {}; check them with `sha256sum -c SHA256SUMS` there",
        files.len(),
        crate::sanitize::line(&args.output.display().to_string())
    );
    Ok(ExitCode::SUCCESS)
}

/// The report, CSVs and OSCAL documents, each with the notices its format carries.
fn renders(ctx: &Context<'_>, notices: &[String]) -> Result<Files> {
    let mut jobs = vec![
        ("report.html", ReportFormat::Html),
        ("answers.csv", ReportFormat::Csv),
        ("oscal-assessment-results.json", ReportFormat::Oscal),
        ("oscal-poam.json", ReportFormat::OscalPoam),
    ];
    if ctx.scorecard().is_some() {
        jobs.insert(2, ("answers-soa.csv", ReportFormat::SoaCsv));
    }
    jobs.into_iter()
        .map(|(name, format)| {
            let bytes = report::render(ctx, format, None)?;
            let kind = report::notice::kind_of(format);
            Ok((
                name.to_string(),
                report::notice::with_notices(kind, notices, bytes),
            ))
        })
        .collect()
}

/// Adds a snapshot file, byte for byte, as `snapshots/<its file name>`; returns that name.
fn snapshot_file(path: &Path, files: &mut Files) -> Result<String> {
    let file = path.file_name().map_or_else(
        || "snapshot.json".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let name = format!("snapshots/{file}");
    files.push((name.clone(), snapshot_bytes(path)?));
    Ok(name)
}

/// `Harbourline Logistics, surveillance-1, 12 March 2026`.
fn title(s: &Snapshot) -> String {
    let day = jiff::tz::TimeZone::UTC
        .to_datetime(s.meta.created_at)
        .date();
    format!(
        "{}, {}, {}",
        s.meta.organization,
        s.meta.cycle,
        crate::report::escape::date_words(day)
    )
}

/// Every evidence reference in the snapshot's answers (entries included), once, sorted.
fn evidence_refs(s: &Snapshot) -> BTreeSet<String> {
    (s.assessments.iter())
        .flat_map(|a| {
            a.answers.values().chain(
                a.entries
                    .values()
                    .flatten()
                    .flat_map(|e| e.answers.values()),
            )
        })
        .flat_map(|ans| ans.evidence.iter().map(|e| e.reference.clone()))
        .collect()
}
