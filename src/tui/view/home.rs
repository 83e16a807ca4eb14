//! The home screen: organization, questionnaires with progress, AI systems and vendors.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{clean, fit};
use super::theme::{Glyph, Theme};
use super::{block, scroll_offset};
use crate::model::{Kind, SubjectKind};
use crate::tui::app::App;
use crate::tui::home::{HomeRow, HomeState, rows, subjects};
use crate::tui::progress::{self, Progress};

/// From this width on, Home shows "what's left" in a column of its own.
const SPLIT: u16 = 140;

pub(super) fn draw(app: &App, h: &HomeState, f: &mut Frame, area: Rect, theme: &Theme) {
    let b = block("Home", true, theme);
    let inner = b.inner(area);
    f.render_widget(b, area);
    // Wide: the "what's left" panel gets its own column; narrower it heads the list.
    let (inner, side) = if area.width >= SPLIT {
        let [main, side] = ratatui::layout::Layout::horizontal([
            ratatui::layout::Constraint::Percentage(55),
            ratatui::layout::Constraint::Percentage(45),
        ])
        .areas(inner);
        (main, Some(side))
    } else {
        (inner, None)
    };
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    match side {
        Some(side) => {
            let mut panel = Vec::new();
            left_lines(app, side.width as usize, true, theme, &mut panel);
            super::put_lines(f, side, &panel);
        }
        None => left_lines(app, width, false, theme, &mut lines),
    }
    let mut selected_line = 0;
    let mut last_group = None;
    let all = rows(&app.data);
    // The texts worked out when the workspace last changed, else (an app drawn before
    // any update, as in tests) worked out now.
    let cached = (app.home_rows.as_deref()).filter(|t| t.len() == all.len());
    let fresh;
    let texts: &[String] = match cached {
        Some(t) => t,
        None => {
            fresh = row_texts(app);
            &fresh
        }
    };
    for (i, (row, text)) in all.iter().zip(texts).enumerate() {
        let group = group_of(row, app);
        if last_group != Some(group) {
            if last_group.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(fit(group, width), theme.title()));
            last_group = Some(group);
        }
        if i == h.cursor {
            selected_line = lines.len();
        }
        let pointer = if i == h.cursor {
            theme.glyph(Glyph::Pointer)
        } else {
            " "
        };
        let text = fit(&format!("{pointer}{text}"), width);
        let style = if i == h.cursor {
            theme.selected()
        } else {
            Default::default()
        };
        lines.push(Line::from(Span::styled(text, style)));
    }
    snapshot_lines(app, width, theme, &mut lines);
    let height = inner.height as usize;
    let offset = scroll_offset(selected_line, lines.len(), height);
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    f.render_widget(Paragraph::new(visible), inner);
}

/// The "what's left" panel: its facts (worked out when the workspace changed, see
/// [`App::left`]) and where the workspace is; one fact per line, or wrapped when `wrap`.
fn left_lines(app: &App, width: usize, wrap: bool, theme: &Theme, lines: &mut Vec<Line<'_>>) {
    let Some(left) = &app.left else { return };
    lines.push(Line::styled(fit("What's left", width), theme.title()));
    for text in left.lines() {
        let style = if text.starts_with('!') {
            theme.error()
        } else {
            Default::default()
        };
        if wrap {
            let ed = crate::tui::editor::TextEditor::new(&text, true);
            let wrapped = ed.wrapped(width.saturating_sub(1)).0;
            lines.extend(
                wrapped
                    .into_iter()
                    .map(|l| Line::styled(format!("  {l}"), style)),
            );
        } else {
            lines.push(Line::styled(fit(&format!("  {text}"), width), style));
        }
    }
    let root = (app.snapshots_dir.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let path = format!("  Workspace: {}", clean(&root.display().to_string()));
    lines.push(Line::styled(fit(&path, width), theme.dim()));
    lines.push(Line::raw(""));
}

/// The saved snapshots (newest five) and how to compare them.
fn snapshot_lines(app: &App, width: usize, theme: &Theme, lines: &mut Vec<Line<'_>>) {
    lines.push(Line::raw(""));
    let title = format!("Snapshots ({} saved; C compares two)", app.snapshots.len());
    lines.push(Line::styled(fit(&title, width), theme.title()));
    if app.snapshots.is_empty() {
        lines.push(Line::raw(fit(
            "  none yet: S saves one (or `clausewise snapshot save --cycle stage-1`)",
            width,
        )));
    }
    for (name, cycle, date) in app.snapshots.iter().take(5) {
        let text = format!("  • {}  ·  {}  ·  {date}", clean(cycle), clean(name));
        lines.push(Line::raw(fit(&text, width)));
    }
    let nothing_yet = app.data.answer_count() == 0 && app.data.findings.is_empty();
    if let Some((newest, _, _)) = app.snapshots.first().filter(|_| nothing_yet) {
        let text = format!("  N starts the next cycle from {}", clean(newest));
        lines.push(Line::styled(fit(&text, width), theme.dim()));
    }
    let keys = "  S save a snapshot · E export a report · F audit findings register";
    lines.push(Line::styled(fit(keys, width), theme.dim()));
}

fn group_of(row: &HomeRow, app: &App) -> &'static str {
    let kind = match row {
        HomeRow::Questionnaire(_) => return "Questionnaires",
        HomeRow::Add(k) => *k,
        HomeRow::Subject(id) => app
            .data
            .subjects
            .iter()
            .find(|s| &s.id == id)
            .map_or(SubjectKind::AiSystem, |s| s.kind),
    };
    match kind {
        SubjectKind::AiSystem => "AI systems (impact assessment each)",
        SubjectKind::Vendor => "AI vendors (due diligence each)",
    }
}

fn progress_text(p: Progress) -> String {
    format!(
        "{}/{} answered ({})",
        p.answered,
        p.applicable,
        crate::report::escape::pct_whole(p.ratio())
    )
}

/// An AI system's inventory facts for its Home row, as far as they are recorded: EU AI Act
/// class, personal data, model and version (e.g. `  ·  EU high-risk (Annex III)  ·
/// personal data  ·  Claude 3.5`).
fn inventory_text(s: &crate::model::Subject) -> String {
    let mut parts = Vec::new();
    if let Some(c) = s.eu_ai_act_class {
        parts.push(format!("EU {}", c.label()));
    }
    if s.personal_data == Some(true) {
        parts.push("personal data".to_string());
    }
    let model = [s.model.as_deref(), s.model_version.as_deref()]
        .into_iter()
        .flatten()
        .map(clean)
        .collect::<Vec<_>>()
        .join(" ");
    if !model.is_empty() {
        parts.push(model);
    }
    parts.iter().map(|p| format!("  ·  {p}")).collect()
}

/// The text of every Home row, in order (without the cursor's pointer).
pub(crate) fn row_texts(app: &App) -> Vec<String> {
    rows(&app.data).iter().map(|r| row_text(app, r)).collect()
}

fn row_text(app: &App, row: &HomeRow) -> String {
    let q_of = |k: Kind| app.catalog.questionnaire_of_kind(k);
    match row {
        HomeRow::Questionnaire(k) => {
            let title =
                q_of(*k).map_or_else(|| format!("({} missing)", k.as_str()), |q| clean(&q.title));
            let detail = match k {
                Kind::Gap => q_of(*k)
                    .map(|q| {
                        progress_text(progress::of_assessment(
                            &app.catalog,
                            &app.data,
                            &q.id,
                            None,
                        ))
                    })
                    .unwrap_or_default(),
                Kind::Aiia => super::text::count(
                    subjects(&app.data, SubjectKind::AiSystem).count(),
                    "AI system",
                    "AI systems",
                ),
                Kind::Vendor => super::text::count(
                    subjects(&app.data, SubjectKind::Vendor).count(),
                    "vendor",
                    "vendors",
                ),
            };
            format!(" {title}  ·  {detail}")
        }
        HomeRow::Subject(id) => {
            let Some(s) = app.data.subjects.iter().find(|s| &s.id == id) else {
                return String::new();
            };
            let kind = s.kind.assessed_by();
            let p = q_of(kind)
                .map(|q| progress::of_assessment(&app.catalog, &app.data, &q.id, Some(&s.id)))
                .unwrap_or_default();
            let state = match (s.retired, p.answered, p.applicable) {
                (true, _, _) => "retired".to_string(),
                (_, 0, _) => "not started".to_string(),
                (_, a, n) if a >= n => "complete".to_string(),
                _ => "in progress".to_string(),
            };
            let rating = progress::subject_rating(&app.catalog, &app.data, s)
                .map(|r| format!("  ·  {}", clean(&r)))
                .unwrap_or_default();
            format!(
                "  • {}  ·  {state}  ·  {}{rating}{}",
                clean(&s.name),
                progress_text(p),
                inventory_text(s)
            )
        }
        HomeRow::Add(SubjectKind::AiSystem) => " + add an AI system (a)".into(),
        HomeRow::Add(SubjectKind::Vendor) => " + add a vendor (a)".into(),
    }
}
