//! The one allow-list that untrusted text (questionnaire files, answers, vendor imports)
//! passes through before it reaches a terminal or a report.
//!
//! Removed: C0 and C1 control characters (so no escape sequence can start), DEL, bidi
//! embedding/override/isolate controls, every other format character (Unicode category Cf:
//! soft hyphen, zero-width characters, the byte-order mark, tags, …), invisible fillers that
//! render as nothing (combining grapheme joiner, Hangul fillers, Mongolian vowel
//! separator), and the line and paragraph separators U+2028/U+2029 (a line break no
//! terminal shows as one). Kept: printable text in any script, and — in multi-line text
//! only — newline and tab.

/// Whether `c` may reach a terminal inside a single line of text.
fn allowed(c: char) -> bool {
    !(c.is_control() || is_format(c) || is_invisible(c))
}

/// The format characters (Unicode general category Cf, as of Unicode 15.1).
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' // soft hyphen
        | '\u{0600}'..='\u{0605}' // Arabic number signs
        | '\u{061C}' // Arabic letter mark
        | '\u{06DD}' | '\u{070F}' | '\u{0890}'..='\u{0891}' | '\u{08E2}'
        | '\u{180E}' // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
        | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}' // bidi isolates, deprecated format controls
        | '\u{FEFF}' // byte-order mark / zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation controls
        | '\u{110BD}' | '\u{110CD}' // Kaithi number signs
        | '\u{13430}'..='\u{1343F}' // Egyptian hieroglyph format controls
        | '\u{1BCA0}'..='\u{1BCA3}' // shorthand format controls
        | '\u{1D173}'..='\u{1D17A}' // musical symbol format controls
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}' // tag characters
    )
}

/// Characters of other categories that render as nothing, used to hide or spoof text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{034F}' // combining grapheme joiner
        | '\u{115F}' | '\u{1160}' // Hangul choseong/jungseong fillers
        | '\u{17B4}' | '\u{17B5}' // Khmer inherent vowels
        | '\u{2028}' | '\u{2029}' // line and paragraph separators
        | '\u{3164}' // Hangul filler
        | '\u{FFA0}' // halfwidth Hangul filler
        | '\u{E0000}'..='\u{E007F}' // the rest of the tag block
    )
}

/// Sanitizes text shown on one line: newlines and tabs become spaces, everything else
/// not allowed is dropped.
pub fn line(s: &str) -> String {
    // Printable ASCII is all allowed: copy it without the per-character walk.
    if s.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            // Most text is ASCII with a few typographic characters: only those are looked up.
            ' '..='~' => out.push(c),
            c if !c.is_ascii() && allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Sanitizes multi-line text: keeps `\n` and `\t`, turns `\r\n` and lone `\r` into `\n`,
/// drops everything else not allowed.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `s` is already clean for one line (no allocation needed).
pub fn is_clean_line(s: &str) -> bool {
    s.chars().all(allowed)
}

/// Makes JSON text safe to print to a terminal without losing anything: every character
/// that [`line`] would drop is written as a `\uXXXX` escape instead (serde_json escapes C0
/// controls itself but writes C1 controls, DEL, bidi and invisible characters raw). Such
/// characters only occur inside strings, since JSON's structure is ASCII; newlines outside
/// strings (pretty-printing) are kept.
pub fn json_for_terminal(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c == '\n' || allowed(c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        let hostile = "ok\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m\u{202e}gnp.exe\u{200b}!";
        let clean = line(hostile);
        assert!(!clean.chars().any(|c| c.is_control()), "{clean:?}");
        assert!(!clean.contains('\u{202e}') && !clean.contains('\u{200b}'));
        assert_eq!(clean, "ok]52;c;ZXZpbA==[2J31mgnp.exe!");
    }

    #[test]
    fn keeps_text_in_any_script_and_line_structure() {
        assert_eq!(
            line("Zugriffsrechte für KI — 人工智能 ✓"),
            "Zugriffsrechte für KI — 人工智能 ✓"
        );
        assert_eq!(text("a\r\nb\rc\td\u{0}"), "a\nb\nc\td");
        assert_eq!(line("a\nb\tc"), "a b c");
        assert!(is_clean_line("plain") && !is_clean_line("a\u{1b}b"));
    }

    #[test]
    fn invisible_format_characters_are_dropped() {
        let hidden = "a\u{00AD}b\u{034F}c\u{115F}\u{1160}d\u{180E}e\u{3164}f\u{2028}g\u{2029}h\u{0600}i\u{206A}j\u{1D173}k\u{E0001}l\u{FFA0}m";
        assert_eq!(line(hidden), "abcdefghijklm");
        assert_eq!(text(hidden), "abcdefghijklm");
        assert!(!is_clean_line("soft\u{00AD}hyphen"));
        assert_eq!(line("Hangul 한글 stays"), "Hangul 한글 stays");
    }

    #[test]
    fn json_for_terminal_is_lossless_and_clean() {
        let v = serde_json::json!({ "s": "a\u{9b}31m\u{202e}\u{e0041}\u{1b}z" });
        let text = serde_json::to_string_pretty(&v).unwrap();
        let safe = json_for_terminal(&text);
        assert!(safe.chars().all(|c| c == '\n' || allowed(c)), "{safe}");
        assert!(
            safe.contains("\\u009b") && safe.contains("\\udb40\\udc41"),
            "{safe}"
        );
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), v);
    }
}
