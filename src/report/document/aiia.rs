//! One AI system impact assessment: impacts with inherent and residual risk, sign-off and
//! review date, and what is missing.

use super::{Block, Cell, text, yes_no};
use crate::report::Context;
use crate::report::escape::pct;
use crate::scoring::{AiiaScore, ImpactScore, RiskScore};

/// The blocks of one AIIA.
pub fn blocks(ctx: &Context<'_>, a: &AiiaScore) -> Vec<Block> {
    let review = match (a.next_review, a.review_overdue) {
        (Some(d), true) => format!("{d} (overdue)"),
        (Some(d), false) => d.to_string(),
        (None, _) => "not set".into(),
    };
    let mut out = vec![
        Block::PageBreak,
        Block::Heading(
            2,
            format!(
                "AI system impact assessment: {}",
                ctx.subject_name(&a.subject)
            ),
        ),
        Block::Fields(
            vec![
                (
                    "Overall risk level".into(),
                    text(
                        a.overall_level
                            .clone()
                            .unwrap_or_else(|| "not rated".into()),
                    ),
                ),
                ("Completeness".into(), text(pct(a.completeness))),
                ("Signed off".into(), text(yes_no(a.signed_off))),
                ("Next review".into(), text(review)),
            ]
            .into_iter()
            .chain(inventory_fields(ctx, &a.subject))
            .collect(),
        ),
    ];
    out.push(impacts(ctx, a));
    if !a.missing.is_empty() {
        out.push(Block::Heading(3, "Missing".into()));
        out.push(Block::List(
            a.missing.iter().map(|m| text(m.clone())).collect(),
        ));
    }
    if !a.specificity.is_empty() {
        out.push(Block::Heading(3, "Answers too generic to audit".into()));
        out.push(Block::List(
            a.specificity
                .iter()
                .map(|f| text(format!("{}: {}", f.question, f.message)))
                .collect(),
        ));
    }
    if !a.consistency.is_empty() {
        out.push(Block::Heading(3, "Disagrees with the inventory".into()));
        out.push(Block::List(
            a.consistency
                .iter()
                .map(|w| text(format!("{}: {}", w.question, w.message)))
                .collect(),
        ));
    }
    out
}

/// The AI system's inventory record, as far as it is filled in: role, life-cycle stage,
/// EU AI Act class, personal data, model and version, the AIIA's owner and last date.
fn inventory_fields(ctx: &Context<'_>, id: &str) -> Vec<(String, Cell)> {
    let Some(s) = ctx.snapshot.subjects.iter().find(|s| s.id == id) else {
        return Vec::new();
    };
    let model = match (&s.model, &s.model_version) {
        (Some(m), Some(v)) => Some(format!("{m} {v}")),
        (m, v) => m.clone().or_else(|| v.clone()),
    };
    [
        ("AI role", s.role.map(|r| r.as_str().replace('_', " "))),
        (
            "Life-cycle stage",
            s.lifecycle_stage.map(|l| l.as_str().to_string()),
        ),
        (
            "EU AI Act class",
            s.eu_ai_act_class.map(|c| c.label().to_string()),
        ),
        (
            "Personal data",
            s.personal_data.map(|p| yes_no(p).to_string()),
        ),
        ("Model", model),
        ("AIIA owner", s.aiia_owner.clone()),
        ("Last AIIA", s.last_aiia.map(|d| d.to_string())),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_string(), text(v))))
    .collect()
}

/// The impact register as a table, or a line saying it is empty.
fn impacts(ctx: &Context<'_>, a: &AiiaScore) -> Block {
    if a.impacts.is_empty() {
        return Block::Paragraph(text("No impacts recorded."));
    }
    Block::Table {
        headers: [
            "Impact",
            "Inherent risk",
            "Residual risk",
            "Above appetite",
            "Acceptance rationale",
        ]
        .map(String::from)
        .to_vec(),
        rows: a.impacts.iter().map(|i| impact_row(ctx, a, i)).collect(),
    }
}

/// The impact's whole text, both ratings, whether it is above the risk appetite and the
/// recorded acceptance rationale.
fn impact_row(ctx: &Context<'_>, a: &AiiaScore, i: &ImpactScore) -> Vec<Cell> {
    use crate::report::impact;
    vec![
        text(impact::full_text(ctx, a, i)),
        risk(i.inherent.as_ref()),
        risk(i.residual.as_ref()),
        super::gap::overdue(impact::above_appetite(ctx, a, i)),
        text(impact::rationale(ctx, a, i).unwrap_or_else(|| "None recorded.".into())),
    ]
}

fn risk(r: Option<&RiskScore>) -> Cell {
    text(r.map_or_else(
        || "not rated".to_string(),
        |r| {
            format!(
                "{} (L{} × S{} = {})",
                r.level, r.likelihood, r.severity, r.product
            )
        },
    ))
}
