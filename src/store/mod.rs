//! The only place that speaks SQL. Every write is one short `BEGIN
//! IMMEDIATE` transaction, and every change to a request bumps its
//! `version` and appends an event, so nothing is lost between writers.

mod answers;
mod approvals;
mod batch;
mod bulk;
mod checklists;
mod clearance;
pub mod completion;
mod conditions;
pub(crate) mod custom_fields;
pub mod damage;
pub mod demo;
mod duplicates;
mod error;
mod escalations;
mod exchange;
mod execute;
mod follow_ups;
pub mod history;
mod hooks;
mod inbox;
mod kernel;
mod kpi;
mod links;
mod macros;
mod mail;
mod maintenance;
mod migrations;
mod open;
mod people;
pub mod postgres;
mod query_sql;
mod queue;
mod recurring;
mod requests;
mod rows;
mod satisfaction;
pub mod schema;
pub mod search;
mod search_hits;
mod search_index;
pub mod share;
mod sheet_import;
mod sla;
pub mod sql;
mod statistics;
mod sweep;
mod tags;
mod targets;
mod teams;
mod templates;
mod themes;
mod time_spent;
mod views;
mod work;

use std::path::PathBuf;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use sql::{Conn, Session};

pub use error::{StoreError, StoreResult};
pub use escalations::Escalation;
pub use exchange::{Export, ExportedRequest, ImportSummary};
pub use follow_ups::{RatingsImport, DEFAULT_AUTO_CLOSE_DAYS};
pub use kernel::{acting_name, Stamp, SYSTEM_ACTOR};
pub use kpi::KpiGroup;
pub use mail::{Intake, MailOutcome, OutboxMail, OutboxState, PendingSurvey, SurveyFigures, TakenMail};
pub use maintenance::{doctor, DoctorReport, Finding};
pub use migrations::{APPLICATION_ID, POSTGRES_MIGRATIONS, SCHEMA_VERSION};
pub use open::{OpenOptions, WriteRefusal};
pub use people::{PersonChange, PersonUpdate};
pub use queue::{AssigneeFilter, DueFilter, Page, QueueFilter, QueueSort};
pub use requests::RequestChange;
pub use satisfaction::{Comment, Satisfaction, TREND_WEEKS};
pub use search::{fts_query, FtsQuery};
pub use share::survey_desk;
pub use sweep::{Breach, Sweep};
pub use themes::ThemeSources;
pub use time_spent::TimeSpent;

/// Where a desk is kept: a file, or a database on a server.
enum Db {
    File(Connection),
    Server(Box<Session>),
}

/// An open Frontdesk database.
pub struct Store {
    conn: Db,
    /// On a server: the person the connected login acts as.
    acting_as: Option<String>,
    path: PathBuf,
    /// The file or its folder cannot be written (permissions).
    read_only: bool,
    /// Why this copy may not write although the file could be written:
    /// locks in the folder are not shared, or cannot be proven to be.
    refusal: Option<String>,
    /// Why this copy could not announce itself beside the file (a full
    /// disk, a file where the presence folder goes): then `refusal` says
    /// the same, and it is no question of shared locks.
    unannounced: Option<String>,
    /// The domain the desk's Message-IDs end in (its `from` address's).
    mail_domain: Option<String>,
    /// How the file's schema differs from Frontdesk's own (planted
    /// triggers, tables, views; missing objects): then nothing is written.
    tampered: Option<String>,
    /// SQLite's count of schema changes when the schema was last checked:
    /// SQL planted while this copy runs is caught before its next write.
    schema_seen: i64,
    /// This copy's announcement beside the file; None when it could not
    /// be made (then nothing is written).
    presence: Option<share::Presence>,
    busy_timeout: Duration,
    /// The matches of the last search, kept for the reads that follow.
    search_hits: std::cell::RefCell<Option<search_hits::SearchHits>>,
    /// Inside `all_or_nothing`: every write joins its one transaction.
    batch: bool,
    /// The events this copy's writes committed since they were last taken
    /// (`take_recorded`), for the hooks that tell the outside.
    recorded: Vec<i64>,
}

/// At most this many recorded events are kept for hooks: a bulk load is
/// no news to tell event by event.
const RECORDED_KEPT: usize = 10_000;

impl Drop for Store {
    /// Keeps the query planner's statistics fresh as the file grows, so
    /// every query, not just the ones we hint, gets its index. SQLite only
    /// analyses when a table changed a lot, and bounds the work; a busy
    /// file is left for the next close.
    fn drop(&mut self) {
        let Db::File(conn) = &self.conn else { return };
        if !self.is_read_only() && statistics::optimize_due(conn) && self.clear_to_write().is_ok() {
            if let Db::File(conn) = &self.conn {
                let _ = conn.busy_timeout(Duration::ZERO);
                let _ = statistics::optimize(conn);
            }
        }
    }
}

impl Store {
    /// The connection every query of the desk goes through, on either
    /// backend.
    pub(crate) fn db(&self) -> Conn<'_> {
        match &self.conn {
            Db::File(conn) => Conn::File(conn),
            Db::Server(session) => Conn::Server(session.as_ref()),
        }
    }

    /// The SQLite connection, for what only a desk file has.
    fn file(&self) -> StoreResult<&Connection> {
        match &self.conn {
            Db::File(conn) => Ok(conn),
            Db::Server(_) => Err(StoreError::Invalid(
                "that is done to a desk file, not to a desk on a server".into(),
            )),
        }
    }

    /// On a server, who acts: the person the database login belongs to
    /// (or the login's own name until a lead gives it to someone). None
    /// for a file, where the name given (`--as`, the config) is used.
    pub fn server_actor(&self) -> Option<&str> {
        self.acting_as.as_deref()
    }

    /// Whether the desk is kept on a PostgreSQL server.
    pub fn is_server(&self) -> bool {
        matches!(self.conn, Db::Server(_))
    }

    /// Runs `f` in one short immediate transaction: it takes the write lock
    /// up front (waiting up to the busy timeout), so it cannot fail half-way
    /// for a lock it could have waited for.
    fn write<T>(&mut self, mut f: impl FnMut(&Conn) -> StoreResult<T>) -> StoreResult<T> {
        if self.batch {
            return f(&self.db());
        }
        self.clear_to_write()?;
        if let Db::Server(session) = &self.conn {
            let mut sealed = Vec::new();
            let out = postgres::write(session, |tx| {
                let out = f(tx)?;
                for id in postgres::words::touched(tx)? {
                    postgres::words::refresh(tx, id)?;
                }
                sealed = history::seal(tx)?;
                Ok(out)
            })?;
            self.keep_recorded(sealed);
            return Ok(out);
        }
        // A network client can fail to open the journal for a moment after
        // another machine removed it (a cached directory entry): the
        // transaction rolled back whole, so it is simply tried again.
        let patience = std::time::Instant::now() + Duration::from_millis(1500);
        loop {
            match self.write_once(&mut f) {
                Err(StoreError::CannotOpen(_)) if std::time::Instant::now() < patience => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                other => return other,
            }
        }
    }

    fn write_once<T>(&mut self, f: &mut impl FnMut(&Conn) -> StoreResult<T>) -> StoreResult<T> {
        let Db::File(conn) = &mut self.conn else {
            return Err(StoreError::Invalid(
                "a server desk is written through its session".into(),
            ));
        };
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = match f(&Conn::File(&tx)) {
            Ok(out) => out,
            Err(StoreError::Damaged(detail)) => {
                drop(tx);
                return Err(self.which_damage(detail));
            }
            Err(e) => return Err(e),
        };
        let sealed = history::seal(&Conn::File(&tx))?;
        tx.commit()?;
        self.keep_recorded(sealed);
        Ok(out)
    }

    /// Keeps the ids of events just committed, for the hooks.
    fn keep_recorded(&mut self, ids: Vec<i64>) {
        let room = RECORDED_KEPT.saturating_sub(self.recorded.len());
        self.recorded.extend(ids.into_iter().take(room));
    }

    /// The events this copy committed since the last call, oldest first
    /// (at most 10,000: a bulk load is no news to tell one by one).
    pub fn take_recorded(&mut self) -> Vec<i64> {
        std::mem::take(&mut self.recorded)
    }

    /// A write refused as "malformed" on a file whose pages and indexes
    /// are all sound: the search index (which keeps no copy of the text,
    /// so cannot check it) was told to forget text it never had. A reindex
    /// mends that; restoring a backup would be out of all proportion.
    fn which_damage(&self, detail: String) -> StoreError {
        let Ok(conn) = self.file() else {
            return StoreError::Damaged(detail);
        };
        let sound = conn
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
