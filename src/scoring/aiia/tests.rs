use std::collections::BTreeMap;

use jiff::civil::date;

use super::*;
use crate::model::rules::{SpecificityCheck, SpecificityRule};
use crate::model::{Answer, Kind, Repeatable};
use crate::scoring::testkit::*;

fn ls(id: &str) -> crate::model::Question {
    question(
        id,
        1.0,
        AnswerSpec::LikelihoodSeverity {
            likelihood: "likelihood".into(),
            severity: "severity".into(),
        },
    )
}

fn narrative(id: &str) -> crate::model::Question {
    let mut q = question(
        id,
        1.0,
        AnswerSpec::Text {
            min_length: None,
            multiline: true,
            specificity: Some("narrative".into()),
        },
    );
    q.required = true;
    q
}

fn aiia() -> Questionnaire {
    let mut impacts = sec(
        "impacts",
        vec![
            narrative("impact.description"),
            ls("impact.inherent"),
            ls("impact.residual"),
        ],
    );
    impacts.repeatable = Some(Repeatable {
        entry_label: "impact".into(),
        min: 0,
        max: None,
    });
    let signoff = sec(
        "signoff",
        vec![
            q_text("aiia.signoff.name"),
            q_text("aiia.signoff.role"),
            question("aiia.signoff.date", 1.0, AnswerSpec::Date),
            question("aiia.next_review", 1.0, AnswerSpec::Date),
        ],
    );
    let mut q = qn(vec![
        sec("context", vec![narrative("aiia.purpose")]),
        impacts,
        signoff,
    ]);
    q.id = "test-aiia".into();
    q.kind = Kind::Aiia;
    q.scoring.review_months = Some(6);
    q.scoring.specificity = BTreeMap::from([(
        "narrative".to_string(),
        SpecificityRule {
            min_length: Some(20),
            stock_phrases: vec!["potential bias".into()],
            requires: vec![SpecificityCheck {
                id: "metric".into(),
                message: "names no metric or number".into(),
                any_of: Vec::new(),
                digits: true,
            }],
        },
    )]);
    q
}

fn rated(id: &str, text: &str, inh: Option<(i64, i64)>, res: Option<(i64, i64)>) -> Entry {
    let mut answers = BTreeMap::new();
    answers.insert(
        "impact.description".into(),
        Answer::new(Value::Text(text.into())),
    );
    let r = |(likelihood, severity)| {
        Answer::new(Value::LikelihoodSeverity(Rating {
            likelihood,
            severity,
        }))
    };
    if let Some(x) = inh {
        answers.insert("impact.inherent".into(), r(x));
    }
    if let Some(x) = res {
        answers.insert("impact.residual".into(), r(x));
    }
    Entry {
        id: id.into(),
        answers,
    }
}

fn text(s: &str) -> Answer {
    Answer::new(Value::Text(s.into()))
}

fn signed(a: &mut Assessment, on: jiff::civil::Date) {
    a.answers
        .insert("aiia.signoff.name".into(), text("Dana Reyes"));
    a.answers
        .insert("aiia.signoff.role".into(), text("Chief Risk Officer"));
    a.answers
        .insert("aiia.signoff.date".into(), Answer::new(Value::Date(on)));
}

fn score(q: &Questionnaire, a: &Assessment, p: &Profile) -> AiiaScore {
    score_aiia(
        q,
        a,
        p,
        None,
        ScoreOptions {
            as_of: as_of(),
            weighted: true,
        },
    )
}

#[test]
fn default_levels_4_low_9_medium_16_high_20_critical() {
    let q = aiia();
    let l = risk_levels(&q);
    let lv = |a, b| {
        risk_score(
            Rating {
                likelihood: a,
                severity: b,
            },
            &l,
        )
        .level
    };
    assert_eq!(
        [lv(2, 2), lv(1, 5), lv(3, 3), lv(4, 4), lv(5, 4)],
        ["low", "medium", "medium", "high", "critical"]
    );
}

#[test]
fn thresholds_come_from_the_file() {
    let mut q = aiia();
    q.scoring.risk_levels = vec![
        RiskLevel {
            id: "ok".into(),
            label: "OK".into(),
            max: 6,
        },
        RiskLevel {
            id: "act".into(),
            label: "Act".into(),
            max: 25,
        },
    ];
    let s = risk_score(
        Rating {
            likelihood: 2,
            severity: 3,
        },
        &risk_levels(&q),
    );
    assert_eq!((s.product, s.level.as_str()), (6, "ok"));
}

#[test]
fn overall_is_highest_residual_high_and_matrices_count_cells() {
    let q = aiia();
    let mut a = assessment(&q, Some("sys-1"));
    a.entries.insert(
        "impacts".into(),
        vec![
            // inherent 5×5 = 25 critical, residual 2×3 = 6 medium
            rated("impact-1", "Loan denials", Some((5, 5)), Some((2, 3))),
            // inherent 4×4 = 16 high, residual 4×3 = 12 high
            rated("impact-2", "Chatbot errors", Some((4, 4)), Some((4, 3))),
            // inherent 2×3 = 6 medium, residual unrated
            rated("impact-3", "Drift", Some((2, 3)), None),
        ],
    );
    let s = score(&q, &a, &profile());
    assert_eq!(s.overall_level.as_deref(), Some("high"));
    assert_eq!(s.impacts[0].residual.as_ref().map(|r| r.product), Some(6));
    assert_eq!(s.impacts[1].label, "Chatbot errors");
    assert_eq!(s.matrix_inherent.len(), 5);
    assert_eq!(s.matrix_inherent[4][4], 1);
    assert_eq!(s.matrix_inherent[3][3], 1);
    assert_eq!(s.matrix_inherent[1][2], 1);
    assert_eq!(s.matrix_residual[1][2], 1);
    assert_eq!(s.matrix_residual[3][2], 1);
    assert_eq!(s.matrix_residual.iter().flatten().sum::<u32>(), 2);
}

#[test]
fn overall_falls_back_to_inherent_when_no_residual() {
    let q = aiia();
    let mut a = assessment(&q, Some("sys-1"));
    a.entries
        .insert("impacts".into(), vec![rated("i1", "x", Some((5, 5)), None)]);
    assert_eq!(
        score(&q, &a, &profile()).overall_level.as_deref(),
        Some("critical")
    );
}

#[test]
fn no_impacts_no_sign_off_completeness_0_of_1_required() {
    let q = aiia();
    let a = assessment(&q, Some("sys-1"));
    let s = score(&q, &a, &profile());
    // Only aiia.purpose is required (no entries yet): 0 / 1.
    assert_eq!(s.completeness, 0.0);
    assert!(!s.signed_off);
    assert_eq!(s.next_review, None);
    let m = s.missing.join("\n");
    assert!(
        m.contains("required question aiia.purpose is unanswered"),
        "{m}"
    );
    assert!(m.contains("at least 1 impact entry needed"), "{m}");
    assert!(
        m.contains("sign-off incomplete: no name, no role, no date"),
        "{m}"
    );
    assert!(m.contains("no next review date"), "{m}");
}

#[test]
fn two_of_three_required_answers_gives_0_6667() {
    let q = aiia();
    let mut a = assessment(&q, Some("sys-1"));
    a.answers.insert(
        "aiia.purpose".into(),
        text("Scores 12,000 loan applications a month"),
    );
    a.entries.insert(
        "impacts".into(),
        vec![
            rated("i1", "Denial of credit to 3% of applicants", None, None),
            rated("i2", " ", None, None),
        ],
    );
    let s = score(&q, &a, &profile());
    assert!(close(s.completeness, 0.6667));
    assert!(
        s.missing
            .iter()
            .any(|m| m == "required question impact.description in entry i2 is unanswered")
    );
}

#[test]
fn signed_2024_05_15_plus_12_months_is_due_2025_05_15_and_overdue_on_2025_06_01() {
    let q = aiia();
    let mut a = assessment(&q, Some("sys-1"));
    signed(&mut a, date(2024, 5, 15));
    let s = score(&q, &a, &profile());
    assert!(s.signed_off);
    assert_eq!(s.next_review, Some(date(2025, 5, 15)));
    assert!(s.review_overdue);
}

#[test]
fn review_date_answer_wins_and_profile_without_months_uses_file_6() {
    let q = aiia();
    let mut a = assessment(&q, Some("sys-1"));
    signed(&mut a, date(2025, 1, 10));
    let mut p = profile();
    p.review_months = 0;
    // 2025-01-10 + 6 months (file) = 2025-07-10: not overdue on 2025-06-01.
    let s = score(&q, &a, &p);
    assert_eq!(
        (s.next_review, s.review_overdue),
        (Some(date(2025, 7, 10)), false)
    );
    a.answers.insert(
        "aiia.next_review".into(),
        Answer::new(Value::Date(date(2025, 3, 1))),
    );
    let s = score(&q, &a, &p);
    assert_eq!(
        (s.next_review, s.review_overdue),
        (Some(date(2025, 3, 1)), true)
    );
}

#[test]
fn specificity_flags_say_why_and_name_the_entry() {
    let q = aiia();
    let mut a = assessment(&q, Some("sys-1"));
    a.answers
        .insert("aiia.purpose".into(), text("Potential bias."));
    a.entries.insert(
        "impacts".into(),
        vec![rated(
            "i1",
            "Potential bias against applicants over 60: 4.1% vs 2.3% denials",
            None,
            None,
        )],
    );
    let s = score(&q, &a, &profile());
    let got: Vec<(&str, Option<&str>, &str)> = s
        .specificity
        .iter()
        .map(|f| (f.question.as_str(), f.entry.as_deref(), f.check.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("aiia.purpose", None, "too_short"),
            ("aiia.purpose", None, "stock_phrase"),
            ("aiia.purpose", None, "metric"),
            // Specific figures around a stock phrase do not excuse it.
            ("impact.description", Some("i1"), "stock_phrase")
        ]
    );
    assert_eq!(s.specificity[2].message, "names no metric or number");
}
