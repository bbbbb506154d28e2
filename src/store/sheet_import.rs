//! The team's old spreadsheet taken in, all rows or none: each row a
//! request with its own dates, status and owner, its history saying where
//! it came from — and, since its time has passed, no escalation for
//! targets it missed before it was here, and no follow-up call.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{ensure_staff, Changeset, Stamp};
use super::requests::insert_request;
use super::Store;
use crate::domain::ids::RequestId;
use crate::domain::sheet::SheetRow;
use crate::domain::{EventKind, Status};

impl Store {
    /// Records `rows` of `file` as `actor`, in one transaction: the
    /// requests made, in row order. A row that breaks a rule (an owner
    /// who is not staff) refuses the whole file, naming the row.
    pub fn import_sheet(
        &mut self,
        rows: &[SheetRow],
        file: &str,
        actor: &str,
        now: i64,
    ) -> StoreResult<Vec<RequestId>> {
        self.write(|tx| {
            ensure_staff(tx, actor, now)?;
            let mut made = Vec::new();
            for row in rows {
                let from = format!("imported from {file}, row {}", row.row);
                let at = row.created_at.unwrap_or(now);
                let id = insert_request(tx, actor, &row.new, at)?;
                let mut cs = Changeset::begin(tx, id, Stamp::new(actor, None, at))?;
                cs.event(EventKind::Note, None, None, Some(from.clone()));
                if let Some(name) = &row.assignee {
                    let owner = super::kernel::staff_id(cs.tx(), name).map_err(|_| {
                        StoreError::Invalid(format!(
                            "row {}: no member of staff is called '{name}'; add them first (`frontdesk people add \"{name}\" --role agent`) — nothing was imported",
                            row.row
                        ))
                    })?;
                    cs.set("assignee_id", owner);
                    cs.event(EventKind::Assignee, None, Some(name.clone()), None);
                }
                if let Some(t) = &row.number_tag {
                    cs.tx()
                        .prepare_cached("INSERT INTO request_tags (request_id, tag) VALUES (?1, ?2)")?
                        .execute(params![id, t])?;
                    cs.event(EventKind::Tags, None, Some(t.clone()), None);
                }
                match row.status {
                    Status::New => {}
                    Status::Closed => cs.close_without_resolution(from.clone()),
                    s => cs.move_status(s, Some(from.clone()))?,
                }
                let r = cs.commit_without_turn()?;
                // Its time has passed: no escalation for what it missed
                // before it came, no call back, its own resolution time.
                let resolved = matches!(row.status, Status::Resolved | Status::Closed)
                    .then(|| row.resolved_at.unwrap_or(at));
                tx.execute(
                    "UPDATE requests SET next_breach_at = NULL, breaches_escalated = 3, follow_up_at = NULL,
                     follow_up_kind = NULL, follow_up_owner_id = NULL, resolved_at = coalesce(?2, resolved_at)
                     WHERE id = ?1",
                    params![r.id, resolved],
                )?;
                made.push(r.id);
            }
            Ok(made)
        })
    }
}
