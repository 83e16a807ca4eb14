//! Form popups: a list of labelled fields, each a text field (Enter opens the text editor)
//! or a picker (←/→ cycle its choices; a picker that also takes free text opens the editor
//! on Enter). Used by the findings register, the save-snapshot dialog and the report export.
//! Pure: validation here, submission in the screen that owns the form.

use super::answers::parse_date;
use super::keymap::Action;

/// How a field's text is checked when it is edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// Anything, empty included.
    Any,
    /// Not empty.
    Required,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A date, or empty.
    OptionalDate,
    /// One of these values (e.g. the gap questionnaire's clause and control references).
    OneOf(Vec<String>),
}

/// One field of a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Label shown left of the value.
    pub label: &'static str,
    /// Current text.
    pub value: String,
    /// For a picker: the choices ←/→ cycle through; empty for a text field.
    pub choices: Vec<String>,
    /// Whether a picker also takes free text (Enter opens the editor).
    pub free: bool,
    /// How the text is checked.
    pub check: Check,
    /// Whether the editor takes several lines.
    pub multiline: bool,
}

impl Field {
    /// A single-line text field.
    pub fn text(label: &'static str, value: impl Into<String>, check: Check) -> Field {
        Field {
            label,
            value: value.into(),
            choices: Vec::new(),
            free: false,
            check,
            multiline: false,
        }
    }

    /// A multi-line text field.
    pub fn long(label: &'static str, value: impl Into<String>, check: Check) -> Field {
        Field {
            multiline: true,
            ..Field::text(label, value, check)
        }
    }

    /// A picker over `choices`, starting at `value` (the first choice when empty).
    pub fn pick(label: &'static str, value: &str, choices: &[&str], free: bool) -> Field {
        let first = choices.first().copied().unwrap_or_default();
        let value = if value.is_empty() { first } else { value };
        Field {
            label,
            value: value.to_string(),
            choices: choices.iter().map(|c| c.to_string()).collect(),
            free,
            check: Check::Required,
            multiline: false,
        }
    }

    /// Whether ←/→ cycle this field's value.
    pub fn is_picker(&self) -> bool {
        !self.choices.is_empty()
    }

    /// Moves a picker to the next (or previous) choice, wrapping.
    pub fn cycle(&mut self, forward: bool) {
        let n = self.choices.len();
        if n == 0 {
            return;
        }
        let i = self.choices.iter().position(|c| *c == self.value);
        let next = match (i, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        if let Some(c) = self.choices.get(next) {
            self.value = c.clone();
        }
    }

    /// Checks edited text: the value to store, or why it is refused.
    pub fn validate(&self, text: &str) -> Result<String, String> {
        let t = if self.multiline {
            text.trim_end()
        } else {
            text.trim()
        };
        match &self.check {
            Check::Any => Ok(t.to_string()),
            Check::Required if t.is_empty() => Err(format!(
                "{} cannot be empty: type it, or Esc to cancel",
                self.label
            )),
            Check::Required => Ok(t.to_string()),
            Check::OptionalDate if t.is_empty() => Ok(String::new()),
            Check::Date | Check::OptionalDate => parse_date(t).map(|d| d.to_string()),
            Check::OneOf(ok) if ok.iter().any(|o| o == t) => Ok(t.to_string()),
            Check::OneOf(ok) => Err(format!(
                "{:?} is not a clause or control of the gap questionnaire (e.g. {})",
                t,
                ok.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            )),
        }
    }
}

/// What a form is for; the screen that opened it submits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A new finding (`None`) or the finding with this id.
    Finding(Option<String>),
    /// Save a snapshot of the workspace.
    SaveSnapshot,
    /// Export a report of a snapshot.
    Report,
}

/// A form popup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Title.
    pub title: String,
    /// What it is for.
    pub kind: FormKind,
    /// The fields, top to bottom.
    pub fields: Vec<Field>,
    /// The field under the cursor.
    pub cursor: usize,
    /// Why the last submit was refused.
    pub error: Option<String>,
    /// Set once submitted: what happened (lines shown instead of the hint), or an error.
    pub outcome: Option<Result<Vec<String>, String>>,
}

impl Form {
    /// A form with the cursor on the first field.
    pub fn new(title: impl Into<String>, kind: FormKind, fields: Vec<Field>) -> Form {
        Form {
            title: title.into(),
            kind,
            fields,
            cursor: 0,
            error: None,
            outcome: None,
        }
    }

    /// The value of the field labelled `label` (empty when there is none).
    pub fn value(&self, label: &str) -> &str {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map_or("", |f| f.value.as_str())
    }

    /// The field under the cursor.
    pub fn current(&self) -> Option<&Field> {
        self.fields.get(self.cursor)
    }

    /// Moves the cursor or cycles a picker; true when the action was one of those.
    pub fn navigate(&mut self, action: Action) -> bool {
        let last = self.fields.len().saturating_sub(1);
        if matches!(action, Action::Left | Action::Right) {
            if let Some(f) = self.fields.get_mut(self.cursor) {
                f.cycle(action == Action::Right);
            }
            return true;
        }
        super::screens::move_in_list(&mut self.cursor, action, last)
    }

    /// Stores validated text into field `i`; `Err` says why the text is refused.
    pub fn set(&mut self, i: usize, text: &str) -> Result<(), String> {
        let f = self.fields.get_mut(i).ok_or("no such field")?;
        f.value = f.validate(text)?;
        self.error = None;
        Ok(())
    }

    /// Re-checks every field (pickers must hold a choice unless they take free text).
    pub fn check_all(&self) -> Result<(), String> {
        for f in &self.fields {
            if f.is_picker() && !f.free && !f.choices.contains(&f.value) {
                return Err(format!("{}: pick one of the choices (←/→)", f.label));
            }
            f.validate(&f.value).map_err(|e| {
                if e.starts_with(f.label) {
                    e
                } else {
                    format!("{}: {e}", f.label)
                }
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pickers_cycle_and_checks_refuse_bad_text() {
        let mut p = Field::pick("grade", "", &["major", "minor"], false);
        assert_eq!(p.value, "major");
        p.cycle(true);
        p.cycle(true);
        assert_eq!(p.value, "major");
        p.cycle(false);
        assert_eq!(p.value, "minor");
        let d = Field::text("due", "", Check::OptionalDate);
        assert_eq!(d.validate(" "), Ok(String::new()));
        assert!(d.validate("2025-13-01").is_err());
        assert_eq!(d.validate("2025-06-30"), Ok("2025-06-30".into()));
        let r = Field::text("ref", "", Check::OneOf(vec!["4.1".into()]));
        assert!(r.validate("4.9").is_err());
        assert_eq!(r.validate(" 4.1 "), Ok("4.1".into()));
    }

    #[test]
    fn check_all_names_the_field() {
        let mut f = Form::new(
            "t",
            FormKind::Report,
            vec![Field::text("description", "", Check::Required)],
        );
        assert_eq!(
            f.check_all(),
            Err("description cannot be empty: type it, or Esc to cancel".into()),
            "named once"
        );
        assert!(f.set(0, "  ").is_err());
        assert!(f.set(0, "x").is_ok());
        assert!(f.check_all().is_ok());
    }
}
