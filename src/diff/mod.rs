//! Comparing two snapshots: what got better, what got worse, what is new, what the auditor
//! will ask about. Pure functions; no I/O. The CLI only renders a [`SnapshotDiff`].
//!
//! # JSON form (`clausewise diff --format json`)
//!
//! A [`SnapshotDiff`] serialized as is: `format` = `"clausewise-diff"`, `version` = 1, then
//! `old`, `new`, `headline`, `nodes`, `answers`, `assessments`, `subjects`, `findings` and
//! `questionnaires`, each documented on its type. Directions are `regressed`, `removed`,
//! `improved`, `added` and `changed`; `regressed` and `removed` count as getting worse.
//! Fields are only added within a version; renaming or removing one bumps the version.

pub mod aiia;
pub mod answers;
pub mod findings;
pub mod inventory;
pub mod nodes;
pub mod questionnaires;
pub mod types;

pub use types::*;

use crate::model::{FindingGrade, Questionnaire, Snapshot};

/// The questionnaires at hand: those the old snapshot was answered against and the current
/// ones. Either list may be empty; questions are compared only when both versions are given.
#[derive(Debug, Clone, Default)]
pub struct Questionnaires<'a> {
    /// Questionnaires as they were for the old snapshot.
    pub old: Vec<&'a Questionnaire>,
    /// Questionnaires as they are for the new snapshot.
    pub new: Vec<&'a Questionnaire>,
}

impl<'a> Questionnaires<'a> {
    /// The old version of a questionnaire.
    pub fn old_version(&self, id: &str) -> Option<&'a Questionnaire> {
        self.old.iter().copied().find(|q| q.id == id)
    }

    /// The new version of a questionnaire.
    pub fn new_version(&self, id: &str) -> Option<&'a Questionnaire> {
        self.new.iter().copied().find(|q| q.id == id)
    }

    /// The newest version at hand.
    pub fn current(&self, id: &str) -> Option<&'a Questionnaire> {
        self.new_version(id).or_else(|| self.old_version(id))
    }

    /// The clause or control references of a question's section and its ancestors.
    pub fn question_refs(&self, questionnaire: &str, question: &str) -> Vec<String> {
        let Some(q) = self.current(questionnaire) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        q.walk_sections(&mut |s, ancestors| {
            if out.is_empty() && s.questions.iter().any(|x| x.id == question) {
                out = ancestors
                    .iter()
                    .chain(std::iter::once(&s))
                    .filter_map(|a| a.reference.clone())
                    .collect();
            }
        });
        out
    }
}

/// Compares two snapshots of one organization (`old` taken before `new`).
pub fn diff(old: &Snapshot, new: &Snapshot, qs: &Questionnaires<'_>) -> SnapshotDiff {
    let nodes = nodes::diff(old.scorecard.as_ref(), new.scorecard.as_ref());
    let questionnaires = questionnaires::diff(old, new, qs);
    let removed = questionnaires::removed_questions(&questionnaires);
    let answers = answers::diff(old, new, qs, &removed);
    let aiias = aiia::diff(old.scorecard.as_ref(), new.scorecard.as_ref());
    let findings = findings::diff(old, new, &nodes, &answers, qs);
    let headline = headline(old, new, (&nodes, &answers, &aiias), &findings);
    SnapshotDiff {
        format: DIFF_FORMAT.into(),
        version: DIFF_VERSION,
        old: side(old),
        new: side(new),
        headline,
        nodes,
        answers,
        aiias,
        assessments: inventory::assessments(old, new),
        subjects: inventory::subjects(old, new),
        findings,
        questionnaires,
    }
}

fn side(s: &Snapshot) -> Side {
    Side {
        organization: s.meta.organization.clone(),
        cycle: s.meta.cycle.clone(),
        label: s.meta.label.clone(),
        created_at: s.meta.created_at,
        digest: s.digest.clone(),
    }
}

fn readiness(s: &Snapshot) -> Option<f64> {
    s.scorecard
        .as_ref()
        .and_then(|c| c.gap.as_ref())
        .map(|g| g.overall.readiness)
}

fn headline(
    old: &Snapshot,
    new: &Snapshot,
    (nodes, answers, aiias): (&[NodeChange], &[AnswerChange], &[AiiaChange]),
    f: &FindingChanges,
) -> Headline {
    let (readiness_old, readiness_new) = (readiness(old), readiness(new));
    let (gaps_opened, gaps_closed) = gap_counts(answers);
    let readiness_down =
        matches!((readiness_old, readiness_new), (Some(a), Some(b)) if b < a - 1e-9);
    let new_nc = f
        .raised
        .iter()
        .filter(|x| matches!(x.grade, FindingGrade::Major | FindingGrade::Minor))
        .count();
    let worse = |d: Direction| d.is_worse();
    let regressions = nodes.iter().filter(|n| worse(n.direction)).count()
        + answers.iter().filter(|a| worse(a.direction)).count()
        + aiias.iter().filter(|a| worse(a.direction)).count()
        + usize::from(readiness_down)
        + new_nc
        + f.overdue.len()
        + f.repeat_risk.len();
    let improvements = nodes
        .iter()
        .filter(|n| n.direction == Direction::Improved)
        .count()
        + answers
            .iter()
            .filter(|a| a.direction == Direction::Improved)
            .count()
        + aiias
            .iter()
            .filter(|a| a.direction == Direction::Improved)
            .count()
        + f.closed.len();
    Headline {
        readiness_old,
        readiness_new,
        gaps_opened,
        gaps_closed,
        regressions,
        improvements,
    }
}

/// Gaps opened and closed, counted per question: an answer that became Gap opens one, an
/// answer that stopped being Gap closes one (a control-level count would hide a gap closed
/// inside a control that stays Partial).
fn gap_counts(answers: &[AnswerChange]) -> (usize, usize) {
    let mut opened = 0;
    let mut closed = 0;
    for a in answers {
        for f in a.fields.iter().filter(|f| f.field == AnswerField::Value) {
            let was = f.old.as_deref() == Some("gap");
            let is = f.new.as_deref() == Some("gap");
            opened += usize::from(is && !was);
            closed += usize::from(was && !is);
        }
    }
    (opened, closed)
}

/// Which parts of a diff to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Only {
    /// Only what got worse.
    Regressions,
    /// Every change (findings still open left out).
    #[default]
    Changes,
    /// Everything, including findings still open.
    All,
}

impl SnapshotDiff {
    /// Whether anything got worse (see [`Headline::regressions`]).
    pub fn has_regression(&self) -> bool {
        self.headline.regressions > 0
    }

    /// A copy keeping only the parts `only` asks for; the headline is kept whole.
    pub fn filtered(&self, only: Only) -> SnapshotDiff {
        let mut d = self.clone();
        match only {
            Only::All => {}
            Only::Changes => d.findings.still_open.clear(),
            Only::Regressions => {
                d.nodes.retain(|n| n.direction.is_worse());
                d.answers.retain(|a| a.direction.is_worse());
                d.aiias.retain(|a| a.direction.is_worse());
                d.assessments = AssessmentChanges::default();
                d.subjects = SubjectChanges::default();
                d.questionnaires.clear();
                let f = &mut d.findings;
                f.raised
                    .retain(|x| matches!(x.grade, FindingGrade::Major | FindingGrade::Minor));
                f.closed.clear();
                f.still_open.clear();
                f.dropped.clear();
                f.regraded.retain(|r| r.new < r.old);
            }
        }
        d
    }
}

#[cfg(test)]
pub(crate) mod tests;
