//! The home screen's state: one selectable list over the questionnaires, the AI-system
//! inventory and the vendor list.

use crate::model::{Kind, Subject, SubjectKind};
use crate::tui::data::WorkspaceState;

/// One selectable line of the home screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HomeRow {
    /// A questionnaire (gap opens the wizard; AIIA and vendor go to their subjects).
    Questionnaire(Kind),
    /// An AI system or vendor, by id.
    Subject(String),
    /// "Add an AI system" / "Add a vendor".
    Add(SubjectKind),
}

/// One Home row with what is drawn for it.
#[derive(Debug, Clone, PartialEq)]
pub struct HomeLine {
    /// The row.
    pub row: HomeRow,
    /// Its text: progress and rating of a questionnaire or subject.
    pub text: String,
    /// The heading it is listed under.
    pub group: &'static str,
}

/// The home screen's state.
#[derive(Debug, Clone, Default)]
pub struct HomeState {
    /// Index of the selected row.
    pub cursor: usize,
    /// The rows with their texts, worked out when the screen opens and when the workspace
    /// changes: with hundreds of AI systems and vendors, scoring each one on every key made
    /// Home slow.
    pub lines: std::sync::Arc<Vec<HomeLine>>,
    /// The "what's left" panel, worked out with the rows.
    pub left: Option<std::sync::Arc<crate::tui::left::WhatsLeft>>,
}

/// The rows, in display order.
pub fn rows(data: &WorkspaceState) -> Vec<HomeRow> {
    let mut out: Vec<HomeRow> = Kind::ALL
        .iter()
        .map(|k| HomeRow::Questionnaire(*k))
        .collect();
    for kind in [SubjectKind::AiSystem, SubjectKind::Vendor] {
        out.extend(subjects(data, kind).map(|s| HomeRow::Subject(s.id.clone())));
        out.push(HomeRow::Add(kind));
    }
    out
}

/// The subjects of one kind, in insertion order.
pub fn subjects(data: &WorkspaceState, kind: SubjectKind) -> impl Iterator<Item = &Subject> {
    data.subjects.iter().filter(move |s| s.kind == kind)
}

/// A fresh subject with a stable id that is unique in the workspace.
pub fn new_subject(data: &WorkspaceState, kind: SubjectKind, name: &str) -> Subject {
    let prefix = match kind {
        SubjectKind::AiSystem => "system",
        SubjectKind::Vendor => "vendor",
    };
    let mut n = subjects(data, kind).count() + 1;
    while data
        .subjects
        .iter()
        .any(|s| s.id == format!("{prefix}-{n}"))
    {
        n += 1;
    }
    Subject {
        id: format!("{prefix}-{n}"),
        kind,
        name: name.trim().to_string(),
        owner: None,
        role: None,
        lifecycle_stage: None,
        vendor: None,
        description: String::new(),
        retired: false,
        ..Subject::default()
    }
}
