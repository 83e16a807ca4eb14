//! The audit findings register: the workspace's findings, overdue and repeat ones first,
//! with a form to add or edit a finding and a confirmation before deleting one.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::{CorrectiveAction, Finding, FindingGrade, FindingStatus, Kind};
use crate::tui::answers::parse_date;

use crate::tui::ctx::Ctx;
use crate::tui::form::{Check, Field, Form, FormKind};
use crate::tui::msg::Effect;

/// State of the findings screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingsState {
    /// Row under the cursor (in [`register`] order).
    pub cursor: usize,
    /// The date overdue checks are made against.
    pub as_of: Date,
    /// The register's order and flags (indexes into the workspace's findings): built when
    /// the screen opens and when the workspace changes.
    pub register: Vec<(usize, Flags)>,
}

impl FindingsState {
    /// The register as of `as_of`, cursor on the first finding.
    pub fn new(as_of: Date) -> FindingsState {
        FindingsState {
            cursor: 0,
            as_of,
            register: Vec::new(),
        }
    }
}

/// Why a finding is listed first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    /// Its corrective action is past due and the finding is not closed.
    pub overdue: bool,
    /// An earlier finding on the same clause or control was closed: it came back.
    pub repeat: bool,
}

impl Flags {
    /// Needs attention (listed first).
    pub fn any(self) -> bool {
        self.overdue || self.repeat
    }
}

/// Grades with their labels, in picker order.
pub const GRADES: [(FindingGrade, &str); 4] = [
    (FindingGrade::Major, "major"),
    (FindingGrade::Minor, "minor"),
    (FindingGrade::Observation, "observation"),
    (FindingGrade::Opportunity, "OFI"),
];

/// Statuses with their labels, in picker order.
pub const STATUSES: [(FindingStatus, &str); 3] = [
    (FindingStatus::Open, "open"),
    (FindingStatus::InProgress, "in progress"),
    (FindingStatus::Closed, "closed"),
];

/// The label of a grade.
pub fn grade_label(g: FindingGrade) -> &'static str {
    GRADES.iter().find(|(x, _)| *x == g).map_or("?", |(_, l)| l)
}

/// The label of a status.
pub fn status_label(s: FindingStatus) -> &'static str {
    STATUSES
        .iter()
        .find(|(x, _)| *x == s)
        .map_or("?", |(_, l)| l)
}

/// The closed findings raised before `f` on the same clause or control: `f` is a repeat.
pub fn earlier_closed<'a>(f: &'a Finding, all: &'a [Finding]) -> impl Iterator<Item = &'a Finding> {
    all.iter().filter(move |o| {
        o.id != f.id
            && o.status == FindingStatus::Closed
            && o.raised < f.raised
            && o.reference.trim().eq_ignore_ascii_case(f.reference.trim())
    })
}

/// The overdue and repeat flags of `f` among `all`.
pub fn flags(f: &Finding, all: &[Finding], as_of: Date) -> Flags {
    let open = f.status != FindingStatus::Closed;
    let due = f.corrective_action.as_ref().and_then(|c| c.due);
    Flags {
        overdue: open && due.is_some_and(|d| d < as_of),
        repeat: earlier_closed(f, all).next().is_some(),
    }
}

/// Indexes into `findings` with their flags: flagged first, then by grade, raised and id.
pub fn register(findings: &[Finding], as_of: Date) -> Vec<(usize, Flags)> {
    let mut rows: Vec<(usize, Flags)> = findings
        .iter()
        .enumerate()
        .map(|(i, f)| (i, flags(f, findings, as_of)))
        .collect();
    rows.sort_by_key(|(i, fl)| {
        let f = findings.get(*i);
        (
            !fl.any(),
            f.map(|f| f.status == FindingStatus::Closed),
            f.map(|f| f.grade),
            f.map(|f| (f.raised, f.id.clone())),
        )
    });
    rows
}

/// The clause and control references of the gap questionnaire's sections.
pub fn gap_refs(catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(q) = catalog.questionnaire_of_kind(Kind::Gap) {
        q.walk_sections(&mut |s, _| out.extend(s.reference.clone()));
    }
    out
}

/// The first question of the gap section with this reference (or of its sub-sections).
pub fn first_question(catalog: &Catalog, reference: &str) -> Option<(String, String)> {
    let q = catalog.questionnaire_of_kind(Kind::Gap)?;
    let mut found = None;
    q.walk_sections(&mut |s, path| {
        let inside = path
            .iter()
            .chain(std::iter::once(&s))
            .any(|p| p.reference.as_deref() == Some(reference));
        if found.is_none() && inside {
            found = s.questions.first().map(|x| x.id.clone());
        }
    });
    found.map(|f| (q.id.clone(), f))
}

/// A fresh id `F-<year>-NN` not used in the register.
pub fn next_id(findings: &[Finding], today: Date) -> String {
    (1..)
        .map(|n| format!("F-{}-{n:02}", today.year()))
        .find(|id| !findings.iter().any(|f| &f.id == id))
        .unwrap_or_default()
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn status_labels() -> Vec<&'static str> {
    STATUSES.iter().map(|(_, l)| *l).collect()
}

/// The finding's own fields (id, grade, clause/control, audit, description, raised, status).
fn finding_fields(f: Option<&Finding>, id: String, refs: Vec<String>, today: Date) -> Vec<Field> {
    let grades: Vec<&str> = GRADES.iter().map(|(_, l)| *l).collect();
    let text = |get: fn(&Finding) -> &str| f.map(get).unwrap_or_default().to_string();
    vec![
        Field::text("id", id, Check::Required),
        Field::pick(
            "grade",
            f.map_or("", |f| grade_label(f.grade)),
            &grades,
            false,
        ),
        Field::text("clause/control", text(|f| &f.reference), Check::OneOf(refs)),
        Field::text("audit", text(|f| &f.audit), Check::Required),
        Field::long("description", text(|f| &f.description), Check::Required),
        Field::text(
            "raised",
            date_text(Some(f.map_or(today, |f| f.raised))),
            Check::Date,
        ),
        Field::pick(
            "status",
            f.map_or("", |f| status_label(f.status)),
            &status_labels(),
            false,
        ),
    ]
}

/// The corrective action's fields (root cause, action, owner, due, status, effectiveness).
fn action_fields(ca: Option<&CorrectiveAction>) -> Vec<Field> {
    let text = |get: fn(&CorrectiveAction) -> &str| ca.map(get).unwrap_or_default().to_string();
    let status = ca.map_or("", |c| status_label(c.status));
    vec![
        Field::long("root cause", text(|c| &c.root_cause), Check::Any),
        Field::long("action", text(|c| &c.action), Check::Any),
        Field::text(
            "owner",
            text(|c| c.owner.as_deref().unwrap_or_default()),
            Check::Any,
        ),
        Field::text(
            "due",
            date_text(ca.and_then(|c| c.due)),
            Check::OptionalDate,
        ),
        Field::pick("action status", status, &status_labels(), false),
        Field::long(
            "effectiveness",
            text(|c| &c.effectiveness_evidence),
            Check::Any,
        ),
    ]
}

/// The form for a new finding (`f` is `None`) or for editing `f`.
pub fn form(f: Option<&Finding>, id: String, refs: Vec<String>, today: Date) -> Form {
    let mut fields = finding_fields(f, id, refs, today);
    fields.extend(action_fields(f.and_then(|f| f.corrective_action.as_ref())));
    let title = match f {
        Some(f) => format!("Finding {}", crate::sanitize::line(&f.id)),
        None => "New finding".to_string(),
    };
    Form::new(title, FormKind::Finding(f.map(|f| f.id.clone())), fields)
}

/// The finding a checked form describes.
pub fn finding_of(form: &Form) -> Result<Finding, String> {
    form.check_all()?;
    let v = |l: &str| form.value(l).to_string();
    let grade = GRADES.iter().find(|(_, l)| *l == form.value("grade"));
    let status = |l: &str| {
        STATUSES
            .iter()
            .find(|(_, s)| *s == form.value(l))
            .map(|x| x.0)
    };
    let due = match form.value("due") {
        "" => None,
        d => Some(parse_date(d)?),
    };
    let ca = CorrectiveAction {
        root_cause: v("root cause"),
        action: v("action"),
        owner: Some(v("owner")).filter(|o| !o.is_empty()),
        due,
        status: status("action status").unwrap_or(FindingStatus::Open),
        effectiveness_evidence: v("effectiveness"),
    };
    let empty = ca.root_cause.is_empty()
        && ca.action.is_empty()
        && ca.owner.is_none()
        && ca.due.is_none()
        && ca.effectiveness_evidence.is_empty();
    Ok(Finding {
        id: v("id"),
        grade: grade.map_or(FindingGrade::Minor, |g| g.0),
        reference: v("clause/control"),
        audit: v("audit"),
        description: v("description"),
        raised: parse_date(form.value("raised"))?,
        status: status("status").unwrap_or(FindingStatus::Open),
        corrective_action: (!empty).then_some(ca),
    })
}

/// Stores a submitted finding form (a new finding, or the edited one); `Err` keeps it open.
pub fn submit(ctx: &mut Ctx, form: &Form) -> Result<Vec<Effect>, String> {
    let FormKind::Finding(editing) = &form.kind else {
        return Err("not a finding form".into());
    };
    let f = finding_of(form)?;
    let clash = ctx
        .data
        .findings
        .iter()
        .any(|o| o.id == f.id && Some(&o.id) != editing.as_ref());
    if clash {
        return Err(format!("id {} is already used: choose another", f.id));
    }
    if let Some(old) = &editing {
        ctx.data.touch_finding(old);
    }
    ctx.data.touch_finding(&f.id);
    match editing
        .as_ref()
        .and_then(|id| ctx.data.findings.iter_mut().find(|o| &o.id == id))
    {
        Some(slot) => *slot = f,
        None => ctx.data.findings.push(f),
    }
    Ok(vec![Effect::Persist])
}

/// Deletes a finding by id (after the confirmation).
pub fn delete(ctx: &mut Ctx, id: &str) -> Vec<Effect> {
    ctx.data.findings.retain(|f| f.id != id);
    ctx.data.touch_finding(id);
    vec![Effect::Persist]
}
