//! Turns a [`SnapshotDiff`] into sections of marked lines, then into coloured or plain text
//! or Markdown. Plain ANSI codes only; colour is decided by the caller.

use crate::diff::{AnswerChange, Direction, FieldChange, NodeChange, SnapshotDiff};
use crate::sanitize::line as clean;

/// How a line is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Got worse.
    Worse,
    /// Got better.
    Better,
    /// New.
    Added,
    /// Gone.
    Gone,
    /// Different, neutral.
    Changed,
    /// Information.
    Info,
}

impl Mark {
    fn of(d: Direction) -> Mark {
        match d {
            Direction::Regressed => Mark::Worse,
            Direction::Removed => Mark::Gone,
            Direction::Improved => Mark::Better,
            Direction::Added => Mark::Added,
            Direction::Changed => Mark::Changed,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Mark::Worse => "✗",
            Mark::Better => "✓",
            Mark::Added => "+",
            Mark::Gone => "-",
            Mark::Changed => "~",
            Mark::Info => "·",
        }
    }

    fn ansi(self) -> &'static str {
        match self {
            Mark::Worse | Mark::Gone => "\x1b[31m",
            Mark::Better => "\x1b[32m",
            Mark::Added => "\x1b[36m",
            Mark::Changed => "\x1b[33m",
            Mark::Info => "",
        }
    }
}

/// A titled group of marked lines.
pub type Section = (String, Vec<(Mark, String)>);

fn pct(x: Option<f64>) -> String {
    x.map_or("n/a".into(), crate::report::escape::pct)
}

/// The first line: organization, the two cycles, readiness and counts.
pub fn headline(d: &SnapshotDiff) -> Vec<String> {
    let side = |s: &crate::diff::Side| {
        let date = jiff::tz::TimeZone::UTC.to_datetime(s.created_at).date();
        let label = if s.label.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", clean(&s.label))
        };
        format!("{}{label} ({date})", clean(&s.cycle))
    };
    let h = &d.headline;
    vec![
        format!(
            "{}: {} → {}",
            clean(&d.new.organization),
            side(&d.old),
            side(&d.new)
        ),
        format!(
            "Readiness {} → {} · gaps opened {}, closed {} · {} regression(s), {} improvement(s)",
            pct(h.readiness_old),
            pct(h.readiness_new),
            h.gaps_opened,
            h.gaps_closed,
            h.regressions,
            h.improvements
        ),
    ]
}

fn node_line(n: &NodeChange) -> (Mark, String) {
    let status = |s: Option<crate::scoring::NodeStatus>| {
        s.map_or("–".to_string(), |s| {
            serde_json::to_value(s)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
    };
    let r = n.reference.as_deref().unwrap_or(&n.id);
    (
        Mark::of(n.direction),
        format!(
            "{} {}: {} → {} ({} → {})",
            clean(r),
            clean(&n.title),
            status(n.old_status),
            status(n.new_status),
            pct(n.old_score),
            pct(n.new_score)
        ),
    )
}

fn field_text(f: &FieldChange) -> String {
    let v = |x: &Option<String>| {
        x.as_deref()
            .map_or("–".to_string(), |s| format!("\"{}\"", clean(s)))
    };
    let name = serde_json::to_value(f.field)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!("{name} {} → {}", v(&f.old), v(&f.new))
}

fn answer_line(a: &AnswerChange) -> (Mark, String) {
    let mut at = clean(&a.questionnaire);
    if let Some(s) = &a.subject {
        at.push_str(&format!(" [{}]", clean(s)));
    }
    if let Some(e) = &a.entry {
        at.push_str(&format!(" {}", clean(e)));
    }
    let fields: Vec<String> = a.fields.iter().map(field_text).collect();
    (
        Mark::of(a.direction),
        format!("{at} {}: {}", clean(&a.question), fields.join("; ")),
    )
}

fn aiia_line(a: &crate::diff::AiiaChange) -> (Mark, String) {
    let level = |l: &Option<String>| l.as_deref().map_or("–".to_string(), clean);
    let text = format!(
        "{} [{}]: level {} → {}; {}",
        clean(&a.questionnaire),
        clean(&a.subject),
        level(&a.level_old),
        level(&a.level_new),
        a.reasons
            .iter()
            .map(|r| clean(r))
            .collect::<Vec<_>>()
            .join("; ")
    );
    (Mark::of(a.direction), text)
}

/// The diff as titled sections, empty ones left out.
pub fn sections(d: &SnapshotDiff) -> Vec<Section> {
    let mut out: Vec<Section> = vec![
        (
            "Clauses and controls".into(),
            d.nodes.iter().map(node_line).collect(),
        ),
        (
            "Answers".into(),
            d.answers.iter().map(answer_line).collect(),
        ),
        (
            "AI system impact assessments (exposure apart from quality)".into(),
            d.aiias.iter().map(aiia_line).collect(),
        ),
        ("Assessments".into(), assessments(d)),
        ("Subjects".into(), subjects(d)),
        ("Findings".into(), findings(d)),
        (
            "Questionnaire changes (not counted as regressions)".into(),
            questionnaires(d),
        ),
    ];
    out.retain(|(_, lines)| !lines.is_empty());
    out
}

fn assessments(d: &SnapshotDiff) -> Vec<(Mark, String)> {
    let text = |a: &crate::diff::AssessmentRef| {
        let who = match (&a.subject, &a.subject_name) {
            (Some(id), Some(n)) => format!(" for {} ({})", clean(id), clean(n)),
            (Some(id), None) => format!(" for {}", clean(id)),
            _ => String::new(),
        };
        format!("{}{who}, {} answer(s)", clean(&a.questionnaire), a.answers)
    };
    let a = &d.assessments;
    a.added
        .iter()
        .map(|x| (Mark::Added, text(x)))
        .chain(a.removed.iter().map(|x| (Mark::Gone, text(x))))
        .collect()
}

fn subjects(d: &SnapshotDiff) -> Vec<(Mark, String)> {
    let s = &d.subjects;
    let r = |x: &crate::diff::SubjectRef, what: &str| {
        format!(
            "{what} {} {} \"{}\"",
            x.kind.as_str(),
            clean(&x.id),
            clean(&x.name)
        )
    };
    let mut out: Vec<(Mark, String)> = s.added.iter().map(|x| (Mark::Added, r(x, "new"))).collect();
    out.extend(s.removed.iter().map(|x| (Mark::Gone, r(x, "gone:"))));
    out.extend(s.retired.iter().map(|x| (Mark::Info, r(x, "retired:"))));
    out.extend(s.renamed.iter().map(|x| {
        let t = format!(
            "renamed {}: \"{}\" → \"{}\"",
            clean(&x.id),
            clean(&x.old_name),
            clean(&x.new_name)
        );
        (Mark::Changed, t)
    }));
    out
}

fn findings(d: &SnapshotDiff) -> Vec<(Mark, String)> {
    let f = &d.findings;
    let t = |x: &crate::diff::FindingRef, what: &str| {
        let grade = serde_json::to_value(x.grade)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let due = x.due.map(|d| format!(", due {d}")).unwrap_or_default();
        format!(
            "{what} {} ({grade}, {}, from {}{due})",
            clean(&x.id),
            clean(&x.reference),
            clean(&x.audit)
        )
    };
    let mut out: Vec<(Mark, String)> = Vec::new();
    out.extend(f.repeat_risk.iter().map(|r| {
        let what = format!(
            "repeat risk: closed, but {} regressed since:",
            r.regressed.join(", ")
        );
        (Mark::Worse, t(&r.finding, &what))
    }));
    out.extend(f.overdue.iter().map(|x| (Mark::Worse, t(x, "overdue"))));
    out.extend(f.raised.iter().map(|x| (Mark::Added, t(x, "raised"))));
    out.extend(f.closed.iter().map(|x| (Mark::Better, t(x, "closed"))));
    out.extend(
        f.dropped
            .iter()
            .map(|x| (Mark::Gone, t(x, "dropped without closing"))),
    );
    out.extend(
        f.still_open
            .iter()
            .map(|x| (Mark::Info, t(x, "still open"))),
    );
    out.extend(f.regraded.iter().map(|r| {
        (
            Mark::Changed,
            format!("regraded {}: {:?} → {:?}", clean(&r.id), r.old, r.new),
        )
    }));
    out
}

fn questionnaires(d: &SnapshotDiff) -> Vec<(Mark, String)> {
    d.questionnaires
        .iter()
        .map(|q| {
            let v = |x: &Option<String>| x.clone().unwrap_or_else(|| "–".into());
            let mut t = format!(
                "{} {} → {}",
                clean(&q.id),
                v(&q.old_version),
                v(&q.new_version)
            );
            if q.content_changed {
                t.push_str(": content changed");
            }
            if q.compared_questions {
                t.push_str(&format!(
                    "; {} added, {} removed, {} reworded",
                    q.added.len(),
                    q.removed.len(),
                    q.reworded.len()
                ));
            }
            (Mark::Info, t)
        })
        .collect()
}

/// Plain or coloured text.
pub fn text(d: &SnapshotDiff, colour: bool) -> String {
    let (bold, reset) = if colour {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut out = String::new();
    // Every line is sanitized once more as a whole (fields already are), before colour.
    for l in headline(d) {
        out.push_str(&format!("{bold}{}{reset}\n", clean(&l)));
    }
    for (title, lines) in sections(d) {
        out.push_str(&format!("\n{bold}{}{reset}\n", clean(&title)));
        for (m, l) in lines {
            let l = clean(&l);
            let (on, off) = if colour && !m.ansi().is_empty() {
                (m.ansi(), reset)
            } else {
                ("", "")
            };
            out.push_str(&format!("  {on}{} {l}{off}\n", m.symbol()));
        }
    }
    out
}

/// Markdown, for pull requests and audit packs.
pub fn markdown(d: &SnapshotDiff) -> String {
    let esc = |s: &str| {
        clean(s)
            .replace('|', "\\|")
            .replace('*', "\\*")
            .replace('_', "\\_")
    };
    let mut out = String::new();
    let mut head = headline(d).into_iter();
    if let Some(first) = head.next() {
        out.push_str(&format!("## {}\n\n", esc(&first)));
    }
    for l in head {
        out.push_str(&format!("**{}**\n", esc(&l)));
    }
    for (title, lines) in sections(d) {
        out.push_str(&format!("\n### {title}\n\n"));
        for (m, l) in lines {
            out.push_str(&format!("- {} {}\n", m.symbol(), esc(&l)));
        }
    }
    out
}
