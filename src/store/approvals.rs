//! Asking a lead to approve what a request asks for, and their decision.
//! The request waits meanwhile (its clock paused, as on any wait), and
//! only the decision moves it on.

use rusqlite::params;

use super::error::StoreResult;
use super::kernel::{acting_name, approval_of, staff_id, Stamp};
use super::rows::label;
use super::Store;
use crate::domain::approval::{refusal_to_ask, refusal_to_decide, ApprovalState};
use crate::domain::command::given;
use crate::domain::ids::RequestId;
use crate::domain::request::required_text;
use crate::domain::{DomainError, EventKind, Request, Role, Status};
use crate::store::sql::{Conn, OptionalExtension};

/// A person's name as recorded, and their role.
fn who(tx: &Conn, id: i64) -> StoreResult<(String, Role)> {
    tx.query_row("SELECT name, role FROM people WHERE id = ?1", [id], |r| {
        Ok((r.get(0)?, label(r, 1)?))
    })
}

impl Store {
    /// Asks `approver` (a lead) to approve request `id`, for `reason`.
    pub(crate) fn ask_approval(
        &mut self,
        id: RequestId,
        approver: &str,
        reason: &str,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let reason = required_text("reason", reason)?;
        let asker = acting_name(stamp.actor)?;
        self.change(id, stamp, |cs| {
            let mut before = cs.before.clone();
            before.approval = approval_of(cs.tx(), id)?;
            let approver_id = staff_id(cs.tx(), approver)?;
            let (name, role) = who(cs.tx(), approver_id)?;
            if let Some(why) = refusal_to_ask(&before, &name, Some(role)) {
                return Err(DomainError::Rule(why).into());
            }
            cs.tx().execute(
                "INSERT INTO approvals (request_id, approver_id, reason, asked_by, asked_at, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'pending')",
                params![id, approver_id, reason, asker, stamp.now],
            )?;
            cs.event(
                EventKind::Approval,
                Some(name.clone()),
                Some("pending".into()),
                Some(reason.clone()),
            );
            if before.status != Status::Waiting {
                cs.move_status(Status::Waiting, Some(format!("awaiting approval by {name}")))?;
            }
            Ok(())
        })
    }

    /// The approver's (or a lead's) decision on the approval request `id`
    /// waits on: it is open again either way. A rejection needs a reason.
    pub(crate) fn decide_approval(
        &mut self,
        id: RequestId,
        approve: bool,
        note: &str,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let note = given(note).map(str::trim).map(String::from);
        if !approve && note.is_none() {
            return Err(DomainError::Rule(format!(
                "rejecting request {id} needs a reason: say why (--reason TEXT)"
            ))
            .into());
        }
        let actor = acting_name(stamp.actor)?;
        self.change(id, stamp, |cs| {
            let mut before = cs.before.clone();
            before.approval = approval_of(cs.tx(), id)?;
            let role: Option<Role> = cs
                .tx()
                .query_row("SELECT role FROM people WHERE name = ?1", [&actor], |r| {
                    label(r, 0)
                })
                .optional()?;
            if let Some(why) = refusal_to_decide(&before, &actor, role) {
                return Err(DomainError::Rule(why).into());
            }
            let approver = before.approval.as_ref().map(|a| a.approver.clone());
            let state = if approve {
                ApprovalState::Approved
            } else {
                ApprovalState::Rejected
            };
            cs.tx().execute(
                "UPDATE approvals SET state = ?2, decided_by = ?3, decided_at = ?4, note = ?5
                 WHERE request_id = ?1 AND state = 'pending'",
                params![id, state.as_str(), actor, stamp.now, note],
            )?;
            cs.event(
                EventKind::Approval,
                approver,
                Some(state.as_str().into()),
                note.clone(),
            );
            if before.status == Status::Waiting {
                cs.deciding();
                let why = match (&note, approve) {
                    (_, true) => format!("approved by {actor}"),
                    (Some(n), false) => format!("rejected by {actor}: {n}"),
                    (None, false) => format!("rejected by {actor}"),
                };
                cs.move_status(Status::Open, Some(why))?;
            }
            Ok(())
        })
    }
}
