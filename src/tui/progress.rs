//! Progress (answered / applicable) from outline rows, and section readiness from scoring.

use super::answers::answer_of;
use super::applicability::Context;
use super::data::WorkspaceState;
use super::outline::{self, Row};
use crate::catalog::Catalog;
use crate::model::Assessment;
use jiff::civil::Date;

/// Answered and applicable question counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Applicable questions with an answer.
    pub answered: usize,
    /// Applicable questions.
    pub applicable: usize,
}

impl Progress {
    /// Counts one more applicable question, answered when `answered` is 1.
    fn add(&mut self, answered: usize) {
        self.applicable += 1;
        self.answered += answered;
    }

    /// Answered share, 0–1.
    pub fn ratio(&self) -> f64 {
        if self.applicable == 0 {
            0.0
        } else {
            self.answered as f64 / self.applicable as f64
        }
    }
}

/// Progress over rows (optionally only those under one top-level section).
pub fn of_rows(rows: &[Row], a: &Assessment, top: Option<usize>) -> Progress {
    let mut p = Progress::default();
    for r in rows
        .iter()
        .filter(|r| r.applicable && r.question().is_some() && top.is_none_or(|t| r.top == t))
    {
        p.applicable += 1;
        if answer_of(a, r).is_some() {
            p.answered += 1;
        }
    }
    p
}

/// Readiness of top-level section `top`, 0–1, exactly as the scorecard computes it
/// (question and profile weights, the evidence rule, out of scope left out, unanswered as 0);
/// `None` for an unscored section or an unknown profile.
pub fn readiness(
    catalog: &Catalog,
    data: &WorkspaceState,
    a: &Assessment,
    top: usize,
    as_of: Date,
) -> Option<f64> {
    readiness_of_tops(catalog, data, a, Some(top), as_of)
        .into_iter()
        .next()
        .flatten()
}

/// [`readiness`] of every top-level section (or only of `only`), scoring once.
fn readiness_of_tops(
    catalog: &Catalog,
    data: &WorkspaceState,
    a: &Assessment,
    only: Option<usize>,
    as_of: Date,
) -> Vec<Option<f64>> {
    let Some(q) = catalog.questionnaire(&a.questionnaire) else {
        return vec![None];
    };
    let ctx = context(catalog, data, a);
    let Some(profile) = ctx.profile else {
        return vec![None];
    };
    let profile = &*role_aware(profile, data, a);
    let opts = crate::scoring::ScoreOptions {
        as_of,
        weighted: true,
    };
    let tree = crate::scoring::score_tree(q, a, profile, ctx.subject, opts);
    let tops = q.sections.iter().enumerate();
    tops.filter(|(i, _)| only.is_none_or(|t| t == *i))
        .map(|(_, s)| s.scored.then(|| tree.subtree(s).readiness()))
        .chain(only.map(|_| None))
        .collect()
}

/// What the wizard shows about progress, computed when it opens and after each committed
/// change instead of per frame: overall and per top-level section progress, each section
/// row's progress, and each top-level section's readiness.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Progress over all rows.
    pub overall: Progress,
    /// Progress per top-level section.
    pub tops: Vec<Progress>,
    /// Per row: for a section row, the progress of the rows under it.
    pub rows: Vec<Progress>,
    /// Readiness per top-level section (see [`readiness`]).
    pub readiness: Vec<Option<f64>>,
}

impl Summary {
    /// Summarizes `rows` of assessment `a`.
    pub fn of(
        catalog: &Catalog,
        data: &WorkspaceState,
        rows: &[Row],
        a: &Assessment,
        as_of: Date,
    ) -> Self {
        let mut s = Summary {
            rows: vec![Progress::default(); rows.len()],
            readiness: readiness_of_tops(catalog, data, a, None, as_of),
            ..Summary::default()
        };
        // The section rows enclosing the current row, innermost last.
        let mut open: Vec<usize> = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            while open
                .last()
                .and_then(|o| rows.get(*o))
                .is_some_and(|o| o.depth >= r.depth)
            {
                open.pop();
            }
            if r.kind == super::outline::RowKind::Section {
                open.push(i);
            }
            if !(r.applicable && r.question().is_some()) {
                continue;
            }
            let answered = usize::from(answer_of(a, r).is_some());
            if s.tops.len() <= r.top {
                s.tops.resize(r.top + 1, Progress::default());
            }
            for o in &open {
                s.rows.get_mut(*o).into_iter().for_each(|p| p.add(answered));
            }
            s.tops
                .get_mut(r.top)
                .into_iter()
                .for_each(|p| p.add(answered));
            s.overall.add(answered);
        }
        s
    }

    /// Progress of top-level section `top`.
    pub fn top(&self, top: usize) -> Progress {
        self.tops.get(top).copied().unwrap_or_default()
    }
}

/// A subject's headline rating from scoring: a vendor's risk tier or an AI system's overall
/// impact level (e.g. `tier high`, `impact medium`); `None` before there is one.
pub fn subject_rating(
    catalog: &Catalog,
    data: &WorkspaceState,
    subject: &crate::model::Subject,
    as_of: Date,
) -> Option<String> {
    let kind = subject.kind.assessed_by();
    let q = catalog.questionnaire_of_kind(kind)?;
    let a = find(data, &q.id, Some(&subject.id))?;
    let profile = catalog.profile(&data.profile)?;
    let opts = crate::scoring::ScoreOptions {
        as_of,
        weighted: true,
    };
    match kind {
        crate::model::Kind::Vendor => {
            let v = crate::scoring::score_vendor(q, a, profile, Some(subject), opts);
            v.tier.map(|t| format!("tier {t}"))
        }
        _ => {
            let aiia = crate::scoring::score_aiia(q, a, profile, Some(subject), opts);
            aiia.overall_level.map(|l| format!("impact {l}"))
        }
    }
}

/// The profile conditions see for assessment `a`: for the gap assessment, with the AI role
/// the inventory records (see [`crate::scoring::inventory`]), as the scorecard uses it.
pub fn role_aware<'p>(
    profile: &'p crate::model::Profile,
    data: &WorkspaceState,
    a: &Assessment,
) -> std::borrow::Cow<'p, crate::model::Profile> {
    if a.subject.is_none() {
        crate::scoring::inventory::gap_profile(profile, &data.subjects)
    } else {
        std::borrow::Cow::Borrowed(profile)
    }
}

/// The outline rows of assessment `a`, under the role-aware profile.
pub fn rows(
    q: &crate::model::Questionnaire,
    catalog: &Catalog,
    data: &WorkspaceState,
    a: &Assessment,
) -> Vec<outline::Row> {
    let mut ctx = context(catalog, data, a);
    let profile = ctx.profile.map(|p| role_aware(p, data, a));
    ctx.profile = profile.as_deref();
    outline::build(q, ctx)
}

/// The condition context for an assessment of a questionnaire.
pub fn context<'a>(
    catalog: &'a Catalog,
    data: &'a WorkspaceState,
    assessment: &'a Assessment,
) -> Context<'a> {
    Context {
        profile: catalog.profile(&data.profile),
        subject: assessment
            .subject
            .as_ref()
            .and_then(|id| data.subjects.iter().find(|s| &s.id == id)),
        assessment,
    }
}

/// Progress of one questionnaire for one subject (nothing answered if never started).
pub fn of_assessment(
    catalog: &Catalog,
    data: &WorkspaceState,
    questionnaire: &str,
    subject: Option<&str>,
) -> Progress {
    let Some(q) = catalog.questionnaire(questionnaire) else {
        return Progress::default();
    };
    let empty = Assessment::new(questionnaire, subject.map(str::to_string));
    let a = find(data, questionnaire, subject).unwrap_or(&empty);
    of_rows(&rows(q, catalog, data, a), a, None)
}

/// The assessment of a questionnaire for a subject, if started.
pub fn find<'a>(
    data: &'a WorkspaceState,
    questionnaire: &str,
    subject: Option<&str>,
) -> Option<&'a Assessment> {
    data.assessments
        .iter()
        .find(|a| a.questionnaire == questionnaire && a.subject.as_deref() == subject)
}
