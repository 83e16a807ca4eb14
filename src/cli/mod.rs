//! Command-line interface: parses arguments, calls the core and the store, renders results.
//!
//! Exit codes: 0 success, 1 a problem found in the input, 2 usage error, 3 `diff
//! --fail-on-regression` found something worse.

#[macro_use]
pub mod output;
pub mod diff;
pub mod render;
pub mod snapshot;
pub mod trust;

mod assess;
mod due;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use crate::catalog::{self, Catalog, Diagnostic, SourceFile};
use crate::store::Workspace;
use crate::store::workspace::read_snapshot_source;

pub mod exchange;
pub mod live;
pub mod pack;
pub mod report;
mod score;

const EXIT_CODES: &str = "Exit codes: 0 success; 1 a problem found (invalid input, a failed check, `due` found something overdue, an error); 2 usage error (clap's message); 3 `diff --fail-on-regression` found something worse.";

/// ISO/IEC 42001:2023 gap assessments, AI system impact assessments and AI vendor due
/// diligence, in the terminal.
#[derive(Debug, Parser)]
#[command(name = "clausewise", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// Workspace folder (default: the current directory if it is a workspace, else the
    /// platform data directory).
    #[arg(long, short = 'w', global = true, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// What to do; without a command the interactive wizard opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty workspace (questionnaires/, profiles/, snapshots/).
    #[command(after_help = EXIT_CODES)]
    Init {
        /// Folder to create it in (default: --workspace if given, else the current
        /// directory).
        dir: Option<PathBuf>,
        /// Let the folder's group work in it too (setgid folders, group-writable database),
        /// like `git init --shared=group`: assessors on one host as different OS users.
        #[arg(long)]
        shared: bool,
    },
    /// Show who changed an answer, when, and from what to what.
    #[command(after_help = EXIT_CODES)]
    History(live::HistoryArgs),
    /// Put the answers of a rescue file (written when saving failed as the app was ended)
    /// back into the workspace.
    #[command(after_help = EXIT_CODES)]
    Recover {
        /// The rescue file.
        file: PathBuf,
    },
    /// Check questionnaires, profiles and snapshots; print `file:line:col: error: …` per problem.
    #[command(after_help = EXIT_CODES)]
    Validate {
        /// Files or folders to check (default: the built-ins and the whole workspace).
        paths: Vec<PathBuf>,
    },
    /// List questionnaires, profiles or snapshots.
    #[command(after_help = EXIT_CODES)]
    List {
        /// What to list.
        what: ListWhat,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Score a snapshot: readiness and coverage, the clause heatmap, AIIAs and vendors.
    #[command(after_help = EXIT_CODES)]
    Score(score::ScoreArgs),
    /// Open the wizard on one questionnaire (AIIA and vendor need --subject).
    #[command(after_help = EXIT_CODES)]
    Assess {
        /// Which questionnaire.
        kind: assess::AssessKind,
        /// The AI system or vendor, by name or id (added if new).
        #[arg(long, value_name = "NAME")]
        subject: Option<String>,
        /// Profile id to use for this workspace (e.g. healthcare).
        #[arg(long, value_name = "ID")]
        profile: Option<String>,
        /// With `gap`: open this gap questionnaire instead of the ISO/IEC 42001 one (e.g.
        /// eu-ai-act-high-risk).
        #[arg(long, value_name = "ID")]
        questionnaire: Option<String>,
    },
    /// Print the JSON Schema of a file format, or write all of them to a folder.
    #[command(after_help = EXIT_CODES)]
    Schema {
        /// Which schema to print.
        which: Option<SchemaKind>,
        /// Write questionnaire, profile and snapshot schemas into this folder.
        #[arg(long, value_name = "DIR", conflicts_with = "which")]
        out: Option<PathBuf>,
    },
    /// Save, list, show and verify snapshots.
    #[command(subcommand, after_help = EXIT_CODES)]
    Snapshot(snapshot::SnapshotCmd),
    /// Compare two snapshots: readiness, gaps, controls, answers, findings.
    #[command(after_help = EXIT_CODES)]
    Diff(diff::DiffArgs),
    /// Render a snapshot as Markdown, CSV, HTML, JSON or OSCAL.
    #[command(after_help = EXIT_CODES)]
    Report(report::ReportArgs),
    /// Write an offline auditor pack: report, CSV, OSCAL results and POA&M, the snapshot
    /// chain, evidence files, a README and SHA256SUMS.
    #[command(after_help = EXIT_CODES)]
    Pack(pack::PackArgs),
    /// Write a fill-in file (xlsx, csv, markdown) of a questionnaire for a vendor.
    #[command(after_help = EXIT_CODES)]
    ExportQuestionnaire(exchange::ExportArgs),
    /// Read a filled-in file back as self-attested answers.
    #[command(after_help = EXIT_CODES)]
    ImportAnswers(exchange::ImportArgs),
    /// List what needs doing: overdue and upcoming remediation actions, expiring evidence,
    /// AIIA reviews and vendor reassessments due, findings past their date (exit 1 when
    /// anything is overdue).
    #[command(after_help = EXIT_CODES)]
    Due(due::DueArgs),
    /// Print a shell completion script, e.g. `clausewise completions bash >
    /// ~/.local/share/bash-completion/completions/clausewise`.
    #[command(after_help = EXIT_CODES)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `clausewise man | man -l -`.
    #[command(after_help = EXIT_CODES)]
    Man,
}

/// What `list` lists.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListWhat {
    /// Questionnaires (built-in and workspace).
    Questionnaires,
    /// Profiles (built-in and workspace).
    Profiles,
    /// Snapshots in the workspace.
    Snapshots,
}

/// Output format of `list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// JSON for tools.
    Json,
}

/// The file formats with a JSON Schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKind {
    /// `questionnaires/*.json`.
    Questionnaire,
    /// `profiles/*.json`.
    Profile,
    /// `snapshots/*.json`.
    Snapshot,
}

/// Entry point used by `main`: parses arguments, runs, maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) if output::is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", output::error_text(&e));
            ExitCode::from(1)
        }
    }
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let ws = cli.workspace.as_deref();
    if let Some(dir) = ws
        && !matches!(cli.command, Some(Command::Init { .. }))
        && !dir.is_dir()
    {
        // Every command reads the workspace (even a report's questionnaires): a mistyped
        // --workspace is an error, never an empty workspace or the built-ins.
        return Err(crate::store::StoreError::NoWorkspace {
            path: dir.to_path_buf(),
        }
        .into());
    }
    match cli.command {
        None => assess::run(ws, None, None, None, None),
        Some(Command::Assess {
            kind,
            subject,
            profile,
            questionnaire,
        }) => assess::run(ws, Some(kind), subject, profile, questionnaire),
        Some(Command::Init { dir, shared }) => init(dir.as_deref(), ws, shared),
        Some(Command::History(args)) => live::history(ws, &args),
        Some(Command::Recover { file }) => live::recover(ws, &file),
        Some(Command::Validate { paths }) => validate(ws, &paths),
        Some(Command::List { what, format }) => list(ws, what, format),
        Some(Command::Score(args)) => score::run(ws, &args),
        Some(Command::Schema { which, out }) => schema(which, out.as_deref()),
        Some(Command::Snapshot(cmd)) => snapshot::run(ws, cmd),
        Some(Command::Diff(args)) => diff::run(ws, &args),
        Some(Command::Report(args)) => report::run(ws, &args),
        Some(Command::Pack(args)) => pack::run(ws, &args),
        Some(Command::ExportQuestionnaire(args)) => exchange::run_export(ws, &args),
        Some(Command::ImportAnswers(args)) => exchange::run_import(ws, &args),
        Some(Command::Due(args)) => due::run(ws, &args),
        Some(Command::Completions { shell }) => completions(shell),
        Some(Command::Man) => man(),
    }
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    use clap::CommandFactory as _;
    let mut bytes = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "clausewise", &mut bytes);
    output::write_all(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

fn man() -> Result<ExitCode> {
    use clap::CommandFactory as _;
    let mut bytes = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut bytes)
        .context("rendering the manual page")?;
    output::write_all(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// `init [DIR]`: in DIR, else in `--workspace`, else in the current directory; both given
/// must name the same folder.
fn init(dir: Option<&Path>, workspace: Option<&Path>, shared: bool) -> Result<ExitCode> {
    let dir = match (dir, workspace) {
        (Some(d), Some(w)) if d != w => anyhow::bail!(
            "init: two folders given ({} and --workspace {}); give one",
            crate::sanitize::line(&d.display().to_string()),
            crate::sanitize::line(&w.display().to_string())
        ),
        (Some(d), _) | (None, Some(d)) => d.to_path_buf(),
        (None, None) => std::env::current_dir().context("cannot read the current directory")?,
    };
    live::init(&dir, shared)
}

/// Which file format a path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Questionnaire,
    Profile,
    Snapshot,
}

fn kind_of(path: &Path, bytes: &[u8]) -> FileKind {
    let parent = path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    match parent.as_deref() {
        Some("questionnaires") => return FileKind::Questionnaire,
        Some("profiles") => return FileKind::Profile,
        Some("snapshots") => return FileKind::Snapshot,
        _ => {}
    }
    let head = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes));
    if head.contains("\"clausewise-snapshot\"") {
        FileKind::Snapshot
    } else if head.contains("\"sections\"") || head.contains("\"kind\"") {
        FileKind::Questionnaire
    } else {
        FileKind::Profile
    }
}

#[derive(Default)]
struct Tally {
    /// The questionnaires snapshots' answers are checked against (workspace, else built-in).
    catalog: Option<catalog::Catalog>,
    questionnaires: usize,
    questions: usize,
    profiles: usize,
    snapshots: usize,
    problems: Vec<Diagnostic>,
}

impl Tally {
    /// Checks a snapshot file read from `real`: its format, then its seal (a digest that
    /// does not match, or a broken link to the snapshot before it, is a problem).
    fn check_snapshot(&mut self, file: &SourceFile, real: &Path) {
        let mut snap = match catalog::snapshot::load_snapshot(file) {
            Ok(s) => s,
            Err(d) => return self.problems.extend(d),
        };
        self.snapshots += 1;
        let qs: Vec<_> = (self.catalog.iter())
            .flat_map(|c| c.questionnaires.iter().map(|l| &l.item))
            .collect();
        let found = catalog::snapshot::check_answers(file, &snap, &qs);
        self.problems.extend(found);
        let problems = crate::store::trust::check(real, &mut snap).unwrap_or_default();
        for p in problems.iter().filter(|p| p.is_broken()) {
            self.problems.push(Diagnostic {
                file: file.path.clone(),
                line: 1,
                column: 1,
                code: catalog::diagnostic::Code::Invalid,
                message: format!("the seal does not hold: {p}"),
            });
        }
    }

    fn check(&mut self, kind: FileKind, file: &SourceFile) {
        match kind {
            FileKind::Questionnaire => match catalog::load_questionnaire(file) {
                Ok(q) => {
                    self.questionnaires += 1;
                    self.questions += q.question_count();
                }
                Err(d) => self.problems.extend(d),
            },
            FileKind::Profile => match catalog::load_profile(file) {
                Ok(_) => self.profiles += 1,
                Err(d) => self.problems.extend(d),
            },
            FileKind::Snapshot => self.check_snapshot(file, Path::new(&file.path)),
        }
    }
}

fn validate(ws: Option<&Path>, paths: &[PathBuf]) -> Result<ExitCode> {
    let mut tally = Tally::default();
    let discovered = Workspace::discover(ws).and_then(|w| w.catalog());
    tally.catalog = Some(discovered.unwrap_or_else(|_| catalog::Catalog::builtin()));
    if paths.is_empty() {
        let ws = Workspace::discover(ws)?;
        // A built-in that the workspace holds byte for byte (as this repository does) is
        // checked once, under its workspace path.
        let shadowed = |f: &SourceFile| {
            let rel = f.path.trim_start_matches("builtin:");
            ws.holds(rel, &f.bytes)
        };
        for f in catalog::builtin::questionnaires()
            .iter()
            .filter(|f| !shadowed(f))
        {
            tally.check(FileKind::Questionnaire, f);
        }
        for f in catalog::builtin::profiles().iter().filter(|f| !shadowed(f)) {
            tally.check(FileKind::Profile, f);
        }
        for (folder, kind) in [
            ("questionnaires", FileKind::Questionnaire),
            ("profiles", FileKind::Profile),
        ] {
            for f in ws.files_in(folder)? {
                tally.check(kind, &f);
            }
        }
        for f in ws.files_in("snapshots")? {
            tally.check_snapshot(&f, &ws.root.join(&f.path));
        }
    } else {
        for p in paths {
            for file in crate::store::files::json_files(p)
                .with_context(|| format!("cannot list {}", p.display()))?
            {
                let src = read_snapshot_source(&file, &file.display().to_string())?;
                match kind_of(&file, &src.bytes) {
                    FileKind::Snapshot => tally.check_snapshot(&src, &file),
                    kind => tally.check(kind, &src),
                }
            }
        }
    }
    for d in &tally.problems {
        outln!("{}", crate::sanitize::line(&d.to_string()));
    }
    if tally.problems.is_empty() {
        outln!(
            "ok: {} questionnaires ({} questions), {} profiles, {} snapshots; no problems",
            tally.questionnaires,
            tally.questions,
            tally.profiles,
            tally.snapshots
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", tally.problems.len());
        Ok(ExitCode::from(1))
    }
}

fn list(ws: Option<&Path>, what: ListWhat, format: Format) -> Result<ExitCode> {
    let ws = Workspace::discover(ws)?;
    let catalog = ws.catalog()?;
    for d in &catalog.diagnostics {
        eprintln!("{}", crate::sanitize::line(&d.to_string()));
    }
    let rows = match what {
        ListWhat::Questionnaires => questionnaire_rows(&catalog),
        ListWhat::Profiles => profile_rows(&catalog),
        ListWhat::Snapshots => snapshot_rows(&ws)?,
    };
    match format {
        Format::Json => outln!(
            "{}",
            crate::sanitize::json_for_terminal(&serde_json::to_string_pretty(&rows_json(&rows))?)
        ),
        Format::Table => out!("{}", table(&rows)),
    }
    Ok(ExitCode::SUCCESS)
}

/// One listed item: ordered (column, value) pairs.
type Row = Vec<(&'static str, serde_json::Value)>;

fn row(pairs: Row) -> Row {
    pairs
}

fn rows_json(rows: &[Row]) -> serde_json::Value {
    rows.iter()
        .map(|r| {
            r.iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<serde_json::Map<_, _>>()
        })
        .collect()
}

fn questionnaire_rows(c: &Catalog) -> Vec<Row> {
    c.questionnaires
        .iter()
        .map(|l| {
            let q = &l.item;
            row(vec![
                ("id", q.id.clone().into()),
                ("kind", q.kind.as_str().into()),
                ("version", q.version.clone().into()),
                ("sections", q.section_count().into()),
                ("questions", q.question_count().into()),
                ("title", q.title.clone().into()),
                ("source", l.origin.path().into()),
            ])
        })
        .collect()
}

fn profile_rows(c: &Catalog) -> Vec<Row> {
    c.profiles
        .iter()
        .map(|l| {
            let p = &l.item;
            row(vec![
                ("id", p.id.clone().into()),
                ("industry", p.industry.clone().into()),
                ("ai_role", p.ai_role.as_str().into()),
                ("review_months", p.review_months.into()),
                ("title", p.title.clone().into()),
                ("source", l.origin.path().into()),
            ])
        })
        .collect()
}

fn snapshot_rows(ws: &Workspace) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for f in ws.files_in("snapshots")? {
        match catalog::snapshot::load_snapshot(&f) {
            Ok(s) => rows.push(row(vec![
                ("file", f.path.clone().into()),
                ("organization", s.meta.organization.into()),
                ("cycle", s.meta.cycle.into()),
                ("created_at", s.meta.created_at.to_string().into()),
                ("label", s.meta.label.into()),
            ])),
            Err(ds) => ds
                .iter()
                .for_each(|d| eprintln!("{}", crate::sanitize::line(&d.to_string()))),
        }
    }
    Ok(rows)
}

/// Renders rows as left-aligned columns (headers from the first row's keys).
fn table(rows: &[Row]) -> String {
    let Some(first) = rows.first() else {
        return "(none)\n".to_string();
    };
    let headers: Vec<&str> = first.iter().map(|(k, _)| *k).collect();
    let cell = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => crate::sanitize::line(s),
        other => other.to_string(),
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|(_, v)| cell(v)).collect())
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            cells
                .iter()
                .map(|c| c.get(i).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
                .max(h.len())
        })
        .collect();
    let mut out = String::new();
    let mut line = |vals: Vec<&str>| {
        let parts: Vec<String> = vals
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(
        headers
            .iter()
            .map(|h| h.to_uppercase())
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    );
    for c in &cells {
        line(c.iter().map(String::as_str).collect());
    }
    out
}

/// The JSON Schema of one file format, pretty-printed with a trailing newline: draft
/// 2020-12, only the standard formats (`date`, `date-time`, `uri-reference`; schemars'
/// `uint32`, `int64`, `double` and the like are dropped, their ranges stay as `minimum`),
/// and a top-level `$schema` property so a file can name its schema for editors.
pub fn schema_text(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Questionnaire => schemars::schema_for!(crate::model::Questionnaire),
        SchemaKind::Profile => schemars::schema_for!(crate::model::Profile),
        SchemaKind::Snapshot => schemars::schema_for!(crate::model::Snapshot),
    };
    let mut value = schema.to_value();
    keep_standard_formats(&mut value);
    if let Some(props) = value
        .get_mut("properties")
        .and_then(serde_json::Value::as_object_mut)
    {
        let entry = serde_json::json!({
            "description": "The JSON Schema this file follows, for editors (e.g. \"../schema/questionnaire.schema.json\"); ignored by clausewise.",
            "type": "string",
            "format": "uri-reference"
        });
        props.insert(crate::catalog::parse::SCHEMA_KEY.into(), entry);
    }
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}

/// The `format` values of JSON Schema draft 2020-12 that the schemas use.
const STANDARD_FORMATS: [&str; 4] = ["date", "date-time", "uri", "uri-reference"];

/// Removes every `format` keyword whose value is not a standard one (schemars writes
/// `uint32`, `int64`, `double`, which strict validators such as Ajv refuse).
fn keep_standard_formats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            let drop = m
                .get("format")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|f| !STANDARD_FORMATS.contains(&f));
            if drop {
                m.remove("format");
            }
            m.values_mut().for_each(keep_standard_formats);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(keep_standard_formats),
        _ => {}
    }
}

/// File name of each schema in `schema/`.
pub const SCHEMA_FILES: [(SchemaKind, &str); 3] = [
    (SchemaKind::Questionnaire, "questionnaire.schema.json"),
    (SchemaKind::Profile, "profile.schema.json"),
    (SchemaKind::Snapshot, "snapshot.schema.json"),
];

fn schema(which: Option<SchemaKind>, out: Option<&Path>) -> Result<ExitCode> {
    match (which, out) {
        (_, Some(dir)) => {
            for (kind, name) in SCHEMA_FILES {
                let path = dir.join(name);
                crate::store::atomic::write_shared(&path, schema_text(kind).as_bytes())?;
                outln!(
                    "wrote {}",
                    crate::sanitize::line(&path.display().to_string())
                );
            }
        }
        (Some(kind), None) => out!("{}", schema_text(kind)),
        (None, None) => out!("{}", schema_text(SchemaKind::Questionnaire)),
    }
    Ok(ExitCode::SUCCESS)
}
