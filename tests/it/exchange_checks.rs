//! Import checks the file: the About sheet against --subject/--questionnaire, 1904 dates,
//! formula cells without a value, semicolon and Windows-1252 CSV, idempotent re-import.
//! Each file is exported by the real binary, filled as a spreadsheet program would, and
//! imported by the real binary.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clausewise::model::Value;
use clausewise::report::exchange::about::ABOUT_SHEET;
use clausewise::report::exchange::table::{Table, read_xlsx, read_xlsx_sheet};
use clausewise::report::exchange::{COLUMNS, SHEET};
use clausewise::store::{LiveStore, Workspace};
use rust_xlsxwriter::{Format, Workbook};

const ACME: &str = "Acme Modèles SàRL";

fn cli(ws: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .arg("-w")
        .arg(ws)
        .args(args)
        .output()
        .expect("run")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    Workspace::init(&ws).unwrap();
    (dir, ws)
}

fn export(ws: &Path, q: &str, subject: &str) -> Vec<u8> {
    let path = ws.join("export.xlsx");
    let p = path.to_str().unwrap();
    let o = cli(
        ws,
        &["export-questionnaire", q, "--subject", subject, "-o", p],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    std::fs::read(&path).unwrap()
}

fn col(name: &str) -> u16 {
    COLUMNS.iter().position(|c| *c == name).unwrap() as u16
}

/// A cell a vendor filled: text, or a date typed as a serial number in a date format.
enum Cell<'a> {
    Text(&'a str),
    Serial(f64),
    Formula(&'a str),
}

/// The exported workbook filled in: the questions sheet with `answers` (id, column, cell),
/// the About sheet copied as it was.
fn filled(exported: &[u8], answers: &[(&str, &str, Cell<'_>)]) -> Vec<u8> {
    let t = read_xlsx("x.xlsx", exported, SHEET).unwrap();
    let about = read_xlsx_sheet("x.xlsx", exported, ABOUT_SHEET)
        .unwrap()
        .unwrap();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in (0u32..).zip(&t.rows) {
        for (c, text) in (0u16..).zip(row) {
            ws.write_string(r, c, text).unwrap();
        }
        for (_, column, cell) in answers
            .iter()
            .filter(|a| Some(&a.0.to_string()) == row.first())
        {
            match cell {
                Cell::Text(s) => ws.write_string(r, col(column), *s),
                Cell::Serial(n) => ws.write_number_with_format(r, col(column), *n, &date),
                Cell::Formula(f) => ws.write_formula(r, col(column), *f),
            }
            .unwrap();
        }
    }
    copy_sheet(wb.add_worksheet(), &about);
    wb.save_to_buffer().unwrap()
}

fn copy_sheet(ws: &mut rust_xlsxwriter::Worksheet, t: &Table) {
    ws.set_name(&t.sheet).unwrap();
    for (r, row) in (0u32..).zip(&t.rows) {
        for (c, text) in (0u16..).zip(row) {
            ws.write_string(r, c, text).unwrap();
        }
    }
}

/// Rewrites one part of the workbook's zip, as another spreadsheet program would write it.
fn patch(xlsx: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        if name == part {
            text = edit(String::from_utf8(text).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&text).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

fn import(ws: &Path, bytes: &[u8], name: &str, args: &[&str]) -> Output {
    let path = ws.join(name);
    std::fs::write(&path, bytes).unwrap();
    let mut all = vec!["import-answers", path.to_str().unwrap()];
    all.extend(args);
    cli(ws, &all)
}

fn state(ws: &Path) -> clausewise::model::WorkspaceState {
    LiveStore::open(&Workspace::discover(Some(ws)).unwrap())
        .unwrap()
        .state()
        .unwrap()
}

fn answer(ws: &Path, subject: &str, question: &str) -> Option<clausewise::model::Answer> {
    let s = state(ws);
    let id = &s.subjects.iter().find(|x| x.name == subject)?.id;
    let a = (s.assessments.iter()).find(|a| a.subject.as_ref() == Some(id))?;
    a.answers.get(question).cloned()
}

fn never() -> Vec<(&'static str, &'static str, Cell<'static>)> {
    vec![("data.training", "answer", Cell::Text("never"))]
}

#[test]
fn a_file_exported_for_one_vendor_is_refused_for_another() {
    let (_d, ws) = workspace();
    let file = filled(&export(&ws, "ai-vendor-due-diligence", ACME), &never());
    let o = import(&ws, &file, "acme.xlsx", &["--subject", "Globex"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o),
        "error: this file was exported for \"Acme Modèles SàRL\" (id acme-modèles-sàrl), not \"Globex\": leave out --subject to import it for \"Acme Modèles SàRL\"; --retarget imports it for \"Globex\" anyway\n"
    );
    assert!(state(&ws).subjects.is_empty(), "nothing imported");
    let o = import(
        &ws,
        &file,
        "acme.xlsx",
        &["--subject", "Globex", "--retarget"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).starts_with(
        "warning: the file was exported for \"Acme Modèles SàRL\"; importing it for \"Globex\" (--retarget)"
    ));
    assert!(answer(&ws, "Globex", "data.training").is_some());
}

#[test]
fn subject_and_questionnaire_come_from_the_about_sheet_and_reimport_changes_nothing() {
    let (_d, ws) = workspace();
    let file = filled(&export(&ws, "ai-vendor-due-diligence", ACME), &never());
    let o = import(&ws, &file, "acme.xlsx", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let a = answer(&ws, ACME, "data.training").expect("imported for Acme");
    assert_eq!(a.value, Value::Choice("never".into()));
    let before = state(&ws);
    let o = import(&ws, &file, "acme.xlsx", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(state(&ws), before, "the same file twice changes nothing");
    let o = import(&ws, &file, "acme.xlsx", &["--subject", ACME]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "the file's own subject is no mismatch"
    );
}

#[test]
fn an_aiia_file_imports_without_questionnaire_and_refuses_the_vendor_one() {
    let (_d, ws) = workspace();
    let file = filled(&export(&ws, "iso42001-aiia", "Triage bot"), &[]);
    let o = import(
        &ws,
        &file,
        "aiia.xlsx",
        &["--questionnaire", "ai-vendor-due-diligence"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).starts_with("error: this file was exported from questionnaire \"iso42001-aiia\", not \"ai-vendor-due-diligence\""),
        "{}",
        err(&o)
    );
    let o = import(&ws, &file, "aiia.xlsx", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let s = state(&ws);
    assert_eq!(s.subjects.len(), 1);
    assert_eq!(s.subjects[0].name, "Triage bot");
}

#[test]
fn dates_of_a_1904_workbook_are_read_in_its_own_system() {
    let (_d, ws) = workspace();
    // 2025-01-10 is serial 45667 in the 1900 system and 44205 in the 1904 one.
    let cells = vec![
        ("data.training", "answer", Cell::Text("never")),
        (
            "data.training",
            "evidence_reference",
            Cell::Text("DPA section 4"),
        ),
        ("data.training", "evidence_date", Cell::Serial(44205.0)),
    ];
    let file = filled(&export(&ws, "ai-vendor-due-diligence", ACME), &cells);
    let file = patch(&file, "xl/workbook.xml", |x| {
        x.replacen("<workbookPr", "<workbookPr date1904=\"1\"", 1)
    });
    let o = import(&ws, &file, "mac.xlsx", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let a = answer(&ws, ACME, "data.training").unwrap();
    assert_eq!(a.evidence[0].date, Some("2025-01-10".parse().unwrap()));
}

#[test]
fn a_formula_without_a_saved_value_is_an_error_naming_its_cell() {
    let (_d, ws) = workspace();
    let cells = vec![(
        "data.training",
        "answer",
        Cell::Formula("=LOWER(\"NEVER\")"),
    )];
    let file = filled(&export(&ws, "ai-vendor-due-diligence", ACME), &cells);
    let file = patch(&file, "xl/worksheets/sheet1.xml", |x| {
        let start = x.find("</f><v>").expect("a formula with a value") + 4;
        let end = start + x[start..].find("</v>").unwrap() + 4;
        format!("{}{}", &x[..start], &x[end..])
    });
    let t = read_xlsx(
        "x.xlsx",
        &export(&ws, "ai-vendor-due-diligence", ACME),
        SHEET,
    )
    .unwrap();
    let row = 1 + t.rows.iter().position(|r| r[0] == "data.training").unwrap();
    let o = import(&ws, &file, "formula.xlsx", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o),
        format!(
            "error: Questionnaire!F{row}: a formula with no saved result; type the answer instead of a formula, or open the file in Excel or LibreOffice and save it so the results are stored\n"
        )
    );
    assert!(state(&ws).subjects.is_empty());
}

fn exported_csv(ws: &Path) -> Vec<Vec<String>> {
    let o = cli(
        ws,
        &[
            "export-questionnaire",
            "ai-vendor-due-diligence",
            "--subject",
            "Acme",
            "--format",
            "csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&o.stdout[..]);
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn csv_with(rows: &[Vec<String>], delimiter: u8, answer: &str) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    for r in rows {
        let mut r = r.clone();
        r.resize(COLUMNS.len(), String::new());
        if r[0] == "data.training" {
            r[col("answer") as usize] = "never".into();
            r[col("comment") as usize] = answer.into();
        }
        w.write_record(&r).unwrap();
    }
    w.into_inner().unwrap()
}

#[test]
fn semicolon_csv_is_read_and_a_windows_1252_one_refused_with_the_fix() {
    let (_d, ws) = workspace();
    let rows = exported_csv(&ws);
    let semi = csv_with(&rows, b';', "Modèles; see the DPA");
    let o = import(&ws, &semi, "semi.csv", &["--subject", "Acme"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let a = answer(&ws, "Acme", "data.training").unwrap();
    assert_eq!(a.note, "Modèles; see the DPA");
    let utf8 = csv_with(&rows, b',', "Modèles");
    let cp1252: Vec<u8> = String::from_utf8(utf8)
        .unwrap()
        .chars()
        .map(|c| if c == 'è' { 0xE8 } else { c as u8 })
        .collect();
    let line = 1 + rows.iter().position(|r| r[0] == "data.training").unwrap();
    let o = import(&ws, &cp1252, "excel.csv", &["--subject", "Acme"]);
    assert_eq!(o.status.code(), Some(1));
    let path = ws.join("excel.csv");
    assert_eq!(
        err(&o),
        format!(
            "error: {}: not UTF-8 text (byte 0xE8 on line {line}; Excel's plain \"CSV\" is written in the computer's code page, e.g. Windows-1252): in Excel choose Save As \"CSV UTF-8 (Comma delimited)\", in LibreOffice pick the character set \"Unicode (UTF-8)\", and import that file\n",
            path.display()
        )
    );
}

#[test]
fn an_answer_to_one_of_our_own_questions_is_refused_naming_its_cell() {
    let (_d, ws) = workspace();
    let mut rows = exported_csv(&ws);
    assert!(
        !rows.iter().any(|r| r[0].starts_with("eng.")),
        "our engagement questions are not exported"
    );
    let mut ours = vec![String::new(); COLUMNS.len()];
    ours[0] = "eng.data".into();
    ours[col("answer") as usize] = "public".into();
    rows.push(ours);
    let line = rows.len();
    let o = import(
        &ws,
        &csv_with(&rows, b',', ""),
        "ours.csv",
        &["--subject", "Acme"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    assert!(
        err(&o).contains(&format!(
            "ours.csv!A{line} (id): question \"eng.data\" is answered by our own assessor, not by the vendor, and is not part of the exported file; delete this row"
        )),
        "{}",
        err(&o)
    );
    assert!(state(&ws).subjects.is_empty(), "nothing imported");
}

/// The `<dataValidation>` elements of the questions sheet (the first worksheet part).
fn validations(xlsx: &[u8]) -> String {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut text = String::new();
    zin.by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let start = text.find("<dataValidations").expect("drop-downs");
    let end = text.find("</dataValidations>").unwrap();
    text[start..end].to_string()
}

#[test]
fn drop_downs_offer_the_option_labels_even_with_commas_and_import_takes_them() {
    let (_d, ws) = workspace();
    let file = export(&ws, "ai-vendor-due-diligence", ACME);
    let lists = read_xlsx_sheet("x.xlsx", &file, "Lists").unwrap().unwrap();
    let policy = [
        "Approved, current and covers this product",
        "Policy exists but is stale or its scope is unclear",
        "Public AI principles or marketing statements only",
        "No AI policy",
    ];
    let column = (0..lists.rows[0].len())
        .find(|c| lists.rows[0][*c] == policy[0])
        .expect("the policy labels are a list");
    let got: Vec<&str> = (lists.rows.iter())
        .filter_map(|r| r.get(column).map(String::as_str))
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(got, policy);
    let letter = (b'A' + column as u8) as char;
    let v = validations(&file);
    assert!(
        v.contains(&format!(
            "<formula1>Lists!${letter}$1:${letter}$4</formula1>"
        )),
        "{v}"
    );
    let t = read_xlsx("x.xlsx", &file, SHEET).unwrap();
    let allowed = &t.rows.iter().find(|r| r[0] == "gov.ai-policy").unwrap()[4];
    assert!(
        allowed.contains("Approved, current and covers this product |"),
        "{allowed}"
    );
    let answers = [("gov.ai-policy", "answer", Cell::Text(policy[0]))];
    let o = import(&ws, &filled(&file, &answers), "acme.xlsx", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let a = answer(&ws, ACME, "gov.ai-policy").unwrap();
    assert_eq!(a.value, Value::Choice("approved".into()));
}
