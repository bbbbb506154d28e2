//! One change to one request, inside a write transaction.

use crate::domain::ids::{RequestId, Version};
use crate::store::sql::{Conn, OptionalExtension};
use rusqlite::types::Value;

use super::clock::{clock_on_move, load_policy, refresh_clock};
use super::identity::ensure_staff;
use super::inbox::{deliver, News};
use crate::domain::event::{escalation_raised, first_response_after};
use crate::domain::sla::SlaPolicy;
use crate::domain::time::local_short;
use crate::domain::FollowUpKind;
use crate::domain::{DomainError, EventKind, Request, Status};
use crate::store::error::{StoreError, StoreResult};
use crate::store::history::{record, NewEvent};
use crate::store::rows::{self, REQUEST_COLUMNS, REQUEST_FROM};

pub(crate) fn load(tx: &Conn, id: RequestId) -> StoreResult<Request> {
    tx.prepare_cached(&format!(
        "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id = ?1"
    ))?
    .query_row([id], rows::request)
    .optional()?
    .ok_or(StoreError::NotFound(id))
}

struct PendingEvent {
    kind: EventKind,
    old: Option<String>,
    new: Option<String>,
    body: Option<String>,
}

/// Who changes a request, the version they saw, and when: what every
/// change to a request carries besides the change itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp<'a> {
    pub actor: &'a str,
    /// The version the change was based on; a write based on another is
    /// refused as stale. `None` changes whatever is there.
    pub expected: Option<Version>,
    pub now: i64,
    /// Minutes the person spent on the request for this change, kept as
    /// an event of its own (`time`) beside the change.
    pub minutes: Option<u32>,
}

impl<'a> Stamp<'a> {
    pub fn new(actor: &'a str, expected: Option<Version>, now: i64) -> Self {
        Stamp {
            actor,
            expected,
            now,
            minutes: None,
        }
    }

    /// The same stamp with the time spent on the change.
    pub fn spending(self, minutes: Option<u32>) -> Self {
        Stamp { minutes, ..self }
    }
}

/// What a change based on an older version is checked against.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Guard {
    /// Any change since: the request must be as it was read.
    Everything,
    /// Only what matters to adding to the conversation: another answer,
    /// the requester's mail, the request resolved or closed.
    Conversation,
}

/// Whether the last `commits` changes to request `id` moved its
/// conversation on (see `Guard::Conversation`).
fn conversation_moved(tx: &Conn, id: RequestId, commits: i64) -> StoreResult<bool> {
    Ok(missed_events(tx, id, commits)?
        .iter()
        .any(|(kind, new)| match kind.as_str() {
            "reply" | "mail" => true,
            "status" => matches!(new.as_deref(), Some("resolved" | "closed")),
            _ => false,
        }))
}

/// The kinds and new values of the events of the last `commits` changes
/// to request `id`: each change writes its events at one moment under one
/// name, so they are told apart by that.
fn missed_events(tx: &Conn, id: RequestId, commits: i64) -> StoreResult<Vec<(String, Option<String>)>> {
    let rows: Vec<(String, Option<String>, i64, String)> = tx
        .prepare_cached(
            "SELECT kind, new_value, at, actor FROM events WHERE request_id = ?1 ORDER BY id DESC LIMIT 500",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    let mut seen = 0;
    let mut last: Option<(i64, String)> = None;
    for (kind, new, at, actor) in rows {
        if last.as_ref() != Some(&(at, actor.clone())) {
            seen += 1;
            if seen > commits {
                break;
            }
            last = Some((at, actor));
        }
        out.push((kind, new));
    }
    Ok(out)
}

/// One change to one request, built up inside a write transaction.
pub(crate) struct Changeset<'t> {
    tx: &'t Conn<'t>,
    pub before: Request,
    actor: String,
    now: i64,
    policy: SlaPolicy,
    columns: Vec<(&'static str, Value)>,
    events: Vec<PendingEvent>,
    minutes: Option<u32>,
    /// An approval is being decided: the one change that moves a request
    /// on while it waits for one.
    deciding: bool,
}

impl<'t> Changeset<'t> {
    /// Loads the request and refuses if someone else wrote since
    /// `expected_version` was read.
    pub fn begin(tx: &'t Conn<'t>, id: RequestId, stamp: Stamp<'_>) -> StoreResult<Changeset<'t>> {
        let Stamp {
            actor,
            expected,
            now,
            minutes,
        } = stamp;
        ensure_staff(tx, actor, now)?;
        Self::begin_checked(tx, id, actor, expected, Guard::Everything, now, minutes)
    }

    /// Loads the request to add to its conversation (a reply or a note):
    /// a change by someone else since `expected` stops it only when that
    /// change matters to what is being written — another answer, mail
    /// from the requester, the request resolved or closed — not a new
    /// team, tag or priority.
    pub fn begin_adding(tx: &'t Conn<'t>, id: RequestId, stamp: Stamp<'_>) -> StoreResult<Changeset<'t>> {
        ensure_staff(tx, stamp.actor, stamp.now)?;
        Self::begin_checked(
            tx,
            id,
            stamp.actor,
            stamp.expected,
            Guard::Conversation,
            stamp.now,
            stamp.minutes,
        )
    }

    /// A change Frontdesk makes itself (mail arriving), recorded under
    /// its own name rather than a person's.
    pub fn begin_system(tx: &'t Conn<'t>, id: RequestId, now: i64) -> StoreResult<Changeset<'t>> {
        Self::begin_checked(tx, id, super::SYSTEM_ACTOR, None, Guard::Everything, now, None)
    }

    fn begin_checked(
        tx: &'t Conn<'t>,
        id: RequestId,
        actor: &str,
        expected: Option<Version>,
        guard: Guard,
        now: i64,
        minutes: Option<u32>,
    ) -> StoreResult<Changeset<'t>> {
        let before = load(tx, id)?;
        if let Some(expected) = expected {
            let stale = expected != before.version
                && (guard == Guard::Everything || conversation_moved(tx, id, before.version.0 - expected.0)?);
            if stale {
                let (by, at): (String, i64) = tx
                    .prepare_cached(
                        "SELECT actor, at FROM events WHERE request_id = ?1 ORDER BY id DESC LIMIT 1",
                    )?
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
                return Err(StoreError::Conflict {
                    id,
                    expected,
                    found: before.version,
                    by,
                    at: local_short(at),
                });
            }
        }
        let policy = load_policy(tx)?;
        Ok(Changeset {
            tx,
            before,
            actor: actor.to_string(),
            now,
            policy,
            columns: Vec::new(),
            events: Vec::new(),
            minutes: minutes.filter(|m| *m > 0),
            deciding: false,
        })
    }

    pub fn set(&mut self, column: &'static str, value: impl Into<Value>) {
        self.columns.push((column, value.into()));
    }

    pub fn event(&mut self, kind: EventKind, old: Option<String>, new: Option<String>, body: Option<String>) {
        self.events.push(PendingEvent { kind, old, new, body });
    }

    pub fn tx(&self) -> &Conn<'t> {
        self.tx
    }

    /// This change decides the approval the request waits on.
    pub fn deciding(&mut self) {
        self.deciding = true;
    }

    /// Moves the status, keeping the resolved time in step. A reopen
    /// clears the resolution so the request counts as open work again.
    pub fn move_status(&mut self, to: Status, reason: Option<String>) -> StoreResult<()> {
        self.before.status.check_move(to)?;
        // A request that waits on an approval moves on by its decision.
        if self.before.status == Status::Waiting && to != Status::Waiting && !self.deciding {
            if let Some(a) = super::approval::approval_of(self.tx, self.before.id)?
                .filter(crate::domain::approval::Approval::is_pending)
            {
                return Err(DomainError::Rule(format!(
                    "request {} waits on {}'s approval; it moves on when they or a lead decide (frontdesk approve {} / reject {} --reason TEXT)",
                    self.before.id, a.approver, self.before.id, self.before.id
                ))
                .into());
            }
        }
        // Reports, answers and the requester's callback are built from
        // what was done: a request is never resolved without saying it.
        if to == Status::Resolved {
            let items = super::checklist::checklist_of(self.tx, self.before.id)?;
            if let Some(why) = crate::domain::template::open_items_refusal(self.before.id, &items) {
                return Err(DomainError::Rule(why).into());
            }
        }
        if to == Status::Resolved && reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            return Err(DomainError::Rule(format!(
                "resolving request {} needs a resolution: say what was done (--resolution TEXT; in the app, the resolve dialog's text)",
                self.before.id
            ))
            .into());
        }
        for (column, value) in clock_on_move(&self.policy, &self.before, to, self.now) {
            self.set(column, value);
        }
        match to {
            Status::Resolved => {
                self.set("resolved_at", self.now);
                // Call the requester back for their rating a business day later.
                let owner: Option<i64> = self.tx.query_row(
                    "SELECT assignee_id FROM requests WHERE id = ?1",
                    [self.before.id],
                    |r| r.get(0),
                )?;
                self.schedule_follow_up(FollowUpKind::Rating, owner);
            }
            Status::Open if self.before.status.is_done() => {
                self.set("resolved_at", Value::Null);
                self.clear_follow_up(false);
            }
            Status::Closed => self.clear_follow_up(false),
            _ => {}
        }
        self.set("status", to.as_str().to_string());
        self.event(
            EventKind::Status,
            Some(self.before.status.to_string()),
            Some(to.to_string()),
            reason,
        );
        Ok(())
    }

    /// A call back one business day from now.
    pub fn schedule_follow_up(&mut self, kind: FollowUpKind, owner: Option<i64>) {
        let cal = &self.policy.calendar;
        let at = cal.add(self.now, cal.workday_seconds());
        self.set("follow_up_at", at);
        self.set("follow_up_kind", kind.as_str().to_string());
        self.set("follow_up_owner_id", owner);
    }

    /// Drops the pending call back; a service-recovery one only when it is
    /// done (`recovery_too`), never as a side effect of closing.
    pub fn clear_follow_up(&mut self, recovery_too: bool) {
        let is_recovery = self.before.follow_up_kind == Some(FollowUpKind::Recovery);
        if self.before.follow_up_at.is_some() && (recovery_too || !is_recovery) {
            self.set("follow_up_at", Value::Null);
            self.set("follow_up_kind", Value::Null);
            self.set("follow_up_owner_id", Value::Null);
        }
    }

    /// The one way past the status rules: a duplicate or a mistake is
    /// closed from wherever it stands, and the event says so.
    pub fn close_without_resolution(&mut self, reason: String) {
        if self.before.status == Status::Waiting {
            self.set("waiting_since", Value::Null);
        }
        self.set("status", Status::Closed.as_str().to_string());
        self.event(
            EventKind::Status,
            Some(self.before.status.to_string()),
            Some(Status::Closed.to_string()),
            Some(reason),
        );
    }

    /// Writes the columns and events; the version moves by exactly one.
    /// A request that entered a team with no owner is then given one
    /// when the team assigns automatically (a change of its own).
    pub fn commit(self) -> StoreResult<Request> {
        let (tx, before, now) = (self.tx, self.before.clone(), self.now);
        let after = self.commit_without_turn()?;
        if after.team.is_some() && after.team != before.team {
            if let Some(assigned) = super::turns::assign_by_turn(tx, &after, now)? {
                return Ok(assigned);
            }
        }
        Ok(after)
    }

    /// `commit`, leaving the owner as it is.
    pub fn commit_without_turn(mut self) -> StoreResult<Request> {
        if self.events.is_empty() {
            return Err(StoreError::NothingToChange(self.before.id));
        }
        if let Some(minutes) = self.minutes {
            self.event(EventKind::Time, None, Some(minutes.to_string()), None);
        }
        let mut first_response = self.before.first_response_at;
        for PendingEvent { kind, old, new, body } in &self.events {
            record(
                self.tx,
                NewEvent {
                    request_id: self.before.id,
                    at: self.now,
                    actor: &self.actor,
                    kind: kind.as_str(),
                    old_value: old.as_deref(),
                    new_value: new.as_deref(),
                    body: body.as_deref(),
                },
            )?;
            first_response = first_response_after(first_response, *kind, self.now);
        }
        // The KPI counters follow from the events themselves.
        let raised = self.events.iter().any(|e| {
            e.kind == EventKind::Escalation && escalation_raised(e.old.as_deref(), e.new.as_deref())
        });
        let reopens = self
            .events
            .iter()
            .filter(|e| {
                e.kind == EventKind::Status
                    && e.new.as_deref() == Some("open")
                    && matches!(e.old.as_deref(), Some("resolved" | "closed"))
            })
            .count() as i64;
        let mut sql = String::from(
            "UPDATE requests SET version = version + 1, updated_at = ?1, first_response_at = ?2,
             escalated_ever = (escalated_ever OR ?3), reopen_count = reopen_count + ?4",
        );
        let mut values: Vec<Value> = vec![
            self.now.into(),
            first_response.into(),
            i64::from(raised).into(),
            reopens.into(),
        ];
        for (column, value) in self.columns {
            values.push(value);
            sql.push_str(&format!(", {column} = ?{}", values.len()));
        }
        values.push(self.before.id.into());
        values.push(self.before.version.into());
        sql.push_str(&format!(
            " WHERE id = ?{} AND version = ?{}",
            values.len() - 1,
            values.len()
        ));
        let changed = self.tx.execute(&sql, values)?;
        if changed == 0 {
            return Err(StoreError::Invalid(format!(
                "request {} changed while it was being written",
                self.before.id
            )));
        }
        refresh_clock(self.tx, &self.policy, self.before.id)?;
        let after = load(self.tx, self.before.id)?;
        let news: Vec<News<'_>> = self
            .events
            .iter()
            .map(|e| News {
                kind: e.kind,
                old: e.old.as_deref(),
                new: e.new.as_deref(),
                body: e.body.as_deref(),
            })
            .collect();
        deliver(self.tx, &after, &self.actor, &news, self.now)?;
        Ok(after)
    }
}
