//! Links between requests and merging a duplicate into the request it
//! duplicates: each link or unlink an event on both requests; a merge
//! copies the duplicate's conversation into the target as notes marked
//! with their origin, keeps its requester on the target (copied), and
//! closes it — all in one transaction.

use std::collections::HashMap;

use rusqlite::params;

use super::conditions::marks;
use super::error::{StoreError, StoreResult};
use super::kernel::{ensure_requester, Stamp};
use super::sql::Conn;
use super::Store;
use crate::domain::command::Command;
use crate::domain::ids::RequestId;
use crate::domain::link::{relation, LinkKind, Linked};
use crate::domain::time::local_short;
use crate::domain::{DomainError, EventKind, Request};

/// The links of each of `ids`, both ways.
pub(super) fn links_of(conn: &Conn, ids: &[RequestId]) -> StoreResult<HashMap<RequestId, Vec<Linked>>> {
    let mut out: HashMap<RequestId, Vec<Linked>> = HashMap::new();
    for chunk in ids.chunks(300) {
        let values: Vec<rusqlite::types::Value> = chunk.iter().map(|&id| id.into()).collect();
        let list = marks(chunk.len());
        let mut both = values.clone();
        both.extend(values);
        let rows = conn
            .prepare_keyed(&format!(
                // The other request's subject and status looked up by its
                // key: a join let the server's planner, with no statistics
                // for a table few desks fill, scan every request (17 ms
                // for a page of 50).
                "SELECT l.from_id, l.to_id, l.kind, 1 AS outgoing,
                   (SELECT r.subject FROM requests r WHERE r.id = l.to_id) AS subject,
                   (SELECT r.status FROM requests r WHERE r.id = l.to_id) AS status
                 FROM request_links l WHERE l.from_id IN ({list})
                 UNION ALL
                 SELECT l.to_id, l.from_id, l.kind, 0,
                   (SELECT r.subject FROM requests r WHERE r.id = l.from_id),
                   (SELECT r.status FROM requests r WHERE r.id = l.from_id)
                 FROM request_links l WHERE l.to_id IN ({list})
                 ORDER BY 1, 2"
            ))?
            .query_map(both, |r| {
                Ok((
                    r.get::<_, RequestId>(0)?,
                    Linked {
                        relation: relation(&r.get::<_, String>(2)?, r.get::<_, i64>(3)? == 1).to_string(),
                        id: r.get(1)?,
                        subject: r.get(4)?,
                        status: r.get(5)?,
                    },
                ))
            })?
            .collect::<StoreResult<Vec<_>>>()?;
        for (id, linked) in rows {
            out.entry(id).or_default().push(linked);
        }
    }
    Ok(out)
}

/// The people copied on each of `ids`.
pub(super) fn ccs_of(conn: &Conn, ids: &[RequestId]) -> StoreResult<HashMap<RequestId, Vec<String>>> {
    let mut out: HashMap<RequestId, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let values: Vec<rusqlite::types::Value> = chunk.iter().map(|&id| id.into()).collect();
        let rows = conn
            .prepare_keyed(&format!(
                // Names are put in order here, not by the server: ordering
                // by a name wakes its case-blind (ICU) collation, which
                // costs a fresh server connection 8 ms or more.
                "SELECT c.request_id, (SELECT p.name FROM people p WHERE p.id = c.person_id) AS name
                 FROM request_ccs c WHERE c.request_id IN ({}) ORDER BY 1",
                marks(chunk.len())
            ))?
            .query_map(values, |r| {
                Ok((r.get::<_, RequestId>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<StoreResult<Vec<_>>>()?;
        for (id, name) in rows {
            out.entry(id).or_default().push(name);
        }
    }
    for names in out.values_mut() {
        names.sort_by_key(|n| n.to_lowercase());
    }
    Ok(out)
}

/// Removes whatever link there is between `a` and `b`, either way.
fn forget_link(conn: &Conn, a: RequestId, b: RequestId) -> StoreResult<()> {
    conn.execute(
        "DELETE FROM request_links WHERE (from_id = ?1 AND to_id = ?2) OR (from_id = ?2 AND to_id = ?1)",
        params![a, b],
    )?;
    Ok(())
}

/// Refuses making `parent` the parent of `child` when `child` is already
/// above `parent` (or is it): a loop of parents has no top, and a parent
/// waits for its children, so none of them could ever be resolved.
pub(super) fn refuse_a_loop(conn: &Conn, parent: RequestId, child: RequestId) -> StoreResult<()> {
    let above: bool = conn.query_row(
        "WITH RECURSIVE below(id) AS (
             SELECT CAST(?1 AS BIGINT)
             UNION SELECT l.to_id FROM request_links l JOIN below b ON l.from_id = b.id WHERE l.kind = 'parent'
         )
         SELECT count(*) > 0 FROM below WHERE id = ?2",
        params![child, parent],
        |r| r.get(0),
    )?;
    if above {
        return Err(DomainError::Rule(format!(
            "#{parent} cannot be the parent of #{child}: #{child} is already above #{parent}, and the link would make a loop"
        ))
        .into());
    }
    Ok(())
}

/// Open requests `id` is the parent of.
pub(super) fn open_children(conn: &Conn, id: RequestId) -> StoreResult<Vec<RequestId>> {
    conn.prepare_cached(
        "SELECT l.to_id FROM request_links l JOIN requests r ON r.id = l.to_id
         WHERE l.from_id = ?1 AND l.kind = 'parent' AND r.status IN ('new', 'open', 'waiting') ORDER BY l.to_id",
    )?
    .query_map([id], |r| r.get(0))?
    .collect()
}

impl Store {
    /// Links `id` to `target` as `kind` ("`id` is the parent of
    /// `target`"), replacing any link between the two; an event on each.
    pub(crate) fn link(
        &mut self,
        id: RequestId,
        target: RequestId,
        kind: LinkKind,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        if id == target {
            return Err(DomainError::Rule("a request cannot be linked to itself".into()).into());
        }
        self.request(target)?;
        let (from, to, stored) = kind.stored(id, target);
        self.all_or_nothing(|store| {
            forget_link(&store.db(), id, target)?;
            if stored == "parent" {
                refuse_a_loop(&store.db(), from, to)?;
            }
            store.db().execute(
                "INSERT INTO request_links (from_id, to_id, kind) VALUES (?1, ?2, ?3)",
                params![from, to, stored],
            )?;
            for (this, other) in [(id, target), (target, id)] {
                let what = relation(stored, this == from);
                let expected = if this == id { stamp.expected } else { None };
                store.change(this, Stamp { expected, ..stamp }, |cs| {
                    cs.event(EventKind::Link, None, Some(format!("{what} #{other}")), None);
                    Ok(())
                })?;
            }
            store.request(id)
        })
    }

    /// Undoes the link between `id` and `target`, an event on each.
    pub(crate) fn unlink(
        &mut self,
        id: RequestId,
        target: RequestId,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let was = self
            .request(id)?
            .links
            .into_iter()
            .find(|l| l.id == target)
            .ok_or_else(|| StoreError::Invalid(format!("request {id} is not linked to request {target}")))?;
        self.all_or_nothing(|store| {
            forget_link(&store.db(), id, target)?;
            for (this, other) in [(id, target), (target, id)] {
                let expected = if this == id { stamp.expected } else { None };
                store.change(this, Stamp { expected, ..stamp }, |cs| {
                    let old = if this == id {
                        format!("{} #{other}", was.relation)
                    } else {
                        format!("linked to #{other}")
                    };
                    cs.event(EventKind::Link, Some(old), None, None);
                    Ok(())
                })?;
            }
            store.request(id)
        })
    }

    /// Merges duplicate `id` into `target`: its replies and notes become
    /// notes on the target marked with their origin, its requester is
    /// copied on the target, the two are linked as duplicate, and `id` is
    /// closed ("merged into #target"). The target's rating and clock stand.
    pub(crate) fn merge(
        &mut self,
        id: RequestId,
        target: RequestId,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        if id == target {
            return Err(DomainError::Rule("a request cannot be merged into itself".into()).into());
        }
        let source = self.request(id)?;
        let into = self.request(target)?;
        if into.status == crate::domain::Status::Closed {
            return Err(DomainError::Rule(format!(
                "request {target} is closed; merge into an open one (or reopen it first)"
            ))
            .into());
        }
        let conversation: Vec<_> = self
            .events(id)?
            .into_iter()
            .filter(|e| matches!(e.kind, EventKind::Reply | EventKind::Note) && e.body.is_some())
            .collect();
        let actor = stamp.actor.to_string();
        let now = stamp.now;
        self.all_or_nothing(|store| {
            store.change(target, Stamp { expected: None, ..stamp }, |cs| {
                cs.event(
                    EventKind::Note,
                    None,
                    None,
                    Some(format!("#{id} “{}” was merged into this request", source.subject)),
                );
                for e in &conversation {
                    let what = if e.kind == EventKind::Reply { "reply" } else { "note" };
                    cs.event(
                        EventKind::Note,
                        None,
                        None,
                        Some(format!(
                            "From #{id} ({what} by {} at {}): {}",
                            e.actor,
                            local_short(e.at),
                            e.body.clone().unwrap_or_default()
                        )),
                    );
                }
                if source.requester != into.requester {
                    let person = ensure_requester(cs.tx(), &source.requester, None, None, false)?;
                    cs.tx().execute(
                        "INSERT INTO request_ccs (request_id, person_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                        params![target, person],
                    )?;
                    cs.event(EventKind::Cc, None, Some(source.requester.clone()), None);
                }
                Ok(())
            })?;
            forget_link(&store.db(), id, target)?;
            store.db().execute(
                "INSERT INTO request_links (from_id, to_id, kind) VALUES (?1, ?2, 'duplicate')",
                params![id, target],
            )?;
            let close = Command::Close {
                id,
                reason: format!("merged into #{target}"),
            };
            store.execute(&close, Stamp::new(&actor, stamp.expected, now))?;
            store.request(target)
        })
    }
}
