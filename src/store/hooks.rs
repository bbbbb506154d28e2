//! The events a hook is told of, read with the request as it stands.

use super::error::StoreResult;
use super::kernel::staff_names;
use super::rows::{bare_event, BARE_EVENT_COLUMNS};
use super::Store;
use crate::domain::hook::{names_for, HookEvent};
use crate::domain::inbox::mentioned;

impl Store {
    /// The events `ids` (this copy's, just committed) that hooks may be
    /// told of, oldest first, each with its request's subject, status,
    /// team, assignee and priority.
    pub fn hook_events(&self, ids: &[i64]) -> StoreResult<Vec<HookEvent>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let db = self.db();
        let staff = staff_names(&db)?;
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let marks = super::conditions::marks(chunk.len());
            let sql = format!(
                "SELECT {BARE_EVENT_COLUMNS}, r.subject, r.status, r.team, a.name, r.priority
                 FROM events e JOIN requests r ON r.id = e.request_id LEFT JOIN people a ON a.id = r.assignee_id
                 WHERE e.id IN ({marks}) ORDER BY e.id"
            );
            let params: Vec<rusqlite::types::Value> = chunk.iter().map(|i| (*i).into()).collect();
            let rows = db.prepare(&sql)?.query_map(params, |r| {
                let event = bare_event(r)?;
                let named: Vec<String> = match (event.kind, event.body.as_deref()) {
                    (crate::domain::EventKind::Note, Some(body)) => {
                        mentioned(body, &staff).into_iter().map(String::from).collect()
                    }
                    _ => Vec::new(),
                };
                Ok(HookEvent {
                    on: String::new(),
                    names: names_for(&event, !named.is_empty()),
                    request: event.request_id,
                    event: event.id,
                    kind: event.kind,
                    who: event.actor.clone(),
                    at: event.at,
                    old_value: event.old_value.clone(),
                    new_value: event.new_value.clone(),
                    text: event.shown_body().map(String::from),
                    subject: r.get(8)?,
                    status: r.get(9)?,
                    team: r.get(10)?,
                    assignee: r.get(11)?,
                    priority: r.get(12)?,
                    mentioned: named,
                })
            })?;
            out.extend(
                rows.collect::<StoreResult<Vec<_>>>()?
                    .into_iter()
                    .filter(|h| !h.names.is_empty()),
            );
        }
        Ok(out)
    }
}
