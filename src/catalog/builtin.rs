//! Questionnaires and profiles embedded in the binary, so the app works from any directory.

use super::SourceFile;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)) as &[u8])),*]
    };
}

/// Built-in questionnaire files (path, bytes). A test checks this list matches the folder.
pub const QUESTIONNAIRES: &[(&str, &[u8])] = embed![
    "questionnaires/iso42001-gap.json",
    "questionnaires/iso42001-aiia.json",
    "questionnaires/ai-vendor-due-diligence.json",
    "questionnaires/eu-ai-act-high-risk.json",
];

/// Built-in profile files (path, bytes). A test checks this list matches the folder.
pub const PROFILES: &[(&str, &[u8])] = embed![
    "profiles/generic.json",
    "profiles/healthcare.json",
    "profiles/financial-services.json",
    "profiles/legal-services.json",
    "profiles/hospitality.json",
    "profiles/public-sector.json",
];

fn files(list: &[(&str, &[u8])]) -> Vec<SourceFile> {
    list.iter()
        .map(|(p, b)| SourceFile {
            path: format!("builtin:{p}"),
            bytes: b.to_vec(),
        })
        .collect()
}

/// The built-in questionnaire files.
pub fn questionnaires() -> Vec<SourceFile> {
    files(QUESTIONNAIRES)
}

/// The built-in profile files.
pub fn profiles() -> Vec<SourceFile> {
    files(PROFILES)
}

/// The id of a built-in file: its file name without `.json` (a test checks each file's
/// `id` is that).
pub fn id_of(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".json").unwrap_or(name)
}

/// The built-in questionnaire files but those with one of these ids.
pub fn questionnaires_except(ids: &[&str]) -> Vec<SourceFile> {
    except(QUESTIONNAIRES, ids)
}

/// The built-in profile files but those with one of these ids.
pub fn profiles_except(ids: &[&str]) -> Vec<SourceFile> {
    except(PROFILES, ids)
}

fn except(list: &[(&str, &[u8])], ids: &[&str]) -> Vec<SourceFile> {
    let kept: Vec<_> = (list.iter().copied())
        .filter(|(p, _)| !ids.contains(&id_of(p)))
        .collect();
    files(&kept)
}
