//! Reports: golden files for every format, CSV read back field by field, HTML escaping with
//! hostile text, OSCAL validated against the official schema.

use clausewise::model::{FindingGrade, FindingStatus};
use clausewise::report::{self, Context, ReportFormat};

use super::fixture;
use super::golden;

fn render(snap: &clausewise::model::Snapshot, format: ReportFormat, fw: Option<&str>) -> String {
    let cat = fixture::catalog();
    let ctx = Context::new(snap, fixture::questionnaires(&cat));
    String::from_utf8(report::render(&ctx, format, fw).expect("render")).expect("utf-8")
}

#[test]
fn golden_files_for_every_format() {
    let s = fixture::scored();
    golden::check("report.md", &render(&s, ReportFormat::Markdown, None));
    golden::check("report.html", &render(&s, ReportFormat::Html, None));
    golden::check("report.csv", &render(&s, ReportFormat::Csv, None));
    golden::check("report-soa.csv", &render(&s, ReportFormat::SoaCsv, None));
    golden::check("report.json", &render(&s, ReportFormat::Json, None));
    golden::check("report.oscal.json", &render(&s, ReportFormat::Oscal, None));
    golden::check(
        "crosswalk-nist-ai-rmf.md",
        &render(&s, ReportFormat::Markdown, Some("nist-ai-rmf")),
    );
    golden::check(
        "crosswalk-iso27001.csv",
        &render(&s, ReportFormat::Csv, Some("iso27001")),
    );
    let u = fixture::unscored();
    golden::check("unscored.md", &render(&u, ReportFormat::Markdown, None));
    golden::check(
        "unscored.oscal.json",
        &render(&u, ReportFormat::Oscal, None),
    );
}

#[test]
fn without_a_scorecard_reports_say_so_and_invent_no_numbers() {
    let u = fixture::unscored();
    let md = render(&u, ReportFormat::Markdown, None);
    assert!(md.contains("Scorecard not computed"), "{md}");
    assert!(!md.contains("readiness "), "{md}");
    let json = render(&u, ReportFormat::Json, None);
    assert!(json.contains("\"scorecard\": null") && json.contains("\"scorecard_computed\": false"));
    let cat = fixture::catalog();
    let ctx = Context::new(&u, fixture::questionnaires(&cat));
    let err = report::render(&ctx, ReportFormat::SoaCsv, None).expect_err("no SoA without scores");
    assert!(err.to_string().contains("scorecard not computed"), "{err}");
}

#[test]
fn csv_reads_back_field_by_field() {
    let s = fixture::scored();
    let text = render(&s, ReportFormat::Csv, None);
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().expect("headers").clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    let gap_questions = fixture::catalog()
        .questionnaire("iso42001-gap")
        .expect("gap")
        .question_count();
    assert!(
        rows.len() >= gap_questions,
        "one row per question: {}",
        rows.len()
    );
    let find = |id: &str| {
        rows.iter()
            .find(|r| &r[col("question_id")] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let legal = find("c4.1.legal");
    assert_eq!(&legal[col("questionnaire")], "iso42001-gap");
    assert_eq!(&legal[col("section_ref")], "4.1");
    assert_eq!(&legal[col("status")], "partial");
    assert_eq!(&legal[col("value")], "partial");
    assert_eq!(&legal[col("score")], "0.50");
    assert_eq!(
        &legal[col("note")],
        "<script>alert(1)</script> \"quoted\", comma\nsecond line | pipe # hash `tick`"
    );
    assert_eq!(&legal[col("owner")], format!("'{}", fixture::HYPERLINK));
    assert_eq!(&legal[col("due")], "2025-02-01");
    assert_eq!(&legal[col("flags")], "overdue");
    assert!(!legal[col("map:nist-ai-rmf")].is_empty());
    assert_eq!(
        &find("c4.1.purpose")[col("note")],
        format!("'{}", fixture::CMD)
    );
    assert_eq!(&find("c4.1.purpose")[col("flagged")], "yes");
    assert_eq!(&find("c4.2.register")[col("note")], "'@SUM(1+1)[31mred[0m");
    assert_eq!(&find("c5.2.approved")[col("note")], "fdp.exe no policy yet");
    assert_eq!(
        &find("c4.1.issues")[col("evidence")],
        "DOC-12 Context register (2025-01-10)"
    );
    assert_eq!(
        &find("a2.2.approved-policy")[col("justification")],
        "'-2 covered by group policy | see A.2.3"
    );
    let hours = find("inc.hours");
    assert_eq!(&hours[col("subject")], "acme-models");
    assert_eq!(
        &hours[col("subject_name")],
        format!("Acme Models {}", fixture::HYPERLINK)
    );
    assert_eq!(&hours[col("value")], "24");
    assert_eq!(&hours[col("status")], "answered");
    assert_eq!(&find("c4.3.inventory")[col("status")], "unanswered");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "unneutralised cell {cell:?}"
            );
            assert!(
                !cell.contains('\u{1b}') && !cell.contains('\u{202e}'),
                "{cell:?}"
            );
        }
    }
}

#[test]
fn soa_csv_reads_back() {
    let text = render(&fixture::scored(), ReportFormat::SoaCsv, None);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().expect("headers").iter().collect::<Vec<_>>(),
        report::csv::SOA_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0].iter().collect::<Vec<_>>(),
        [
            "A.2.2",
            "AI policy",
            "a2.2",
            "no",
            "out_of_scope",
            "'-2 covered by group policy | see A.2.3",
            ""
        ]
    );
    assert_eq!(&rows[1][1], "Alignment <script>alert(1)</script>");
}

#[test]
fn html_escapes_hostile_text_and_is_self_contained() {
    for snap in [fixture::scored(), fixture::unscored()] {
        let html = render(&snap, ReportFormat::Html, None);
        assert!(!html.to_lowercase().contains("<script"), "raw script tag");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;Health&quot; &amp; Co"));
        assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
        for external in ["src=", "href=", "@import", "url("] {
            assert!(!html.contains(external), "external asset: {external}");
        }
        assert!(html.contains("@media print"));
    }
    let html = render(&fixture::scored(), ReportFormat::Html, None);
    assert!(
        html.contains("class=\"hm r2\""),
        "heatmap cell coloured by its readiness band (50%: defined, the middle one)"
    );
    assert!(
        html.contains("<b>P</b><i>+</i>4.1 50%"),
        "letter and band symbol in the cell, not colour alone"
    );
    assert!(
        html.contains("class=\"hm out_of_scope\""),
        "a cell without a band (nothing applicable) keeps its status colour"
    );
    assert!(
        html.contains("Readiness bands: "),
        "legend under the heatmap"
    );
}

#[test]
fn markdown_escapes_tables_and_html() {
    let md = render(&fixture::scored(), ReportFormat::Markdown, None);
    assert!(!md.contains("<script"));
    assert!(
        md.contains("Bias \\| &lt;script&gt;"),
        "pipe escaped inside a table cell"
    );
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let unescaped = line.replace("\\|", "");
        let cols = unescaped.matches('|').count();
        assert!(cols >= 2, "{line}");
    }
}

#[test]
fn json_is_versioned_canonical_and_round_trips_the_scorecard() {
    let s = fixture::scored();
    let text = render(&s, ReportFormat::Json, None);
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["format"], "clausewise-scorecard");
    assert_eq!(v["version"], 1);
    let card: clausewise::scoring::Scorecard =
        serde_json::from_value(v["scorecard"].clone()).expect("scorecard");
    assert_eq!(card.gap.as_ref().map(|g| g.rows.len()), Some(3));
    let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(text, render(&s, ReportFormat::Json, None), "reproducible");
}

fn oscal_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/oscal/oscal_assessment-results_schema.json"
    ))
    .expect("schema");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema json");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("compile schema")
}

/// Every schema violation of `doc`, with where it is.
fn schema_errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn oscal_is_valid_against_the_official_schema_and_reproducible() {
    let v = oscal_validator();
    for snap in [fixture::scored(), fixture::unscored()] {
        let text = render(&snap, ReportFormat::Oscal, None);
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let errors = schema_errors(&v, &doc);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        assert_eq!(text, render(&snap, ReportFormat::Oscal, None));
    }
    let doc: serde_json::Value =
        serde_json::from_str(&render(&fixture::scored(), ReportFormat::Oscal, None)).expect("json");
    let findings = doc["assessment-results"]["results"][0]["findings"]
        .as_array()
        .expect("findings");
    let partial = findings
        .iter()
        .find(|f| f["target"]["target-id"] == "iso42001-4.1")
        .expect("4.1");
    assert_eq!(partial["target"]["status"]["state"], "not-satisfied");
    assert!(
        partial["props"]
            .as_array()
            .expect("props")
            .iter()
            .any(|p| p["name"] == "status" && p["value"] == "partial")
    );
    let risks = doc["assessment-results"]["results"][0]["risks"]
        .as_array()
        .expect("risks");
    assert_eq!(risks.len(), 2, "one risk per remediation item at gap");
}

#[test]
fn oscal_schema_rejects_a_broken_document() {
    let v = oscal_validator();
    let mut doc: serde_json::Value =
        serde_json::from_str(&render(&fixture::scored(), ReportFormat::Oscal, None)).expect("json");
    doc["assessment-results"]["uuid"] = "not-a-uuid".into();
    assert!(!v.is_valid(&doc), "the schema test must be able to fail");
}

#[test]
fn unknown_framework_and_unsupported_combinations_are_errors() {
    let s = fixture::scored();
    let cat = fixture::catalog();
    let ctx = Context::new(&s, fixture::questionnaires(&cat));
    let e = report::render(&ctx, ReportFormat::Markdown, Some("cobit")).expect_err("unknown");
    assert!(e.to_string().contains("eu-ai-act"), "{e}");
    assert!(report::render(&ctx, ReportFormat::Oscal, Some("soc2")).is_err());
}

#[test]
fn crosswalk_groups_every_known_framework() {
    let mut s = fixture::scored();
    // Only the EU AI Act supplement maps to `iso42001` (the 42001 clause behind each article).
    let mut eu = clausewise::model::Assessment::new("eu-ai-act-high-risk", None);
    eu.answers.insert(
        "ps.art9.rms".into(),
        clausewise::model::Answer::new(clausewise::model::Value::Status(
            clausewise::model::Status::Partial,
        )),
    );
    s.assessments.push(eu);
    let cat = fixture::catalog();
    let ctx = Context::new(&s, fixture::questionnaires(&cat));
    for (fw, _) in clausewise::model::FRAMEWORKS {
        let groups = report::crosswalk::group(&ctx, fw);
        assert!(!groups.is_empty(), "{fw}");
        assert!(groups.iter().all(|g| !g.questions.is_empty()));
    }
}

fn example(name: &str) -> clausewise::model::Snapshot {
    clausewise::store::snapshots::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("snapshots")
            .join(name),
    )
    .expect(name)
}

fn results_titled<'v>(doc: &'v serde_json::Value, prefix: &str) -> Vec<&'v serde_json::Value> {
    doc["assessment-results"]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["title"].as_str().is_some_and(|t| t.starts_with(prefix)))
        .collect()
}

fn prop_of<'v>(v: &'v serde_json::Value, name: &str) -> Option<&'v str> {
    v["props"]
        .as_array()?
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["value"].as_str())
}

#[test]
fn oscal_of_the_example_snapshots_is_valid_and_covers_aiias_vendors_and_findings() {
    let v = oscal_validator();
    for name in [
        "harbourline-logistics-2025-stage-2.json",
        "harbourline-logistics-2026-surveillance-1.json",
    ] {
        let snap = example(name);
        let text = render(&snap, ReportFormat::Oscal, None);
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let errors = schema_errors(&v, &doc);
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
        let card = snap.scorecard.as_ref().expect("scored example");
        let aiias = results_titled(&doc, "AI system impact assessment");
        assert_eq!(aiias.len(), card.aiias.len(), "{name}: one result per AIIA");
        for (r, s) in aiias.iter().zip(&card.aiias) {
            let obs = r["observations"].as_array().map_or(0, Vec::len);
            assert_eq!(obs, s.impacts.len(), "{name}: an observation per impact");
            assert_eq!(
                prop_of(r, "signed-off"),
                Some(if s.signed_off { "yes" } else { "no" })
            );
            assert_eq!(r["findings"][0]["target"]["target-id"], "iso42001-6.1.4");
            let comp = &r["local-definitions"]["components"][0]["uuid"];
            assert_eq!(&r["observations"][0]["subjects"][0]["subject-uuid"], comp);
        }
        let vendors = results_titled(&doc, "AI vendor due diligence");
        assert_eq!(
            vendors.len(),
            card.vendors.len(),
            "{name}: one result per vendor"
        );
        for (r, s) in vendors.iter().zip(&card.vendors) {
            assert_eq!(prop_of(r, "risk-tier"), s.tier.as_deref());
            let risks = r["risks"].as_array().map_or(0, Vec::len);
            let expected = s.knockouts.len() + s.evidence_missing.len() + s.evidence_expired.len();
            assert_eq!(
                risks, expected,
                "{name}: a risk per knock-out and evidence problem"
            );
            let state = &r["findings"][0]["target"]["status"]["state"];
            assert_eq!(
                state,
                if expected == 0 {
                    "satisfied"
                } else {
                    "not-satisfied"
                }
            );
        }
        let register = results_titled(&doc, "Audit findings register");
        assert_eq!(register.len(), 1, "{name}");
        let open = snap
            .findings
            .iter()
            .filter(|f| {
                matches!(f.grade, FindingGrade::Major | FindingGrade::Minor)
                    && f.status != FindingStatus::Closed
            })
            .count();
        assert_eq!(register[0]["risks"].as_array().map_or(0, Vec::len), open);
        let findings = register[0]["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), snap.findings.len());
        let not_satisfied = findings
            .iter()
            .filter(|f| f["target"]["status"]["state"] == "not-satisfied")
            .count();
        assert_eq!(
            not_satisfied, open,
            "{name}: open majors/minors are not satisfied"
        );
        assert_eq!(
            text,
            render(&snap, ReportFormat::Oscal, None),
            "reproducible"
        );
    }
}

/// Number of AIIA risks in the OSCAL of `snap` when the AIIA's risk appetite is `appetite`.
fn aiia_risks_with_appetite(snap: &clausewise::model::Snapshot, appetite: &str) -> usize {
    let mut cat = fixture::catalog();
    for l in &mut cat.questionnaires {
        if l.item.id == "iso42001-aiia" {
            l.item.scoring.risk_appetite = Some(appetite.into());
        }
    }
    let ctx = Context::new(snap, fixture::questionnaires(&cat));
    let text = report::render(&ctx, ReportFormat::Oscal, None).expect("render");
    let doc: serde_json::Value = serde_json::from_slice(&text).expect("json");
    results_titled(&doc, "AI system impact assessment")
        .iter()
        .map(|r| r["risks"].as_array().map_or(0, Vec::len))
        .sum()
}

#[test]
fn oscal_aiia_risks_follow_the_questionnaires_risk_appetite() {
    let snap = example("harbourline-logistics-2026-surveillance-1.json");
    let card = snap.scorecard.as_ref().expect("scored");
    let residual_above_low = card
        .aiias
        .iter()
        .flat_map(|a| &a.impacts)
        .filter(|i| {
            i.residual
                .as_ref()
                .or(i.inherent.as_ref())
                .is_some_and(|r| r.level != "low")
        })
        .count();
    assert!(residual_above_low > 0, "the example has medium impacts");
    assert_eq!(aiia_risks_with_appetite(&snap, "medium"), 0);
    assert_eq!(aiia_risks_with_appetite(&snap, "low"), residual_above_low);
}

/// The CSV row of a question: (status, score, status_reason).
fn csv_row(text: &str, question: &str) -> (String, String, String) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().expect("headers").clone();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let (st, sc, why, id) = (
        col("status"),
        col("score"),
        col("status_reason"),
        col("question_id"),
    );
    let row = r
        .records()
        .map(|x| x.expect("record"))
        .find(|x| &x[id] == question)
        .expect(question);
    (
        row[st].to_string(),
        row[sc].to_string(),
        row[why].to_string(),
    )
}

#[test]
fn exports_show_what_the_answer_counts_as_not_a_stale_scorecard() {
    use clausewise::model::{Status, Value};
    let mut s = fixture::scored();
    let gap = (s.assessments.iter_mut())
        .find(|a| a.subject.is_none())
        .expect("gap");
    // The stored scorecard says c4.1.issues is Met with score 1; the answer now says Gap.
    gap.answers.get_mut("c4.1.issues").expect("issues").value = Value::Status(Status::Gap);
    // c4.2.register (evidence required) stays Met, but its evidence expired before as-of.
    let register = gap.answers.get_mut("c4.2.register").expect("register");
    register.evidence[0].expires = Some(jiff::civil::date(2025, 1, 31));
    let csv = render(&s, ReportFormat::Csv, None);
    assert_eq!(
        csv_row(&csv, "c4.1.issues"),
        ("gap".into(), "0.00".into(), String::new())
    );
    let (status, score, why) = csv_row(&csv, "c4.2.register");
    assert_eq!((status.as_str(), score.as_str()), ("partial", "0.50"));
    assert!(why.contains("expired on 2025-01-31"), "{why}");
    let json: serde_json::Value =
        serde_json::from_str(&render(&s, ReportFormat::Json, None)).expect("json");
    let qs = json["scorecard"]["gap"]["questions"]
        .as_array()
        .expect("questions");
    let q = |id: &str| qs.iter().find(|q| q["id"] == id).expect(id).clone();
    assert_eq!(q("c4.1.issues")["status"], "gap");
    assert_eq!(q("c4.2.register")["status"], "partial");
    assert!(
        q("c4.2.register")["reason"]
            .as_str()
            .is_some_and(|r| r.contains("expired"))
    );
    let oscal = render(&s, ReportFormat::Oscal, None);
    assert!(oscal.contains("Counted as: answered Met, but its evidence expired on 2025-01-31"));
}

#[test]
fn aiia_sections_show_the_inventory_record_and_where_the_aiia_disagrees() {
    let mut snap = example("harbourline-logistics-2026-surveillance-1.json");
    let md = render(&snap, ReportFormat::Markdown, None);
    for field in [
        "EU AI Act class",
        "minimal",
        "Personal data",
        "HL-RouteOpt 4.2",
        "Marta Silva, routing product owner",
        "Last AIIA",
        "2026-03-12",
    ] {
        assert!(md.contains(field), "{field} missing");
    }
    assert!(!md.contains("Disagrees with the inventory"));
    // The stored scorecard is what reports read: a disagreement recorded there is listed.
    let card = snap.scorecard.as_mut().expect("scored");
    card.aiias[0]
        .consistency
        .push(clausewise::scoring::ConsistencyWarning {
            question: "system.profile.role".into(),
            field: Some("role".into()),
            message: "the inventory records role \"deployer\" but the AIIA answers \"provider\""
                .into(),
        });
    let md = render(&snap, ReportFormat::Markdown, None);
    assert!(md.contains("Disagrees with the inventory"), "{md}");
    assert!(md.contains("system.profile.role: the inventory records role"));
}
