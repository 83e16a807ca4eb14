//! Notices a report must carry at its top — `UNVERIFIED: …` for a snapshot whose seal does
//! not hold, `SCORECARD DIFFERS: …` when the stored scorecard is not what the answers score
//! to — placed where each output format shows them first.

use super::ReportFormat;
use crate::sanitize::line;

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
                .map(|n| format!("> **{}**\n>\n", super::escape::markdown(&n)))
                .chain(["\n".to_string()])
                .collect(),
            body,
        ),
        Kind::Csv => prefix(
            lines
                .map(|n| format!("{}\r\n", super::escape::csv_cell(&n)))
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
                super::escape::html(n)
            )
        })
        .collect();
    insert_after(body, b"<main>\n", &alert)
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

/// Where notices go in a report of `format`.
pub fn kind_of(format: ReportFormat) -> Kind {
    match format {
        ReportFormat::Markdown => Kind::Markdown,
        ReportFormat::Csv | ReportFormat::SoaCsv => Kind::Csv,
        ReportFormat::Html => Kind::Html,
        ReportFormat::Json | ReportFormat::Oscal | ReportFormat::OscalPoam => Kind::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes() -> Vec<String> {
        vec!["UNVERIFIED: s.json: it was edited".into()]
    }

    #[test]
    fn every_kind_carries_the_notice_and_json_stays_json() {
        let json = with_notices(Kind::Json, &notes(), b"{\n  \"a\": 1\n}\n".to_vec());
        let v: serde_json::Value = serde_json::from_slice(&json).expect("json");
        assert_eq!(v["unverified"], true);
        assert_eq!(v["notices"][0], "UNVERIFIED: s.json: it was edited");
        assert_eq!(v["a"], 1);
        let html = with_notices(
            Kind::Html,
            &notes(),
            b"<html><body>\n<main>\n<h1>x</h1>".to_vec(),
        );
        let html = String::from_utf8(html).expect("utf-8");
        assert!(html.contains("<main>\n<p role=\"alert\""), "{html}");
        for kind in [Kind::Text, Kind::Markdown, Kind::Csv] {
            let out = with_notices(kind, &notes(), b"body\n".to_vec());
            let out = String::from_utf8(out).expect("utf-8");
            assert!(out.contains("UNVERIFIED: s.json"), "{kind:?}: {out}");
            assert!(out.ends_with("body\n"), "{kind:?}: {out}");
        }
        assert_eq!(with_notices(Kind::Text, &[], b"x".to_vec()), b"x");
    }
}
