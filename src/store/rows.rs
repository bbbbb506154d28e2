//! Turning rows into domain values.

use std::str::FromStr;

use rusqlite::types::Type;
use rusqlite::Row;

use crate::domain::request::RequestClock;
use crate::domain::sla::DueSource;
use crate::domain::{Event, Request};

/// Reads a labelled column (status, urgency, …) and refuses unknown labels
/// rather than guessing.
pub fn label<T>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text = row
        .get_ref(idx)?
        .as_str()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))?;
    text.parse::<T>()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

pub const REQUEST_COLUMNS: &str = "r.id, r.subject, r.body, p.name, r.department, r.contact, r.channel, \
    r.kind, r.category, r.urgency, r.impact, r.key_customer, r.priority, r.status, a.name, r.team, \
    r.escalation_level, r.created_at, r.first_response_at, r.resolved_at, r.reply_by, r.updated_at, r.version, \
    r.response_due_at, r.resolve_due_at, r.paused_seconds, r.clock_started_at, r.waiting_since, r.due_at, r.risk_at, \
    r.due_source, r.follow_up_at, r.follow_up_kind, fo.name, r.paused_wall_seconds";

pub const REQUEST_FROM: &str = "requests r JOIN people p ON p.id = r.requester_id \
    LEFT JOIN people a ON a.id = r.assignee_id LEFT JOIN people fo ON fo.id = r.follow_up_owner_id";

pub fn request(row: &Row<'_>) -> rusqlite::Result<Request> {
    Ok(Request {
        id: row.get(0)?,
        subject: row.get(1)?,
        body: row.get(2)?,
        requester: row.get(3)?,
        department: row.get(4)?,
        contact: row.get(5)?,
        channel: label(row, 6)?,
        kind: label(row, 7)?,
        category: row.get(8)?,
        urgency: label(row, 9)?,
        impact: label(row, 10)?,
        key_customer: row.get(11)?,
        priority: label(row, 12)?,
        status: label(row, 13)?,
        assignee: row.get(14)?,
        team: row.get(15)?,
        escalation_level: row.get(16)?,
        created_at: row.get(17)?,
        first_response_at: row.get(18)?,
        resolved_at: row.get(19)?,
        reply_by: row.get(20)?,
        updated_at: row.get(21)?,
        version: row.get(22)?,
        response_due_at: row.get(23)?,
        resolve_due_at: row.get(24)?,
        paused_seconds: row.get(25)?,
        follow_up_at: row.get(31)?,
        follow_up_kind: row.get::<_, Option<String>>(32)?.and_then(|k| k.parse().ok()),
        follow_up_owner: row.get(33)?,
        clock: RequestClock {
            started_at: row.get::<_, Option<i64>>(26)?.unwrap_or_default(),
            paused_wall_seconds: row.get(34)?,
            waiting_since: row.get(27)?,
            due_at: row.get(28)?,
            risk_at: row.get(29)?,
            due_source: row
                .get::<_, Option<String>>(30)?
                .as_deref()
                .and_then(DueSource::parse),
        },
    })
}

pub const EVENT_COLUMNS: &str =
    "id, request_id, at, actor, kind, old_value, new_value, body, login, host, hash";

pub fn event(row: &Row<'_>) -> rusqlite::Result<Event> {
    Ok(Event {
        id: row.get(0)?,
        request_id: row.get(1)?,
        at: row.get(2)?,
        actor: row.get(3)?,
        kind: label(row, 4)?,
        old_value: row.get(5)?,
        new_value: row.get(6)?,
        body: row.get(7)?,
        login: row.get(8)?,
        host: row.get(9)?,
        hash: row
            .get::<_, Option<Vec<u8>>>(10)?
            .map(|h| crate::domain::history::to_hex(&h)),
    })
}
