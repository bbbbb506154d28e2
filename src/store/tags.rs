//! Tags on requests: put on and taken off as one change with its event,
//! and read for the requests a view or a command shows.

use std::collections::HashMap;

use rusqlite::params;

use super::conditions::marks;
use super::error::StoreResult;
use super::kernel::Stamp;
use super::sql::Conn;
use super::Store;
use crate::domain::ids::RequestId;
use crate::domain::request::{check_tag_count, tag};
use crate::domain::{EventKind, Request};

/// The tags in use, most used first, as many as completion offers.
pub(super) const TAGS_IN_USE: &str =
    "SELECT tag FROM request_tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 200";

/// The tags of each of `ids`, in order.
pub(super) fn tags_of(conn: &Conn, ids: &[RequestId]) -> StoreResult<HashMap<RequestId, Vec<String>>> {
    let mut out: HashMap<RequestId, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let values: Vec<rusqlite::types::Value> = chunk.iter().map(|&id| id.into()).collect();
        let mut stmt = conn.prepare_keyed(&format!(
            "SELECT request_id, tag FROM request_tags WHERE request_id IN ({}) ORDER BY request_id, tag",
            marks(chunk.len())
        ))?;
        for row in stmt.query_map(values, |r| {
            Ok((r.get::<_, RequestId>(0)?, r.get::<_, String>(1)?))
        })? {
            let (id, tag) = row?;
            out.entry(id).or_default().push(tag);
        }
    }
    Ok(out)
}

/// Fills in what is read apart for the requests shown: their tags,
/// links, the people copied on them and their attachments.
pub(super) fn with_details(conn: &Conn, mut requests: Vec<Request>) -> StoreResult<Vec<Request>> {
    let ids: Vec<RequestId> = requests.iter().map(|r| r.id).collect();
    let mut tags = tags_of(conn, &ids)?;
    let mut links = super::links::links_of(conn, &ids)?;
    let mut ccs = super::links::ccs_of(conn, &ids)?;
    let mut attachments = super::mail::attachments_of(conn, &ids)?;
    for r in &mut requests {
        r.attachments = attachments.remove(&r.id).unwrap_or_default();
        r.tags = tags.remove(&r.id).unwrap_or_default();
        r.links = links.remove(&r.id).unwrap_or_default();
        r.cc = ccs.remove(&r.id).unwrap_or_default();
    }
    Ok(requests)
}

impl Store {
    /// The tags in use, most used first (at most 200), for completion.
    pub fn tags_in_use(&self) -> StoreResult<Vec<String>> {
        self.db()
            .prepare_cached(TAGS_IN_USE)?
            .query_map([], |r| r.get(0))?
            .collect()
    }

    /// Puts the tags `add` on request `id` and takes `remove` off, as one
    /// change (an event with the tags before and after).
    pub(crate) fn tag(
        &mut self,
        id: RequestId,
        add: &[String],
        remove: &[String],
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let add: Vec<String> = add.iter().map(|t| tag(t)).collect::<Result<_, _>>()?;
        let remove: Vec<String> = remove.iter().map(|t| tag(t)).collect::<Result<_, _>>()?;
        let request = self.change(id, stamp, |cs| {
            let before = tags_of(cs.tx(), &[id])?.remove(&id).unwrap_or_default();
            let mut after: Vec<String> = before.iter().filter(|t| !remove.contains(t)).cloned().collect();
            for t in &add {
                if !after.contains(t) {
                    after.push(t.clone());
                }
            }
            after.sort();
            if after == before {
                return Ok(());
            }
            // A request over the cap from before it existed may still
            // lose tags.
            if after.len() > before.len() {
                check_tag_count(after.len())?;
            }
            for t in before.iter().filter(|t| !after.contains(t)) {
                cs.tx().execute(
                    "DELETE FROM request_tags WHERE request_id = ?1 AND tag = ?2",
                    params![id, t],
                )?;
            }
            for t in after.iter().filter(|t| !before.contains(t)) {
                cs.tx().execute(
                    "INSERT INTO request_tags (request_id, tag) VALUES (?1, ?2)",
                    params![id, t],
                )?;
            }
            let shown = |tags: &[String]| (!tags.is_empty()).then(|| tags.join(", "));
            cs.event(EventKind::Tags, shown(&before), shown(&after), None);
            Ok(())
        })?;
        Ok(with_details(&self.db(), vec![request])?.remove(0))
    }
}
