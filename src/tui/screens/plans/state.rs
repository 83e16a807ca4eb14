//! The Statement of Applicability and the remediation plan, both from the live gap score;
//! one screen with two tabs (Tab switches), a cursor and, for the plan, a filter.

use jiff::civil::Date;

use crate::catalog::Catalog;
use crate::model::{Kind, Status, Value};
use crate::scoring::{GapScore, RemediationItem, ScoreOptions, score_gap};

use crate::tui::ctx::Ctx;
use crate::tui::data::WorkspaceState;
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
#[derive(Debug, Clone, PartialEq)]
pub struct PlansState {
    /// The tab shown.
    pub tab: Tab,
    /// Row under the cursor.
    pub cursor: usize,
    /// Remediation filter.
    pub filter: Filter,
    /// The date overdue checks are made against.
    pub as_of: Date,
    /// The live gap assessment scored (or why it cannot be): built when the screen opens
    /// and when the workspace changes.
    pub gap: crate::tui::screens::LiveGap,
}

impl PlansState {
    /// A fresh screen on `tab`.
    pub fn new(tab: Tab, as_of: Date) -> PlansState {
        PlansState {
            tab,
            cursor: 0,
            filter: Filter::All,
            as_of,
            gap: std::sync::Arc::new(Err("not scored yet".into())),
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
    let (q, profile, a) = crate::tui::screens::gap_inputs(catalog, data)?;
    let opts = ScoreOptions {
        as_of,
        weighted: true,
    };
    Ok(score_gap(q, &a, &profile, opts))
}

/// Rows in the current tab.
pub fn len(gap: &GapScore, s: &PlansState) -> usize {
    match s.tab {
        Tab::Soa => gap.soa.len(),
        Tab::Remediation => filtered(&gap.remediation, &s.filter).len(),
    }
}

/// Writes `text` as the justification of every out-of-scope answer of the control's section
/// (section id) in the gap assessment, which is what the SoA reads.
pub fn justify(ctx: &mut Ctx, section: &str, text: &str) -> Result<Vec<Effect>, String> {
    let q = ctx
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
    let a = ctx
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
        ctx.data.touch_answer(t);
    }
    if changed == 0 {
        return Err("no out-of-scope answer in this control to justify".into());
    }
    Ok(vec![Effect::Persist])
}
