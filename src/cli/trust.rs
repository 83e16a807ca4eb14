//! Opening a snapshot for display: the seal checked ([`crate::store::trust`]), the numbers
//! recomputed from the answers, and what the reader must know about both — notices put at
//! the top of every output format and repeated on standard error.

use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::catalog::Catalog;
use crate::model::Snapshot;
use crate::report::escape::pct;
use crate::sanitize::line;
use crate::scoring::{RULES_VERSION, Scorecard};
use crate::store::{snapshots, trust};

/// A snapshot ready to show, with the notices its output must carry.
#[derive(Debug)]
pub struct Shown {
    /// The snapshot; its scorecard recomputed from the answers when a catalog was given.
    pub snapshot: Snapshot,
    /// `UNVERIFIED: …` and `SCORECARD DIFFERS: …` lines.
    pub notices: Vec<String>,
}

/// Loads `path` and checks its seal: a broken seal is an error naming the file and the
/// fault, unless `allow_unverified`, when it becomes an UNVERIFIED notice (as an unsealed
/// file always does). With a catalog the scorecard is recomputed from the answers with
/// today's rules, and a stored scorecard that differs is noticed with both figures.
pub fn open(path: &Path, allow_unverified: bool, catalog: Option<&Catalog>) -> Result<Shown> {
    let shown = line(&path.display().to_string());
    let mut snapshot =
        snapshots::load(path).with_context(|| format!("cannot open snapshot {shown}"))?;
    let mut notices = seal_notices(path, &mut snapshot, allow_unverified)?;
    if let Some(catalog) = catalog {
        notices.extend(rescore(&shown, &mut snapshot, catalog));
    }
    Ok(Shown { snapshot, notices })
}

/// Checks the seal of `snap`, read from `path`: a broken seal is an error naming the file
/// and the fault unless `allow_unverified`; what is shown anyway comes back as notices.
pub fn seal_notices(
    path: &Path,
    snap: &mut Snapshot,
    allow_unverified: bool,
) -> Result<Vec<String>> {
    let shown = line(&path.display().to_string());
    let problems = trust::check(path, snap).with_context(|| format!("cannot check {shown}"))?;
    let broken: Vec<String> = problems
        .iter()
        .filter(|p| p.is_broken())
        .map(ToString::to_string)
        .collect();
    if !broken.is_empty() && !allow_unverified {
        bail!(
            "{shown}: refused: {}; pass --allow-unverified to show it anyway, marked UNVERIFIED",
            broken.join("; ")
        );
    }
    Ok(problems
        .iter()
        .map(|p| format!("UNVERIFIED: {shown}: {p}"))
        .collect())
}

/// Replaces the stored scorecard with one computed from the answers; says so when they
/// differ. Keeps the stored one (with a note on standard error) when scoring is impossible.
fn rescore(shown: &str, snap: &mut Snapshot, catalog: &Catalog) -> Option<String> {
    let fresh = match snapshots::scorecard(snap, catalog) {
        Ok(card) => card,
        Err(e) => {
            eprintln!(
                "note: {shown}: cannot score the answers ({e}); showing the stored scorecard"
            );
            return None;
        }
    };
    let rules = snap.scoring_rules;
    let stored = snap.scorecard.replace(fresh);
    snap.scoring_rules = Some(RULES_VERSION);
    let stored = stored?;
    let fresh = snap.scorecard.as_ref()?;
    (stored != *fresh).then(|| differs(shown, &stored, rules, fresh))
}

fn overall(card: &Scorecard) -> String {
    card.gap
        .as_ref()
        .map_or_else(|| "n/a".into(), |g| pct(g.overall.readiness))
}

fn differs(shown: &str, stored: &Scorecard, rules: Option<u32>, fresh: &Scorecard) -> String {
    let rules = rules.map_or_else(|| "not recorded".into(), |v| format!("v{v}"));
    let why = if rules == format!("v{RULES_VERSION}") {
        "the scorecard was altered after scoring"
    } else {
        "the scoring rules changed since, or the scorecard was altered"
    };
    format!(
        "SCORECARD DIFFERS: {shown}: the stored scorecard (scoring rules {rules}) gives overall readiness {}; the sealed answers scored with today's rules (v{RULES_VERSION}) give {}; {why}; the figures shown are computed from the answers",
        overall(stored),
        overall(fresh)
    )
}

/// The shape of an output, for placing notices in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain text: one line per notice at the top.
    Text,
    /// Markdown: a block quote at the top.
    Markdown,
    /// HTML: an alert paragraph first in the body.
    Html,
    /// CSV: one record per notice before the header (a neutralised single cell).
    Csv,
    /// A JSON object: a `notices` array as its first member.
    Json,
}

/// Prints the notices on standard error and puts them at the top of `body`.
pub fn decorate(kind: Kind, notices: &[String], body: Vec<u8>) -> Vec<u8> {
    for n in notices {
        eprintln!("warning: {}", line(n));
    }
    with_notices(kind, notices, body)
}

/// Puts the notices at the top of `body` (for a second output of the same snapshot).
pub fn with_notices(kind: Kind, notices: &[String], body: Vec<u8>) -> Vec<u8> {
    if notices.is_empty() {
        return body;
    }
    let lines = notices.iter().map(|n| line(n));
    match kind {
        Kind::Text => prefix(lines.map(|n| format!("{n}\n")).collect(), body),
        Kind::Markdown => prefix(
            lines
                .map(|n| format!("> **{}**\n>\n", crate::report::escape::markdown(&n)))
                .chain(["\n".to_string()])
                .collect(),
            body,
        ),
        Kind::Csv => prefix(
            lines
                .map(|n| format!("{}\r\n", crate::report::escape::csv_cell(&n)))
                .collect(),
            body,
        ),
        Kind::Html => html(lines.collect(), body),
        Kind::Json => json(lines.collect(), body),
    }
}

fn prefix(head: String, body: Vec<u8>) -> Vec<u8> {
    let mut out = head.into_bytes();
    out.extend_from_slice(&body);
    out
}

fn html(notices: Vec<String>, body: Vec<u8>) -> Vec<u8> {
    let alert: String = notices
        .iter()
        .map(|n| {
            format!(
                "<p role=\"alert\" style=\"border:3px solid #b00;padding:.5em;font-weight:bold\">{}</p>\n",
                crate::report::escape::html(n)
            )
        })
        .collect();
    insert_after(body, b"<body>\n", &alert)
}

fn json(notices: Vec<String>, body: Vec<u8>) -> Vec<u8> {
    let list = serde_json::to_string(&notices).unwrap_or_else(|_| "[]".into());
    let unverified = notices.iter().any(|n| n.starts_with("UNVERIFIED"));
    let member = format!("\n  \"unverified\": {unverified},\n  \"notices\": {list},");
    insert_after(body, b"{", &member)
}

/// `body` with `text` inserted after the first `marker` (at the start when there is none).
fn insert_after(body: Vec<u8>, marker: &[u8], text: &str) -> Vec<u8> {
    let at = body
        .windows(marker.len())
        .position(|w| w == marker)
        .map_or(0, |i| i + marker.len());
    let mut out = Vec::with_capacity(body.len() + text.len());
    out.extend_from_slice(body.get(..at).unwrap_or_default());
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(body.get(at..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes() -> Vec<String> {
        vec!["UNVERIFIED: s.json: it was edited".into()]
    }

    #[test]
    fn every_kind_carries_the_notice_and_json_stays_json() {
        let json = decorate(Kind::Json, &notes(), b"{\n  \"a\": 1\n}\n".to_vec());
        let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
        assert_eq!(v["unverified"], true);
        assert_eq!(v["notices"][0], "UNVERIFIED: s.json: it was edited");
        assert_eq!(v["a"], 1);
        let html = decorate(Kind::Html, &notes(), b"<html><body>\n<h1>x</h1>".to_vec());
        let html = String::from_utf8(html).expect("utf-8");
        assert!(html.contains("<body>\n<p role=\"alert\""), "{html}");
        for kind in [Kind::Text, Kind::Markdown, Kind::Csv] {
            let out = decorate(kind, &notes(), b"body\n".to_vec());
            let out = String::from_utf8(out).expect("utf-8");
            assert!(out.contains("UNVERIFIED: s.json"), "{kind:?}: {out}");
            assert!(out.ends_with("body\n"), "{kind:?}: {out}");
        }
        assert_eq!(decorate(Kind::Text, &[], b"x".to_vec()), b"x");
    }
}
