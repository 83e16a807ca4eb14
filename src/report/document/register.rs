//! The audit findings register: every finding with its grade, clause, audit, status and
//! corrective action (owner, due date, whether it is overdue), whole.

use super::{Block, Cell, gap::overdue, text};
use crate::model::Finding;
use crate::report::Context;

/// The register's heading and table (or a line saying it is empty).
pub fn blocks(ctx: &Context<'_>) -> Vec<Block> {
    let findings = &ctx.snapshot.findings;
    let mut out = vec![Block::Heading(2, "Findings register".into())];
    if findings.is_empty() {
        out.push(Block::Paragraph(text("No audit findings are recorded.")));
        return out;
    }
    out.push(Block::Table {
        headers: [
            "Finding",
            "Grade",
            "Clause",
            "Audit",
            "Raised",
            "Status",
            "Description",
            "Corrective action",
            "Owner",
            "Due",
            "Overdue",
        ]
        .map(String::from)
        .to_vec(),
        rows: findings.iter().map(|f| row(ctx, f)).collect(),
    });
    out
}

fn row(ctx: &Context<'_>, f: &Finding) -> Vec<Cell> {
    let ca = f.corrective_action.as_ref();
    let due = ca.and_then(|c| c.due);
    let open = f.status != crate::model::FindingStatus::Closed;
    let action = ca.map_or_else(
        || "None recorded.".to_string(),
        |c| {
            let mut t = format!(
                "{} ({})",
                blank_as(&c.action, "no action written"),
                c.status.as_str()
            );
            if !c.root_cause.trim().is_empty() {
                t.push_str(&format!("\nRoot cause: {}", c.root_cause));
            }
            if !c.effectiveness_evidence.trim().is_empty() {
                t.push_str(&format!(
                    "\nEffectiveness evidence: {}",
                    c.effectiveness_evidence
                ));
            }
            t
        },
    );
    vec![
        text(f.id.clone()),
        text(f.grade.as_str()),
        text(f.reference.clone()),
        text(f.audit.clone()),
        text(f.raised.to_string()),
        text(f.status.as_str()),
        text(f.description.clone()),
        text(action),
        text(
            ca.and_then(|c| c.owner.clone())
                .unwrap_or_else(|| "not set".into()),
        ),
        text(due.map_or_else(|| "not set".into(), |d| d.to_string())),
        overdue(open && ctx.overdue(due)),
    ]
}

fn blank_as<'s>(s: &'s str, instead: &'s str) -> &'s str {
    if s.trim().is_empty() { instead } else { s }
}
