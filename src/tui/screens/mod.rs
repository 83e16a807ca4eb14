//! Screens beyond home and the wizard: their state and pure view models.

pub mod diff;
pub mod findings;
pub mod heatmap;
pub mod plans;
pub mod snapshots;

use std::borrow::Cow;

use crate::catalog::Catalog;
use crate::model::{Assessment, Kind, Profile, Questionnaire, Subject};
use crate::scoring::ScoreOptions;
use crate::tui::app::Screen;
use crate::tui::data::WorkspaceState;

/// Moves a list cursor for Up/Down/PageUp/PageDown/Top/Bottom within `0..=last`; false for
/// any other action (left to the screen).
pub fn move_in_list(cursor: &mut usize, action: crate::tui::keymap::Action, last: usize) -> bool {
    use crate::tui::keymap::Action;
    *cursor = match action {
        Action::Up => cursor.saturating_sub(1),
        Action::Down => (*cursor + 1).min(last),
        Action::PageUp => cursor.saturating_sub(10),
        Action::PageDown => (*cursor + 10).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        _ => return false,
    };
    true
}

/// The live gap assessment's questionnaire, profile and answers (empty when not started).
pub fn gap_inputs<'a>(
    catalog: &'a Catalog,
    data: &'a WorkspaceState,
) -> Result<(&'a Questionnaire, Cow<'a, Profile>, Cow<'a, Assessment>), String> {
    let q = catalog
        .questionnaire_of_kind(Kind::Gap)
        .ok_or("no gap questionnaire in the catalog")?;
    let profile = catalog
        .profile(&data.profile)
        .ok_or_else(|| format!("profile {:?} is not known", data.profile))?;
    let a = data
        .assessments
        .iter()
        .find(|a| a.questionnaire == q.id && a.subject.is_none())
        .map_or_else(|| Cow::Owned(Assessment::new(&q.id, None)), Cow::Borrowed);
    // Controls follow the inventory's AI roles, as in the saved scorecard.
    let profile = crate::scoring::inventory::gap_profile(profile, &data.subjects);
    Ok((q, profile, a))
}
pub mod risk;
pub mod vendors;

/// Scores each live (not retired) subject's assessment of the `kind` questionnaire with
/// `score`, paired with the subject's name, in assessment order.
pub fn live_subjects<T>(
    catalog: &Catalog,
    data: &WorkspaceState,
    kind: Kind,
    opts: ScoreOptions,
    score: impl Fn(&Questionnaire, &Assessment, &Profile, &Subject, ScoreOptions) -> T,
) -> Vec<(String, T)> {
    let (Some(q), Some(profile)) = (
        catalog.questionnaire_of_kind(kind),
        catalog.profile(&data.profile),
    ) else {
        return Vec::new();
    };
    data.assessments
        .iter()
        .filter(|a| a.questionnaire == q.id)
        .filter_map(|a| {
            let s = data
                .subjects
                .iter()
                .find(|s| Some(&s.id) == a.subject.as_ref() && !s.retired)?;
            Some((s.name.clone(), score(q, a, profile, s, opts)))
        })
        .collect()
}

/// A list of live subjects with their scores, as of one day.
pub type ScoredList<T> = std::sync::Arc<Vec<(String, T)>>;

/// Every live AI system's impact assessment and every live vendor's review, scored once
/// per change of the workspace (and of the day they are scored as of) instead of on every
/// key and frame: with 200 AI systems and 300 vendors, scoring them all each time made the
/// risk matrix and the vendor comparison slow.
#[derive(Debug, Clone, Default)]
pub struct Scored {
    aiias: Option<(jiff::civil::Date, ScoredList<crate::scoring::AiiaScore>)>,
    vendors: Option<(jiff::civil::Date, ScoredList<crate::scoring::VendorScore>)>,
    gap: Option<(jiff::civil::Date, LiveGap)>,
}

/// The live gap assessment scored (or why it cannot be), shared.
pub type LiveGap = std::sync::Arc<Result<crate::scoring::GapScore, String>>;

impl Scored {
    /// The scored AI systems as of `as_of`: kept, else worked out now.
    pub fn aiias(
        &self,
        catalog: &Catalog,
        data: &WorkspaceState,
        as_of: jiff::civil::Date,
    ) -> ScoredList<crate::scoring::AiiaScore> {
        match &self.aiias {
            Some((d, list)) if *d == as_of => list.clone(),
            _ => risk::live_aiias(catalog, data, as_of).into(),
        }
    }

    /// The scored vendors as of `as_of`: kept, else worked out now.
    pub fn vendors(
        &self,
        catalog: &Catalog,
        data: &WorkspaceState,
        as_of: jiff::civil::Date,
    ) -> ScoredList<crate::scoring::VendorScore> {
        match &self.vendors {
            Some((d, list)) if *d == as_of => list.clone(),
            _ => vendors::live_vendors(catalog, data, as_of).into(),
        }
    }

    /// The live gap assessment scored as of `as_of`: kept, else worked out now.
    pub fn gap(
        &self,
        catalog: &Catalog,
        data: &WorkspaceState,
        as_of: jiff::civil::Date,
    ) -> LiveGap {
        match &self.gap {
            Some((d, g)) if *d == as_of => g.clone(),
            _ => plans::live_gap(catalog, data, as_of).into(),
        }
    }

    /// Keeps the scores the screen on show needs (after the workspace changed, or a screen
    /// opened): the risk matrix its AI systems, the vendor comparison its vendors, the SoA and
    /// remediation plan the gap score.
    pub fn keep_for(&mut self, catalog: &Catalog, data: &WorkspaceState, screen: &Screen) {
        match screen {
            Screen::Risk(s) if self.aiias.as_ref().is_none_or(|(d, _)| *d != s.as_of) => {
                self.aiias = Some((s.as_of, self.aiias(catalog, data, s.as_of)));
            }
            Screen::Vendors(s) if self.vendors.as_ref().is_none_or(|(d, _)| *d != s.as_of) => {
                self.vendors = Some((s.as_of, self.vendors(catalog, data, s.as_of)));
            }
            Screen::Plans(s) if self.gap.as_ref().is_none_or(|(d, _)| *d != s.as_of) => {
                self.gap = Some((s.as_of, self.gap(catalog, data, s.as_of)));
            }
            _ => {}
        }
    }
}
