//! Consistency of an AIIA with the inventory record of its AI system: the questions that
//! record an inventory field (`inventory_field`: role, life-cycle stage, EU AI Act class,
//! personal data, model) must agree with the inventory, and a question whose conditions
//! make it not apply must not keep an answer (a fundamental-rights impact assessment
//! recorded for a system outside the EU AI Act's high-risk uses, say). An auditor reads
//! both the inventory and the AIIA; when they disagree, one of them is wrong.

use crate::model::{InventoryField, Subject, Value, YesNo};

use super::applicability::{Answers, Applicability, QuestionIndex};
use crate::model::score::ConsistencyWarning;

/// The consistency warnings of an AIIA's top-level answers (`answers`) against its AI
/// system's inventory record, in file order. Inventory fields that are not recorded and
/// questions that are not answered give no warning (completeness reports those).
pub fn inventory_consistency(
    index: &QuestionIndex<'_>,
    answers: &Answers,
    subject: Option<&Subject>,
    app: &Applicability<'_>,
) -> Vec<ConsistencyWarning> {
    let mut out = Vec::new();
    for placed in index.iter().filter(|p| p.repeatable().is_none()) {
        let q = placed.question;
        let Some(answer) = answers.get(&q.id) else {
            continue;
        };
        if !app.placed_applies(placed, None) {
            out.push(ConsistencyWarning {
                question: q.id.clone(),
                field: None,
                message: format!(
                    "answered ({}) although the question does not apply to this system under its other answers and inventory record; clear the answer or correct the answers it depends on",
                    shortened(&answer.value.condition_values().join(", "))
                ),
            });
            continue;
        }
        let (Some(field), Some(s)) = (q.inventory_field, subject) else {
            continue;
        };
        if let Some(message) = disagreement(field, s, &answer.value) {
            out.push(ConsistencyWarning {
                question: q.id.clone(),
                field: Some(field.as_str().to_string()),
                message,
            });
        }
    }
    out
}

/// Longest answer quoted in a warning, in characters.
const QUOTE_CHARS: usize = 40;

/// `text` cut to [`QUOTE_CHARS`] characters, with `…` when cut.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text)),
        None => text.to_string(),
    }
}

/// Why an answer disagrees with the inventory's value of `field`, if it does.
fn disagreement(field: InventoryField, s: &Subject, value: &Value) -> Option<String> {
    let recorded = match field {
        InventoryField::Role => s.role.map(|r| r.as_str()),
        InventoryField::LifecycleStage => s.lifecycle_stage.map(|l| l.as_str()),
        InventoryField::EuAiActClass => s.eu_ai_act_class.map(|c| c.as_str()),
        InventoryField::PersonalData => s.personal_data.map(|p| if p { "yes" } else { "no" }),
        InventoryField::Model => return model_disagreement(s, value),
    }?;
    let answered = match value {
        Value::Choice(v) => v.as_str(),
        Value::YesNo(YesNo::Unknown) => return None,
        Value::YesNo(y) => y.as_str(),
        _ => return None,
    };
    (answered != recorded).then(|| {
        format!(
            "the inventory records {} {recorded:?} but the AIIA answers {answered:?}; correct whichever is wrong",
            field.as_str()
        )
    })
}

/// Why a model answer disagrees with the inventory: it does not name the inventory's model
/// or its version (case-insensitive).
fn model_disagreement(s: &Subject, value: &Value) -> Option<String> {
    let Value::Text(text) = value else {
        return None;
    };
    let text = text.to_lowercase();
    let missing: Vec<&str> = [s.model.as_deref(), s.model_version.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|m| !m.is_empty() && !text.contains(&m.to_lowercase()))
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "the answer does not name the inventory's model {}; name the model and version in use or correct the inventory",
            missing
                .iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AiRole, Answer, AnswerSpec, EuAiActClass, LifecycleStage};
    use crate::scoring::testkit::*;

    /// An AIIA-like file: role, stage, EU class (choices), personal data (yes/no), model
    /// (text) and a FRIA question that applies only to high-risk classes.
    fn aiia() -> crate::model::Questionnaire {
        let mut role = q_choice("role", &[1.0, 1.0]);
        role.inventory_field = Some(InventoryField::Role);
        if let AnswerSpec::Choice { options } = &mut role.answer {
            options[0].value = "provider".into();
            options[1].value = "deployer".into();
        }
        let mut stage = q_choice("stage", &[1.0, 1.0]);
        stage.inventory_field = Some(InventoryField::LifecycleStage);
        let mut class = q_choice("class", &[1.0, 1.0]);
        class.inventory_field = Some(InventoryField::EuAiActClass);
        let mut personal = q_yes_no("personal");
        personal.inventory_field = Some(InventoryField::PersonalData);
        let mut model = q_text("model");
        model.inventory_field = Some(InventoryField::Model);
        let mut fria = q_yes_no("fria");
        fria.applies_when = Some(cond_question("class", &["high_risk_annex_iii"]));
        qn(vec![sec(
            "s",
            vec![role, stage, class, personal, model, fria],
        )])
    }

    fn system() -> Subject {
        Subject {
            id: "bot".into(),
            name: "Bot".into(),
            role: Some(AiRole::Deployer),
            lifecycle_stage: Some(LifecycleStage::Operation),
            eu_ai_act_class: Some(EuAiActClass::Minimal),
            personal_data: Some(true),
            model: Some("Claude".into()),
            model_version: Some("3.5".into()),
            ..Subject::default()
        }
    }

    fn warnings(answers: &[(&str, Value)]) -> Vec<ConsistencyWarning> {
        let q = aiia();
        let mut a = assessment(&q, Some("bot"));
        for (id, v) in answers {
            a.answers.insert((*id).into(), Answer::new(v.clone()));
        }
        let s = system();
        let index = QuestionIndex::new(&q);
        let p = profile();
        let app = Applicability::new(&index, &p, Some(&s), &a.answers);
        inventory_consistency(&index, &a.answers, Some(&s), &app)
    }

    fn choice(v: &str) -> Value {
        Value::Choice(v.into())
    }

    #[test]
    fn answers_that_agree_with_the_inventory_give_no_warning() {
        let w = warnings(&[
            ("role", choice("deployer")),
            ("stage", choice("operation")),
            ("class", choice("minimal")),
            ("personal", Value::YesNo(YesNo::Yes)),
            (
                "model",
                Value::Text("Vendor-hosted claude 3.5 Sonnet".into()),
            ),
        ]);
        assert_eq!(w, []);
    }

    #[test]
    fn each_disagreement_names_its_field_and_both_values() {
        let w = warnings(&[
            ("role", choice("provider")),
            ("stage", choice("validation")),
            ("class", choice("high_risk_annex_iii")),
            ("personal", Value::YesNo(YesNo::No)),
            (
                "model",
                Value::Text("An in-house gradient boosted model".into()),
            ),
        ]);
        let fields: Vec<Option<&str>> = w.iter().map(|x| x.field.as_deref()).collect();
        assert_eq!(
            fields,
            [
                Some("role"),
                Some("lifecycle_stage"),
                Some("eu_ai_act_class"),
                Some("personal_data"),
                Some("model")
            ]
        );
        assert!(
            w[0].message.contains("role \"deployer\"") && w[0].message.contains("\"provider\"")
        );
        assert!(
            w[4].message.contains("\"Claude\" \"3.5\""),
            "{}",
            w[4].message
        );
    }

    #[test]
    fn an_answer_to_a_question_that_does_not_apply_is_a_warning() {
        // A FRIA recorded for a minimal-risk system.
        let w = warnings(&[
            ("class", choice("minimal")),
            ("fria", Value::YesNo(YesNo::Yes)),
        ]);
        assert_eq!(w.len(), 1);
        assert_eq!(
            (w[0].question.as_str(), w[0].field.as_deref()),
            ("fria", None)
        );
        assert!(w[0].message.contains("answered (yes)"));
        // Unknown and unrecorded values give none.
        let w = warnings(&[("personal", Value::YesNo(YesNo::Unknown))]);
        assert_eq!(w, []);
    }
}
