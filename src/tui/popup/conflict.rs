//! A change that lost a race: what the user wanted and what is there now,
//! side by side, with the two answers (apply on top, or drop and keep the
//! text as a draft). Its state, keys and drawing.

use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::text::{fit, inert_line, inert_text};
use crate::domain::time::local_short;
use crate::tui::app::App;
use crate::tui::keymap::{CANCEL, CONFLICT_APPLY, CONFLICT_DROP};
use crate::tui::ui::{centered, clear_for_dialog};
use crate::tui::worker::Command;

/// A write that lost a race: what the user wanted, and what is there now.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub write: Command,
    pub message: String,
    pub found: crate::domain::Version,
}

/// The user's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConflictOutcome {
    /// Not answered yet.
    Open,
    /// Command it again, on top of the version found.
    Apply,
    /// Leave it (a typed text is kept as a draft).
    Drop,
}

impl Conflict {
    pub fn handle_key(&self, key: KeyEvent) -> ConflictOutcome {
        if CONFLICT_APPLY.matches(&key) {
            ConflictOutcome::Apply
        } else if CONFLICT_DROP.matches(&key) || CANCEL.matches(&key) {
            ConflictOutcome::Drop
        } else {
            ConflictOutcome::Open
        }
    }
}

/// Both sides of a lost race: what the user wanted, and what is there now.
pub fn draw(frame: &mut Frame, app: &App, c: &Conflict, area: Rect) {
    let t = &app.theme;
    let r = centered(area, 76, 16);
    clear_for_dialog(frame, r);
    // Who changed it and when is in the list below, in local time; the
    // store's own message is for the command line.
    let what = c
        .write
        .request_id()
        .map_or_else(|| "The request".to_string(), |id| format!("#{id}"));
    let mut lines = vec![
        Line::styled(
            format!(
                "{what} changed while you worked on it (it is at version {} now).",
                c.found
            ),
            t.error(),
        ),
        Line::from(""),
        Line::from(vec![
            Span::styled("Your change:  ", t.label()),
            Span::raw(inert_line(&c.write.describe())),
        ]),
    ];
    match &app.detail {
        Some(d) if Some(d.request.id) == c.write.request_id() => {
            let rq = &d.request;
            lines.push(Line::from(vec![
                Span::styled("Now:          ", t.label()),
                Span::raw(format!(
                    "{} · {} · assigned to {} · team {}",
                    rq.status,
                    rq.priority,
                    inert_line(rq.assignee.as_deref().unwrap_or("nobody")),
                    inert_line(rq.team.as_deref().unwrap_or("-"))
                )),
            ]));
            lines.push(Line::styled("Latest changes:", t.label()));
            for e in d
                .events
                .iter()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
            {
                lines.push(Line::raw(format!(
                    "  {} {} {}",
                    local_short(e.at),
                    inert_line(&e.actor),
                    inert_line(&e.summary())
                )));
                if let Some(b) = &e.body {
                    lines.push(Line::styled(
                        format!("      {}", fit(&inert_text(b).replace('\n', " "), 60)),
                        Style::new(),
                    ));
                }
            }
        }
        _ => lines.push(Line::styled("loading what changed…", t.dim())),
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![
        Span::styled(CONFLICT_APPLY.label(), t.key()),
        Span::raw(" apply my change on top of theirs   "),
        Span::styled(CONFLICT_DROP.label(), t.key()),
        Span::raw(if c.write.draft().is_some() {
            " not now (your text is kept)"
        } else {
            " drop my change"
        }),
    ]));
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.error())
        .title(Span::styled(" Someone else changed this request ", t.title()));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), r);
}
