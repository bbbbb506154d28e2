//! Drawing. Every function here reads the app and draws; none of them
//! changes state or touches the database.

pub mod detail;
mod dialog;
mod footer;
mod header;
mod queue;
mod scores;
pub mod theme;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::Frame;

use super::app::{App, Modal};
use super::layout::{screen, Pane};
use super::popup;

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < 20 || area.height < 5 {
        frame.render_widget(
            ratatui::widgets::Paragraph::new("Frontdesk: make the window larger"),
            area,
        );
        return;
    }
    let s = screen(area, app.focus, app.facts.refusal.is_some());
    header::draw(frame, app, s.header);
    if let (Some(r), Some(refusal)) = (s.banner, &app.facts.refusal) {
        header::draw_banner(frame, app, refusal, r);
    }
    footer::draw(frame, app, s.footer);
    if let Some(r) = s.queue {
        queue::draw(frame, app, r, app.focus == Pane::Queue);
    }
    if let Some(r) = s.detail {
        detail::draw(frame, app, r, app.focus == Pane::Detail);
    }
    if let Some(r) = s.scores {
        scores::draw(frame, app, r, app.focus == Pane::Scores);
    }
    // Dialogs cover the panes, never the header, the banner or the footer.
    let top = s.banner.map_or(s.header, |b| b).bottom();
    let body = Rect {
        y: top,
        height: s.footer.y.saturating_sub(top),
        ..area
    };
    match &app.modal {
        Some(Modal::Help(help)) => popup::help::draw(frame, app, body, help),
        Some(Modal::Dashboard(d)) => popup::dashboard::draw(frame, app, d.as_deref(), body),
        Some(Modal::Explain(lines)) => popup::explain::draw(frame, app, lines, body),
        Some(Modal::Inbox(inbox)) => popup::inbox::draw(frame, app, inbox, body),
        Some(Modal::Palette(p)) => popup::palette::draw(frame, app, p, body),
        Some(Modal::Form(form)) => dialog::draw_form(frame, app, form, body),
        Some(Modal::Conflict(c)) => popup::conflict::draw(frame, app, c, body),
        None => {}
    }
}

/// Clears the box a dialog is drawn in. A wide character (CJK) that
/// starts just left of the box would spill its second half over the
/// dialog's left border, which then vanishes on a real terminal: such a
/// character is replaced by a space first.
pub(crate) fn clear_for_dialog(frame: &mut Frame, r: Rect) {
    if r.x > 0 {
        let buf = frame.buffer_mut();
        for y in r.y..r.bottom() {
            let cell = &mut buf[(r.x - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    frame.render_widget(ratatui::widgets::Clear, r);
}

/// A box of at most `w`×`h` in the middle of `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}
