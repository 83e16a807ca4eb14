//! Reports and exports: pure renderers from a snapshot (and, where needed, the questionnaires
//! it was answered against) to Markdown, CSV, HTML, JSON and NIST OSCAL, crosswalk regrouping
//! by another framework, and the vendor questionnaire exchange (export a fill-in file, import
//! it back).
//!
//! Nothing here touches the disk: every function returns a `String` or bytes, and the CLI
//! writes them. Untrusted text (answers, notes, names, questionnaire text) passes through
//! [`crate::sanitize`] and then the escaping of the target format, in one place per format
//! (see [`escape`]).
//!
//! Markdown and HTML share one intermediate [`document::Document`] (headings, tables, the
//! heatmap), so both show the same content and differ only in syntax.

pub mod crosswalk;
pub mod csv;
pub mod document;
pub mod due;
pub mod escape;
pub mod exchange;
pub mod html;
pub mod impact;
pub mod json;
pub mod markdown;
pub mod notice;
pub mod oscal;
pub mod pack;
pub mod rows;
pub mod uuid;

use crate::model::{FRAMEWORKS, Questionnaire, Snapshot};
use crate::scoring::Scorecard;

/// What a report is made from: a snapshot and the questionnaires its assessments used
/// (for prompts, section references and crosswalk mappings; may be empty).
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The snapshot being reported.
    pub snapshot: &'a Snapshot,
    /// Questionnaires available for lookup by id.
    pub questionnaires: Vec<&'a Questionnaire>,
    /// The day due dates are checked against (`--as-of`); the scorecard's own day when
    /// `None`.
    pub as_of: Option<jiff::civil::Date>,
    /// The snapshots before this one in its chain (`previous` links), oldest first, for the
    /// trend and the change since the previous cycle; empty when unknown.
    pub history: Vec<&'a Snapshot>,
    /// Whether the snapshot's seal was checked and holds.
    pub seal: Seal,
    /// The classification marking printed on the cover and every page.
    pub classification: String,
    /// The paper size the HTML report is laid out for when printed.
    pub paper: Paper,
}

/// What is known of a snapshot's seal when it is reported.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Seal {
    /// Not checked (a library caller that gave no verdict).
    #[default]
    NotChecked,
    /// The digest and the `previous` link check out.
    Verified,
    /// Shown although it does not verify: the reasons.
    Unverified(Vec<String>),
}

impl Seal {
    /// What a report says of a seal, from the notices it carries (`UNVERIFIED: …` ones
    /// are the reasons) and whether the snapshot has a digest at all.
    pub fn of(sealed: bool, notices: &[String]) -> Seal {
        let why: Vec<String> = (notices.iter())
            .filter(|n| n.starts_with("UNVERIFIED"))
            .cloned()
            .collect();
        match (why.is_empty(), sealed) {
            (true, true) => Seal::Verified,
            (true, false) => Seal::Unverified(vec!["not sealed".into()]),
            (false, _) => Seal::Unverified(why),
        }
    }
}

/// Paper sizes for `@page`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// The classification marking when none is given.
pub const DEFAULT_CLASSIFICATION: &str = "Confidential";

impl<'a> Context<'a> {
    /// A context over a snapshot and the questionnaires to look prompts up in.
    pub fn new(
        snapshot: &'a Snapshot,
        questionnaires: impl IntoIterator<Item = &'a Questionnaire>,
    ) -> Self {
        Context {
            snapshot,
            questionnaires: questionnaires.into_iter().collect(),
            as_of: None,
            history: Vec::new(),
            seal: Seal::NotChecked,
            classification: DEFAULT_CLASSIFICATION.to_string(),
            paper: Paper::A4,
        }
    }

    /// This context with the snapshots before this one in its chain (oldest first).
    pub fn with_history(mut self, history: Vec<&'a Snapshot>) -> Self {
        self.history = history;
        self
    }

    /// This context with what is known of the seal.
    pub fn with_seal(mut self, seal: Seal) -> Self {
        self.seal = seal;
        self
    }

    /// This context with a classification marking and a paper size.
    pub fn with_print(mut self, classification: &str, paper: Paper) -> Self {
        self.classification = classification.to_string();
        self.paper = paper;
        self
    }

    /// The snapshot just before this one in its chain, if known.
    pub fn previous(&self) -> Option<&'a Snapshot> {
        self.history.last().copied()
    }

    /// This context with due dates checked against `as_of`.
    pub fn with_as_of(mut self, as_of: Option<jiff::civil::Date>) -> Self {
        self.as_of = as_of;
        self
    }

    /// The day due dates are checked against: `--as-of`, else the day the scores are as of,
    /// else the day the snapshot was taken (UTC).
    pub fn as_of(&self) -> jiff::civil::Date {
        self.as_of
            .or_else(|| self.scorecard().map(|c| c.as_of))
            .unwrap_or_else(|| {
                jiff::tz::TimeZone::UTC
                    .to_datetime(self.snapshot.meta.created_at)
                    .date()
            })
    }

    /// Whether a follow-up due on `due` is overdue on [`Self::as_of`].
    pub fn overdue(&self, due: Option<jiff::civil::Date>) -> bool {
        due.is_some_and(|d| d < self.as_of())
    }

    /// The questionnaire with this id, if available.
    pub fn questionnaire(&self, id: &str) -> Option<&'a Questionnaire> {
        self.questionnaires.iter().copied().find(|q| q.id == id)
    }

    /// The scorecard stored in the snapshot, if scoring has run.
    pub fn scorecard(&self) -> Option<&'a Scorecard> {
        self.snapshot.scorecard.as_ref()
    }

    /// The display name of a subject (its id when the subject is unknown). Not yet escaped.
    pub fn subject_name(&self, id: &str) -> String {
        self.snapshot
            .subjects
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    }
}

/// Output formats of `clausewise report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// Markdown document.
    Markdown,
    /// One row per question (CSV).
    Csv,
    /// Statement of Applicability (CSV).
    SoaCsv,
    /// Self-contained HTML page.
    Html,
    /// Versioned scorecard JSON.
    Json,
    /// NIST OSCAL assessment results (JSON).
    Oscal,
    /// The remediation plan as a NIST OSCAL plan of action and milestones (JSON).
    OscalPoam,
}

/// What is known about one report format: the one table behind the CLI's `--format`
/// values and help, the TUI's export dialog and the names of report files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatInfo {
    /// Its name on the command line and in the TUI (`markdown`, `soa-csv`).
    pub name: &'static str,
    /// The extension of its files, without the leading dot.
    pub extension: &'static str,
    /// One line of help.
    pub description: &'static str,
    /// Whether the TUI's export dialog offers it (its csv writes the SoA CSV beside).
    pub in_export_dialog: bool,
}

impl ReportFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [ReportFormat; 7] = [
        ReportFormat::Markdown,
        ReportFormat::Csv,
        ReportFormat::SoaCsv,
        ReportFormat::Html,
        ReportFormat::Json,
        ReportFormat::Oscal,
        ReportFormat::OscalPoam,
    ];

    /// The format's row of the table.
    pub const fn info(self) -> FormatInfo {
        let (name, extension, description, in_export_dialog) = match self {
            ReportFormat::Markdown => ("markdown", "md", "Markdown document", true),
            ReportFormat::Csv => ("csv", "csv", "One row per question", true),
            ReportFormat::SoaCsv => ("soa-csv", "csv", "Statement of Applicability as CSV", false),
            ReportFormat::Html => ("html", "html", "Self-contained HTML page", true),
            ReportFormat::Json => ("json", "json", "Versioned scorecard JSON", true),
            ReportFormat::Oscal => ("oscal", "oscal.json", "NIST OSCAL assessment results", true),
            ReportFormat::OscalPoam => (
                "oscal-poam",
                "poam.json",
                "The remediation plan as a NIST OSCAL plan of action and milestones",
                false,
            ),
        };
        FormatInfo {
            name,
            extension,
            description,
            in_export_dialog,
        }
    }

    /// Its name on the command line and in the TUI.
    pub const fn name(self) -> &'static str {
        self.info().name
    }

    /// The extension of its files, without the leading dot.
    pub const fn extension(self) -> &'static str {
        self.info().extension
    }

    /// The format of a name, as [`ReportFormat::name`] gives it.
    pub fn from_name(name: &str) -> Option<ReportFormat> {
        ReportFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReportError {
    /// `--framework` named a framework clausewise does not know.
    #[error("unknown framework {0:?}; expected one of: {known}", known = known_frameworks())]
    UnknownFramework(String),
    /// The format has no crosswalk form.
    #[error("--framework is not available with --format {0}; use markdown, html, csv or json")]
    FrameworkNotSupported(&'static str),
    /// A format cannot be produced for this snapshot.
    #[error("{0}")]
    Unavailable(String),
}

fn known_frameworks() -> String {
    FRAMEWORKS
        .iter()
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a `--framework` value against [`FRAMEWORKS`].
pub fn check_framework(framework: &str) -> Result<&'static str, ReportError> {
    FRAMEWORKS
        .iter()
        .map(|(id, _)| *id)
        .find(|id| *id == framework)
        .ok_or_else(|| ReportError::UnknownFramework(framework.to_string()))
}

/// Renders a snapshot in a format, optionally re-grouped by a crosswalk framework.
pub fn render(
    ctx: &Context<'_>,
    format: ReportFormat,
    framework: Option<&str>,
) -> Result<Vec<u8>, ReportError> {
    let framework = framework.map(check_framework).transpose()?;
    let out = match (format, framework) {
        (ReportFormat::Markdown, fw) => markdown::render(&document::build(ctx, fw)),
        (ReportFormat::Html, fw) => {
            html::render(&document::build(ctx, fw), ctx.paper, &ctx.classification)
        }
        (ReportFormat::Csv, None) => csv::questions(ctx),
        (ReportFormat::Csv, Some(fw)) => csv::crosswalk(ctx, fw),
        (ReportFormat::SoaCsv, None) => csv::soa(ctx)?,
        (ReportFormat::Json, fw) => json::render(ctx, fw),
        (ReportFormat::Oscal, None) => oscal::render(ctx),
        (ReportFormat::OscalPoam, None) => oscal::poam::render(ctx),
        (f @ (ReportFormat::OscalPoam | ReportFormat::SoaCsv | ReportFormat::Oscal), Some(_)) => {
            return Err(ReportError::FrameworkNotSupported(f.name()));
        }
    };
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_its_own_name_and_is_found_by_it() {
        let mut names: Vec<&str> = ReportFormat::ALL.iter().map(|f| f.name()).collect();
        for f in ReportFormat::ALL {
            assert_eq!(ReportFormat::from_name(f.name()), Some(f));
            assert!(!f.extension().starts_with('.'), "{f:?}");
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ReportFormat::ALL.len());
        assert_eq!(ReportFormat::from_name("pdf"), None);
    }
}
