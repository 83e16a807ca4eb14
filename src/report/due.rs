//! What needs doing, by date: the follow-up list behind `clausewise due`.
//!
//! Five kinds of dated work come out of a workspace (or a snapshot):
//! - **actions**: answers with a due date (the remediation owner and date) that are still
//!   open (not Met, not out of scope);
//! - **evidence** whose expiry date has passed or falls in the window;
//! - **AIIA reviews**: each AIIA's next review date (as the scorecard computes it: the
//!   review-date answer, else the sign-off date plus the review frequency);
//! - **vendor reassessments**: the last time the vendor's review was answered plus the
//!   profile's review frequency in months;
//! - **findings** not closed whose corrective action is due.
//!
//! An item is overdue when its date is before the as-of day, and upcoming when it falls
//! within the window after it. The core is pure: the caller passes the day.

use std::collections::BTreeMap;

use jiff::Span;
use jiff::civil::Date;
use serde::Serialize;

use crate::model::{
    Answer, Assessment, FindingStatus, Profile, Questionnaire, Snapshot, Status, Value,
};
use crate::scoring::{NodeStatus, ScoreOptions, Scorecard, score_snapshot};

/// What kind of work an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// A remediation action on an answer (its owner and due date).
    Action,
    /// Evidence whose expiry date is reached.
    Evidence,
    /// An AI system impact assessment's next review.
    AiiaReview,
    /// A vendor due-diligence review to repeat.
    VendorReassessment,
    /// An audit finding's corrective action.
    Finding,
}

impl DueKind {
    /// The short name shown in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            DueKind::Action => "action",
            DueKind::Evidence => "evidence",
            DueKind::AiiaReview => "aiia-review",
            DueKind::VendorReassessment => "vendor-reassessment",
            DueKind::Finding => "finding",
        }
    }
}

/// One dated piece of work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    /// What kind of work.
    pub kind: DueKind,
    /// When it is (or was) due.
    pub due: Date,
    /// The date is before the as-of day.
    pub overdue: bool,
    /// The question id, finding id or subject id it is about.
    pub reference: String,
    /// The AI system or vendor, by name, when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Who owns it, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// One line saying what is due.
    pub what: String,
}

/// The follow-up list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueList {
    /// The day dates are checked against.
    pub as_of: Date,
    /// The last day of the window (as of plus `within`).
    pub until: Date,
    /// How many items are overdue.
    pub overdue: usize,
    /// How many items fall due within the window.
    pub upcoming: usize,
    /// Every item, earliest first.
    pub items: Vec<DueItem>,
}

/// Where the dates come from and the window to look at.
#[derive(Debug, Clone, Copy)]
pub struct DueOptions {
    /// The day dates are checked against.
    pub as_of: Date,
    /// How many days after `as_of` count as upcoming.
    pub within_days: i32,
}

/// Lists what is overdue or due within the window in a snapshot.
pub fn due(
    snapshot: &Snapshot,
    questionnaires: &[&Questionnaire],
    profile: &Profile,
    opts: DueOptions,
) -> DueList {
    let until = opts
        .as_of
        .checked_add(Span::new().days(opts.within_days))
        .unwrap_or(opts.as_of);
    let score_opts = ScoreOptions {
        as_of: opts.as_of,
        weighted: true,
    };
    let card = score_snapshot(questionnaires, profile, snapshot, score_opts);
    let names: BTreeMap<&str, &str> = (snapshot.subjects.iter())
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    let mut items = Vec::new();
    for a in &snapshot.assessments {
        let subject = subject_name(&names, a);
        answer_items(a, &card, subject.as_deref(), &mut items);
    }
    review_items(&card, &names, &mut items);
    let cadence = Cadence {
        card: &card,
        questionnaires,
        profile,
    };
    reassessment_items(snapshot, &cadence, &names, &mut items);
    finding_items(snapshot, &mut items);
    let mut items: Vec<DueItem> = items.into_iter().filter(|i| i.due <= until).collect();
    for i in &mut items {
        i.overdue = i.due < opts.as_of;
    }
    items.sort_by(|a, b| (a.due, a.kind, &a.reference).cmp(&(b.due, b.kind, &b.reference)));
    let overdue = items.iter().filter(|i| i.overdue).count();
    DueList {
        as_of: opts.as_of,
        until,
        overdue,
        upcoming: items.len() - overdue,
        items,
    }
}

fn subject_name(names: &BTreeMap<&str, &str>, a: &Assessment) -> Option<String> {
    let id = a.subject.as_deref()?;
    Some(names.get(id).map_or(id, |n| n).to_string())
}

/// Every answer of an assessment, top-level and in the entries of repeatable sections.
fn all_answers(a: &Assessment) -> impl Iterator<Item = (&String, &Answer)> {
    let entries = a.entries.values().flatten().flat_map(|e| e.answers.iter());
    a.answers.iter().chain(entries)
}

fn answer_items(a: &Assessment, card: &Scorecard, subject: Option<&str>, out: &mut Vec<DueItem>) {
    for (id, answer) in all_answers(a) {
        if let Some(due) = answer.due
            && action_is_open(a, id, answer, card)
        {
            out.push(DueItem {
                kind: DueKind::Action,
                due,
                overdue: false,
                reference: id.clone(),
                subject: subject.map(str::to_string),
                owner: answer.owner.clone(),
                what: format!("remediation action ({})", a.questionnaire),
            });
        }
        for e in &answer.evidence {
            let Some(expires) = e.expires else { continue };
            out.push(DueItem {
                kind: DueKind::Evidence,
                due: expires,
                overdue: false,
                reference: id.clone(),
                subject: subject.map(str::to_string),
                owner: answer.owner.clone(),
                what: format!("evidence \"{}\" expires", e.reference),
            });
        }
    }
}

/// An action is done when the answer is Met (and the gap scorecard agrees: Met without the
/// required evidence still counts as Partial) or out of scope.
fn action_is_open(a: &Assessment, id: &str, answer: &Answer, card: &Scorecard) -> bool {
    let scored = card
        .gap
        .as_ref()
        .filter(|g| g.questionnaire == a.questionnaire)
        .and_then(|g| g.questions.iter().find(|q| &*q.id == id));
    match scored {
        Some(q) => matches!(
            q.status,
            NodeStatus::Partial | NodeStatus::Gap | NodeStatus::Unanswered
        ),
        None => !matches!(
            answer.value,
            Value::Status(Status::Met | Status::OutOfScope)
        ),
    }
}

fn review_items(card: &Scorecard, names: &BTreeMap<&str, &str>, out: &mut Vec<DueItem>) {
    for aiia in &card.aiias {
        let Some(due) = aiia.next_review else {
            continue;
        };
        let name = names.get(aiia.subject.as_str()).copied();
        out.push(DueItem {
            kind: DueKind::AiiaReview,
            due,
            overdue: false,
            reference: aiia.subject.clone(),
            subject: Some(name.unwrap_or(&aiia.subject).to_string()),
            owner: None,
            what: "AI system impact assessment review".into(),
        });
    }
}

/// How often a vendor is reassessed: its tier's `reassess_months` in the questionnaire
/// that tiered it, else the profile's review frequency.
struct Cadence<'a> {
    card: &'a Scorecard,
    questionnaires: &'a [&'a Questionnaire],
    profile: &'a Profile,
}

impl Cadence<'_> {
    /// Months between reviews of `vendor`, and the label of the tier that set them.
    fn of(&self, vendor: &str) -> (i64, Option<String>) {
        let fallback = i64::from(self.profile.review_months.max(1));
        let tiered = (self.card.vendors.iter()).find_map(|v| {
            let id = v.tier.as_deref().filter(|_| v.subject == vendor)?;
            let q = (self.questionnaires.iter()).find(|q| q.id == v.questionnaire)?;
            q.scoring.tiers.iter().find(|t| t.id == id)
        });
        match tiered {
            Some(t) => (
                t.reassess_months.map_or(fallback, i64::from),
                Some(t.label.clone()),
            ),
            None => (fallback, None),
        }
    }
}

/// A vendor is reassessed its tier's cadence (see [`Cadence`]) after its review was last
/// answered (the newest answer's date).
fn reassessment_items(
    snapshot: &Snapshot,
    cadence: &Cadence<'_>,
    names: &BTreeMap<&str, &str>,
    out: &mut Vec<DueItem>,
) {
    let vendors =
        (snapshot.subjects.iter()).filter(|s| s.kind == crate::model::SubjectKind::Vendor);
    for v in vendors {
        let (months, tier) = cadence.of(&v.id);
        let last = (snapshot.assessments.iter())
            .filter(|a| a.subject.as_deref() == Some(v.id.as_str()))
            .flat_map(|a| all_answers(a).filter_map(|(_, x)| x.answered_at))
            .max();
        let Some(last) = last else { continue };
        let day = jiff::tz::TimeZone::UTC.to_datetime(last).date();
        let Ok(due) = day.checked_add(Span::new().months(months)) else {
            continue;
        };
        out.push(DueItem {
            kind: DueKind::VendorReassessment,
            due,
            overdue: false,
            reference: v.id.clone(),
            subject: Some(names.get(v.id.as_str()).map_or(&v.id[..], |n| n).into()),
            owner: v.owner.clone(),
            what: match tier {
                Some(t) => format!(
                    "vendor due diligence reassessment (last reviewed {day}; {t} tier: every {months} months)"
                ),
                None => format!(
                    "vendor due diligence reassessment (last reviewed {day}, every {months} months)"
                ),
            },
        });
    }
}

fn finding_items(snapshot: &Snapshot, out: &mut Vec<DueItem>) {
    for f in &snapshot.findings {
        if f.status == FindingStatus::Closed {
            continue;
        }
        let Some(ca) = &f.corrective_action else {
            continue;
        };
        let Some(due) = ca.due else { continue };
        out.push(DueItem {
            kind: DueKind::Finding,
            due,
            overdue: false,
            reference: f.id.clone(),
            subject: None,
            owner: ca.owner.clone(),
            what: format!(
                "corrective action for {} finding on {}",
                f.grade.as_str(),
                f.reference
            ),
        });
    }
}

#[cfg(test)]
mod tests;
