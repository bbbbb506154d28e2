//! The matches of the search in force, found once and kept while the text
//! stays the same and nothing is written, so the window, the count and the
//! scores that follow each look them up rather than each run the search
//! again.
//!
//! They are kept two ways. As bits, one per request id, behind the SQL
//! function `frontdesk_search_hit(id)`: reading the matches into it costs
//! a step per match and nothing else, so a broad search ("pr" matches half
//! of a 1,000,000-request desk) is checked on only the requests the other
//! conditions pick, in the order's own index. And, when the matches are few
//! enough to drive the query, as rows of `temp.search_hits`, which the
//! planner can look each of them up from.

use std::sync::Arc;

use rusqlite::functions::FunctionFlags;

use super::error::StoreResult;
use super::queue::{QueueFilter, SearchPlan};
use super::search::{fts_query, FtsQuery};
use super::Store;

/// From this many matches on, a filtered queue reads its requests and
/// checks each against the matches, rather than look each match up.
const BROAD: usize = 10_000;

/// The SQL function that says whether a request is among the matches.
pub(super) const HIT_FUNCTION: &str = "frontdesk_search_hit";

/// Request ids as bits: whether a request matches is one lookup.
struct HitSet {
    bits: Vec<u64>,
    /// The search was `-word`s only: the matches are the requests whose
    /// bit is not set.
    negated: bool,
}

impl HitSet {
    fn new(ids: &[i64], negated: bool) -> HitSet {
        let top = ids.iter().copied().max().unwrap_or(0).max(0) as usize;
        let mut bits = vec![0u64; top / 64 + 1];
        for &id in ids.iter().filter(|id| **id >= 0) {
            bits[id as usize / 64] |= 1 << (id as usize % 64);
        }
        HitSet { bits, negated }
    }

    fn contains(&self, id: i64) -> bool {
        let set = usize::try_from(id)
            .ok()
            .and_then(|i| self.bits.get(i / 64).map(|word| word & (1 << (i % 64)) != 0))
            .unwrap_or(false);
        set != self.negated
    }
}

/// The last search run, and the state of the file it was run against.
#[derive(Debug)]
pub(super) struct SearchHits {
    query: FtsQuery,
    data_version: i64,
    /// The connection's change count once the matches were kept: a write
    /// of its own since then means they must be found again.
    changes: u64,
    /// The ids the search found, ascending (for a search of `-word`s only,
    /// the ids it leaves out).
    ids: Vec<i64>,
    negated: bool,
    /// Whether `temp.search_hits` holds the matches too.
    in_table: bool,
}

impl Store {
    /// Makes the filter's search ready to be read (found afresh only when
    /// the text or the file changed) and says how its rows are best read.
    pub(super) fn prepare_search(&self, filter: &QueueFilter) -> StoreResult<SearchPlan> {
        let Some(query) = filter.search.as_deref().and_then(fts_query) else {
            return Ok(SearchPlan::None);
        };
        if self.is_server() {
            return Ok(SearchPlan::Server);
        }
        let data_version = self.data_version()?;
        let fresh = self.search_hits.borrow().as_ref().is_some_and(|hits| {
            hits.query == query
                && hits.data_version == data_version
                && self.file().is_ok_and(|conn| hits.changes == conn.total_changes())
        });
        if !fresh {
            self.find_hits(query, data_version)?;
        }
        let mut kept = self.search_hits.borrow_mut();
        let Some(hits) = kept.as_mut() else {
            return Ok(SearchPlan::None);
        };
        let requests_first = hits.negated || (hits.ids.len() >= BROAD && !filter.statuses.is_empty());
        if !requests_first && !hits.in_table {
            self.file()?.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY); DELETE FROM temp.search_hits;",
            )?;
            let mut insert = self
                .file()?
                .prepare_cached("INSERT INTO temp.search_hits (id) VALUES (?1)")?;
            for id in &hits.ids {
                insert.execute([id])?;
            }
            hits.in_table = true;
            // Its own rows count as changes of the connection.
            hits.changes = self.file()?.total_changes();
        }
        Ok(SearchPlan::Hits { requests_first })
    }

    /// Runs the search and keeps its matches as bits behind
    /// `frontdesk_search_hit`.
    fn find_hits(&self, query: FtsQuery, data_version: i64) -> StoreResult<()> {
        let (ids, negated) = match &query {
            FtsQuery::Matching(q) | FtsQuery::Except(q) => {
                let mut stmt = self.file()?.prepare_cached(
                    "SELECT rowid FROM request_text WHERE request_text MATCH ?1 ORDER BY rowid",
                )?;
                let ids = stmt
                    .query_map([q], |r| r.get::<_, i64>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                (ids, matches!(query, FtsQuery::Except(_)))
            }
            FtsQuery::Nothing => (Vec::new(), false),
        };
        let set = Arc::new(HitSet::new(&ids, negated));
        // Called by the app's own queries only, never by the file's
        // triggers or views.
        self.file()?.create_scalar_function(
            HIT_FUNCTION,
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DIRECTONLY,
            move |ctx| Ok(set.contains(ctx.get::<i64>(0)?)),
        )?;
        *self.search_hits.borrow_mut() = Some(SearchHits {
            query,
            data_version,
            changes: self.file()?.total_changes(),
            ids,
            negated,
            in_table: false,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hit_set_holds_exactly_its_ids() {
        let set = HitSet::new(&[1, 63, 64, 1_000_000], false);
        for id in [1, 63, 64, 1_000_000] {
            assert!(set.contains(id), "{id}");
        }
        for id in [0, 2, 62, 65, 999_999, 1_000_001, -1] {
            assert!(!set.contains(id), "{id}");
        }
        let except = HitSet::new(&[5], true);
        assert!(!except.contains(5));
        assert!(except.contains(6) && except.contains(10_000_000));
        assert!(!HitSet::new(&[], false).contains(0));
    }
}
