use thiserror::Error;

use crate::domain::ids::{RequestId, Version};
use crate::domain::DomainError;

/// Why a store operation failed, in words a support agent can act on.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("request {0} does not exist")]
    NotFound(RequestId),
    #[error("{0}")]
    Domain(#[from] DomainError),
    #[error("request {id} was changed by {by} at {at} (now version {found}, you had {expected}); reload it and try again")]
    Conflict {
        id: RequestId,
        expected: Version,
        found: Version,
        by: String,
        at: String,
    },
    #[error("database is locked by another user, try again")]
    Locked,
    #[error("database {0} is read-only; nothing was changed")]
    ReadOnly(String),
    #[error("nothing was written: {0}; the desk holds SQL that Frontdesk did not make, which could run inside its writes — `frontdesk doctor` lists it")]
    Tampered(String),
    #[error("nothing was written, to keep the desk whole: {0}. Run Frontdesk on the machine that holds the file (everyone over SSH), mount the share with a client that shares locks, or move the desk to a PostgreSQL server (`frontdesk migrate --to postgres://…`); `frontdesk doctor` explains")]
    LocksNotShared(String),
    #[error("nothing was written: {0}")]
    CannotAnnounce(String),
    #[error("what this copy read of {0} was out of date or caught half-written{1}; the file itself checks out, nothing was changed: try again")]
    StaleView(String, &'static str),
    #[error("nothing was written: {0}; run `frontdesk doctor`, which clears this once the file checks out")]
    DamageReported(String),
    #[error("{path} reads as damaged from here ({detail}), but it sits on {fs}, whose caches or locks can be out of step between machines: check it with `frontdesk doctor` on the machine that holds the file before restoring anything")]
    DamagedHere {
        path: String,
        detail: String,
        fs: String,
    },
    #[error("{0} is not a Frontdesk database (it is {1})")]
    NotFrontdesk(String, &'static str),
    #[error("{path} was written by a newer Frontdesk (schema {found}, this one knows up to {supported}); upgrade Frontdesk, the file was not touched")]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error("{0}")]
    BadPath(String),
    #[error("database is damaged: {0}; restore it from a backup (see `frontdesk doctor`)")]
    Damaged(String),
    #[error("the search index is out of step with the requests, so nothing was changed; rebuild it with `frontdesk reindex`")]
    SearchIndex,
    #[error("{0}")]
    Invalid(String),
    /// The change asked for is already so (nothing was written).
    #[error("nothing to change: request {0} already has those values")]
    NothingToChange(RequestId),
    /// The database server refused or failed, in its words.
    #[error("the database server: {0}")]
    Server(String),
    /// A query for one row found none (turned into `None` by `optional`,
    /// or into a `NotFound` naming what was looked for).
    #[error("nothing matched")]
    NoRows,
    #[error("the desk's files could not be opened just now ({0}); nothing was changed: try again, and if it lasts, `frontdesk doctor` checks the folder")]
    CannotOpen(String),
    #[error("disk is full; nothing was changed ({0})")]
    DiskFull(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl StoreError {
    /// Classifies SQLite's own errors into the cases a person can act on.
    pub fn from_sqlite(err: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode::{
            CannotOpen, DatabaseBusy, DatabaseCorrupt, DatabaseLocked, DiskFull, NotADatabase, ReadOnly,
        };
        if let rusqlite::Error::SqliteFailure(e, ref msg) = err {
            let detail = msg.clone().unwrap_or_else(|| e.to_string());
            return match e.code {
                DatabaseBusy | DatabaseLocked => StoreError::Locked,
                // A read-only copy found another copy's write in progress
                // (a journal it may not roll back): wait and try again.
                ReadOnly if e.extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK => StoreError::Locked,
                ReadOnly => StoreError::ReadOnly("file".into()),
                NotADatabase => StoreError::Damaged("the file is not a readable SQLite database".into()),
                DatabaseCorrupt => StoreError::Damaged(detail),
                DiskFull => StoreError::DiskFull(detail),
                CannotOpen => StoreError::CannotOpen(detail),
                _ => StoreError::Sqlite(err),
            };
        }
        StoreError::Sqlite(err)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        StoreError::from_sqlite(err)
    }
}
