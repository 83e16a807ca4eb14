//! The Statement of Applicability and the remediation plan, both from the live gap score;
//! one screen with two tabs (Tab switches), a cursor and, for the plan, a filter.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::{Kind, Status, Value};
use crate::scoring::{GapScore, RemediationItem, ScoreOptions, score_gap};
use crate::tui::app::{App, Screen};
use crate::tui::ctx::Purpose;
use crate::tui::data::WorkspaceState;
use crate::tui::keymap::Action;
use crate::tui::msg::Effect;

/// Which list is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Statement of Applicability.
    Soa,
    /// Remediation plan.
    Remediation,
}

/// Which remediation items are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Everything.
    All,
    /// Past their due date.
    Overdue,
    /// One owner's items.
    Owner(String),
}

/// State of the SoA / remediation screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlansState {
    /// The tab shown.
    pub tab: Tab,
    /// Row under the cursor.
    pub cursor: usize,
    /// Remediation filter.
    pub filter: Filter,
    /// The date overdue checks are made against.
    pub as_of: Date,
}

impl PlansState {
    /// A fresh screen on `tab`.
    pub fn new(tab: Tab, as_of: Date) -> PlansState {
        PlansState {
            tab,
            cursor: 0,
            filter: Filter::All,
            as_of,
        }
    }

    /// The next filter: all → overdue → each owner in plan order → all.
    pub fn cycle_filter(&mut self, plan: &[RemediationItem]) {
        let mut owners: Vec<&str> = Vec::new();
        for o in plan.iter().filter_map(|i| i.owner.as_deref()) {
            if !owners.contains(&o) {
                owners.push(o);
            }
        }
        self.filter = match &self.filter {
            Filter::All => Filter::Overdue,
            Filter::Overdue => owners
                .first()
                .map_or(Filter::All, |o| Filter::Owner(o.to_string())),
            Filter::Owner(cur) => owners
                .iter()
                .position(|o| o == cur)
                .and_then(|i| owners.get(i + 1))
                .map_or(Filter::All, |o| Filter::Owner(o.to_string())),
        };
        self.cursor = 0;
    }

    /// What the filter is called on screen.
    pub fn filter_label(&self) -> String {
        match &self.filter {
            Filter::All => "all".into(),
            Filter::Overdue => "overdue".into(),
            Filter::Owner(o) => format!("owner {}", crate::sanitize::line(o)),
        }
    }
}

/// The remediation items the filter lets through, in plan order.
pub fn filtered<'a>(plan: &'a [RemediationItem], f: &Filter) -> Vec<&'a RemediationItem> {
    plan.iter()
        .filter(|i| match f {
            Filter::All => true,
            Filter::Overdue => i.overdue,
            Filter::Owner(o) => i.owner.as_deref() == Some(o.as_str()),
        })
        .collect()
}

/// Scores the live gap assessment (weighted, as of `as_of`).
pub fn live_gap(catalog: &Catalog, data: &WorkspaceState, as_of: Date) -> Result<GapScore, String> {
    let (q, profile, a) = super::gap_inputs(catalog, data)?;
    let opts = ScoreOptions {
        as_of,
        weighted: true,
    };
    Ok(score_gap(q, &a, &profile, opts))
}

/// Opens the screen on a tab, as of today.
pub fn open(app: &mut App, tab: Tab) {
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    app.screen = Screen::Plans(Box::new(PlansState::new(tab, today)));
}

/// Rows in the current tab.
pub fn len(gap: &GapScore, s: &PlansState) -> usize {
    match s.tab {
        Tab::Soa => gap.soa.len(),
        Tab::Remediation => filtered(&gap.remediation, &s.filter).len(),
    }
}

/// Moves, switches tab, cycles the filter, goes back.
pub fn action(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Plans(s) = &mut app.screen else {
        return Vec::new();
    };
    let scored = app.ctx.scored.gap(&app.ctx.catalog, &app.ctx.data, s.as_of);
    let gap = match scored.as_ref() {
        Ok(g) => g,
        Err(e) => {
            app.ctx.status = Some(e.clone());
            return Vec::new();
        }
    };
    let last = len(gap, s).saturating_sub(1);
    if super::move_in_list(&mut s.cursor, action, last) {
        return Vec::new();
    }
    match action {
        Action::NextPane => {
            s.tab = if s.tab == Tab::Soa {
                Tab::Remediation
            } else {
                Tab::Soa
            };
            s.cursor = 0;
        }
        Action::NextFilter if s.tab == Tab::Remediation => s.cycle_filter(&gap.remediation),
        Action::Edit if s.tab == Tab::Soa => {
            let entry = gap.soa.get(s.cursor).cloned();
            edit_justification(app, entry.as_ref());
        }
        Action::Back => app.screen = Screen::Home(Default::default()),
        _ => {}
    }
    Vec::new()
}

/// Opens the editor on an excluded control's justification.
fn edit_justification(app: &mut App, entry: Option<&crate::scoring::SoaEntry>) {
    let Some(e) = entry else { return };
    if e.applicable {
        app.ctx.status = Some(format!(
            "{} is applicable: only excluded controls need a justification",
            crate::sanitize::line(&e.reference)
        ));
        return;
    }
    let purpose = Purpose::SoaJustification(e.section.clone());
    let current = e.justification.clone().filter(|_| e.error.is_none());
    app.edit(
        crate::tui::flow::editor_title(&purpose),
        purpose,
        &current.unwrap_or_default(),
        true,
    );
}

/// Writes `text` as the justification of every out-of-scope answer of the control's section
/// (section id) in the gap assessment, which is what the SoA reads.
pub fn justify(app: &mut App, section: &str, text: &str) -> Result<Vec<Effect>, String> {
    let q = app
        .ctx
        .catalog
        .questionnaire_of_kind(Kind::Gap)
        .ok_or("no gap questionnaire in the catalog")?;
    let ids: Vec<String> = q
        .section(section)
        .map(|s| s.questions.iter().map(|x| x.id.clone()).collect())
        .unwrap_or_default();
    let qid = q.id.clone();
    let mut changed = 0;
    let mut touched = Vec::new();
    let a = app
        .ctx
        .data
        .assessments
        .iter_mut()
        .find(|a| a.questionnaire == qid && a.subject.is_none());
    let mut a = a;
    for id in &ids {
        if let Some(ans) = a.as_deref_mut().and_then(|a| a.answers.get_mut(id))
            && ans.value == Value::Status(Status::OutOfScope)
        {
            ans.justification = Some(text.to_string());
            changed += 1;
            touched.push(crate::model::AnswerTarget {
                questionnaire: qid.to_string(),
                subject: None,
                entry: None,
                question: id.clone(),
            });
        }
    }
    for t in touched {
        app.ctx.data.touch_answer(t);
    }
    if changed == 0 {
        return Err("no out-of-scope answer in this control to justify".into());
    }
    Ok(vec![Effect::Persist])
}
