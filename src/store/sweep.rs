//! The sweep: breaches escalate automatically, once each, and resolved
//! requests nobody rated in time are closed. Every command runs it, and the
//! app on each tick.

use rusqlite::params;

use super::error::StoreResult;
use super::follow_ups::{close_unrated, sweep_due};
use super::history::{record, NewEvent};
use super::kernel::SYSTEM_ACTOR;
use super::Store;
use crate::domain::ids::RequestId;
use crate::domain::sla::next_breach;
use crate::domain::time::short_duration;
use crate::domain::EventKind;

/// What a sweep did: breaches escalated, and resolved requests nobody
/// rated in time, closed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sweep {
    pub breaches: Vec<Breach>,
    pub auto_closed: Vec<RequestId>,
    /// Requests recurring rules made.
    pub recurring: Vec<RequestId>,
}

impl Sweep {
    pub fn is_empty(&self) -> bool {
        self.breaches.is_empty() && self.auto_closed.is_empty() && self.recurring.is_empty()
    }
}

/// One automatic escalation made by a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub id: RequestId,
    pub target: &'static str,
    pub overdue_seconds: i64,
}

impl Store {
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
        if !sweep_due(&self.db(), now)? {
            return Ok(Sweep::default());
        }
        self.write(|tx| {
            // Recurring requests first: one made late is held to its
            // targets from when it fell due, like any other.
            let recurring = super::recurring::make_due(tx, now)?;
            let mut stmt = tx.prepare_cached(
                "SELECT id, first_response_at, response_due_at, resolve_due_at, breaches_escalated, escalation_level
                 FROM requests WHERE next_breach_at <= ?1 ORDER BY id",
            )?;
            let candidates = stmt
                .query_map([now], |r| {
                    Ok((
                        r.get::<_, RequestId>(0)?,
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
                     version = version + 1, updated_at = ?4, next_breach_at = ?5, escalated_ever = TRUE WHERE id = ?1",
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
            Ok(Sweep {
                breaches,
                auto_closed,
                recurring,
            })
        })
    }
}
