use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::sla::{DueSource, DueState};
use crate::domain::text::{fit, fit_padded, inert_line, width};
use crate::domain::time::short_duration;
use crate::domain::Request;
use crate::store::Escalation;
use crate::tui::app::App;
use crate::tui::view::ViewId;

/// Time left, at risk (`~`) or overdue (`-`), with its state for colour.
pub fn due_label(r: &Request, now: i64) -> (String, Option<DueState>) {
    match r.due(now) {
        None => ("-".into(), None),
        Some(d) => {
            let text = d.short(now);
            // ⚑: the requester's reply-by is earlier than the SLA, so it applies.
            let flag = if d.source == DueSource::ReplyBy && d.state != DueState::Done {
                "⚑"
            } else {
                ""
            };
            (format!("{text}{flag}"), Some(d.state))
        }
    }
}

struct Column {
    title: &'static str,
    width: usize,
}

/// Column widths for the space there is; the subject takes what is left.
fn columns(total: usize, escalations: bool) -> Vec<Column> {
    let fixed: &[(&str, usize)] = if escalations {
        &[
            ("ID", 6),
            ("LV", 2),
            ("DUE", 9),
            ("SUBJECT — REASON", 0),
            ("OWNER", 9),
            ("ACK", 8),
            ("SINCE", 7),
        ]
    } else if total >= 100 {
        &[
            ("ID", 6),
            ("PR", 2),
            ("STATUS", 8),
            ("DUE", 9),
            ("SUBJECT", 0),
            ("REQUESTER / DEPT", 24),
            ("ASSIGNEE", 10),
            ("AGE", 7),
        ]
    } else {
        &[
            ("ID", 6),
            ("PR", 2),
            ("STATUS", 8),
            ("DUE", 9),
            ("SUBJECT", 0),
            ("REQUESTER", 14),
            ("ASSIGNEE", 9),
        ]
    };
    let mut widths: Vec<usize> = fixed.iter().map(|(_, w)| *w).collect();
    // The subject gets the room first: columns that matter less give way
    // (a width of 0 hides one) until it has enough to be read.
    let give_way: &[&str] = &["AGE", "SINCE", "ACK", "ASSIGNEE", "STATUS", "OWNER"];
    let subject_width = |widths: &[usize]| {
        let used: usize = widths.iter().filter(|w| **w > 0).map(|w| w + 1).sum();
        total.saturating_sub(used + 1)
    };
    // In the lead's view the column holds the reason for escalating too.
    let wanted = if escalations {
        MIN_SUBJECT + 12
    } else {
        MIN_SUBJECT
    };
    for title in give_way {
        if subject_width(&widths) >= wanted {
            break;
        }
        if let Some(i) = fixed.iter().position(|(t, _)| t == title) {
            widths[i] = 0;
        }
    }
    let subject = subject_width(&widths).max(8);
    fixed
        .iter()
        .zip(widths)
        .map(|((title, w), width)| Column {
            title,
            width: match (*w, width) {
                (0, _) => subject,
                (_, width) => width,
            },
        })
        .collect()
}

/// Enough of a subject to tell requests apart.
const MIN_SUBJECT: usize = 20;

/// A cell and the space after it; nothing for a hidden column.
fn cell(text: &str, width: usize, style: Style) -> Vec<Span<'static>> {
    if width == 0 {
        return Vec::new();
    }
    vec![Span::styled(fit_padded(text, width), style), Span::raw(" ")]
}

fn subject_text(r: &Request) -> String {
    let mut s = String::new();
    if r.key_customer {
        s.push('★');
    }
    if r.escalation_level > 0 {
        s.push_str(&format!("↑{} ", r.escalation_level));
    }
    s.push_str(&inert_line(&r.subject));
    for tag in &r.tags {
        s.push_str(&format!(" #{}", inert_line(tag)));
    }
    s
}

fn request_row(app: &App, r: &Request, cols: &[Column]) -> Vec<Span<'static>> {
    let t = &app.theme;
    let calls = cols.get(3).is_some_and(|c| c.title == "CALL IN");
    let (due, state) = match (calls, r.follow_up_at) {
        // In the follow-ups view the time that matters is the call's.
        (true, Some(at)) if at < app.now => (
            format!("-{}", short_duration(app.now - at)),
            Some(DueState::Breached),
        ),
        (true, Some(at)) => (short_duration(at - app.now), None),
        _ => due_label(r, app.now),
    };
    let due_style = state.map(|s| t.due(s)).unwrap_or_default();
    let who = match &r.department {
        Some(d) if cols[5].width > 16 => format!("{} / {}", r.requester, d),
        _ => r.requester.clone(),
    };
    let mut spans = Vec::new();
    // A marked request: ● before its id, in the selection's colours.
    let (id, id_style) = if app.marked.contains_key(&r.id) {
        (format!("●{}", r.id), t.key())
    } else {
        (r.id.to_string(), Style::new())
    };
    spans.extend(cell(&id, cols[0].width, id_style));
    spans.extend(cell(r.priority.as_str(), cols[1].width, t.priority(r.priority)));
    spans.extend(cell(r.status.as_str(), cols[2].width, Style::new()));
    spans.extend(cell(&due, cols[3].width, due_style));
    spans.extend(cell(
        &subject_text(r),
        cols[4].width,
        if r.key_customer {
            t.key_customer()
        } else {
            Style::new()
        },
    ));
    spans.extend(cell(&inert_line(&who), cols[5].width, Style::new()));
    let last = if calls {
        r.contact.clone().unwrap_or_else(|| "-".into())
    } else {
        app.assignee_cell(r.assignee.as_deref())
    };
    spans.extend(cell(&inert_line(&last), cols[6].width, Style::new()));
    if let Some(c) = cols.get(7) {
        spans.extend(cell(&short_duration(app.now - r.created_at), c.width, t.dim()));
    }
    spans
}

/// The subject and the reason for escalating, sharing one column: the
/// subject (what the lead recognises the request by) keeps at least three
/// fifths of a narrow column, the reason what is left; each is cut with `…`.
fn subject_and_reason(subject: &str, reason: &str, room: usize) -> String {
    let (s, r) = (width(subject), width(reason));
    if reason.is_empty() {
        return subject.to_string();
    }
    if s + 3 + r <= room {
        return format!("{subject} — {reason}");
    }
    let for_reason = r
        .min(room.saturating_sub(3) * 2 / 5)
        .max(room.saturating_sub(3 + s));
    let for_subject = room.saturating_sub(3 + for_reason);
    format!("{} — {}", fit(subject, for_subject), fit(reason, for_reason))
}

fn escalation_row(app: &App, e: &Escalation, cols: &[Column]) -> Vec<Span<'static>> {
    let t = &app.theme;
    let r = &e.request;
    let (due, state) = due_label(r, app.now);
    let what = subject_and_reason(
        &subject_text(r),
        &inert_line(e.reason.as_deref().unwrap_or("")),
        cols[3].width,
    );
    let mut spans = Vec::new();
    // A marked request: ● before its id, in the selection's colours.
    let (id, id_style) = if app.marked.contains_key(&r.id) {
        (format!("●{}", r.id), t.key())
    } else {
        (r.id.to_string(), Style::new())
    };
    spans.extend(cell(&id, cols[0].width, id_style));
    spans.extend(cell(&r.escalation_level.to_string(), cols[1].width, t.error()));
    spans.extend(cell(
        &due,
        cols[2].width,
        state.map(|s| t.due(s)).unwrap_or_default(),
    ));
    spans.extend(cell(
        &what,
        cols[3].width,
        if r.key_customer {
            t.key_customer()
        } else {
            Style::new()
        },
    ));
    spans.extend(cell(
        &inert_line(&app.assignee_cell(r.assignee.as_deref())),
        cols[4].width,
        Style::new(),
    ));
    spans.extend(cell(
        &inert_line(e.acknowledged_by.as_deref().unwrap_or("-")),
        cols[5].width,
        Style::new(),
    ));
    let since = e
        .escalated_at
        .map(|at| short_duration(app.now - at))
        .unwrap_or_default();
    spans.extend(cell(&since, cols[6].width, t.dim()));
    spans
}

fn empty_state(app: &App) -> Vec<Line<'static>> {
    let t = &app.theme;
    if app.request_count == Some(0) {
        return vec![
            Line::from(""),
            Line::styled("No requests yet.", t.title()),
            Line::from(""),
            Line::from(vec![
                Span::raw("Press "),
                Span::styled("n", t.key()),
                Span::raw(" to record the first request,"),
            ]),
            if app.facts.on_server {
                Line::styled(crate::tui::app::DEMO_ON_A_SERVER, t.dim())
            } else {
                Line::from(vec![
                    Span::raw("or "),
                    Span::styled("D", t.key()),
                    Span::raw(" to load demo data and look around."),
                ])
            },
            Line::from(""),
            Line::styled("From a shell: frontdesk new --subject … --requester …", t.dim()),
        ];
    }
    if !app.queue.loaded {
        return vec![Line::from(""), Line::styled("loading…", t.dim())];
    }
    let mut lines = vec![
        Line::from(""),
        Line::styled(format!("Nothing in “{}”.", app.view_title()), t.title()),
    ];
    let chips = app.chips();
    if chips.is_empty() {
        lines.push(Line::from(
            "Press 3 for all open requests, or n to record a new one.",
        ));
    } else {
        // Name what hides the requests, and how to show them again.
        let named: Vec<String> = chips.iter().map(|c| format!("[{}]", inert_line(c))).collect();
        lines.push(Line::from(format!("Hidden by {}.", named.join(" "))));
        lines.push(Line::from(vec![
            Span::raw("Press "),
            Span::styled("c", t.key()),
            Span::raw(" to clear every filter and the search."),
        ]));
    }
    lines
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, focused: bool) {
    let t = &app.theme;
    let title = format!(" {} ", app.view_title());
    let mut titles = vec![Span::styled(title, t.title())];
    // The lead's view says which of the team's targets are slipping.
    if app.view == ViewId::Escalations && !app.targets_at_risk.is_empty() {
        titles.push(Span::styled(
            format!(
                " ⚠ targets at risk: {} ",
                inert_line(&app.targets_at_risk.join(", "))
            ),
            t.error(),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(focused))
        .title(Line::from(titles));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if app.queue.total == 0 {
        frame.render_widget(
            Paragraph::new(empty_state(app))
                .alignment(Alignment::Center)
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let escalations = app.view == ViewId::Escalations;
    let mut cols = columns(inner.width as usize, escalations);
    if app.view == ViewId::FollowUps {
        // The calls to make: when each is due, and the number to ring.
        for c in &mut cols {
            c.title = match c.title {
                "DUE" => "CALL IN",
                "ASSIGNEE" => "PHONE",
                other => other,
            };
        }
        if let Some(phone) = cols.iter_mut().find(|c| c.title == "PHONE") {
            phone.width = phone.width.max(12);
        }
    }
    let head: Vec<Span> = cols
        .iter()
        .flat_map(|c| cell(c.title, c.width, t.label()))
        .collect();
    let mut lines = vec![Line::from(head)];
    let rows = (inner.height as usize).saturating_sub(1);
    for index in app.top..(app.top + rows).min(app.queue.total) {
        let spans = if escalations {
            match app.escalations.get(index) {
                Some(e) => escalation_row(app, e, &cols),
                None => vec![Span::styled("…", t.dim())],
            }
        } else {
            match app.queue.get(index) {
                Some(r) => request_row(app, r, &cols),
                None => vec![Span::styled("…", t.dim())],
            }
        };
        let mut line = Line::from(spans);
        if index == app.selected {
            line = line.patch_style(t.selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
