//! Recording history: every event with the operating-system login and host
//! that made it, sealed into the hash chain before its transaction commits.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::ids::RequestId;
use crate::store::sql::{Conn, OptionalExtension, Row};
use rusqlite::params;

use super::error::StoreResult;
use super::share::announcement::{host, login};
use crate::domain::history::{file_digest, link, Chained, Link, SealedFile, LINK_BYTES};

/// One event about to be recorded.
#[derive(Debug, Clone, Copy)]
pub(super) struct NewEvent<'a> {
    pub request_id: RequestId,
    pub at: i64,
    pub actor: &'a str,
    pub kind: &'a str,
    pub old_value: Option<&'a str>,
    pub new_value: Option<&'a str>,
    pub body: Option<&'a str>,
}

/// The login and host this process runs as: whoever acts, these say who
/// was at the keyboard.
pub fn os_identity() -> &'static (String, String) {
    static WHO: OnceLock<(String, String)> = OnceLock::new();
    WHO.get_or_init(|| (login(), host()))
}

/// Appends an event; it joins the chain when the transaction is sealed.
pub(super) fn record(tx: &Conn, e: NewEvent<'_>) -> StoreResult<()> {
    let (login, host) = os_identity();
    record_from(tx, e, Some(login), Some(host))
}

/// Appends an event recorded elsewhere (an import), keeping the login and
/// host that recorded it there.
pub(super) fn record_from(
    tx: &Conn,
    e: NewEvent<'_>,
    login: Option<&str>,
    host: Option<&str>,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO events (request_id, at, actor, kind, old_value, new_value, body, login, host)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        e.request_id,
        e.at,
        e.actor,
        e.kind,
        e.old_value,
        e.new_value,
        e.body,
        login,
        host
    ])?;
    Ok(())
}

/// The newest link of the chain.
pub(super) fn head(conn: &Conn) -> StoreResult<Option<Link>> {
    let bytes: Option<Vec<u8>> = conn
        .prepare_cached("SELECT hash FROM events WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    Ok(bytes.and_then(|b| b.try_into().ok()))
}

type ChainRow = (
    i64,
    RequestId,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

const CHAINED_COLUMNS: &str = "id, request_id, at, actor, kind, old_value, new_value, body, login, host";

fn read_row(r: &Row<'_>) -> StoreResult<ChainRow> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
        r.get(9)?,
    ))
}

fn chained<'r>(row: &'r ChainRow, files: &'r [SealedFile]) -> Chained<'r> {
    Chained {
        files,
        request_id: row.1,
        at: row.2,
        actor: &row.3,
        kind: &row.4,
        old_value: row.5.as_deref(),
        new_value: row.6.as_deref(),
        body: row.7.as_deref(),
        login: row.8.as_deref(),
        host: row.9.as_deref(),
    }
}

/// One chained file's row, by the event it came with.
fn sealed_file(r: &Row<'_>) -> StoreResult<(i64, SealedFile)> {
    Ok((
        r.get(0)?,
        SealedFile {
            name: r.get(1)?,
            content_type: r.get(2)?,
            size: r.get(3)?,
            kept: r.get(4)?,
            sha256: r.get(5)?,
        },
    ))
}

const SEALED_FILE_COLUMNS: &str = "event_id, name, content_type, size, content IS NOT NULL, sha256";

/// Every chained file, by the event it came with (for walking the whole
/// chain). Files kept before schema 18 have no SHA-256 and are not chained.
fn sealed_files(conn: &Conn) -> StoreResult<HashMap<i64, Vec<SealedFile>>> {
    let mut out: HashMap<i64, Vec<SealedFile>> = HashMap::new();
    conn.prepare(&format!(
        "SELECT {SEALED_FILE_COLUMNS} FROM attachments WHERE sha256 IS NOT NULL ORDER BY event_id, id"
    ))?
    .for_each([], |r| {
        let (event, file) = sealed_file(r)?;
        out.entry(event).or_default().push(file);
        Ok(true)
    })?;
    Ok(out)
}

/// The chained files of the events about to be sealed: read by their
/// requests' index, so a write never scans every file the desk keeps.
fn files_of_unsealed(tx: &Conn, rows: &[ChainRow]) -> StoreResult<HashMap<i64, Vec<SealedFile>>> {
    let mut out: HashMap<i64, Vec<SealedFile>> = HashMap::new();
    let first = rows.iter().map(|r| r.0).min().unwrap_or(0);
    let mut requests: Vec<RequestId> = rows.iter().map(|r| r.1).collect();
    requests.sort_unstable();
    requests.dedup();
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {SEALED_FILE_COLUMNS} FROM attachments
         WHERE request_id = ?1 AND event_id >= ?2 AND sha256 IS NOT NULL ORDER BY event_id, id"
    ))?;
    for request in requests {
        stmt.for_each(params![request, first], |r| {
            let (event, file) = sealed_file(r)?;
            out.entry(event).or_default().push(file);
            Ok(true)
        })?;
    }
    Ok(out)
}

/// Links every event recorded in this transaction, in id order, with the
/// files that came with it. Runs in every write before it commits, so no
/// event outlives its transaction unsealed.
/// Seals the events written in this transaction (the unsealed ones) into
/// the chain: their ids, oldest first.
pub(super) fn seal(tx: &Conn) -> StoreResult<Vec<i64>> {
    let rows: Vec<ChainRow> = tx
        .prepare_cached(&format!(
            "SELECT {CHAINED_COLUMNS} FROM events WHERE hash IS NULL ORDER BY id"
        ))?
        .query_map([], read_row)?
        .collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let files = files_of_unsealed(tx, &rows)?;
    let mut previous = head(tx)?;
    let mut update = tx.prepare_cached("UPDATE events SET hash = ?2 WHERE id = ?1")?;
    for row in &rows {
        let next = link(
            previous.as_ref(),
            &chained(row, files.get(&row.0).map_or(&[], Vec::as_slice)),
        );
        update.execute(params![row.0, next.as_slice()])?;
        previous = Some(next);
    }
    Ok(rows.iter().map(|r| r.0).collect())
}

/// What walking the chain found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainCheck {
    pub events: u64,
    /// The first event that does not follow from the ones before it: its
    /// id, its request, and why.
    pub broken_at: Option<(i64, RequestId, &'static str)>,
    pub head: Option<Link>,
    /// Files whose bytes no longer have the SHA-256 their event's link
    /// covers: the request, and the file's name.
    pub changed_files: Vec<(RequestId, String)>,
}

/// Recomputes the chain from the first event.
pub fn verify(conn: &Conn) -> StoreResult<ChainCheck> {
    let mut stmt = conn.prepare(&format!("SELECT {CHAINED_COLUMNS}, hash FROM events ORDER BY id"))?;
    let mut check = ChainCheck {
        events: 0,
        broken_at: None,
        head: None,
        changed_files: Vec::new(),
    };
    let files = sealed_files(conn)?;
    let mut previous: Option<Link> = None;
    stmt.for_each([], |r| {
        let row = read_row(r)?;
        let stored: Option<Vec<u8>> = r.get(10)?;
        check.events += 1;
        let expected = link(
            previous.as_ref(),
            &chained(&row, files.get(&row.0).map_or(&[], Vec::as_slice)),
        );
        let why = match stored {
            None => Some("it was added without Frontdesk (it has no link)"),
            Some(s) if s.len() != LINK_BYTES => Some("its link is not one Frontdesk writes"),
            Some(s) if s[..] != expected[..] => {
                Some("it, or an event before it, was changed or removed without Frontdesk")
            }
            Some(_) => None,
        };
        if let Some(why) = why {
            check.broken_at = Some((row.0, row.1, why));
            return Ok(false);
        }
        previous = Some(expected);
        Ok(true)
    })?;
    if check.broken_at.is_none() {
        check.head = previous;
    }
    // The chain covers each file's SHA-256; the bytes must still have it.
    conn.prepare(
        "SELECT request_id, name, content, sha256 FROM attachments WHERE sha256 IS NOT NULL ORDER BY id",
    )?
    .for_each([], |r| {
        let content: Option<Vec<u8>> = r.get(2)?;
        let kept: Vec<u8> = r.get(3)?;
        if file_digest(content.as_deref()) != kept {
            check.changed_files.push((r.get(0)?, r.get(1)?));
        }
        Ok(true)
    })?;
    Ok(check)
}
