//! A realistic snapshot built in code: a small organization with a few gap answers, one AI
//! system and one vendor, and hostile text in every place a person can type.

use std::collections::BTreeMap;

use clausewise::catalog::Catalog;
use clausewise::model::{
    Answer, Assessment, Attestation, Evidence, Questionnaire, QuestionnaireStamp, Snapshot,
    SnapshotMeta, Status, Subject, SubjectKind, Value,
};
use clausewise::scoring::*;
use jiff::civil::date;

/// Hostile strings used in notes, names and owners.
pub const SCRIPT: &str = "<script>alert(1)</script>";
pub const HYPERLINK: &str = "=HYPERLINK(\"http://evil.example\",\"click\")";
pub const CMD: &str = "+cmd|' /C calc'!A0";
pub const AT_SUM: &str = "@SUM(1+1)";
pub const ANSI: &str = "\u{1b}[31mred\u{1b}[0m";
pub const BIDI: &str = "\u{202e}fdp.exe";

/// The built-in questionnaires.
pub fn catalog() -> Catalog {
    Catalog::builtin()
}

/// The questionnaires of the built-in catalog, for a report context.
pub fn questionnaires(c: &Catalog) -> Vec<&Questionnaire> {
    c.questionnaires.iter().map(|l| &l.item).collect()
}

fn status(s: Status) -> Answer {
    Answer::new(Value::Status(s))
}

fn evidence(r: &str, y: i16, m: i8, d: i8) -> Evidence {
    Evidence {
        reference: r.into(),
        date: Some(date(y, m, d)),
        expires: None,
    }
}

fn gap_answers() -> BTreeMap<String, Answer> {
    let mut a = BTreeMap::new();
    let mut issues = status(Status::Met);
    issues.note = "Reviewed quarterly; see minutes".into();
    issues.evidence = vec![evidence("DOC-12 Context register", 2025, 1, 10)];
    issues.answered_at = Some("2025-02-20T10:00:00Z".parse().expect("ts"));
    a.insert("c4.1.issues".into(), issues);
    let mut legal = status(Status::Partial);
    legal.note = format!("{SCRIPT} \"quoted\", comma\nsecond line | pipe # hash `tick`");
    legal.owner = Some(HYPERLINK.into());
    legal.due = Some(date(2025, 2, 1));
    a.insert("c4.1.legal".into(), legal);
    let mut purpose = status(Status::Gap);
    purpose.note = CMD.into();
    purpose.flagged = true;
    a.insert("c4.1.purpose".into(), purpose);
    let mut register = status(Status::Met);
    register.note = format!("{AT_SUM}{ANSI}");
    register.evidence = vec![evidence("REG-3", 2024, 11, 2)];
    a.insert("c4.2.register".into(), register);
    let mut policy = status(Status::Gap);
    policy.note = format!("{BIDI} no policy yet");
    a.insert("c5.2.approved".into(), policy);
    let mut oos = status(Status::OutOfScope);
    oos.justification = Some("-2 covered by group policy | see A.2.3".into());
    a.insert("a2.2.approved-policy".into(), oos);
    a
}

fn vendor_answers() -> BTreeMap<String, Answer> {
    let mut a = BTreeMap::new();
    a.insert(
        "eng.data".into(),
        Answer::new(Value::Choice("personal".into())),
    );
    let mut policy = Answer::new(Value::Choice("approved".into()));
    policy.attestation = Some(Attestation::SelfAttested);
    policy.evidence = vec![evidence("Acme AI policy v2", 2024, 6, 1)];
    a.insert("gov.ai-policy".into(), policy);
    a.insert("inc.hours".into(), Answer::new(Value::Number(24.0)));
    a.insert(
        "gov.cert-expiry".into(),
        Answer::new(Value::Date(date(2024, 12, 31))),
    );
    a
}

fn subjects() -> Vec<Subject> {
    let subject = |id: &str, kind, name: &str| Subject {
        id: id.into(),
        kind,
        name: name.into(),
        owner: None,
        role: None,
        lifecycle_stage: None,
        vendor: None,
        description: String::new(),
        retired: false,
        ..Subject::default()
    };
    vec![
        subject("triage", SubjectKind::AiSystem, "Triage assistant"),
        subject(
            "acme-models",
            SubjectKind::Vendor,
            &format!("Acme Models {HYPERLINK}"),
        ),
    ]
}

/// The snapshot without a scorecard.
pub fn unscored() -> Snapshot {
    let mut gap = Assessment::new("iso42001-gap", None);
    gap.answers = gap_answers();
    let mut vendor = Assessment::new("ai-vendor-due-diligence", Some("acme-models".into()));
    vendor.answers = vendor_answers();
    let mut aiia = Assessment::new("iso42001-aiia", Some("triage".into()));
    aiia.answers.insert("s1.q1".into(), status(Status::Met));
    let stamp = |id: &str| QuestionnaireStamp {
        id: id.into(),
        version: "1.0.0".into(),
        sha256: format!("sha256:{}", "ab".repeat(32)),
    };
    Snapshot {
        format: "clausewise-snapshot".into(),
        version: 1,
        meta: SnapshotMeta {
            organization: format!("Acme \"Health\" & Co {SCRIPT}"),
            assessor: "Dana O'Neil".into(),
            created_at: "2025-03-01T09:30:00Z".parse().expect("ts"),
            cycle: "stage-2".into(),
            label: "FY25 Stage 2".into(),
            profile: "healthcare".into(),
        },
        questionnaires: vec![stamp("iso42001-gap"), stamp("ai-vendor-due-diligence")],
        subjects: subjects(),
        assessments: vec![gap, aiia, vendor],
        findings: Vec::new(),
        scoring_rules: None,
        scorecard: None,
        previous: None,
        digest: Some(format!("sha256:{}", "0123456789abcdef".repeat(4))),
    }
}

/// The snapshot with a hand-made scorecard.
pub fn scored() -> Snapshot {
    let mut s = unscored();
    s.scorecard = Some(Scorecard {
        profile: "healthcare".into(),
        weighted: true,
        as_of: date(2025, 3, 1),
        gap: Some(gap_score()),
        supplements: Vec::new(),
        aiias: vec![aiia_score()],
        vendors: vec![vendor_score()],
    });
    s
}

fn node(
    id: &str,
    r: &str,
    title: &str,
    status: NodeStatus,
    readiness: f64,
    qs: &[&str],
) -> NodeScore {
    let mut counts = Counts::default();
    match status {
        NodeStatus::Met => counts.met = 1,
        NodeStatus::Partial => counts.partial = 1,
        NodeStatus::Gap => counts.gap = 1,
        NodeStatus::OutOfScope => counts.out_of_scope = 1,
        NodeStatus::NotApplicable => counts.not_applicable = 1,
        NodeStatus::Unanswered => counts.unanswered = 1,
    }
    NodeScore {
        id: id.into(),
        reference: Some(r.into()),
        title: title.into(),
        status,
        score: (status != NodeStatus::Unanswered).then_some(readiness),
        readiness,
        coverage: if status == NodeStatus::Unanswered {
            0.0
        } else {
            1.0
        },
        counts,
        questions: qs.iter().map(|q| (*q).into()).collect(),
        band: None,
    }
}

fn qscore(
    id: &str,
    section: &str,
    status: NodeStatus,
    score: Option<f64>,
    flags: Vec<QuestionFlag>,
) -> QuestionScore {
    QuestionScore {
        id: id.into(),
        section: section.into(),
        status,
        score,
        weight: 3.0,
        flags,
        reason: None,
        linked_to: None,
    }
}

fn gap_score() -> GapScore {
    use NodeStatus::*;
    let c41 = node(
        "c4.1",
        "4.1",
        "Understanding the organization and its context",
        Partial,
        0.5,
        &["c4.1.issues", "c4.1.legal", "c4.1.purpose"],
    );
    let c42 = node(
        "c4.2",
        "4.2",
        "Understanding the needs and expectations of interested parties",
        Met,
        1.0,
        &["c4.2.register"],
    );
    let c52 = node("c5.2", "5.2", "AI policy", Gap, 0.0, &["c5.2.approved"]);
    let a22 = node(
        "a2.2",
        "A.2.2",
        "AI policy",
        OutOfScope,
        0.0,
        &["a2.2.approved-policy"],
    );
    let a23 = node(
        "a2.3",
        "A.2.3",
        "Alignment with other organizational policies",
        Unanswered,
        0.0,
        &[],
    );
    let row = |n: NodeScore, cells: Vec<NodeScore>| HeatmapRow { node: n, cells };
    let bands = clausewise::scoring::bands::default_bands();
    let mut overall = node("overall", "all", "ISO/IEC 42001", Partial, 0.42, &[]);
    clausewise::scoring::bands::assign(&bands, &mut overall);
    let mut rows = vec![
        row(
            node("c4", "4", "Context of the organization", Partial, 0.6, &[]),
            vec![c41, c42],
        ),
        row(node("c5", "5", "Leadership", Gap, 0.0, &[]), vec![c52]),
        row(
            node("a2", "A.2", "Policies related to AI", Unanswered, 0.0, &[]),
            vec![a22, a23],
        ),
    ];
    clausewise::scoring::bands::assign_rows(&bands, &mut rows);
    GapScore {
        questionnaire: "iso42001-gap".into(),
        overall,
        rows,
        bands,
        questions: vec![
            qscore("c4.1.issues", "c4.1", Met, Some(1.0), vec![]),
            qscore(
                "c4.1.legal",
                "c4.1",
                Partial,
                Some(0.5),
                vec![QuestionFlag::Overdue],
            ),
            qscore(
                "c4.1.purpose",
                "c4.1",
                Gap,
                Some(0.0),
                vec![QuestionFlag::FollowUp],
            ),
            qscore("c4.2.register", "c4.2", Met, Some(1.0), vec![]),
            qscore("c5.2.approved", "c5.2", Gap, Some(0.0), vec![]),
            qscore("a2.2.approved-policy", "a2.2", OutOfScope, None, vec![]),
        ],
        soa: vec![
            SoaEntry {
                reference: "A.2.2".into(),
                title: "AI policy".into(),
                section: "a2.2".into(),
                applicable: false,
                implemented: OutOfScope,
                justification: Some("-2 covered by group policy | see A.2.3".into()),
                error: None,
            },
            SoaEntry {
                reference: "A.2.3".into(),
                title: format!("Alignment {SCRIPT}"),
                section: "a2.3".into(),
                applicable: true,
                implemented: Unanswered,
                justification: None,
                error: Some("no answer yet".into()),
            },
        ],
        remediation: vec![
            RemediationItem {
                question: "c5.2.approved".into(),
                reference: Some("5.2".into()),
                prompt: "Is an AI policy approved by top management?".into(),
                status: Gap,
                priority: 3.0,
                owner: Some("CISO".into()),
                due: Some(date(2025, 6, 30)),
                overdue: false,
            },
            RemediationItem {
                question: "c4.1.purpose".into(),
                reference: Some("4.1".into()),
                prompt: "Is the intended purpose of AI systems documented?".into(),
                status: Gap,
                priority: 2.0,
                owner: None,
                due: None,
                overdue: false,
            },
            RemediationItem {
                question: "c4.1.legal".into(),
                reference: Some("4.1".into()),
                prompt: "Are legal requirements identified?".into(),
                status: Partial,
                priority: 1.5,
                owner: Some(HYPERLINK.into()),
                due: Some(date(2025, 2, 1)),
                overdue: true,
            },
        ],
    }
}

fn aiia_score() -> AiiaScore {
    let risk = |l, s, level: &str| RiskScore {
        likelihood: l,
        severity: s,
        product: l * s,
        level: level.into(),
    };
    AiiaScore {
        subject: "triage".into(),
        questionnaire: "iso42001-aiia".into(),
        impacts: vec![
            ImpactScore {
                entry: "impact-1".into(),
                label: "Missed urgent case".into(),
                inherent: Some(risk(4, 5, "critical")),
                residual: Some(risk(2, 5, "high")),
            },
            ImpactScore {
                entry: "impact-2".into(),
                label: format!("Bias | {SCRIPT}"),
                inherent: Some(risk(3, 3, "medium")),
                residual: None,
            },
        ],
        overall_level: Some("high".into()),
        matrix_inherent: vec![vec![0; 5]; 5],
        matrix_residual: vec![vec![0; 5]; 5],
        completeness: 0.8,
        missing: vec!["sign-off".into()],
        signed_off: false,
        next_review: Some(date(2025, 9, 1)),
        review_overdue: false,
        specificity: vec![SpecificityFlag {
            question: "s1.q1".into(),
            entry: None,
            check: "too_short".into(),
            message: "names no data set".into(),
        }],
        consistency: Vec::new(),
        exposure: None,
    }
}

fn vendor_score() -> VendorScore {
    VendorScore {
        subject: "acme-models".into(),
        questionnaire: "ai-vendor-due-diligence".into(),
        domains: vec![
            node(
                "gov",
                "A.10.3",
                "Governance and certifications",
                NodeStatus::Partial,
                0.45,
                &["gov.ai-policy"],
            ),
            node(
                "sec",
                "A.10.3",
                "Security testing",
                NodeStatus::Unanswered,
                0.0,
                &[],
            ),
        ],
        control_score: 0.38,
        inherent_exposure: Some(0.7),
        inherent_level: Some("high".into()),
        inherent_floors: Vec::new(),
        tier: Some("high".into()),
        knockouts: vec![KnockoutHit {
            question: "data.training".into(),
            tier: "high".into(),
            reason: "Trains on customer data".into(),
        }],
        evidence_missing: vec!["gov.certs".into()],
        evidence_expired: vec!["gov.cert-expiry".into()],
    }
}
