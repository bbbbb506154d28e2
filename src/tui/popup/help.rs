//! Help: every key, drawn from the key map the app uses, filtered as you
//! type and scrolled, never past its end. Its state, keys and drawing.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::text::inert_line;
use crate::tui::app::App;
use crate::tui::keymap::{action_name, Scope, BACK, BACK_HELP, CONFLICT_HELP, DIALOG_HELP, LIST_HELP};
use crate::tui::keymap::{LIST_CHOOSE, LIST_CLOSE};
use crate::tui::ui::detail::scroll_room;
use crate::tui::ui::{centered, clear_for_dialog};

/// Where help is scrolled to, and what was typed to narrow it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Help {
    pub scroll: u16,
    /// Only lines holding it are shown.
    pub filter: String,
}

/// Whether help stays open after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpOutcome {
    Open,
    Closed,
}

impl Help {
    /// Typing narrows the list; arrows and pages scroll it, never past
    /// `furthest` (which depends on the filter and the screen); Esc or
    /// Enter closes it.
    pub fn handle_key(&mut self, key: KeyEvent, furthest: impl Fn(&str) -> u16) -> HelpOutcome {
        if LIST_CLOSE.matches(&key) || LIST_CHOOSE.matches(&key) {
            return HelpOutcome::Closed;
        }
        let scroll = match key.code {
            KeyCode::Down => self.scroll.saturating_add(1),
            KeyCode::Up => self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll.saturating_add(10),
            KeyCode::PageUp => self.scroll.saturating_sub(10),
            KeyCode::Backspace => {
                self.filter.pop();
                0
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.filter.push(c);
                0
            }
            _ => return HelpOutcome::Closed,
        };
        self.scroll = scroll.min(furthest(&self.filter));
        HelpOutcome::Open
    }
}

/// Every binding, straight from the key map the app uses.
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut out = Vec::new();
    for scope in Scope::ALL {
        out.push(Line::styled(scope.title().to_string(), t.title()));
        for b in app.bindings.iter().filter(|b| b.scope == scope) {
            let keys: Vec<String> = b.keys.iter().map(super::super::keymap::Key::label).collect();
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
    out.push(Line::from(vec![
        Span::styled(format!("  {:<12}", BACK.label()), t.key()),
        Span::raw(BACK_HELP),
    ]));
    for (title, keys) in [
        ("When a change lost a race", CONFLICT_HELP),
        ("In help and the command palette", LIST_HELP),
    ] {
        out.push(Line::styled(title, t.title()));
        for (k, what) in keys {
            out.push(Line::from(vec![
                Span::styled(format!("  {:<12}", k.label()), t.key()),
                Span::raw(*what),
            ]));
        }
    }
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

/// The lines that hold what was typed (ignoring case), with the heading of
/// each section that keeps any.
fn filtered(app: &App, filter: &str) -> Vec<Line<'static>> {
    let all = lines(app);
    if filter.trim().is_empty() {
        return all;
    }
    let wanted = filter.trim().to_lowercase();
    let text = |l: &Line| l.spans.iter().map(|s| s.content.as_ref()).collect::<String>();
    let mut out = Vec::new();
    let mut heading: Option<Line<'static>> = None;
    for line in all {
        let is_heading = !text(&line).starts_with(' ');
        if is_heading {
            heading = Some(line);
        } else if text(&line).to_lowercase().contains(&wanted) {
            out.extend(heading.take());
            out.push(line);
        }
    }
    if out.is_empty() {
        out.push(Line::styled(
            format!("No key matches “{}”.", inert_line(filter)),
            app.theme.dim(),
        ));
    }
    out
}

/// The box help is drawn in: as wide as the terminal allows, up to 100.
fn frame_for(area: Rect) -> Rect {
    centered(area, area.width.min(100), area.height)
}

/// How far the help can scroll before its last line is its last row.
pub fn furthest_scroll(app: &App, area: Rect, filter: &str) -> u16 {
    let paragraph = Paragraph::new(filtered(app, filter)).wrap(Wrap { trim: false });
    scroll_room(&paragraph, frame_for(area))
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, help: &Help) {
    let (scroll, filter) = (help.scroll, help.filter.as_str());
    let t = &app.theme;
    let r = frame_for(area);
    clear_for_dialog(frame, r);
    let title = if filter.is_empty() {
        " Keys · type to filter ".to_string()
    } else {
        format!(" Keys matching “{}” ", inert_line(filter))
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(title, t.title()));
    let paragraph = Paragraph::new(filtered(app, filter)).wrap(Wrap { trim: false });
    let furthest = scroll_room(&paragraph, r);
    let paragraph = paragraph.block(block).scroll((scroll.min(furthest), 0));
    frame.render_widget(paragraph, r);
}
