//! Reading a person's inbox, marking it read, and watching requests.
//! Filling it is the kernel's (every change delivers its news).

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, ensure_staff, load, watch, Stamp};
use super::rows::{bare_event, label, BARE_EVENT_COLUMNS};
use super::Store;
use crate::domain::ids::RequestId;
use crate::domain::inbox::InboxItem;
use crate::domain::Request;

/// At most this many items are listed (the newest).
const LISTED: i64 = 500;

impl Store {
    /// `person`'s inbox, newest first; only what is unread when `unread`.
    pub fn inbox(&self, person: &str, unread: bool) -> StoreResult<Vec<InboxItem>> {
        let sql = format!(
            "SELECT {BARE_EVENT_COLUMNS}, r.subject, i.reason, i.read_at IS NOT NULL
             FROM inbox i JOIN events e ON e.id = i.event_id JOIN requests r ON r.id = e.request_id
             WHERE i.person_id = (SELECT id FROM people WHERE name = ?1){}
             ORDER BY i.event_id DESC LIMIT ?2",
            if unread { " AND i.read_at IS NULL" } else { "" }
        );
        self.db()
            .prepare_cached(&sql)?
            .query_map(params![person, LISTED], |r| {
                let event = bare_event(r)?;
                Ok(InboxItem {
                    request: event.request_id,
                    subject: r.get(8)?,
                    event: event.id,
                    kind: event.kind,
                    who: event.actor.clone(),
                    at: event.at,
                    why: label(r, 9)?,
                    what: event.summary(),
                    text: event.shown_body().map(String::from),
                    read: r.get(10)?,
                })
            })?
            .collect()
    }

    /// How many items in `person`'s inbox are unread.
    pub fn unread_count(&self, person: &str) -> StoreResult<i64> {
        self.db()
            .prepare_cached(
                "SELECT count(*) FROM inbox WHERE person_id = (SELECT id FROM people WHERE name = ?1)
                 AND read_at IS NULL",
            )?
            .query_row([person], |r| r.get(0))
    }

    /// Marks the actor's inbox items about `events` read (every unread
    /// one when empty): how many were unread.
    pub(crate) fn mark_read(&mut self, actor: &str, events: &[i64], now: i64) -> StoreResult<usize> {
        let actor = acting_name(actor)?;
        self.write(|tx| {
            let person = ensure_staff(tx, &actor, now)?;
            if events.is_empty() {
                return tx.execute(
                    "UPDATE inbox SET read_at = ?2 WHERE person_id = ?1 AND read_at IS NULL",
                    params![person, now],
                );
            }
            let mut marked = 0;
            for e in events {
                marked += tx.execute(
                    "UPDATE inbox SET read_at = ?3 WHERE person_id = ?1 AND event_id = ?2 AND read_at IS NULL",
                    params![person, e, now],
                )?;
            }
            Ok(marked)
        })
    }

    /// The actor starts (`on`) or stops watching request `id`: their
    /// inbox hears of what others do on it. Whom a request's news reaches
    /// is the watcher's own business, not a change to the request, so it
    /// is no event in its history and moves no version.
    pub(crate) fn watch(&mut self, id: RequestId, on: bool, stamp: Stamp<'_>) -> StoreResult<Request> {
        self.write(|tx| {
            let person = ensure_staff(tx, stamp.actor, stamp.now)?;
            let r = load(tx, id)?;
            if on {
                watch(tx, id.0, &acting_name(stamp.actor)?, stamp.now)?;
            } else {
                let gone = tx.execute(
                    "DELETE FROM watchers WHERE request_id = ?1 AND person_id = ?2",
                    params![id, person],
                )?;
                if gone == 0 {
                    return Err(StoreError::Invalid(format!("you are not watching request {id}")));
                }
            }
            Ok(r)
        })
    }

    /// Who watches request `id`, by name.
    pub fn watchers(&self, id: RequestId) -> StoreResult<Vec<String>> {
        self.db()
            .prepare_keyed(
                "SELECT p.name FROM watchers w JOIN people p ON p.id = w.person_id WHERE w.request_id = ?1
                 ORDER BY p.name",
            )?
            .query_map([id], |r| r.get(0))?
            .collect()
    }
}
