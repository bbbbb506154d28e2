//! Draws the command palette: the query, then the matching commands with
//! the matched letters marked and their keys at the right.

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::centered;
use crate::domain::text::{fit, width};
use crate::tui::app::App;
use crate::tui::palette::Palette;

/// Rows of commands shown at most; the list scrolls with the choice.
const ROWS: u16 = 14;

pub fn draw(frame: &mut Frame, app: &App, palette: &Palette, area: Rect) {
    let t = &app.theme;
    let matches = palette.matches(&app.bindings);
    let r = centered(area, area.width.min(66), area.height.min(ROWS + 4));
    super::clear_for_dialog(frame, r);
    let inner_width = r.width.saturating_sub(2) as usize;
    let list_rows = r.height.saturating_sub(4) as usize;

    let mut lines = vec![
        Line::from(vec![
            Span::styled(" : ", t.key()),
            Span::raw(palette.query.clone()),
            Span::styled("▏", t.dim()),
        ]),
        Line::styled("─".repeat(inner_width), t.dim()),
    ];
    if matches.is_empty() {
        lines.push(Line::styled(" No command matches; Backspace to widen", t.dim()));
    }
    // The choice stays on screen: the list starts just far enough down.
    let first = (palette.selected + 1).saturating_sub(list_rows.max(1));
    for (i, m) in matches.iter().enumerate().skip(first).take(list_rows) {
        let b = &app.bindings[m.binding];
        let keys = b.keys.iter().map(|k| k.label()).collect::<Vec<_>>().join(" ");
        let keys = if keys.is_empty() {
            "no key".to_string()
        } else {
            keys
        };
        let room = inner_width.saturating_sub(width(&keys) + 4);
        let help = fit(b.help, room);
        // The mark says which is chosen where reverse video does not show
        // (a screen reader, a copy of the screen).
        let chosen = i == palette.selected;
        let mut spans = vec![Span::raw(if chosen { "▸ " } else { "  " })];
        for (at, c) in help.chars().enumerate() {
            let style = if m.hits.contains(&at) {
                t.key().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                ratatui::style::Style::new()
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        let gap = inner_width.saturating_sub(2 + width(&help) + width(&keys) + 1);
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(keys, t.key()));
        spans.push(Span::raw(" "));
        let mut line = Line::from(spans);
        if chosen {
            line = line.style(t.selected());
        }
        lines.push(line);
    }
    let all = Palette::default().matches(&app.bindings).len();
    let title = format!(" Commands · {} of {all} ", matches.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(title, t.title()));
    frame.render_widget(Paragraph::new(lines).block(block), r);
}
