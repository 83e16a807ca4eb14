//! Problems found in input files, as data: rendered as `file:line:column: error: message`.

use std::fmt;

/// What kind of problem a diagnostic reports (stable codes, asserted in tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The file is larger than [`super::MAX_FILE_BYTES`].
    TooLarge,
    /// The file is not valid UTF-8.
    NotUtf8,
    /// JSON syntax error.
    Syntax,
    /// A value of the wrong type, an unknown or missing field.
    Schema,
    /// An id is not well-formed.
    BadId,
    /// The same id is used twice.
    DuplicateId,
    /// A version is not `MAJOR.MINOR.PATCH`.
    BadVersion,
    /// A mapping names a framework this build does not know.
    UnknownFramework,
    /// A mapping reference does not look like its framework's identifiers.
    BadMappingRef,
    /// A condition refers to a question that does not exist.
    UnknownReference,
    /// A condition refers to a question that comes later.
    ForwardReference,
    /// A condition depends on itself.
    Cycle,
    /// A condition does not have exactly one form, or tests an unknown field.
    BadCondition,
    /// A choice option or scale level has no score.
    MissingScore,
    /// A weight or score is negative, not finite, or out of range.
    BadNumber,
    /// A section has neither questions nor sections.
    EmptySection,
    /// Any other inconsistency (scales, tiers, repeatable limits).
    Invalid,
    /// A snapshot version this build does not understand.
    UnsupportedVersion,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as given by the caller (workspace-relative or `builtin:` path).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Stable kind.
    pub code: Code,
    /// What is wrong and, where it helps, how to fix it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            // File names and messages quote untrusted text: no escape sequence gets out.
            crate::sanitize::line(&self.file),
            self.line,
            self.column,
            crate::sanitize::text(&self.message)
        )
    }
}

/// Collects diagnostics for one file, turning JSON pointers into positions.
pub struct Reporter<'a> {
    file: &'a str,
    text: &'a str,
    map: std::cell::OnceCell<super::source_map::SourceMap>,
    /// Everything reported so far.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    /// A reporter for `text` read from `file`.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        Reporter {
            file,
            text,
            map: std::cell::OnceCell::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Line and column of the value at `pointer`. The position index is built on first use,
    /// so a file without problems never pays for it.
    pub fn position(&self, pointer: &str) -> (usize, usize) {
        self.map
            .get_or_init(|| super::source_map::SourceMap::new(self.text))
            .position(self.text, pointer)
    }

    /// Reports a problem at the value found at `pointer`.
    pub fn at(&mut self, pointer: &str, code: Code, message: impl Into<String>) {
        let (line, column) = self.position(pointer);
        self.diagnostics.push(Diagnostic {
            file: self.file.to_string(),
            line,
            column,
            code,
            message: message.into(),
        });
    }
}
