//! How requests look on a terminal and in machine formats. Every piece of
//! user text shown as text goes through `inert_line`/`inert_text`.

use std::io::Write;

use serde::Serialize;

use crate::domain::event::recorded_by;
use crate::domain::sla::{DueSource, DueState};
use crate::domain::text::{escape_json_hazards, fit_padded, inert_line, inert_text};
use crate::domain::time::{local_short, short_duration};
use crate::domain::{Event, Rating, Request};

/// A request as scripts see it: the stored fields plus where it stands
/// against its promises now.
#[derive(Serialize)]
pub struct RequestJson<'a> {
    #[serde(flatten)]
    pub request: &'a Request,
    pub due_state: Option<DueState>,
    pub due_source: Option<DueSource>,
}

impl<'a> RequestJson<'a> {
    pub fn new(request: &'a Request, now: i64) -> RequestJson<'a> {
        let due = request.due(now);
        RequestJson {
            request,
            due_state: due.map(|d| d.state),
            due_source: due.map(|d| d.source),
        }
    }
}

/// Time left (`3h 05m`), at risk (`~1h 20m`) or overdue (`-2h 05m`).
pub fn due_cell(r: &Request, now: i64) -> String {
    r.due(now).map_or_else(|| "-".into(), |d| d.short(now))
}

/// The list table: at most 80 columns wide, whatever the text.
pub fn request_table(requests: &[Request], now: i64) -> String {
    const SUBJECT: usize = 23;
    let mut out = format!(
        "{:>7} {:<2} {:<8} {} {} {} {:>7}\n",
        "ID",
        "PR",
        "STATUS",
        fit_padded("SUBJECT", SUBJECT),
        fit_padded("REQUESTER / DEPT", 17),
        fit_padded("ASSIGNEE", 9),
        "DUE"
    );
    for r in requests {
        let who = match &r.department {
            Some(d) => format!("{} / {}", r.requester, d),
            None => r.requester.clone(),
        };
        // ★ marks a key customer, ↑N an escalation level.
        let mut subject = String::new();
        if r.key_customer {
            subject.push('★');
        }
        if r.escalation_level > 0 {
            subject.push_str(&format!("↑{} ", r.escalation_level));
        }
        subject.push_str(&inert_line(&r.subject));
        if !r.tags.is_empty() {
            subject.push(' ');
            subject.push_str(&tags_text(&r.tags));
        }
        out.push_str(&format!(
            "{:>7} {:<2} {:<8} {} {} {} {:>7}\n",
            r.id,
            r.priority.as_str(),
            r.status.as_str(),
            fit_padded(&subject, SUBJECT),
            fit_padded(&inert_line(&who), 17),
            fit_padded(&inert_line(r.assignee.as_deref().unwrap_or("-")), 9),
            due_cell(r, now),
        ));
    }
    out
}

/// Tags as `#vpn #printer`, or `-` for none.
pub fn tags_text(tags: &[String]) -> String {
    if tags.is_empty() {
        return "-".into();
    }
    tags.iter()
        .map(|t| format!("#{}", inert_line(t)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn opt(v: &Option<String>) -> String {
    v.as_deref().map_or_else(|| "-".into(), inert_line)
}

fn time(v: Option<i64>) -> String {
    v.map_or_else(|| "-".into(), local_short)
}

/// `show` as text: the phone record, then the history oldest first.
pub fn request_text(r: &Request, events: &[Event], rating: Option<&Rating>, now: i64) -> String {
    let mut out = String::new();
    let key = if r.key_customer { " (key customer)" } else { "" };
    out.push_str(&format!("#{} {}\n", r.id, inert_line(&r.subject)));
    let rows = [
        ("Requester", format!("{}{key}", inert_line(&r.requester))),
        ("Department", opt(&r.department)),
        ("Contact", opt(&r.contact)),
        ("Channel", r.channel.to_string()),
        ("Kind", r.kind.to_string()),
        ("Category", opt(&r.category)),
        ("Tags", tags_text(&r.tags)),
        (
            "Links",
            if r.links.is_empty() {
                "-".into()
            } else {
                r.links
                    .iter()
                    .map(|l| format!("{} #{} ({})", l.relation, l.id, l.status))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
        ),
        (
            "Copied",
            if r.cc.is_empty() {
                "-".into()
            } else {
                inert_line(&r.cc.join(", "))
            },
        ),
        (
            "Time spent",
            if r.time_spent_minutes > 0 {
                crate::domain::time::short_duration(r.time_spent_minutes * 60)
            } else {
                "-".into()
            },
        ),
        (
            "Priority",
            format!("{} (urgency {}, impact {})", r.priority, r.urgency, r.impact),
        ),
        ("Status", r.status.to_string()),
        ("Assignee", opt(&r.assignee)),
        ("Team", opt(&r.team)),
        ("Escalation", r.escalation_level.to_string()),
        ("Created", time(Some(r.created_at))),
        ("First reply", time(r.first_response_at)),
        ("Reply by", time(r.reply_by)),
        ("Due", due_text(r, now)),
        ("Paused", short_duration(r.paused_seconds)),
        ("Resolved", time(r.resolved_at)),
        ("Version", r.version.to_string()),
    ];
    let mut rows = rows.to_vec();
    if let Some(a) = &r.approval {
        rows.push(("Approval", a.summary()));
    }
    if !r.watchers.is_empty() {
        rows.push(("Watchers", r.watchers.join(", ")));
    }
    // Custom fields, under their own names.
    rows.extend(
        r.fields
            .iter()
            .map(|(name, value)| (name.as_str(), value.clone())),
    );
    for (k, v) in rows {
        out.push_str(&format!("{k:<12} {}\n", inert_line(&v)));
    }
    if !r.body.is_empty() {
        out.push('\n');
        out.push_str(&inert_text(&r.body));
        out.push('\n');
    }
    if !r.attachments.is_empty() {
        out.push_str("\nAttachments  (save one with `frontdesk attachment ID N --out PATH`)\n");
        for a in &r.attachments {
            out.push_str(&format!("  {}\n", attachment_line(a)));
        }
    }
    if let Some(g) = rating {
        out.push_str(&format!("\nRating       {}\n", g.summary()));
        if let Some(c) = &g.comment {
            out.push_str(&format!("             \"{}\"\n", inert_line(c)));
        }
    }
    out.push_str("\nHistory\n");
    for e in events {
        out.push_str(&format!(
            "{}  {}  {}\n",
            local_short(e.at),
            inert_line(&recorded_by(&e.actor, e.login.as_deref(), e.host.as_deref())),
            inert_line(&e.summary())
        ));
        if let Some(body) = e.shown_body() {
            for line in inert_text(body).lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
        for a in &e.attachments {
            out.push_str(&format!("    attached: {}\n", attachment_line(a)));
        }
    }
    out
}

/// `2  invoice.pdf (14 KB, application/pdf)`, saying when only the name
/// and size were kept.
pub fn attachment_line(a: &crate::domain::attachment::Attachment) -> String {
    let kept = if a.kept {
        ""
    } else {
        " — over the size limit: not kept"
    };
    format!(
        "{}  {} ({}, {}){kept}",
        a.number,
        inert_line(&a.name),
        crate::domain::attachment::human_size(a.size),
        inert_line(&a.content_type)
    )
}

fn due_text(r: &Request, now: i64) -> String {
    match r.due(now) {
        None => "-".into(),
        Some(d) if d.state == DueState::Done => "-".into(),
        Some(d) => format!(
            "{} ({}, {})",
            local_short(d.due_at),
            d.source.as_str().replace('_', "-"),
            d.state.label()
        ),
    }
}

pub fn print_json<T: Serialize>(value: &T) -> std::io::Result<()> {
    let mut text = escape_json_hazards(&serde_json::to_string_pretty(value)?);

    text.push('\n');
    print(&text)
}

/// A path as a message shows it: inert, whatever its name holds.
pub fn shown(path: &std::path::Path) -> String {
    inert_line(&path.display().to_string())
}

/// Writes text to stdout; a closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> std::io::Result<()> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
