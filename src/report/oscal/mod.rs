//! NIST OSCAL 1.0.6 assessment results (JSON). The mapping is documented in `docs/oscal.md`:
//!
//! - one `result` for the gap assessment; `reviewed-controls` lists the heatmap's sub-clauses
//!   and controls (out-of-scope ones as `exclude-controls`);
//! - one `observation` per answered gap question (its answer, note and evidence);
//! - one `finding` per scored sub-clause or control: Met → `satisfied`; Partial and Gap →
//!   `not-satisfied`, with a `status` prop (`partial` / `gap`) and the readiness as
//!   a `readiness` prop, since OSCAL has no partial state (every prop is in the [`NS`]
//!   namespace and named the same wherever it appears);
//! - one `risk` per remediation item still at Gap, linked from its control's finding;
//! - one `result` per AI system impact assessment ([`aiia`]), per vendor review ([`vendor`])
//!   and one for the audit findings register ([`register`]).
//!
//! UUIDs are derived from the snapshot digest and ids ([`super::uuid`]) so the same snapshot
//! always gives the same document.

mod aiia;
pub mod poam;
mod register;
mod vendor;

use serde_json::{Map, Value, json};

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
            "metadata": o.metadata("assessment results"),
            "import-ap": {
                "href": format!("#{plan}"),
                "remarks": "No separate OSCAL assessment plan: the plan is the clausewise questionnaire named in back-matter."
            },
            "results": o.results(),
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

    /// [`Self::id`] over owned parts.
    fn id_of(&self, parts: &[String]) -> String {
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        self.id(&parts)
    }

    /// Document metadata; the title names `what` the document is.
    fn metadata(&self, what: &str) -> Value {
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
            "title": format!("ISO/IEC 42001 {what} — {}", party_name(&m.organization)),
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

    /// Every result: the gap assessment, then each AIIA and vendor review (when scored),
    /// then the audit findings register (when it has findings).
    fn results(&self) -> Vec<Value> {
        let mut out = vec![self.result()];
        out.extend(self.aiia_results());
        out.extend(self.vendor_results());
        out.extend(self.register_result());
        out
    }

    /// The required part of a result: uuid, title, description, times and a control
    /// selection (`include-all` when `controls` is empty).
    fn result_shell(
        &self,
        key: &[&str],
        title: String,
        description: String,
        controls: &[String],
    ) -> Map<String, Value> {
        let mut selection = Map::new();
        selection.insert(
            "description".into(),
            "Controls this result speaks to.".into(),
        );
        if controls.is_empty() {
            selection.insert("include-all".into(), json!({}));
        } else {
            let ids: Vec<Value> = controls
                .iter()
                .map(|c| json!({ "control-id": c }))
                .collect();
            selection.insert("include-controls".into(), Value::Array(ids));
        }
        let mut r = Map::new();
        r.insert("uuid".into(), self.id(key).into());
        r.insert("title".into(), party_name(&title).into());
        r.insert("description".into(), description.into());
        r.insert("start".into(), self.time.clone().into());
        r.insert("end".into(), self.time.clone().into());
        r.insert(
            "reviewed-controls".into(),
            json!({ "control-selections": [Value::Object(selection)] }),
        );
        r
    }

    /// A subject of the snapshot as a result's local component (`software` for an AI system,
    /// `service` for a vendor), whose UUID observations name in their `subjects`.
    fn component(&self, subject: &str, kind: &str) -> Value {
        let s = self.ctx.snapshot.subjects.iter().find(|s| s.id == subject);
        let description = s
            .and_then(|s| one_line(&s.description))
            .unwrap_or_else(|| format!("Subject {}.", party_name(subject)));
        let state = match s.and_then(|s| s.lifecycle_stage) {
            Some(crate::model::LifecycleStage::Operation) => "operational",
            Some(crate::model::LifecycleStage::Retired) => "disposition",
            Some(_) => "under-development",
            None => "other",
        };
        let mut props = vec![prop("subject-id", subject)];
        props.extend(s.and_then(|s| s.owner.as_deref()).map(|o| prop("owner", o)));
        json!({
            "uuid": self.id(&["component", subject]),
            "type": kind,
            "title": party_name(&self.ctx.subject_name(subject)),
            "description": description,
            "props": props.into_iter().flatten().collect::<Vec<_>>(),
            "status": { "state": state },
        })
    }

    /// The `subjects` entry pointing at a subject's component.
    fn subject_ref(&self, subject: &str) -> Value {
        json!([{ "subject-uuid": self.id(&["component", subject]), "type": "component" }])
    }

    /// An OSCAL finding about one objective: `not-satisfied` / `fail` unless `satisfied`,
    /// linked to observations and risks by UUID.
    fn verdict(&self, v: Verdict) -> Value {
        let (state, reason) = match (v.satisfied, v.reason) {
            (_, Some(r)) => (
                if v.satisfied {
                    "satisfied"
                } else {
                    "not-satisfied"
                },
                r,
            ),
            (true, None) => ("satisfied", "pass"),
            (false, None) => ("not-satisfied", "fail"),
        };
        let mut f = Map::new();
        f.insert("uuid".into(), self.id_of(&v.key).into());
        f.insert("title".into(), party_name(&v.title).into());
        f.insert("description".into(), v.description.into());
        let props: Vec<Value> = v.props.into_iter().flatten().collect();
        put(&mut f, "props", props);
        f.insert(
            "target".into(),
            json!({
                "type": "objective-id",
                "target-id": v.target,
                "status": { "state": state, "reason": reason, "remarks": v.remarks }
            }),
        );
        let links = |key: &str, ids: Vec<String>| -> Vec<Value> {
            ids.into_iter().map(|u| json!({ key: u })).collect()
        };
        put(
            &mut f,
            "related-observations",
            links("observation-uuid", v.observations),
        );
        put(&mut f, "related-risks", links("risk-uuid", v.risks));
        Value::Object(f)
    }

    /// An open (or otherwise stated) OSCAL risk.
    fn risk(&self, r: Risk) -> Value {
        let mut m = Map::new();
        m.insert("uuid".into(), self.id_of(&r.key).into());
        m.insert("title".into(), party_name(&r.title).into());
        m.insert("description".into(), r.description.into());
        m.insert("statement".into(), r.statement.into());
        m.insert("status".into(), r.status.into());
        let props: Vec<Value> = r.props.into_iter().flatten().collect();
        put(&mut m, "props", props);
        if let Some(d) = r.deadline {
            m.insert("deadline".into(), format!("{d}T00:00:00Z").into());
        }
        let obs: Vec<Value> = r
            .observations
            .into_iter()
            .map(|u| json!({ "observation-uuid": u }))
            .collect();
        put(&mut m, "related-observations", obs);
        Value::Object(m)
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
        if let Some(why) = r.reason() {
            desc.push_str(&format!("\nCounted as: {why}"));
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
        let label = n.label();
        let props: Vec<Value> = [
            prop("status", status_name(n.status)),
            prop("readiness", &pct(n.readiness)),
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
            .filter(|q| answered.contains(&&***q))
            .map(|q| json!({ "observation-uuid": self.id(&["observation", q]) }))
            .collect();
        if !obs.is_empty() {
            o.insert("related-observations".into(), Value::Array(obs));
        }
        let risks: Vec<Value> = gap_items(g)
            .filter(|i| n.questions.iter().any(|q| **q == *i.question))
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
    control_token(n.label())
}

/// [`control_id`] for a bare reference such as `6.1.4` or `A.10.3`.
pub fn control_token(r: &str) -> Option<String> {
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

/// What [`Oscal::verdict`] turns into an OSCAL finding.
struct Verdict {
    /// UUID path.
    key: Vec<String>,
    title: String,
    description: String,
    props: Vec<Option<Value>>,
    /// The objective (`iso42001-…`).
    target: String,
    satisfied: bool,
    /// Overrides `pass` / `fail`.
    reason: Option<&'static str>,
    remarks: String,
    observations: Vec<String>,
    risks: Vec<String>,
}

/// What [`Oscal::risk`] turns into an OSCAL risk.
struct Risk {
    /// UUID path.
    key: Vec<String>,
    title: String,
    description: String,
    statement: String,
    /// `open`, `remediating`, …
    status: &'static str,
    props: Vec<Option<Value>>,
    deadline: Option<jiff::civil::Date>,
    observations: Vec<String>,
}

/// Inserts `items` under `key` unless there are none (OSCAL arrays have `minItems: 1`).
fn put(map: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        map.insert(key.into(), Value::Array(items));
    }
}

/// `yes` / `no` for a boolean prop.
fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}
