//! Parsing one answer cell against a question's answer type, and describing the allowed
//! answers for people filling the file.

use jiff::civil::Date;

use crate::model::{AnswerSpec, Questionnaire, Rating, Status, Value, YesNo};
use crate::report::rows::number_text;

/// The fixed list of answers for single-value types (status, yes/no, choice, scale), as
/// people read them: option labels (import takes a label or the stored value). Codes stay
/// only when labels could not be told apart.
pub fn choices(spec: &AnswerSpec) -> Option<Vec<String>> {
    match spec {
        AnswerSpec::Status => Some(Status::ALL.iter().map(|s| s.label().to_string()).collect()),
        AnswerSpec::YesNo { .. } => Some(["yes", "no", "unknown"].map(String::from).to_vec()),
        AnswerSpec::Choice { options } => Some(option_names(options)),
        AnswerSpec::Scale { levels } => Some(levels.iter().map(|l| l.value.to_string()).collect()),
        _ => None,
    }
}

/// Option labels when each is distinct (ignoring case) and not empty, else the values.
fn option_names(options: &[crate::model::ChoiceOption]) -> Vec<String> {
    let labels: Vec<String> = options.iter().map(|o| o.label.trim().to_string()).collect();
    let mut seen: Vec<String> = labels.iter().map(|l| l.to_lowercase()).collect();
    seen.sort();
    seen.dedup();
    let usable = seen.len() == labels.len() && labels.iter().all(|l| !l.is_empty());
    if usable {
        labels
    } else {
        options.iter().map(|o| o.value.clone()).collect()
    }
}

/// The allowed answers in words, e.g. `one of: yes | no | unknown`.
pub fn describe(q: &Questionnaire, spec: &AnswerSpec) -> String {
    if let Some(c) = choices(spec) {
        return format!("one of: {}", c.join(" | "));
    }
    match spec {
        // Codes to type (labels may hold the separators), each with its label.
        AnswerSpec::MultiChoice { options, .. } => format!(
            "one or more codes, separated by ';': {}",
            options
                .iter()
                .map(|o| format!("{} ({})", o.value, o.label.trim()))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        AnswerSpec::LikelihoodSeverity {
            likelihood,
            severity,
        } => format!(
            "likelihood x severity, e.g. 3x4 (likelihood {}, severity {})",
            range(q, likelihood),
            range(q, severity)
        ),
        AnswerSpec::Date => "a date, YYYY-MM-DD".into(),
        AnswerSpec::Number { min, max, unit } => {
            let mut s = "a number".to_string();
            if let (Some(a), Some(b)) = (min, max) {
                s.push_str(&format!(" from {} to {}", number_text(*a), number_text(*b)));
            }
            if let Some(u) = unit {
                s.push_str(&format!(" ({u})"));
            }
            s
        }
        _ => "free text".into(),
    }
}

fn range(q: &Questionnaire, scale: &str) -> String {
    let levels = q.scales.get(scale).map(|s| &s.levels);
    match levels.and_then(|l| Some((l.first()?.value, l.last()?.value))) {
        Some((lo, hi)) => format!("{lo}-{hi}"),
        None => "1-5".into(),
    }
}

fn scale_values(q: &Questionnaire, scale: &str) -> Vec<i64> {
    q.scales
        .get(scale)
        .map(|s| s.levels.iter().map(|l| l.value).collect())
        .unwrap_or_else(|| (1..=5).collect())
}

/// Parses an answer cell (already sanitized and trimmed, non-empty) into a typed value, or
/// says what is wrong.
pub fn answer(q: &Questionnaire, spec: &AnswerSpec, cell: &str) -> Result<Value, String> {
    let not_allowed = || {
        format!(
            "{cell:?} is not an allowed answer; expected {}",
            describe(q, spec)
        )
    };
    let lower = cell.to_lowercase();
    match spec {
        AnswerSpec::Status => Status::ALL
            .into_iter()
            .find(|s| s.as_str() == lower || s.label().to_lowercase() == lower)
            .map(Value::Status)
            .ok_or_else(not_allowed),
        AnswerSpec::YesNo { .. } => [YesNo::Yes, YesNo::No, YesNo::Unknown]
            .into_iter()
            .find(|y| y.as_str() == lower)
            .map(Value::YesNo)
            .ok_or_else(not_allowed),
        AnswerSpec::Choice { options } => option(options, cell)
            .map(Value::Choice)
            .ok_or_else(not_allowed),
        AnswerSpec::MultiChoice { options, .. } => multi(options, cell)
            .map(Value::MultiChoice)
            .ok_or_else(not_allowed),
        AnswerSpec::Scale { levels } => cell
            .parse::<i64>()
            .ok()
            .filter(|n| levels.iter().any(|l| l.value == *n))
            .map(Value::Scale)
            .ok_or_else(not_allowed),
        AnswerSpec::LikelihoodSeverity {
            likelihood,
            severity,
        } => rating(q, likelihood, severity, &lower).ok_or_else(not_allowed),
        AnswerSpec::Text { .. } => Ok(Value::Text(cell.to_string())),
        AnswerSpec::Date => date(cell).map(Value::Date),
        AnswerSpec::Number { min, max, .. } => crate::model::answer_check::parse_decimal(cell)
            .and_then(|n| {
                let inside = min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
                if inside {
                    Ok(Value::Number(n))
                } else {
                    Err(not_allowed())
                }
            }),
    }
}

/// Several options separated by `;` or `,`; at least one.
fn multi(options: &[crate::model::ChoiceOption], cell: &str) -> Option<Vec<String>> {
    let picked: Option<Vec<String>> = cell
        .split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| option(options, s))
        .collect();
    picked.filter(|p| !p.is_empty())
}

/// `LxS` (also `L×S`, `L*S`) with both levels on their scales.
fn rating(q: &Questionnaire, likelihood: &str, severity: &str, cell: &str) -> Option<Value> {
    let (l, s) = cell.split_once(['x', '×', '*'])?;
    let on = |scale: &str, v: &str| {
        v.trim()
            .parse::<i64>()
            .ok()
            .filter(|n| scale_values(q, scale).contains(n))
    };
    Some(Value::LikelihoodSeverity(Rating {
        likelihood: on(likelihood, l)?,
        severity: on(severity, s)?,
    }))
}

/// An option's stored value, matched on the value or the label, ignoring case.
fn option(options: &[crate::model::ChoiceOption], cell: &str) -> Option<String> {
    options
        .iter()
        .find(|o| o.value.eq_ignore_ascii_case(cell) || o.label.trim().eq_ignore_ascii_case(cell))
        .map(|o| o.value.clone())
}

/// A `YYYY-MM-DD` date.
pub fn date(cell: &str) -> Result<Date, String> {
    cell.parse::<Date>()
        .map_err(|_| format!("{cell:?} is not a date; write it as YYYY-MM-DD"))
}
