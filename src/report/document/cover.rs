//! The cover: who, what, when, and which snapshot (its digest).

use super::{Block, text};
use crate::report::Context;

/// The document title.
pub fn title(ctx: &Context<'_>, framework: Option<&str>) -> String {
    let base = format!(
        "ISO/IEC 42001 assessment — {}",
        ctx.snapshot.meta.organization
    );
    match framework {
        Some(fw) => format!(
            "{base} — crosswalk to {}",
            crate::report::crosswalk::title(fw)
        ),
        None => base,
    }
}

/// Cover fields and the status legend.
pub fn cover(ctx: &Context<'_>) -> Vec<Block> {
    let s = ctx.snapshot;
    let m = &s.meta;
    let mut fields = vec![
        ("Organization".to_string(), text(m.organization.clone())),
        ("Audit cycle".to_string(), text(m.cycle.clone())),
        ("Assessor".to_string(), text(m.assessor.clone())),
        ("Date".to_string(), text(m.created_at.to_string())),
        ("Profile".to_string(), text(m.profile.clone())),
        (
            "Snapshot digest".to_string(),
            text(s.digest.clone().unwrap_or_else(|| "(not sealed)".into())),
        ),
    ];
    if !m.label.is_empty() {
        fields.insert(2, ("Label".to_string(), text(m.label.clone())));
    }
    if let Some(card) = ctx.scorecard() {
        fields.push(("Scores as of".to_string(), text(card.as_of.to_string())));
    }
    vec![Block::Fields(fields), legend()]
}

fn legend() -> Block {
    let mut cell = text("Status letters: ");
    for (i, s) in crate::report::escape::STATUS_LEGEND.iter().enumerate() {
        if i > 0 {
            cell.push(super::Inline::Text(", ".into()));
        }
        cell.extend(super::status(*s));
    }
    cell.push(super::Inline::Text(".".into()));
    Block::Paragraph(cell)
}
