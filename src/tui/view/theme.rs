//! Styles. Under `NO_COLOR` every style keeps only its modifiers (bold, reverse), and
//! everything coloured also carries a symbol or letter, so nothing relies on colour.

use ratatui::style::{Color, Modifier, Style};

/// The palette for one frame.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Whether colours are used.
    pub color: bool,
}

impl Theme {
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
}
