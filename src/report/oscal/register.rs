//! The audit findings register as one OSCAL result: an observation per audit finding (grade,
//! clause, audit, corrective action), an OSCAL finding per audit finding (open majors and
//! minors `not-satisfied`), and a risk per open major or minor nonconformity.

use serde_json::Value;

use super::{Oscal, Risk, Verdict, prop, put};
use crate::model::{Finding, FindingGrade, FindingStatus};

impl Oscal<'_, '_> {
    /// The register's result, when the snapshot has findings.
    pub(super) fn register_result(&self) -> Option<Value> {
        let findings = &self.ctx.snapshot.findings;
        if findings.is_empty() {
            return None;
        }
        let mut controls: Vec<String> = findings
            .iter()
            .filter_map(|f| super::control_token(&f.reference))
            .collect();
        controls.sort();
        controls.dedup();
        let mut r = self.result_shell(
            &["result", "register"],
            "Audit findings register".into(),
            format!(
                "Findings raised by audits of {} ({} in the register, {} open nonconformities).",
                super::party_name(&self.ctx.snapshot.meta.organization),
                findings.len(),
                findings.iter().filter(|f| open_nonconformity(f)).count()
            ),
            &controls,
        );
        let observations = findings.iter().map(|f| self.audit_observation(f)).collect();
        let risks = findings
            .iter()
            .filter(|f| open_nonconformity(f))
            .map(|f| self.audit_risk(f))
            .collect();
        let verdicts = findings
            .iter()
            .filter_map(|f| self.audit_verdict(f))
            .collect();
        put(&mut r, "observations", observations);
        put(&mut r, "risks", risks);
        put(&mut r, "findings", verdicts);
        Some(Value::Object(r))
    }

    /// Grade, clause, audit, status and the corrective action's status, owner and due date.
    fn audit_props(f: &Finding) -> Vec<Option<Value>> {
        let ca = f.corrective_action.as_ref();
        vec![
            prop("finding-id", &f.id),
            prop("grade", f.grade.as_str()),
            prop("clause", &f.reference),
            prop("audit", &f.audit),
            prop("finding-status", f.status.as_str()),
            prop(
                "corrective-action-status",
                ca.map_or("none", |c| c.status.as_str()),
            ),
            ca.and_then(|c| c.owner.as_deref())
                .and_then(|o| prop("owner", o)),
            ca.and_then(|c| c.due)
                .and_then(|d| prop("corrective-action-due", &d.to_string())),
        ]
    }

    fn audit_observation(&self, f: &Finding) -> Value {
        let mut desc = f.description.clone();
        if let Some(ca) = &f.corrective_action {
            for (label, text) in [
                ("Root cause", &ca.root_cause),
                ("Corrective action", &ca.action),
                ("Effectiveness evidence", &ca.effectiveness_evidence),
            ] {
                if !text.is_empty() {
                    desc.push_str(&format!("\n{label}: {text}"));
                }
            }
        }
        serde_json::json!({
            "uuid": self.id(&["observation", "register", &f.id]),
            "title": super::party_name(&f.id),
            "description": desc,
            "props": Self::audit_props(f).into_iter().flatten().collect::<Vec<_>>(),
            "methods": ["EXAMINE"],
            "types": ["finding"],
            "collected": format!("{}T00:00:00Z", f.raised),
        })
    }

    /// Open majors and minors are `not-satisfied`; closed ones `satisfied`; observations and
    /// opportunities for improvement `satisfied` with reason `other` (no nonconformity).
    fn audit_verdict(&self, f: &Finding) -> Option<Value> {
        let target = super::control_token(&f.reference)?;
        let nonconformity = matches!(f.grade, FindingGrade::Major | FindingGrade::Minor);
        let open = open_nonconformity(f);
        let risks = if open {
            vec![self.id(&["risk", "register", &f.id])]
        } else {
            Vec::new()
        };
        Some(self.verdict(Verdict {
            key: vec!["finding".into(), "register".into(), f.id.clone()],
            title: format!("{} {} ({})", f.id, f.reference, f.grade.as_str()),
            description: f.description.clone(),
            props: Self::audit_props(f),
            target,
            satisfied: !open,
            reason: (!nonconformity).then_some("other"),
            remarks: format!(
                "{} {}, {}",
                f.grade.as_str(),
                if nonconformity {
                    "nonconformity"
                } else {
                    "(no nonconformity)"
                },
                f.status.as_str()
            ),
            observations: vec![self.id(&["observation", "register", &f.id])],
            risks,
        }))
    }

    pub(super) fn audit_risk(&self, f: &Finding) -> Value {
        let ca = f.corrective_action.as_ref();
        self.risk(Risk {
            key: vec!["risk".into(), "register".into(), f.id.clone()],
            title: format!(
                "Open {} nonconformity {} ({})",
                f.grade.as_str(),
                f.id,
                f.reference
            ),
            description: f.description.clone(),
            statement: format!(
                "A {} nonconformity against {} raised by {} on {}, not closed: {}",
                f.grade.as_str(),
                f.reference,
                f.audit,
                f.raised,
                f.description
            ),
            status: match ca.map(|c| c.status) {
                Some(FindingStatus::InProgress) => "remediating",
                _ => "open",
            },
            props: Self::audit_props(f),
            deadline: ca.and_then(|c| c.due),
            observations: vec![self.id(&["observation", "register", &f.id])],
        })
    }
}

/// A major or minor nonconformity not yet closed.
pub(super) fn open_nonconformity(f: &Finding) -> bool {
    matches!(f.grade, FindingGrade::Major | FindingGrade::Minor)
        && f.status != FindingStatus::Closed
}
