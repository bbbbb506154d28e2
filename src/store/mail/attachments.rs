//! Reading the files kept with requests and their events.

use std::collections::HashMap;

use rusqlite::types::Value;

use super::super::conditions::marks;
use super::super::error::{StoreError, StoreResult};
use super::super::sql::{Conn, OptionalExtension, Row};
use super::super::Store;
use crate::domain::attachment::Attachment;
use crate::domain::ids::RequestId;

const COLUMNS: &str = "id, request_id, event_id, name, content_type, size, content IS NOT NULL AS kept";

fn attachment(row: &Row<'_>) -> StoreResult<(RequestId, Attachment)> {
    Ok((
        row.get("request_id")?,
        Attachment {
            number: 0,
            id: row.get("id")?,
            name: row.get("name")?,
            size: row.get("size")?,
            content_type: row.get("content_type")?,
            kept: row.get("kept")?,
            event_id: row.get("event_id")?,
        },
    ))
}

/// The attachments of each of `ids`, numbered from 1 per request.
pub(in crate::store) fn attachments_of(
    conn: &Conn,
    ids: &[RequestId],
) -> StoreResult<HashMap<RequestId, Vec<Attachment>>> {
    let mut out: HashMap<RequestId, Vec<Attachment>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let sql = format!(
            "SELECT {COLUMNS} FROM attachments WHERE request_id IN ({}) ORDER BY request_id, id",
            marks(chunk.len())
        );
        let rows = conn
            .prepare_keyed(&sql)?
            .query_map(
                chunk.iter().map(|&i| Value::from(i)).collect::<Vec<Value>>(),
                attachment,
            )?
            .collect::<Result<Vec<_>, _>>()?;
        for (request, mut a) in rows {
            let list = out.entry(request).or_default();
            a.number = list.len() as i64 + 1;
            list.push(a);
        }
    }
    Ok(out)
}

impl Store {
    /// Attachment `number` of request `id` and its content (None when it
    /// was over the size limit and only its name and size were kept).
    pub fn attachment(&self, id: RequestId, number: i64) -> StoreResult<(Attachment, Option<Vec<u8>>)> {
        let all = attachments_of(&self.db(), &[id])?.remove(&id).unwrap_or_default();
        if all.is_empty() {
            // Only then is it worth asking whether the request is there.
            super::super::kernel::load(&self.db(), id)?;
        }
        let count = all.len();
        let Some(found) = all.into_iter().find(|a| a.number == number) else {
            return Err(StoreError::Invalid(match count {
                0 => format!("request {id} has no attachments"),
                1 => format!("request {id} has one attachment: number 1"),
                n => format!("request {id} has attachments 1 to {n}; there is no number {number}"),
            }));
        };
        let content: Option<Vec<u8>> = self
            .db()
            .prepare_cached("SELECT content FROM attachments WHERE id = ?1")?
            .query_row([found.id], |r| r.get(0))
            .optional()?
            .flatten();
        Ok((found, content))
    }
}
