//! Styles and glyphs. Under `NO_COLOR` every style keeps only its modifiers (bold, reverse),
//! and everything coloured also carries a symbol or letter, so nothing relies on colour.
//!
//! Without a UTF-8 locale (or under `TERM=dumb`) the app draws ASCII only: [`Theme::glyph`]
//! and [`Theme::borders`] give ASCII forms, and [`ascii_of`] is the one table mapping every
//! symbol the views use (and common typography in questionnaire text) to ASCII. What the
//! terminal can do is decided once at start ([`TermCaps::from_env`]).

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// The palette for one frame.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Whether colours are used.
    pub color: bool,
    /// Whether only ASCII may be drawn.
    pub ascii: bool,
}

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorDepth {
    /// None: `NO_COLOR`, `CLICOLOR=0`, or a terminal without colour (`dumb`, `vt100`…).
    None,
    /// The eight ANSI colours (`TERM=linux` and other consoles).
    Eight,
    /// The sixteen ANSI colours (a `TERM` without `256color`).
    Sixteen,
    /// 256 colours (`TERM=*-256color`, or `COLORTERM=truecolor`/`24bit`).
    #[default]
    Full,
}

impl ColorDepth {
    /// From `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR`, `COLORTERM` and `TERM` (looked up with
    /// `get`, empty counting as unset). `NO_COLOR` wins over everything; `CLICOLOR_FORCE`
    /// (not `0`) turns colour on where the terminal name says none (eight colours).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> ColorDepth {
        if get("NO_COLOR").is_some() {
            return ColorDepth::None;
        }
        let force = get("CLICOLOR_FORCE").is_some_and(|v| v != "0");
        if !force && get("CLICOLOR").is_some_and(|v| v == "0") {
            return ColorDepth::None;
        }
        let term = get("TERM").unwrap_or_default();
        let colorterm = get("COLORTERM").unwrap_or_default();
        let mono = matches!(
            term.as_str(),
            "dumb" | "vt52" | "vt100" | "vt102" | "vt220" | "vt320" | "vt420"
        );
        match () {
            _ if mono && force => ColorDepth::Eight,
            _ if mono => ColorDepth::None,
            _ if term == "linux" || term.starts_with("cons") || term == "ansi" => ColorDepth::Eight,
            _ if term.contains("256color") || colorterm == "truecolor" || colorterm == "24bit" => {
                ColorDepth::Full
            }
            _ => ColorDepth::Sixteen,
        }
    }

    /// `bytes` of terminal output with 256-colour SGR codes (`38;5;N`, `48;5;N`, which is
    /// how crossterm writes even the sixteen named colours) turned into the basic codes
    /// this depth understands; unchanged at full depth.
    pub fn downgrade(self, bytes: &[u8]) -> Vec<u8> {
        if matches!(self, ColorDepth::Full | ColorDepth::None) {
            return bytes.to_vec();
        }
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes.get(i..i + 2) == Some(b"\x1b[") {
                let end = (i + 2..bytes.len())
                    .find(|j| bytes.get(*j).is_some_and(|b| (0x40..=0x7e).contains(b)));
                if let Some(end) = end
                    && bytes.get(end) == Some(&b'm')
                    && let Some(params) = bytes.get(i + 2..end)
                {
                    out.extend_from_slice(b"\x1b[");
                    out.extend_from_slice(self.sgr(params).as_bytes());
                    out.push(b'm');
                    i = end + 1;
                    continue;
                }
            }
            out.extend(bytes.get(i).copied());
            i += 1;
        }
        out
    }

    /// One SGR parameter list with `38;5;N` / `48;5;N` replaced.
    fn sgr(self, params: &[u8]) -> String {
        let text = String::from_utf8_lossy(params);
        let parts: Vec<&str> = text.split(';').collect();
        let mut out: Vec<String> = Vec::new();
        let mut k = 0;
        while k < parts.len() {
            let head = parts.get(k).copied().unwrap_or_default();
            let n = parts.get(k + 2).and_then(|n| n.parse::<u8>().ok());
            if (head == "38" || head == "48")
                && parts.get(k + 1) == Some(&"5")
                && let Some(n) = n
            {
                out.push(self.basic(n, head == "48"));
                k += 3;
                continue;
            }
            out.push(head.to_string());
            k += 1;
        }
        out.join(";")
    }

    /// The basic SGR code for palette colour `n` (foreground, or background).
    fn basic(self, n: u8, background: bool) -> String {
        let base = if background { 40 } else { 30 };
        match (self, n) {
            (_, 0..=7) => (base + u16::from(n)).to_string(),
            // Dark grey is black's bright twin: on an eight-colour console it would vanish
            // on a black background, so it becomes the default colour.
            (ColorDepth::Eight, 8) => (base + 9).to_string(),
            (ColorDepth::Eight, 9..=15) => (base + u16::from(n) - 8).to_string(),
            (_, 8..=15) => (base + 60 + u16::from(n) - 8).to_string(),
            _ => (base + 9).to_string(),
        }
    }
}

/// What the terminal can show, decided once at start from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermCaps {
    /// Colours (off under `NO_COLOR`, `CLICOLOR=0` and on terminals without colour such as
    /// `TERM=dumb` or `vt100`, unless `CLICOLOR_FORCE` is set).
    pub color: bool,
    /// How many colours, which decides the escape codes written.
    pub depth: ColorDepth,
    /// ASCII only: the locale is not UTF-8, or `TERM=dumb`; `CLAUSEWISE_ASCII=0` or `=1`
    /// overrides (e.g. a UTF-8 terminal whose SSH session does not forward `LANG`).
    pub ascii: bool,
    /// DEC 2026 synchronized output (off under `TERM=dumb`).
    pub sync: bool,
}

impl TermCaps {
    /// From environment variables, looked up with `var` (empty values count as unset). The
    /// locale is the first set of `LC_ALL`, `LC_CTYPE`, `LANG` (POSIX order); none set is
    /// the C locale, which is not UTF-8.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> TermCaps {
        let get = |k: &str| var(k).filter(|v| !v.is_empty());
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].into_iter().find_map(get);
        let utf8 = locale.is_some_and(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("utf-8") || l.contains("utf8")
        });
        let dumb = get("TERM").is_some_and(|t| t == "dumb");
        let depth = ColorDepth::from_env(get);
        TermCaps {
            color: depth != ColorDepth::None,
            depth,
            ascii: get("CLAUSEWISE_ASCII").map_or(!utf8 || dumb, |v| v != "0"),
            sync: !dumb,
        }
    }
}

/// A symbol the views draw, with a Unicode and an ASCII form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Glyph {
    /// The cursor's row marker `›`.
    Pointer,
    /// A list bullet `•`.
    Bullet,
    /// A separator `·`.
    Dot,
    /// "Nothing here" `—`.
    None,
    /// Cut text `…`.
    Ellipsis,
    /// A horizontal rule piece `─`.
    Rule,
    /// `→` (from → to).
    Arrow,
    /// Worse `▼`.
    Down,
    /// Better `▲`.
    Up,
    /// Removed `✗`.
    Removed,
    /// A filled bar cell `█`.
    BarFull,
    /// An empty bar cell `░`.
    BarEmpty,
    /// A collapsed group `▸`.
    Group,
}

impl Glyph {
    fn unicode(self) -> &'static str {
        match self {
            Glyph::Pointer => "›",
            Glyph::Bullet => "•",
            Glyph::Dot => "·",
            Glyph::None => "—",
            Glyph::Ellipsis => "…",
            Glyph::Rule => "─",
            Glyph::Arrow => "→",
            Glyph::Down => "▼",
            Glyph::Up => "▲",
            Glyph::Removed => "✗",
            Glyph::BarFull => "█",
            Glyph::BarEmpty => "░",
            Glyph::Group => "▸",
        }
    }
}

/// The ASCII stand-in for a non-ASCII character, from the one table; `None` for ASCII.
/// Unknown characters become `?`.
pub fn ascii_of(c: char) -> Option<&'static str> {
    if c.is_ascii() {
        return None;
    }
    Some(match c {
        '›' | '▶' | '▸' | '►' | '»' => ">",
        '‹' | '◀' | '◂' | '◄' | '«' => "<",
        '•' | '●' | '○' | '◦' => "*",
        '·' | '∙' => ".",
        '—' | '–' | '−' | '─' | '━' | '‐' => "-",
        '…' => ".",
        '→' | '⟶' => ">",
        '←' => "<",
        '↑' | '▲' => "^",
        '↓' | '▼' => "v",
        '✓' | '✔' => "+",
        '✗' | '✘' | '×' => "x",
        '█' | '▓' | '▒' => "#",
        '░' => ".",
        '│' | '┃' | '║' => "|",
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╭' | '╮' | '╯' | '╰' => {
            "+"
        }
        '‘' | '’' | '′' => "'",
        '“' | '”' | '″' => "\"",
        '≥' => ">",
        '≤' => "<",
        '\u{a0}' => " ",
        _ => "?",
    })
}

/// `s` with every non-ASCII character replaced through [`ascii_of`] (`…` becomes `...`).
pub fn asciify(s: &str) -> String {
    s.chars()
        .map(|c| match (c, ascii_of(c)) {
            ('…', _) => "...".to_string(),
            (_, Some(a)) => a.to_string(),
            (c, None) => c.to_string(),
        })
        .collect()
}

/// Replaces every drawn cell that is not ASCII with its one-column ASCII stand-in: the last
/// step of a frame in ASCII mode, so text from files and answers is covered too.
pub fn asciify_buffer(buf: &mut Buffer) {
    for cell in buf.content.iter_mut() {
        let sym = cell.symbol();
        if !sym.is_ascii() {
            let first = sym.chars().next().and_then(ascii_of).unwrap_or("?");
            let first = first.chars().next().unwrap_or('?');
            cell.set_char(first);
        }
    }
}

impl Theme {
    /// A symbol in the form this terminal can show.
    pub fn glyph(&self, g: Glyph) -> &'static str {
        let u = g.unicode();
        match (self.ascii, u.chars().next().and_then(ascii_of)) {
            (true, Some(a)) => a,
            _ => u,
        }
    }

    /// Box-drawing borders, or `+-|` in ASCII mode.
    pub fn borders(&self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }

    fn pick(&self, fg: Color, modifier: Modifier) -> Style {
        let s = Style::default().add_modifier(modifier);
        if self.color { s.fg(fg) } else { s }
    }

    /// Titles and headings.
    pub fn title(&self) -> Style {
        self.pick(Color::Cyan, Modifier::BOLD)
    }
    /// The selected row.
    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
    /// [`Self::selected`] on the row under the cursor (`on`), plain otherwise.
    pub fn highlight(&self, on: bool) -> Style {
        if on {
            self.selected()
        } else {
            Style::default()
        }
    }
    /// The pointer glyph before the row under the cursor (`on`), a space otherwise.
    pub fn pointer(&self, on: bool) -> &'static str {
        if on { self.glyph(Glyph::Pointer) } else { " " }
    }
    /// Secondary text.
    pub fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default()
        }
    }
    /// Key names in hints.
    pub fn key(&self) -> Style {
        self.pick(Color::Yellow, Modifier::BOLD)
    }
    /// Errors and warnings.
    pub fn error(&self) -> Style {
        self.pick(Color::Red, Modifier::BOLD)
    }
    /// Borders of the focused pane.
    pub fn focus(&self) -> Style {
        self.pick(Color::Cyan, Modifier::BOLD)
    }
    /// The style of a tree mark such as `[M]` or `[G]`.
    pub fn mark(&self, mark: &str) -> Style {
        let fg = match mark {
            "[M]" | "[Y]" | "[*]" => Color::Green,
            "[P]" | "[?]" => Color::Yellow,
            "[G]" | "[N]" => Color::Red,
            "[X]" => Color::Blue,
            _ => Color::DarkGray,
        };
        self.pick(fg, Modifier::empty())
    }
}

impl Theme {
    /// A heatmap cell's colour by score band: green ≥ 80%, yellow ≥ 50%, red below, blue
    /// out of scope, grey when nothing is answered. The letter inside carries the meaning.
    pub fn band(&self, status: crate::scoring::NodeStatus, score: Option<f64>) -> Style {
        use crate::scoring::NodeStatus as S;
        let fg = match (status, score) {
            (S::OutOfScope, _) => Color::Blue,
            (S::NotApplicable | S::Unanswered, _) | (_, None) => Color::DarkGray,
            (_, Some(x)) if x >= 0.8 => Color::Green,
            (_, Some(x)) if x >= 0.5 => Color::Yellow,
            _ => Color::Red,
        };
        self.pick(fg, Modifier::empty())
    }

    /// A clause heatmap cell's colour by its readiness band, `rank` = (band index, number
    /// of bands): the lowest two red, the middle yellow, the top two green; blue out of
    /// scope, grey without a band. The band symbol inside carries the meaning.
    pub fn readiness_band(
        &self,
        status: crate::scoring::NodeStatus,
        rank: Option<(usize, usize)>,
    ) -> Style {
        use crate::scoring::NodeStatus as S;
        let fg = match (status, rank) {
            (S::OutOfScope, _) => Color::Blue,
            (S::NotApplicable, _) | (_, None) => Color::DarkGray,
            // The band's place on the scale: lowest red, then yellow, the top two green.
            (_, Some((i, n))) => match (i * 4) / n.saturating_sub(1).max(1) {
                0 | 1 => Color::Red,
                2 => Color::Yellow,
                _ => Color::Green,
            },
        };
        self.pick(fg, Modifier::empty())
    }
}
