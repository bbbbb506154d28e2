//! What a shell completes from the desk: request ids (with their subjects)
//! and the names of staff and teams. Read through a read-only connection
//! that announces nothing and writes nothing: pressing Tab must never
//! change a desk or wait on one.

use std::path::Path;

use rusqlite::OpenFlags;

/// Open requests completed at most, the most recently touched first.
const REQUESTS: i64 = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Completions {
    /// Open requests, the most recently updated first: id and subject.
    pub requests: Vec<(i64, String)>,
    pub staff: Vec<String>,
    pub teams: Vec<String>,
    /// Tags in use, most used first.
    pub tags: Vec<String>,
}

/// What the desk at `path` offers; None when it cannot be read now (no
/// file yet, another machine's journal, not a desk).
pub fn completions(path: &Path) -> Option<Completions> {
    if !path.is_file() {
        return None;
    }
    let conn = super::open::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    // A lock held elsewhere ends the completion rather than hold up Tab.
    conn.busy_timeout(std::time::Duration::from_millis(200)).ok()?;
    let list = |sql: &str| -> Option<Vec<String>> {
        let mut stmt = conn.prepare(sql).ok()?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0)).ok()?;
        rows.collect::<Result<Vec<_>, _>>().ok()
    };
    let mut stmt = conn
        .prepare(
            "SELECT id, subject FROM requests INDEXED BY requests_by_updated
             WHERE status IN ('new', 'open', 'waiting') ORDER BY updated_at DESC LIMIT ?1",
        )
        .ok()?;
    let requests = stmt
        .query_map([REQUESTS], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
        .ok()?
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    Some(Completions {
        requests,
        staff: list("SELECT name FROM people WHERE role IN ('agent', 'lead') ORDER BY name")?,
        teams: list(
            "SELECT team FROM people WHERE team IS NOT NULL
             UNION SELECT DISTINCT team FROM requests WHERE team IS NOT NULL ORDER BY 1",
        )?,
        tags: list(super::tags::TAGS_IN_USE)?,
    })
}
