//! Per-question answer changes: value, justification, note, evidence, attestation, owner,
//! due date and flag. Answers of assessments that appeared or disappeared are reported as
//! assessments, and answers to questions removed from the questionnaire as questionnaire
//! changes, so neither shows up here as a regression.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::Questionnaires;
use super::types::{AnswerChange, AnswerField, Direction, FieldChange};
use crate::model::{Answer, AnswerSpec, Assessment, Snapshot, Status, Value, YesNo};

/// Every changed answer, regressions first, then in snapshot order.
pub fn diff(
    old: &Snapshot,
    new: &Snapshot,
    qs: &Questionnaires<'_>,
    removed_questions: &HashSet<(String, String)>,
) -> Vec<AnswerChange> {
    let mut out = Vec::new();
    // One lookup per assessment instead of a scan: linear in the number of assessments.
    let before = by_key(old);
    let mut aiias =
        super::aiia::aiia_questionnaires(old.scorecard.as_ref(), new.scorecard.as_ref());
    aiias.extend(
        (qs.old.iter().chain(&qs.new))
            .filter(|q| q.kind == crate::model::Kind::Aiia)
            .map(|q| q.id.as_str()),
    );
    let mut specs_of: HashMap<&str, HashMap<&str, &AnswerSpec>> = HashMap::new();
    for n in &new.assessments {
        let Some(o) = before.get(&key(n)).copied() else {
            continue;
        };
        let specs = specs_of
            .entry(n.questionnaire.as_str())
            .or_insert_with(|| specs(qs, &n.questionnaire))
            .clone();
        let ctx = Ctx {
            aiia: aiias.contains(n.questionnaire.as_str()),
            specs,
            questionnaire: &n.questionnaire,
            subject: n.subject.as_ref(),
            removed: removed_questions,
        };
        ctx.compare_maps(None, &o.answers, &n.answers, &mut out);
        compare_entries(&ctx, o, n, &mut out);
    }
    out.sort_by_key(|c| !c.direction.is_worse());
    out
}

/// What identifies an assessment: its questionnaire and subject.
pub(crate) fn key(a: &Assessment) -> (&str, Option<&str>) {
    (a.questionnaire.as_str(), a.subject.as_deref())
}

/// A snapshot's assessments by [`key`].
pub(crate) fn by_key(s: &Snapshot) -> HashMap<(&str, Option<&str>), &Assessment> {
    s.assessments.iter().map(|a| (key(a), a)).collect()
}

struct Ctx<'a> {
    /// An AI system impact assessment: answers change, they do not regress or improve by
    /// option score (exposure is not quality; see [`super::aiia`]).
    aiia: bool,
    specs: HashMap<&'a str, &'a AnswerSpec>,
    questionnaire: &'a str,
    subject: Option<&'a String>,
    removed: &'a HashSet<(String, String)>,
}

/// Question id → answer spec of the newest version of a questionnaire at hand.
fn specs<'a>(qs: &Questionnaires<'a>, id: &str) -> HashMap<&'a str, &'a AnswerSpec> {
    qs.current(id)
        .map(|q| {
            q.questions()
                .into_iter()
                .map(|(_, q)| (q.id.as_str(), &q.answer))
                .collect()
        })
        .unwrap_or_default()
}

fn compare_entries(ctx: &Ctx<'_>, o: &Assessment, n: &Assessment, out: &mut Vec<AnswerChange>) {
    let empty = BTreeMap::new();
    let mut keys: Vec<(&String, &String)> = Vec::new();
    for (section, entries) in n.entries.iter().chain(o.entries.iter()) {
        for e in entries {
            if !keys.contains(&(section, &e.id)) {
                keys.push((section, &e.id));
            }
        }
    }
    let find = |a: &'_ Assessment, s: &String, id: &String| {
        a.entries
            .get(s)
            .and_then(|es| es.iter().find(|e| &e.id == id))
            .map(|e| e.answers.clone())
    };
    for (section, id) in keys {
        let before = find(o, section, id).unwrap_or_else(|| empty.clone());
        let after = find(n, section, id).unwrap_or_else(|| empty.clone());
        ctx.compare_maps(Some(format!("{section}/{id}")), &before, &after, out);
    }
}

impl Ctx<'_> {
    fn compare_maps(
        &self,
        entry: Option<String>,
        old: &BTreeMap<String, Answer>,
        new: &BTreeMap<String, Answer>,
        out: &mut Vec<AnswerChange>,
    ) {
        for (qid, n) in new {
            let before = old.get(qid);
            if before == Some(n) {
                continue;
            }
            let fields = fields(before, Some(n));
            if !fields.is_empty() {
                let direction = match self.direction(qid, before, Some(n)) {
                    Direction::Regressed | Direction::Improved if self.aiia => Direction::Changed,
                    d => d,
                };
                out.push(self.change(entry.clone(), qid, direction, fields));
            }
        }
        for (qid, o) in old {
            let gone_from_questionnaire = self
                .removed
                .contains(&(self.questionnaire.to_string(), qid.clone()));
            if !new.contains_key(qid) && !gone_from_questionnaire {
                let fields = fields(Some(o), None);
                out.push(self.change(entry.clone(), qid, Direction::Removed, fields));
            }
        }
    }

    fn change(
        &self,
        entry: Option<String>,
        question: &str,
        direction: Direction,
        fields: Vec<FieldChange>,
    ) -> AnswerChange {
        AnswerChange {
            questionnaire: self.questionnaire.to_string(),
            subject: self.subject.cloned(),
            entry,
            question: question.to_string(),
            direction,
            fields,
        }
    }

    fn direction(&self, qid: &str, old: Option<&Answer>, new: Option<&Answer>) -> Direction {
        let (Some(o), Some(n)) = (old, new) else {
            return Direction::Added;
        };
        let spec = self.specs.get(qid).copied();
        let score = |a: &Answer| value_score(spec, &a.value);
        match (score(o), score(n)) {
            (Some(a), Some(b)) if b > a + 1e-9 => return Direction::Improved,
            (Some(a), Some(b)) if b + 1e-9 < a => return Direction::Regressed,
            _ => {}
        }
        if n.value == o.value && n.evidence.len() < o.evidence.len() {
            Direction::Regressed
        } else if n.value == o.value && n.evidence.len() > o.evidence.len() {
            Direction::Improved
        } else {
            Direction::Changed
        }
    }
}

/// The score (0–1) of a value under its question's answer spec; status answers score
/// without a spec (met 1, partial 0.5, gap 0). None when the value is not scored.
pub fn value_score(spec: Option<&AnswerSpec>, v: &Value) -> Option<f64> {
    match (spec, v) {
        (_, Value::Status(s)) => match s {
            Status::Met => Some(1.0),
            Status::Partial => Some(0.5),
            Status::Gap => Some(0.0),
            Status::OutOfScope => None,
        },
        (Some(AnswerSpec::YesNo { scores }), Value::YesNo(y)) => {
            let s = scores.unwrap_or_default();
            Some(match y {
                YesNo::Yes => s.yes,
                YesNo::No => s.no,
                YesNo::Unknown => s.unknown,
            })
        }
        (Some(AnswerSpec::Choice { options }), Value::Choice(c)) => {
            options.iter().find(|o| &o.value == c).and_then(|o| o.score)
        }
        (Some(AnswerSpec::MultiChoice { options, sum }), Value::MultiChoice(cs)) => {
            let scores = options
                .iter()
                .filter(|o| cs.contains(&o.value))
                .filter_map(|o| o.score);
            if *sum {
                Some(scores.sum::<f64>().min(1.0))
            } else {
                scores.reduce(f64::max)
            }
        }
        (Some(AnswerSpec::Scale { levels }), Value::Scale(n)) => {
            levels.iter().find(|l| l.value == *n).and_then(|l| l.score)
        }
        _ => None,
    }
}

/// The fields that differ between two versions of an answer (either may be absent).
pub fn fields(old: Option<&Answer>, new: Option<&Answer>) -> Vec<FieldChange> {
    let get = |a: Option<&Answer>, f: AnswerField| a.and_then(|a| field_text(a, f));
    [
        AnswerField::Value,
        AnswerField::Justification,
        AnswerField::Note,
        AnswerField::Evidence,
        AnswerField::Attestation,
        AnswerField::Owner,
        AnswerField::Due,
        AnswerField::Flagged,
    ]
    .into_iter()
    .filter_map(|f| {
        let (o, n) = (get(old, f), get(new, f));
        (o != n).then_some(FieldChange {
            field: f,
            old: o,
            new: n,
        })
    })
    .collect()
}

/// One field as text; none when empty.
pub fn field_text(a: &Answer, f: AnswerField) -> Option<String> {
    match f {
        AnswerField::Value => Some(value_text(&a.value)),
        AnswerField::Justification => a.justification.clone().filter(|s| !s.is_empty()),
        AnswerField::Note => Some(a.note.clone()).filter(|s| !s.is_empty()),
        AnswerField::Evidence => {
            let refs: Vec<String> = a
                .evidence
                .iter()
                .map(|e| match e.expires {
                    Some(x) => format!("{} (expires {x})", e.reference),
                    None => e.reference.clone(),
                })
                .collect();
            Some(refs.join("; ")).filter(|s| !s.is_empty())
        }
        AnswerField::Attestation => a.attestation.map(|t| {
            match t {
                crate::model::Attestation::SelfAttested => "self_attested",
                crate::model::Attestation::EvidenceBacked => "evidence_backed",
            }
            .to_string()
        }),
        AnswerField::Owner => a.owner.clone(),
        AnswerField::Due => a.due.map(|d| d.to_string()),
        AnswerField::Flagged => a.flagged.then(|| "flagged".to_string()),
    }
}

/// A value as people read it: `met`, `yes`, `3x4`, the text itself.
pub fn value_text(v: &Value) -> String {
    v.condition_values().join(", ")
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::model::{Assessment, Evidence};

    fn with(v: Value) -> Answer {
        Answer::new(v)
    }

    pub(crate) fn snap(assessments: Vec<Assessment>) -> Snapshot {
        let mut s = crate::diff::tests::empty_snapshot("2025-01-01T00:00:00Z");
        s.assessments = assessments;
        s
    }

    fn gap(answers: Vec<(&str, Answer)>) -> Assessment {
        let mut a = Assessment::new("gap", None);
        for (k, v) in answers {
            a.answers.insert(k.into(), v);
        }
        a
    }

    #[test]
    fn every_field_is_compared() {
        let mut o = with(Value::Status(Status::Met));
        o.evidence.push(Evidence {
            reference: "DOC-1".into(),
            date: None,
            expires: Some(date(2026, 1, 31)),
        });
        o.owner = Some("CISO".into());
        let mut n = with(Value::Status(Status::Partial));
        n.note = "policy lapsed".into();
        n.owner = Some("DPO".into());
        n.due = Some(date(2026, 6, 30));
        n.flagged = true;
        let f = fields(Some(&o), Some(&n));
        let got: Vec<(AnswerField, Option<&str>, Option<&str>)> = f
            .iter()
            .map(|c| (c.field, c.old.as_deref(), c.new.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (AnswerField::Value, Some("met"), Some("partial")),
                (AnswerField::Note, None, Some("policy lapsed")),
                (
                    AnswerField::Evidence,
                    Some("DOC-1 (expires 2026-01-31)"),
                    None
                ),
                (AnswerField::Owner, Some("CISO"), Some("DPO")),
                (AnswerField::Due, None, Some("2026-06-30")),
                (AnswerField::Flagged, None, Some("flagged")),
            ]
        );
    }

    #[test]
    fn directions_regressions_first_and_removed_questions_skipped() {
        let old = snap(vec![gap(vec![
            ("q1", with(Value::Status(Status::Gap))),
            ("q2", with(Value::Status(Status::Met))),
            ("q3", with(Value::Status(Status::Met))),
            ("q4", with(Value::Status(Status::Met))),
        ])]);
        let new = snap(vec![gap(vec![
            ("q1", with(Value::Status(Status::Met))),
            ("q2", with(Value::Status(Status::Partial))),
            ("q5", with(Value::Status(Status::Gap))),
        ])]);
        let removed: HashSet<(String, String)> = [("gap".to_string(), "q4".to_string())].into();
        let d = diff(&old, &new, &Questionnaires::default(), &removed);
        let got: Vec<(&str, Direction)> = d
            .iter()
            .map(|c| (c.question.as_str(), c.direction))
            .collect();
        assert_eq!(
            got,
            vec![
                ("q2", Direction::Regressed),
                ("q3", Direction::Removed),
                ("q1", Direction::Improved),
                ("q5", Direction::Added),
            ]
        );
        assert_eq!(d[0].subject, None);
        assert_eq!(d[0].questionnaire, "gap");
    }

    #[test]
    fn yes_no_uses_the_question_scores() {
        let spec = AnswerSpec::YesNo {
            scores: Some(crate::model::YesNoScores {
                yes: 0.0,
                no: 1.0,
                unknown: 0.0,
            }),
        };
        assert_eq!(
            value_score(Some(&spec), &Value::YesNo(YesNo::No)),
            Some(1.0)
        );
        assert_eq!(value_score(None, &Value::YesNo(YesNo::No)), None);
    }
}
