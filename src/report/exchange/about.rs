//! The About sheet of an exported workbook: which questionnaire (id, version, SHA-256 of its
//! canonical JSON) and which subject (id and name) the file was made for, and when. Import
//! reads it back so a file is never filed under another vendor or questionnaire by mistake.

use super::table::Table;

/// Name of the sheet.
pub const ABOUT_SHEET: &str = "About";

/// What an exported file says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct About {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Questionnaire version.
    pub version: String,
    /// SHA-256 of the questionnaire's canonical JSON (`sha256:` + hex).
    pub sha256: String,
    /// The subject's id in the workspace (or the id an import would give it).
    pub subject_id: String,
    /// The subject's name.
    pub subject: String,
    /// Export date, `YYYY-MM-DD`.
    pub exported: String,
}

/// Keys of the About sheet, in order (column A; the values are in column B).
pub const KEYS: [&str; 6] = [
    "questionnaire",
    "version",
    "sha256",
    "subject_id",
    "subject",
    "exported",
];

impl About {
    /// The key–value rows, in [`KEYS`] order.
    pub fn rows(&self) -> [(&'static str, &str); 6] {
        [
            (KEYS[0], &self.questionnaire),
            (KEYS[1], &self.version),
            (KEYS[2], &self.sha256),
            (KEYS[3], &self.subject_id),
            (KEYS[4], &self.subject),
            (KEYS[5], &self.exported),
        ]
    }

    /// Reads the sheet back; `None` when it names no questionnaire (not one of ours).
    pub fn from_table(t: &Table) -> Option<About> {
        let get = |key: &str| {
            t.rows
                .iter()
                .find(|r| r.first().is_some_and(|k| k.trim() == key))
                .and_then(|r| r.get(1))
                .map(|v| v.trim().to_string())
                .unwrap_or_default()
        };
        let about = About {
            questionnaire: get("questionnaire"),
            version: get("version"),
            sha256: get("sha256"),
            subject_id: get("subject_id"),
            subject: get("subject"),
            exported: get("exported"),
        };
        (!about.questionnaire.is_empty()).then_some(about)
    }

    fn names_subject(&self, asked: &str) -> bool {
        let asked = crate::sanitize::line(asked).trim().to_string();
        asked == self.subject || (!self.subject_id.is_empty() && asked == self.subject_id)
    }
}

/// The questionnaire and subject an import goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Questionnaire id.
    pub questionnaire: String,
    /// Subject name (or id).
    pub subject: String,
    /// What the user should know (a re-targeted file).
    pub warnings: Vec<String>,
}

/// Why the file and the command line disagree.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AboutError {
    /// `--questionnaire` names another questionnaire than the file's.
    #[error(
        "this file was exported from questionnaire {file:?}, not {asked:?}: leave out --questionnaire (or pass --questionnaire {file}); --retarget imports it as {asked:?} anyway"
    )]
    Questionnaire {
        /// The file's.
        file: String,
        /// The command line's.
        asked: String,
    },
    /// `--subject` names another subject than the file's.
    #[error(
        "this file was exported for {file:?} (id {file_id}), not {asked:?}: leave out --subject to import it for {file:?}; --retarget imports it for {asked:?} anyway"
    )]
    Subject {
        /// The file's subject name.
        file: String,
        /// The file's subject id.
        file_id: String,
        /// The command line's.
        asked: String,
    },
    /// Neither the file nor the command line says who or what.
    #[error("the file has no About sheet (a CSV file): pass --{0}")]
    Missing(&'static str),
}

/// Decides the questionnaire and subject from the file's About sheet (when it has one) and
/// the command line: the file's are used when the command line says nothing; a different
/// one on the command line is refused, or with `retarget` used with a warning.
pub fn resolve(
    about: Option<&About>,
    questionnaire: Option<&str>,
    subject: Option<&str>,
    retarget: bool,
) -> Result<Target, AboutError> {
    let mut warnings = Vec::new();
    let questionnaire = match (about, questionnaire) {
        (Some(a), Some(asked)) if asked != a.questionnaire => {
            if !retarget {
                return Err(AboutError::Questionnaire {
                    file: a.questionnaire.clone(),
                    asked: asked.to_string(),
                });
            }
            warnings.push(format!(
                "warning: the file was exported from questionnaire {:?}; importing it as {asked:?} (--retarget)",
                a.questionnaire
            ));
            asked.to_string()
        }
        (_, Some(asked)) => asked.to_string(),
        (Some(a), None) => a.questionnaire.clone(),
        (None, None) => return Err(AboutError::Missing("questionnaire")),
    };
    let subject = match (about, subject) {
        (Some(a), Some(asked)) if !a.names_subject(asked) => {
            if !retarget {
                return Err(AboutError::Subject {
                    file: a.subject.clone(),
                    file_id: a.subject_id.clone(),
                    asked: asked.to_string(),
                });
            }
            warnings.push(format!(
                "warning: the file was exported for {:?}; importing it for {asked:?} (--retarget)",
                a.subject
            ));
            asked.to_string()
        }
        (_, Some(asked)) => asked.to_string(),
        (Some(a), None) => a.subject.clone(),
        (None, None) => return Err(AboutError::Missing("subject")),
    };
    Ok(Target {
        questionnaire,
        subject,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> About {
        About {
            questionnaire: "ai-vendor-due-diligence".into(),
            version: "1.0.0".into(),
            sha256: "sha256:ab".into(),
            subject_id: "acme-modeles-sarl".into(),
            subject: "Acme Modèles SàRL".into(),
            exported: "2026-03-01".into(),
        }
    }

    #[test]
    fn the_sheet_round_trips_through_a_table() {
        let t = Table {
            sheet: ABOUT_SHEET.into(),
            rows: acme()
                .rows()
                .iter()
                .map(|(k, v)| vec![k.to_string(), v.to_string()])
                .collect(),
        };
        assert_eq!(About::from_table(&t), Some(acme()));
    }

    #[test]
    fn the_file_decides_when_the_command_line_is_silent() {
        let t = resolve(Some(&acme()), None, None, false).unwrap();
        assert_eq!(t.questionnaire, "ai-vendor-due-diligence");
        assert_eq!(t.subject, "Acme Modèles SàRL");
        let by_id = resolve(Some(&acme()), None, Some("acme-modeles-sarl"), false).unwrap();
        assert!(by_id.warnings.is_empty());
    }

    #[test]
    fn another_subject_or_questionnaire_is_refused_with_both_names() {
        let e = resolve(Some(&acme()), None, Some("Globex"), false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "this file was exported for \"Acme Modèles SàRL\" (id acme-modeles-sarl), not \"Globex\": leave out --subject to import it for \"Acme Modèles SàRL\"; --retarget imports it for \"Globex\" anyway"
        );
        let e = resolve(Some(&acme()), Some("iso42001-aiia"), None, false).unwrap_err();
        assert!(e.to_string().starts_with(
            "this file was exported from questionnaire \"ai-vendor-due-diligence\", not \"iso42001-aiia\""
        ));
        let t = resolve(Some(&acme()), None, Some("Globex"), true).unwrap();
        assert_eq!(t.subject, "Globex");
        assert_eq!(t.warnings.len(), 1, "{:?}", t.warnings);
    }

    #[test]
    fn a_csv_needs_the_names_on_the_command_line() {
        assert_eq!(
            resolve(None, Some("q"), None, false),
            Err(AboutError::Missing("subject"))
        );
        assert_eq!(
            resolve(None, None, Some("Acme"), false),
            Err(AboutError::Missing("questionnaire"))
        );
    }
}
