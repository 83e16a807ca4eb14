//! Property tests: diff of a snapshot with itself is empty, a diff's answer changes turn the
//! old answers into the new ones, save → load is the identity for snapshots and sessions, and
//! canonical JSON is a fixed point (serialize → parse → serialize is byte-identical), with
//! awkward floats and hostile text. Scoring monotonicity lives in `src/scoring/proptests.rs`.

use std::collections::{BTreeMap, BTreeSet};

use clausewise::diff::{self, AnswerChange, AnswerField, Direction, Questionnaires};
use clausewise::model::{Answer, AnswerTarget, Assessment, Snapshot, Status, Value};
use clausewise::seal::{self, canonical};
use clausewise::store::{ResumeInfo, Session, snapshots};
use proptest::prelude::*;

use super::fixture;

const GAP: &str = "iso42001-gap";

/// Any text, hostile included: controls, escapes, bidi, astral and combining characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,12}",
        any::<String>(),
        "(\u{1b}\\[[0-9;]{0,6}m|\u{1b}\\]52;c;[A-Za-z=]{0,8}\u{7}|\u{202e}|\u{200b}|\u{9b}|\r\n|[a-z])*",
    ]
}

/// Floats that print badly: tiny, huge, subnormal, negative zero, many digits.
fn awkward_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        Just(0.1 + 0.2),
        Just(-0.0),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(f64::MAX),
        Just(1e21),
        Just(123_456_789.123_456_79),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// A value of the type question `i` has: the type is fixed per question id, as a spec would.
fn value_for(i: usize) -> BoxedStrategy<Value> {
    match i % 3 {
        0 => status().prop_map(Value::Status).boxed(),
        1 => text().prop_map(Value::Text).boxed(),
        _ => awkward_float().prop_map(Value::Number).boxed(),
    }
}

fn answer_for(i: usize) -> impl Strategy<Value = Answer> {
    (
        value_for(i),
        text(),
        proptest::option::of(text()),
        any::<bool>(),
    )
        .prop_map(|(value, note, owner, flagged)| {
            let mut a = Answer::new(value);
            a.note = note;
            a.owner = owner;
            a.flagged = flagged;
            a
        })
}

/// Answers to some of the questions `q0` … `q8`.
fn answers() -> impl Strategy<Value = BTreeMap<String, Answer>> {
    let per_question: Vec<_> = (0..9)
        .map(|i| proptest::option::of(answer_for(i)).prop_map(move |a| (format!("q{i}"), a)))
        .collect();
    per_question.prop_map(|v| {
        v.into_iter()
            .filter_map(|(k, a)| a.map(|a| (k, a)))
            .collect()
    })
}

/// The fixture snapshot with one gap assessment holding `answers`.
fn snapshot_with(answers: BTreeMap<String, Answer>) -> Snapshot {
    let mut s = fixture::unscored();
    let mut gap = Assessment::new(GAP, None);
    gap.answers = answers;
    s.assessments = vec![gap];
    s.digest = None;
    s
}

fn answer_changes(a: &Snapshot, b: &Snapshot) -> Vec<AnswerChange> {
    diff::diff(a, b, &Questionnaires::default()).answers
}

/// Applies one field change (as the diff carries it, in text) to an answer.
fn apply_field(a: &mut Answer, field: AnswerField, new: Option<&str>) {
    let text = || new.unwrap_or_default().to_string();
    match field {
        AnswerField::Value => {
            a.value = match &a.value {
                Value::Status(_) => Value::Status(
                    Status::ALL
                        .into_iter()
                        .find(|s| s.as_str() == text())
                        .unwrap_or(Status::Gap),
                ),
                Value::Number(_) => Value::Number(text().parse().unwrap_or(f64::NAN)),
                _ => Value::Text(text()),
            }
        }
        AnswerField::Note => a.note = text(),
        AnswerField::Owner => a.owner = new.map(str::to_string),
        AnswerField::Flagged => a.flagged = new.is_some(),
        other => panic!("the generator never sets {other:?}"),
    }
}

/// Replays the answer changes of a diff onto `old`'s answers. An added answer starts as a
/// blank of the right type (the question's type is known from its id, as a spec gives it).
fn apply(old: &BTreeMap<String, Answer>, changes: &[AnswerChange]) -> BTreeMap<String, Answer> {
    let mut out = old.clone();
    for c in changes {
        if c.direction == Direction::Removed {
            out.remove(&c.question);
            continue;
        }
        let i: usize = c.question.trim_start_matches('q').parse().expect("qN");
        let blank = || {
            Answer::new(match i % 3 {
                0 => Value::Status(Status::Gap),
                1 => Value::Text(String::new()),
                _ => Value::Number(0.0),
            })
        };
        let a = out.entry(c.question.clone()).or_insert_with(blank);
        for f in &c.fields {
            apply_field(a, f.field, f.new.as_deref());
        }
    }
    out
}

fn changed_keys(a: &BTreeMap<String, Answer>, b: &BTreeMap<String, Answer>) -> BTreeSet<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn diff_of_a_snapshot_with_itself_is_empty(a in answers()) {
        let s = snapshot_with(a);
        let d = diff::diff(&s, &s, &Questionnaires::default());
        prop_assert!(d.answers.is_empty(), "{:?}", d.answers);
        prop_assert!(d.nodes.is_empty() && d.questionnaires.is_empty());
    }

    #[test]
    fn a_diff_names_exactly_the_changed_answers_and_replays_to_the_new_ones(
        a in answers(),
        b in answers(),
    ) {
        let (sa, sb) = (snapshot_with(a.clone()), snapshot_with(b.clone()));
        let changes = answer_changes(&sa, &sb);
        let named: BTreeSet<String> = changes.iter().map(|c| c.question.clone()).collect();
        prop_assert_eq!(named.len(), changes.len(), "one change per question");
        prop_assert_eq!(&named, &changed_keys(&a, &b));
        prop_assert_eq!(apply(&a, &changes), b);
    }

    #[test]
    fn a_sealed_snapshot_loads_back_equal_and_reseals_byte_identical(a in answers()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut s = snapshot_with(a);
        let path = snapshots::save(dir.path(), "s.json", &mut s).expect("save");
        let bytes = std::fs::read(&path).expect("read");
        let mut back = snapshots::load(&path).expect("load");
        prop_assert_eq!(&back, &s);
        prop_assert_eq!(seal::seal(&mut back).expect("seal"), bytes);
    }

    #[test]
    fn canonical_json_is_a_fixed_point(a in answers()) {
        let s = snapshot_with(a);
        let once = canonical::to_vec(&s).expect("json");
        let parsed: Snapshot = serde_json::from_slice(&once).expect("parse");
        prop_assert_eq!(canonical::to_vec(&parsed).expect("json"), once);
        let as_value: serde_json::Value = serde_json::from_slice(&canonical::to_vec(&s).expect("json")).expect("value");
        let again: Snapshot = serde_json::from_value(as_value).expect("typed");
        prop_assert_eq!(again, s);
    }

    #[test]
    fn floats_survive_canonical_json_bit_for_bit(f in awkward_float()) {
        let bytes = canonical::to_vec(&Value::Number(f)).expect("json");
        let back: Value = serde_json::from_slice(&bytes).expect("parse");
        match back {
            Value::Number(g) => prop_assert!(g == f && g.is_sign_negative() == f.is_sign_negative(), "{f:e} came back as {g:e}"),
            ref other => prop_assert!(false, "{other:?}"),
        }
        prop_assert_eq!(canonical::to_vec(&back).expect("json"), bytes);
    }
}

proptest! {
    // Each case fsyncs a few files: fewer cases.
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn committed_session_answers_read_back_equal(a in answers()) {
        let dir = tempfile::tempdir().expect("tempdir");
        let fresh = || clausewise::model::WorkspaceState::new("Acme", "Dana", "generic");
        let mut s = Session::open(dir.path(), "gap", fresh).expect("open");
        for (q, answer) in &a {
            let target = AnswerTarget {
                questionnaire: GAP.into(),
                subject: None,
                entry: None,
                question: q.clone(),
            };
            s.commit_answer(&target, answer.clone(), ResumeInfo::default()).expect("commit");
        }
        let mine = s.state().clone();
        drop(s);
        let back = Session::open_read_only(dir.path(), "gap").expect("read back");
        prop_assert_eq!(back.state(), &mine);
    }
}
