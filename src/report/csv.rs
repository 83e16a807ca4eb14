//! CSV exports for spreadsheets: one row per question with every answer field and the
//! crosswalk references, the Statement of Applicability, and a crosswalk table.
//!
//! RFC 4180 (comma, `"` quoting, CRLF line ends), UTF-8 without a byte-order mark. Every cell
//! goes through [`escape::csv_cell`]: sanitized, and neutralised when it looks like a formula.

use crate::model::{Answer, FRAMEWORKS};
use crate::scoring::QuestionFlag;

use super::escape::{self, status_name};
use super::rows::{QuestionRow, question_rows, value_text};
use super::{Context, ReportError};

/// Columns of [`questions`], before one `map:<framework>` column per crosswalk framework.
pub const QUESTION_COLUMNS: [&str; 23] = [
    "questionnaire",
    "subject",
    "subject_name",
    "entry",
    "section",
    "section_ref",
    "question_id",
    "prompt",
    "answer_type",
    "status",
    "value",
    "score",
    "weight",
    "justification",
    "note",
    "evidence",
    "attestation",
    "owner",
    "due",
    "answered_at",
    "flagged",
    "flags",
    "status_reason",
];

/// Columns of [`soa`].
pub const SOA_COLUMNS: [&str; 7] = [
    "ref",
    "title",
    "section",
    "applicable",
    "implemented",
    "justification",
    "error",
];

/// Writes a header and rows as RFC 4180 CSV. Writing into memory cannot fail; should the
/// writer report an error anyway, the rows written so far are returned.
pub(crate) fn write(header: &[String], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let clean = |r: &[String]| r.iter().map(|c| escape::csv_cell(c)).collect::<Vec<_>>();
    let records = std::iter::once(clean(header)).chain(rows.into_iter().map(|r| clean(&r)));
    for r in records {
        if w.write_record(r).is_err() {
            break;
        }
    }
    let bytes = w
        .into_inner()
        .unwrap_or_else(|e| e.into_inner().get_ref().clone());
    String::from_utf8_lossy(&bytes).into_owned()
}

/// One row per question of every assessment.
pub fn questions(ctx: &Context<'_>) -> String {
    let mut header: Vec<String> = QUESTION_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(FRAMEWORKS.iter().map(|(id, _)| format!("map:{id}")));
    write(
        &header,
        question_rows(ctx).iter().map(|r| question_record(ctx, r)),
    )
}

fn question_record(ctx: &Context<'_>, r: &QuestionRow<'_>) -> Vec<String> {
    let a = r.answer;
    let field = |f: fn(&Answer) -> String| a.map(f).unwrap_or_default();
    let mut rec = vec![
        r.questionnaire.to_string(),
        r.subject.unwrap_or_default().to_string(),
        r.subject.map(|s| ctx.subject_name(s)).unwrap_or_default(),
        r.entry.unwrap_or_default().to_string(),
        r.section.map(|s| s.id.clone()).unwrap_or_default(),
        r.section_ref().unwrap_or_default().to_string(),
        r.question_id.to_string(),
        r.question.map(|q| q.prompt.clone()).unwrap_or_default(),
        r.question
            .map(|q| q.answer.type_name())
            .unwrap_or_default()
            .to_string(),
        r.status()
            .map(status_name)
            .unwrap_or("answered")
            .to_string(),
        field(|a| value_text(&a.value)),
        escape::score(r.score.as_ref().and_then(|s| s.score)),
        r.score
            .as_ref()
            .map(|s| format!("{:.2}", s.weight))
            .unwrap_or_default(),
        field(|a| a.justification.clone().unwrap_or_default()),
        field(|a| a.note.clone()),
        field(evidence_text),
        field(|a| {
            a.attestation
                .map(attestation_name)
                .unwrap_or_default()
                .to_string()
        }),
        field(|a| a.owner.clone().unwrap_or_default()),
        field(|a| a.due.map(|d| d.to_string()).unwrap_or_default()),
        field(|a| a.answered_at.map(|t| t.to_string()).unwrap_or_default()),
        field(|a| {
            if a.flagged {
                "yes".into()
            } else {
                String::new()
            }
        }),
        flags_text(r),
        r.reason().unwrap_or_default().to_string(),
    ];
    rec.extend(FRAMEWORKS.iter().map(|(fw, _)| {
        let refs: Vec<&str> = r
            .mappings()
            .iter()
            .filter(|m| m.framework == *fw)
            .map(|m| m.reference.as_str())
            .collect();
        refs.join("; ")
    }));
    rec
}

/// Evidence as `reference (date; expires date)` items joined with ` | `.
fn evidence_text(a: &Answer) -> String {
    a.evidence
        .iter()
        .map(|e| {
            let dates: Vec<String> = [
                e.date.map(|d| d.to_string()),
                e.expires.map(|d| format!("expires {d}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            if dates.is_empty() {
                e.reference.clone()
            } else {
                format!("{} ({})", e.reference, dates.join("; "))
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn attestation_name(a: crate::model::Attestation) -> &'static str {
    match a {
        crate::model::Attestation::SelfAttested => "self_attested",
        crate::model::Attestation::EvidenceBacked => "evidence_backed",
    }
}

/// The scorecard's flags, in snake_case, joined with `; `.
fn flags_text(r: &QuestionRow<'_>) -> String {
    let names: Vec<&str> = r
        .score
        .as_ref()
        .map(|s| s.flags.iter().map(|f| flag_name(*f)).collect())
        .unwrap_or_default();
    names.join("; ")
}

/// A flag's name as written in files.
pub fn flag_name(f: QuestionFlag) -> &'static str {
    match f {
        QuestionFlag::EvidenceMissing => "evidence_missing",
        QuestionFlag::JustificationMissing => "justification_missing",
        QuestionFlag::ExclusionNotAllowed => "exclusion_not_allowed",
        QuestionFlag::Overdue => "overdue",
        QuestionFlag::FollowUp => "follow_up",
        QuestionFlag::EvidenceExpired => "evidence_expired",
    }
}

/// The Statement of Applicability, one row per Annex A control; needs the scorecard.
pub fn soa(ctx: &Context<'_>) -> Result<String, ReportError> {
    let gap = ctx
        .scorecard()
        .and_then(|c| c.gap.as_ref())
        .ok_or_else(|| {
            ReportError::Unavailable(
            "scorecard not computed: the Statement of Applicability needs a scored gap assessment"
                .into(),
        )
        })?;
    let header: Vec<String> = SOA_COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows = gap.soa.iter().map(|e| {
        vec![
            e.reference.clone(),
            e.title.clone(),
            e.section.clone(),
            if e.applicable { "yes" } else { "no" }.to_string(),
            status_name(e.implemented).to_string(),
            e.justification.clone().unwrap_or_default(),
            e.error.clone().unwrap_or_default(),
        ]
    });
    Ok(write(&header, rows))
}

/// One row per (framework reference, question), in reference order.
pub fn crosswalk(ctx: &Context<'_>, framework: &str) -> String {
    let header: Vec<String> = [
        "framework",
        "framework_ref",
        "questionnaire",
        "subject",
        "entry",
        "question_id",
        "section_ref",
        "prompt",
        "status",
        "value",
        "score",
    ]
    .map(String::from)
    .to_vec();
    let mut rows = Vec::new();
    for (reference, group) in super::crosswalk::mapped_rows(ctx, framework) {
        for r in group {
            rows.push(vec![
                framework.to_string(),
                reference.to_string(),
                r.questionnaire.to_string(),
                r.subject.unwrap_or_default().to_string(),
                r.entry.unwrap_or_default().to_string(),
                r.question_id.to_string(),
                r.section_ref().unwrap_or_default().to_string(),
                r.question.map(|q| q.prompt.clone()).unwrap_or_default(),
                r.status()
                    .map(status_name)
                    .unwrap_or("answered")
                    .to_string(),
                r.answer.map(|a| value_text(&a.value)).unwrap_or_default(),
                escape::score(r.score.as_ref().and_then(|s| s.score)),
            ]);
        }
    }
    write(&header, rows)
}
