//! Creating, reading and changing requests. Every change goes through the
//! kernel's `Changeset`, which checks the version, appends the events and
//! bumps the version in the same transaction.

use std::collections::HashMap;

use crate::domain::ids::RequestId;
use crate::store::sql::{Conn, OptionalExtension};
use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::history::{record, NewEvent};
use super::kernel::{
    add_item, approval_of, assign_new, checklist_of, ensure_requester, ensure_staff, load_policy,
    refresh_clock, staff_id, Changeset, Stamp,
};
use super::rows::{self, EVENT_COLUMNS, REQUEST_COLUMNS, REQUEST_FROM};
use super::Store;
use crate::domain::attachment::Attachment;
pub use crate::domain::command::RequestChange;
use crate::domain::request::{check_length, contact_for, optional_text, required_text};
use crate::domain::{priority_for, DomainError, Event, EventKind, NewRequest, Request, Status};

impl Store {
    /// One change to one request as one write: `f` adds columns and events
    /// to the changeset, which checks the version and commits.
    pub(super) fn change(
        &mut self,
        id: RequestId,
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
    pub(crate) fn create_request(
        &mut self,
        actor: &str,
        new: NewRequest,
        now: i64,
    ) -> StoreResult<RequestId> {
        let new = new.validated()?;
        self.write(|tx| {
            ensure_staff(tx, actor, now)?;
            insert_request(tx, actor, &new, now)
        })
    }

    pub fn request(&self, id: RequestId) -> StoreResult<Request> {
        let request = self
            .db()
            .prepare_keyed(&format!(
                "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id = ?1"
            ))?
            .query_row([id], rows::request)
            .optional()?
            .ok_or(StoreError::NotFound(id))?;
        let mut request = super::tags::with_details(&self.db(), vec![request])?.remove(0);
        request.approval = approval_of(&self.db(), id)?;
        request.watchers = self.watchers(id)?;
        request.checklist = checklist_of(&self.db(), id)?;
        request.fields = super::custom_fields::values_of(&self.db(), id)?;
        Ok(request)
    }

    /// The whole history of a request, oldest first.
    pub fn events(&self, id: RequestId) -> StoreResult<Vec<Event>> {
        let attachments = super::mail::attachments_of(&self.db(), &[id])?
            .remove(&id)
            .unwrap_or_default();
        self.history_with(id, attachments)
    }

    /// A request and its whole history, as `show` and the detail pane
    /// need them: the attachments read once for both (on a server each
    /// query is a round trip a command pays for).
    pub fn request_and_history(&self, id: RequestId) -> StoreResult<(Request, Vec<Event>)> {
        let request = self.request(id)?;
        let events = self.history_with(id, request.attachments.clone())?;
        Ok((request, events))
    }

    /// The history of request `id`, each event with the `attachments`
    /// (the request's) that came with it.
    pub(super) fn history_with(
        &self,
        id: RequestId,
        attachments: Vec<Attachment>,
    ) -> StoreResult<Vec<Event>> {
        let mut stmt = self.db().prepare_keyed(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE request_id = ?1 ORDER BY id"
        ))?;
        let mut events = stmt
            .query_map([id], rows::event)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut by_event: HashMap<i64, Vec<Attachment>> = HashMap::new();
        for a in attachments {
            by_event.entry(a.event_id).or_default().push(a);
        }
        for e in &mut events {
            e.attachments = by_event.remove(&e.id).unwrap_or_default();
        }
        Ok(events)
    }

    /// Applies field changes as one write; refuses with a conflict when
    /// `expected_version` is stale.
    pub(crate) fn update_request(
        &mut self,
        id: RequestId,
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
                let contact = contact_for(before.channel, contact.as_deref())?;
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
            super::custom_fields::change_values(cs, &change.fields)?;
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

/// Writes a validated new request and its `created` event, and gives it
/// an owner when its team assigns automatically; returns its id. The
/// requester is found or recorded.
pub(super) fn insert_request(tx: &Conn, actor: &str, new: &NewRequest, now: i64) -> StoreResult<RequestId> {
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
         urgency, impact, key_customer, priority, status, created_at, reply_by, updated_at, version, clock_started_at, team)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'new', ?13, ?14, ?13, 1, ?13, ?15)",
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
        new.team,
    ])?;
    let id = RequestId(tx.last_insert_rowid()?);
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
    for item in &new.checklist {
        add_item(tx, id, item)?;
    }
    if !new.fields.is_empty() {
        let fields = super::custom_fields::fields_in(tx)?;
        super::custom_fields::keep_new_values(tx, &fields, id, &new.fields)?;
    }
    refresh_clock(tx, &load_policy(tx)?, id)?;
    if new.team.is_some() {
        assign_new(tx, id, now)?;
    }
    Ok(id)
}
