//! The home screen: organization, questionnaires with progress, AI systems and vendors.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::state::{HomeLine, HomeRow, HomeState, rows, subjects};
use crate::model::{Kind, SubjectKind};
use crate::tui::ctx::Ctx;
use crate::tui::progress::{self, Progress};
use crate::tui::view::text::{clean, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::widgets::{draw_block, put_lines, scroll_offset};

/// From this width on, Home shows "what's left" in a column of its own.
const SPLIT: u16 = 140;

/// Draws Home from the rows the screen keeps (texts worked out when the workspace changed).
pub fn draw(ctx: &Ctx, h: &HomeState, f: &mut Frame, area: Rect, theme: &Theme) {
    let inner = draw_block(f, area, "Home", true, theme);
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
            left_lines(ctx, h, side.width as usize, true, theme, &mut panel);
            put_lines(f, side, &panel);
        }
        None => left_lines(ctx, h, width, false, theme, &mut lines),
    }
    // Lay out what each line is first (cheap), then draw only the lines on screen: with
    // hundreds of AI systems and vendors, fitting every row each frame made keys slow.
    enum Item<'h> {
        Ready(Line<'h>),
        Row(usize, &'h str),
    }
    let mut items: Vec<Item> = lines.into_iter().map(Item::Ready).collect();
    let mut selected_line = 0;
    let mut last_group = None;
    for (i, HomeLine { text, group, .. }) in h.lines.iter().enumerate() {
        let group = *group;
        if last_group != Some(group) {
            if last_group.is_some() {
                items.push(Item::Ready(Line::raw("")));
            }
            items.push(Item::Ready(Line::styled(fit(group, width), theme.title())));
            last_group = Some(group);
        }
        if i == h.cursor {
            selected_line = items.len();
        }
        items.push(Item::Row(i, text));
    }
    let mut tail = Vec::new();
    snapshot_lines(ctx, width, theme, &mut tail);
    items.extend(tail.into_iter().map(Item::Ready));
    let height = inner.height as usize;
    let offset = scroll_offset(selected_line, items.len(), height);
    let row_line = |i: usize, text: &str| {
        let selected = i == h.cursor;
        let pointer = theme.pointer(selected);
        let style = theme.highlight(selected);
        Line::from(Span::styled(fit(&format!("{pointer}{text}"), width), style))
    };
    let visible: Vec<Line> = (items.into_iter().skip(offset).take(height))
        .map(|item| match item {
            Item::Ready(line) => line,
            Item::Row(i, text) => row_line(i, text),
        })
        .collect();
    put_lines(f, inner, &visible);
}

/// The "what's left" panel: its facts (worked out when the workspace changed, see
/// [`App::left`]) and where the workspace is; one fact per line, or wrapped when `wrap`.
fn left_lines(
    ctx: &Ctx,
    h: &HomeState,
    width: usize,
    wrap: bool,
    theme: &Theme,
    lines: &mut Vec<Line<'_>>,
) {
    let Some(left) = &h.left else { return };
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
    let root = (ctx.snapshots_dir.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let path = format!("  Workspace: {}", clean(&root.display().to_string()));
    lines.push(Line::styled(fit(&path, width), theme.dim()));
    lines.push(Line::raw(""));
}

/// The saved snapshots (newest five) and how to compare them.
fn snapshot_lines(ctx: &Ctx, width: usize, theme: &Theme, lines: &mut Vec<Line<'_>>) {
    lines.push(Line::raw(""));
    let title = format!("Snapshots ({} saved; C compares two)", ctx.snapshots.len());
    lines.push(Line::styled(fit(&title, width), theme.title()));
    if ctx.snapshots.is_empty() {
        lines.push(Line::raw(fit(
            "  none yet: S saves one (or `clausewise snapshot save --cycle stage-1`)",
            width,
        )));
    }
    for (name, cycle, date) in ctx.snapshots.iter().take(5) {
        let text = format!("  • {}  ·  {}  ·  {date}", clean(cycle), clean(name));
        lines.push(Line::raw(fit(&text, width)));
    }
    let nothing_yet = ctx.data.answer_count() == 0 && ctx.data.findings.is_empty();
    if let Some((newest, _, _)) = ctx.snapshots.first().filter(|_| nothing_yet) {
        let text = format!("  N starts the next cycle from {}", clean(newest));
        lines.push(Line::styled(fit(&text, width), theme.dim()));
    }
    let keys = "  S save a snapshot · E export a report · F audit findings register";
    lines.push(Line::styled(fit(keys, width), theme.dim()));
}

/// The heading a row is listed under.
fn group_of(row: &HomeRow, ctx: &Ctx) -> &'static str {
    let kind = match row {
        HomeRow::Questionnaire(_) => return "Questionnaires",
        HomeRow::Add(k) => *k,
        HomeRow::Subject(id) => ctx
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

/// Every Home row in order, with its text (without the cursor's pointer) and heading.
pub fn home_lines(ctx: &Ctx) -> Vec<HomeLine> {
    rows(&ctx.data)
        .into_iter()
        .map(|row| HomeLine {
            text: row_text(ctx, &row),
            group: group_of(&row, ctx),
            row,
        })
        .collect()
}

fn row_text(ctx: &Ctx, row: &HomeRow) -> String {
    let q_of = |k: Kind| ctx.catalog.questionnaire_of_kind(k);
    match row {
        HomeRow::Questionnaire(k) => {
            let title =
                q_of(*k).map_or_else(|| format!("({} missing)", k.as_str()), |q| clean(&q.title));
            let detail = match k {
                Kind::Gap => q_of(*k)
                    .map(|q| {
                        progress_text(progress::of_assessment(
                            &ctx.catalog,
                            &ctx.data,
                            &q.id,
                            None,
                        ))
                    })
                    .unwrap_or_default(),
                Kind::Aiia => crate::tui::view::text::count(
                    subjects(&ctx.data, SubjectKind::AiSystem).count(),
                    "AI system",
                    "AI systems",
                ),
                Kind::Vendor => crate::tui::view::text::count(
                    subjects(&ctx.data, SubjectKind::Vendor).count(),
                    "vendor",
                    "vendors",
                ),
            };
            format!(" {title}  ·  {detail}")
        }
        HomeRow::Subject(id) => {
            let Some(s) = ctx.data.subjects.iter().find(|s| &s.id == id) else {
                return String::new();
            };
            let kind = s.kind.assessed_by();
            let p = q_of(kind)
                .map(|q| progress::of_assessment(&ctx.catalog, &ctx.data, &q.id, Some(&s.id)))
                .unwrap_or_default();
            let state = match (s.retired, p.answered, p.applicable) {
                (true, _, _) => "retired".to_string(),
                (_, 0, _) => "not started".to_string(),
                (_, a, n) if a >= n => "complete".to_string(),
                _ => "in progress".to_string(),
            };
            let rating = progress::subject_rating(&ctx.catalog, &ctx.data, s, ctx.today)
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
