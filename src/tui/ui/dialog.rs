use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::centered;
use crate::domain::text::{fit, inert_line};
use crate::tui::app::App;
use crate::tui::form::{FieldKind, Form};

const LABEL: u16 = 15;

fn field_height(kind: &FieldKind) -> u16 {
    match kind {
        FieldKind::Text { multiline: true, .. } => 5,
        _ => 1,
    }
}

/// `Tab: Ana Chen · Ana Costa`, when the focused field completes names and
/// something typed matches.
fn suggestion_line(app: &App, form: &Form, field: &crate::tui::form::Field) -> Option<String> {
    use crate::tui::form::FieldId;
    // The open requests a new one may repeat, named as its subject is typed.
    if form.purpose == crate::tui::form::Purpose::NewRequest && field.id == FieldId::Subject {
        if let Some(crate::tui::form::FieldKind::Choice { options, .. }) =
            form.field(FieldId::SameAs).map(|f| &f.kind)
        {
            // The count and the first id first: a narrow dialog cuts the rest.
            let offered: Vec<&str> = options.iter().skip(1).map(String::as_str).collect();
            return Some(format!(
                "possibly the same as {} (Same as ↓ opens one)",
                offered.join(" · ")
            ));
        }
    }
    if form.purpose == crate::tui::form::Purpose::Merge && field.id == crate::tui::form::FieldId::Target {
        let typed = field.value();
        let id: crate::domain::RequestId = typed.trim().trim_start_matches('#').parse().ok()?;
        return match &app.peeked {
            Some((peeked, Some(what))) if *peeked == id => Some(format!("#{id} {what}")),
            Some((peeked, None)) if *peeked == id => Some(format!("there is no request #{id}")),
            _ => None,
        };
    }
    // A reply is offered the answers that speak to its request.
    if field.id == FieldId::Reply && !form.offered.is_empty() {
        let names: Vec<String> = form
            .offered
            .iter()
            .map(|(number, title)| format!("{number} {}", inert_line(title)))
            .collect();
        return Some(format!("C-g puts in an answer: {}", names.join(" · ")));
    }
    let source = field.suggest()?;
    if source == crate::tui::form::Suggest::Mentions {
        let before = field.before_cursor();
        let partial = crate::domain::inbox::mention_being_typed(&before)?;
        let found = app.suggestions(source, partial);
        let shown: Vec<String> = found
            .iter()
            .take(5)
            .map(|s| format!("@{}", inert_line(s)))
            .collect();
        return (!shown.is_empty()).then(|| format!("Tab: {}", shown.join(" · ")));
    }
    let typed = field.value();
    if typed.trim().is_empty() {
        return None;
    }
    let found = app.suggestions(source, &typed);
    // Nothing to offer beyond what is already there.
    if found.is_empty() || (found.len() == 1 && found[0] == typed.trim()) {
        return None;
    }
    // Someone away can still be picked by hand, but the agent should know.
    let shown: Vec<String> = found
        .iter()
        .take(5)
        .map(|s| {
            match app
                .absence_of(s)
                .filter(|_| source == crate::tui::form::Suggest::Staff)
            {
                Some(away) => inert_line(&format!("{s} ({away})")),
                None => inert_line(s),
            }
        })
        .collect();
    Some(format!("Tab: {}", shown.join(" · ")))
}

/// The dialog's title, with the priority its urgency and impact give as
/// they change ("→ P2") and when that makes the request due, so the agent
/// sees what they are setting.
fn title_with_priority(app: &App, form: &Form) -> String {
    let request = form
        .request
        .and_then(|(id, _)| app.current().filter(|r| r.id == id));
    let key_customer = request.is_some_and(|r| r.key_customer);
    let Some(p) = crate::tui::dialogs::resulting_priority(form, key_customer) else {
        return inert_line(&form.title);
    };
    match &app.sla {
        Some(policy) => {
            let (due, source) = crate::tui::dialogs::resulting_due(p, request, policy, app.now);
            let what = match source {
                crate::domain::sla::DueSource::Response => "answer",
                _ => "resolve",
            };
            format!(
                "{} → {p} · {what} by {}",
                inert_line(&form.title),
                crate::domain::time::local_short(due)
            )
        }
        None => format!("{} → {p}", inert_line(&form.title)),
    }
}

pub fn draw_form(frame: &mut Frame, app: &App, form: &Form, area: Rect) {
    let t = &app.theme;
    let errors = form.fields.iter().filter(|f| f.error.is_some()).count() as u16;
    let suggestion_rows = 3;
    let width = area.width.saturating_sub(4).min(90);
    // A question or refusal wider than the dialog (merging closes a
    // request: say so whole) takes the lines it needs, up to three.
    let status_rows = match &form.error {
        Some(e) if !form.sending && !form.confirm_discard => {
            let inner_width = width.saturating_sub(2).max(1) as usize;
            (crate::domain::text::width(&inert_line(e)).div_ceil(inner_width)).clamp(1, 3) as u16
        }
        _ => 1,
    };
    let wanted: u16 = form.fields.iter().map(|f| field_height(&f.kind)).sum::<u16>()
        + errors
        + suggestion_rows
        + 3
        + status_rows;
    let r = centered(area, width, wanted.min(area.height));
    super::clear_for_dialog(frame, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(
            format!(
                " {} ",
                fit(
                    &title_with_priority(app, form),
                    r.width.saturating_sub(4) as usize
                )
            ),
            t.title(),
        ));
    let inner = block.inner(r);
    frame.render_widget(block, r);

    let value_width = inner.width.saturating_sub(LABEL);
    let mut y = inner.y;
    let bottom = inner.y + inner.height.saturating_sub(status_rows);
    // Keep the focused field on screen in a short terminal.
    let skip = {
        let mut before: u16 = form.fields[..form.focus]
            .iter()
            .map(|f| field_height(&f.kind))
            .sum();
        // Everything above the status line, less one row for suggestions.
        let room = inner
            .height
            .saturating_sub(1 + status_rows)
            .saturating_sub(errors);
        let mut skip = 0;
        while before + field_height(&form.fields[form.focus].kind) > room && skip < form.focus {
            before -= field_height(&form.fields[skip].kind);
            skip += 1;
        }
        skip
    };
    for (i, field) in form.fields.iter().enumerate().skip(skip) {
        let h = field_height(&field.kind);
        if y + h > bottom {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused { t.key() } else { t.label() };
        let marker = if field.error.is_some() { "!" } else { " " };
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("{marker}{:>13} ", field.label()),
                label_style,
            )),
            Rect::new(inner.x, y, LABEL, 1),
        );
        let value_area = Rect::new(inner.x + LABEL, y, value_width, h);
        match &field.kind {
            FieldKind::Text { area: text, .. } if focused && !form.sending => {
                frame.render_widget(&**text, value_area);
            }
            FieldKind::Text { area: text, .. } => {
                let shown: Vec<Line> = text.lines().iter().map(|l| Line::raw(inert_line(l))).collect();
                frame.render_widget(Paragraph::new(shown), value_area);
            }
            FieldKind::Choice { options, selected } => {
                let value = options.get(*selected).cloned().unwrap_or_default();
                let line = if focused {
                    Line::from(vec![
                        Span::styled("◀ ", t.dim()),
                        Span::styled(value, t.selected()),
                        Span::styled(" ▶", t.dim()),
                    ])
                } else {
                    Line::raw(format!("  {value}"))
                };
                frame.render_widget(Paragraph::new(line), value_area);
            }
            FieldKind::Score { lo, hi, value, .. } => {
                let shown = value.map_or_else(|| "–".to_string(), |v| format!("{v}"));
                let line = if focused {
                    Line::from(vec![
                        Span::styled("◀ ", t.dim()),
                        Span::styled(shown, t.selected()),
                        Span::styled(" ▶", t.dim()),
                        Span::styled(format!("  {lo}–{hi}: type it or ← →"), t.dim()),
                    ])
                } else {
                    Line::raw(format!("  {shown}"))
                };
                frame.render_widget(Paragraph::new(line), value_area);
            }
        }
        y += h;
        if let Some(err) = &field.error {
            if y <= bottom {
                frame.render_widget(
                    Paragraph::new(Span::styled(
                        fit(&inert_line(err), value_width as usize),
                        t.error(),
                    )),
                    Rect::new(inner.x + LABEL, y, value_width, 1),
                );
                y += 1;
            }
        }
        // Names that complete what is typed, right under the field.
        if focused && y < bottom {
            if let Some(line) = suggestion_line(app, form, field) {
                frame.render_widget(
                    Paragraph::new(Span::styled(fit(&line, value_width as usize), t.dim())),
                    Rect::new(inner.x + LABEL, y, value_width, 1),
                );
                y += 1;
            }
        }
    }
    let status = if form.confirm_discard {
        Line::styled(
            "Discard what you typed? y to discard, any other key to keep editing",
            t.error(),
        )
    } else if form.sending {
        Line::styled(
            if app.lock_wait {
                "waiting for lock…"
            } else {
                "saving…"
            },
            t.dim(),
        )
    } else if let Some(e) = &form.error {
        Line::styled(inert_line(e), t.error())
    } else {
        Line::from(vec![
            Span::styled("Ctrl-S", t.key()),
            Span::raw(" save  "),
            Span::styled("Tab", t.key()),
            Span::raw(" next  "),
            Span::styled("Esc", t.key()),
            Span::raw(" cancel"),
        ])
    };
    frame.render_widget(
        Paragraph::new(status).wrap(Wrap { trim: true }),
        Rect::new(inner.x, bottom, inner.width, status_rows),
    );
}
