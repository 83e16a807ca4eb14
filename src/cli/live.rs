//! `clausewise history`, `clausewise recover` and `clausewise init --shared`: the live
//! workspace from the command line.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::store::live::{HistoryFilter, HistoryRow, Sharing};
use crate::store::{LiveStore, Workspace};
use crate::tui::answers::answer_line;

/// Arguments of `history`.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// The question id (e.g. c6.1.2.criteria).
    pub question: String,
    /// Only this AI system's or vendor's answers (id); `-` for the organization's own.
    #[arg(long, value_name = "ID")]
    pub subject: Option<String>,
    /// Only this questionnaire's answers (id).
    #[arg(long, value_name = "ID")]
    pub questionnaire: Option<String>,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Prints who changed an answer, when, from what to what (oldest first).
pub fn history(ws: Option<&Path>, args: &HistoryArgs) -> Result<ExitCode> {
    let workspace = Workspace::discover(ws)?;
    let store = LiveStore::open(&workspace)?;
    let filter = HistoryFilter {
        question: args.question.clone(),
        questionnaire: args.questionnaire.clone(),
        subject: args
            .subject
            .clone()
            .map(|s| if s == "-" { String::new() } else { s }),
    };
    let rows = store.history(&filter)?;
    if rows.is_empty() {
        outln!(
            "no committed changes to {} in {}",
            crate::sanitize::line(&args.question),
            workspace.root.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for row in &rows {
        if args.json {
            outln!("{}", json_row(row));
        } else {
            outln!("{}", text_row(row));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn place(row: &HistoryRow) -> String {
    let t = &row.target;
    let mut s = t.questionnaire.clone();
    if let Some(subject) = &t.subject {
        s.push_str(&format!(" · {subject}"));
    }
    if let Some((section, entry)) = &t.entry {
        s.push_str(&format!(" · {section}/{entry}"));
    }
    crate::sanitize::line(&s)
}

fn text_row(row: &HistoryRow) -> String {
    let when = row
        .at
        .parse::<jiff::Timestamp>()
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| crate::sanitize::line(&row.at));
    format!(
        "{when}  {}  {}  {} -> {}",
        crate::sanitize::line(&row.who),
        place(row),
        answer_line(row.old.as_ref()),
        answer_line(row.new.as_ref())
    )
}

fn json_row(row: &HistoryRow) -> serde_json::Value {
    serde_json::json!({
        "seq": row.seq,
        "at": row.at,
        "who": row.who,
        "target": row.target,
        "old": row.old,
        "new": row.new,
    })
}

/// Commits the answers of a rescue file (written when saving failed as the program was
/// ended) that differ from the workspace, one transaction, in the history.
pub fn recover(ws: Option<&Path>, file: &Path) -> Result<ExitCode> {
    let workspace = Workspace::discover(ws)?;
    let rescued = crate::store::session::read(file)?;
    let mut store = LiveStore::open(&workspace)?;
    let current = store.state()?;
    let changes = current.changes_to(&rescued.state);
    let answers = changes
        .iter()
        .filter(|c| matches!(c, crate::model::Change::Answer { .. }))
        .count();
    if changes.is_empty() {
        outln!(
            "nothing to recover: the workspace already holds everything in {}",
            file.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    store.commit_changes(changes)?;
    outln!(
        "recovered {answers} answers (and any AI systems, vendors and findings) from {} into {}",
        file.display(),
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `init [--shared]`: creates the workspace folders; `--shared` makes them and the live
/// database writable by the folder's group (setgid folders).
pub fn init(dir: &Path, shared: bool) -> Result<ExitCode> {
    let ws = Workspace::init(dir)?;
    write_schemas(dir)?;
    if shared {
        let live = dir.join(".clausewise");
        for folder in crate::store::workspace::FOLDERS
            .iter()
            .map(|f| dir.join(f))
            .chain([live.clone()])
        {
            crate::store::live::files::set_mode(&folder, Sharing::Group.dir_mode())
                .with_context(|| format!("cannot share {}", folder.display()))?;
        }
        let store = LiveStore::open(&ws)?;
        if store.read_only().is_some() {
            bail!("the workspace database cannot be written here");
        }
        outln!(
            "Created a shared workspace in {}: members of its group can all answer (setgid folders, group-writable database)",
            dir.display()
        );
    } else {
        outln!("Created workspace in {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the JSON Schemas into the new workspace's `schema/` folder, so questionnaires and
/// profiles written there can name theirs (`"$schema": "../schema/questionnaire.schema.json"`)
/// and editors check them as they are typed. Existing files are left alone.
fn write_schemas(dir: &Path) -> Result<()> {
    let folder = dir.join("schema");
    crate::store::files::create_dir_all(&folder)?;
    for (kind, name) in super::SCHEMA_FILES {
        let path = folder.join(name);
        if !path.exists() {
            crate::store::atomic::write_shared(&path, super::schema_text(kind).as_bytes())?;
        }
    }
    Ok(())
}
