//! The remediation plan as a NIST OSCAL 1.0.6 plan of action and milestones (POA&M), JSON:
//!
//! - one `risk` per remediation item (a question at Partial or Gap), with its deadline (the
//!   due date) and a `planned` remediation whose milestone task falls on that date, and
//!   one per open major or minor nonconformity of the audit findings register;
//! - one `poam-item` per risk, in the plan's order (priority first, then the register),
//!   linked to its risk, with props `question-id`, `clause`, `status`, `priority`, `owner`,
//!   `due` and `overdue` (checked against the report's as-of day);
//! - without a scorecard or anything to remediate, one item saying so (OSCAL requires at
//!   least one), and no invented numbers.
//!
//! UUIDs come from the same seed as the assessment results ([`super::Oscal::id`]); a gap's
//! risk has the same UUID in both documents.

use serde_json::{Map, Value, json};

use super::{Oscal, Risk, canon, party_name, prop, put, yes_no};
use crate::report::Context;
use crate::report::escape::{status_label, status_name};
use crate::scoring::{NodeStatus, RemediationItem};

/// The POA&M document, pretty-printed with a trailing newline.
pub fn render(ctx: &Context<'_>) -> String {
    let o = Oscal::new(ctx);
    let mut poam = Map::new();
    poam.insert("uuid".into(), o.id(&["poam"]).into());
    poam.insert(
        "metadata".into(),
        o.metadata("plan of action and milestones"),
    );
    let (mut risks, mut items) = (Vec::new(), Vec::new());
    let remediation = ctx
        .scorecard()
        .and_then(|c| c.gap.as_ref())
        .map(|g| g.remediation.as_slice())
        .unwrap_or_default();
    for i in remediation {
        risks.push(o.remediation_risk(i));
        items.push(o.remediation_item(i));
    }
    for f in (ctx.snapshot.findings.iter()).filter(|f| super::register::open_nonconformity(f)) {
        risks.push(o.audit_risk(f));
        items.push(o.register_item(f));
    }
    if items.is_empty() {
        items.push(o.empty_item());
    }
    put(&mut poam, "risks", risks);
    poam.insert("poam-items".into(), Value::Array(items));
    canon::to_canonical_string(json!({ "plan-of-action-and-milestones": poam }))
}

impl Oscal<'_, '_> {
    /// `4.1` or the question id when the section has no reference.
    fn label_of(i: &RemediationItem) -> &str {
        i.reference.as_deref().unwrap_or(&i.question)
    }

    fn remediation_props(&self, i: &RemediationItem) -> Vec<Option<Value>> {
        vec![
            prop("question-id", &i.question),
            i.reference.as_deref().and_then(|r| prop("clause", r)),
            prop("status", status_name(i.status)),
            prop("priority", &format!("{:.2}", i.priority)),
            i.owner.as_deref().and_then(|o| prop("owner", o)),
            i.due.and_then(|d| prop("due", &d.to_string())),
            prop("overdue", yes_no(self.ctx.overdue(i.due))),
        ]
    }

    fn remediation_risk(&self, i: &RemediationItem) -> Value {
        let label = Self::label_of(i);
        let how = if i.status == NodeStatus::Partial {
            "partly in place"
        } else {
            "not in place"
        };
        let mut risk = self.risk(Risk {
            key: vec!["risk".into(), i.question.clone()],
            title: format!("{}: {label}", status_label(i.status)),
            description: i.prompt.clone(),
            statement: format!("Requirement {how} ({label}): {}", i.prompt),
            status: "open",
            props: self.remediation_props(i),
            deadline: i.due,
            observations: Vec::new(),
        });
        if let Value::Object(m) = &mut risk {
            m.insert("remediations".into(), json!([self.response(i)]));
        }
        risk
    }

    /// The planned response: bring the requirement to Met, with a milestone on the due date.
    fn response(&self, i: &RemediationItem) -> Value {
        let label = Self::label_of(i);
        let mut r = Map::new();
        r.insert("uuid".into(), self.id(&["response", &i.question]).into());
        r.insert("lifecycle".into(), "planned".into());
        r.insert("title".into(), format!("Bring {label} to Met").into());
        r.insert(
            "description".into(),
            format!("Put in place and evidence: {}", i.prompt).into(),
        );
        let owner = i.owner.as_deref().and_then(|o| prop("owner", o));
        put(&mut r, "props", owner.into_iter().collect());
        if let Some(d) = i.due {
            let task = json!({
                "uuid": self.id(&["task", &i.question]),
                "type": "milestone",
                "title": format!("{label} due"),
                "timing": { "on-date": { "date": format!("{d}T00:00:00Z") } },
            });
            r.insert("tasks".into(), json!([task]));
        }
        Value::Object(r)
    }

    fn remediation_item(&self, i: &RemediationItem) -> Value {
        let label = Self::label_of(i);
        let props: Vec<Value> = self.remediation_props(i).into_iter().flatten().collect();
        json!({
            "uuid": self.id(&["poam-item", &i.question]),
            "title": party_name(&format!("{label}: {}", i.prompt)),
            "description": format!(
                "{} ({}), priority {:.2}. {}",
                status_label(i.status),
                label,
                i.priority,
                i.prompt
            ),
            "props": props,
            "related-risks": [{ "risk-uuid": self.id(&["risk", &i.question]) }],
        })
    }

    fn register_item(&self, f: &crate::model::Finding) -> Value {
        let ca = f.corrective_action.as_ref();
        let due = ca.and_then(|c| c.due);
        let mut props = vec![
            prop("finding-id", &f.id),
            prop("grade", f.grade.as_str()),
            prop("clause", &f.reference),
            prop("status", f.status.as_str()),
        ];
        props.push(
            ca.and_then(|c| c.owner.as_deref())
                .and_then(|o| prop("owner", o)),
        );
        props.push(due.and_then(|d| prop("due", &d.to_string())));
        props.push(prop("overdue", yes_no(self.ctx.overdue(due))));
        let action = ca
            .map(|c| c.action.as_str())
            .filter(|a| !a.trim().is_empty())
            .map_or_else(
                || "No corrective action recorded.".to_string(),
                |a| format!("Corrective action: {a}"),
            );
        json!({
            "uuid": self.id(&["poam-item", "register", &f.id]),
            "title": party_name(&format!("{} {} ({} nonconformity)", f.id, f.reference, f.grade.as_str())),
            "description": format!("{}\n{action}", f.description),
            "props": props.into_iter().flatten().collect::<Vec<_>>(),
            "related-risks": [{ "risk-uuid": self.id(&["risk", "register", &f.id]) }],
        })
    }

    /// OSCAL needs one item at least: this one says why there is nothing to plan.
    fn empty_item(&self) -> Value {
        let why = if self.ctx.scorecard().is_none() {
            "Scorecard not computed: the snapshot has no remediation plan yet."
        } else {
            "Nothing to remediate: no requirement at Partial or Gap and no open nonconformity."
        };
        json!({
            "uuid": self.id(&["poam-item", "none"]),
            "title": "No open items",
            "description": why,
        })
    }
}
