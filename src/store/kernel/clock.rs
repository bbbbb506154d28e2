//! The shared SLA policy and each request's clock, kept in step with every
//! change.

use crate::domain::ids::RequestId;
use crate::store::sql::{Conn, OptionalExtension};
use rusqlite::params;

use super::changeset::load;
use crate::domain::sla::{active_due, next_breach, triage_key, ClockInput, SlaPolicy};
use crate::domain::Status;
use crate::store::error::{StoreError, StoreResult};

pub(crate) const POLICY_KEY: &str = "sla_policy";

pub(crate) fn load_policy(conn: &Conn) -> StoreResult<SlaPolicy> {
    let text: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([POLICY_KEY], |r| r.get(0))
        .optional()?;
    match text {
        None => Ok(SlaPolicy::default()),
        Some(t) => serde_json::from_str(&t).map_err(|e| {
            StoreError::Invalid(format!(
                "the shared SLA settings are unreadable ({e}); set them again with `frontdesk sla set`"
            ))
        }),
    }
}

/// Recomputes and stores the due and at-risk instants of one request from
/// its current row.
pub(crate) fn refresh_clock(tx: &Conn, policy: &SlaPolicy, id: RequestId) -> StoreResult<()> {
    let r = load(tx, id)?;
    let dues = policy.dues(ClockInput {
        priority: r.priority,
        created_at: r.created_at,
        clock_started_at: if r.clock.started_at == 0 {
            r.created_at
        } else {
            r.clock.started_at
        },
        paused_seconds: r.paused_seconds,
    });
    let (source, due_at, risk_at) = active_due(&dues, r.first_response_at, r.created_at, r.reply_by);
    let flags: i64 = tx
        .prepare_cached("SELECT breaches_escalated FROM requests WHERE id = ?1")?
        .query_row([id], |row| row.get(0))?;
    let running = matches!(r.status, Status::New | Status::Open);
    let next = next_breach(
        running,
        r.first_response_at,
        Some(dues.response_due_at),
        Some(dues.resolve_due_at),
        flags,
    );
    tx.prepare_cached(
        "UPDATE requests SET response_due_at = ?2, resolve_due_at = ?3, due_at = ?4, risk_at = ?5, due_source = ?6,
         next_breach_at = ?7, triage_key = ?8, clock_started_at = COALESCE(clock_started_at, created_at) WHERE id = ?1",
    )?
    .execute(params![
        id,
        dues.response_due_at,
        dues.resolve_due_at,
        due_at,
        risk_at,
        source.as_str(),
        next,
        triage_key(r.status, Some(due_at))
    ])?;
    Ok(())
}

/// What the clock columns become when the status moves: waiting starts a
/// pause, leaving it adds the paused business time, reopening restarts the
/// resolution clock.
pub(crate) fn clock_on_move(
    policy: &SlaPolicy,
    request: &crate::domain::Request,
    to: Status,
    now: i64,
) -> Vec<(&'static str, rusqlite::types::Value)> {
    use rusqlite::types::Value;
    let mut cols = Vec::new();
    let from = request.status;
    if to == Status::Waiting {
        cols.push(("waiting_since", Value::Integer(now)));
    }
    let mut paused = request.paused_seconds;
    if from == Status::Waiting {
        if let Some(since) = request.clock.waiting_since {
            paused += policy.calendar_for(request.priority).between(since, now);
            let wall = request.clock.paused_wall_seconds + (now - since).max(0);
            cols.push(("paused_wall_seconds", Value::Integer(wall)));
        }
        cols.push(("waiting_since", Value::Null));
    }
    if from.is_done() && to == Status::Open {
        // A reopened request runs a fresh resolution clock that may breach again.
        cols.push(("clock_started_at", Value::Integer(now)));
        cols.push(("breaches_escalated", Value::Integer(0)));
        paused = 0;
    }
    if paused != request.paused_seconds {
        cols.push(("paused_seconds", Value::Integer(paused)));
    }
    cols
}

pub(crate) fn recompute_clocks(tx: &Conn, policy: &SlaPolicy, which: &str) -> StoreResult<usize> {
    let ids: Vec<RequestId> = tx
        .prepare(&format!("SELECT id FROM requests WHERE {which}"))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &ids {
        refresh_clock(tx, policy, *id)?;
    }
    Ok(ids.len())
}
