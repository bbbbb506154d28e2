//! The only place that speaks SQL. Every write is one short `BEGIN
//! IMMEDIATE` transaction, and every change to a request bumps its
//! `version` and appends an event, so nothing is lost between writers.

mod bulk;
pub mod demo;
mod error;
mod escalations;
mod exchange;
mod filesystem;
mod follow_ups;
mod kpi;
mod maintenance;
mod migrations;
mod open;
mod people;
mod queue;
mod requests;
mod rows;
mod satisfaction;
mod search;
mod search_index;
mod sla;
mod statistics;
mod work;

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use error::{StoreError, StoreResult};
pub use escalations::Escalation;
pub use exchange::{Export, ExportedRequest, ImportSummary};
pub use follow_ups::{RatingsImport, DEFAULT_AUTO_CLOSE_DAYS};
pub use kpi::KpiGroup;
pub use maintenance::{doctor, DoctorReport, Finding};
pub use migrations::{APPLICATION_ID, SCHEMA_VERSION};
pub use open::OpenOptions;
pub use people::PersonUpdate;
pub use queue::{AssigneeFilter, DueFilter, Page, QueueFilter, QueueSort};
pub use requests::{RequestChange, Stamp};
pub use satisfaction::{Comment, Satisfaction, TREND_WEEKS};
pub use search::fts_query;
pub use sla::{Breach, Sweep, SYSTEM_ACTOR};

/// An open Frontdesk database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    network_fs: Option<&'static str>,
    busy_timeout: Duration,
    /// What `temp.search_hits` holds.
    search_hits: std::cell::RefCell<Option<queue::SearchHits>>,
}

impl Drop for Store {
    /// Keeps the query planner's statistics fresh as the file grows, so
    /// every query, not just the ones we hint, gets its index. SQLite only
    /// analyses when a table changed a lot, and bounds the work; a busy
    /// file is left for the next close.
    fn drop(&mut self) {
        if !self.read_only {
            let _ = self.conn.busy_timeout(Duration::ZERO);
            let _ = statistics::optimize(&self.conn);
        }
    }
}

impl Store {
    /// Runs `f` in one short immediate transaction: it takes the write lock
    /// up front (waiting up to the busy timeout), so it cannot fail half-way
    /// for a lock it could have waited for.
    fn write<T>(&mut self, f: impl FnOnce(&Transaction) -> StoreResult<T>) -> StoreResult<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly(self.path.display().to_string()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = match f(&tx) {
            Ok(out) => out,
            Err(StoreError::Damaged(detail)) => {
                drop(tx);
                return Err(self.which_damage(detail));
            }
            Err(e) => return Err(e),
        };
        tx.commit()?;
        Ok(out)
    }

    /// A write refused as "malformed" on a file whose pages and indexes
    /// are all sound: the search index (which keeps no copy of the text,
    /// so cannot check it) was told to forget text it never had. A reindex
    /// mends that; restoring a backup would be out of all proportion.
    fn which_damage(&self, detail: String) -> StoreError {
        let sound = self
            .conn
            .prepare("PRAGMA quick_check")
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<Result<Vec<_>, _>>()
            })
            .is_ok_and(|found| found.iter().all(|line| line == "ok"));
        if sound {
            StoreError::SearchIndex
        } else {
            StoreError::Damaged(detail)
        }
    }

    pub fn busy_timeout(&self) -> Duration {
        self.busy_timeout
    }
}
