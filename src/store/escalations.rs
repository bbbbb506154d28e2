//! The team lead's queue: escalated open requests, and what leads do with
//! them (acknowledge, de-escalate).

use crate::domain::decide::{refusal, Act};
use crate::domain::ids::RequestId;
use crate::store::sql::OptionalExtension;
use rusqlite::params;
use serde::Serialize;

use super::error::StoreResult;
use super::history::{record, NewEvent};
use super::kernel::Stamp;
use super::rows::{self, EVENT_COLUMNS, REQUEST_COLUMNS, REQUEST_FROM};
use super::Store;
use crate::domain::request::required_text;
use crate::domain::{DomainError, Event, EventKind, Request, Role};

/// One line of the escalations view.
#[derive(Debug, Clone, Serialize)]
pub struct Escalation {
    #[serde(flatten)]
    pub request: Request,
    /// Why it was last raised.
    pub reason: Option<String>,
    #[serde(with = "crate::domain::time::rfc3339_opt")]
    pub escalated_at: Option<i64>,
    pub escalated_by: Option<String>,
    /// The lead who acknowledged it since it was last raised.
    pub acknowledged_by: Option<String>,
    pub last_event: Option<Event>,
}

impl Store {
    /// Escalated open requests: highest level first, key customers first
    /// among equals, then the most pressing due time.
    /// At most `limit` of them: the lead works from the top.
    pub fn escalations(&self, limit: usize) -> StoreResult<Vec<Escalation>> {
        let mut stmt = self.db().prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id IN
             (SELECT id FROM requests WHERE escalation_level > 0 AND status IN ('new', 'open', 'waiting')
              ORDER BY escalation_level DESC, key_customer DESC, due_at, id LIMIT ?1)
             ORDER BY r.escalation_level DESC, r.key_customer DESC, r.due_at, r.id"
        ))?;
        let requests = stmt
            .query_map([limit as i64], rows::request)?
            .collect::<Result<Vec<_>, _>>()?;
        let mut raised = self.db().prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE request_id = ?1 AND kind = 'escalation'
             AND CAST(new_value AS INTEGER) > CAST(old_value AS INTEGER) ORDER BY id DESC LIMIT 1"
        ))?;
        let mut acked = self.db().prepare_cached(
            "SELECT actor FROM events WHERE request_id = ?1 AND kind = 'acknowledged' AND id > ?2 ORDER BY id DESC LIMIT 1",
        )?;
        let mut last = self.db().prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM events WHERE request_id = ?1 ORDER BY id DESC LIMIT 1"
        ))?;
        let mut out = Vec::with_capacity(requests.len());
        for request in requests {
            let raise: Option<Event> = raised.query_row([request.id], rows::event).optional()?;
            let acknowledged_by: Option<String> = acked
                .query_row(params![request.id, raise.as_ref().map_or(0, |e| e.id)], |r| {
                    r.get(0)
                })
                .optional()?;
            let last_event = last.query_row([request.id], rows::event).optional()?;
            out.push(Escalation {
                reason: raise.as_ref().and_then(|e| e.body.clone()),
                escalated_at: raise.as_ref().map(|e| e.at),
                escalated_by: raise.map(|e| e.actor),
                acknowledged_by,
                last_event,
                request,
            });
        }
        Ok(out)
    }

    /// A lead takes note of an escalation (the lead's queue shows it as
    /// acknowledged). Only leads may, as the README and help say.
    pub(crate) fn acknowledge(&mut self, id: RequestId, stamp: Stamp<'_>) -> StoreResult<Request> {
        let actor = stamp.actor;
        let role = self.person(actor)?.map(|p| p.role);
        self.change(id, stamp, |cs| {
            if let Some(why) = refusal(Act::Acknowledge, &cs.before, role) {
                let who = if role == Some(Role::Lead) {
                    String::new()
                } else {
                    format!("; {actor} is not a lead")
                };
                return Err(DomainError::Rule(format!("{why}{who}")).into());
            }
            cs.event(
                EventKind::Acknowledged,
                None,
                Some(cs.before.escalation_level.to_string()),
                None,
            );
            Ok(())
        })
    }

    /// Lowers the escalation level by one. Only leads may; a refusal is
    /// recorded in the history too.
    pub(crate) fn de_escalate(
        &mut self,
        id: RequestId,
        reason: &str,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let Stamp { actor, now, .. } = stamp;
        let role = self.person(actor)?.map(|p| p.role);
        if role != Some(Role::Lead) {
            // Asked without a reason (a key in the app), it is recorded too.
            let reason = Some(reason.trim())
                .filter(|r| !r.is_empty())
                .unwrap_or("none given");
            // The refusal is history too: recorded in its own transaction,
            // and it does not count as a change to the request.
            self.write(|tx| {
                super::kernel::load(tx, id)?;
                record(
                    tx,
                    NewEvent {
                        request_id: id,
                        at: now,
                        actor,
                        kind: "refused",
                        old_value: None,
                        new_value: Some("de-escalate"),
                        body: Some(&format!("not a lead; asked with reason: {reason}")),
                    },
                )?;
                Ok(())
            })?;
            return Err(DomainError::Rule(format!(
                "only a team lead can de-escalate; {actor} is not a lead (the attempt was recorded)"
            ))
            .into());
        }
        let reason = required_text("reason", reason)?;
        self.change(id, stamp, |cs| {
            let level = cs.before.escalation_level;
            if let Some(why) = refusal(Act::DeEscalate, &cs.before, role) {
                return Err(DomainError::Rule(why).into());
            }
            cs.set("escalation_level", level - 1);
            cs.event(
                EventKind::Escalation,
                Some(level.to_string()),
                Some((level - 1).to_string()),
                Some(reason.clone()),
            );
            Ok(())
        })
    }
}
