//! Sanitizing and escaping untrusted text for each output format, and small shared
//! formatters (percentages, status letters). Every renderer escapes through here.

use crate::sanitize;
use crate::scoring::NodeStatus;

/// Status name as written in machine-readable exports.
pub fn status_name(s: NodeStatus) -> &'static str {
    match s {
        NodeStatus::Met => "met",
        NodeStatus::Partial => "partial",
        NodeStatus::Gap => "gap",
        NodeStatus::OutOfScope => "out_of_scope",
        NodeStatus::NotApplicable => "not_applicable",
        NodeStatus::Unanswered => "unanswered",
    }
}

/// Status label shown to people.
pub fn status_label(s: NodeStatus) -> &'static str {
    match s {
        NodeStatus::Met => "Met",
        NodeStatus::Partial => "Partial",
        NodeStatus::Gap => "Gap",
        NodeStatus::OutOfScope => "Out of scope",
        NodeStatus::NotApplicable => "Not applicable",
        NodeStatus::Unanswered => "Unanswered",
    }
}

/// The legend explaining [`NodeStatus::letter`].
pub const STATUS_LEGEND: [NodeStatus; 6] = [
    NodeStatus::Met,
    NodeStatus::Partial,
    NodeStatus::Gap,
    NodeStatus::OutOfScope,
    NodeStatus::NotApplicable,
    NodeStatus::Unanswered,
];

/// A 0–1 share as a percentage with at most one decimal (`"67%"`, `"78.6%"`), rounded
/// half-up by [`round_half_up`]; out-of-range or NaN values are clamped. A share below 1
/// never shows as "100%" (99.96% shows as 99.9%), which would claim everything is done.
pub fn pct(x: f64) -> String {
    let tenths = pct_rounded(x, 1);
    if tenths.fract() == 0.0 {
        format!("{tenths:.0}%")
    } else {
        format!("{tenths:.1}%")
    }
}

/// The number [`pct`] shows, as a value (`0.7116` → `71.2`), for differences that agree
/// with the figures printed beside them.
pub fn pct_shown(x: f64) -> f64 {
    pct_rounded(x, 1)
}

/// A difference of two [`pct_shown`] values in percentage points, signed, at most one
/// decimal (`+23.7`, `-5`, `0`).
pub fn points(diff: f64) -> String {
    let tenths = round_half_up(diff, 1);
    let body = if tenths.fract() == 0.0 {
        format!("{:.0}", tenths.abs())
    } else {
        format!("{:.1}", tenths.abs())
    };
    match tenths {
        t if t > 0.0 => format!("+{body}"),
        t if t < 0.0 => format!("−{body}"),
        _ => body,
    }
}

/// A date in words, as a cover shows it: `12 March 2026`.
pub fn date_words(d: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = usize::try_from(d.month() - 1)
        .ok()
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or_default();
    format!("{} {month} {}", d.day(), d.year())
}

/// A 0–1 share as a whole percentage (`"79%"`), rounded half-up, capped at 99 below 1.
pub fn pct_whole(x: f64) -> String {
    format!("{:.0}%", pct_rounded(x, 0))
}

/// The percentage of a 0–1 share rounded half-up to `decimals`, clamped to 0–100, and
/// one step below 100 when the share itself is below 1.
fn pct_rounded(x: f64, decimals: i32) -> f64 {
    let x = if x.is_finite() {
        x.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let p = round_half_up(x * 100.0, decimals);
    let step = 10f64.powi(-decimals);
    if x < 1.0 && p >= 100.0 {
        100.0 - step
    } else {
        p
    }
}

/// Rounds half-up (away from zero for ties) to `decimals` places: 78.57 → 78.6, 78.55 →
/// 78.6, 2.5 → 3. The one rounding function every percentage goes through. A tie that
/// binary floating point stores a hair below (78.55 is 78.5499…) still rounds up.
pub fn round_half_up(x: f64, decimals: i32) -> f64 {
    let m = 10f64.powi(decimals);
    let scaled = x * m;
    // Relative tolerance for the binary representation error of decimal ties.
    let nudge = scaled.abs() * 1e-12 + 1e-9;
    (scaled + 0.5 + nudge).floor() / m
}

/// A score with two decimals, or empty when absent.
pub fn score(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite())
        .map(|v| format!("{v:.2}"))
        .unwrap_or_default()
}

/// Escapes text for a single Markdown line (paragraph text or a table cell): sanitized to one
/// line, inline syntax backslash-escaped, HTML made inert, and a leading block marker
/// (`#`, `-`, `+`, `=`, `>`) neutralised.
pub fn markdown(s: &str) -> String {
    let clean = sanitize::line(s);
    let mut out = String::with_capacity(clean.len() + 8);
    for (i, c) in clean.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '#' | '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML element content or a quoted attribute value; newlines become `<br>`.
pub fn html(s: &str) -> String {
    let clean = sanitize::text(s);
    let mut out = String::with_capacity(clean.len() + 8);
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// Makes a CSV cell safe to open in a spreadsheet: sanitized (newlines kept), and prefixed
/// with `'` so it is never taken for a formula (CSV injection) when it starts with a tab,
/// carriage return or line feed, or — after any leading whitespace, which spreadsheets
/// skip — with `=`, `+`, `-`, `@` or their fullwidth forms `＝ ＋ － ＠`. Quoting itself is
/// left to the CSV writer.
pub fn csv_cell(s: &str) -> String {
    const TRIGGERS: [char; 8] = [
        '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ];
    // Checked on the raw text too: sanitizing turns a leading CR into LF.
    let clean = sanitize::text(s);
    let risky = |t: &str| t.starts_with(['\t', '\r', '\n']) || t.trim_start().starts_with(TRIGGERS);
    if risky(s) || risky(&clean) {
        format!("'{clean}")
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_neutralises_tables_headings_code_and_html() {
        assert_eq!(markdown("# a|b `c`"), "\\# a\\|b \\`c\\`");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown("line\nnext\u{1b}[31m"), "line next\\[31m");
    }

    #[test]
    fn html_escapes_and_keeps_lines() {
        assert_eq!(
            html("<a href=\"x\">'&'</a>\nz\u{202e}"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;<br>z"
        );
    }

    #[test]
    fn csv_cells_starting_like_formulas_are_prefixed() {
        for s in ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tx"] {
            assert!(csv_cell(s).starts_with('\''), "{s}");
        }
        assert_eq!(csv_cell("a, \"b\"\nc"), "a, \"b\"\nc");
        assert_eq!(csv_cell("\r=x"), "'\n=x");
        for s in [
            "\rplain",
            " =1+1",
            "\u{3000}@SUM(A1)",
            " \t-2",
            "\u{FF1D}1+1",
            "\u{FF0B}1",
            "\u{FF0D}1",
            "\u{FF20}x",
            "\u{00A0}+1",
        ] {
            assert!(csv_cell(s).starts_with('\''), "{s:?}");
        }
        for s in ["plain", "a=b", "1-2", "mail@example.com", "", " ok"] {
            assert!(!csv_cell(s).starts_with('\''), "{s:?}");
        }
    }

    #[test]
    fn points_and_dates_in_words() {
        assert_eq!(points(pct_shown(0.9487) - pct_shown(0.7116)), "+23.7");
        assert_eq!(points(pct_shown(0.5) - pct_shown(0.55)), "−5");
        assert_eq!(points(0.0), "0");
        assert_eq!(date_words(jiff::civil::date(2026, 3, 12)), "12 March 2026");
        assert_eq!(
            date_words(jiff::civil::date(2025, 12, 1)),
            "1 December 2025"
        );
    }

    #[test]
    fn percentages_round_half_up_and_are_clamped() {
        assert_eq!(pct(0.666), "66.6%");
        assert_eq!(pct(2.0 / 3.0), "66.7%");
        assert_eq!(pct(11.0 / 14.0), "78.6%", "78.57% was shown as 78.5%");
        assert_eq!(pct(0.7855), "78.6%", "a tie rounds up");
        assert_eq!(pct(0.7844), "78.4%");
        assert_eq!(pct(0.998), "99.8%");
        assert_eq!(pct(0.9996), "99.9%", "never rounds up to a misleading 100%");
        assert_eq!(pct_whole(0.785), "79%");
        assert_eq!(pct_whole(0.995), "99%");
        assert_eq!(pct_whole(1.0), "100%");
        assert_eq!(round_half_up(2.5, 0), 3.0);
        assert_eq!(round_half_up(0.125, 2), 0.13);
        assert_eq!(pct(0.5), "50%");
        assert_eq!(pct(f64::NAN), "0%");
        assert_eq!(pct(3.0), "100%");
    }
}
