//! Readiness bands: the heatmap's scale between "nothing" and "everything Met". Any readiness
//! strictly between 0 and 1 rolls up to the status Partial, which tells 28 % from 86 % apart
//! only by the number; a band (data in the questionnaire's `scoring.bands`, five built-in
//! ones otherwise) names the stretch a node is in and carries a symbol that reads without
//! colour.

use crate::model::ReadinessBand;

use super::question::EPSILON;
use crate::model::score::{HeatmapRow, NodeScore, NodeStatus};

/// The five built-in bands, used when a questionnaire sets none.
pub fn default_bands() -> Vec<ReadinessBand> {
    let band = |id: &str, label: &str, symbol: &str, min: f64| ReadinessBand {
        id: id.into(),
        label: label.into(),
        symbol: symbol.into(),
        min,
    };
    vec![
        band("initial", "Initial (below 20%)", ".", 0.0),
        band("developing", "Developing (20% to below 50%)", ":", 0.2),
        band("defined", "Defined (50% to below 80%)", "+", 0.5),
        band("managed", "Managed (80% to below 100%)", "*", 0.8),
        band("ready", "Ready (100%)", "#", 1.0),
    ]
}

/// The questionnaire's bands, or the built-in ones when it sets none.
pub fn bands_or_default(bands: &[ReadinessBand]) -> Vec<ReadinessBand> {
    if bands.is_empty() {
        default_bands()
    } else {
        bands.to_vec()
    }
}

/// The band a node with this status and readiness is in: the last band whose `min` the
/// readiness reaches (bands listed lowest first). None when nothing under the node is
/// applicable (out of scope, not applicable): there is no readiness to place.
pub fn band_of(
    bands: &[ReadinessBand],
    status: NodeStatus,
    readiness: f64,
) -> Option<&ReadinessBand> {
    if matches!(status, NodeStatus::OutOfScope | NodeStatus::NotApplicable) {
        return None;
    }
    bands
        .iter()
        .rev()
        .find(|b| readiness + EPSILON >= b.min)
        .or_else(|| bands.first())
}

/// Sets `band` on a node from its status and readiness.
pub fn assign(bands: &[ReadinessBand], node: &mut NodeScore) {
    node.band = band_of(bands, node.status, node.readiness).map(|b| b.id.clone());
}

/// Sets `band` on every node of the heatmap rows.
pub fn assign_rows(bands: &[ReadinessBand], rows: &mut [HeatmapRow]) {
    for r in rows {
        assign(bands, &mut r.node);
        r.cells.iter_mut().for_each(|c| assign(bands, c));
    }
}

/// The band with this id, if it is one of `bands`.
pub fn find<'b>(bands: &'b [ReadinessBand], id: Option<&str>) -> Option<&'b ReadinessBand> {
    let id = id?;
    bands.iter().find(|b| b.id == id)
}

/// The symbol of a band id, if the id is one of `bands`.
pub fn symbol<'b>(bands: &'b [ReadinessBand], id: Option<&str>) -> Option<&'b str> {
    find(bands, id).map(|b| b.symbol.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(readiness: f64) -> Option<String> {
        band_of(&default_bands(), NodeStatus::Partial, readiness).map(|b| b.id.clone())
    }

    #[test]
    fn the_2025_complaint_28_percent_and_86_percent_land_in_different_bands() {
        // 6.3 at 28 % and 4.4 at 86 % were both plain "Partial".
        assert_eq!(id(0.28).as_deref(), Some("developing"));
        assert_eq!(id(0.86).as_deref(), Some("managed"));
    }

    #[test]
    fn band_edges_are_inclusive_at_min() {
        assert_eq!(id(0.0).as_deref(), Some("initial"));
        assert_eq!(id(0.199).as_deref(), Some("initial"));
        assert_eq!(id(0.2).as_deref(), Some("developing"));
        // 0.1 + 0.7 is 0.7999999999999999 in f64: still the 80 % band.
        assert_eq!(id(0.1 + 0.7).as_deref(), Some("managed"));
        assert_eq!(id(0.999).as_deref(), Some("managed"));
        assert_eq!(id(1.0).as_deref(), Some("ready"));
    }

    #[test]
    fn nothing_applicable_has_no_band_and_unanswered_is_the_lowest() {
        let b = default_bands();
        assert!(band_of(&b, NodeStatus::OutOfScope, 0.0).is_none());
        assert!(band_of(&b, NodeStatus::NotApplicable, 0.0).is_none());
        let un = band_of(&b, NodeStatus::Unanswered, 0.0).map(|b| b.id.as_str());
        assert_eq!(un, Some("initial"));
    }

    #[test]
    fn questionnaire_bands_replace_the_built_in_ones() {
        let two = vec![
            ReadinessBand {
                id: "low".into(),
                label: "Low".into(),
                symbol: "-".into(),
                min: 0.0,
            },
            ReadinessBand {
                id: "high".into(),
                label: "High".into(),
                symbol: "=".into(),
                min: 0.6,
            },
        ];
        assert_eq!(bands_or_default(&two), two);
        assert_eq!(bands_or_default(&[]).len(), 5);
        let hit = band_of(&two, NodeStatus::Met, 0.7).map(|b| b.id.as_str());
        assert_eq!(hit, Some("high"));
        assert_eq!(symbol(&two, Some("low")), Some("-"));
        assert_eq!(symbol(&two, Some("nope")), None);
        assert_eq!(symbol(&two, None), None);
    }

    #[test]
    fn built_in_symbols_are_distinct_single_ascii_characters() {
        let b = default_bands();
        let mut syms: Vec<&str> = b.iter().map(|b| b.symbol.as_str()).collect();
        assert!(syms.iter().all(|s| s.len() == 1 && s.is_ascii()));
        syms.sort_unstable();
        syms.dedup();
        assert_eq!(syms.len(), b.len());
    }
}
