//! Writing fill-in files: XLSX (drop-downs, locked id columns, unlocked answer columns),
//! CSV and Markdown.

use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, Formula, ProtectionOptions, Workbook, Worksheet,
    XlsxError, utility::column_number_to_name,
};

use super::about::{ABOUT_SHEET, About};
use super::{COLUMNS, FillRow, READ_ONLY_COLUMNS, SHEET, fill_rows};
use crate::model::{Assessment, Questionnaire};
use crate::report::escape;
use crate::sanitize;

/// Column widths in the XLSX sheet.
const WIDTHS: [f64; 9] = [22.0, 28.0, 60.0, 50.0, 30.0, 22.0, 30.0, 14.0, 40.0];

/// The fill-in file as CSV (RFC 4180; answer columns empty, except for the `existing`
/// entries of repeatable sections).
pub fn to_csv(q: &Questionnaire, existing: Option<&Assessment>) -> String {
    let header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    let rows = fill_rows(q, existing).into_iter().map(|r| {
        let mut rec = vec![r.id, r.section, r.prompt, r.help, r.allowed];
        rec.extend(r.filled);
        rec.resize(COLUMNS.len(), String::new());
        rec
    });
    crate::report::csv::write(&header, rows)
}

/// The fill-in file as Markdown, for reading or pasting into a ticket (not for import).
pub fn to_markdown(q: &Questionnaire, subject: &str, existing: Option<&Assessment>) -> String {
    let mut out = format!(
        "# {} — {}\n\nQuestionnaire `{}` version {}. Answer each question; give an evidence reference and date where you can.\n",
        escape::markdown(&q.title),
        escape::markdown(subject),
        escape::markdown(&q.id),
        escape::markdown(&q.version)
    );
    let mut section = String::new();
    for r in fill_rows(q, existing) {
        if r.section != section {
            out.push_str(&format!("\n## {}\n", escape::markdown(&r.section)));
            if let Some(d) = &r.section_description {
                out.push_str(&format!("\n{}\n", escape::markdown(d)));
            }
            section = r.section.clone();
        }
        out.push_str(&format!(
            "\n### {}\n\n{}\n\n*{}*\n\n- Allowed answers: {}\n",
            escape::markdown(&r.id),
            escape::markdown(&r.prompt),
            escape::markdown(&r.help),
            escape::markdown(&r.allowed)
        ));
        for (i, name) in ["Answer", "Evidence reference", "Evidence date", "Comment"]
            .iter()
            .enumerate()
        {
            let value = r
                .filled
                .get(i)
                .map(|v| escape::markdown(v))
                .unwrap_or_default();
            out.push_str(&format!(
                "- {name}:{}{value}\n",
                if value.is_empty() { "" } else { " " }
            ));
        }
    }
    out
}

/// The fill-in file as an XLSX workbook: the questions sheet, protected so only the answer
/// columns can be edited, with a drop-down on single-choice answers, and an About sheet.
pub fn to_xlsx(
    q: &Questionnaire,
    subject: &str,
    existing: Option<&Assessment>,
) -> Result<Vec<u8>, XlsxError> {
    let about = About {
        questionnaire: q.id.clone(),
        version: q.version.clone(),
        sha256: String::new(),
        subject_id: super::import::slug(&sanitize::line(subject)),
        subject: sanitize::line(subject).trim().to_string(),
        exported: String::new(),
    };
    to_xlsx_with(q, &about, existing)
}

/// [`to_xlsx`] with the About sheet's facts given (the questionnaire's SHA-256, the
/// subject's id in the workspace, the export date), which import checks the command line
/// against.
pub fn to_xlsx_with(
    q: &Questionnaire,
    about: &About,
    existing: Option<&Assessment>,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let rows = fill_rows(q, existing);
    let lists = ChoiceLists::of(&rows);
    questions_sheet(wb.add_worksheet(), &rows, &lists)?;
    sections_sheet(wb.add_worksheet(), &rows)?;
    about_sheet(wb.add_worksheet(), q, about)?;
    lists.sheet(wb.add_worksheet())?;
    wb.save_to_buffer()
}

/// Name of the sheet with the section descriptions.
pub const SECTIONS_SHEET: &str = "Sections";

/// Each section of the file once, with its description: what it is about and how to
/// answer it. Protected (read-only).
fn sections_sheet(ws: &mut Worksheet, rows: &[FillRow]) -> Result<(), XlsxError> {
    ws.set_name(SECTIONS_SHEET)?;
    let header = Format::new().set_bold().set_background_color("#DDDDDD");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, "section", &header)?;
    ws.write_string_with_format(0, 1, "description", &header)?;
    ws.set_column_width(0, 40)?;
    ws.set_column_width(1, 90)?;
    let mut r = 1u32;
    let mut last = "";
    for row in rows {
        if row.section == last {
            continue;
        }
        last = &row.section;
        let d = row.section_description.as_deref().unwrap_or_default();
        ws.write_string_with_format(r, 0, sanitize::text(&row.section), &wrap)?;
        ws.write_string_with_format(r, 1, sanitize::text(d), &wrap)?;
        ws.set_row_height(
            r,
            15.0 * wrapped_lines(d, 90.0).max(wrapped_lines(&row.section, 40.0)) as f64,
        )?;
        r += 1;
    }
    ws.protect();
    Ok(())
}

/// Lines a wrapped cell takes in a column `width` characters wide (at least 1).
fn wrapped_lines(text: &str, width: f64) -> usize {
    let per_line = (width * 1.1).max(1.0) as usize;
    text.split('\n')
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum()
}

/// A row tall enough for its longest wrapped cell (Excel and LibreOffice do not grow rows
/// for wrapped text written by a library, so long prompts would be cut off).
fn row_height(cells: &[&String]) -> f64 {
    let lines = cells
        .iter()
        .zip(WIDTHS)
        .map(|(t, w)| wrapped_lines(t, w))
        .max()
        .unwrap_or(1);
    (15.0 * lines as f64).min(409.0)
}

fn questions_sheet(
    ws: &mut Worksheet,
    rows: &[FillRow],
    lists: &ChoiceLists,
) -> Result<(), XlsxError> {
    let header = Format::new().set_bold().set_background_color("#DDDDDD");
    let locked = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let open = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_num_format("@");
    ws.set_name(SHEET)?;
    for (c, (name, width)) in (0u16..).zip(COLUMNS.iter().zip(WIDTHS)) {
        ws.write_string_with_format(0, c, *name, &header)?;
        ws.set_column_width(c, width)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        let cells = [&row.id, &row.section, &row.prompt, &row.help, &row.allowed];
        ws.set_row_height(r, row_height(&cells))?;
        for (c, text) in (0u16..).zip(cells) {
            ws.write_string_with_format(r, c, sanitize::text(text), &locked)?;
        }
        for c in READ_ONLY_COLUMNS..COLUMNS.len() {
            match row
                .filled
                .get(c - READ_ONLY_COLUMNS)
                .filter(|v| !v.is_empty())
            {
                Some(v) => ws.write_string_with_format(r, col(c), sanitize::text(v), &open)?,
                None => ws.write_blank(r, col(c), &open)?,
            };
        }
        if let Some(range) = row.choices.as_ref().and_then(|c| lists.range(c)) {
            add_dropdown(ws, r, &range)?;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

/// Name of the hidden sheet holding the drop-down lists.
pub const LISTS_SHEET: &str = "Lists";

/// The distinct answer lists of a file, each a column of the hidden [`LISTS_SHEET`]. A
/// drop-down refers to its column's range rather than spelling the list inline: an inline
/// list is comma-separated and capped at 255 characters, so option labels with commas (the
/// words a vendor reads) would otherwise have to fall back to codes.
pub(crate) struct ChoiceLists {
    lists: Vec<Vec<String>>,
}

impl ChoiceLists {
    /// Every distinct choice list of `rows`, in first-use order.
    fn of(rows: &[FillRow]) -> Self {
        let mut lists: Vec<Vec<String>> = Vec::new();
        for c in rows.iter().filter_map(|r| r.choices.as_ref()) {
            let clean: Vec<String> = c.iter().map(|x| sanitize::line(x)).collect();
            if !lists.contains(&clean) {
                lists.push(clean);
            }
        }
        Self { lists }
    }

    /// The absolute range (`=Lists!$B$1:$B$4`) holding `choices`, if it is one of the lists.
    fn range(&self, choices: &[String]) -> Option<String> {
        let clean: Vec<String> = choices.iter().map(|x| sanitize::line(x)).collect();
        let i = self.lists.iter().position(|l| *l == clean)?;
        let name = column_number_to_name(col(i));
        Some(format!(
            "={LISTS_SHEET}!${name}$1:${name}${}",
            clean.len().max(1)
        ))
    }

    /// Writes the lists, one per column, on a hidden protected sheet.
    fn sheet(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        ws.set_name(LISTS_SHEET)?;
        for (c, list) in (0u16..).zip(&self.lists) {
            for (r, item) in (0u32..).zip(list) {
                ws.write_string(r, c, item)?;
            }
        }
        ws.set_hidden(true);
        ws.protect();
        Ok(())
    }
}

/// A list validation on the answer cell, drawing its items from `range` on the lists sheet.
fn add_dropdown(ws: &mut Worksheet, row: u32, range: &str) -> Result<(), XlsxError> {
    let answer = col(READ_ONLY_COLUMNS);
    let v = DataValidation::new()
        .allow_list_formula(Formula::new(range))
        .set_error_message("Pick one of the listed answers.")?;
    ws.add_data_validation(row, answer, row, answer, &v)?;
    Ok(())
}

fn about_sheet(ws: &mut Worksheet, q: &Questionnaire, about: &About) -> Result<(), XlsxError> {
    ws.set_name(ABOUT_SHEET)?;
    let how = "Answer in the 'answer' column of the Questionnaire sheet (pick from the drop-down where there is one). Give an evidence reference and its date (YYYY-MM-DD) where you can. Do not change the id column, except to add entries to a repeatable section: copy an entry's rows and give them the next number, e.g. impacts[4].impacts.direction. This sheet tells us which questionnaire and which company the answers are for: please leave it as it is.";
    let mut lines: Vec<(&str, &str)> = about.rows().to_vec();
    lines.push(("title", q.title.as_str()));
    lines.push(("how to fill", how));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (r, (k, v)) in (0u32..).zip(lines) {
        ws.write_string(r, 0, k)?;
        ws.write_string_with_format(r, 1, sanitize::text(v), &wrap)?;
        ws.set_row_height(r, 15.0 * wrapped_lines(v, 100.0) as f64)?;
    }
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 100)?;
    ws.protect();
    Ok(())
}
