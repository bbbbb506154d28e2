//! What search reads on a server: each request's words (subject,
//! description, conversation, as `search_words` makes them, the same
//! words a file's index holds), written again for every request a
//! transaction touched, before it commits.

use crate::domain::ids::RequestId;
use crate::domain::text::search_words;
use crate::store::error::StoreResult;
use crate::store::sql::Conn;

/// The requests with events not yet sealed: those this transaction
/// changed.
pub(crate) fn touched(tx: &Conn) -> StoreResult<Vec<RequestId>> {
    tx.prepare_cached("SELECT DISTINCT request_id FROM events WHERE hash IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect()
}

/// Writes the words of request `id` afresh.
pub(crate) fn refresh(tx: &Conn, id: RequestId) -> StoreResult<()> {
    let (subject, body): (String, String) =
        tx.query_row("SELECT subject, body FROM requests WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let conversation: Vec<String> = tx
        .prepare_cached(
            "SELECT body FROM events WHERE request_id = ?1 AND body IS NOT NULL AND body <> '' ORDER BY id",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<StoreResult<_>>()?;
    let words = search_words(&format!("{subject}\n{body}\n{}", conversation.join("\n")));
    tx.execute(
        "INSERT INTO request_text (request_id, words) VALUES (?1, ?2)
         ON CONFLICT (request_id) DO UPDATE SET words = excluded.words",
        rusqlite::params![id, words],
    )?;
    Ok(())
}
