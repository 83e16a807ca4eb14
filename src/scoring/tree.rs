//! Scores every question of one assessment and keeps, per section, the tally of the
//! questions it holds directly, so any node of the section tree can be rolled up.
//!
//! Questions inside a repeatable section are scored once per entry, with the id
//! `question#entry`.

use std::ops::Range;
use std::sync::Arc;

use jiff::civil::Date;

use crate::model::{Answer, Assessment, Profile, Question, Questionnaire, Section, Subject};

use super::applicability::Applicability;
use super::prepared::{Prepared, SectionLabels};
use super::question::{QuestionContext, is_scored, score_question};
use super::rollup::Tally;
use crate::model::fxhash::FxHashMap;
use crate::model::score::{NodeScore, QuestionScore};

/// Options shared by every scoring function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreOptions {
    /// The date due dates, evidence expiry and reviews are checked against.
    pub as_of: Date,
    /// Whether question weights and profile tag weights apply (false: every weight is 1).
    pub weighted: bool,
}

/// One scored question with what it came from.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    /// The score.
    pub score: QuestionScore,
    /// The question.
    pub question: &'a Question,
    /// The section holding it.
    pub section: &'a Section,
    /// The answer, if any.
    pub answer: Option<&'a Answer>,
    /// The entry id, for questions of a repeatable section.
    pub entry: Option<&'a str>,
    /// Whether the question is linked to another (`same_as`): it counts towards its own
    /// section but not towards the overall roll-up.
    pub linked: bool,
}

/// Every scored question of an assessment, with per-section tallies.
#[derive(Debug, Clone)]
pub struct ScoredTree<'a> {
    /// The questionnaire.
    pub questionnaire: &'a Questionnaire,
    /// Scored questions in file order (entries in entry order).
    pub items: Vec<Item<'a>>,
    direct: FxHashMap<&'a str, Direct>,
    labels: Arc<SectionLabels>,
}

/// The questions a section holds directly: their sums and counts (no ids), and where their
/// items are.
#[derive(Debug, Clone, Default)]
struct Direct {
    sums: Tally,
    /// The sums of the asked questions only (linked ones left out), for the overall roll-up.
    asked: Tally,
    runs: Vec<Range<usize>>,
}

/// Scores every question of `assessment` against `questionnaire`.
pub fn score_tree<'a>(
    questionnaire: &'a Questionnaire,
    assessment: &'a Assessment,
    profile: &Profile,
    subject: Option<&Subject>,
    opts: ScoreOptions,
) -> ScoredTree<'a> {
    score_tree_with(
        &Prepared::new(questionnaire),
        assessment,
        profile,
        subject,
        opts,
    )
}

/// [`score_tree`] with a questionnaire prepared once for many assessments.
pub fn score_tree_with<'a>(
    prepared: &Prepared<'a>,
    assessment: &'a Assessment,
    profile: &Profile,
    subject: Option<&Subject>,
    opts: ScoreOptions,
) -> ScoredTree<'a> {
    let questionnaire = prepared.questionnaire;
    let app = Applicability::new(&prepared.index, profile, subject, &assessment.answers);
    let mut items = Vec::with_capacity(prepared.index.len());
    let mut buf = String::new();
    for (position, placed) in prepared.index.iter().enumerate() {
        let (Some(section), q) = (placed.section(), placed.question) else {
            continue;
        };
        let Some((qid, sid)) = prepared.ids(position).filter(|_| is_scored(&q.answer)) else {
            continue;
        };
        let ctx = QuestionContext {
            as_of: opts.as_of,
            weight: prepared.weight(position, q, profile, opts.weighted),
            self_attested_factor: questionnaire.scoring.self_attested_factor,
            excludable: prepared.excludable(position),
            justification: questionnaire.scoring.justification.as_ref(),
        };
        let mut push = |id: Arc<str>, answer: Option<&'a Answer>, applicable, entry| {
            let section_id = Arc::clone(sid);
            let Some(score) = score_question(q, id, section_id, answer, applicable, &ctx) else {
                return false;
            };
            items.push(Item {
                score,
                question: q,
                section,
                answer,
                entry,
                linked: false,
            });
            true
        };
        match placed.repeatable() {
            Some(rep) => {
                for e in assessment.entries.get(&rep.id).into_iter().flatten() {
                    let applicable = app.placed_applies(placed, Some(&e.answers));
                    let id = entry_id(&mut buf, &q.id, &e.id);
                    push(id, e.answers.get(&q.id), applicable, Some(e.id.as_str()));
                }
            }
            None => {
                let applicable = app.placed_applies(placed, None);
                let (answer, reason) = pair_answer(prepared, assessment, q);
                if push(Arc::clone(qid), answer, applicable, None)
                    && let Some(it) = items.last_mut()
                {
                    link_item(it, q, reason);
                }
            }
        }
    }
    ScoredTree {
        questionnaire,
        direct: direct_tallies(&items),
        items,
        labels: Arc::clone(prepared.labels()),
    }
}

/// The answer that counts for a question outside repeatable sections, with a note when it
/// is not the question's own. A linked question (`same_as`) takes the answer of the question
/// it is linked to; an asked question takes its own answer, or, when it has none (a snapshot
/// from before the link, where only the linked question was answered), the first answer
/// given to a question linked to it. When both were answered, the asked question's answer
/// wins and the linked question's own answer is reported in its `reason`.
fn pair_answer<'a>(
    prepared: &Prepared<'a>,
    assessment: &'a Assessment,
    q: &Question,
) -> (Option<&'a Answer>, Option<String>) {
    let answers = &assessment.answers;
    let own = answers.get(&q.id);
    let (asked, counted) = match q.same_as.as_deref() {
        Some(to) => (to, asked_answer(prepared, assessment, to)),
        None => {
            let adopted = || asked_answer(prepared, assessment, &q.id);
            return match own {
                Some(a) => (Some(a), None),
                None => match adopted() {
                    Some(a) => (
                        Some(a),
                        Some(
                            "unanswered here; the answer given to a question linked to it counts"
                                .into(),
                        ),
                    ),
                    None => (None, None),
                },
            };
        }
    };
    let reason = match own {
        Some(mine) if counted.is_some_and(|c| c.value != mine.value) => Some(format!(
            "asked as {asked}, whose answer counts here; this question's own earlier answer ({}) is not used",
            mine.value.condition_values().join(", ")
        )),
        _ => None,
    };
    (counted, reason)
}

/// The answer of the asked question `id`: its own, else the first answer given to a
/// question linked to it.
fn asked_answer<'a>(
    prepared: &Prepared<'a>,
    assessment: &'a Assessment,
    id: &str,
) -> Option<&'a Answer> {
    let answers = &assessment.answers;
    answers
        .get(id)
        .or_else(|| (prepared.linked_to(id).iter()).find_map(|linked| answers.get(*linked)))
}

/// Marks a linked question's item and adds the note on which answer counts to its reason.
fn link_item(it: &mut Item<'_>, q: &Question, note: Option<String>) {
    if let Some(to) = q.same_as.as_deref() {
        it.linked = true;
        it.score.linked_to = Some(Arc::from(to));
    }
    if let Some(note) = note {
        it.score.reason = Some(match it.score.reason.take() {
            Some(r) => format!("{r}; {note}"),
            None => note,
        });
    }
}

/// The id `question#entry` of a question inside a repeatable section, built in `buf`.
fn entry_id(buf: &mut String, question: &str, entry: &str) -> Arc<str> {
    buf.clear();
    buf.push_str(question);
    buf.push('#');
    buf.push_str(entry);
    Arc::from(buf.as_str())
}

/// Per section, the sums of the questions it holds directly and where they are.
fn direct_tallies<'a>(items: &[Item<'a>]) -> FxHashMap<&'a str, Direct> {
    let mut direct: FxHashMap<&'a str, Direct> = FxHashMap::default();
    // Items of one section are consecutive: one map lookup per run, not per item.
    let mut start = 0;
    for run in items.chunk_by(|a, b| std::ptr::eq(a.section, b.section)) {
        let Some(first) = run.first() else {
            continue;
        };
        let d = direct.entry(first.section.id.as_str()).or_default();
        for it in run {
            d.sums.add_sums(&it.score);
            if !it.linked {
                d.asked.add_sums(&it.score);
            }
        }
        d.runs.push(start..start + run.len());
        start += run.len();
    }
    direct
}

impl<'a> ScoredTree<'a> {
    /// Tally of the questions a section holds directly.
    pub fn direct(&self, section: &Section) -> Tally {
        let mut t = Tally::default();
        self.add_direct(section, &mut t, false);
        t
    }

    /// Adds the questions a section holds directly to `t`; with `asked_only`, linked
    /// questions are left out.
    fn add_direct(&self, section: &Section, t: &mut Tally, asked_only: bool) {
        let Some(d) = self.direct.get(section.id.as_str()) else {
            return;
        };
        t.merge_sums(if asked_only { &d.asked } else { &d.sums });
        for run in &d.runs {
            let items = self.items.get(run.clone()).unwrap_or_default();
            let counted = items.iter().filter(|it| !(asked_only && it.linked));
            t.questions
                .extend(counted.map(|it| Arc::clone(&it.score.id)));
        }
    }

    /// Tally of a section and every scored section under it, linked questions included (a
    /// heatmap cell or row shows every question of its clause or control).
    pub fn subtree(&self, section: &Section) -> Tally {
        let mut t = Tally::default();
        self.add_subtree(section, &mut t, false);
        t
    }

    /// Adds a section and every scored section under it to `t`.
    fn add_subtree(&self, section: &Section, t: &mut Tally, asked_only: bool) {
        self.add_direct(section, t, asked_only);
        for child in section.sections.iter().filter(|c| c.scored) {
            self.add_subtree(child, t, asked_only);
        }
    }

    /// Tally of every scored top-level section, each asked question once: linked questions
    /// (`same_as`) are left out, as the question they are linked to already counts.
    pub fn overall(&self) -> Tally {
        let mut t = Tally::default();
        for s in self.questionnaire.sections.iter().filter(|s| s.scored) {
            self.add_subtree(s, &mut t, true);
        }
        t
    }

    /// Tally of every scored top-level section with linked questions included: every
    /// question of a scored section, for views that show each reference (the crosswalk).
    pub fn scored_questions(&self) -> Tally {
        let mut t = Tally::default();
        for s in self.questionnaire.sections.iter().filter(|s| s.scored) {
            self.add_subtree(s, &mut t, false);
        }
        t
    }

    /// The node of a section from its tally, sharing the prepared questionnaire's label.
    pub fn node(&self, section: &Section, t: Tally) -> NodeScore {
        self.labels.node(section, t)
    }

    /// The question scores, in order.
    pub fn question_scores(&self) -> Vec<QuestionScore> {
        self.items.iter().map(|i| i.score.clone()).collect()
    }
}
