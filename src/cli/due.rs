//! `clausewise due [--within 30d] [--as-of DATE] [--format json] [--snapshot FILE]`: what is
//! overdue and what falls due soon, from the live workspace or a snapshot file. Exits 1 when
//! anything is overdue, so it can run from cron or CI.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use jiff::civil::Date;

use super::Format;
use crate::model::{Questionnaire, Snapshot};
use crate::report::due::{DueList, DueOptions, due};
use crate::sanitize::line;
use crate::store::{LiveStore, Workspace};

/// Arguments of `due`.
#[derive(Debug, clap::Args)]
pub struct DueArgs {
    /// How far ahead to look: days (`30d`, or just `30`) or weeks (`4w`).
    #[arg(long, value_name = "SPAN", default_value = "30d", value_parser = parse_within)]
    pub within: i32,
    /// The day to check against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<Date>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Read this snapshot file instead of the live workspace.
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
}

/// `30d` → 30, `4w` → 28, `30` → 30; at most ten years.
fn parse_within(s: &str) -> Result<i32, String> {
    let (digits, factor) = match s.strip_suffix(['d', 'D']) {
        Some(d) => (d, 1),
        None => match s.strip_suffix(['w', 'W']) {
            Some(w) => (w, 7),
            None => (s, 1),
        },
    };
    let n: i32 = digits
        .parse()
        .map_err(|_| format!("{s:?} is not a span: use days like 30d or weeks like 4w"))?;
    match n.checked_mul(factor) {
        Some(days) if (0..=3653).contains(&days) => Ok(days),
        _ => Err(format!("{s:?} is out of range: 0 to 3653 days")),
    }
}

/// Runs `due`.
pub fn run(ws: Option<&Path>, args: &DueArgs) -> Result<ExitCode> {
    let workspace = Workspace::discover(ws)?;
    let catalog = workspace.catalog()?;
    let snapshot = match &args.snapshot {
        Some(path) => match super::report::load(path)? {
            Some(s) => s,
            None => return Ok(ExitCode::from(1)),
        },
        None => live_snapshot(&workspace)?,
    };
    let profile = catalog.profile(&snapshot.meta.profile).ok_or_else(|| {
        anyhow!(
            "the profile {:?} is not in the catalog; see `clausewise list profiles`",
            snapshot.meta.profile
        )
    })?;
    let questionnaires: Vec<&Questionnaire> =
        catalog.questionnaires.iter().map(|l| &l.item).collect();
    let opts = DueOptions {
        as_of: args.as_of.unwrap_or_else(crate::clock::today_utc),
        within_days: args.within,
    };
    let list = due(&snapshot, &questionnaires, profile, opts);
    match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&list)?;
            outln!("{}", crate::sanitize::json_for_terminal(&json));
        }
        Format::Table => out!("{}", render_table(&list)),
    }
    Ok(ExitCode::from(u8::from(list.overdue > 0)))
}

/// The live workspace's answers, subjects and findings as an unsealed snapshot.
fn live_snapshot(workspace: &Workspace) -> Result<Snapshot> {
    let state = LiveStore::open(workspace)
        .and_then(|s| s.state())
        .with_context(|| format!("cannot read the workspace {}", workspace.root.display()))?;
    Ok(state.to_snapshot(jiff::Timestamp::now(), String::new(), String::new()))
}

/// One line per item, overdue ones marked `!`, under a count line.
pub fn render_table(list: &DueList) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "{} overdue, {} due by {} (as of {})\n",
        list.overdue, list.upcoming, list.until, list.as_of
    );
    if list.items.is_empty() {
        out.push_str("nothing due\n");
        return out;
    }
    let kind_w = (list.items.iter())
        .map(|i| i.kind.as_str().len())
        .max()
        .unwrap_or(0);
    for i in &list.items {
        let mark = if i.overdue { '!' } else { ' ' };
        let mut rest = line(&i.what);
        if let Some(s) = &i.subject {
            rest = format!("{} · {rest}", line(s));
        }
        if let Some(o) = &i.owner {
            rest.push_str(&format!(" · owner {}", line(o)));
        }
        let _ = writeln!(
            out,
            "{mark} {}  {:<kind_w$}  {}  {rest}",
            i.due,
            i.kind.as_str(),
            line(&i.reference)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::parse_within;

    #[test]
    fn within_takes_days_or_weeks() {
        assert_eq!(parse_within("30d"), Ok(30));
        assert_eq!(parse_within("30"), Ok(30));
        assert_eq!(parse_within("4w"), Ok(28));
        assert!(parse_within("3 months").unwrap_err().contains("30d"));
        assert!(parse_within("-1d").is_err());
        assert!(parse_within("99999w").is_err());
    }
}
