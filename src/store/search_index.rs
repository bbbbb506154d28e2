//! The search index (FTS5, contentless since schema 8): filled in bulk, and
//! rebuilt from the requests and their history when it has gone wrong.

use rusqlite::Connection;

use super::sql::Conn;

use super::error::StoreResult;
use super::Store;

/// Indexes the requests from `first_id` on, with their conversation (as
/// the triggers of schema 8 build it, so they can take it out again), in
/// one statement: FTS5 writes what it has buffered at the end of every
/// statement, so row by row it would write (and merge) a million small
/// segments.
pub(super) fn index_conversations(tx: &Connection, first_id: i64) -> StoreResult<()> {
    // It also writes whenever the buffer fills, and merges: a bulk load
    // runs with 128 MB rather than the usual 1 MB (put back afterwards, as
    // writers of single requests never need more).
    search_buffer(tx, 128 << 20)?;
    tx.execute(
        "INSERT INTO request_text (rowid, subject, body, conversation)
         SELECT r.id, frontdesk_search_words(r.subject), frontdesk_search_words(r.body),
                frontdesk_search_words(coalesce(c.text, '')) FROM requests r
         LEFT JOIN (SELECT request_id, group_concat(body, char(10)) AS text
                    FROM (SELECT request_id, body FROM events
                          WHERE request_id >= ?1 AND body IS NOT NULL AND body <> '' ORDER BY request_id, id)
                    GROUP BY request_id) c ON c.request_id = r.id
         WHERE r.id >= ?1",
        [first_id],
    )?;
    search_buffer(tx, 1 << 20)
}

/// How much FTS5 buffers in memory before it writes a segment.
fn search_buffer(tx: &Connection, bytes: i64) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO request_text (request_text, rank) VALUES ('hashsize', ?1)",
        [bytes],
    )?;
    Ok(())
}

impl Store {
    /// Builds the search index again from the requests and their history,
    /// in one transaction; returns how many requests it indexed. For a file
    /// whose index went out of step (history written without Frontdesk's
    /// triggers), where searches miss things or writes fail on the index.
    pub fn reindex(&mut self) -> StoreResult<usize> {
        self.write(|tx: &Conn| {
            let Some(tx) = tx.file() else {
                // On a server: each request's words written afresh.
                let ids: Vec<crate::domain::RequestId> = tx
                    .prepare_cached("SELECT id FROM requests ORDER BY id")?
                    .query_map([], |r| r.get(0))?
                    .collect::<StoreResult<_>>()?;
                for &id in &ids {
                    super::postgres::words::refresh(tx, id)?;
                }
                return Ok(ids.len());
            };
            tx.execute_batch("INSERT INTO request_text (request_text) VALUES ('delete-all');")?;
            index_conversations(tx, 0)?;
            Ok(tx.query_row("SELECT count(*) FROM requests", [], |r| r.get::<_, i64>(0))? as usize)
        })
    }
}
