//! The one trait every screen implements, and what a screen hands back after a key: effects
//! for the shell and, at most, where to go next. Only [`super::app::App`] changes the screen.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::ctx::Ctx;
use super::keymap::{Action, Scope};
use super::msg::Effect;
use super::view::theme::Theme;

/// Where a screen asks to go: `App` builds the next screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Go {
    /// Back to Home.
    Home,
    /// A questionnaire kind: the gap assessment, or a subject's AIIA or vendor review.
    Kind {
        /// The kind.
        kind: crate::model::Kind,
        /// The subject's id (or name, from the command line).
        subject: Option<String>,
    },
    /// The wizard on a questionnaire (for a subject), at its resume point or first question.
    Wizard {
        /// Questionnaire id.
        questionnaire: String,
        /// Subject id, for AIIAs and vendor reviews.
        subject: Option<String>,
    },
    /// The wizard on the gap questionnaire `questionnaire`, at `question`.
    WizardAt {
        /// Questionnaire id.
        questionnaire: String,
        /// Question id.
        question: String,
    },
    /// The wizard on an AI system's impact assessment, at one impact entry.
    Impact {
        /// The AI system's id.
        subject: String,
        /// The impact entry's id.
        entry: String,
    },
}

/// What a screen did with a key: effects for the shell, and where to go (if anywhere).
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// Work for the shell.
    pub effects: Vec<Effect>,
    /// The next screen, if this one is done.
    pub go: Option<Go>,
}

impl Outcome {
    /// Nothing to do.
    pub fn none() -> Outcome {
        Outcome::default()
    }

    /// Only effects.
    pub fn effects(effects: Vec<Effect>) -> Outcome {
        Outcome { effects, go: None }
    }

    /// Only a move.
    pub fn go(go: Go) -> Outcome {
        Outcome {
            effects: Vec::new(),
            go: Some(go),
        }
    }
}

/// A screen: its own state, updated by actions in a context and drawn from it. Derived
/// models (scores, rows, the diff) are built in [`Component::refresh`], when the screen
/// opens and whenever the context's revision moves, never while drawing.
pub trait Component {
    /// The key scopes in force on this screen, innermost first (`Global` last).
    fn scopes(&self) -> Vec<Scope>;
    /// Handles one action (the keymap turned the key into it: screens never read raw keys).
    fn update(&mut self, ctx: &mut Ctx, action: Action) -> Outcome;
    /// Rebuilds what the screen derives from the workspace: called when it opens and when
    /// the context's revision changed since.
    fn refresh(&mut self, _ctx: &mut Ctx) {}
    /// Draws the screen's body into `area`.
    fn view(&self, ctx: &Ctx, f: &mut Frame, area: Rect, theme: &Theme);
}
