//! `clausewise score SNAPSHOT`: scores a snapshot with the workspace's questionnaires and the
//! snapshot's profile, and prints a summary table or the whole scorecard as JSON.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use jiff::civil::Date;

use super::Format;
use crate::catalog::snapshot::load_snapshot;
use crate::model::Questionnaire;
use crate::sanitize::line;
use crate::scoring::{
    AiiaScore, GapScore, ScoreOptions, Scorecard, VendorScore, score_snapshot,
    unknown_questionnaires,
};
use crate::store::Workspace;
use crate::store::workspace::read_snapshot_source;

/// Arguments of `score`.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// The snapshot file to score.
    pub snapshot: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Weigh every question 1 (ignore question weights and the profile's tag weights).
    #[arg(long)]
    pub no_weights: bool,
    /// The date due dates, evidence expiry and reviews are checked against (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<Date>,
    /// Score a snapshot whose seal does not check out, marked UNVERIFIED on every output.
    #[arg(long)]
    pub allow_unverified: bool,
}

/// Runs `score`.
pub fn run(ws: Option<&Path>, args: &ScoreArgs) -> Result<ExitCode> {
    let ws = Workspace::discover(ws)?;
    let catalog = ws.catalog()?;
    let src = read_snapshot_source(&args.snapshot, &args.snapshot.display().to_string())?;
    let mut snapshot = match load_snapshot(&src) {
        Ok(s) => s,
        Err(ds) => {
            for d in &ds {
                outln!("{}", crate::sanitize::line(&d.to_string()));
            }
            return Ok(ExitCode::from(1));
        }
    };
    let notices = super::trust::seal_notices(&args.snapshot, &mut snapshot, args.allow_unverified)?;
    let Some(profile) = catalog.profile(&snapshot.meta.profile) else {
        let known: Vec<&str> = catalog
            .profiles
            .iter()
            .map(|p| p.item.id.as_str())
            .collect();
        eprintln!(
            "error: the snapshot's profile {:?} is not in the catalog; known profiles: {}",
            snapshot.meta.profile,
            known.join(", ")
        );
        return Ok(ExitCode::from(1));
    };
    let questionnaires: Vec<&Questionnaire> =
        catalog.questionnaires.iter().map(|l| &l.item).collect();
    for id in unknown_questionnaires(&questionnaires, &snapshot) {
        eprintln!(
            "warning: questionnaire {id:?} is not in the catalog; its assessments are not scored"
        );
    }
    let as_of = args.as_of.unwrap_or_else(crate::clock::today_utc);
    let opts = ScoreOptions {
        as_of,
        weighted: !args.no_weights,
    };
    let card = score_snapshot(&questionnaires, profile, &snapshot, opts);
    use super::trust::Kind;
    let (kind, text) = match args.format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&card)?;
            (Kind::Json, crate::sanitize::json_for_terminal(&json) + "\n")
        }
        Format::Table => (Kind::Text, render_table(&card)),
    };
    let bytes = super::trust::decorate(kind, &notices, text.into_bytes());
    super::output::write_all(&bytes)?;
    Ok(ExitCode::SUCCESS)
}

use crate::report::escape::pct;

/// The human summary: overall readiness and coverage, one line per heatmap row, then the
/// AIIAs and vendors.
pub fn render_table(card: &Scorecard) -> String {
    let mut out = String::new();
    let weights = if card.weighted {
        "weighted"
    } else {
        "unweighted"
    };
    let _ = writeln!(
        out,
        "profile {}, as of {}, {weights}",
        line(&card.profile),
        card.as_of
    );
    match &card.gap {
        Some(g) => gap_table(&mut out, g),
        None => out.push_str("\nGap assessment: none in this snapshot\n"),
    }
    card.supplements.iter().for_each(|g| gap_table(&mut out, g));
    if !card.aiias.is_empty() {
        out.push_str("\nAI system impact assessments\n");
        card.aiias.iter().for_each(|a| aiia_line(&mut out, a));
    }
    if !card.vendors.is_empty() {
        out.push_str("\nVendors\n");
        card.vendors.iter().for_each(|v| vendor_line(&mut out, v));
    }
    out
}

fn gap_table(out: &mut String, g: &GapScore) {
    let o = &g.overall;
    let _ = writeln!(
        out,
        "\nGap assessment {}: readiness {}, coverage {}",
        line(&g.questionnaire),
        pct(o.readiness),
        pct(o.coverage)
    );
    let w = (g.rows.iter())
        .map(|r| line(r.node.label()).chars().count())
        .fold(8, usize::max);
    let _ = writeln!(
        out,
        "{:<w$}  {:<40}  {:>9}  STATUS  BAND",
        "REF", "TITLE", "READINESS"
    );
    for r in &g.rows {
        let n = &r.node;
        let title: String = line(&n.title).chars().take(40).collect();
        let band = match crate::scoring::bands::find(&g.bands, n.band.as_deref()) {
            Some(b) => format!("{} {}", line(&b.symbol), line(&b.id)),
            None => "-".to_string(),
        };
        let _ = writeln!(
            out,
            "{:<w$}  {:<40}  {:>9}  {:<6}  {band}",
            line(n.label()),
            title,
            pct(n.readiness),
            n.status.letter()
        );
    }
    let statuses: Vec<String> = (crate::report::escape::STATUS_LEGEND.iter())
        .map(|s| {
            let label = crate::report::escape::status_label(*s).to_lowercase();
            format!("{} {label}", s.letter())
        })
        .collect();
    let _ = writeln!(out, "status: {}", statuses.join(", "));
    if !g.bands.is_empty() {
        let legend: Vec<String> = (g.bands.iter())
            .map(|b| format!("{} {}", line(&b.symbol), line(&b.label)))
            .collect();
        let _ = writeln!(out, "bands: {}", legend.join(", "));
    }
    let errors = g.soa.iter().filter(|e| e.error.is_some()).count();
    if g.soa.is_empty() {
        let _ = writeln!(out, "remediation items: {}", g.remediation.len());
        return;
    }
    let _ = writeln!(
        out,
        "remediation items: {}; Statement of Applicability: {} controls, {errors} excluded without justification",
        g.remediation.len(),
        g.soa.len()
    );
}

fn aiia_line(out: &mut String, a: &AiiaScore) {
    let review = match (a.next_review, a.review_overdue) {
        (Some(d), true) => format!("next review {d} (overdue)"),
        (Some(d), false) => format!("next review {d}"),
        (None, _) => "no next review date".to_string(),
    };
    let _ = writeln!(
        out,
        "  {}: level {}, {} impacts, complete {}, {}, {review}, {} specificity flags, {} consistency warnings",
        line(&a.subject),
        line(a.overall_level.as_deref().unwrap_or("none")),
        a.impacts.len(),
        pct(a.completeness),
        if a.signed_off {
            "signed off"
        } else {
            "not signed off"
        },
        a.specificity.len(),
        a.consistency.len()
    );
    for w in &a.consistency {
        let _ = writeln!(out, "    {}: {}", line(&w.question), line(&w.message));
    }
}

fn vendor_line(out: &mut String, v: &VendorScore) {
    let inherent = match (&v.inherent_level, v.inherent_exposure) {
        (Some(l), Some(x)) => format!("inherent {} ({x:.2})", line(l)),
        _ => "inherent unknown".to_string(),
    };
    let _ = writeln!(
        out,
        "  {}: tier {}, control {}, {inherent}, {} knock-outs, {} evidence missing, {} expired",
        line(&v.subject),
        line(v.tier.as_deref().unwrap_or("none")),
        pct(v.control_score),
        v.knockouts.len(),
        v.evidence_missing.len(),
        v.evidence_expired.len()
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::{Counts, HeatmapRow, NodeScore, NodeStatus};
    use jiff::civil::date;

    fn node(id: &str, r: Option<&str>, readiness: f64, status: NodeStatus) -> NodeScore {
        NodeScore {
            id: id.into(),
            reference: r.map(Into::into),
            title: format!("Title {id}").into(),
            status,
            score: Some(readiness),
            readiness,
            coverage: 1.0,
            counts: Counts::default(),
            questions: Vec::new(),
            band: None,
        }
    }

    #[test]
    fn table_shows_overall_rows_with_letters_and_summaries() {
        let card = Scorecard {
            profile: "generic".into(),
            weighted: true,
            as_of: date(2025, 6, 1),
            gap: Some(GapScore {
                questionnaire: "gap".into(),
                overall: node("gap", None, 0.6364, NodeStatus::Partial),
                rows: vec![HeatmapRow {
                    node: node("c6", Some("6"), 0.5, NodeStatus::Partial),
                    cells: Vec::new(),
                }],
                bands: Vec::new(),
                questions: Vec::new(),
                soa: Vec::new(),
                remediation: Vec::new(),
            }),
            supplements: Vec::new(),
            aiias: Vec::new(),
            vendors: Vec::new(),
        };
        let t = render_table(&card);
        assert!(
            t.starts_with("profile generic, as of 2025-06-01, weighted\n"),
            "{t}"
        );
        assert!(t.contains("readiness 63.6%, coverage 100%"), "{t}");
        assert!(t.contains("6         Title c6"), "{t}");
        assert!(t.contains("50%  P       -\n"), "{t}");
    }
}
