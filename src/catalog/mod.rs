//! Loads and validates questionnaires and profiles: the built-ins embedded in the binary,
//! overridden by a workspace's own files with the same id. Pure: callers pass file contents.

pub mod builtin;
pub mod diagnostic;
pub mod parse;
pub mod refs;
pub mod snapshot;
pub mod source_map;
pub mod validate;

use serde::de::DeserializeOwned;

pub use diagnostic::{Code, Diagnostic, Reporter};
pub use parse::{MAX_FILE_BYTES, MAX_SNAPSHOT_BYTES};

use crate::model::{Kind, Profile, Questionnaire};

/// The contents of one input file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path as shown in messages (workspace-relative, or `builtin:questionnaires/x.json`).
    pub path: String,
    /// Raw bytes.
    pub bytes: Vec<u8>,
}

/// Where a loaded item came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    Builtin(String),
    /// A workspace file (overrides a built-in with the same id).
    Workspace(String),
}

impl Origin {
    /// The path shown to people.
    pub fn path(&self) -> &str {
        match self {
            Origin::Builtin(p) | Origin::Workspace(p) => p,
        }
    }
}

/// A loaded, validated item and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The item.
    pub item: T,
    /// Its file.
    pub origin: Origin,
}

/// Every questionnaire and profile available, plus the problems met while loading.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Valid questionnaires, built-ins first in file order, overrides in place.
    pub questionnaires: Vec<Loaded<Questionnaire>>,
    /// Valid profiles.
    pub profiles: Vec<Loaded<Profile>>,
    /// Problems in files that were skipped.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates one questionnaire file.
pub fn load_questionnaire(file: &SourceFile) -> Result<Questionnaire, Vec<Diagnostic>> {
    load_with(file, validate::questionnaire)
}

/// Parses and validates one profile file.
pub fn load_profile(file: &SourceFile) -> Result<Profile, Vec<Diagnostic>> {
    load_with(file, validate::profile)
}

fn load_with<T: DeserializeOwned>(
    file: &SourceFile,
    check: fn(&T, &mut Reporter<'_>),
) -> Result<T, Vec<Diagnostic>> {
    let text = parse::text(&file.path, &file.bytes).map_err(|d| vec![d])?;
    let item: T = parse::json::<parse::Schemaful<T>>(&file.path, text)
        .map_err(|d| vec![d])?
        .0;
    let mut r = Reporter::new(&file.path, text);
    check(&item, &mut r);
    if r.diagnostics.is_empty() {
        Ok(item)
    } else {
        Err(r.diagnostics)
    }
}

impl Catalog {
    /// The built-ins alone.
    pub fn builtin() -> Catalog {
        Catalog::load(&[], &[])
    }

    /// Built-ins overridden by the given workspace questionnaire and profile files.
    /// Broken files are reported in `diagnostics` and skipped; the built-ins still work.
    /// A built-in that a valid workspace file overrides is not parsed at all (its id is its
    /// file name, which a test checks).
    pub fn load(questionnaires: &[SourceFile], profiles: &[SourceFile]) -> Catalog {
        let mut c = Catalog::default();
        let qs = load_all(questionnaires, load_questionnaire);
        let ps = load_all(profiles, load_profile);
        let q_ids = valid_ids(&qs, |q| &q.id);
        let p_ids = valid_ids(&ps, |p| &p.id);
        let q_builtins = builtin::questionnaires_except(&q_ids);
        let p_builtins = builtin::profiles_except(&p_ids);
        let builtin_qs = load_all(&q_builtins, load_questionnaire);
        let builtin_ps = load_all(&p_builtins, load_profile);
        let d = &mut c.diagnostics;
        layer(&mut c.questionnaires, d, builtin_qs, Origin::Builtin, |q| {
            &q.id
        });
        layer(&mut c.profiles, d, builtin_ps, Origin::Builtin, |p| &p.id);
        layer(&mut c.questionnaires, d, qs, Origin::Workspace, |q| &q.id);
        layer(&mut c.profiles, d, ps, Origin::Workspace, |p| &p.id);
        // An override whose built-in was skipped takes the built-in's place.
        let rank = |list: &[(&str, &[u8])], id: &str| {
            (list.iter().position(|(p, _)| builtin::id_of(p) == id)).unwrap_or(usize::MAX)
        };
        (c.questionnaires).sort_by_key(|l| rank(builtin::QUESTIONNAIRES, &l.item.id));
        (c.profiles).sort_by_key(|l| rank(builtin::PROFILES, &l.item.id));
        c
    }

    /// This catalog with workspace files layered on top (same rules as [`Catalog::load`]), so
    /// a caller holding the built-ins validates only the new files.
    pub fn with_workspace(
        mut self,
        questionnaires: &[SourceFile],
        profiles: &[SourceFile],
    ) -> Catalog {
        let (qs, ps) = (
            load_all(questionnaires, load_questionnaire),
            load_all(profiles, load_profile),
        );
        let d = &mut self.diagnostics;
        layer(&mut self.questionnaires, d, qs, Origin::Workspace, |q| {
            &q.id
        });
        layer(&mut self.profiles, d, ps, Origin::Workspace, |p| &p.id);
        self
    }

    /// The questionnaire with this id.
    pub fn questionnaire(&self, id: &str) -> Option<&Questionnaire> {
        self.questionnaires
            .iter()
            .map(|l| &l.item)
            .find(|q| q.id == id)
    }

    /// The first questionnaire of a kind (built-ins come first, so this is the standard one
    /// unless a workspace overrides it).
    pub fn questionnaire_of_kind(&self, kind: Kind) -> Option<&Questionnaire> {
        self.questionnaires
            .iter()
            .map(|l| &l.item)
            .find(|q| q.kind == kind)
    }

    /// The profile with this id.
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().map(|l| &l.item).find(|p| p.id == id)
    }
}

/// Each file loaded, with its path.
type Results<T> = Vec<(String, Result<T, Vec<Diagnostic>>)>;

fn load_all<T>(
    files: &[SourceFile],
    load: fn(&SourceFile) -> Result<T, Vec<Diagnostic>>,
) -> Results<T> {
    files.iter().map(|f| (f.path.clone(), load(f))).collect()
}

/// The ids of the files that loaded.
fn valid_ids<T>(results: &Results<T>, id: fn(&T) -> &String) -> Vec<&str> {
    results
        .iter()
        .filter_map(|(_, r)| r.as_ref().ok())
        .map(|t| id(t).as_str())
        .collect()
}

/// Adds loaded items (one with an id already present replaces it in place) and the
/// problems of the files that did not load.
fn layer<T>(
    into: &mut Vec<Loaded<T>>,
    diagnostics: &mut Vec<Diagnostic>,
    results: Results<T>,
    origin: fn(String) -> Origin,
    id: fn(&T) -> &String,
) {
    for (path, result) in results {
        match result {
            Ok(item) => {
                let loaded = Loaded {
                    item,
                    origin: origin(path),
                };
                match into.iter_mut().find(|l| id(&l.item) == id(&loaded.item)) {
                    Some(slot) => *slot = loaded,
                    None => into.push(loaded),
                }
            }
            Err(ds) => diagnostics.extend(ds),
        }
    }
}
