//! The person's inbox (`I`): what others did on their requests, those they
//! watch or were mentioned on, and approvals asked of them, newest first.
//! Enter opens the request and marks the item read; `R` marks all read.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::inbox::InboxItem;
use crate::domain::text::{fit, fit_padded, inert_line};
use crate::domain::time::short_duration;
use crate::tui::app::App;
use crate::tui::keymap::{LIST_CHOOSE, LIST_CLOSE};
use crate::tui::ui::{centered, clear_for_dialog};

/// Marks every item read.
pub const MARK_ALL: KeyCode = KeyCode::Char('R');

/// The inbox as loaded (None while it loads) and the item chosen.
#[derive(Debug, Clone, Default)]
pub struct InboxList {
    pub items: Option<Vec<InboxItem>>,
    pub selected: usize,
}

/// What a key did to the inbox.
#[derive(Debug, PartialEq, Eq)]
pub enum InboxOutcome {
    Open,
    Closed,
    /// Go to the item's request, marking it read.
    Chosen(InboxItem),
    MarkAll,
}

impl InboxList {
    pub fn handle_key(&mut self, key: KeyEvent) -> InboxOutcome {
        let count = self.items.as_ref().map_or(0, Vec::len);
        match key.code {
            c if c == LIST_CLOSE.code => InboxOutcome::Closed,
            KeyCode::Down | KeyCode::Char('j') => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
                InboxOutcome::Open
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.selected = self.selected.saturating_sub(1);
                InboxOutcome::Open
            }
            c if c == LIST_CHOOSE.code => match self.items.as_ref().and_then(|i| i.get(self.selected)) {
                Some(item) => InboxOutcome::Chosen(item.clone()),
                None => InboxOutcome::Open,
            },
            MARK_ALL => InboxOutcome::MarkAll,
            _ => InboxOutcome::Open,
        }
    }
}

pub fn draw(frame: &mut Frame, app: &App, inbox: &InboxList, area: Rect) {
    let t = &app.theme;
    let r = centered(area, 110, area.height.saturating_sub(2).max(6));
    clear_for_dialog(frame, r);
    let unread = inbox
        .items
        .as_ref()
        .map_or(0, |i| i.iter().filter(|x| !x.read).count());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Line::styled(
            format!(" Inbox · {unread} unread · Enter opens · R marks all read · Esc closes "),
            t.title(),
        ));
    let inner = usize::from(r.width.saturating_sub(2));
    let rows = usize::from(r.height.saturating_sub(2));
    let lines: Vec<Line> = match &inbox.items {
        None => vec![Line::styled("loading…", t.dim())],
        Some(items) if items.is_empty() => vec![
            Line::raw("Nothing here yet."),
            Line::styled(
                "What others do on your requests, those you watch (w) or are @mentioned on, and approvals asked of you arrive here.",
                t.dim(),
            ),
        ],
        Some(items) => {
            // Keep the chosen item in sight.
            let first = inbox.selected.saturating_sub(rows.saturating_sub(1));
            items
                .iter()
                .enumerate()
                .skip(first)
                .take(rows)
                .map(|(i, item)| {
                    let mark = if item.read { "  " } else { "● " };
                    // Why it is here comes before what, so a narrow
                    // screen cuts the text, not the reason.
                    let head = format!(
                        "{mark}{} {} {} {} ",
                        fit_padded(&format!("#{}", item.request), 6),
                        fit_padded(&short_duration(app.now - item.at), 7),
                        fit_padded(item.why.as_str(), 9),
                        fit_padded(&inert_line(&item.subject), 20),
                    );
                    let rest = format!("{} · {}", inert_line(&item.who), inert_line(&item.headline()));
                    let room = inner.saturating_sub(crate::domain::text::width(&head));
                    let style = if i == inbox.selected { t.selected() } else { ratatui::style::Style::new() };
                    Line::from(vec![Span::styled(head, style), Span::styled(fit(&rest, room), style)])
                })
                .collect()
        }
    };
    frame.render_widget(Paragraph::new(lines).block(block), r);
}
