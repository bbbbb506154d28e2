//! Turning rows into domain values.

use std::str::FromStr;

use crate::store::error::{StoreError, StoreResult};
use crate::store::sql::{Column, Row};

use crate::domain::request::RequestClock;
use crate::domain::sla::DueSource;
use crate::domain::{Event, Request};

/// Reads a labelled column (status, urgency, …), by name or position, and
/// refuses unknown labels rather than guessing.
pub fn label<T>(row: &Row<'_>, column: impl Column) -> StoreResult<T>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = row.get(column)?;
    text.parse::<T>()
        .map_err(|e| StoreError::Invalid(format!("the desk holds a value Frontdesk does not know: {e}")))
}

/// A request's columns, each under the name `request` reads it by (the
/// people joined in give the requester's, assignee's and follow-up
/// owner's names).
pub const REQUEST_COLUMNS: &str = "r.id AS id, r.subject AS subject, r.body AS body, p.name AS requester, \
    r.department AS department, r.contact AS contact, r.channel AS channel, r.kind AS kind, \
    r.category AS category, r.urgency AS urgency, r.impact AS impact, r.key_customer AS key_customer, \
    r.priority AS priority, r.status AS status, a.name AS assignee, r.team AS team, \
    r.escalation_level AS escalation_level, r.created_at AS created_at, \
    r.first_response_at AS first_response_at, r.resolved_at AS resolved_at, r.reply_by AS reply_by, \
    r.updated_at AS updated_at, r.version AS version, r.response_due_at AS response_due_at, \
    r.resolve_due_at AS resolve_due_at, r.paused_seconds AS paused_seconds, \
    r.clock_started_at AS clock_started_at, r.waiting_since AS waiting_since, r.due_at AS due_at, \
    r.risk_at AS risk_at, r.due_source AS due_source, r.follow_up_at AS follow_up_at, \
    r.follow_up_kind AS follow_up_kind, fo.name AS follow_up_owner, \
    r.paused_wall_seconds AS paused_wall_seconds, \
    (SELECT coalesce(sum(CAST(e.new_value AS INTEGER)), 0) FROM events e \
     WHERE e.request_id = r.id AND e.kind = 'time') AS time_spent";

pub const REQUEST_FROM: &str = "requests r JOIN people p ON p.id = r.requester_id \
    LEFT JOIN people a ON a.id = r.assignee_id LEFT JOIN people fo ON fo.id = r.follow_up_owner_id";

/// A request from a row of `REQUEST_COLUMNS`, each column read by name.
pub fn request(row: &Row<'_>) -> StoreResult<Request> {
    Ok(Request {
        id: row.get("id")?,
        subject: row.get("subject")?,
        body: row.get("body")?,
        requester: row.get("requester")?,
        department: row.get("department")?,
        contact: row.get("contact")?,
        channel: label(row, "channel")?,
        kind: label(row, "kind")?,
        category: row.get("category")?,
        urgency: label(row, "urgency")?,
        impact: label(row, "impact")?,
        key_customer: row.get("key_customer")?,
        priority: label(row, "priority")?,
        status: label(row, "status")?,
        assignee: row.get("assignee")?,
        team: row.get("team")?,
        escalation_level: row.get("escalation_level")?,
        created_at: row.get("created_at")?,
        first_response_at: row.get("first_response_at")?,
        resolved_at: row.get("resolved_at")?,
        reply_by: row.get("reply_by")?,
        updated_at: row.get("updated_at")?,
        version: row.get("version")?,
        response_due_at: row.get("response_due_at")?,
        resolve_due_at: row.get("resolve_due_at")?,
        paused_seconds: row.get("paused_seconds")?,
        follow_up_at: row.get("follow_up_at")?,
        follow_up_kind: row
            .get::<_, Option<String>>("follow_up_kind")?
            .and_then(|k| k.parse().ok()),
        follow_up_owner: row.get("follow_up_owner")?,
        // Read apart, for the requests shown (`tags::with_details`).
        tags: Vec::new(),
        time_spent_minutes: row.get("time_spent")?,
        // Read apart, as the tags are.
        links: Vec::new(),
        cc: Vec::new(),
        attachments: Vec::new(),
        // Read with the request alone (`Store::request`).
        approval: None,
        watchers: Vec::new(),
        checklist: Vec::new(),
        fields: Default::default(),
        clock: RequestClock {
            started_at: row.get::<_, Option<i64>>("clock_started_at")?.unwrap_or_default(),
            paused_wall_seconds: row.get("paused_wall_seconds")?,
            waiting_since: row.get("waiting_since")?,
            due_at: row.get("due_at")?,
            risk_at: row.get("risk_at")?,
            due_source: row
                .get::<_, Option<String>>("due_source")?
                .as_deref()
                .and_then(DueSource::parse),
        },
    })
}

/// The columns `bare_event` reads, first in a query over `events e`.
pub const BARE_EVENT_COLUMNS: &str =
    "e.id, e.request_id, e.at, e.actor, e.kind, e.old_value, e.new_value, e.body";

/// An event from the first columns of a row (`BARE_EVENT_COLUMNS`),
/// without where it came from, its link or its files: as news tells it.
pub fn bare_event(r: &Row<'_>) -> StoreResult<crate::domain::Event> {
    Ok(crate::domain::Event {
        id: r.get(0)?,
        request_id: r.get(1)?,
        at: r.get(2)?,
        actor: r.get(3)?,
        kind: label(r, 4)?,
        old_value: r.get(5)?,
        new_value: r.get(6)?,
        body: r.get(7)?,
        login: None,
        host: None,
        hash: None,
        attachments: Vec::new(),
    })
}

pub const EVENT_COLUMNS: &str =
    "id, request_id, at, actor, kind, old_value, new_value, body, login, host, hash";

/// An event from a row of `EVENT_COLUMNS`, each column read by name.
pub fn event(row: &Row<'_>) -> StoreResult<Event> {
    Ok(Event {
        id: row.get("id")?,
        request_id: row.get("request_id")?,
        at: row.get("at")?,
        actor: row.get("actor")?,
        kind: label(row, "kind")?,
        old_value: row.get("old_value")?,
        new_value: row.get("new_value")?,
        body: row.get("body")?,
        login: row.get("login")?,
        host: row.get("host")?,
        hash: row
            .get::<_, Option<Vec<u8>>>("hash")?
            .map(|h| crate::domain::history::to_hex(&h)),
        // Read apart, for the histories shown (`attachments::of_events`).
        attachments: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::migrations::{migrate, SCHEMA_VERSION};

    /// The minutes spent on each shown request come from the index of time
    /// entries, not from reading the request's whole history (which made
    /// a queue of fifty read a page or more per request).
    #[test]
    fn a_requests_minutes_are_summed_from_the_index_of_time_entries() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::search::register(&conn).unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(
            conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            SCHEMA_VERSION
        );
        // The statistics of a desk with a long history and no time entries
        // (as `ANALYZE` leaves them): the history by request looks cheap.
        conn.execute_batch(
            "ANALYZE; DELETE FROM sqlite_stat1;
             INSERT INTO sqlite_stat1 VALUES ('events', 'events_by_request', '703512 8 1'),
                                             ('events', 'events_unsealed', '0 0');
             ANALYZE sqlite_schema;",
        )
        .unwrap();
        let sql = format!("EXPLAIN QUERY PLAN SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id = 1");
        let mut stmt = conn.prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let events: Vec<&String> = plan.iter().filter(|step| step.contains(" e ")).collect();
        assert_eq!(events.len(), 1, "{plan:?}");
        assert!(events[0].contains("events_time_spent"), "{plan:?}");
    }
}
