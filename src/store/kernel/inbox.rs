//! Who hears of a change: each event worth telling goes to the inbox of
//! the request's owner, its watchers, the staff a note mentions (who then
//! watch it) and the approver asked — never to whoever made the change —
//! and, for anyone of them who is away, to their cover. Written in the
//! same transaction as the change, so nobody hears of a change that did
//! not happen.

use std::collections::BTreeMap;

use rusqlite::params;

use crate::domain::inbox::{is_news, mentioned, InboxReason};
use crate::domain::{EventKind, Request};
use crate::store::error::StoreResult;
use crate::store::sql::{Conn, OptionalExtension};

/// One event just recorded on the request, as delivery needs it.
pub(crate) struct News<'e> {
    pub kind: EventKind,
    pub old: Option<&'e str>,
    pub new: Option<&'e str>,
    pub body: Option<&'e str>,
}

/// Delivers the last `recorded` events of `r` (of which `news` are the
/// ones recorded just now, in order) made by `actor` at `now`.
pub(crate) fn deliver(tx: &Conn, r: &Request, actor: &str, news: &[News<'_>], now: i64) -> StoreResult<()> {
    if !news.iter().any(|n| is_news(n.kind)) {
        return Ok(());
    }
    let watchers: Vec<String> = tx
        .prepare_cached(
            "SELECT p.name FROM watchers w JOIN people p ON p.id = w.person_id WHERE w.request_id = ?1 ORDER BY p.name",
        )?
        .query_map([r.id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mentions_possible = news
        .iter()
        .any(|n| n.kind == EventKind::Note && n.body.is_some_and(|b| b.contains('@')));
    let staff: Vec<String> = if mentions_possible {
        super::identity::staff_names(tx)?
    } else {
        Vec::new()
    };
    let mut ids: Vec<i64> = tx
        .prepare_cached("SELECT id FROM events WHERE request_id = ?1 ORDER BY id DESC LIMIT ?2")?
        .query_map(params![r.id, news.len() as i64], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    ids.reverse();
    for (event, n) in ids.into_iter().zip(news) {
        if !is_news(n.kind) {
            continue;
        }
        let mut to: BTreeMap<String, InboxReason> = BTreeMap::new();
        let mut hear = |name: &str, why: InboxReason| {
            let e = to.entry(name.to_string()).or_insert(why);
            // Earlier reasons say more (see `InboxReason`).
            *e = (*e).min(why);
        };
        for w in &watchers {
            hear(w, InboxReason::Watching);
        }
        if let Some(owner) = &r.assignee {
            hear(owner, InboxReason::Assigned);
        }
        if n.kind == EventKind::Note {
            for who in mentioned(n.body.unwrap_or(""), &staff) {
                hear(who, InboxReason::Mentioned);
                watch(tx, r.id.0, who, now)?;
            }
        }
        if n.kind == EventKind::Approval {
            match n.new {
                Some("pending") => hear(n.old.unwrap_or(""), InboxReason::Approval),
                // The one who asked hears the decision.
                _ => {
                    if let Some(asker) = asker(tx, r.id.0)? {
                        hear(&asker, InboxReason::Approval);
                    }
                }
            }
        }
        to.retain(|name, _| !name.is_empty() && !name.eq_ignore_ascii_case(actor));
        let mut covers: Vec<(String, InboxReason)> = Vec::new();
        for (name, why) in &to {
            if let Some((id, cover)) = person_and_cover(tx, name, now)? {
                put(tx, id, event, *why)?;
                if let Some(cover) = cover.filter(|c| !c.eq_ignore_ascii_case(actor) && !to.contains_key(c)) {
                    covers.push((cover, InboxReason::Covering));
                }
            }
        }
        for (cover, why) in covers {
            if let Some((id, _)) = person_and_cover(tx, &cover, now)? {
                put(tx, id, event, why)?;
            }
        }
    }
    Ok(())
}

/// `name` watches request `id` from now on (once).
pub(crate) fn watch(tx: &Conn, id: i64, name: &str, now: i64) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO watchers (request_id, person_id, since)
         SELECT ?1, id, ?3 FROM people WHERE name = ?2
         ON CONFLICT (request_id, person_id) DO NOTHING",
    )?
    .execute(params![id, name, now])?;
    Ok(())
}

/// Who asked for the request's latest approval.
fn asker(tx: &Conn, id: i64) -> StoreResult<Option<String>> {
    tx.prepare_cached("SELECT asked_by FROM approvals WHERE request_id = ?1 ORDER BY id DESC LIMIT 1")?
        .query_row([id], |row| row.get(0))
        .optional()
}

/// A person's id, and their cover while they are away at `now`.
fn person_and_cover(tx: &Conn, name: &str, now: i64) -> StoreResult<Option<(i64, Option<String>)>> {
    tx.prepare_cached(
        "SELECT p.id, CASE WHEN p.away_until > ?2 THEN c.name END
         FROM people p LEFT JOIN people c ON c.id = p.cover_id WHERE p.name = ?1",
    )?
    .query_row(params![name, now], |row| Ok((row.get(0)?, row.get(1)?)))
    .optional()
}

fn put(tx: &Conn, person: i64, event: i64, why: InboxReason) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO inbox (person_id, event_id, reason) VALUES (?1, ?2, ?3)
         ON CONFLICT (person_id, event_id) DO NOTHING",
    )?
    .execute(params![person, event, why.as_str()])?;
    Ok(())
}
