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
