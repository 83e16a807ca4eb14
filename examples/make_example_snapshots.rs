//! Writes the two example snapshots in `snapshots/`: Harbourline Logistics (a fictional
//! mid-size logistics company) at its Stage 2 audit and at the first surveillance audit a
//! year later: `cargo run --example make_example_snapshots`. Gap questions are picked by id
//! roll and by clause reference, so this keeps working when the content changes; the AIIAs
//! are written per AI system (see [`Story`]) and agree with the inventory.
//!
//! The story: Stage 2 leaves about one gap question in seven a gap and one in four partial,
//! raises a minor nonconformity on the AI risk assessment (8.2) and an observation on the
//! interested parties (4.2). A year later most gaps are closed and the minor nonconformity is
//! closed, yet another question of 8.2 has slipped back (one regression, a
//! repeat-nonconformity risk); the observation is overdue; a new AI system (customs tariff
//! classification) bought from a new vendor is in validation with its AIIA not yet signed
//! off, which surveillance raises as a new minor nonconformity (8.4); the forecasting
//! system is renamed.

use std::path::Path;

use clausewise::catalog::Catalog;
use clausewise::model::questionnaire::QuestionRole;
use clausewise::model::{
    AiRole, Answer, AnswerSpec, AnswerTarget, Attestation, CorrectiveAction, EuAiActClass,
    Evidence, Finding, FindingGrade, FindingStatus, InventoryField, Kind, LifecycleStage, Question,
    Questionnaire, Rating, Section, Status, Subject, SubjectKind, Value, WorkspaceState, YesNo,
};
use clausewise::scoring::{Applicability, QuestionIndex};
use clausewise::seal::{self, SnapshotRequest};
use clausewise::store::snapshots;
use jiff::Timestamp;
use jiff::civil::{Date, date};
use std::collections::BTreeMap;

/// The organization's name.
pub const ORGANIZATION: &str = "Harbourline Logistics";

fn main() -> anyhow::Result<()> {
    let catalog = Catalog::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let stage2 = build(&catalog, Cycle::Stage2)?;
    let mut first = seal::assemble(&stage2, &catalog, request(Cycle::Stage2, None))?;
    let name = snapshots::file_name_for(&first.meta);
    let p1 = snapshots::save(&dir, &name, &mut first)?;
    let surv = build(&catalog, Cycle::Surveillance1)?;
    let mut second = seal::assemble(&surv, &catalog, request(Cycle::Surveillance1, first.digest))?;
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
        description: description.into(),
        ..Subject::default()
    }
}

/// An AI system's inventory record: role, stage, EU AI Act class, personal data, model and
/// version, the AIIA's owner and, once signed off, its date.
fn system(id: &str, name: &str, description: &str, story: &Story) -> Subject {
    Subject {
        role: Some(story.role),
        lifecycle_stage: Some(story.stage),
        eu_ai_act_class: Some(EuAiActClass::Minimal),
        personal_data: Some(story.personal_data),
        model: Some(story.model.0.into()),
        model_version: Some(story.model.1.into()),
        aiia_owner: Some(story.aiia_owner.into()),
        ..subject(id, SubjectKind::AiSystem, name, description)
    }
}

fn subjects(c: Cycle) -> Vec<Subject> {
    let mut route = system(
        "route-optimizer",
        "Route optimisation engine",
        "Plans daily delivery routes for 420 vans from orders, traffic and driver hours.",
        &ROUTE,
    );
    route.last_aiia = Some(c.day());
    let forecast_name = match c {
        Cycle::Stage2 => "Demand forecasting model",
        Cycle::Surveillance1 => "Network demand forecaster",
    };
    let mut forecast = system(
        "demand-forecast",
        forecast_name,
        "Forecasts parcel volumes per depot for staffing.",
        &FORECAST,
    );
    forecast.vendor = Some("parcelsense".into());
    forecast.last_aiia = Some(c.day());
    let ocr = subject(
        "parcelsense",
        SubjectKind::Vendor,
        "ParcelSense Ltd",
        "Supplies the forecasting platform and label OCR as a hosted service.",
    );
    let mut out = vec![route, forecast, ocr];
    if c == Cycle::Surveillance1 {
        // Its AIIA is not signed off yet (finding F-2026-01): no last AIIA date.
        let mut customs = system(
            "customs-classifier",
            "Customs tariff classification assistant",
            "Suggests HS tariff codes for cross-border shipments; a broker confirms each one.",
            &CUSTOMS,
        );
        customs.vendor = Some("tariffmind".into());
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
    let profile = catalog
        .profile(&state.profile)
        .ok_or_else(|| anyhow::anyhow!("no built-in generic profile"))?;
    answer_gap(&mut state, of(Kind::Gap)?, c);
    let systems: Vec<Subject> = (state.subjects.iter())
        .filter(|s| s.kind == SubjectKind::AiSystem)
        .cloned()
        .collect();
    for s in &systems {
        let story = story_of(&s.id).ok_or_else(|| anyhow::anyhow!("no story for {}", s.id))?;
        answer_aiia(&mut state, of(Kind::Aiia)?, profile, s, story, c);
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

/// The clause the Stage 2 minor nonconformity F-2025-01 is raised on (AI risk assessment
/// performed at planned intervals): its first question is the one the finding is about, its
/// last the one that slips back a year later.
pub const RISK_ASSESSMENT_REF: &str = "8.2";
/// The clause of the observation F-2025-02 (interested parties and their expectations).
pub const INTERESTED_PARTIES_REF: &str = "4.2";
/// The clause of the surveillance finding F-2026-01 (an AIIA not signed off before
/// validation started).
pub const AIIA_REF: &str = "8.4";

/// The ids of the questions of the section with reference `r`, in file order.
pub fn questions_of(q: &Questionnaire, r: &str) -> Vec<String> {
    (q.questions().into_iter())
        .filter(|(s, _)| s.reference.as_deref() == Some(r))
        .map(|(_, question)| question.id.clone())
        .collect()
}

/// The gap question that regresses in the second cycle: the last one of
/// [`RISK_ASSESSMENT_REF`] (falls back to the third question of the file).
pub fn regression_question(q: &Questionnaire) -> String {
    questions_of(q, RISK_ASSESSMENT_REF)
        .pop()
        .or_else(|| q.questions().get(2).map(|(_, x)| x.id.clone()))
        .unwrap_or_default()
}

/// Statuses the story fixes whatever the roll says: (question, Stage 2, surveillance).
fn story_statuses(q: &Questionnaire) -> Vec<(String, Status, Status)> {
    let mut out = Vec::new();
    let first = |r: &str| questions_of(q, r).into_iter().next();
    // F-2025-01: the risk assessment was not repeated on time; fixed within the year.
    if let Some(id) = first(RISK_ASSESSMENT_REF) {
        out.push((id, Status::Partial, Status::Met));
    }
    // F-2025-02: the interested-parties register is still incomplete a year later.
    if let Some(id) = first(INTERESTED_PARTIES_REF) {
        out.push((id, Status::Partial, Status::Partial));
    }
    // F-2026-01: not every AI system has a signed-off AIIA, in either cycle.
    if let Some(id) = first(AIIA_REF) {
        out.push((id, Status::Partial, Status::Partial));
    }
    out.push((regression_question(q), Status::Met, Status::Partial));
    out
}

/// The gap status of question `id` in a cycle, from its roll. Stage 2: roughly 55% met,
/// 25% partial, 15% gap and 5% unanswered; a year later most gaps and partials are closed
/// and a few stay open.
pub fn gap_status(id: &str, c: Cycle) -> Option<Status> {
    let stage2 = match roll(id, 2) {
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
        Some(Status::Met) => Status::Met,
        Some(Status::Partial) if later < 80 => Status::Met,
        Some(Status::Gap) if later < 65 => Status::Met,
        Some(Status::Gap) if later < 90 => Status::Partial,
        Some(s) => s,
        None if later < 70 => Status::Met,
        None => Status::Partial,
    })
}

/// Answers the gap assessment: every asked question (linked ones take the asked answer and
/// are not answered again), by roll except where the story fixes the status.
fn answer_gap(state: &mut WorkspaceState, q: &Questionnaire, c: Cycle) {
    let fixed = story_statuses(q);
    for (_, question) in q.questions() {
        if question.same_as.is_some() || question.answer != AnswerSpec::Status {
            continue;
        }
        let pinned = fixed.iter().find(|(id, ..)| *id == question.id);
        let status = match pinned {
            Some((_, s2, s1)) => Some(if c == Cycle::Stage2 { *s2 } else { *s1 }),
            None => gap_status(&question.id, c),
        };
        let Some(status) = status else {
            continue;
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

/// What the organization knows about one AI system: its inventory facts and the words of
/// its AIIA, each written for that system.
pub struct Story {
    role: AiRole,
    stage: LifecycleStage,
    personal_data: bool,
    /// Model name and version, as the inventory records them.
    model: (&'static str, &'static str),
    aiia_owner: &'static str,
    /// People subject to the system's outputs in a year.
    reach: f64,
    /// Text answers by question id.
    texts: &'static [(&'static str, &'static str)],
    /// Choice and multi-choice answers by question id (several values for a multi-choice).
    choices: &'static [(&'static str, &'static [&'static str])],
    /// Sign-off name and role; none while the AIIA is not signed off.
    signoff: Option<(&'static str, &'static str)>,
    impacts: &'static [Impact],
}

/// One negative impact of the impact register.
pub struct Impact {
    /// Answers by question id: category, description, affected, controls, acceptance,
    /// evidence.
    texts: &'static [(&'static str, &'static str)],
    inherent: (i64, i64),
    residual: (i64, i64),
}

const ROUTE: Story = Story {
    role: AiRole::Provider,
    stage: LifecycleStage::Operation,
    personal_data: true,
    model: ("HL-RouteOpt", "4.2"),
    aiia_owner: "Marta Silva, routing product owner",
    reach: 2_400_000.0,
    texts: &[
        (
            "system.profile.model",
            "HL-RouteOpt 4.2: an in-house vehicle-routing solver built on Google OR-Tools with a gradient-boosted travel-time model retrained monthly, hosted in Harbourline's own Azure tenant (West Europe); no bought-in model.",
        ),
        (
            "system.use.purpose",
            "Plans next-day delivery routes for 420 vans across 11 depots, cutting planned van-kilometres by about 9% against the 2023 manual plans while keeping drivers within legal driving hours.",
        ),
        (
            "system.use.intended",
            "Used by depot planners each evening between 18:00 and 21:00 to produce the routes loaded onto drivers' handhelds; planners may move stops and must confirm every route before release.",
        ),
        (
            "system.use.misuse",
            "A depot manager could use the per-driver stop-time figures to rank or discipline drivers, which the system was not validated for. Driver-level reports sit behind access control for the routing team, and queries on individual drivers are logged and reviewed monthly with the works council.",
        ),
        (
            "system.data.sources",
            "Training data: 26 months of delivery telemetry (January 2023 to February 2025, about 31 million stop records) from the fleet telematics warehouse, plus HERE historical traffic speeds. In production the input is the next day's order file from the WMS and live traffic feeds fetched by API call at 17:45.",
        ),
        (
            "regulation.dpia-ref",
            "DOC-DPIA-2024-031 (driver telematics DPIA, version 3)",
        ),
        (
            "regulation.other-laws",
            "Road transport driving and rest time rules (Regulation (EC) 561/2006) cap daily driving at 9 hours; GDPR Art. 88 and the 2022 works agreement on telematics limit how driver data may be used.",
        ),
        (
            "people.populations",
            "About 640 employees and agency workers who drive the routes it sets, and roughly 38,000 customers a day whose delivery windows depend on it.",
        ),
        (
            "people.society.impacts",
            "Fewer van-kilometres cut fuel use by an estimated 1,900 tonnes of CO2 a year; residents of narrow streets see more evening deliveries since routes were re-sequenced in 2024 (12 complaints logged).",
        ),
    ],
    choices: &[
        ("system.use.automation", &["monitor_override"]),
        ("people.vulnerable", &["employees"]),
        ("review.frequency", &["12"]),
        (
            "review.triggers",
            &[
                "retraining",
                "new_data_source",
                "scope_population_change",
                "incident",
                "monitoring_breach",
                "complaints",
            ],
        ),
    ],
    signoff: Some(("Daniel Okafor", "Chief Operating Officer")),
    impacts: &[
        Impact {
            texts: &[
                ("impacts.category", "safety"),
                (
                    "impacts.description",
                    "Routes that underestimate stop times push drivers towards their legal driving limit: in the 2024 pilot at 2 depots, 7% of generated routes needed more than 9 hours of driving once replayed against telematics logs.",
                ),
                (
                    "impacts.affected",
                    "Around 640 employees and agency workers who drive, most exposed on the 180 longest rural routes.",
                ),
                (
                    "impacts.controls",
                    "Every route is checked against an 8.5-hour driving cap before release and blocked if over; the routing team replays 5% of routes weekly against telematics. Test report of May 2025: 0 routes over the cap in 2,300 sampled.",
                ),
                (
                    "impacts.acceptance",
                    "Residual rating 2x3 sits within the medium tolerance of the AI risk criteria (HL-AIMS-RC-02); compared with the manual process, which produced 4% over-limit routes in 2023, the engine halves the exposure.",
                ),
                (
                    "impacts.evidence",
                    "HL-RISK/route-optimizer/R-12 and test report TR-2025-044",
                ),
            ],
            inherent: (3, 4),
            residual: (2, 3),
        },
        Impact {
            texts: &[
                ("impacts.category", "privacy"),
                (
                    "impacts.description",
                    "The engine's stop-time predictions are stored per driver for 26 months; joined with HR records they would reveal individual work pace. An access review of the warehouse in March 2025 found 3 analyst accounts that could read driver-level output tables.",
                ),
                (
                    "impacts.affected",
                    "About 640 employees and agency workers whose telematics records and predicted stop times are kept.",
                ),
                (
                    "impacts.controls",
                    "Driver-level tables are pseudonymised after 90 days and readable only by the 6-person routing team; the data protection officer audits access every quarter. The June 2025 audit found 0 accounts outside the approved list.",
                ),
                (
                    "impacts.acceptance",
                    "Residual 1x3 is low under the AI risk criteria and the DPIA; the benefit of routes that respect driving hours was compared with a version without per-driver data, which overran the cap on 11% of routes.",
                ),
                (
                    "impacts.evidence",
                    "DOC-DPIA-2024-031 section 6; access audit AUD-2025-06",
                ),
            ],
            inherent: (3, 3),
            residual: (1, 3),
        },
    ],
};

const FORECAST: Story = Story {
    role: AiRole::Deployer,
    stage: LifecycleStage::Operation,
    personal_data: false,
    model: ("ParcelSense Forecast", "2024.3"),
    aiia_owner: "Priya Raman, Head of Data & AI",
    reach: 1_150.0,
    texts: &[
        (
            "system.profile.model",
            "ParcelSense Forecast 2024.3, a hosted gradient-boosting and seasonal model run by ParcelSense Ltd under contract HL-C-2023-118; not fine-tuned by Harbourline, configured with depot calendars only.",
        ),
        (
            "system.use.purpose",
            "Forecasts parcel volumes per depot and day 14 days ahead so that depot managers can roster sorting staff; the target is a depot-level error below 8% MAPE.",
        ),
        (
            "system.use.intended",
            "Read by depot managers in the weekly rostering meeting; the forecast informs agency staff orders, but a manager decides every roster and can override the forecast with local knowledge.",
        ),
        (
            "system.use.misuse",
            "An operations manager could treat the forecast as a staffing target and cut agency workers' shifts at short notice when it dips. Roster changes inside 48 hours need approval from the regional manager, and the HR team reviews short-notice cancellations monthly.",
        ),
        (
            "system.data.sources",
            "Training data: 4 years of daily parcel counts per depot (2021 to 2024, about 16,000 depot-day records) from the sortation database plus public-holiday calendars. In production the input is yesterday's volumes, pushed by API call at 02:00; no personal data is sent.",
        ),
        (
            "regulation.other-laws",
            "The Agency Workers Regulations (equal treatment of temporary staff) and the 7-day notice period for roster changes in the collective agreement for sorting staff.",
        ),
        (
            "people.populations",
            "About 1,150 sorting staff and agency workers at 11 depots whose shifts are planned from the forecast.",
        ),
        (
            "people.society.impacts",
            "Agency workers in the 3 depot towns depend on the shifts offered; a 10% forecast error moves roughly 60 shifts a week between them and the agencies' other clients.",
        ),
    ],
    choices: &[
        ("system.use.automation", &["advisory"]),
        ("people.vulnerable", &["employees", "financial_hardship"]),
        ("review.frequency", &["12"]),
        (
            "review.triggers",
            &[
                "retraining",
                "model_vendor_change",
                "new_data_source",
                "incident",
                "monitoring_breach",
            ],
        ),
    ],
    signoff: Some(("Priya Raman", "Head of Data & AI")),
    impacts: &[
        Impact {
            texts: &[
                ("impacts.category", "economic"),
                (
                    "impacts.description",
                    "Under-forecasts lead managers to order too few agency shifts: in the 2024 back-test on the sortation records, the prediction error exceeded 15% on 6% of depot-days, which meant overtime for staff and late parcels for customers.",
                ),
                (
                    "impacts.affected",
                    "Roughly 1,150 sorting staff and agency workers, and customers whose parcels miss the next-day window.",
                ),
                (
                    "impacts.controls",
                    "The planning analyst compares each week's forecast with actual volumes; a depot error above 12% for 2 weeks opens a ticket with ParcelSense. Evaluation of Q1 2025: 6.8% MAPE across depots.",
                ),
                (
                    "impacts.acceptance",
                    "Residual 2x2 sits inside the low tolerance of the AI risk criteria; compared with the spreadsheet baseline used until 2023 (14% MAPE), the forecast halves the error.",
                ),
                (
                    "impacts.evidence",
                    "Back-test report DOC-FC-2025-03 and ticket log PS-2025-17",
                ),
            ],
            inherent: (3, 3),
            residual: (2, 2),
        },
        Impact {
            texts: &[
                ("impacts.category", "fairness"),
                (
                    "impacts.description",
                    "The model learns from history, so the 2 depots opened in 2024 with under 300 days of records get forecasts that lag real growth: in the Q4 2024 evaluation set their error was 19% against 7% elsewhere, and their staff are rostered thinner.",
                ),
                (
                    "impacts.affected",
                    "About 210 sorting staff at the Leeds and Bristol depots, both opened in 2024.",
                ),
                (
                    "impacts.controls",
                    "For depots under 365 days old the depot manager adds an uplift that the planning analyst reviews; the vendor validated a growth feature in release 2025.1 that cut their error to 9%.",
                ),
                (
                    "impacts.acceptance",
                    "Residual 2x2 is within the tolerance set in the AI risk criteria; the alternative, rostering new depots by hand, was compared in Q1 2025 and gave a 16% error.",
                ),
                ("impacts.evidence", "Evaluation note DOC-FC-2025-07"),
            ],
            inherent: (3, 3),
            residual: (2, 2),
        },
    ],
};

const CUSTOMS: Story = Story {
    role: AiRole::Deployer,
    stage: LifecycleStage::Validation,
    personal_data: true,
    model: ("TariffMind HS-Classifier", "1.8"),
    aiia_owner: "Jonas Weber, customs operations lead",
    reach: 3_600.0,
    texts: &[
        (
            "system.profile.model",
            "TariffMind HS-Classifier 1.8, a fine-tuned transformer text classifier hosted by TariffMind GmbH in Frankfurt and called through its API under contract HL-C-2025-204.",
        ),
        (
            "system.use.purpose",
            "Suggests 8-digit HS tariff codes for about 2,400 cross-border shipment lines a day so that customs brokers classify faster; the target is that brokers accept the first suggestion for 85% of lines.",
        ),
        (
            "system.use.intended",
            "Shown to the 9 customs brokers in the declaration tool next to each goods description; a broker confirms or changes every code before a declaration is lodged.",
        ),
        (
            "system.use.misuse",
            "A broker under time pressure could accept codes unread, or a customer could word goods descriptions to steer towards a lower duty rate. An accept rate above 95% per broker triggers a sampling review by the customs compliance officer, and every description is logged with the code chosen.",
        ),
        (
            "system.data.sources",
            "Vendor training data: 2.1 million labelled declaration lines from EU binding tariff rulings (BTI database extract of 2024-10). In production the input is the goods description, origin and value of each shipment line sent by API call; consignee names are stripped before the request.",
        ),
        (
            "regulation.dpia-ref",
            "DOC-DPIA-2025-009 (customs declaration data, draft 1)",
        ),
        (
            "regulation.other-laws",
            "Union Customs Code Art. 15 and 19: as indirect representative Harbourline is liable for the accuracy of the declarations it lodges, and each entry needs a named declarant.",
        ),
        (
            "people.populations",
            "About 300 importing customers a month, mostly small business shippers, whose duty bills depend on the codes.",
        ),
        (
            "people.society.impacts",
            "Wrong codes shift duty between importers and the public purse; customs authorities may audit 3 years of declarations, so errors reach customers long after shipment.",
        ),
    ],
    choices: &[
        ("system.use.automation", &["approve_each"]),
        ("people.vulnerable", &["none_identified"]),
        ("review.frequency", &["6"]),
        (
            "review.triggers",
            &[
                "retraining",
                "model_vendor_change",
                "regulatory_change",
                "incident",
                "complaints",
            ],
        ),
    ],
    signoff: None,
    impacts: &[
        Impact {
            texts: &[
                ("impacts.category", "economic"),
                (
                    "impacts.description",
                    "A wrong classification output accepted by a broker means under- or over-paid duty: in the validation sample of 1,200 lines from January 2026 the top suggestion was wrong for 7.5% of lines, and brokers missed 1 in 10 of those.",
                ),
                (
                    "impacts.affected",
                    "About 300 importing customers a month, most of them small business shippers.",
                ),
                (
                    "impacts.controls",
                    "Brokers must open the tariff note for any suggestion under 0.8 confidence; the customs compliance officer re-checks a 5% sample weekly. The validation test showed broker errors falling from 2.1% to 0.9%.",
                ),
                (
                    "impacts.acceptance",
                    "Residual 2x3 lies within the medium tolerance of the AI risk criteria; compared with the current process, where brokers alone made 2.1% errors, the assisted process makes fewer.",
                ),
                ("impacts.evidence", "Validation report DOC-CC-2026-01"),
            ],
            inherent: (3, 4),
            residual: (2, 3),
        },
        Impact {
            texts: &[
                ("impacts.category", "transparency"),
                (
                    "impacts.description",
                    "The API returns a code and a confidence score without reasons, so a broker cannot tell a sound suggestion from a guess: in the January 2026 pilot brokers overrode 14% of suggestions and wrote no reason for 40% of the overrides.",
                ),
                (
                    "impacts.affected",
                    "The 9 customs brokers and about 300 importing customers a month whose declarations they sign.",
                ),
                (
                    "impacts.controls",
                    "TariffMind added the 3 nearest binding rulings to each response in release 1.8; the broker team lead reviews override reasons each Friday. The February 2026 evaluation found reasons recorded for 92% of overrides.",
                ),
                (
                    "impacts.acceptance",
                    "Residual 2x2 is inside the tolerance of the AI risk criteria; compared with the manual baseline without suggestions, brokers now see the rulings a code rests on.",
                ),
                ("impacts.evidence", "Override log export DOC-CC-2026-04"),
            ],
            inherent: (3, 3),
            residual: (2, 2),
        },
    ],
};

/// The story of an AI system, by subject id.
fn story_of(id: &str) -> Option<&'static Story> {
    match id {
        "route-optimizer" => Some(&ROUTE),
        "demand-forecast" => Some(&FORECAST),
        "customs-classifier" => Some(&CUSTOMS),
        _ => None,
    }
}

/// Answers one AIIA from the system's story and inventory record. Questions the story does
/// not cover get the best option when scored (status Partial at Stage 2, Met a year later)
/// and no answer when free text: no filler. Answers to questions that do not apply under
/// the other answers (a FRIA for a system outside the EU AI Act's high-risk uses, say) are
/// dropped, as the wizard would skip them.
fn answer_aiia(
    state: &mut WorkspaceState,
    q: &Questionnaire,
    profile: &clausewise::model::Profile,
    system: &Subject,
    story: &Story,
    c: Cycle,
) {
    let mut top: BTreeMap<String, Answer> = BTreeMap::new();
    let mut entries: Vec<BTreeMap<String, Answer>> = vec![BTreeMap::new(); story.impacts.len()];
    for (section, question) in q.questions() {
        let in_register = register_of(q, section).is_some();
        if in_register {
            for (impact, answers) in story.impacts.iter().zip(entries.iter_mut()) {
                if let Some(v) = impact_value(question, impact) {
                    answers.insert(question.id.clone(), answered(v, c));
                }
            }
        } else if let Some(v) = aiia_value(question, system, story, c) {
            top.insert(question.id.clone(), answered(v, c));
        }
    }
    let index = QuestionIndex::new(q);
    let app = Applicability::new(&index, profile, Some(system), &top);
    let applies = |id: &str, entry: Option<&BTreeMap<String, Answer>>| {
        index.get(id).is_some_and(|p| app.placed_applies(p, entry))
    };
    let subject = Some(system.id.clone());
    for (id, a) in &top {
        if applies(id, None) {
            set(state, q, &subject, None, id, a.clone());
        }
    }
    let register = q
        .questions()
        .into_iter()
        .find_map(|(s, _)| register_of(q, s))
        .unwrap_or_default();
    for (n, answers) in entries.iter().enumerate() {
        let entry = Some((register.clone(), format!("entry-{}", n + 1)));
        for (id, a) in answers {
            if applies(id, Some(answers)) {
                set(state, q, &subject, entry.clone(), id, a.clone());
            }
        }
    }
}

/// Stores one answer.
fn set(
    state: &mut WorkspaceState,
    q: &Questionnaire,
    subject: &Option<String>,
    entry: Option<(String, String)>,
    id: &str,
    a: Answer,
) {
    let target = AnswerTarget {
        questionnaire: q.id.clone(),
        subject: subject.clone(),
        entry,
        question: id.to_string(),
    };
    state.set_answer(&target, a);
}

/// An answer given on the cycle's audit day.
fn answered(v: Value, c: Cycle) -> Answer {
    let mut a = Answer::new(v);
    a.answered_at = Some(c.at());
    a
}

/// The id of the repeatable section `s` is or sits in, if any.
fn register_of(q: &Questionnaire, s: &Section) -> Option<String> {
    let mut found = None;
    q.walk_sections(&mut |x: &Section, ancestors: &[&Section]| {
        if std::ptr::eq(x, s) {
            found = (ancestors.iter().copied().chain(std::iter::once(x)))
                .rev()
                .find(|a| a.repeatable.is_some())
                .map(|a| a.id.clone());
        }
    });
    found
}

/// The answer of a top-level AIIA question for a system: inventory facts where the
/// question records one, the story's words and choices, the sign-off, a review date a year
/// on.
fn aiia_value(question: &Question, system: &Subject, story: &Story, c: Cycle) -> Option<Value> {
    let id = question.id.as_str();
    match question.inventory_field {
        Some(InventoryField::Role) => return system.role.map(|r| Value::Choice(r.as_str().into())),
        Some(InventoryField::LifecycleStage) => {
            return system
                .lifecycle_stage
                .map(|s| Value::Choice(s.as_str().into()));
        }
        Some(InventoryField::EuAiActClass) => {
            return system
                .eu_ai_act_class
                .map(|k| Value::Choice(k.as_str().into()));
        }
        Some(InventoryField::PersonalData) => {
            let yes = system.personal_data?;
            return Some(Value::YesNo(if yes { YesNo::Yes } else { YesNo::No }));
        }
        Some(InventoryField::Model) | None => {}
    }
    if let Some((_, t)) = story.texts.iter().find(|(q, _)| *q == id) {
        return Some(Value::Text((*t).into()));
    }
    if let Some((_, vs)) = story.choices.iter().find(|(q, _)| *q == id) {
        return Some(match &question.answer {
            AnswerSpec::MultiChoice { .. } => {
                Value::MultiChoice(vs.iter().map(|v| (*v).to_string()).collect())
            }
            _ => Value::Choice(vs.first()?.to_string()),
        });
    }
    let signed = |v: Value| story.signoff.map(|_| v);
    match (question.role, &question.answer) {
        (Some(QuestionRole::SignoffName), _) => story.signoff.map(|s| Value::Text(s.0.into())),
        (Some(QuestionRole::SignoffRole), _) => story.signoff.map(|s| Value::Text(s.1.into())),
        (Some(QuestionRole::SignoffDate), _) => signed(Value::Date(c.day())),
        (Some(QuestionRole::ReviewDate), _) => {
            let d = c.day();
            signed(Value::Date(date(d.year() + 1, d.month(), d.day())))
        }
        // A yes/no the story does not answer: special-category data is not processed.
        (_, AnswerSpec::YesNo { .. }) if id.ends_with(".special") => Some(Value::YesNo(YesNo::No)),
        (_, AnswerSpec::Number { .. }) if id.ends_with(".reach") => {
            Some(Value::Number(story.reach))
        }
        (_, AnswerSpec::Text { .. } | AnswerSpec::Date | AnswerSpec::Number { .. }) => None,
        // Decisions wait for the sign-off.
        _ if story.signoff.is_none() && id.starts_with("decision.") => None,
        _ => value_for(question, true, &system.id, c),
    }
}

/// The answer of an impact-register question for one impact: its words, negative, its
/// ratings.
fn impact_value(question: &Question, impact: &Impact) -> Option<Value> {
    let id = question.id.as_str();
    let text = impact.texts.iter().find(|(q, _)| *q == id).map(|(_, t)| *t);
    match (&question.answer, question.role) {
        (AnswerSpec::LikelihoodSeverity { .. }, role) => {
            let (likelihood, severity) = match role {
                Some(QuestionRole::ResidualRisk) => impact.residual,
                _ => impact.inherent,
            };
            Some(Value::LikelihoodSeverity(Rating {
                likelihood,
                severity,
            }))
        }
        (AnswerSpec::Choice { options }, _) => {
            let wanted = text.unwrap_or("negative");
            (options.iter())
                .find(|o| o.value == wanted)
                .map(|o| Value::Choice(o.value.clone()))
        }
        (AnswerSpec::Text { .. }, _) => text.map(|t| Value::Text(t.into())),
        _ => None,
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

fn finding(id: &str, grade: FindingGrade, reference: &str, raised: Date) -> Finding {
    Finding {
        id: id.into(),
        grade,
        reference: reference.into(),
        audit: String::new(),
        description: String::new(),
        raised,
        status: FindingStatus::Open,
        corrective_action: None,
    }
}

/// A corrective action with its own root cause and action.
fn action(
    (root_cause, what): (&str, &str),
    status: FindingStatus,
    due: Date,
    evidence: &str,
) -> Option<CorrectiveAction> {
    Some(CorrectiveAction {
        root_cause: root_cause.into(),
        action: what.into(),
        owner: Some("Priya Raman".into()),
        due: Some(due),
        status,
        effectiveness_evidence: evidence.into(),
    })
}

/// F-2025-01's root cause and action.
const RISK_REVIEW_FIX: (&str, &str) = (
    "The AI risk methodology's annual review had no owner after the 2024 reorganisation, so the route optimisation engine's risk assessment of November 2023 was never repeated.",
    "Named the AI risk owner, repeated the risk assessment of both AI systems in May 2025, and put the annual reassessment into the AIMS calendar with a 30-day reminder.",
);

/// F-2025-02's root cause and action.
const PARTIES_FIX: (&str, &str) = (
    "The interested-parties register was copied from the ISMS and lists head-office parties only; depot works councils and neighbours were never asked.",
    "Each depot manager adds the site's AI-relevant parties and their expectations to the register; the AIMS owner reviews the 11 site entries at the next management review.",
);

fn findings(gap: &Questionnaire, c: Cycle) -> Vec<Finding> {
    let _ = gap;
    let mut minor = finding(
        "F-2025-01",
        FindingGrade::Minor,
        RISK_ASSESSMENT_REF,
        date(2025, 3, 14),
    );
    minor.audit = "stage-2".into();
    minor.description = "The AI risk assessment of the route optimisation engine was not repeated at the 12-month interval the AI risk methodology sets.".into();
    let mut obs = finding(
        "F-2025-02",
        FindingGrade::Observation,
        INTERESTED_PARTIES_REF,
        date(2025, 3, 14),
    );
    obs.audit = "stage-2".into();
    obs.description = "Interested parties' AI expectations are not yet recorded per site.".into();
    if c == Cycle::Stage2 {
        minor.corrective_action = action(
            RISK_REVIEW_FIX,
            FindingStatus::InProgress,
            date(2025, 6, 30),
            "",
        );
        return vec![minor, obs];
    }
    minor.status = FindingStatus::Closed;
    minor.corrective_action = action(
        RISK_REVIEW_FIX,
        FindingStatus::Closed,
        date(2025, 6, 30),
        "AI risk register v7 of 2025-05-28 and review minutes of 2025-06-12 (HL-AIMS-MR-07).",
    );
    obs.status = FindingStatus::InProgress;
    obs.corrective_action = action(
        PARTIES_FIX,
        FindingStatus::InProgress,
        date(2026, 1, 31),
        "",
    );
    let mut new = finding(
        "F-2026-01",
        FindingGrade::Minor,
        AIIA_REF,
        date(2026, 3, 12),
    );
    new.audit = "surveillance-1".into();
    new.description =
        "The customs classification assistant went into validation before its AIIA was signed off."
            .into();
    vec![minor, obs, new]
}
