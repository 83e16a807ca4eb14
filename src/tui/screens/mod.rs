//! Screens beyond home and the wizard: their state and pure view models.

pub mod diff;
pub mod findings;
pub mod heatmap;
pub mod home;
pub mod plans;
pub mod snapshots;

use std::borrow::Cow;

use crate::catalog::Catalog;
use crate::model::{Assessment, Kind, Profile, Questionnaire, Subject};
use crate::scoring::ScoreOptions;
use crate::scoring::prepared::Prepared;
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
pub mod wizard;

/// Scores each live (not retired) subject's assessment of the `kind` questionnaire with
/// `score`, paired with the subject's name, in assessment order.
pub fn live_subjects<T>(
    catalog: &Catalog,
    data: &WorkspaceState,
    kind: Kind,
    opts: ScoreOptions,
    score: impl Fn(&Prepared<'_>, &Assessment, &Profile, &Subject, ScoreOptions) -> T,
) -> Vec<(String, T)> {
    let (Some(q), Some(profile)) = (
        catalog.questionnaire_of_kind(kind),
        catalog.profile(&data.profile),
    ) else {
        return Vec::new();
    };
    // Prepared once for every subject (as the saved scorecard does), not once per subject.
    let prepared = Prepared::new(q).weighted(profile, opts.weighted);
    let live: std::collections::HashMap<&str, &Subject> = (data.subjects.iter())
        .filter(|s| !s.retired)
        .map(|s| (s.id.as_str(), s))
        .collect();
    data.assessments
        .iter()
        .filter(|a| a.questionnaire == q.id)
        .filter_map(|a| {
            let s = live.get(a.subject.as_deref()?)?;
            Some((s.name.clone(), score(&prepared, a, profile, s, opts)))
        })
        .collect()
}

/// A list of live subjects with their scores, as of one day.
pub type ScoredList<T> = std::sync::Arc<Vec<(String, T)>>;

/// The live gap assessment scored (or why it cannot be), shared.
pub type LiveGap = std::sync::Arc<Result<crate::scoring::GapScore, String>>;
