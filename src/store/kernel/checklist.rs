//! A request's checklist as every write that resolves it must know (an
//! open item stops it), and the items a new request starts with.

use rusqlite::params;

use crate::domain::ids::RequestId;
use crate::domain::template::{ChecklistItem, ItemState};
use crate::store::error::StoreResult;
use crate::store::rows::label;
use crate::store::sql::Conn;

/// Request `id`'s checklist, removed items included, by number.
pub(crate) fn checklist_of(tx: &Conn, id: RequestId) -> StoreResult<Vec<ChecklistItem>> {
    tx.prepare_keyed(
        "SELECT number, text, state, done_by, done_at, reason FROM checklist_items
         WHERE request_id = ?1 ORDER BY number",
    )?
    .query_map([id], |r| {
        let state: ItemState = label(r, 2)?;
        Ok(ChecklistItem {
            number: r.get(0)?,
            text: r.get(1)?,
            done: state == ItemState::Done,
            state,
            by: r.get(3)?,
            at: r.get(4)?,
            reason: r.get(5)?,
        })
    })?
    .collect()
}

/// Adds `text` as the next item of request `id`'s checklist: its number.
pub(crate) fn add_item(tx: &Conn, id: RequestId, text: &str) -> StoreResult<i64> {
    let number: i64 = tx
        .prepare_cached("SELECT coalesce(max(number), 0) + 1 FROM checklist_items WHERE request_id = ?1")?
        .query_row([id], |r| r.get(0))?;
    tx.prepare_cached("INSERT INTO checklist_items (request_id, number, text) VALUES (?1, ?2, ?3)")?
        .execute(params![id, number, text])?;
    Ok(number)
}
