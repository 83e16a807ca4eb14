//! The evidence editor's text: one item per line, `reference | issued YYYY-MM-DD |
//! expires YYYY-MM-DD` (the dates optional), and an optional `attestation: self-attested`
//! or `attestation: evidence-backed` line. Written out when the editor opens, read back
//! when it is saved.

use jiff::civil::Date;

use super::answers::parse_date;
use crate::model::{Attestation, Evidence};

/// The editor's title: the format in a few words.
pub const TITLE: &str = "Evidence: ref | issued DATE | expires DATE; attestation: …";

/// An answer's evidence and attestation as editor text.
pub fn to_text(items: &[Evidence], attestation: Option<Attestation>) -> String {
    let mut lines: Vec<String> = items.iter().map(item_line).collect();
    if let Some(a) = attestation {
        lines.push(format!("attestation: {}", attestation_word(a)));
    }
    lines.join("\n")
}

/// One item as a line.
fn item_line(e: &Evidence) -> String {
    let mut line = e.reference.clone();
    if let Some(d) = e.date {
        line.push_str(&format!(" | issued {d}"));
    }
    if let Some(d) = e.expires {
        line.push_str(&format!(" | expires {d}"));
    }
    line
}

fn attestation_word(a: Attestation) -> &'static str {
    match a {
        Attestation::SelfAttested => "self-attested",
        Attestation::EvidenceBacked => "evidence-backed",
    }
}

/// What the editor's text says: the items, and the attestation (`None` when no line sets
/// one). `Err` names the line that cannot be read.
pub fn parse(text: &str) -> Result<(Vec<Evidence>, Option<Attestation>), String> {
    let mut items = Vec::new();
    let mut attestation = None;
    for (n, line) in text.lines().map(str::trim).enumerate() {
        if line.is_empty() {
            continue;
        }
        if let Some(word) = line.strip_prefix("attestation:") {
            attestation = Some(match word.trim() {
                "self-attested" | "self" => Attestation::SelfAttested,
                "evidence-backed" | "evidence" => Attestation::EvidenceBacked,
                other => {
                    return Err(format!(
                        "line {}: attestation {other:?}: use self-attested or evidence-backed",
                        n + 1
                    ));
                }
            });
            continue;
        }
        items.push(parse_item(line).map_err(|e| format!("line {}: {e}", n + 1))?);
    }
    Ok((items, attestation))
}

/// One `reference | issued DATE | expires DATE` line; a bare second date is the expiry.
fn parse_item(line: &str) -> Result<Evidence, String> {
    let mut parts = line.split('|').map(str::trim);
    let reference = parts.next().unwrap_or_default().to_string();
    if reference.is_empty() {
        return Err("a reference comes first (document id, path or URL)".into());
    }
    let mut e = Evidence {
        reference,
        date: None,
        expires: None,
    };
    for part in parts.filter(|p| !p.is_empty()) {
        let (slot, date) = match part.split_once(' ') {
            Some(("issued", d)) => (&mut e.date, d),
            Some(("expires", d)) => (&mut e.expires, d),
            _ if e.date.is_none() => (&mut e.date, part),
            _ => (&mut e.expires, part),
        };
        *slot = Some(parse_date(date.trim())?);
    }
    if let (Some(d), Some(x)) = (e.date, e.expires)
        && x < d
    {
        return Err(format!("expires {x} is before issued {d}"));
    }
    Ok(e)
}

/// Whether an item's expiry is before `today`.
pub fn expired(e: &Evidence, today: Date) -> bool {
    e.expires.is_some_and(|x| x < today)
}

/// An item for the Question pane: the reference, its dates, and `EXPIRED` when it is.
pub fn describe(e: &Evidence, today: Date) -> String {
    let mut s = crate::sanitize::line(&e.reference);
    let mut dates = Vec::new();
    if let Some(d) = e.date {
        dates.push(format!("issued {d}"));
    }
    if let Some(x) = e.expires {
        dates.push(if x < today {
            format!("EXPIRED {x}")
        } else {
            format!("expires {x}")
        });
    }
    if !dates.is_empty() {
        s.push_str(&format!(" ({})", dates.join(", ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_round_trip_with_dates_and_attestation() {
        let text = "ISO cert 2291 | issued 2024-03-01 | expires 2025-02-28\nRR-7\n\
                    attestation: evidence-backed";
        let (items, att) = parse(text).expect("parses");
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].expires, Some(jiff::civil::date(2025, 2, 28)));
        assert_eq!(att, Some(Attestation::EvidenceBacked));
        assert_eq!(
            to_text(&items, att),
            text.replace("                    ", "")
        );
        let (short, _) = parse("SOC2 | 2025-01-01 | 2026-01-01").expect("bare dates");
        assert_eq!(short[0].date, Some(jiff::civil::date(2025, 1, 1)));
        assert_eq!(short[0].expires, Some(jiff::civil::date(2026, 1, 1)));
    }

    #[test]
    fn bad_lines_are_named_and_expiry_is_marked() {
        assert!(
            parse("a\nb | 2025-13-01")
                .unwrap_err()
                .starts_with("line 2:")
        );
        assert!(parse("x | issued 2025-02-01 | expires 2025-01-01").is_err());
        assert!(parse("attestation: maybe").is_err());
        let (items, _) = parse("cert | expires 2025-02-28").expect("parses");
        let today = jiff::civil::date(2025, 3, 1);
        assert!(expired(&items[0], today));
        assert_eq!(describe(&items[0], today), "cert (EXPIRED 2025-02-28)");
    }
}
