//! NIST OSCAL 1.0.6 assessment results (JSON). The mapping is documented in `docs/oscal.md`:
//!
//! - one `result` for the gap assessment; `reviewed-controls` lists the heatmap's sub-clauses
//!   and controls (out-of-scope ones as `exclude-controls`);
//! - one `observation` per answered gap question (its answer, note and evidence);
//! - one `finding` per scored sub-clause or control: Met → `satisfied`; Partial and Gap →
//!   `not-satisfied`, with a `clausewise-status` prop (`partial` / `gap`) and the readiness as
//!   a `clausewise-readiness` prop, since OSCAL has no partial state;
//! - one `risk` per remediation item still at Gap, linked from its control's finding.
//!
//! UUIDs are derived from the snapshot digest and ids ([`super::uuid`]) so the same snapshot
//! always gives the same document.

use serde_json::{Value, json};

use super::escape::{pct, status_name};
use super::rows::{QuestionRow, assessment_rows, value_text};
use super::{Context, json as canon, uuid};
use crate::scoring::{GapScore, NodeScore, NodeStatus, RemediationItem};

/// The OSCAL version the output conforms to.
pub const OSCAL_VERSION: &str = "1.0.6";
/// Namespace of clausewise's own props.
pub const NS: &str = "https://clausewise.dev/ns/oscal";

/// The assessment-results document, pretty-printed with a trailing newline.
pub fn render(ctx: &Context<'_>) -> String {
    let o = Oscal::new(ctx);
    let plan = o.id(&["back-matter", "assessment-plan"]);
    let doc = json!({
        "assessment-results": {
            "uuid": o.id(&["assessment-results"]),
            "metadata": o.metadata(),
            "import-ap": {
                "href": format!("#{plan}"),
                "remarks": "No separate OSCAL assessment plan: the plan is the clausewise questionnaire named in back-matter."
            },
            "results": [o.result()],
            "back-matter": { "resources": [o.plan_resource(&plan)] },
        }
    });
    canon::to_canonical_string(doc)
}

/// Builder state: the context and the UUID seed.
struct Oscal<'c, 'a> {
    ctx: &'c Context<'a>,
    seed: String,
    time: String,
}

impl<'c, 'a> Oscal<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        let seed = ctx.snapshot.digest.clone().unwrap_or_else(|| {
            let bytes = serde_json::to_vec(ctx.snapshot).unwrap_or_default();
            uuid::derive("undigested", &[&String::from_utf8_lossy(&bytes)])
        });
        Oscal {
            ctx,
            seed,
            time: ctx.snapshot.meta.created_at.to_string(),
        }
    }

    fn id(&self, parts: &[&str]) -> String {
        uuid::derive(&self.seed, parts)
    }

    fn metadata(&self) -> Value {
        let m = &self.ctx.snapshot.meta;
        let org = self.id(&["party", "organization"]);
        let assessor = self.id(&["party", "assessor"]);
        let mut props = vec![prop("cycle", &m.cycle), prop("profile", &m.profile)];
        props.extend(
            self.ctx
                .snapshot
                .digest
                .as_deref()
                .map(|d| prop("snapshot-digest", d)),
        );
        json!({
            "title": format!("ISO/IEC 42001 assessment results — {}", m.organization),
            "last-modified": self.time,
            "version": one_line(&m.cycle).unwrap_or_else(|| "1".into()),
            "oscal-version": OSCAL_VERSION,
            "props": props.into_iter().flatten().collect::<Vec<_>>(),
            "roles": [
                { "id": "assessor", "title": "Assessor" },
                { "id": "prepared-for", "title": "Prepared for" }
            ],
            "parties": [
                { "uuid": org, "type": "organization", "name": party_name(&m.organization) },
                { "uuid": assessor, "type": "person", "name": party_name(&m.assessor) }
            ],
            "responsible-parties": [
                { "role-id": "assessor", "party-uuids": [assessor] },
                { "role-id": "prepared-for", "party-uuids": [org] }
            ]
        })
    }

    fn plan_resource(&self, uuid: &str) -> Value {
        let stamps: Vec<String> = self
            .ctx
            .snapshot
            .questionnaires
            .iter()
            .map(|q| format!("{} {} ({})", q.id, q.version, q.sha256))
            .collect();
        json!({
            "uuid": uuid,
            "title": "Assessment plan: clausewise questionnaires",
            "description": if stamps.is_empty() { "Questionnaires not recorded in the snapshot.".to_string() } else { stamps.join("; ") },
        })
    }

    fn result(&self) -> Value {
        let gap = self.ctx.scorecard().and_then(|c| c.gap.as_ref());
        let rows = self.gap_rows(gap);
        let observations: Vec<Value> = rows.iter().filter_map(|r| self.observation(r)).collect();
        let mut result = json!({
            "uuid": self.id(&["result", "gap"]),
            "title": "ISO/IEC 42001:2023 gap assessment",
            "description": format!("Gap assessment of {} ({}).", self.ctx.snapshot.meta.organization, self.ctx.snapshot.meta.cycle),
            "start": self.time,
            "end": self.time,
            "reviewed-controls": { "control-selections": [self.selection(gap)] },
        });
        let Value::Object(r) = &mut result else {
            return result;
        };
        if !observations.is_empty() {
            r.insert("observations".into(), Value::Array(observations));
        }
        match gap {
            Some(g) => {
                let risks = self.risks(g);
                if !risks.is_empty() {
                    r.insert("risks".into(), Value::Array(risks));
                }
                let findings = self.findings(g);
                if !findings.is_empty() {
                    r.insert("findings".into(), Value::Array(findings));
                }
            }
            None => {
                r.insert(
                    "remarks".into(),
                    "Scorecard not computed: observations only, no findings or risks.".into(),
                );
            }
        }
        result
    }

    /// The rows of the organization's gap assessment (the scored one, else the first gap).
    fn gap_rows(&self, gap: Option<&GapScore>) -> Vec<QuestionRow<'a>> {
        let is_gap = |a: &&crate::model::Assessment| {
            a.subject.is_none()
                && gap.is_none_or(|g| g.questionnaire == a.questionnaire)
                && self
                    .ctx
                    .questionnaire(&a.questionnaire)
                    .is_none_or(|q| q.kind == crate::model::Kind::Gap)
        };
        self.ctx
            .snapshot
            .assessments
            .iter()
            .find(is_gap)
            .map(|a| assessment_rows(self.ctx, a))
            .unwrap_or_default()
    }

    fn selection(&self, gap: Option<&GapScore>) -> Value {
        let cells: Vec<&NodeScore> = gap
            .map(|g| g.rows.iter().flat_map(|r| &r.cells).collect())
            .unwrap_or_default();
        let pick = |out: bool| -> Vec<Value> {
            cells
                .iter()
                .filter(|n| (n.status == NodeStatus::OutOfScope) == out)
                .filter_map(|n| control_id(n))
                .map(|id| json!({ "control-id": id }))
                .collect()
        };
        let (include, exclude) = (pick(false), pick(true));
        let mut sel =
            json!({ "description": "ISO/IEC 42001:2023 clauses 4–10 and Annex A controls." });
        let Value::Object(s) = &mut sel else {
            return sel;
        };
        if include.is_empty() {
            s.insert("include-all".into(), json!({}));
        } else {
            s.insert("include-controls".into(), Value::Array(include));
        }
        if !exclude.is_empty() {
            s.insert("exclude-controls".into(), Value::Array(exclude));
        }
        sel
    }

    fn observation(&self, r: &QuestionRow<'_>) -> Option<Value> {
        let a = r.answer?;
        let prompt = r.question.map_or(r.question_id, |q| q.prompt.as_str());
        let mut desc = format!("{prompt}\nAnswer: {}", value_text(&a.value));
        if !a.note.is_empty() {
            desc.push_str(&format!("\nNote: {}", a.note));
        }
        let mut props = vec![prop("question-id", r.question_id)];
        props.extend(r.section_ref().map(|s| prop("clause", s)));
        props.push(r.status().and_then(|s| prop("status", status_name(s))));
        let mut obs = json!({
            "uuid": self.id(&["observation", r.question_id]),
            "title": r.question_id,
            "description": desc,
            "methods": [if a.evidence.is_empty() { "INTERVIEW" } else { "EXAMINE" }],
            "collected": a.answered_at.map_or_else(|| self.time.clone(), |t| t.to_string()),
            "props": props.into_iter().flatten().collect::<Vec<_>>(),
        });
        let evidence: Vec<Value> = a
            .evidence
            .iter()
            .map(|e| json!({ "description": format!("{}{}", e.reference, e.date.map(|d| format!(" ({d})")).unwrap_or_default()) }))
            .collect();
        if let (Value::Object(o), false) = (&mut obs, evidence.is_empty()) {
            o.insert("relevant-evidence".into(), Value::Array(evidence));
        }
        Some(obs)
    }

    fn findings(&self, g: &GapScore) -> Vec<Value> {
        let answered: Vec<&str> = self
            .gap_rows(Some(g))
            .iter()
            .filter(|r| r.answer.is_some())
            .map(|r| r.question_id)
            .collect();
        g.rows
            .iter()
            .flat_map(|r| &r.cells)
            .filter_map(|n| self.finding(n, g, &answered))
            .collect()
    }

    fn finding(&self, n: &NodeScore, g: &GapScore, answered: &[&str]) -> Option<Value> {
        let (state, reason) = match n.status {
            NodeStatus::Met => ("satisfied", "pass"),
            NodeStatus::Partial | NodeStatus::Gap => ("not-satisfied", "fail"),
            _ => return None,
        };
        let target = control_id(n)?;
        let label = n.reference.as_deref().unwrap_or(&n.id);
        let props: Vec<Value> = [
            prop("clausewise-status", status_name(n.status)),
            prop("clausewise-readiness", &pct(n.readiness)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut f = json!({
            "uuid": self.id(&["finding", &n.id]),
            "title": format!("{label} {}", n.title),
            "description": format!("{label} {}: {} (readiness {}, {} met, {} partial, {} gap).", n.title, status_name(n.status), pct(n.readiness), n.counts.met, n.counts.partial, n.counts.gap),
            "props": props,
            "target": {
                "type": "objective-id",
                "target-id": target,
                "status": { "state": state, "reason": reason, "remarks": format!("clausewise status: {}", status_name(n.status)) }
            },
        });
        let Value::Object(o) = &mut f else {
            return Some(f);
        };
        let obs: Vec<Value> = n
            .questions
            .iter()
            .filter(|q| answered.contains(&q.as_str()))
            .map(|q| json!({ "observation-uuid": self.id(&["observation", q]) }))
            .collect();
        if !obs.is_empty() {
            o.insert("related-observations".into(), Value::Array(obs));
        }
        let risks: Vec<Value> = gap_items(g)
            .filter(|i| n.questions.contains(&i.question))
            .map(|i| json!({ "risk-uuid": self.id(&["risk", &i.question]) }))
            .collect();
        if !risks.is_empty() {
            o.insert("related-risks".into(), Value::Array(risks));
        }
        Some(f)
    }

    fn risks(&self, g: &GapScore) -> Vec<Value> {
        gap_items(g)
            .map(|i| {
                let label = i.reference.as_deref().unwrap_or(&i.question);
                let mut props = vec![
                    prop("question-id", &i.question),
                    prop("priority", &format!("{:.2}", i.priority)),
                ];
                props.extend(i.owner.as_deref().map(|o| prop("owner", o)));
                let mut risk = json!({
                    "uuid": self.id(&["risk", &i.question]),
                    "title": format!("Gap: {label}"),
                    "description": i.prompt,
                    "statement": format!("Requirement not in place ({label}): {}", i.prompt),
                    "status": "open",
                    "props": props.into_iter().flatten().collect::<Vec<_>>(),
                });
                if let (Value::Object(o), Some(d)) = (&mut risk, i.due) {
                    o.insert("deadline".into(), format!("{d}T00:00:00Z").into());
                }
                risk
            })
            .collect()
    }
}

fn gap_items(g: &GapScore) -> impl Iterator<Item = &RemediationItem> {
    g.remediation.iter().filter(|i| i.status == NodeStatus::Gap)
}

/// An OSCAL token for a clause or control: `iso42001-` + the lowercased reference
/// (`4.1` → `iso42001-4.1`, `A.6.2.4` → `iso42001-a.6.2.4`); tokens may not start with a digit.
pub fn control_id(n: &NodeScore) -> Option<String> {
    let r = n.reference.as_deref().unwrap_or(&n.id);
    let body: String = r
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') => {
                Some(c.to_ascii_lowercase())
            }
            ' ' => Some('-'),
            _ => None,
        })
        .collect();
    (!body.is_empty()).then(|| format!("iso42001-{body}"))
}

/// A single-line, trimmed, non-empty string (OSCAL's `StringDatatype`), if any is left.
fn one_line(s: &str) -> Option<String> {
    let t = crate::sanitize::line(s).trim().to_string();
    (!t.is_empty()).then_some(t)
}

fn party_name(s: &str) -> String {
    one_line(s).unwrap_or_else(|| "(not recorded)".into())
}

/// A clausewise prop in our namespace; `None` when the value is blank.
fn prop(name: &str, value: &str) -> Option<Value> {
    one_line(value).map(|v| json!({ "name": name, "ns": NS, "value": v }))
}
