//! The query planner's statistics. SQLite gathers them by sampling one end
//! of each index (`analysis_limit`), which is as good as reading it all
//! for most. Where an index's first column has a handful of values
//! (status, assignee, department, team) that end is all one value, and the
//! planner would take every value for rare — and sort a hundred thousand
//! open requests for a window. Those few indexes are read whole.

use rusqlite::Connection;

use super::error::StoreResult;

const WHOLE: &str = "PRAGMA analysis_limit = 0; ANALYZE requests_by_status; ANALYZE requests_by_due;
     ANALYZE requests_by_assignee; ANALYZE requests_by_dept; ANALYZE requests_by_team;";

/// Gathers statistics for every index: sampled, and whole for the few
/// that sampling misleads.
pub(super) fn analyze(conn: &Connection) -> StoreResult<()> {
    conn.execute_batch("PRAGMA analysis_limit = 2000; ANALYZE;")?;
    conn.execute_batch(WHOLE)?;
    Ok(())
}

/// `PRAGMA optimize` (SQLite re-analyses, by sampling, a table that grew
/// or shrank a lot since it was last analysed), then whole statistics for
/// the indexes sampling misleads. Asked first what it would do (mask bit
/// 0x01), so a close with nothing to do costs one statement, as before.
pub(super) fn optimize(conn: &Connection) -> StoreResult<()> {
    if optimize_due(conn) {
        conn.execute_batch("PRAGMA analysis_limit = 1000; PRAGMA optimize;")?;
        conn.execute_batch(WHOLE)?;
    }
    Ok(())
}

/// Whether `optimize` would analyse anything: a read, so a close with
/// nothing to do needs no clearance to write.
pub(super) fn optimize_due(conn: &Connection) -> bool {
    conn.prepare("PRAGMA optimize(0xffff)")
        .and_then(|mut s| Ok(s.query_map([], |r| r.get::<_, String>(0))?.count()))
        .is_ok_and(|planned| planned > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;
    use crate::store::{demo, OpenOptions, QueueFilter, Store};

    fn per_status(conn: &Connection) -> i64 {
        let stat: String = conn
            .query_row(
                "SELECT stat FROM sqlite_stat1 WHERE idx = 'requests_by_status'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        stat.split(' ').nth(1).unwrap().parse().unwrap()
    }

    /// A file that grew without a bulk load gets its statistics from the
    /// re-analysis when a Store closes: whole ones for status too.
    #[test]
    fn a_re_analysis_on_close_reads_the_status_index_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
        // More rows than a sample reads, mostly closed.
        demo::generate(&mut store, 3_000, 1_795_392_000, 1).unwrap();
        drop(store);
        Connection::open(&path)
            .unwrap()
            .execute_batch("DELETE FROM sqlite_stat1")
            .unwrap();
        let store = Store::open(&path, &OpenOptions::default()).unwrap();
        let open = QueueFilter {
            statuses: vec![Status::Open],
            ..Default::default()
        };
        // SQLite re-analyses the tables this connection read.
        assert!(store.queue_len(&open).unwrap() > 0);
        drop(store);
        // 3,000 requests over five statuses: 600 a status.
        assert_eq!(per_status(&Connection::open(&path).unwrap()), 600);
    }
}
