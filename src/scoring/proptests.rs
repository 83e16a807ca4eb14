//! Property test: improving any single answer (Gap → Partial → Met, a higher-scored option,
//! an extra multi-choice option) never lowers any node's score or readiness, nor the
//! overall readiness, whatever the other answers, evidence and attestations are.
//!
//! The fixture has no conditions on answers: a changed answer that switches another
//! question on adds an unanswered question, which may lower readiness by design.

use proptest::prelude::*;

use crate::model::{Answer, AnswerSpec, Attestation, Objective, Question, Status, Value, YesNo};

use super::gap::score_gap;
use super::testkit::*;
use super::tree::ScoreOptions;
use crate::model::score::{GapScore, NodeScore};

fn multi(id: &str, sum: bool) -> Question {
    question(
        id,
        2.0,
        AnswerSpec::MultiChoice {
            options: options(&[0.1, 0.3, 0.5, 0.9]),
            sum,
        },
    )
}

fn fixture() -> crate::model::Questionnaire {
    let mut s1 = q_status("s1", 3.0);
    s1.evidence_required = true;
    s1.tags = vec!["fairness".into()];
    let mut c1 = q_choice("c1", &[0.0, 0.3, 0.7, 1.0]);
    c1.evidence_required = true;
    let scale = question(
        "sc",
        1.0,
        AnswerSpec::Scale {
            levels: levels(&[0.0, 0.25, 0.5, 1.0]),
        },
    );
    let mut s2 = q_status("s2", 2.0);
    s2.tags = vec!["privacy".into(), "custom".into()];
    let mut q = qn(vec![
        group(
            "c6",
            "6",
            vec![
                sec("c6.1", vec![s1, c1]),
                sec("c6.2", vec![q_yes_no("yn"), scale]),
            ],
        ),
        sec(
            "c7",
            vec![
                s2,
                multi("mb", false),
                multi("ms", true),
                q_status("s3", 1.0),
            ],
        ),
    ]);
    q.scoring.self_attested_factor = Some(0.7);
    q
}

/// The answer for a state; `None` when unanswered.
fn value_for(spec: &AnswerSpec, state: u8) -> Option<Value> {
    if state == 0 {
        return None;
    }
    let opt = |i: u8| format!("o{}", i.saturating_sub(1).min(3));
    Some(match spec {
        AnswerSpec::Status => Value::Status(match state % 5 {
            1 => Status::OutOfScope,
            2 => Status::Gap,
            3 => Status::Partial,
            _ => Status::Met,
        }),
        AnswerSpec::YesNo { .. } => Value::YesNo(match state % 4 {
            1 => YesNo::No,
            2 => YesNo::Unknown,
            _ => YesNo::Yes,
        }),
        AnswerSpec::Choice { .. } => Value::Choice(opt(state)),
        AnswerSpec::Scale { .. } => Value::Scale(i64::from(state.min(4)) - 1),
        AnswerSpec::MultiChoice { .. } => Value::MultiChoice(
            (0..4)
                .filter(|b| state & (1 << b) != 0)
                .map(|b| format!("o{b}"))
                .collect(),
        ),
        _ => return None,
    })
}

/// A strictly better state for the same question, if there is one.
fn improve(spec: &AnswerSpec, state: u8) -> Option<u8> {
    match spec {
        AnswerSpec::Status if (2..4).contains(&(state % 5)) => Some(state % 5 + 1),
        AnswerSpec::YesNo { .. } if (1..3).contains(&(state % 4)) => Some(3),
        AnswerSpec::Choice { .. } | AnswerSpec::Scale { .. } if (1..4).contains(&state) => {
            Some(state + 1)
        }
        AnswerSpec::MultiChoice { .. } if state > 0 && state < 15 => (0..4)
            .map(|b| 1u8 << b)
            .find(|bit| state & bit == 0)
            .map(|bit| state | bit),
        _ => None,
    }
}

fn score(states: &[u8], extras: &[(bool, bool, bool)], weighted: bool) -> GapScore {
    let q = fixture();
    let mut a = assessment(&q, None);
    for (((_, qu), state), (evidence, self_attested, justified)) in
        q.questions().into_iter().zip(states).zip(extras)
    {
        if let Some(v) = value_for(&qu.answer, *state) {
            let mut ans = Answer::new(v);
            if *evidence {
                ans = with_evidence(ans, None);
            }
            if *self_attested {
                ans.attestation = Some(Attestation::SelfAttested);
            }
            if *justified {
                ans.justification = Some("reason".into());
            }
            a.answers.insert(qu.id.clone(), ans);
        }
    }
    let mut p = profile();
    p.objective_weights.insert(Objective::Fairness, 1.5);
    p.objective_weights.insert(Objective::Privacy, 0.5);
    p.tag_weights.insert("custom".into(), 2.0);
    score_gap(
        &q,
        &a,
        &p,
        ScoreOptions {
            as_of: as_of(),
            weighted,
        },
    )
}

fn nodes(g: &GapScore) -> Vec<&NodeScore> {
    std::iter::once(&g.overall)
        .chain(
            g.rows
                .iter()
                .flat_map(|r| std::iter::once(&r.node).chain(r.cells.iter())),
        )
        .collect()
}

proptest! {
    #[test]
    fn improving_one_answer_never_lowers_any_score(
        states in proptest::collection::vec(0u8..16, 8),
        extras in proptest::collection::vec(any::<(bool, bool, bool)>(), 8),
        pick in 0usize..8,
        weighted in any::<bool>(),
    ) {
        let q = fixture();
        let specs: Vec<AnswerSpec> = q.questions().into_iter().map(|(_, qu)| qu.answer.clone()).collect();
        let spec = &specs[pick];
        let Some(better) = improve(spec, states[pick]) else {
            return Ok(());
        };
        let mut after_states = states.clone();
        after_states[pick] = better;
        let before = score(&states, &extras, weighted);
        let after = score(&after_states, &extras, weighted);
        for (b, a) in nodes(&before).into_iter().zip(nodes(&after)) {
            prop_assert!(a.readiness + 1e-9 >= b.readiness, "{} readiness {} → {}", b.id, b.readiness, a.readiness);
            if let (Some(sb), Some(sa)) = (b.score, a.score) {
                prop_assert!(sa + 1e-9 >= sb, "{} score {} → {}", b.id, sb, sa);
            }
            prop_assert!(b.score.is_none() || a.score.is_some());
        }
    }
}
