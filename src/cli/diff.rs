//! `clausewise diff OLD NEW`: loads two snapshots, compares them, renders the result.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};

use super::render;
use crate::diff::{self, Only, Questionnaires};
use crate::store::{Workspace, snapshots};

/// Exit code of `--fail-on-regression` when something got worse.
pub const EXIT_REGRESSION: u8 = 3;

/// Arguments of `diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier snapshot: a path, or a file name, stem or label in the workspace's snapshots/.
    pub old: String,
    /// The later snapshot, given the same way.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Which changes to show.
    #[arg(long, value_enum, default_value_t = OnlyArg::Changes)]
    pub only: OnlyArg,
    /// Exit with code 3 when anything got worse (for pipelines).
    #[arg(long)]
    pub fail_on_regression: bool,
    /// Compare snapshots whose seal does not check out, marked UNVERIFIED on every output.
    #[arg(long)]
    pub allow_unverified: bool,
}

/// Output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Text, coloured on a terminal unless NO_COLOR is set.
    Text,
    /// Markdown.
    Markdown,
    /// The versioned JSON form (format "clausewise-diff").
    Json,
}

/// What `--only` keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnlyArg {
    /// Only what got worse.
    Regressions,
    /// Every change.
    Changes,
    /// Every change plus findings still open.
    All,
}

/// Runs `diff`.
pub fn run(ws: Option<&Path>, args: &DiffArgs) -> Result<ExitCode> {
    let ws = Workspace::discover(ws)?;
    let dir = ws.root.join("snapshots");
    let catalog = ws.catalog()?;
    let open = |name: &str| -> Result<super::trust::Shown> {
        let path = snapshots::resolve(&dir, name)?;
        super::trust::open(&path, args.allow_unverified, Some(&catalog))
    };
    let (old, new) = (open(&args.old)?, open(&args.new)?);
    let notices: Vec<String> = old.notices.into_iter().chain(new.notices).collect();
    let (old, new) = (old.snapshot, new.snapshot);
    let qs = Questionnaires {
        old: Vec::new(),
        new: catalog.questionnaires.iter().map(|l| &l.item).collect(),
    };
    let full = diff::diff(&old, &new, &qs);
    let only = match args.only {
        OnlyArg::Regressions => Only::Regressions,
        OnlyArg::Changes => Only::Changes,
        OnlyArg::All => Only::All,
    };
    let shown = full.filtered(only);
    use super::trust::Kind;
    let (kind, text) = match args.format {
        DiffFormat::Json => {
            let bytes = crate::seal::canonical::to_vec(&shown)?;
            let text = crate::sanitize::json_for_terminal(&String::from_utf8_lossy(&bytes));
            (Kind::Json, text)
        }
        DiffFormat::Markdown => (Kind::Markdown, render::markdown(&shown)),
        DiffFormat::Text => (Kind::Text, render::text(&shown, use_colour())),
    };
    let bytes = super::trust::decorate(kind, &notices, text.into_bytes());
    super::output::write_all(&bytes)?;
    if args.fail_on_regression && full.has_regression() {
        return Ok(ExitCode::from(EXIT_REGRESSION));
    }
    Ok(ExitCode::SUCCESS)
}

/// Colour only on a terminal, and never with NO_COLOR set (to anything non-empty).
pub fn use_colour() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
