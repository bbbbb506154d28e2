//! Changing a request's checklist: each change an event in its history
//! ("checklist": the item's number and text, what it became, and why).

use rusqlite::params;

use super::error::StoreResult;
use super::kernel::{acting_name, add_item, checklist_of, Stamp};
use super::Store;
use crate::domain::ids::RequestId;
use crate::domain::template::{item_text, ChecklistChange, ItemState};
use crate::domain::{DomainError, EventKind, Request};

impl Store {
    pub(crate) fn change_checklist(
        &mut self,
        id: RequestId,
        change: &ChecklistChange,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let actor = acting_name(stamp.actor)?;
        if let ChecklistChange::Add(text) = change {
            item_text(text)?;
        }
        if let ChecklistChange::Skip { reason, .. } = change {
            if reason.trim().is_empty() {
                return Err(DomainError::Rule(
                    "skipping a checklist item needs a reason (--reason TEXT)".into(),
                )
                .into());
            }
        }
        let changed = self.change(id, stamp, |cs| {
            let items = checklist_of(cs.tx(), id)?;
            let item = |n: i64| {
                items
                    .iter()
                    .find(|i| i.number == n && i.state != ItemState::Removed)
                    .ok_or_else(|| {
                        DomainError::Rule(format!(
                            "request {id} has no checklist item {n} (`frontdesk checklist {id}` lists them)"
                        ))
                    })
            };
            let (number, text, old, new, reason) = match change {
                ChecklistChange::Add(text) => {
                    let text = item_text(text)?;
                    let n = add_item(cs.tx(), id, &text)?;
                    (n, text, None, ItemState::Open, None)
                }
                ChecklistChange::Remove(n)
                | ChecklistChange::Check(n)
                | ChecklistChange::Uncheck(n)
                | ChecklistChange::Skip { number: n, .. } => {
                    let i = item(*n)?;
                    let (to, reason) = match change {
                        ChecklistChange::Remove(_) => (ItemState::Removed, None),
                        ChecklistChange::Check(_) => (ItemState::Done, None),
                        ChecklistChange::Uncheck(_) => (ItemState::Open, None),
                        ChecklistChange::Skip { reason, .. } => {
                            (ItemState::Skipped, Some(reason.trim().to_string()))
                        }
                        ChecklistChange::Add(_) => unreachable!("added above"),
                    };
                    if i.state == to {
                        return Err(
                            DomainError::Rule(format!("item {n} of request {id} is already {to}")).into(),
                        );
                    }
                    let done = to != ItemState::Open;
                    cs.tx().execute(
                        "UPDATE checklist_items SET state = ?3, done_by = ?4, done_at = ?5, reason = ?6
                         WHERE request_id = ?1 AND number = ?2",
                        params![
                            id,
                            n,
                            to.as_str(),
                            done.then_some(actor.as_str()),
                            done.then_some(stamp.now),
                            reason
                        ],
                    )?;
                    (*n, i.text.clone(), Some(i.state), to, reason)
                }
            };
            cs.event(
                EventKind::Checklist,
                old.map(|s| s.as_str().to_string()),
                Some(format!("{new} {number}: {text}")),
                reason,
            );
            Ok(())
        })?;
        // With its checklist as it now stands.
        Ok(Request {
            checklist: checklist_of(&self.db(), id)?,
            ..changed
        })
    }
}
