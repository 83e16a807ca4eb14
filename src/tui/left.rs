//! What is left to do, for Home's panel: readiness and coverage of the gap assessment,
//! unanswered questions per clause, and the dated work `clausewise due` lists (overdue
//! actions, expiring or expired evidence, AIIA reviews, vendor reassessments, findings).
//! Worked out once per change of the workspace ([`App::left`](super::app::App::left)),
//! never while drawing.

use crate::catalog::Catalog;
use crate::model::{FindingStatus, Questionnaire};
use crate::report::due::{DueKind, DueList, DueOptions, due};
use crate::scoring::{ScoreOptions, score_snapshot};

/// How many days ahead count as "due soon" (as `clausewise due` by default).
pub const WINDOW_DAYS: i32 = 30;

/// The panel's facts.
#[derive(Debug, Clone, PartialEq)]
pub struct WhatsLeft {
    /// Gap assessment readiness and coverage (0–1), when it has questions.
    pub gap: Option<(f64, f64)>,
    /// Unanswered applicable questions per clause or control group: (label, count).
    pub unanswered: Vec<(String, u32)>,
    /// The follow-up list of `clausewise due` for the next [`WINDOW_DAYS`] days.
    pub due: DueList,
    /// Findings not closed.
    pub open_findings: usize,
}

/// Counts of one kind in the due list: (overdue, due within the window).
fn counts(list: &DueList, kind: DueKind) -> (usize, usize) {
    let of = list.items.iter().filter(|i| i.kind == kind);
    let overdue = of.clone().filter(|i| i.overdue).count();
    (overdue, of.count() - overdue)
}

impl WhatsLeft {
    /// Works the panel out from the workspace as it is now, as of `as_of`.
    pub fn of(
        catalog: &Catalog,
        data: &crate::model::WorkspaceState,
        as_of: jiff::civil::Date,
    ) -> Option<Self> {
        let profile = catalog.profile(&data.profile)?;
        // Stamped at the start of `as_of` (UTC): no clock is read here.
        let at = jiff::tz::TimeZone::UTC
            .to_timestamp(as_of.to_datetime(jiff::civil::Time::midnight()))
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let snapshot = data.to_snapshot(at, String::new(), String::new());
        let qs: Vec<&Questionnaire> = catalog.questionnaires.iter().map(|l| &l.item).collect();
        // Only the gap questionnaire here: `due` scores everything again for its dates.
        let gap_only: Vec<&Questionnaire> = (qs.iter().copied())
            .filter(|q| q.kind == crate::model::Kind::Gap)
            .collect();
        let card = score_snapshot(
            &gap_only,
            profile,
            &snapshot,
            ScoreOptions {
                as_of,
                weighted: true,
            },
        );
        let gap = card.gap.as_ref();
        let unanswered = gap
            .map(|g| {
                g.rows
                    .iter()
                    .filter(|r| r.node.counts.unanswered > 0)
                    .map(|r| (r.node.label().to_string(), r.node.counts.unanswered))
                    .collect()
            })
            .unwrap_or_default();
        let opts = DueOptions {
            as_of,
            within_days: WINDOW_DAYS,
        };
        Some(WhatsLeft {
            gap: gap.map(|g| (g.overall.readiness, g.overall.coverage)),
            unanswered,
            due: due(&snapshot, &qs, profile, opts),
            open_findings: (data.findings.iter())
                .filter(|f| f.status != FindingStatus::Closed)
                .count(),
        })
    }

    /// The panel as lines of text (sanitized), most urgent facts first.
    pub fn lines(&self) -> Vec<String> {
        use super::view::text::count;
        let pct = crate::report::escape::pct;
        let total: u32 = self.unanswered.iter().map(|(_, n)| n).sum();
        let mut out = vec![match self.gap {
            Some((r, c)) => format!(
                "Gap assessment: readiness {} · coverage {} · {} unanswered",
                pct(r),
                pct(c),
                count(total as usize, "question", "questions")
            ),
            None => "Gap assessment: not started".to_string(),
        }];
        if !self.unanswered.is_empty() {
            let per: Vec<String> = (self.unanswered.iter())
                .map(|(l, n)| format!("{} {n}", crate::sanitize::line(l)))
                .collect();
            out.push(format!("Unanswered by clause: {}", per.join(" · ")));
        }
        let (act_late, act_soon) = counts(&self.due, DueKind::Action);
        let (ev_late, ev_soon) = counts(&self.due, DueKind::Evidence);
        let (rev_late, rev_soon) = counts(&self.due, DueKind::AiiaReview);
        let (ven_late, ven_soon) = counts(&self.due, DueKind::VendorReassessment);
        let mark = |late: usize| if late > 0 { "! " } else { "" };
        out.push(format!(
            "{}Actions: {} overdue, {} due in {WINDOW_DAYS} days · evidence: {} expired, {} expiring",
            mark(act_late + ev_late),
            act_late,
            act_soon,
            ev_late,
            ev_soon
        ));
        out.push(format!(
            "{}Due: {} · {} · {}",
            mark(rev_late + ven_late),
            count(rev_late + rev_soon, "AIIA review", "AIIA reviews"),
            count(
                ven_late + ven_soon,
                "vendor reassessment",
                "vendor reassessments"
            ),
            count(self.open_findings, "open finding", "open findings"),
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Answer, AnswerTarget, Status, Value};

    #[test]
    fn the_panel_counts_unanswered_clauses_and_overdue_actions() {
        let catalog = Catalog::builtin();
        let mut data = crate::model::WorkspaceState::new("Acme", "", "generic");
        let gap = catalog
            .questionnaire_of_kind(crate::model::Kind::Gap)
            .expect("gap");
        let target = AnswerTarget {
            questionnaire: gap.id.clone(),
            subject: None,
            entry: None,
            question: "c4.1.issues".into(),
        };
        let mut a = Answer::new(Value::Status(Status::Gap));
        a.due = Some(jiff::civil::date(2026, 1, 31));
        a.owner = Some("Priya".into());
        data.set_answer(&target, a);
        let left = WhatsLeft::of(&catalog, &data, jiff::civil::date(2026, 3, 1)).expect("left");
        let lines = left.lines();
        assert!(lines[0].contains("228 questions unanswered"), "{lines:?}");
        assert!(
            lines[1].starts_with("Unanswered by clause: 4 15 · 5 "),
            "{lines:?}"
        );
        assert!(lines[2].starts_with("! Actions: 1 overdue"), "{lines:?}");
        assert!(lines[3].contains("0 open findings"), "{lines:?}");
    }
}
