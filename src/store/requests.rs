//! Creating, reading and changing requests. Every change goes through
//! `Changeset`, which checks the version, appends the events and bumps the
//! version in the same transaction.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension, Transaction};

use super::error::{StoreError, StoreResult};
use super::history::{record, NewEvent};
use super::people::{ensure_requester, ensure_staff, staff_id};
use super::rows::{self, EVENT_COLUMNS, REQUEST_COLUMNS, REQUEST_FROM};
use super::sla::{clock_on_move, load_policy, refresh_clock};
use super::Store;
pub use crate::domain::command::RequestChange;
use crate::domain::event::first_response_after;
use crate::domain::request::{check_length, optional_text, required_text};
use crate::domain::sla::SlaPolicy;
use crate::domain::time::local_short;
use crate::domain::FollowUpKind;
use crate::domain::{priority_for, DomainError, Event, EventKind, NewRequest, Request, Status};

pub(super) fn load(tx: &Transaction, id: i64) -> StoreResult<Request> {
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
    pub expected: Option<i64>,
    pub now: i64,
}

impl<'a> Stamp<'a> {
    pub fn new(actor: &'a str, expected: Option<i64>, now: i64) -> Self {
        Stamp { actor, expected, now }
    }
}

/// One change to one request, built up inside a write transaction.
pub(super) struct Changeset<'t> {
    tx: &'t Transaction<'t>,
    pub before: Request,
    actor: String,
    now: i64,
    policy: SlaPolicy,
    columns: Vec<(&'static str, Value)>,
    events: Vec<PendingEvent>,
}

impl<'t> Changeset<'t> {
    /// Loads the request and refuses if someone else wrote since
    /// `expected_version` was read.
    pub fn begin(tx: &'t Transaction<'t>, id: i64, stamp: Stamp<'_>) -> StoreResult<Changeset<'t>> {
        let Stamp { actor, expected, now } = stamp;
        ensure_staff(tx, actor, now)?;
        let before = load(tx, id)?;
        if let Some(expected) = expected {
            if expected != before.version {
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
        })
    }

    pub fn set(&mut self, column: &'static str, value: impl Into<Value>) {
        self.columns.push((column, value.into()));
    }

    pub fn event(&mut self, kind: EventKind, old: Option<String>, new: Option<String>, body: Option<String>) {
        self.events.push(PendingEvent { kind, old, new, body });
    }

    pub fn tx(&self) -> &Transaction<'t> {
        self.tx
    }

    /// Moves the status, keeping the resolved time in step. A reopen
    /// clears the resolution so the request counts as open work again.
    pub fn move_status(&mut self, to: Status, reason: Option<String>) -> StoreResult<()> {
        self.before.status.check_move(to)?;
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
    pub fn commit(self) -> StoreResult<Request> {
        if self.events.is_empty() {
            return Err(StoreError::Invalid(format!(
                "nothing to change: request {} already has those values",
                self.before.id
            )));
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
            e.kind == EventKind::Escalation
                && e.old.as_deref().and_then(|o| o.parse::<i64>().ok())
                    < e.new.as_deref().and_then(|n| n.parse::<i64>().ok())
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
             escalated_ever = max(escalated_ever, ?3), reopen_count = reopen_count + ?4",
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
        let changed = self.tx.execute(&sql, rusqlite::params_from_iter(values))?;
        if changed == 0 {
            return Err(StoreError::Invalid(format!(
                "request {} changed while it was being written",
                self.before.id
            )));
        }
        refresh_clock(self.tx, &self.policy, self.before.id)?;
        load(self.tx, self.before.id)
    }
}

impl Store {
    /// One change to one request as one write: `f` adds columns and events
    /// to the changeset, which checks the version and commits.
    pub(super) fn change(
        &mut self,
        id: i64,
        stamp: Stamp<'_>,
        mut f: impl FnMut(&mut Changeset) -> StoreResult<()>,
    ) -> StoreResult<Request> {
        self.write(|tx| {
            let mut cs = Changeset::begin(tx, id, stamp)?;
            f(&mut cs)?;
            cs.commit()
        })
    }

    /// Records a new request and its `created` event; returns its id.
    pub fn create_request(&mut self, actor: &str, new: NewRequest, now: i64) -> StoreResult<i64> {
        let new = new.validated()?;
        self.write(|tx| {
            ensure_staff(tx, actor, now)?;
            let requester_id = ensure_requester(
                tx,
                &new.requester,
                new.department.as_deref(),
                new.contact.as_deref(),
                new.key_customer,
            )?;
            // The person's record fills in what the caller did not say.
            let (department, contact, key): (Option<String>, Option<String>, bool) = tx.query_row(
                "SELECT department, contact, key_customer FROM people WHERE id = ?1",
                [requester_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            let department = new.department.clone().or(department);
            let contact = new.contact.clone().or(contact);
            let priority = priority_for(new.urgency, new.impact, key);
            tx.prepare_cached(
                "INSERT INTO requests (subject, body, requester_id, department, contact, channel, kind, category,
                 urgency, impact, key_customer, priority, status, created_at, reply_by, updated_at, version, clock_started_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'new', ?13, ?14, ?13, 1, ?13)",
            )?
            .execute(params![
                new.subject,
                new.body,
                requester_id,
                department,
                contact,
                new.channel.as_str(),
                new.kind.as_str(),
                new.category,
                new.urgency.as_str(),
                new.impact.as_str(),
                key,
                priority.as_str(),
                now,
                new.reply_by,
            ])?;
            let id = tx.last_insert_rowid();
            record(
                tx,
                NewEvent {
                    request_id: id,
                    at: now,
                    actor,
                    kind: "created",
                    old_value: None,
                    new_value: Some(priority.as_str()),
                    body: None,
                },
            )?;
            refresh_clock(tx, &load_policy(tx)?, id)?;
            Ok(id)
        })
    }

    pub fn request(&self, id: i64) -> StoreResult<Request> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id = ?1"
            ))?
            .query_row([id], rows::request)
            .optional()?
            .ok_or(StoreError::NotFound(id))
    }

    /// The whole history of a request, oldest first.
    pub fn events(&self, id: i64) -> StoreResult<Vec<Event>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE request_id = ?1 ORDER BY id"
        ))?;
        let events = stmt
            .query_map([id], rows::event)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(events)
    }

    /// Applies field changes as one write; refuses with a conflict when
    /// `expected_version` is stale.
    pub fn update_request(
        &mut self,
        id: i64,
        change: &RequestChange,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let team = change
            .team
            .as_ref()
            .map(|t| optional_text("team", t.as_deref()))
            .transpose()?;
        let category = change
            .category
            .as_ref()
            .map(|c| optional_text("category", c.as_deref()))
            .transpose()?;
        let subject = change
            .subject
            .as_deref()
            .map(|s| required_text("subject", s))
            .transpose()?;
        if let Some(body) = &change.body {
            check_length("body", body)?;
        }
        let contact = change
            .contact
            .as_ref()
            .map(|c| optional_text("contact", c.as_deref()))
            .transpose()?;
        self.change(id, stamp, |cs| {
            let before = cs.before.clone();
            if let Some(assignee) = &change.assignee {
                let assignee_id = assignee
                    .as_deref()
                    .map(|name| staff_id(cs.tx(), name))
                    .transpose()?;
                let new_name: Option<String> = match assignee_id {
                    Some(aid) => Some(cs.tx().query_row(
                        "SELECT name FROM people WHERE id = ?1",
                        [aid],
                        |r| r.get(0),
                    )?),
                    None => None,
                };
                if new_name != before.assignee {
                    cs.set("assignee_id", assignee_id);
                    cs.event(EventKind::Assignee, before.assignee.clone(), new_name, None);
                    // Taking a new request starts the work on it.
                    if before.status == Status::New && assignee_id.is_some() && change.status.is_none() {
                        cs.move_status(Status::Open, None)?;
                    }
                }
            }
            let urgency = change.urgency.unwrap_or(before.urgency);
            let impact = change.impact.unwrap_or(before.impact);
            if urgency != before.urgency {
                cs.set("urgency", urgency.as_str().to_string());
                cs.event(
                    EventKind::Urgency,
                    Some(before.urgency.to_string()),
                    Some(urgency.to_string()),
                    None,
                );
            }
            if impact != before.impact {
                cs.set("impact", impact.as_str().to_string());
                cs.event(
                    EventKind::Impact,
                    Some(before.impact.to_string()),
                    Some(impact.to_string()),
                    None,
                );
            }
            let priority = priority_for(urgency, impact, before.key_customer);
            if priority != before.priority {
                cs.set("priority", priority.as_str().to_string());
                cs.event(
                    EventKind::Priority,
                    Some(before.priority.to_string()),
                    Some(priority.to_string()),
                    None,
                );
            }
            if let Some(team) = team.clone() {
                if team != before.team {
                    cs.set("team", team.clone());
                    cs.event(EventKind::Team, before.team.clone(), team, change.reason.clone());
                }
            }
            if let Some(category) = category.clone() {
                if category != before.category {
                    cs.set("category", category.clone());
                    cs.event(EventKind::Category, before.category.clone(), category, None);
                }
            }
            if let Some(subject) = subject.clone() {
                if subject != before.subject {
                    cs.set("subject", subject.clone());
                    cs.event(
                        EventKind::Subject,
                        Some(before.subject.clone()),
                        Some(subject),
                        None,
                    );
                }
            }
            if let Some(body) = change.body.clone() {
                if body != before.body {
                    cs.set("body", body.clone());
                    cs.event(
                        EventKind::Description,
                        Some(before.body.clone()),
                        Some(body),
                        None,
                    );
                }
            }
            if let Some(contact) = contact.clone() {
                if contact != before.contact {
                    cs.set("contact", contact.clone());
                    cs.event(EventKind::Contact, before.contact.clone(), contact, None);
                }
            }
            if let Some(reply_by) = change.reply_by {
                if reply_by != before.reply_by {
                    cs.set("reply_by", reply_by);
                    let shown = |t: Option<i64>| t.map(crate::domain::time::rfc3339);
                    cs.event(EventKind::ReplyBy, shown(before.reply_by), shown(reply_by), None);
                }
            }
            if let Some(status) = change.status {
                if status == before.status {
                    return Err(DomainError::Rule(format!("request {id} is already {status}")).into());
                }
                cs.move_status(status, change.reason.clone())?;
            }
            Ok(())
        })
    }
}
