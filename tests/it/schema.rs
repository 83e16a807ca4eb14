//! The checked-in JSON Schemas match the Rust types, and built-in file lists match folders.

use clausewise::cli::{SCHEMA_FILES, schema_text};

#[test]
fn checked_in_schemas_are_current() {
    for (kind, name) in SCHEMA_FILES {
        let path = format!("schema/{name}");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == schema_text(kind),
            "{path} is stale: run `cargo run -- schema --out schema` and commit the result"
        );
    }
}

#[test]
fn every_file_in_questionnaires_and_profiles_is_embedded() {
    use clausewise::catalog::builtin::{PROFILES, QUESTIONNAIRES};
    for (folder, list) in [("questionnaires", QUESTIONNAIRES), ("profiles", PROFILES)] {
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .expect("folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .map(|p| p.display().to_string())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = list.iter().map(|(p, _)| p.to_string()).collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "builtin.rs must list every {folder}/*.json"
        );
    }
}

/// The strict validator editors and CI tools use: draft 2020-12, formats checked, and an
/// unknown format (schemars' `uint32`, `int64`, `double`) refuses to compile.
fn strict(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::meta::validate(schema).expect("a valid draft 2020-12 schema");
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(schema)
        .expect("the schema compiles under a strict validator")
}

fn schema_of(kind: clausewise::cli::SchemaKind) -> serde_json::Value {
    serde_json::from_str(&schema_text(kind)).expect("schema JSON")
}

fn json_files(folder: &str) -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(folder).expect("folder") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "json") {
            let text = std::fs::read_to_string(&p).expect("read");
            out.push((
                p.display().to_string(),
                serde_json::from_str(&text).expect("json"),
            ));
        }
    }
    assert!(!out.is_empty(), "{folder} has files");
    out
}

fn errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn schemas_compile_strictly_and_every_shipped_file_passes() {
    use clausewise::cli::SchemaKind;
    for (kind, folders) in [
        (
            SchemaKind::Questionnaire,
            &["questionnaires", "questionnaires/examples"][..],
        ),
        (SchemaKind::Profile, &["profiles"][..]),
        (SchemaKind::Snapshot, &["snapshots"][..]),
    ] {
        let v = strict(&schema_of(kind));
        for folder in folders {
            for (path, doc) in json_files(folder) {
                let found = errors(&v, &doc);
                assert!(found.is_empty(), "{path}: {found:#?}");
            }
        }
    }
}

#[test]
fn schemas_use_standard_formats_and_the_rules_validate_applies() {
    use clausewise::cli::SchemaKind;
    for kind in [
        SchemaKind::Questionnaire,
        SchemaKind::Profile,
        SchemaKind::Snapshot,
    ] {
        let text = schema_text(kind);
        for bad in ["uint32", "int64", "double", "uint", "int32", "float"] {
            assert!(!text.contains(&format!("\"format\": \"{bad}\"")), "{bad}");
        }
    }
    let q = strict(&schema_of(SchemaKind::Questionnaire));
    let text = std::fs::read_to_string("questionnaires/examples/supplier-screen.json").unwrap();
    let good: serde_json::Value = serde_json::from_str(&text).unwrap();
    for (pointer, value, why) in [
        ("/version", serde_json::json!("1.0"), "version pattern"),
        ("/version", serde_json::json!("01.0.0"), "no leading zeros"),
        ("/id", serde_json::json!("Supplier Screen"), "id pattern"),
        ("/$schema", serde_json::json!(12), "$schema is a string"),
    ] {
        let mut doc = good.clone();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        doc.pointer_mut(if parent.is_empty() { "" } else { parent })
            .and_then(|p| p.as_object_mut())
            .unwrap()
            .insert(key.into(), value);
        assert!(!q.is_valid(&doc), "{why}: accepted");
    }
    let p = strict(&schema_of(SchemaKind::Profile));
    let mut profile: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("profiles/generic.json").unwrap()).unwrap();
    profile["review_months"] = 0.into();
    assert!(
        !p.is_valid(&profile),
        "review_months 0 is refused, as validate does"
    );
    let s = strict(&schema_of(SchemaKind::Snapshot));
    let mut snap: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("snapshots/harbourline-logistics-2025-stage-2.json").unwrap(),
    )
    .unwrap();
    snap["meta"]["created_at"] = "14 March 2025".into();
    assert!(!s.is_valid(&snap), "created_at must be a date-time");
}

#[test]
fn a_schema_key_is_accepted_by_the_schemas_and_by_validate() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let copies = [
        (
            "questionnaires/examples/supplier-screen.json",
            "questionnaires",
        ),
        ("profiles/generic.json", "profiles"),
        (
            "snapshots/harbourline-logistics-2025-stage-2.json",
            "snapshots",
        ),
    ];
    for (src, folder) in copies {
        let text = std::fs::read_to_string(src).unwrap();
        let mut doc: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&text).unwrap();
        let kind = folder.trim_end_matches('s');
        doc.insert(
            "$schema".into(),
            format!("../schema/{kind}.schema.json").into(),
        );
        let out = dir.path().join(folder);
        std::fs::create_dir_all(&out).unwrap();
        let name = std::path::Path::new(src).file_name().unwrap();
        let json = serde_json::to_string_pretty(&doc).unwrap();
        std::fs::write(out.join(name), json).unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .arg("validate")
        .arg(dir.path())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(said.starts_with("ok: 1 questionnaires"), "{said}");
    assert!(said.contains("1 profiles, 1 snapshots"), "{said}");
}

#[test]
fn init_writes_the_schemas_files_can_name() {
    use clausewise::cli::SchemaKind;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_clausewise"))
        .arg("init")
        .arg(&ws)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    for (kind, name) in SCHEMA_FILES {
        let written = std::fs::read_to_string(ws.join("schema").join(name)).unwrap();
        assert_eq!(written, schema_text(kind), "{name}");
    }
    let q = schema_of(SchemaKind::Questionnaire);
    assert_eq!(q["properties"]["$schema"]["type"], "string");
    for shipped in ["questionnaires/iso42001-gap.json", "profiles/generic.json"] {
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(shipped).unwrap()).unwrap();
        let named = doc["$schema"].as_str().unwrap();
        let target = std::path::Path::new(shipped).parent().unwrap().join(named);
        assert!(target.is_file(), "{shipped} names {named}, which exists");
    }
}
