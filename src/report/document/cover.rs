//! The cover: who, what, when, and which snapshot (its digest).

use super::{Block, Cell, Inline, text};
use crate::report::escape::date_words;
use crate::report::{Context, Seal};

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

/// Cover: document control (who, what, when, classification, which snapshot and whether its
/// seal holds, the snapshot before it in the chain) and the status legend.
pub fn cover(ctx: &Context<'_>) -> Vec<Block> {
    let s = ctx.snapshot;
    let m = &s.meta;
    let day = jiff::tz::TimeZone::UTC.to_datetime(m.created_at).date();
    let mut fields = vec![
        ("Organization".to_string(), text(m.organization.clone())),
        ("Audit cycle".to_string(), text(m.cycle.clone())),
        ("Date".to_string(), text(date_words(day))),
        ("Assessor".to_string(), text(m.assessor.clone())),
        (
            "Classification".to_string(),
            vec![Inline::Strong(ctx.classification.clone())],
        ),
        ("Profile".to_string(), text(m.profile.clone())),
        (
            "Snapshot digest".to_string(),
            text(s.digest.clone().unwrap_or_else(|| "(not sealed)".into())),
        ),
        ("Seal".to_string(), seal(ctx)),
        ("Previous in chain".to_string(), text(previous(ctx))),
    ];
    if !m.label.is_empty() {
        fields.insert(2, ("Label".to_string(), text(m.label.clone())));
    }
    if let Some(card) = ctx.scorecard() {
        fields.push(("Scores as of".to_string(), text(date_words(card.as_of))));
    }
    fields.push((
        "Due dates checked on".to_string(),
        text(date_words(ctx.as_of())),
    ));
    vec![Block::Fields(fields), legend()]
}

/// Whether the seal holds, in words.
fn seal(ctx: &Context<'_>) -> Cell {
    match &ctx.seal {
        Seal::Verified => {
            text("Verifies: the digest and the link to the previous snapshot check out.")
        }
        Seal::NotChecked => text("Not checked."),
        Seal::Unverified(why) => vec![
            Inline::Strong("DOES NOT VERIFY".into()),
            Inline::Text(format!(": {}", why.join("; "))),
        ],
    }
}

/// The snapshot before this one: its cycle and date, or that there is none.
fn previous(ctx: &Context<'_>) -> String {
    match (ctx.previous(), &ctx.snapshot.previous) {
        (Some(p), _) => {
            let day = jiff::tz::TimeZone::UTC
                .to_datetime(p.meta.created_at)
                .date();
            format!(
                "{} ({}), {}",
                p.meta.cycle,
                date_words(day),
                p.digest.as_deref().unwrap_or("(not sealed)")
            )
        }
        (None, Some(d)) => format!("{d} (not found next to this snapshot, or it does not verify)"),
        (None, None) => "None: the first snapshot of its chain.".into(),
    }
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
