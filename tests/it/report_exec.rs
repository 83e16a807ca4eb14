//! Issue 22: OSCAL UUIDs and props, nothing cut in machine-readable outputs, the POA&M, the
//! executive report and the auditor pack.

use clausewise::model::Snapshot;
use clausewise::report::{self, Context, ReportFormat};

use super::fixture;

pub fn example(name: &str) -> Snapshot {
    clausewise::store::snapshots::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("snapshots")
            .join(name),
    )
    .expect(name)
}

pub const STAGE_2: &str = "harbourline-logistics-2025-stage-2.json";
pub const SURVEILLANCE: &str = "harbourline-logistics-2026-surveillance-1.json";

pub fn render(snap: &Snapshot, format: ReportFormat) -> String {
    let cat = fixture::catalog();
    let ctx = Context::new(snap, fixture::questionnaires(&cat));
    String::from_utf8(report::render(&ctx, format, None).expect("render")).expect("utf-8")
}

/// Every value of a `uuid` key anywhere in `v` (the objects that define one).
fn defined_uuids(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(serde_json::Value::String(s)) = o.get("uuid") {
                out.push(s.clone());
            }
            o.values().for_each(|x| defined_uuids(x, out));
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| defined_uuids(x, out)),
        _ => {}
    }
}

#[test]
fn oscal_uuids_are_rfc9562_version_5_and_unique_per_object() {
    for format in [ReportFormat::Oscal, ReportFormat::OscalPoam] {
        let doc: serde_json::Value =
            serde_json::from_str(&render(&example(SURVEILLANCE), format)).expect("json");
        let mut all = Vec::new();
        defined_uuids(&doc, &mut all);
        assert!(all.len() > 10, "{format:?}: {}", all.len());
        for u in &all {
            let parsed = uuid::Uuid::parse_str(u).expect("a UUID");
            assert_eq!(parsed.get_version(), Some(uuid::Version::Sha1), "{u}");
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122, "{u}");
        }
        let count = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), count, "{format:?}: a UUID defined twice");
    }
}

/// Every prop name used in `v`, with the key of the object list it sits in
/// (`observations`, `findings`, …).
fn prop_names(v: &serde_json::Value, within: &str, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                if k == "props" {
                    for p in x.as_array().into_iter().flatten() {
                        let name = p["name"].as_str().unwrap_or_default().to_string();
                        out.push((within.to_string(), name));
                    }
                } else {
                    prop_names(x, k, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| prop_names(x, within, out)),
        _ => {}
    }
}

#[test]
fn oscal_props_use_one_naming_scheme_for_observations_and_findings() {
    let doc: serde_json::Value =
        serde_json::from_str(&render(&example(SURVEILLANCE), ReportFormat::Oscal)).expect("json");
    let mut names = Vec::new();
    prop_names(&doc, "document", &mut names);
    assert!(!names.is_empty());
    for (within, name) in &names {
        assert!(
            !name.starts_with("clausewise-"),
            "{within}: prop {name} carries the namespace in its name"
        );
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{within}: {name} is not lower-kebab-case"
        );
    }
    let status_in = |kind: &str| names.iter().any(|(w, n)| w == kind && n == "status");
    assert!(
        status_in("observations") && status_in("findings"),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|(w, n)| w == "findings" && n == "readiness")
    );
}

/// The whole texts behind the impact labels that scoring cut to 60 characters.
pub fn whole_impact_texts(snap: &Snapshot) -> Vec<String> {
    let card = snap.scorecard.as_ref().expect("scored");
    let cut: Vec<&str> = (card.aiias.iter())
        .flat_map(|a| &a.impacts)
        .filter_map(|i| i.label.strip_suffix('…'))
        .collect();
    assert!(!cut.is_empty(), "the example has long impact texts");
    let whole: Vec<String> = (snap.assessments.iter())
        .flat_map(|a| a.entries.values().flatten())
        .flat_map(|e| e.answers.values())
        .filter_map(|a| match &a.value {
            clausewise::model::Value::Text(t) => Some(t.trim().to_string()),
            _ => None,
        })
        .filter(|t| cut.iter().any(|c| t.starts_with(c.trim_end())))
        .collect();
    assert!(whole.len() >= cut.len());
    whole
}

#[test]
fn impact_text_is_never_cut_in_oscal_json_or_csv() {
    let snap = example(SURVEILLANCE);
    let whole = whole_impact_texts(&snap);
    for format in [ReportFormat::Oscal, ReportFormat::Json, ReportFormat::Csv] {
        let out = render(&snap, format);
        let strings: Vec<String> = match format {
            ReportFormat::Csv => csv::Reader::from_reader(out.as_bytes())
                .records()
                .flat_map(|r| {
                    r.expect("record")
                        .iter()
                        .map(String::from)
                        .collect::<Vec<_>>()
                })
                .collect(),
            _ => {
                let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
                let mut s = Vec::new();
                strings_of(&doc, &mut s);
                s
            }
        };
        for t in &whole {
            assert!(
                strings.iter().any(|s| s.contains(t.as_str())),
                "{format:?} lacks the whole text {t:?}"
            );
        }
        if format != ReportFormat::Json {
            // JSON keeps the scorecard's short `label` next to the whole `text`.
            let cut = strings.iter().find(|s| s.ends_with('…'));
            assert!(cut.is_none(), "{format:?} has a cut value: {cut:?}");
        }
    }
}

fn strings_of(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings_of(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings_of(x, out)),
        _ => {}
    }
}

fn validator(file: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/oscal")
        .join(file);
    let text = std::fs::read_to_string(path).expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema json");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("compile schema")
}

fn schema_errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn poam_is_valid_against_nists_schema_and_carries_the_remediation_plan() {
    let v = validator("oscal_poam_schema.json");
    let snaps = [
        ("fixture", fixture::scored()),
        ("unscored", fixture::unscored()),
        (STAGE_2, example(STAGE_2)),
        (SURVEILLANCE, example(SURVEILLANCE)),
    ];
    for (name, snap) in &snaps {
        let text = render(snap, ReportFormat::OscalPoam);
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let errors = schema_errors(&v, &doc);
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
        assert_eq!(text, render(snap, ReportFormat::OscalPoam), "reproducible");
        let poam = &doc["plan-of-action-and-milestones"];
        let items = poam["poam-items"].as_array().expect("items");
        let plan = snap
            .scorecard
            .as_ref()
            .and_then(|c| c.gap.as_ref())
            .map_or(0, |g| g.remediation.len());
        let open = snap
            .findings
            .iter()
            .filter(|f| {
                matches!(
                    f.grade,
                    clausewise::model::FindingGrade::Major | clausewise::model::FindingGrade::Minor
                ) && f.status != clausewise::model::FindingStatus::Closed
            })
            .count();
        assert_eq!(items.len(), (plan + open).max(1), "{name}");
        // Every item's risk is in the document.
        let risks: Vec<&serde_json::Value> = poam["risks"]
            .as_array()
            .map(|r| r.iter().map(|r| &r["uuid"]).collect())
            .unwrap_or_default();
        for i in items {
            for r in i["related-risks"].as_array().into_iter().flatten() {
                assert!(risks.contains(&&r["risk-uuid"]), "{name}: {i}");
            }
        }
    }
    // The first item of the fixture is the plan's first row, with its owner and due date.
    let snap = fixture::scored();
    let doc: serde_json::Value =
        serde_json::from_str(&render(&snap, ReportFormat::OscalPoam)).expect("json");
    let first = &snap
        .scorecard
        .as_ref()
        .unwrap()
        .gap
        .as_ref()
        .unwrap()
        .remediation[0];
    let item = &doc["plan-of-action-and-milestones"]["poam-items"][0];
    let prop = |n: &str| {
        item["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == n)
            .map(|p| p["value"].as_str().unwrap().to_string())
    };
    assert_eq!(
        prop("question-id").as_deref(),
        Some(first.question.as_str())
    );
    assert_eq!(prop("priority"), Some(format!("{:.2}", first.priority)));
    assert_eq!(prop("due"), first.due.map(|d| d.to_string()));
}

#[test]
fn poam_schema_test_can_fail() {
    let v = validator("oscal_poam_schema.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&render(&fixture::scored(), ReportFormat::OscalPoam)).expect("json");
    doc["plan-of-action-and-milestones"]["poam-items"] = serde_json::json!([]);
    assert!(!v.is_valid(&doc), "an empty plan must be refused");
    let mut doc: serde_json::Value =
        serde_json::from_str(&render(&fixture::scored(), ReportFormat::OscalPoam)).expect("json");
    doc["plan-of-action-and-milestones"]["uuid"] = "not-a-uuid".into();
    assert!(!v.is_valid(&doc));
}

#[test]
fn poam_golden_file() {
    super::golden::check(
        "report.poam.json",
        &render(&fixture::scored(), ReportFormat::OscalPoam),
    );
}

/// The surveillance example reported as the CLI does: its chain (the Stage 2 snapshot)
/// known, its seal verified.
fn exec_report(format: ReportFormat, as_of: Option<jiff::civil::Date>) -> String {
    let cat = fixture::catalog();
    let (before, now) = (example(STAGE_2), example(SURVEILLANCE));
    let ctx = Context::new(&now, fixture::questionnaires(&cat))
        .with_history(vec![&before])
        .with_seal(report::Seal::Verified)
        .with_as_of(as_of);
    String::from_utf8(report::render(&ctx, format, None).expect("render")).expect("utf-8")
}

#[test]
fn executive_report_golden_files() {
    super::golden::check("report-exec.md", &exec_report(ReportFormat::Markdown, None));
    super::golden::check("report-exec.html", &exec_report(ReportFormat::Html, None));
}

#[test]
fn key_messages_are_computed_from_the_chain_and_the_registers() {
    let md = exec_report(ReportFormat::Markdown, None);
    let (before, now) = (example(STAGE_2), example(SURVEILLANCE));
    let readiness = |s: &Snapshot| {
        s.scorecard
            .as_ref()
            .unwrap()
            .gap
            .as_ref()
            .unwrap()
            .overall
            .readiness
    };
    let (old, new) = (readiness(&before), readiness(&now));
    let pct = clausewise::report::escape::pct;
    let shown = clausewise::report::escape::pct_shown;
    let change = clausewise::report::escape::points(shown(new) - shown(old));
    let line = md
        .lines()
        .find(|l| l.starts_with("- Overall readiness is"))
        .expect("readiness message");
    assert!(line.contains(&format!("**{}**", pct(new))), "{line}");
    assert!(
        line.contains(&format!("{change} points since stage-2 (14 March 2025)")),
        "{line}"
    );
    assert!(line.contains(&pct(old)), "{line}");
    assert_eq!(
        md.lines()
            .skip_while(|l| *l != "### Key messages")
            .skip(2)
            .take_while(|l| l.starts_with("- "))
            .count(),
        5,
        "five key messages"
    );
    assert!(
        md.contains("Open nonconformities: **0 major, 1 minor** (F-2026-01)"),
        "{md}"
    );
    // The trend lists both cycles with the change in points.
    assert!(md.contains(&format!(
        "| surveillance-1 | 12 March 2026 | {} | {change} |",
        pct(new)
    )));
    // The cover: date in words, classification, seal, previous snapshot.
    for want in [
        "- **Date:** 12 March 2026",
        "- **Classification:** **Confidential**",
        "- **Seal:** Verifies",
        "- **Previous in chain:** stage-2 (14 March 2025)",
    ] {
        assert!(md.contains(want), "{want}");
    }
    // The registers: findings with corrective actions, vendor evidence named by question.
    assert!(md.contains("## Findings register"));
    assert!(md.contains("| F-2025-02 | observation | 4.2 |"));
    assert!(
        md.contains("- gov.certs (Governance and certifications): Which current certifications")
    );
    // Impact texts whole in the human formats too.
    for t in whole_impact_texts(&now) {
        assert!(
            md.contains(&clausewise::report::escape::markdown(&t)),
            "{t}"
        );
    }
}

#[test]
fn overdue_follows_as_of() {
    let late = exec_report(ReportFormat::Markdown, Some(jiff::civil::date(2030, 1, 1)));
    let early = exec_report(ReportFormat::Markdown, Some(jiff::civil::date(2020, 1, 1)));
    let overdue_rows = |md: &str| {
        md.lines()
            .skip_while(|l| *l != "## Remediation plan")
            .take_while(|l| !l.starts_with("## Findings"))
            .filter(|l| l.ends_with("| **Yes** |"))
            .count()
    };
    let plan = example(SURVEILLANCE)
        .scorecard
        .unwrap()
        .gap
        .unwrap()
        .remediation;
    let with_due = plan.iter().filter(|i| i.due.is_some()).count();
    assert!(with_due > 0);
    assert_eq!(overdue_rows(&late), with_due);
    assert_eq!(overdue_rows(&early), 0);
    assert!(late.contains("- **Due dates checked on:** 1 January 2030"));
}

#[test]
fn html_is_landmarked_headed_and_prints_with_page_rules() {
    let html = exec_report(ReportFormat::Html, None);
    assert!(!html.contains("<script"), "no scripts");
    assert_eq!(html.matches("<main>").count(), 1);
    // Every section is an h2 inside a section labelled by it; no h3 straight after the h1.
    let h1 = html.find("<h1>").expect("h1");
    let next = html[h1 + 4..]
        .find("<h")
        .map(|i| &html[h1 + 4 + i..h1 + 7 + i]);
    assert_ne!(next, Some("<h3"), "a heading level skipped");
    assert_eq!(
        html.matches("<section").count(),
        html.matches("<h2 id=").count()
    );
    assert!(!html.contains("<th></th>") && !html.contains("<th scope=\"col\"></th>"));
    for rule in [
        "@page{size:A4",
        "counter(page)",
        "counter(pages)",
        "thead{display:table-header-group}",
        "break-after:avoid",
        "@media screen and (max-width:45rem)",
    ] {
        assert!(html.contains(rule), "{rule}");
    }
    // The trend chart: inline SVG with a title and a description of every value.
    assert!(html.contains("<svg viewBox"));
    assert!(html.contains("<title id=\"trend-title\">"));
    assert!(html.contains("<desc id=\"trend-desc\">stage-2 (14 March 2025): 70%; surveillance-1 (12 March 2026): 94.3%</desc>"));
}

#[test]
fn the_classification_marking_cannot_break_out_of_css_or_html() {
    let cat = fixture::catalog();
    let now = example(SURVEILLANCE);
    let hostile = "\"}</style><script>alert(1)</script>";
    let ctx = Context::new(&now, fixture::questionnaires(&cat))
        .with_print(hostile, report::Paper::Letter);
    let html = String::from_utf8(report::render(&ctx, ReportFormat::Html, None).expect("render"))
        .expect("utf-8");
    assert!(!html.contains("<script"), "escaped");
    assert_eq!(html.matches("</style>").count(), 1);
    assert!(html.contains("@page{size:letter"));
}

/// `clausewise report` on a copy of the example chain, in Markdown.
fn report_cli(dir: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .arg("-w")
        .arg(dir)
        .arg("report")
        .arg(dir.join("snapshots").join(SURVEILLANCE))
        .args(["--format", "markdown"])
        .output()
        .expect("run clausewise")
}

fn example_chain(tmp: &std::path::Path) {
    let snaps = tmp.join("snapshots");
    std::fs::create_dir_all(&snaps).expect("mkdir");
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    for f in [STAGE_2, SURVEILLANCE] {
        std::fs::copy(src.join(f), snaps.join(f)).expect("copy");
    }
}

#[test]
fn the_cli_follows_the_chain_and_a_forged_predecessor_never_reaches_the_trend() {
    let tmp = tempfile::tempdir().expect("tempdir");
    example_chain(tmp.path());
    let out = report_cli(tmp.path());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(md.contains("- **Seal:** Verifies"), "{md}");
    assert!(md.contains("- **Previous in chain:** stage-2 (14 March 2025)"));
    assert!(md.contains("+24.3 points since stage-2"));
    assert!(md.contains("### Readiness across audit cycles"));
    // Edit the Stage 2 snapshot without re-sealing it: its figures must not be shown.
    let stage2 = tmp.path().join("snapshots").join(STAGE_2);
    let text = std::fs::read_to_string(&stage2).expect("read");
    let forged = text.replacen("Tomasz Nowak", "Mallory", 1);
    assert_ne!(text, forged);
    std::fs::write(&stage2, forged).expect("write");
    let out = report_cli(tmp.path());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!md.contains("### Readiness across audit cycles"), "{md}");
    assert!(!md.contains("points since"), "{md}");
}

#[test]
fn the_seal_line_names_why_a_snapshot_does_not_verify() {
    assert_eq!(report::Seal::of(true, &[]), report::Seal::Verified);
    assert_eq!(
        report::Seal::of(false, &[]),
        report::Seal::Unverified(vec!["not sealed".into()])
    );
    let notices = vec![
        "SCORECARD DIFFERS: x".to_string(),
        "UNVERIFIED: s.json: it was edited".to_string(),
    ];
    assert_eq!(
        report::Seal::of(true, &notices),
        report::Seal::Unverified(vec!["UNVERIFIED: s.json: it was edited".into()])
    );
}
