//! The executive summary: key messages computed from the scorecard, the findings register
//! and the snapshot's chain, and the readiness trend across the chain's cycles.

use super::{Block, Cell, Inline, TrendPoint, text};
use crate::model::{FindingGrade, FindingStatus, Snapshot};
use crate::report::Context;
use crate::report::escape::{date_words, pct, pct_shown, points, status_label};
use crate::scoring::{GapScore, NodeStatus, Scorecard};

/// How many remediation items the summary names.
const TOP_GAPS: usize = 3;

/// Vendor tiers the summary calls out.
const HIGH_TIERS: [&str; 2] = ["high", "critical"];

/// The summary's heading, key messages and trend.
pub fn blocks(ctx: &Context<'_>, card: &Scorecard) -> Vec<Block> {
    let mut out = vec![
        Block::Heading(2, "Executive summary".into()),
        Block::Heading(3, "Key messages".into()),
        Block::List(messages(ctx, card)),
    ];
    let trend = trend(ctx);
    if trend.len() > 1 {
        out.push(Block::Heading(3, "Readiness across audit cycles".into()));
        out.push(Block::Trend(trend));
    }
    out
}

/// 3–5 messages: readiness and its change, the top remediation items, open nonconformities, AIIAs above
/// appetite and vendors at high or critical tier (the last two when there are any to review).
fn messages(ctx: &Context<'_>, card: &Scorecard) -> Vec<Cell> {
    let mut out = Vec::new();
    if let Some(g) = &card.gap {
        out.push(readiness(ctx, g));
        out.push(top_gaps(ctx, g));
    }
    out.push(findings(ctx));
    if !card.aiias.is_empty() {
        out.push(aiias(ctx, card));
    }
    if !card.vendors.is_empty() {
        out.push(vendors(ctx, card));
    }
    out
}

/// Overall readiness of a snapshot's scorecard, if it has a gap assessment.
fn overall(s: &Snapshot) -> Option<f64> {
    s.scorecard
        .as_ref()
        .and_then(|c| c.gap.as_ref())
        .map(|g| g.overall.readiness)
}

fn day(s: &Snapshot) -> String {
    date_words(
        jiff::tz::TimeZone::UTC
            .to_datetime(s.meta.created_at)
            .date(),
    )
}

fn readiness(ctx: &Context<'_>, g: &GapScore) -> Cell {
    let now = g.overall.readiness;
    let mut cell = vec![
        Inline::Text("Overall readiness is ".into()),
        Inline::Strong(pct(now)),
        Inline::Text(format!(" ({})", status_label(g.overall.status))),
    ];
    let change = match ctx.previous() {
        Some(p) => match overall(p) {
            Some(before) => format!(
                ", {} points since {} ({}), when it was {}.",
                points(pct_shown(now) - pct_shown(before)),
                p.meta.cycle,
                day(p),
                pct(before)
            ),
            None => format!(
                "; the previous snapshot ({}, {}) has no gap scores to compare.",
                p.meta.cycle,
                day(p)
            ),
        },
        None => "; this is the first snapshot of its chain, so there is no change to show.".into(),
    };
    cell.push(Inline::Text(change));
    cell
}

fn top_gaps(ctx: &Context<'_>, g: &GapScore) -> Cell {
    let items = &g.remediation;
    if items.is_empty() {
        return text("Nothing to remediate: every applicable requirement is met.");
    }
    let at = |s: NodeStatus| items.iter().filter(|i| i.status == s).count();
    let overdue = items.iter().filter(|i| ctx.overdue(i.due)).count();
    let top: Vec<String> = (items.iter().take(TOP_GAPS))
        .map(|i| {
            let r = i.reference.as_deref().unwrap_or(&i.question);
            format!(
                "{r} ({}, priority {:.2})",
                status_label(i.status),
                i.priority
            )
        })
        .collect();
    vec![
        Inline::Text("Top open items by priority: ".into()),
        Inline::Strong(top.join(", ")),
        Inline::Text(format!(
            "; {} open item(s) in the remediation plan, {} at Gap and {} Partial, {} overdue.",
            items.len(),
            at(NodeStatus::Gap),
            at(NodeStatus::Partial),
            overdue
        )),
    ]
}

fn findings(ctx: &Context<'_>) -> Cell {
    let open: Vec<&crate::model::Finding> = (ctx.snapshot.findings.iter())
        .filter(|f| f.status != FindingStatus::Closed)
        .filter(|f| matches!(f.grade, FindingGrade::Major | FindingGrade::Minor))
        .collect();
    if open.is_empty() {
        return text(format!(
            "No open major or minor nonconformity ({} finding(s) in the register).",
            ctx.snapshot.findings.len()
        ));
    }
    let n = |g: FindingGrade| open.iter().filter(|f| f.grade == g).count();
    let overdue = (open.iter())
        .filter(|f| ctx.overdue(f.corrective_action.as_ref().and_then(|c| c.due)))
        .count();
    let ids: Vec<&str> = open.iter().map(|f| f.id.as_str()).collect();
    vec![
        Inline::Text("Open nonconformities: ".into()),
        Inline::Strong(format!(
            "{} major, {} minor",
            n(FindingGrade::Major),
            n(FindingGrade::Minor)
        )),
        Inline::Text(format!(
            " ({}); {overdue} with the corrective action overdue.",
            ids.join(", ")
        )),
    ]
}

fn aiias(ctx: &Context<'_>, card: &Scorecard) -> Cell {
    let above: Vec<String> = (card.aiias.iter())
        .filter_map(|a| {
            let n = (a.impacts.iter())
                .filter(|i| crate::report::impact::above_appetite(ctx, a, i))
                .count();
            (n > 0).then(|| format!("{} ({n})", ctx.subject_name(&a.subject)))
        })
        .collect();
    if above.is_empty() {
        return text(format!(
            "No AI system has an impact above the risk appetite ({} assessed).",
            card.aiias.len()
        ));
    }
    vec![
        Inline::Text("AI systems with impacts above the risk appetite: ".into()),
        Inline::Strong(format!("{} of {}", above.len(), card.aiias.len())),
        Inline::Text(format!(": {} (impacts above appetite).", above.join(", "))),
    ]
}

fn vendors(ctx: &Context<'_>, card: &Scorecard) -> Cell {
    let high: Vec<String> = (card.vendors.iter())
        .filter_map(|v| {
            let tier = v.tier.as_deref()?;
            HIGH_TIERS
                .contains(&tier)
                .then(|| format!("{} ({tier})", ctx.subject_name(&v.subject)))
        })
        .collect();
    if high.is_empty() {
        return text(format!(
            "No vendor is at high or critical tier ({} reviewed).",
            card.vendors.len()
        ));
    }
    vec![
        Inline::Text("Vendors at high or critical tier: ".into()),
        Inline::Strong(format!("{} of {}", high.len(), card.vendors.len())),
        Inline::Text(format!(": {}.", high.join(", "))),
    ]
}

/// Readiness at each snapshot of the chain, oldest first, ending with this one.
fn trend(ctx: &Context<'_>) -> Vec<TrendPoint> {
    (ctx.history.iter().copied())
        .chain(std::iter::once(ctx.snapshot))
        .map(|s| TrendPoint {
            cycle: s.meta.cycle.clone(),
            date: day(s),
            readiness: overall(s),
        })
        .collect()
}
