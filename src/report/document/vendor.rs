//! One vendor's due diligence: tier, inherent risk, control score by domain, knock-outs and
//! evidence problems.

use super::{Block, Cell, status, text};
use crate::report::Context;
use crate::report::escape::{pct, score};
use crate::scoring::{NodeScore, VendorScore};

/// The blocks of one vendor review.
pub fn blocks(ctx: &Context<'_>, v: &VendorScore) -> Vec<Block> {
    let or_none = |o: &Option<String>| text(o.clone().unwrap_or_else(|| "not rated".into()));
    let mut out = vec![
        Block::PageBreak,
        Block::Heading(
            2,
            format!("Vendor due diligence: {}", ctx.subject_name(&v.subject)),
        ),
        Block::Fields(vec![
            ("Risk tier".into(), or_none(&v.tier)),
            ("Inherent risk".into(), or_none(&v.inherent_level)),
            (
                "Inherent exposure".into(),
                text(v.inherent_exposure.map(pct).unwrap_or_default()),
            ),
            ("Control score".into(), text(pct(v.control_score))),
        ]),
        Block::Table {
            headers: ["Domain", "Status", "Score", "Readiness", "Coverage"]
                .map(String::from)
                .to_vec(),
            rows: v.domains.iter().map(domain_row).collect(),
        },
    ];
    let lists = [
        (
            "Inherent risk drivers",
            v.inherent_floors
                .iter()
                .map(|f| {
                    format!(
                        "{} → inherent at least {}: {}",
                        f.question, f.level, f.reason
                    )
                })
                .collect::<Vec<_>>(),
        ),
        (
            "Knock-outs",
            v.knockouts
                .iter()
                .map(|k| format!("{} → at least {}: {}", k.question, k.tier, k.reason))
                .collect::<Vec<_>>(),
        ),
        ("Evidence missing", named(ctx, v, &v.evidence_missing)),
        ("Evidence expired", named(ctx, v, &v.evidence_expired)),
    ];
    for (heading, items) in lists {
        out.push(Block::Heading(3, heading.into()));
        out.push(if items.is_empty() {
            Block::Paragraph(text("None."))
        } else {
            Block::List(items.into_iter().map(text).collect())
        });
    }
    out
}

fn domain_row(n: &NodeScore) -> Vec<Cell> {
    vec![
        text(n.title.to_string()),
        status(n.status),
        text(score(n.score)),
        text(pct(n.readiness)),
        text(pct(n.coverage)),
    ]
}

/// Each question named: its id, its section's title and its prompt, when the vendor
/// questionnaire is at hand (else the id alone).
fn named(ctx: &Context<'_>, v: &VendorScore, ids: &[std::sync::Arc<str>]) -> Vec<String> {
    let q = ctx.questionnaire(&v.questionnaire);
    let sections = q.map(|q| q.questions()).unwrap_or_default();
    ids.iter()
        .map(
            |id| match sections.iter().find(|(_, question)| question.id == **id) {
                Some((s, question)) => format!("{id} ({}): {}", s.title, question.prompt),
                None => id.to_string(),
            },
        )
        .collect()
}
