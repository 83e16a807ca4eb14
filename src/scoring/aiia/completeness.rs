//! AIIA completeness: required answers, minimum entries of each repeatable section (at
//! least one impact in an impact register), sign-off (name, role, date) and the next review
//! date, which is the review-date answer, else the sign-off date plus the profile's
//! `review_months` (the questionnaire's `scoring.review_months` when the profile's is 0).

use jiff::Span;
use jiff::civil::Date;

use crate::model::{Answer, Assessment, Profile, QuestionRole, Value};
use crate::scoring::applicability::{Applicability, QuestionIndex};
use crate::scoring::prepared::Prepared;

use super::roles::is_rating;

/// What the completeness check found.
#[derive(Debug, Clone, PartialEq)]
pub struct Completeness {
    /// Share of required applicable answers given (1 when nothing is required).
    pub share: f64,
    /// What is missing, one sentence each.
    pub missing: Vec<String>,
    /// Name, role and date of the sign-off are all answered.
    pub signed_off: bool,
    /// When the next review is due.
    pub next_review: Option<Date>,
    /// The next review date is before the as-of date.
    pub review_overdue: bool,
}

/// Whether an answer says something (blank text and empty selections do not).
pub fn is_answered(a: &Answer) -> bool {
    match &a.value {
        Value::Text(t) => !t.trim().is_empty(),
        Value::MultiChoice(v) => !v.is_empty(),
        _ => true,
    }
}

/// Checks an AIIA's completeness.
pub fn completeness(
    prepared: &Prepared<'_>,
    a: &Assessment,
    profile: &Profile,
    app: &Applicability<'_>,
    as_of: Date,
) -> Completeness {
    let q = prepared.questionnaire;
    let mut missing = Vec::new();
    let share = required_share(&prepared.index, a, app, &mut missing);
    entry_minimums(prepared, a, app, &mut missing);
    let found = |role| {
        prepared
            .plain_roles()
            .iter()
            .filter(|(r, _)| *r == role)
            .find_map(|(_, q)| a.answers.get(&q.id).filter(|x| is_answered(x)))
    };
    let date_of = |role| match found(role).map(|x| &x.value) {
        Some(Value::Date(d)) => Some(*d),
        _ => None,
    };
    let signed_off = signoff(&found, &mut missing);
    let months = Some(profile.review_months)
        .filter(|m| *m > 0)
        .or(q.scoring.review_months);
    let next_review = date_of(QuestionRole::ReviewDate).or_else(|| {
        let signed = date_of(QuestionRole::SignoffDate)?;
        signed
            .checked_add(Span::new().months(i64::from(months?)))
            .ok()
    });
    if next_review.is_none() {
        missing.push(
            "no next review date: answer the review date, or sign off so it follows from the review frequency"
                .into(),
        );
    }
    Completeness {
        share,
        missing,
        signed_off,
        next_review,
        review_overdue: next_review.is_some_and(|d| d < as_of),
    }
}

/// Whether the sign-off is complete (a name, a role and a date, the name a person's and the
/// role a title), adding what is not to `missing`.
fn signoff<'a>(
    found: &dyn Fn(QuestionRole) -> Option<&'a Answer>,
    missing: &mut Vec<String>,
) -> bool {
    let parts = [
        (QuestionRole::SignoffName, "name"),
        (QuestionRole::SignoffRole, "role"),
        (QuestionRole::SignoffDate, "date"),
    ];
    let absent: Vec<&str> = (parts.iter())
        .filter(|(r, _)| found(*r).is_none())
        .map(|(_, w)| *w)
        .collect();
    let text_of = |role| match found(role).map(|x| &x.value) {
        Some(Value::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    let weak = weak_signoff(
        text_of(QuestionRole::SignoffName),
        text_of(QuestionRole::SignoffRole),
    );
    if !absent.is_empty() {
        missing.push(format!("sign-off incomplete: no {}", absent.join(", no ")));
    }
    missing.extend(weak.iter().map(|w| format!("sign-off incomplete: {w}")));
    absent.is_empty() && weak.is_empty()
}

/// What is wrong with a given sign-off name and role (see [`signoff_name_problem`] and
/// [`signoff_role_problem`]).
fn weak_signoff(name: Option<&str>, role: Option<&str>) -> Vec<String> {
    (name.and_then(signoff_name_problem).into_iter())
        .chain(role.and_then(signoff_role_problem))
        .collect()
}

/// Words that name a group, not a person or a role someone holds.
const TEAM_WORDS: &[&str] = &[
    "team",
    "teams",
    "committee",
    "department",
    "dept",
    "board",
    "group",
    "office",
    "everyone",
    "staff",
];

/// Words that make a role title of a phrase that ends in a group ("Head of the Data Team").
const ROLE_WORDS: &[&str] = &[
    "head",
    "lead",
    "chief",
    "manager",
    "officer",
    "director",
    "owner",
    "president",
    "counsel",
    "chair",
    "partner",
    "controller",
    "architect",
    "engineer",
    "scientist",
    "analyst",
];

/// Why a sign-off name is not a person's name: a stock phrase, a team, or one word only.
pub fn signoff_name_problem(name: &str) -> Option<String> {
    let norm = crate::scoring::exclusion::normalize(name);
    let words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    if crate::scoring::exclusion::justification_problem(None, Some(name))
        .is_some_and(|p| p.contains("stock phrase"))
        || words.is_empty()
    {
        return Some(format!("the sign-off name {name:?} is not a person's name"));
    }
    if words.iter().any(|w| TEAM_WORDS.contains(w)) {
        return Some(format!(
            "the sign-off name {name:?} names a group: a named person signs off"
        ));
    }
    (words.len() < 2)
        .then(|| format!("the sign-off name {name:?} needs a given name and a family name"))
}

/// Why a sign-off role is not a role title: a stock phrase, a team, or too short to say
/// which accountable role signed (e.g. "Head of Clinical Safety").
pub fn signoff_role_problem(role: &str) -> Option<String> {
    let norm = crate::scoring::exclusion::normalize(role);
    let stock = crate::scoring::exclusion::justification_problem(None, Some(role))
        .is_some_and(|p| p.contains("stock phrase"));
    let words: Vec<&str> = norm.split(' ').collect();
    let team = words.last().is_some_and(|w| TEAM_WORDS.contains(w))
        && !words.iter().any(|w| ROLE_WORDS.contains(w));
    let letters = norm.chars().filter(|c| c.is_alphabetic()).count();
    (stock || team || letters < 3)
        .then(|| format!("the sign-off role {role:?} is not a role title held by the signer"))
}

fn required_share(
    index: &QuestionIndex<'_>,
    a: &Assessment,
    app: &Applicability<'_>,
    missing: &mut Vec<String>,
) -> f64 {
    let (mut total, mut given) = (0u32, 0u32);
    for p in index.iter().filter(|p| p.question.required) {
        let id = &p.question.id;
        let mut slot = |answer: Option<&Answer>, entry: Option<&str>| {
            total += 1;
            if answer.is_some_and(is_answered) {
                given += 1;
            } else {
                missing.push(match entry {
                    Some(e) => {
                        ["required question ", id, " in entry ", e, " is unanswered"].concat()
                    }
                    None => ["required question ", id, " is unanswered"].concat(),
                });
            }
        };
        match p.repeatable() {
            Some(rep) => {
                let entries = a.entries.get(&rep.id).into_iter().flatten();
                for e in entries.filter(|e| app.placed_applies(p, Some(&e.answers))) {
                    slot(e.answers.get(id), Some(&e.id));
                }
            }
            None if app.placed_applies(p, None) => slot(a.answers.get(id), None),
            None => {}
        }
    }
    if total == 0 {
        1.0
    } else {
        f64::from(given) / f64::from(total)
    }
}

fn entry_minimums(
    prepared: &Prepared<'_>,
    a: &Assessment,
    app: &Applicability<'_>,
    missing: &mut Vec<String>,
) {
    for path in prepared.repeatables() {
        let Some((s, rep)) = path
            .last()
            .and_then(|s| s.repeatable.as_ref().map(|r| (s, r)))
        else {
            continue;
        };
        if !app.sections_apply(path, None) {
            continue;
        }
        let register = s.questions.iter().any(is_rating);
        let need = if register { rep.min.max(1) } else { rep.min };
        let found = a.entries.get(&s.id).map_or(0, Vec::len);
        if found < need as usize {
            missing.push(format!(
                "at least {need} {} entr{} needed in \"{}\" (found {found})",
                rep.entry_label,
                if need == 1 { "y" } else { "ies" },
                s.title
            ));
        }
    }
}

#[cfg(test)]
mod signoff_tests {
    use super::*;

    #[test]
    fn a_team_or_a_stock_phrase_is_not_a_sign_off() {
        for name in ["AI team", "n/a", "TBD", "Priya", "Risk Committee", ""] {
            assert!(signoff_name_problem(name).is_some(), "{name:?}");
        }
        for name in ["Priya Raman", "Dr. Ana Silva", "Jean-Luc Picard"] {
            assert_eq!(signoff_name_problem(name), None, "{name:?}");
        }
        for role in ["AI team", "n/a", "IT", "Data team"] {
            assert!(signoff_role_problem(role).is_some(), "{role:?}");
        }
        for role in [
            "Head of the Data Team",
            "Chief Medical Officer",
            "CTO",
            "DPO",
        ] {
            assert_eq!(signoff_role_problem(role), None, "{role:?}");
        }
    }
}
