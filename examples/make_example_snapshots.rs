//! Writes the two example snapshots in `snapshots/`: Harbourline Logistics (a fictional
//! mid-size logistics company) at its Stage 2 audit and at the first surveillance audit a
//! year later. Questions are picked by position in the built-in questionnaires, so this keeps
//! working when their content changes: `cargo run --example make_example_snapshots`.
//!
//! The story: Stage 2 leaves every fifth gap question a gap and every fifth partial, raises a
//! minor nonconformity and an observation. A year later the gaps are closed, the minor
//! nonconformity is closed, yet the question it was about has slipped back (one regression,
//! a repeat-nonconformity risk); the observation is overdue; a new AI system (customs tariff
//! classification) bought from a new vendor is assessed; the forecasting system is renamed;
//! and surveillance raises a new minor nonconformity.

use std::path::Path;

use clausewise::catalog::Catalog;
use clausewise::model::questionnaire::QuestionRole;
use clausewise::model::{
    AiRole, Answer, AnswerSpec, AnswerTarget, Attestation, CorrectiveAction, Evidence, Finding,
    FindingGrade, FindingStatus, Kind, LifecycleStage, Questionnaire, Rating, Section, Status,
    Subject, SubjectKind, Value, WorkspaceState, YesNo,
};
use clausewise::store::{SnapshotRequest, snapshots};
use jiff::Timestamp;
use jiff::civil::{Date, date};

/// The organization's name.
pub const ORGANIZATION: &str = "Harbourline Logistics";
/// Position (in file order) of the gap question that regresses in the second cycle.
pub const REGRESSION_INDEX: usize = 2;

fn main() -> anyhow::Result<()> {
    let catalog = Catalog::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let stage2 = build(&catalog, Cycle::Stage2)?;
    let mut first = snapshots::assemble(&stage2, &catalog, request(Cycle::Stage2, None))?;
    let name = snapshots::file_name_for(&first.meta);
    let p1 = snapshots::save(&dir, &name, &mut first)?;
    let surv = build(&catalog, Cycle::Surveillance1)?;
    let mut second =
        snapshots::assemble(&surv, &catalog, request(Cycle::Surveillance1, first.digest))?;
    let name = snapshots::file_name_for(&second.meta);
    let p2 = snapshots::save(&dir, &name, &mut second)?;
    println!("wrote {}\nwrote {}", p1.display(), p2.display());
    Ok(())
}

/// The two audits.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cycle {
    /// Stage 2 certification audit, 2025.
    Stage2,
    /// First surveillance audit, 2026.
    Surveillance1,
}

impl Cycle {
    fn day(self) -> Date {
        match self {
            Cycle::Stage2 => date(2025, 3, 14),
            Cycle::Surveillance1 => date(2026, 3, 12),
        }
    }

    fn at(self) -> Timestamp {
        let s = format!("{}T10:00:00Z", self.day());
        s.parse().unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

fn request(c: Cycle, previous: Option<String>) -> SnapshotRequest {
    let (cycle, label) = match c {
        Cycle::Stage2 => ("stage-2", "FY25 Stage 2 certification audit"),
        Cycle::Surveillance1 => ("surveillance-1", "FY26 first surveillance audit"),
    };
    SnapshotRequest {
        cycle: cycle.into(),
        label: label.into(),
        created_at: c.at(),
        previous,
    }
}

fn subject(id: &str, kind: SubjectKind, name: &str, description: &str) -> Subject {
    Subject {
        id: id.into(),
        kind,
        name: name.into(),
        owner: Some("Priya Raman, Head of Data & AI".into()),
        role: (kind == SubjectKind::AiSystem).then_some(AiRole::Deployer),
        lifecycle_stage: (kind == SubjectKind::AiSystem).then_some(LifecycleStage::Operation),
        vendor: None,
        description: description.into(),
        retired: false,
    }
}

fn subjects(c: Cycle) -> Vec<Subject> {
    let mut route = subject(
        "route-optimizer",
        SubjectKind::AiSystem,
        "Route optimisation engine",
        "Plans daily delivery routes for 420 vans from orders, traffic and driver hours.",
    );
    route.role = Some(AiRole::Provider);
    let forecast_name = match c {
        Cycle::Stage2 => "Demand forecasting model",
        Cycle::Surveillance1 => "Network demand forecaster",
    };
    let mut forecast = subject(
        "demand-forecast",
        SubjectKind::AiSystem,
        forecast_name,
        "Forecasts parcel volumes per depot for staffing.",
    );
    forecast.vendor = Some("parcelsense".into());
    let ocr = subject(
        "parcelsense",
        SubjectKind::Vendor,
        "ParcelSense Ltd",
        "Supplies the forecasting platform and label OCR as a hosted service.",
    );
    let mut out = vec![route, forecast, ocr];
    if c == Cycle::Surveillance1 {
        let mut customs = subject(
            "customs-classifier",
            SubjectKind::AiSystem,
            "Customs tariff classification assistant",
            "Suggests HS tariff codes for cross-border shipments; a broker confirms each one.",
        );
        customs.vendor = Some("tariffmind".into());
        customs.lifecycle_stage = Some(LifecycleStage::Validation);
        out.push(customs);
        out.push(subject(
            "tariffmind",
            SubjectKind::Vendor,
            "TariffMind GmbH",
            "Provides the tariff classification model through an API.",
        ));
    }
    out
}

fn build(catalog: &Catalog, c: Cycle) -> anyhow::Result<WorkspaceState> {
    let mut state = WorkspaceState::new(ORGANIZATION, "Tomasz Nowak (internal audit)", "generic");
    state.subjects = subjects(c);
    let of = |k: Kind| {
        catalog
            .questionnaire_of_kind(k)
            .ok_or_else(|| anyhow::anyhow!("no built-in {} questionnaire", k.as_str()))
    };
    answer_gap(&mut state, of(Kind::Gap)?, c);
    let systems: Vec<String> = ids(&state, SubjectKind::AiSystem);
    for s in systems {
        answer_all(&mut state, of(Kind::Aiia)?, Some(&s), c);
    }
    let vendors: Vec<String> = ids(&state, SubjectKind::Vendor);
    for s in vendors {
        answer_all(&mut state, of(Kind::Vendor)?, Some(&s), c);
    }
    state.findings = findings(of(Kind::Gap)?, c);
    Ok(state)
}

fn ids(state: &WorkspaceState, kind: SubjectKind) -> Vec<String> {
    state
        .subjects
        .iter()
        .filter(|s| s.kind == kind)
        .map(|s| s.id.clone())
        .collect()
}

/// A stable pseudo-random number from 0 to 99 for a question id (FNV-1a), so the example
/// data looks like a real organization's without being random between runs.
fn roll(id: &str, salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for b in id.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h % 100
}

/// The gap status of the question at `i` (id `id`) in a cycle. Stage 2: roughly 55% met,
/// 25% partial, 15% gap and 5% unanswered; a year later most gaps and partials are closed,
/// a few stay open, and the question at [`REGRESSION_INDEX`] slips from Met to Partial.
pub fn gap_status(i: usize, n: usize, id: &str, c: Cycle) -> Option<Status> {
    let regression = REGRESSION_INDEX.min(n.saturating_sub(1));
    let stage2 = match roll(id, 2) {
        _ if i == regression => Some(Status::Met),
        0..=54 => Some(Status::Met),
        55..=79 => Some(Status::Partial),
        80..=94 => Some(Status::Gap),
        _ => None,
    };
    if c == Cycle::Stage2 {
        return stage2;
    }
    let later = roll(id, 3);
    Some(match stage2 {
        _ if i == regression => Status::Partial,
        Some(Status::Met) => Status::Met,
        Some(Status::Partial) if later < 80 => Status::Met,
        Some(Status::Gap) if later < 65 => Status::Met,
        Some(Status::Gap) if later < 90 => Status::Partial,
        Some(s) => s,
        None if later < 70 => Status::Met,
        None => Status::Partial,
    })
}

fn answer_gap(state: &mut WorkspaceState, q: &Questionnaire, c: Cycle) {
    let questions = q.questions();
    let n = questions.len();
    for (i, (_, question)) in questions.iter().enumerate() {
        let status = match (&question.answer, gap_status(i, n, &question.id, c)) {
            (AnswerSpec::Status, Some(status)) => status,
            _ => continue,
        };
        let mut a = Answer::new(Value::Status(status));
        decorate(&mut a, &question.id, status, c);
        let target = AnswerTarget {
            questionnaire: q.id.clone(),
            subject: None,
            entry: None,
            question: question.id.clone(),
        };
        state.set_answer(&target, a);
    }
}

fn decorate(a: &mut Answer, qid: &str, status: Status, c: Cycle) {
    a.answered_at = Some(c.at());
    if status == Status::Met {
        a.evidence.push(Evidence {
            reference: format!("HL-ISMS/{qid}"),
            date: Some(c.day()),
            expires: None,
        });
        a.attestation = Some(Attestation::EvidenceBacked);
    } else {
        a.owner = Some("Priya Raman".into());
        a.due = Some(match c {
            Cycle::Stage2 => date(2025, 9, 30),
            Cycle::Surveillance1 => date(2026, 6, 30),
        });
        a.note = match c {
            Cycle::Stage2 => "Work planned in the AIMS implementation roadmap.".into(),
            Cycle::Surveillance1 => {
                "Procedure owner left in Q4; the annual review was missed.".into()
            }
        };
    }
}

fn answer_all(state: &mut WorkspaceState, q: &Questionnaire, subject: Option<&str>, c: Cycle) {
    type Target<'a> = (
        Option<(String, String)>,
        bool,
        &'a clausewise::model::Question,
    );
    let mut targets: Vec<Target<'_>> = Vec::new();
    q.walk_sections(&mut |s: &Section, ancestors: &[&Section]| {
        let rep = ancestors
            .iter()
            .copied()
            .chain(std::iter::once(s))
            .rev()
            .find(|a| a.repeatable.is_some());
        let scored = ancestors.first().copied().unwrap_or(s).scored;
        for question in &s.questions {
            match rep {
                Some(r) => {
                    for n in 1..=2 {
                        let entry = Some((r.id.clone(), format!("entry-{n}")));
                        targets.push((entry, scored, question));
                    }
                }
                None => targets.push((None, scored, question)),
            }
        }
    });
    for (entry, scored, question) in targets {
        let Some(value) = value_for(question, scored, subject.unwrap_or(""), c) else {
            continue;
        };
        let mut a = Answer::new(value);
        a.answered_at = Some(c.at());
        let target = AnswerTarget {
            questionnaire: q.id.clone(),
            subject: subject.map(str::to_string),
            entry,
            question: question.id.clone(),
        };
        state.set_answer(&target, a);
    }
}

fn best<T: Clone>(items: &[T], score: impl Fn(&T) -> Option<f64>) -> Option<T> {
    items
        .iter()
        .max_by(|a, b| score(a).unwrap_or(0.0).total_cmp(&score(b).unwrap_or(0.0)))
        .cloned()
}

/// A plausible answer: the best option for scored questions, a middling one for the
/// engagement profile (so vendors get a real inherent risk), a review date a year on.
fn value_for(
    question: &clausewise::model::Question,
    scored: bool,
    subject: &str,
    c: Cycle,
) -> Option<Value> {
    let middle = |options: &[clausewise::model::ChoiceOption]| {
        options.get(options.len() / 2).map(|o| o.value.clone())
    };
    Some(match &question.answer {
        AnswerSpec::Choice { options } if !scored => Value::Choice(middle(options)?),
        AnswerSpec::Date if question.role == Some(QuestionRole::ReviewDate) => {
            let d = c.day();
            Value::Date(date(d.year() + 1, d.month(), d.day()))
        }
        AnswerSpec::Status => Value::Status(match c {
            Cycle::Stage2 => Status::Partial,
            Cycle::Surveillance1 => Status::Met,
        }),
        AnswerSpec::YesNo { .. } => Value::YesNo(YesNo::Yes),
        AnswerSpec::Choice { options } => Value::Choice(best(options, |o| o.score)?.value),
        AnswerSpec::MultiChoice { options, .. } => {
            Value::MultiChoice(vec![best(options, |o| o.score)?.value])
        }
        AnswerSpec::Scale { levels } => Value::Scale(best(levels, |l| l.score)?.value),
        AnswerSpec::LikelihoodSeverity { .. } => Value::LikelihoodSeverity(Rating {
            likelihood: 2,
            severity: 3,
        }),
        // The sign-off is a named person and the role they hold, not a team.
        AnswerSpec::Text { .. } if question.role == Some(QuestionRole::SignoffName) => {
            Value::Text("Priya Raman".into())
        }
        AnswerSpec::Text { .. } if question.role == Some(QuestionRole::SignoffRole) => {
            Value::Text("Head of Operations Technology".into())
        }
        AnswerSpec::Text { min_length, .. } => Value::Text(text_for(subject, *min_length)),
        AnswerSpec::Date => Value::Date(c.day()),
        AnswerSpec::Number { min, max, .. } => Value::Number(min.or(*max).unwrap_or(1.0)),
    })
}

fn text_for(subject: &str, min_length: Option<u32>) -> String {
    let mut t = format!(
        "For {subject}: the depot operations team reviews outputs weekly against the \
         service-level log (ticket HL-OPS-2291); drivers and customers can contest a decision \
         through the customer service queue, answered within 48 hours."
    );
    while t.len() < min_length.unwrap_or(0) as usize {
        t.push_str(" Reviewed at the quarterly AI governance board.");
    }
    t
}

/// The section reference of the gap question at `i` (falls back to clause 6.1).
pub fn reference_at(q: &Questionnaire, i: usize) -> String {
    q.questions()
        .get(i)
        .and_then(|(s, _)| s.reference.clone())
        .unwrap_or_else(|| "6.1".into())
}

fn finding(id: &str, grade: FindingGrade, reference: String, raised: Date) -> Finding {
    Finding {
        id: id.into(),
        grade,
        reference,
        audit: String::new(),
        description: String::new(),
        raised,
        status: FindingStatus::Open,
        corrective_action: None,
    }
}

fn action(status: FindingStatus, due: Date, evidence: &str) -> Option<CorrectiveAction> {
    Some(CorrectiveAction {
        root_cause: "No owner for the annual review after the 2024 reorganisation.".into(),
        action: "Named an owner and added the review to the AIMS calendar.".into(),
        owner: Some("Priya Raman".into()),
        due: Some(due),
        status,
        effectiveness_evidence: evidence.into(),
    })
}

fn findings(gap: &Questionnaire, c: Cycle) -> Vec<Finding> {
    let n = gap.question_count();
    let mut minor = finding(
        "F-2025-01",
        FindingGrade::Minor,
        reference_at(gap, REGRESSION_INDEX.min(n.saturating_sub(1))),
        date(2025, 3, 14),
    );
    minor.audit = "stage-2".into();
    minor.description = "The AI risk assessment was not reviewed at the planned interval.".into();
    let mut obs = finding(
        "F-2025-02",
        FindingGrade::Observation,
        reference_at(gap, 0),
        date(2025, 3, 14),
    );
    obs.audit = "stage-2".into();
    obs.description = "Interested parties' AI expectations are not yet recorded per site.".into();
    if c == Cycle::Stage2 {
        minor.corrective_action = action(FindingStatus::InProgress, date(2025, 6, 30), "");
        return vec![minor, obs];
    }
    minor.status = FindingStatus::Closed;
    minor.corrective_action = action(
        FindingStatus::Closed,
        date(2025, 6, 30),
        "Review minutes of 2025-06-12 (HL-AIMS-MR-07).",
    );
    obs.status = FindingStatus::InProgress;
    obs.corrective_action = action(FindingStatus::InProgress, date(2026, 1, 31), "");
    let mut new = finding(
        "F-2026-01",
        FindingGrade::Minor,
        reference_at(gap, n.saturating_sub(1)),
        date(2026, 3, 12),
    );
    new.audit = "surveillance-1".into();
    new.description =
        "The customs classification assistant went into validation before its AIIA was signed off."
            .into();
    vec![minor, obs, new]
}
