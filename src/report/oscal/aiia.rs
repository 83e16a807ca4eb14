//! One OSCAL result per AI system impact assessment: the AI system as a local component, an
//! observation per impact (inherent and residual rating), a risk per impact above the
//! acceptance threshold or without an acceptance rationale, and one finding against 6.1.4.

use serde_json::{Value, json};

use super::{Oscal, Risk, Verdict, one_line, pct, prop, put, yes_no};
use crate::model::{Assessment, QuestionRole};
use crate::report::rows::value_text;
use crate::scoring::aiia::roles::role_of;
use crate::scoring::{AiiaScore, ImpactScore, RiskScore};

/// The controls an AIIA speaks to: 6.1.4 and 8.4 (impact assessment) and A.5.2–A.5.5.
const CONTROLS: [&str; 6] = ["6.1.4", "8.4", "A.5.2", "A.5.3", "A.5.4", "A.5.5"];

impl Oscal<'_, '_> {
    /// One result per scored AIIA.
    pub(super) fn aiia_results(&self) -> Vec<Value> {
        self.ctx
            .scorecard()
            .map(|c| c.aiias.iter().map(|s| self.aiia_result(s)).collect())
            .unwrap_or_default()
    }

    fn aiia_result(&self, s: &AiiaScore) -> Value {
        let name = self.ctx.subject_name(&s.subject);
        let controls: Vec<String> = CONTROLS
            .iter()
            .filter_map(|c| super::control_token(c))
            .collect();
        let mut r = self.result_shell(
            &["result", "aiia", &s.subject],
            format!("AI system impact assessment: {name}"),
            format!(
                "Impact assessment of the AI system {} ({} impacts, completeness {}).",
                one_line(&name).unwrap_or_default(),
                s.impacts.len(),
                pct(s.completeness)
            ),
            &controls,
        );
        put(&mut r, "props", self.aiia_props(s));
        r.insert(
            "local-definitions".into(),
            json!({ "components": [self.component(&s.subject, "software")] }),
        );
        let observations: Vec<Value> = s
            .impacts
            .iter()
            .map(|i| self.impact_observation(s, i))
            .collect();
        let (risk_ids, risks): (Vec<String>, Vec<Value>) = s
            .impacts
            .iter()
            .filter_map(|i| {
                let risk = self.impact_risk(s, i)?;
                Some((self.id(&["risk", "aiia", &s.subject, &i.entry]), risk))
            })
            .unzip();
        let finding = self.aiia_finding(s, risk_ids);
        put(&mut r, "observations", observations);
        put(&mut r, "risks", risks);
        r.insert("findings".into(), json!([finding]));
        Value::Object(r)
    }

    /// Overall level, completeness, sign-off (who, role, when) and the next review.
    fn aiia_props(&self, s: &AiiaScore) -> Vec<Value> {
        let answer = |role| self.role_answer(s, role);
        let mut props = vec![
            prop("subject-id", &s.subject),
            s.overall_level
                .as_deref()
                .and_then(|l| prop("overall-level", l)),
            prop("completeness", &pct(s.completeness)),
            prop("signed-off", yes_no(s.signed_off)),
        ];
        props.extend(answer(QuestionRole::SignoffName).map(|v| prop("signoff-name", &v)));
        props.extend(answer(QuestionRole::SignoffRole).map(|v| prop("signoff-role", &v)));
        props.extend(answer(QuestionRole::SignoffDate).map(|v| prop("signoff-date", &v)));
        props.extend(s.next_review.map(|d| prop("next-review", &d.to_string())));
        props.push(prop("review-overdue", yes_no(s.review_overdue)));
        props.into_iter().flatten().collect()
    }

    /// The assessment an AIIA score was computed from.
    fn aiia_assessment(&self, s: &AiiaScore) -> Option<&Assessment> {
        self.ctx.snapshot.assessments.iter().find(|a| {
            a.questionnaire == s.questionnaire && a.subject.as_deref() == Some(&s.subject)
        })
    }

    /// The answer (as text) to the question playing `role`, outside repeatable sections.
    fn role_answer(&self, s: &AiiaScore, role: QuestionRole) -> Option<String> {
        let q = self.ctx.questionnaire(&s.questionnaire)?;
        let a = self.aiia_assessment(s)?;
        q.questions()
            .into_iter()
            .filter(|(_, question)| role_of(question) == Some(role))
            .find_map(|(_, question)| a.answers.get(&question.id))
            .map(|ans| value_text(&ans.value))
    }

    /// Whether the entry records why the remaining harm is acceptable.
    fn accepted(&self, s: &AiiaScore, i: &ImpactScore) -> bool {
        crate::report::impact::rationale(self.ctx, s, i).is_some()
    }

    fn impact_observation(&self, s: &AiiaScore, i: &ImpactScore) -> Value {
        let text = crate::report::impact::full_text(self.ctx, s, i);
        let props = [
            prop("impact-entry", &i.entry),
            i.inherent
                .as_ref()
                .and_then(|r| prop("inherent-level", &r.level)),
            i.inherent
                .as_ref()
                .and_then(|r| prop("inherent-product", &r.product.to_string())),
            i.residual
                .as_ref()
                .and_then(|r| prop("residual-level", &r.level)),
            i.residual
                .as_ref()
                .and_then(|r| prop("residual-product", &r.product.to_string())),
            prop("accepted", yes_no(self.accepted(s, i))),
        ];
        json!({
            "uuid": self.id(&["observation", "aiia", &s.subject, &i.entry]),
            "title": format!("Impact: {}", super::party_name(&text)),
            "description": format!(
                "{text}\nInherent risk: {}\nResidual risk: {}",
                rating_text(i.inherent.as_ref()),
                rating_text(i.residual.as_ref())
            ),
            "props": props.into_iter().flatten().collect::<Vec<_>>(),
            "methods": ["EXAMINE"],
            "subjects": self.subject_ref(&s.subject),
            "collected": self.time,
        })
    }

    /// A risk when the impact's residual level (inherent without one) is above the acceptance
    /// threshold, or when a rated impact has no acceptance rationale.
    fn impact_risk(&self, s: &AiiaScore, i: &ImpactScore) -> Option<Value> {
        let rating = i.residual.as_ref().or(i.inherent.as_ref())?;
        let above = crate::report::impact::above_appetite(self.ctx, s, i);
        let accepted = self.accepted(s, i);
        if !above && accepted {
            return None;
        }
        let mut why = Vec::new();
        if above {
            why.push("above the acceptance threshold");
        }
        if !accepted {
            why.push("no acceptance rationale recorded");
        }
        let name = self.ctx.subject_name(&s.subject);
        let text = crate::report::impact::full_text(self.ctx, s, i);
        Some(self.risk(Risk {
            key: vec![
                "risk".into(),
                "aiia".into(),
                s.subject.clone(),
                i.entry.clone(),
            ],
            title: format!("Impact not accepted: {text}"),
            description: text.clone(),
            statement: format!(
                "Impact of {name} with {} risk {}: {}.",
                if i.residual.is_some() {
                    "residual"
                } else {
                    "inherent (no residual rating)"
                },
                rating_text(Some(rating)),
                why.join("; ")
            ),
            status: "open",
            props: vec![
                prop("impact-entry", &i.entry),
                prop("level", &rating.level),
                prop("accepted", yes_no(accepted)),
            ],
            deadline: None,
            observations: vec![self.id(&["observation", "aiia", &s.subject, &i.entry])],
        }))
    }

    /// 6.1.4 for this AI system: satisfied when complete, signed off, not overdue for review
    /// and without open impact risks.
    fn aiia_finding(&self, s: &AiiaScore, risk_ids: Vec<String>) -> Value {
        let name = self.ctx.subject_name(&s.subject);
        let mut gaps = Vec::new();
        if s.completeness < 1.0 {
            gaps.push(format!("incomplete ({})", pct(s.completeness)));
        }
        if !s.signed_off {
            gaps.push("not signed off".to_string());
        }
        if s.review_overdue {
            gaps.push("review overdue".to_string());
        }
        if !risk_ids.is_empty() {
            gaps.push(format!("{} impact(s) not accepted", risk_ids.len()));
        }
        self.verdict(Verdict {
            key: vec!["finding".into(), "aiia".into(), s.subject.clone()],
            title: format!("6.1.4 AI system impact assessment: {name}"),
            description: if gaps.is_empty() {
                format!("The impact assessment of {name} is complete, signed off and current.")
            } else {
                format!("The impact assessment of {name}: {}.", gaps.join(", "))
            },
            props: vec![prop("subject-id", &s.subject)],
            target: super::control_token("6.1.4").unwrap_or_default(),
            satisfied: gaps.is_empty(),
            reason: None,
            remarks: format!("clausewise AIIA of {}", s.subject),
            observations: s
                .impacts
                .iter()
                .map(|i| self.id(&["observation", "aiia", &s.subject, &i.entry]))
                .collect(),
            risks: risk_ids,
        })
    }
}

/// `likelihood 2 × severity 3 = 6 (medium)`, or `not rated`.
fn rating_text(r: Option<&RiskScore>) -> String {
    r.map_or_else(
        || "not rated".to_string(),
        |r| {
            format!(
                "likelihood {} × severity {} = {} ({})",
                r.likelihood, r.severity, r.product, r.level
            )
        },
    )
}
