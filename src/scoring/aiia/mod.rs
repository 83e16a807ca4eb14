//! AI system impact assessment: impacts with inherent and residual likelihood × severity,
//! risk levels from the file, the overall level (highest residual), 5×5 count matrices,
//! completeness, sign-off, next review and specificity flags.
//!
//! Impacts are the entries of every applicable repeatable section that holds a
//! `likelihood_severity` question (an impact register). Which rating is inherent and which
//! residual is decided by [`roles`].

pub mod completeness;
pub mod roles;

use std::borrow::Cow;

use crate::model::rules::RiskLevel;
use crate::model::{
    AnswerSpec, Assessment, Entry, Profile, Question, QuestionRole, Questionnaire, Rating, Section,
    Subject, Value,
};

use super::applicability::{Answers, Applicability};
use super::consistency::inventory_consistency;
use super::prepared::Prepared;
use super::tree::ScoreOptions;
use crate::model::score::{AiiaExposure, AiiaScore, ImpactScore, RiskScore, SpecificityFlag};
use roles::risk_questions_with;

/// The specificity rule set that applies to free-text answers without one of their own.
pub const DEFAULT_RULE: &str = "default";

/// Longest impact label taken from a narrative answer, in characters.
const LABEL_CHARS: usize = 60;

/// The risk levels of the file, or the default Low ≤ 4, Medium ≤ 9, High ≤ 16,
/// Critical ≤ 25 when the file sets none.
pub fn risk_levels(q: &Questionnaire) -> Vec<RiskLevel> {
    risk_levels_of(q).into_owned()
}

/// [`risk_levels`], borrowed from the file when it sets them.
fn risk_levels_of(q: &Questionnaire) -> Cow<'_, [RiskLevel]> {
    if q.scoring.risk_levels.is_empty() {
        Cow::Owned(default_risk_levels())
    } else {
        Cow::Borrowed(&q.scoring.risk_levels)
    }
}

/// The default risk levels: Low ≤ 4, Medium ≤ 9, High ≤ 16, Critical ≤ 25.
pub fn default_risk_levels() -> Vec<RiskLevel> {
    [
        ("low", "Low", 4),
        ("medium", "Medium", 9),
        ("high", "High", 16),
        ("critical", "Critical", 25),
    ]
    .into_iter()
    .map(|(id, label, max)| RiskLevel {
        id: id.into(),
        label: label.into(),
        max,
    })
    .collect()
}

/// The level of a likelihood × severity product: the first level whose `max` is at least
/// the product (the last level above every `max`).
pub fn risk_score(r: Rating, levels: &[RiskLevel]) -> RiskScore {
    let product = r.likelihood * r.severity;
    let level = levels
        .iter()
        .find(|l| i64::from(l.max) >= product)
        .or(levels.last())
        .map(|l| l.id.clone())
        .unwrap_or_default();
    RiskScore {
        likelihood: r.likelihood,
        severity: r.severity,
        product,
        level,
    }
}

/// Scores one AIIA.
pub fn score_aiia(
    q: &Questionnaire,
    a: &Assessment,
    profile: &Profile,
    subject: Option<&Subject>,
    opts: ScoreOptions,
) -> AiiaScore {
    score_aiia_with(&Prepared::new(q), a, profile, subject, opts)
}

/// [`score_aiia`] with a questionnaire prepared once for many assessments.
pub fn score_aiia_with(
    prepared: &Prepared<'_>,
    a: &Assessment,
    profile: &Profile,
    subject: Option<&Subject>,
    opts: ScoreOptions,
) -> AiiaScore {
    let q = prepared.questionnaire;
    let index = &prepared.index;
    let app = Applicability::new(index, profile, subject, &a.answers);
    let levels = risk_levels_of(q);
    let registers = registers(prepared, &app);
    let impacts: Vec<ImpactScore> = registers
        .iter()
        .flat_map(|s| {
            let entries = a.entries.get(&s.id).map(Vec::as_slice).unwrap_or_default();
            let register = Register::new(prepared, s);
            entries
                .iter()
                .map(|e| register.impact(e, &levels))
                .collect::<Vec<_>>()
        })
        .collect();
    let (nl, ns) = matrix_size(q, &registers);
    let c = completeness::completeness(prepared, a, profile, &app, opts.as_of);
    let exposure = exposure(q, a, &impacts);
    AiiaScore {
        subject: a.subject.clone().unwrap_or_default(),
        questionnaire: q.id.clone(),
        overall_level: overall_level(&impacts, &levels),
        matrix_inherent: matrix(&impacts, |i| i.inherent.as_ref(), nl, ns),
        matrix_residual: matrix(&impacts, |i| i.residual.as_ref(), nl, ns),
        impacts,
        completeness: c.share,
        missing: c.missing,
        signed_off: c.signed_off,
        next_review: c.next_review,
        review_overdue: c.review_overdue,
        specificity: specificity_flags(prepared, a, &app),
        consistency: inventory_consistency(index, &a.answers, subject, &app),
        exposure,
    }
}

/// The risk exposure: the impact register's highest ratings and the answers the file's
/// `scoring.exposure` names. None when the file names no exposure questions and there are
/// no impacts.
fn exposure(q: &Questionnaire, a: &Assessment, impacts: &[ImpactScore]) -> Option<AiiaExposure> {
    let names = q.scoring.exposure.as_ref();
    if names.is_none() && impacts.is_empty() {
        return None;
    }
    let values = |id: Option<&String>| -> Vec<String> {
        id.and_then(|id| a.answers.get(id))
            .map(|ans| ans.value.condition_values())
            .unwrap_or_default()
    };
    let one = |id: Option<&String>| values(id).into_iter().next();
    let max = |pick: fn(&ImpactScore) -> Option<&RiskScore>| {
        impacts.iter().filter_map(pick).map(|r| r.product).max()
    };
    Some(AiiaExposure {
        impacts: u32::try_from(impacts.len()).unwrap_or(u32::MAX),
        max_inherent: max(|i| i.inherent.as_ref()),
        max_residual: max(|i| i.residual.as_ref().or(i.inherent.as_ref())),
        vulnerable_groups: values(names.and_then(|n| n.vulnerable_groups.as_ref())),
        special_category_data: one(names.and_then(|n| n.special_category_data.as_ref())),
        eu_ai_act_class: one(names.and_then(|n| n.eu_ai_act_class.as_ref())),
        decision: one(names.and_then(|n| n.decision.as_ref())),
    })
}

/// Applicable repeatable sections holding a rating question.
fn registers<'a>(prepared: &Prepared<'a>, app: &Applicability<'_>) -> Vec<&'a Section> {
    prepared
        .repeatables()
        .filter_map(|path| path.last().copied().map(|s| (path, s)))
        .filter(|(path, s)| {
            s.questions.iter().any(roles::is_rating) && app.sections_apply(path, None)
        })
        .map(|(_, s)| s)
        .collect()
}

/// An impact register with its rating and label questions worked out once.
struct Register<'s> {
    inherent: Option<&'s Question>,
    residual: Option<&'s Question>,
    labelled: Vec<&'s str>,
    texts: Vec<&'s str>,
}

impl<'s> Register<'s> {
    fn new(prepared: &Prepared<'_>, s: &'s Section) -> Self {
        let (inherent, residual) = risk_questions_with(s, |q| prepared.role(&q.id));
        let ids = |keep: &dyn Fn(&Question) -> bool| {
            s.questions
                .iter()
                .filter(|q| keep(q))
                .map(|q| q.id.as_str())
                .collect()
        };
        Register {
            inherent,
            residual,
            labelled: ids(&|q| prepared.role(&q.id) == Some(QuestionRole::ImpactLabel)),
            texts: ids(&|q| matches!(q.answer, AnswerSpec::Text { .. })),
        }
    }

    fn impact(&self, e: &Entry, levels: &[RiskLevel]) -> ImpactScore {
        let rating =
            |q: Option<&Question>| match q.and_then(|q| e.answers.get(&q.id)).map(|a| &a.value) {
                Some(Value::LikelihoodSeverity(r)) => Some(risk_score(*r, levels)),
                _ => None,
            };
        ImpactScore {
            entry: e.id.clone(),
            label: self.label(e),
            inherent: rating(self.inherent),
            residual: rating(self.residual),
        }
    }

    /// The impact label question's answer, else the first text answer, else the entry id,
    /// cut to [`LABEL_CHARS`].
    fn label(&self, e: &Entry) -> String {
        let text = |id: &&str| match e.answers.get(*id).map(|a| &a.value) {
            Some(Value::Text(t)) | Some(Value::Choice(t)) if !t.trim().is_empty() => {
                Some(t.trim().to_string())
            }
            _ => None,
        };
        let labelled = self.labelled.iter().find_map(text);
        let first_text = || self.texts.iter().find_map(text);
        let t = labelled.or_else(first_text).unwrap_or_else(|| e.id.clone());
        if t.chars().count() > LABEL_CHARS {
            let cut: String = t.chars().take(LABEL_CHARS - 1).collect();
            format!("{}…", cut.trim_end())
        } else {
            t
        }
    }
}

fn overall_level(impacts: &[ImpactScore], levels: &[RiskLevel]) -> Option<String> {
    let rank = |id: &str| levels.iter().position(|l| l.id == id);
    impacts
        .iter()
        .filter_map(|i| i.residual.as_ref().or(i.inherent.as_ref()))
        .max_by_key(|r| rank(&r.level))
        .map(|r| r.level.clone())
}

/// Matrix dimensions from the registers' likelihood and severity scales (default 5 × 5).
fn matrix_size(q: &Questionnaire, registers: &[&Section]) -> (usize, usize) {
    let size = |scale: &str| {
        q.scales
            .get(scale)
            .and_then(|s| s.levels.iter().map(|l| l.value).max())
            .and_then(|m| usize::try_from(m).ok())
            .filter(|m| (1..=100).contains(m))
            .unwrap_or(5)
    };
    registers
        .iter()
        .flat_map(|s| s.questions.iter())
        .find_map(|q| match &q.answer {
            AnswerSpec::LikelihoodSeverity {
                likelihood,
                severity,
            } => Some((size(likelihood), size(severity))),
            _ => None,
        })
        .unwrap_or((5, 5))
}

/// Counts per `[likelihood-1][severity-1]` cell; ratings off the grid are left out.
fn matrix(
    impacts: &[ImpactScore],
    pick: impl Fn(&ImpactScore) -> Option<&RiskScore>,
    nl: usize,
    ns: usize,
) -> Vec<Vec<u32>> {
    let mut m = vec![vec![0u32; ns]; nl];
    for r in impacts.iter().filter_map(pick) {
        let (Ok(l), Ok(s)) = (
            usize::try_from(r.likelihood - 1),
            usize::try_from(r.severity - 1),
        ) else {
            continue;
        };
        if let Some(cell) = m.get_mut(l).and_then(|row| row.get_mut(s)) {
            *cell += 1;
        }
    }
    m
}

/// Specificity flags on every applicable, answered text question with a rule set.
fn specificity_flags(
    prepared: &Prepared<'_>,
    a: &Assessment,
    app: &Applicability<'_>,
) -> Vec<SpecificityFlag> {
    let mut out = Vec::new();
    for p in prepared.index.iter() {
        let AnswerSpec::Text { specificity, .. } = &p.question.answer else {
            continue;
        };
        // Every free-text answer is linted: one without a rule of its own gets the file's
        // `default` set; the sign-off's name and role have checks of their own.
        let signoff = matches!(
            prepared.role(&p.question.id),
            Some(QuestionRole::SignoffName | QuestionRole::SignoffRole)
        );
        let rule_id = match specificity {
            Some(id) => id.as_str(),
            None if !signoff => DEFAULT_RULE,
            None => continue,
        };
        // The rule set is compiled only once an answer is to be checked against it.
        if !prepared.has_rule(rule_id) {
            continue;
        }
        let id = &p.question.id;
        let mut check = |answers: &Answers, entry: Option<&str>| {
            let Some(Value::Text(t)) = answers.get(id).map(|x| &x.value) else {
                return;
            };
            let scoped = entry.map(|_| answers);
            if !app.placed_applies(p, scoped) {
                return;
            }
            if let Some(found) = prepared.check_specificity(rule_id, t) {
                out.extend(found.into_iter().map(|f| SpecificityFlag {
                    question: id.clone(),
                    entry: entry.map(str::to_string),
                    check: f.check,
                    message: f.message,
                }));
            }
        };
        match p.repeatable() {
            Some(rep) => {
                for e in a.entries.get(&rep.id).into_iter().flatten() {
                    check(&e.answers, Some(&e.id));
                }
            }
            None => check(&a.answers, None),
        }
    }
    out
}

#[cfg(test)]
mod tests;
