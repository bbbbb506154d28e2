use crate::domain::template::{progress, ItemState};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use super::queue::due_label;
use super::theme::Theme;
use crate::domain::text::{inert_line, inert_text};
use crate::domain::time::{local_short, short_duration};
use crate::domain::{EventKind, Request};
use crate::tui::app::App;
use crate::tui::worker::Detail;

fn field(t: &Theme, label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<11}"), t.label()),
        Span::raw(value),
    ])
}

fn or_dash(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "-".into(), inert_line)
}

/// The phone record, then the description, then the whole history.
/// The detail of `d` for a pane `width` cells wide (inside its border):
/// history bodies are wrapped here, so their rows keep their indent.
pub fn lines(app: &App, d: &Detail, width: u16) -> Vec<Line<'static>> {
    let t = &app.theme;
    let r: &Request = &d.request;
    let mut out = vec![Line::styled(
        format!("#{} {}", r.id, inert_line(&r.subject)),
        t.title(),
    )];
    // Said first, so nobody answers one caller twice.
    for doing in app.others_on(r.id) {
        out.push(Line::styled(inert_line(&doing), t.warning_badge()));
    }
    let (due, state) = due_label(r, app.now);
    let due_text = match r.due(app.now) {
        Some(dd) if state != Some(crate::domain::sla::DueState::Done) => {
            format!(
                "{} ({} {}, {})",
                due,
                dd.source.as_str().replace('_', "-"),
                local_short(dd.due_at),
                dd.state.label()
            )
        }
        _ => "-".into(),
    };
    out.push(Line::from(vec![
        Span::styled(r.priority.to_string(), t.priority(r.priority)),
        Span::raw(format!(
            " · {} · urgency {} × impact {} · due ",
            r.status, r.urgency, r.impact
        )),
        Span::styled(due_text, state.map(|s| t.due(s)).unwrap_or_default()),
    ]));
    if r.escalation_level > 0 {
        out.push(Line::styled(
            format!("escalated to level {}", r.escalation_level),
            t.error(),
        ));
    }
    let key = if r.key_customer { " ★ key customer" } else { "" };
    out.push(Line::from(vec![
        Span::styled(format!("{:<11}", "Requester"), t.label()),
        Span::raw(inert_line(&r.requester)),
        Span::styled(key.to_string(), t.key_customer()),
    ]));
    out.push(field(t, "Department", or_dash(&r.department)));
    out.push(field(t, "Contact", or_dash(&r.contact)));
    out.push(field(
        t,
        "Channel",
        format!("{} · {} · {}", r.channel, r.kind, or_dash(&r.category)),
    ));
    out.push(field(
        t,
        "Assignee",
        format!(
            "{}{} · team {}",
            or_dash(&r.assignee),
            r.assignee
                .as_deref()
                .and_then(|a| app.absence_of(a))
                .map(|a| format!(" — {}", inert_line(&a)))
                .unwrap_or_default(),
            or_dash(&r.team)
        ),
    ));
    if let Some(a) = &r.approval {
        let style = if a.is_pending() { t.error() } else { Style::new() };
        out.push(Line::from(vec![
            Span::styled(format!("{:<11}", "Approval"), t.label()),
            Span::styled(inert_line(&a.summary()), style),
        ]));
    }
    if !r.watchers.is_empty() {
        out.push(field(t, "Watchers", inert_line(&r.watchers.join(", "))));
    }
    // Custom fields under their own names (one a line; a long name keeps
    // one space before its value).
    for (name, value) in &r.fields {
        out.push(field(t, &format!("{} ", inert_line(name)), inert_line(value)));
    }
    if r.checklist.iter().any(|i| i.state != ItemState::Removed) {
        out.push(field(
            t,
            "Checklist",
            format!("{} · X ticks an item", progress(&r.checklist)),
        ));
        for i in r.checklist.iter().filter(|i| i.state != ItemState::Removed) {
            let (mark, style) = match i.state {
                ItemState::Done => ("[x]", t.dim()),
                ItemState::Skipped => ("[-]", t.dim()),
                _ => ("[ ]", Style::new()),
            };
            let why = i
                .reason
                .as_deref()
                .map(|r| format!(" ({})", inert_line(r)))
                .unwrap_or_default();
            out.push(Line::styled(
                format!("  {mark} {}. {}{why}", i.number, inert_line(&i.text)),
                style,
            ));
        }
    }
    if !r.tags.is_empty() {
        let tags: Vec<String> = r.tags.iter().map(|g| format!("#{}", inert_line(g))).collect();
        out.push(field(t, "Tags", tags.join(" ")));
    }
    if !r.links.is_empty() {
        let links: Vec<String> = r
            .links
            .iter()
            .map(|l| format!("{} #{} ({})", l.relation, l.id, l.status))
            .collect();
        out.push(field(t, "Links", format!("{} · L opens one", links.join(", "))));
    }
    if !r.cc.is_empty() {
        out.push(field(t, "Copied", inert_line(&r.cc.join(", "))));
    }
    if !r.attachments.is_empty() {
        let n = r.attachments.len();
        out.push(field(
            t,
            "Files",
            format!(
                "{n} {} · O saves one",
                if n == 1 { "attachment" } else { "attachments" }
            ),
        ));
    }
    out.push(field(
        t,
        "Created",
        format!(
            "{} · first reply {}",
            local_short(r.created_at),
            r.first_response_at.map_or("-".into(), local_short)
        ),
    ));
    if let Some(rb) = r.reply_by {
        out.push(field(t, "Reply by", local_short(rb)));
    }
    if r.paused_seconds > 0 {
        out.push(field(t, "Paused", short_duration(r.paused_seconds)));
    }
    if let Some(g) = &d.rating {
        out.push(field(t, "Rating", g.summary()));
        if let Some(c) = &g.comment {
            out.push(Line::raw(format!("           “{}”", inert_line(c))));
        }
    }
    if !r.body.trim().is_empty() {
        out.push(Line::styled("── Description", t.dim()));
        out.extend(inert_text(&r.body).lines().map(|l| Line::raw(l.to_string())));
    }
    out.push(Line::styled(
        format!(
            "── History ({} {})",
            d.events.len(),
            if d.events.len() == 1 { "event" } else { "events" }
        ),
        t.dim(),
    ));
    for e in &d.events {
        let internal = !e.kind.is_seen_by_requester() && e.kind != EventKind::Created;
        let style = match e.kind {
            EventKind::Note => t.internal_note(),
            EventKind::Reply => t.ok(),
            EventKind::Escalation | EventKind::Refused | EventKind::DeliveryFailure => t.error(),
            EventKind::Mail => t.label(),
            _ => Style::new(),
        };
        out.push(Line::from(vec![
            Span::styled(format!("{} ", local_short(e.at)), t.dim()),
            Span::styled(format!("{} ", inert_line(&e.actor)), t.label()),
            Span::styled(inert_line(&e.summary()), style),
        ]));
        if let Some(body) = e.shown_body() {
            let body_style = if internal && e.kind == EventKind::Note {
                t.internal_note()
            } else {
                Style::new()
            };
            let cols = usize::from(width).saturating_sub(4);
            out.extend(
                inert_text(body)
                    .lines()
                    .flat_map(|l| crate::domain::text::wrap_line(l, cols))
                    .map(|l| Line::styled(format!("    {l}"), body_style)),
            );
        }
        for a in &e.attachments {
            let kept = if a.kept {
                ""
            } else {
                " · over the size limit, not kept"
            };
            out.push(Line::styled(
                format!(
                    "    attached {} {} ({}){kept}",
                    a.number,
                    inert_line(&a.name),
                    crate::domain::attachment::human_size(a.size)
                ),
                t.dim(),
            ));
        }
    }
    out
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, focused: bool) {
    let t = &app.theme;
    let title = match &app.detail {
        Some(d) => format!(" Request #{} · v{} ", d.request.id, d.request.version),
        None => " Request ".into(),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(focused))
        .title(Span::styled(title, t.title()));
    let body = match &app.detail {
        Some(d) if Some(d.request.id) == app.selected_id => lines(app, d, area.width.saturating_sub(2)),
        // While the next request loads (a few milliseconds), the previous
        // one stays: blanking the pane in between would double what a
        // j/k step sends over SSH.
        Some(d) if app.selected_id.is_some() => lines(app, d, area.width.saturating_sub(2)),
        _ if app.selected_id.is_some() => vec![Line::styled("loading…", t.dim())],
        _ => vec![Line::styled("Select a request in the queue.", t.dim())],
    };
    // The lines are built once: the same paragraph says how far it can
    // scroll and is drawn.
    let paragraph = Paragraph::new(body).wrap(Wrap { trim: false });
    let furthest = scroll_room(&paragraph, area);
    let paragraph = paragraph
        .block(block)
        .scroll((app.detail_scroll.min(furthest), 0));
    frame.render_widget(paragraph, area);
}

/// How far a bordered paragraph in `area` can scroll: until its last line
/// is the last row inside the border.
pub fn scroll_room(paragraph: &Paragraph, area: Rect) -> u16 {
    let rows = paragraph.line_count(area.width.saturating_sub(2));
    (rows as u16).saturating_sub(area.height.saturating_sub(2))
}

/// How far the detail pane in `area` can scroll, for the keys that move it.
pub fn furthest_scroll(app: &App, area: Rect) -> u16 {
    let Some(d) = app.detail.as_ref() else { return 0 };
    scroll_room(
        &Paragraph::new(lines(app, d, area.width.saturating_sub(2))).wrap(Wrap { trim: false }),
        area,
    )
}
