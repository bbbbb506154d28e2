//! The SLA clock of the selected request explained (`W`): each stretch
//! from its start to its due time, and what it counted as. Any key closes.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::text::width;
use crate::tui::app::App;
use crate::tui::ui::{centered, clear_for_dialog};

pub fn draw(frame: &mut Frame, app: &App, lines: &[String], area: Rect) {
    let t = &app.theme;
    // Long lines wrap on a narrow terminal: room for every row they take.
    let inner = usize::from(area.width.min(96).saturating_sub(2)).max(1);
    let rows: usize = lines.iter().map(|l| width(l).div_ceil(inner).max(1)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let r = centered(area, 96, height);
    clear_for_dialog(frame, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Line::styled(" Why due then · any key closes ", t.title()));
    let text: Vec<Line> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i < 2 {
                Line::styled(l.clone(), t.label())
            } else {
                Line::raw(l.clone())
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(text).block(block).wrap(Wrap { trim: false }), r);
}
