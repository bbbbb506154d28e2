use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::text::{inert_line, width};
use crate::tui::app::{App, Modal};
use crate::tui::keymap::{Scope, DIALOG_HELP};

/// The keys that apply right now, or the latest message.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let line = if app.quit_asked {
        Line::from(Span::styled(
            " Quit and lose what you typed? y to quit, any other key to stay",
            t.error(),
        ))
    } else if let Some(m) = &app.message {
        Line::from(Span::styled(
            format!(" {}", inert_line(&m.text)),
            if m.error { t.error() } else { t.ok() },
        ))
    } else {
        let mut spans = Vec::new();
        let mut room = area.width as usize;
        // Whole hints only: one that does not fit is left out, not cut.
        let mut push = |key: String, what: &str| {
            let (k, w) = (format!(" {key}"), format!(" {what} "));
            let need = width(&k) + width(&w);
            if need <= room {
                room -= need;
                spans.push(Span::styled(k, t.key()));
                spans.push(Span::raw(w));
            }
        };

        match &app.modal {
            Some(Modal::Form(_)) => {
                for (k, what) in DIALOG_HELP.iter().take(4) {
                    push(k.label(), what.split(' ').next().unwrap_or(what));
                }
            }
            Some(Modal::Conflict(_)) => {
                push("a".into(), "apply again on top");
                push("d".into(), "drop my change");
            }
            Some(Modal::Help { .. }) => {
                push("type".into(), "to filter");
                push("↑↓".into(), "scroll");
                push("Esc".into(), "close help");
            }
            Some(Modal::Dashboard(_)) => push("any key".into(), "close the dashboard"),
            None if app.searching => {
                push("Enter".into(), "keep search");
                push("Esc".into(), "clear search");
            }
            None => {
                let has_request = app.selected_id.is_some();
                for b in app.bindings.iter().filter(|b| b.in_footer) {
                    if b.scope == Scope::Request && !has_request {
                        continue;
                    }
                    let short = b.help.split([':', ' ']).next().unwrap_or(b.help);
                    push(b.keys[0].label(), short);
                }
            }
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}
