//! The shared SLA policy and each request's clock: kept in step on every
//! write, and swept for breaches that escalate automatically.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::error::{StoreError, StoreResult};
use super::follow_ups::{close_unrated, has_unrated_to_close};
use super::history::{record, NewEvent};
use super::requests::load;
use super::Store;
use crate::domain::sla::{active_due, next_breach, triage_key, ClockInput, SlaPolicy};
use crate::domain::time::short_duration;
use crate::domain::{EventKind, Status};

const POLICY_KEY: &str = "sla_policy";

/// The name automatic changes are recorded under.
pub const SYSTEM_ACTOR: &str = "frontdesk";

pub(super) fn load_policy(conn: &Connection) -> StoreResult<SlaPolicy> {
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
pub(super) fn refresh_clock(tx: &Transaction, policy: &SlaPolicy, id: i64) -> StoreResult<()> {
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
pub(super) fn clock_on_move(
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

/// What a sweep did: breaches escalated, and resolved requests nobody
/// rated in time, closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sweep {
    pub breaches: Vec<Breach>,
    pub auto_closed: Vec<i64>,
}

impl Sweep {
    pub fn is_empty(&self) -> bool {
        self.breaches.is_empty() && self.auto_closed.is_empty()
    }
}

/// One automatic escalation made by a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub id: i64,
    pub target: &'static str,
    pub overdue_seconds: i64,
}

impl Store {
    pub fn sla_policy(&self) -> StoreResult<SlaPolicy> {
        load_policy(&self.conn)
    }

    /// Saves the shared policy and recomputes the clocks of open requests.
    pub fn set_sla_policy(&mut self, policy: &SlaPolicy) -> StoreResult<usize> {
        policy.validate()?;
        let text = serde_json::to_string(policy).map_err(|e| StoreError::Invalid(e.to_string()))?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![POLICY_KEY, text],
            )?;
            recompute_clocks(tx, policy, "status IN ('new', 'open', 'waiting')")
        })
    }

    /// Fills in clocks missing after an upgrade from a schema without them.
    pub(super) fn fill_missing_clocks(&mut self) -> StoreResult<usize> {
        self.write(|tx| {
            let policy = load_policy(tx)?;
            recompute_clocks(tx, &policy, "due_at IS NULL")
        })
    }

    /// Escalates every open request that has breached a target since the
    /// last sweep: level 1 once per breach, with an event saying which
    /// target and by how much. Runs in one immediate transaction that
    /// rechecks the flags, so several users sweeping at once escalate each
    /// breach exactly once.
    pub fn sweep(&mut self, now: i64) -> StoreResult<Sweep> {
        if self.is_read_only() {
            return Ok(Sweep::default());
        }
        // Most opens find nothing to do: look first without taking the
        // write lock, so reading the queue never waits on other writers.
        let due: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM requests WHERE next_breach_at <= ?1 LIMIT 1")?
            .query_row([now], |r| r.get(0))
            .optional()?;
        if due.is_none() && !has_unrated_to_close(&self.conn, now)? {
            return Ok(Sweep::default());
        }
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT id, first_response_at, response_due_at, resolve_due_at, breaches_escalated, escalation_level
                 FROM requests WHERE next_breach_at <= ?1",
            )?;
            let candidates = stmt
                .query_map([now], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                        r.get::<_, Option<i64>>(3)?,
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?;
            drop(stmt);
            let mut breaches = Vec::new();
            for (id, first, response_due, resolve_due, flags, level) in candidates {
                let response_breach = first.is_none() && response_due.is_some_and(|d| d <= now) && flags & 1 == 0;
                let resolve_breach = resolve_due.is_some_and(|d| d <= now) && flags & 2 == 0;
                let (target, bit, due) = match (response_breach, resolve_breach) {
                    // A late resolution with no reply yet breached both.
                    (_, true) => ("resolution", if first.is_none() { 3 } else { 2 }, resolve_due),
                    (true, false) => ("response", 1, response_due),
                    (false, false) => continue,
                };
                let overdue = now - due.unwrap_or(now);
                let new_level = level.max(1);
                let next = next_breach(true, first, response_due, resolve_due, flags | bit);
                if new_level == level {
                    // Already escalated: the breach is noted so it is not
                    // swept again, but nothing changed, so nothing is
                    // recorded and the version stays.
                    tx.execute(
                        "UPDATE requests SET breaches_escalated = breaches_escalated | ?2, next_breach_at = ?3 WHERE id = ?1",
                        params![id, bit, next],
                    )?;
                    continue;
                }
                tx.execute(
                    "UPDATE requests SET breaches_escalated = breaches_escalated | ?2, escalation_level = ?3,
                     version = version + 1, updated_at = ?4, next_breach_at = ?5, escalated_ever = 1 WHERE id = ?1",
                    params![id, bit, new_level, now, next],
                )?;
                record(
                    tx,
                    NewEvent {
                        request_id: id,
                        at: now,
                        actor: SYSTEM_ACTOR,
                        kind: EventKind::Escalation.as_str(),
                        old_value: Some(&level.to_string()),
                        new_value: Some(&new_level.to_string()),
                        body: Some(&format!("{target} target breached by {}", short_duration(overdue))),
                    },
                )?;
                breaches.push(Breach { id, target, overdue_seconds: overdue });
            }
            let auto_closed = close_unrated(tx, now)?;
            Ok(Sweep { breaches, auto_closed })
        })
    }
}

pub(super) fn recompute_clocks(tx: &Transaction, policy: &SlaPolicy, which: &str) -> StoreResult<usize> {
    let ids: Vec<i64> = tx
        .prepare(&format!("SELECT id FROM requests WHERE {which}"))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in &ids {
        refresh_clock(tx, policy, *id)?;
    }
    Ok(ids.len())
}
