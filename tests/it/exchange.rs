//! Questionnaire exchange: export → fill → import round trips (XLSX and CSV), validation
//! errors naming sheet, row and column, --partial and --overwrite.

use clausewise::catalog::Catalog;
use clausewise::model::{Attestation, Questionnaire, Snapshot, Value};
use clausewise::report::exchange::import::{ChangeKind, ImportOptions, import};
use clausewise::report::exchange::table::{Table, read_csv, read_xlsx};
use clausewise::report::exchange::{COLUMNS, SHEET, export};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::{fixture, golden};

const VENDOR: &str = "ai-vendor-due-diligence";

fn vendor_q(c: &Catalog) -> &Questionnaire {
    c.questionnaire(VENDOR).expect("vendor questionnaire")
}

fn opts(partial: bool, overwrite: bool) -> ImportOptions {
    ImportOptions {
        subject: "acme-models".into(),
        partial,
        overwrite,
        now: "2025-03-02T08:00:00Z".parse().expect("ts"),
    }
}

/// Answers a vendor gives: (id, answer, evidence reference, evidence date, comment).
const FILLED: [(&str, &str, &str, &str, &str); 5] = [
    (
        "inc.commitment",
        "Yes",
        "DPA section 9",
        "",
        "Summarises support tickets for 40 agents; notification covers model faults too",
    ),
    (
        "gov.ai-policy",
        "approved",
        "Acme AI policy v3",
        "2025-01-15",
        "=cmd|' /C calc'!A0 board-approved",
    ),
    ("gov.certs", "iso27001; soc2-type2", "Cert 123", "", ""),
    ("inc.hours", "24", "", "", ""),
    (
        "sec.pentest-date",
        "2024-11-30",
        "",
        "",
        "annual, \"external\"\nsecond line",
    ),
];

fn col(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).expect("column")
}

/// Fills the answer columns of an exported table.
fn fill(t: &mut Table, answers: &[(&str, &str, &str, &str, &str)]) {
    // A question the file does not hold is added as a row (import refuses our assessor's
    // own questions, see `exchange_checks`).
    for (id, ..) in answers {
        if !t.rows.iter().any(|r| r.first().is_some_and(|x| x == id)) {
            t.rows.push(vec![id.to_string()]);
        }
    }
    for row in t.rows.iter_mut().skip(1) {
        row.resize(COLUMNS.len(), String::new());
        if let Some((_, a, r, d, c)) = answers.iter().find(|x| x.0 == row[0]) {
            row[col("answer")] = a.to_string();
            row[col("evidence_reference")] = r.to_string();
            row[col("evidence_date")] = d.to_string();
            row[col("comment")] = c.to_string();
        }
    }
}

/// A filled table written back as CSV, as a vendor's spreadsheet would save it.
fn csv_bytes(t: &Table) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    t.rows.iter().for_each(|r| w.write_record(r).expect("row"));
    w.into_inner().expect("bytes")
}

fn check_imported(s: &Snapshot) {
    let a = s
        .assessments
        .iter()
        .find(|a| a.questionnaire == VENDOR && a.subject.as_deref() == Some("acme-models"))
        .expect("assessment");
    let policy = &a.answers["gov.ai-policy"];
    assert_eq!(policy.value, Value::Choice("approved".into()));
    assert_eq!(policy.attestation, Some(Attestation::SelfAttested));
    assert_eq!(policy.evidence[0].reference, "Acme AI policy v3");
    assert_eq!(
        policy.evidence[0].date.map(|d| d.to_string()).as_deref(),
        Some("2025-01-15")
    );
    assert!(policy.note.contains("board-approved"));
    assert_eq!(
        a.answers["gov.certs"].value,
        Value::MultiChoice(vec!["iso27001".into(), "soc2-type2".into()])
    );
    assert_eq!(a.answers["inc.hours"].value, Value::Number(24.0));
    assert_eq!(
        a.answers["sec.pentest-date"].value.condition_values(),
        ["2024-11-30"]
    );
    assert_eq!(
        a.answers["sec.pentest-date"].note,
        "annual, \"external\"\nsecond line"
    );
    assert_eq!(
        a.answers["inc.commitment"].value,
        Value::YesNo(clausewise::model::YesNo::Yes)
    );
    assert!(
        !a.answers.contains_key("eng.use-case"),
        "ours, never imported"
    );
    assert!(
        s.digest.is_none(),
        "a changed snapshot loses its stale digest"
    );
}

#[test]
fn export_golden_files() {
    let c = fixture::catalog();
    golden::check("vendor-fill-in.csv", &export::to_csv(vendor_q(&c), None));
    golden::check(
        "vendor-fill-in.md",
        &export::to_markdown(vendor_q(&c), "Acme Models", None),
    );
}

#[test]
fn csv_round_trip() {
    let c = fixture::catalog();
    let q = vendor_q(&c);
    let mut t = read_csv("vendor.csv", export::to_csv(q, None).as_bytes()).expect("read");
    assert_eq!(t.rows[0], COLUMNS);
    assert_eq!(
        t.rows.len() - 1,
        q.question_count() - q.assessor_only().len()
    );
    fill(&mut t, &FILLED);
    let t = read_csv("vendor.csv", &csv_bytes(&t)).expect("read back");
    let out = import(&fixture::unscored(), q, &t, &opts(false, true)).expect("import");
    check_imported(&out.snapshot);
    assert!(out.errors.is_empty());
}

/// Writes a table as a workbook the way a vendor's spreadsheet would: numbers as numbers,
/// dates as date cells.
fn to_xlsx(t: &Table) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET).expect("name");
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in (0u32..).zip(&t.rows) {
        for (c, cell) in (0u16..).zip(row) {
            if let (Ok(n), true) = (cell.parse::<f64>(), r > 0) {
                ws.write_number(r, c, n).expect("number");
            } else if let (Some(d), true) = (
                ExcelDateTime::parse_from_str(cell).ok(),
                r > 0 && cell.len() == 10,
            ) {
                ws.write_datetime_with_format(r, c, &d, &date_fmt)
                    .expect("date");
            } else if !cell.is_empty() {
                ws.write_string(r, c, cell).expect("string");
            }
        }
    }
    wb.save_to_buffer().expect("save")
}

#[test]
fn xlsx_round_trip() {
    let c = fixture::catalog();
    let q = vendor_q(&c);
    let bytes = export::to_xlsx(q, "Acme Models", None).expect("xlsx");
    let mut t = read_xlsx("vendor.xlsx", &bytes, SHEET).expect("read");
    assert_eq!(t.sheet, SHEET);
    assert_eq!(t.rows[0], COLUMNS);
    assert_eq!(
        t.rows.len() - 1,
        q.question_count() - q.assessor_only().len()
    );
    for own in ["eng.use-case", "eng.data", "own.acceptance", "ext.plan"] {
        assert!(
            t.rows.iter().all(|r| r[0] != own),
            "{own} is ours, not the vendor's"
        );
    }
    let questions: std::collections::HashMap<&str, &clausewise::model::Question> = q
        .questions()
        .into_iter()
        .map(|(_, x)| (x.id.as_str(), x))
        .collect();
    for r in t.rows.iter().skip(1) {
        let question = questions[r[0].as_str()];
        assert_eq!(
            r[col("help")],
            question.vendor_help.clone().unwrap_or_default(),
            "{}: the help column is the vendor help, never the assessor's",
            r[0]
        );
        assert_ne!(r[col("help")], question.help, "{}", r[0]);
    }
    assert!(
        t.rows[1][col("allowed_answers")].starts_with("free text")
            || !t.rows[1][col("allowed_answers")].is_empty()
    );
    fill(&mut t, &FILLED);
    let t = read_xlsx("vendor.xlsx", &to_xlsx(&t), SHEET).expect("read filled");
    let out = import(&fixture::unscored(), q, &t, &opts(false, true)).expect("import");
    check_imported(&out.snapshot);
}

fn bad_table() -> Table {
    let c = fixture::catalog();
    let mut t = read_csv("bad.csv", export::to_csv(vendor_q(&c), None).as_bytes()).expect("read");
    fill(
        &mut t,
        &[
            ("gov.ai-policy", "maybe", "", "", ""),
            ("sec.pentest-date", "2024-13-45", "", "", ""),
            ("gov.certs", "iso27001", "Cert", "31/12/2024", ""),
            ("inc.hours", "24", "", "", ""),
            ("data.retention", "zero", "", "", ""),
        ],
    );
    let mut unknown = vec![String::new(); COLUMNS.len()];
    unknown[0] = "no.such-question".into();
    unknown[col("answer")] = "yes".into();
    t.rows.insert(2, unknown);
    t
}

#[test]
fn import_errors_name_sheet_row_and_column_and_nothing_is_imported() {
    let c = fixture::catalog();
    let before = fixture::unscored();
    let err =
        import(&before, vendor_q(&c), &bad_table(), &opts(false, false)).expect_err("bad rows");
    let msgs: Vec<String> = err.errors.iter().map(ToString::to_string).collect();
    let all = msgs.join("\n");
    assert_eq!(msgs.len(), 4, "{all}");
    assert!(
        all.contains("bad.csv!A3 (id): unknown question id \"no.such-question\""),
        "{all}"
    );
    assert!(
        msgs.iter().any(|m| m.starts_with("bad.csv!F")
            && m.contains(
                " (answer): \"maybe\" is not an allowed answer; expected one of: Approved, current and covers this product"
            )),
        "{all}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains(" (answer): \"2024-13-45\" is not a date")),
        "{all}"
    );
    assert!(
        msgs.iter().any(|m| m
            .contains("!H4 (evidence_date): \"31/12/2024\" is not a date; write it as YYYY-MM-DD")),
        "{all}"
    );
}

#[test]
fn partial_imports_the_valid_rows_and_reports_the_rest() {
    let c = fixture::catalog();
    let out = import(
        &fixture::unscored(),
        vendor_q(&c),
        &bad_table(),
        &opts(true, false),
    )
    .expect("partial");
    assert_eq!(out.errors.len(), 4);
    let kinds: Vec<(&str, &ChangeKind)> = out
        .changes
        .iter()
        .map(|c| (c.question.as_str(), &c.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("data.retention", &ChangeKind::Added),
            ("inc.hours", &ChangeKind::Unchanged)
        ]
    );
}

#[test]
fn existing_answers_are_kept_without_overwrite_and_replaced_with_it() {
    let c = fixture::catalog();
    let q = vendor_q(&c);
    let mut t = read_csv("v.csv", export::to_csv(q, None).as_bytes()).expect("read");
    fill(
        &mut t,
        &[
            ("inc.hours", "48", "", "", ""),
            ("data.training", "never", "", "", ""),
        ],
    );
    let snap = fixture::unscored();
    let kept = import(&snap, q, &t, &opts(false, false)).expect("import");
    let a = |s: &Snapshot, id: &str| {
        s.assessments
            .iter()
            .find(|a| a.questionnaire == VENDOR)
            .and_then(|a| a.answers.get(id))
            .map(|a| a.value.clone())
    };
    assert_eq!(a(&kept.snapshot, "inc.hours"), Some(Value::Number(24.0)));
    assert_eq!(
        a(&kept.snapshot, "data.training"),
        Some(Value::Choice("never".into()))
    );
    let summary = clausewise::report::exchange::import::summary(&kept);
    assert!(
        summary.starts_with("1 added, 0 overwritten, 1 kept"),
        "{summary}"
    );
    assert!(
        summary.contains("= inc.hours: kept 24 (file says 48)"),
        "{summary}"
    );
    let replaced = import(&snap, q, &t, &opts(false, true)).expect("import");
    assert_eq!(
        a(&replaced.snapshot, "inc.hours"),
        Some(Value::Number(48.0))
    );
    assert!(
        clausewise::report::exchange::import::summary(&replaced).contains("~ inc.hours: 24 -> 48")
    );
}

#[test]
fn an_unknown_subject_is_created_as_a_vendor() {
    let c = fixture::catalog();
    let q = vendor_q(&c);
    let mut t = read_csv("v.csv", export::to_csv(q, None).as_bytes()).expect("read");
    fill(&mut t, &[("data.training", "never", "", "", "")]);
    let mut o = opts(false, false);
    o.subject = "Globex AI \u{202e}Ltd".into();
    let out = import(&fixture::unscored(), q, &t, &o).expect("import");
    assert!(out.created_subject);
    assert_eq!(out.subject_id, "globex-ai-ltd");
    let s = out
        .snapshot
        .subjects
        .iter()
        .find(|s| s.id == "globex-ai-ltd")
        .expect("subject");
    assert_eq!(s.name, "Globex AI Ltd");
}

#[test]
fn cli_report_export_and_import_round_trip() {
    use std::process::Command;
    let dir = tempfile::tempdir().expect("tempdir");
    let snap = dir.path().join("snap.json");
    // Unsealed (the fixture's digest is made up, which `report` would refuse).
    let mut unsealed = fixture::scored();
    unsealed.digest = None;
    let json = serde_json::to_string_pretty(&unsealed).expect("json");
    std::fs::write(&snap, json).expect("write snapshot");
    let bin = env!("CARGO_BIN_EXE_clausewise");
    let run = |args: &[&str]| {
        Command::new(bin)
            .args(["--workspace", env!("CARGO_MANIFEST_DIR")])
            .args(args)
            .output()
            .expect("run")
    };
    let s = snap.to_str().expect("path");
    let out = dir.path().join("r.csv");
    let o = run(&[
        "report",
        s,
        "--format",
        "csv",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        dir.path().join("r-soa.csv").is_file(),
        "SoA written next to the CSV"
    );
    let o = run(&["report", s, "--format", "html"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("<!DOCTYPE html>"));
    let path = dir.path().join("fill.csv");
    let f = path.to_str().expect("path");
    let o = run(&[
        "export-questionnaire",
        VENDOR,
        "--subject",
        "Acme",
        "--format",
        "csv",
        "-o",
        f,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut t = read_csv("fill.csv", &std::fs::read(&path).expect("read")).expect("csv");
    fill(&mut t, &[("data.training", "maybe", "", "", "")]);
    std::fs::write(&path, csv_bytes(&t)).expect("write");
    let o = run(&["import-answers", f, "--subject", "acme-models", "--into", s]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("fill.csv!F") && err.contains(" (answer): \"maybe\""),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&snap).expect("read"),
        serde_json::to_string_pretty(&unsealed).expect("json"),
        "nothing imported"
    );
}

/// Runs the real binary.
fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .args(args)
        .output()
        .expect("run")
}

#[test]
fn import_without_into_goes_to_the_workspace_session_as_self_attested() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = clausewise::store::Workspace::init(dir.path()).expect("workspace");
    let w = ws.root.display().to_string();
    let path = dir.path().join("fill.csv");
    let f = path.to_str().expect("path");
    let o = cli(&[
        "-w",
        &w,
        "export-questionnaire",
        VENDOR,
        "--subject",
        "Acme",
        "--format",
        "csv",
        "-o",
        f,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut t = read_csv("fill.csv", &std::fs::read(&path).expect("read")).expect("csv");
    fill(
        &mut t,
        &[("data.training", "never", "DPA section 4", "2025-01-10", "")],
    );
    std::fs::write(&path, csv_bytes(&t)).expect("write");
    let o = cli(&["-w", &w, "import-answers", f, "--subject", "Acme"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let state = clausewise::store::LiveStore::open(&ws)
        .expect("live")
        .state()
        .expect("state");
    let vendor = state
        .subjects
        .iter()
        .find(|v| v.name == "Acme")
        .expect("vendor created");
    let a = state
        .assessments
        .iter()
        .find(|a| a.subject.as_deref() == Some(vendor.id.as_str()))
        .expect("assessment");
    let answer = a.answers.get("data.training").expect("imported");
    assert_eq!(
        answer.attestation,
        Some(clausewise::model::Attestation::SelfAttested)
    );
}

const AIIA: &str = "iso42001-aiia";

/// Two impacts filled in entry slots 1 and 2 (slot 3 left blank), plus a plain question.
const IMPACTS: [(&str, &str, &str, &str, &str); 7] = [
    ("impacts[1].impacts.direction", "negative", "", "", ""),
    (
        "impacts[1].impacts.description",
        "Eligible applicants declined",
        "",
        "",
        "",
    ),
    (
        "impacts[1].impacts.inherent",
        "4x4",
        "Risk workshop",
        "2025-02-01",
        "",
    ),
    (
        "impacts[1].impacts.residual",
        "2x4",
        "",
        "",
        "after human review",
    ),
    ("impacts[2].impacts.direction", "positive", "", "", ""),
    (
        "impacts[2].impacts.description",
        "Faster decisions",
        "",
        "",
        "",
    ),
    (
        "impacts[2].impacts.category",
        "access_to_services",
        "",
        "",
        "",
    ),
];

fn acme_aiia(s: &Snapshot) -> &clausewise::model::Assessment {
    s.assessments
        .iter()
        .find(|a| a.questionnaire == AIIA && a.subject.as_deref() == Some("acme-models"))
        .expect("AIIA assessment")
}

/// Checks the two impacts of [`IMPACTS`]; returns how many entries there are.
fn check_impacts(s: &Snapshot) -> usize {
    use clausewise::model::Rating;
    let a = acme_aiia(s);
    let entries = &a.entries["impacts"];
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids[..2], ["impact-1", "impact-2"]);
    let one = &entries[0].answers;
    assert_eq!(
        one["impacts.direction"].value,
        Value::Choice("negative".into())
    );
    assert_eq!(
        one["impacts.residual"].value,
        Value::LikelihoodSeverity(Rating {
            likelihood: 2,
            severity: 4
        })
    );
    assert_eq!(one["impacts.residual"].note, "after human review");
    assert_eq!(
        one["impacts.inherent"].evidence[0].reference,
        "Risk workshop"
    );
    assert_eq!(
        one["impacts.inherent"].attestation,
        Some(Attestation::SelfAttested)
    );
    assert_eq!(
        entries[1].answers["impacts.category"].value,
        Value::Choice("access_to_services".into())
    );
    assert!(
        a.answers.keys().all(|k| !k.starts_with("impacts.")),
        "not as plain answers"
    );
    entries.len()
}

fn aiia_table(c: &Catalog) -> Table {
    let q = c.questionnaire(AIIA).expect("aiia");
    let t = read_csv("aiia.csv", export::to_csv(q, None).as_bytes()).expect("read");
    let slots: Vec<&str> = t
        .rows
        .iter()
        .map(|r| r[0].as_str())
        .filter(|id| id.ends_with("].impacts.direction"))
        .collect();
    assert_eq!(
        slots,
        [
            "impacts[1].impacts.direction",
            "impacts[2].impacts.direction",
            "impacts[3].impacts.direction"
        ],
        "three blank entry slots per repeatable section"
    );
    assert!(
        !t.rows.iter().any(|r| r[0] == "impacts.direction"),
        "no plain id for entry questions"
    );
    t
}

#[test]
fn csv_round_trip_with_a_repeatable_section() {
    let c = fixture::catalog();
    let q = c.questionnaire(AIIA).expect("aiia");
    let mut t = aiia_table(&c);
    fill(&mut t, &IMPACTS);
    let t = read_csv("aiia.csv", &csv_bytes(&t)).expect("read back");
    let out = import(&fixture::unscored(), q, &t, &opts(false, true)).expect("import");
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    assert_eq!(
        check_impacts(&out.snapshot),
        2,
        "slot 3 was blank: no entry"
    );
    let again = import(&out.snapshot, q, &t, &opts(false, false)).expect("import again");
    assert!(
        again
            .changes
            .iter()
            .all(|c| c.kind == ChangeKind::Unchanged),
        "entry N is the same entry on a second import"
    );
    assert_eq!(check_impacts(&again.snapshot), 2);
}

#[test]
fn xlsx_round_trip_with_a_repeatable_section() {
    let c = fixture::catalog();
    let q = c.questionnaire(AIIA).expect("aiia");
    let bytes = export::to_xlsx(q, "Acme Models", None).expect("xlsx");
    let mut t = read_xlsx("aiia.xlsx", &bytes, SHEET).expect("read");
    assert_eq!(
        t.rows,
        aiia_table(&c).rows,
        "xlsx and csv list the same rows"
    );
    fill(&mut t, &IMPACTS);
    let t = read_xlsx("aiia.xlsx", &to_xlsx(&t), SHEET).expect("read filled");
    let out = import(&fixture::unscored(), q, &t, &opts(false, true)).expect("import");
    assert_eq!(check_impacts(&out.snapshot), 2);
}

#[test]
fn bad_entry_ids_are_errors_naming_row_and_column() {
    let c = fixture::catalog();
    let q = c.questionnaire(AIIA).expect("aiia");
    let mut t = aiia_table(&c);
    fill(&mut t, &IMPACTS);
    let row_of = |t: &Table, id: &str| t.rows.iter().position(|r| r[0] == id).expect(id);
    let cases = [
        (
            "impacts[1].impacts.direction",
            "impacts.direction",
            "say which entry",
        ),
        (
            "impacts[1].impacts.description",
            "impacts[0].impacts.description",
            "from 1",
        ),
        (
            "impacts[1].impacts.inherent",
            "impacts[x].impacts.inherent",
            "whole number",
        ),
        (
            "impacts[1].impacts.residual",
            "impacts[1].system.name",
            "has no question",
        ),
        (
            "impacts[2].impacts.direction",
            "nosuch[1].impacts.direction",
            "unknown question id",
        ),
    ];
    let mut expected = Vec::new();
    for (from, to, _) in cases {
        let r = row_of(&t, from);
        t.rows[r][0] = to.into();
        expected.push(r + 1);
    }
    let err = import(&fixture::unscored(), q, &t, &opts(false, false)).expect_err("bad ids");
    for ((_, to, message), row) in cases.iter().zip(expected) {
        let e = err
            .errors
            .iter()
            .find(|e| e.row == row)
            .unwrap_or_else(|| panic!("no error for row {row} ({to}): {:?}", err.errors));
        assert_eq!(
            (e.sheet.as_str(), e.column.as_str(), e.header.as_str()),
            ("aiia.csv", "A", "id")
        );
        assert!(e.message.contains(message), "{to}: {}", e.message);
    }
}

#[test]
fn existing_entries_are_exported_pre_filled_and_new_ones_follow_them() {
    let c = fixture::catalog();
    let q = c.questionnaire(AIIA).expect("aiia");
    let mut t = aiia_table(&c);
    fill(&mut t, &IMPACTS);
    let first = import(&fixture::unscored(), q, &t, &opts(false, true)).expect("import");
    let a = acme_aiia(&first.snapshot);
    let text = export::to_csv(q, Some(a));
    let mut t = read_csv("aiia.csv", text.as_bytes()).expect("read");
    let row = |t: &Table, id: &str| t.rows.iter().find(|r| r[0] == id).cloned().expect(id);
    let residual = row(&t, "impacts[1].impacts.residual");
    assert_eq!(residual[col("answer")], "2x4");
    assert_eq!(residual[col("comment")], "after human review");
    assert_eq!(
        row(&t, "impacts[1].impacts.inherent")[col("evidence_date")],
        "2025-02-01"
    );
    assert_eq!(
        row(&t, "impacts[2].impacts.direction")[col("answer")],
        "positive"
    );
    assert!(row(&t, "impacts[3].impacts.direction")[col("answer")].is_empty());
    assert!(
        t.rows
            .iter()
            .any(|r| r[0] == "impacts[5].impacts.direction"),
        "3 blank after 2"
    );
    assert!(
        !t.rows
            .iter()
            .any(|r| r[0] == "impacts[6].impacts.direction")
    );
    let md = export::to_markdown(q, "Acme Models", Some(a));
    assert!(
        md.contains("- Answer: 2x4"),
        "markdown shows pre-filled answers"
    );
    fill(
        &mut t,
        &[
            ("impacts[3].impacts.direction", "negative", "", "", ""),
            (
                "impacts[3].impacts.description",
                "Drivers rerouted unsafely",
                "",
                "",
                "",
            ),
        ],
    );
    let second = import(&first.snapshot, q, &t, &opts(false, false)).expect("import");
    let a = acme_aiia(&second.snapshot);
    let ids: Vec<&str> = a.entries["impacts"].iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["impact-1", "impact-2", "impact-3"]);
    let added = second
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Added)
        .count();
    assert_eq!(
        added, 2,
        "only the new entry's answers: {:?}",
        second.changes
    );
    assert_eq!(check_impacts(&second.snapshot), 3);
}

#[test]
fn cli_export_pre_fills_the_entries_already_in_the_workspace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws = clausewise::store::Workspace::init(dir.path()).expect("workspace");
    let w = ws.root.display().to_string();
    let path = dir.path().join("aiia.csv");
    let f = path.to_str().expect("path");
    let export = |f: &str| {
        let args = [
            "-w",
            &w,
            "export-questionnaire",
            AIIA,
            "--subject",
            "Triage",
            "--format",
            "csv",
            "-o",
            f,
        ];
        let o = cli(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        read_csv("aiia.csv", &std::fs::read(f).expect("read")).expect("csv")
    };
    let mut t = export(f);
    fill(&mut t, &IMPACTS);
    std::fs::write(&path, csv_bytes(&t)).expect("write");
    let args = [
        "-w",
        &w,
        "import-answers",
        f,
        "--subject",
        "Triage",
        "--questionnaire",
        AIIA,
    ];
    let o = cli(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let again = export(f);
    let answer = |id: &str| {
        let row = again.rows.iter().find(|r| r[0] == id).expect(id);
        row[col("answer")].clone()
    };
    assert_eq!(answer("impacts[1].impacts.residual"), "2x4");
    assert_eq!(answer("impacts[2].impacts.direction"), "positive");
    assert_eq!(
        answer("impacts[3].impacts.direction"),
        "",
        "a blank slot after them"
    );
}
