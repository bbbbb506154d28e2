use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::text::{inert_line, width};
use crate::tui::action::Action;
use crate::tui::app::{App, Modal};
use crate::tui::keymap::{Scope, CONFLICT_APPLY, CONFLICT_DROP, DIALOG_HELP, LIST_CHOOSE, LIST_CLOSE};
use crate::tui::view::ViewId;

/// The keys that apply right now, or the latest message.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let line = if app.quit_asked {
        Line::from(Span::styled(
            " Quit and lose what you typed? y to quit, any other key to stay",
            t.error(),
        ))
    } else if let Some(question) = app.bulk_question() {
        Line::from(Span::styled(format!(" {}", inert_line(&question)), t.error()))
    } else if let Some(m) = &app.message {
        Line::from(Span::styled(
            format!(" {}", inert_line(&m.text)),
            if m.error { t.error() } else { t.ok() },
        ))
    } else if let (true, Some(why)) = (app.searching, &app.query_error) {
        // The query as typed does not read yet: why, while the last one
        // that did stays in force.
        Line::from(Span::styled(format!(" {}", inert_line(why)), t.error()))
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
                push(CONFLICT_APPLY.label(), "apply again on top");
                push(CONFLICT_DROP.label(), "drop my change");
            }
            Some(Modal::Help(_)) => {
                push("type".into(), "to filter");
                push("↑↓".into(), "scroll");
                push(LIST_CLOSE.label(), "close help");
            }
            Some(Modal::Palette(_)) => {
                push("type".into(), "to find a command");
                push("↑↓".into(), "choose");
                push(LIST_CHOOSE.label(), "run");
                push(LIST_CLOSE.label(), "close");
            }
            Some(Modal::Dashboard(_)) => push("any key".into(), "close the dashboard"),
            Some(Modal::Explain(_)) => push("any key".into(), "close"),
            Some(Modal::Inbox(_)) => {
                push("↑↓".into(), "choose");
                push(LIST_CHOOSE.label(), "open the request");
                push("R".into(), "mark all read");
                push(LIST_CLOSE.label(), "close");
            }
            None if app.searching => {
                if app.search_waits() {
                    push("Enter".into(), "search for one letter (or type on)");
                }
                push("Enter".into(), "keep search");
                push("Esc".into(), "clear search");
            }
            None => {
                let has_request = app.selected_id.is_some();
                // The keys this view is for come first, so they are shown
                // even where the footer has room for only a few.
                let first: &[Action] = match app.view {
                    ViewId::Escalations => &[Action::Acknowledge, Action::DeEscalate, Action::Escalate],
                    ViewId::FollowUps => &[Action::FollowUpDone, Action::Rate, Action::Reopen],
                    ViewId::AwaitingRating => &[Action::Rate, Action::Reopen],
                    _ => &[],
                };
                // These actions carry no data: the variant says which.
                let same = |a: &Action, b: &Action| std::mem::discriminant(a) == std::mem::discriminant(b);
                let view_keys = first
                    .iter()
                    .filter_map(|a| app.bindings.iter().find(|b| same(&b.action, a)));
                let rest = app
                    .bindings
                    .iter()
                    .filter(|b| b.in_footer && !first.iter().any(|a| same(&b.action, a)));
                for b in view_keys.chain(rest) {
                    if b.scope == Scope::Request && !has_request {
                        continue;
                    }
                    let short = b.help.split([':', ' ', '(']).next().unwrap_or(b.help);
                    push(b.keys[0].label(), short);
                }
            }
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}
