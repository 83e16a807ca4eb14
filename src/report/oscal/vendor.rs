//! One OSCAL result per vendor review: the vendor as a local service component, an
//! observation per due-diligence domain, the risk tier as a prop, a risk per knock-out and
//! per question with missing or expired evidence, and one finding against A.10.3.

use serde_json::{Value, json};

use super::{Oscal, Risk, Verdict, pct, prop, put};
use crate::report::escape::status_name;
use crate::scoring::{NodeScore, VendorScore};

/// The control a vendor review speaks to (Annex A suppliers).
const CONTROL: &str = "A.10.3";

impl Oscal<'_, '_> {
    /// One result per scored vendor review.
    pub(super) fn vendor_results(&self) -> Vec<Value> {
        self.ctx
            .scorecard()
            .map(|c| c.vendors.iter().map(|v| self.vendor_result(v)).collect())
            .unwrap_or_default()
    }

    fn vendor_result(&self, v: &VendorScore) -> Value {
        let name = self.ctx.subject_name(&v.subject);
        let control = super::control_token(CONTROL).unwrap_or_default();
        let mut r = self.result_shell(
            &["result", "vendor", &v.subject],
            format!("AI vendor due diligence: {name}"),
            format!(
                "Due-diligence review of the AI vendor {} (tier {}, control score {}).",
                super::party_name(&name),
                v.tier.as_deref().unwrap_or("not set"),
                pct(v.control_score)
            ),
            std::slice::from_ref(&control),
        );
        let props = [
            prop("subject-id", &v.subject),
            v.tier.as_deref().and_then(|t| prop("risk-tier", t)),
            v.inherent_level
                .as_deref()
                .and_then(|l| prop("inherent-level", l)),
            v.inherent_exposure
                .and_then(|e| prop("inherent-exposure", &pct(e))),
            prop("control-score", &pct(v.control_score)),
        ];
        put(&mut r, "props", props.into_iter().flatten().collect());
        r.insert(
            "local-definitions".into(),
            json!({ "components": [self.component(&v.subject, "service")] }),
        );
        let observations: Vec<Value> = v
            .domains
            .iter()
            .map(|d| self.domain_observation(v, d))
            .collect();
        let risks = self.vendor_risks(v);
        let risk_ids = risks.iter().map(|(k, _)| self.id_of(k)).collect();
        let finding = self.vendor_finding(v, control, risk_ids);
        put(&mut r, "observations", observations);
        put(&mut r, "risks", risks.into_iter().map(|(_, r)| r).collect());
        r.insert("findings".into(), json!([finding]));
        Value::Object(r)
    }

    fn domain_observation(&self, v: &VendorScore, d: &NodeScore) -> Value {
        let props = [
            prop("domain", &d.id),
            prop("status", status_name(d.status)),
            prop("readiness", &pct(d.readiness)),
        ];
        json!({
            "uuid": self.id(&["observation", "vendor", &v.subject, &d.id]),
            "title": super::party_name(&d.title),
            "description": format!(
                "{}: {} (readiness {}, {} met, {} partial, {} gap, {} unanswered).",
                d.title, status_name(d.status), pct(d.readiness),
                d.counts.met, d.counts.partial, d.counts.gap, d.counts.unanswered
            ),
            "props": props.into_iter().flatten().collect::<Vec<_>>(),
            "methods": ["EXAMINE"],
            "subjects": self.subject_ref(&v.subject),
            "collected": self.time,
        })
    }

    /// Knock-outs, then missing evidence, then expired evidence; each with its UUID path.
    fn vendor_risks(&self, v: &VendorScore) -> Vec<(Vec<String>, Value)> {
        let prompt = |q: &str| {
            self.ctx
                .questionnaire(&v.questionnaire)
                .and_then(|qn| qn.question(q))
                .map_or_else(|| q.to_string(), |x| x.prompt.clone())
        };
        let knockouts = v.knockouts.iter().map(|k| {
            (
                "knockout",
                k.question.as_str(),
                format!("Knock-out: {}", k.question),
                format!("{} (forces tier {} at least)", k.reason, k.tier),
                Some(k.tier.as_str()),
            )
        });
        let missing = v.evidence_missing.iter().map(|q| {
            (
                "evidence-missing",
                &**q,
                format!("Evidence missing: {q}"),
                format!("Required evidence is missing: {}", prompt(q)),
                None,
            )
        });
        let expired = v.evidence_expired.iter().map(|q| {
            (
                "evidence-expired",
                &**q,
                format!("Evidence expired: {q}"),
                format!("The evidence has expired: {}", prompt(q)),
                None,
            )
        });
        knockouts
            .chain(missing)
            .chain(expired)
            .map(|(kind, q, title, statement, tier)| {
                let key: Vec<String> = ["risk", "vendor", &v.subject, kind, q]
                    .map(String::from)
                    .into();
                let risk = self.risk(Risk {
                    key: key.clone(),
                    title,
                    description: prompt(q),
                    statement,
                    status: "open",
                    props: vec![
                        prop("question-id", q),
                        prop("risk-kind", kind),
                        tier.and_then(|t| prop("risk-tier", t)),
                    ],
                    deadline: None,
                    observations: Vec::new(),
                });
                (key, risk)
            })
            .collect()
    }

    /// A.10.3 for this vendor: satisfied when no knock-out fired and no evidence is missing
    /// or expired.
    fn vendor_finding(&self, v: &VendorScore, control: String, risk_ids: Vec<String>) -> Value {
        let name = self.ctx.subject_name(&v.subject);
        let open = risk_ids.len();
        self.verdict(Verdict {
            key: vec!["finding".into(), "vendor".into(), v.subject.clone()],
            title: format!("{CONTROL} Suppliers: {name}"),
            description: format!(
                "{name}: tier {}, {} knock-out(s), {} question(s) with missing evidence, {} with expired evidence.",
                v.tier.as_deref().unwrap_or("not set"),
                v.knockouts.len(),
                v.evidence_missing.len(),
                v.evidence_expired.len()
            ),
            props: vec![
                prop("subject-id", &v.subject),
                v.tier.as_deref().and_then(|t| prop("risk-tier", t)),
            ],
            target: control,
            satisfied: open == 0,
            reason: None,
            remarks: format!("clausewise vendor review of {}", v.subject),
            observations: v
                .domains
                .iter()
                .map(|d| self.id(&["observation", "vendor", &v.subject, &d.id]))
                .collect(),
            risks: risk_ids,
        })
    }
}
