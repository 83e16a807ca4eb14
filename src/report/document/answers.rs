//! The fallback when the snapshot has no scorecard: the answers as given, with no computed
//! numbers.

use super::{Block, Cell, Inline, text};
use crate::report::Context;
use crate::report::rows::{QuestionRow, assessment_rows, value_text};

/// A notice and one answers table per assessment.
pub fn blocks(ctx: &Context<'_>) -> Vec<Block> {
    let mut out = vec![Block::Paragraph(vec![
        Inline::Strong("Scorecard not computed.".into()),
        Inline::Text(
            " This snapshot holds no scores yet, so readiness, the heatmap, the Statement of \
             Applicability and the remediation plan are not shown; the answers follow as given."
                .into(),
        ),
    ])];
    for a in &ctx.snapshot.assessments {
        let who = a
            .subject
            .as_deref()
            .map_or_else(|| "organization".to_string(), |s| ctx.subject_name(s));
        out.push(Block::Heading(
            2,
            format!("Answers: {} ({who})", a.questionnaire),
        ));
        let rows: Vec<Vec<Cell>> = assessment_rows(ctx, a)
            .iter()
            .filter(|r| r.answer.is_some())
            .map(answer_row)
            .collect();
        out.push(if rows.is_empty() {
            Block::Paragraph(text("No answers yet."))
        } else {
            Block::Table {
                headers: ["Ref", "Question", "Answer", "Note"]
                    .map(String::from)
                    .to_vec(),
                rows,
            }
        });
    }
    out
}

fn answer_row(r: &QuestionRow<'_>) -> Vec<Cell> {
    let prompt = r.question.map_or(r.question_id, |q| q.prompt.as_str());
    let mut answer = match r.status() {
        Some(s) => super::status(s),
        None => Vec::new(),
    };
    if !matches!(
        r.answer.map(|a| &a.value),
        Some(crate::model::Value::Status(_))
    ) {
        let value = r.answer.map(|a| value_text(&a.value)).unwrap_or_default();
        let sep = if answer.is_empty() { "" } else { ": " };
        answer.push(Inline::Text(format!("{sep}{value}")));
    }
    if let Some(why) = r.reason() {
        answer.push(Inline::Text(format!(" ({why})")));
    }
    vec![
        text(r.section_ref().unwrap_or_default()),
        text(prompt),
        answer,
        text(r.answer.map(|a| a.note.clone()).unwrap_or_default()),
    ]
}
