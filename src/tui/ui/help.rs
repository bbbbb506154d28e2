use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use super::centered;
use crate::tui::app::App;
use crate::tui::keymap::{action_name, Scope, DIALOG_HELP};

/// Every binding, straight from the key map the app uses.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = Vec::new();
    for (scope, title) in [
        (Scope::Global, "Anywhere"),
        (Scope::Navigation, "Moving"),
        (Scope::Request, "On the selected request"),
    ] {
        out.push(Line::styled(title.to_string(), t.title()));
        for b in app.bindings.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            let mut line = vec![
                Span::styled(format!("  {:<12}", keys.join(" ")), t.key()),
                Span::raw(b.help),
            ];
            // The name to rebind it by in the config file's [keys].
            if let Some(name) = action_name(&b.action) {
                line.push(Span::styled(format!("  [{name}]"), t.dim()));
            }
            out.push(Line::from(line));
        }
    }
    out.push(Line::styled(
        "  Other keys: the config file's [keys], e.g. reply = \"C-r\" (names in brackets)",
        t.dim(),
    ));
    out.push(Line::styled("In dialogs and editors", t.title()));
    for (k, what) in DIALOG_HELP {
        out.push(Line::from(vec![
            Span::styled(format!("  {:<12}", k.label()), t.key()),
            Span::raw(*what),
        ]));
    }
    out.push(Line::styled(
        "  Esc          back to the queue, or clear the search",
        t.dim(),
    ));
    out.push(Line::styled("In the queue", t.title()));
    for (mark, what) in [
        ("3h 05m", "time left on the active target"),
        ("~1h 10m", "at risk: past 75% of the target"),
        ("-2h 05m", "breached: overdue by that much"),
        (
            "⚑",
            "the requester's reply-by is earlier than the SLA and applies",
        ),
        ("★", "key customer (raised one priority level)"),
        ("↑1 ↑2", "escalated to the team lead / the manager"),
    ] {
        out.push(Line::from(vec![
            Span::styled(format!("  {mark:<12}"), t.key()),
            Span::raw(what),
        ]));
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let t = &app.theme;
    let r = centered(area, 72, area.height);
    super::clear_for_dialog(frame, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(
            " Keys (j/k scroll, any other key closes) ",
            t.title(),
        ));
    frame.render_widget(Paragraph::new(lines(app)).block(block).scroll((scroll, 0)), r);
}
