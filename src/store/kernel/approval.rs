//! The approval a request waits on, as every write that moves its status
//! must know (only a decision moves it on while one is pending).

use crate::domain::approval::Approval;
use crate::domain::ids::RequestId;
use crate::store::error::StoreResult;
use crate::store::rows::label;
use crate::store::sql::{Conn, OptionalExtension};

/// The latest approval asked for request `id`.
pub(crate) fn approval_of(tx: &Conn, id: RequestId) -> StoreResult<Option<Approval>> {
    tx.prepare_keyed(
        "SELECT a.state, p.name, a.reason, a.asked_by, a.asked_at, a.decided_by, a.decided_at, a.note
         FROM approvals a JOIN people p ON p.id = a.approver_id
         WHERE a.request_id = ?1 ORDER BY a.id DESC LIMIT 1",
    )?
    .query_row([id], |r| {
        Ok(Approval {
            state: label(r, 0)?,
            approver: r.get(1)?,
            reason: r.get(2)?,
            asked_by: r.get(3)?,
            asked_at: r.get(4)?,
            decided_by: r.get(5)?,
            decided_at: r.get(6)?,
            note: r.get(7)?,
        })
    })
    .optional()
}
