//! Opening the one file safely: decide what the file is before anything is
//! written, then set the pragmas a shared drive needs.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::{StoreError, StoreResult};
use super::filesystem::network_filesystem;
use super::migrations::{migrate, APPLICATION_ID, SCHEMA_VERSION};
use super::Store;

/// How to open the database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Create the file (and run migrations) when it is missing.
    pub create: bool,
    /// How long a write waits for another user's lock.
    pub busy_timeout: Duration,
    /// The user declared the file local-only, so WAL is safe.
    pub local_only: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: true,
            busy_timeout: Duration::from_secs(10),
            local_only: false,
        }
    }
}

/// What the file turned out to be, read through pragmas only.
enum FileKind {
    Empty,
    Frontdesk(i64),
}

fn classify(conn: &Connection, path: &Path) -> StoreResult<FileKind> {
    let shown = path.display().to_string();
    // One statement, so one read of the file's header and one lock: every
    // command pays for this.
    let (app_id, version, tables): (i64, i64, i64) = conn
        .query_row(
            "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_schema)
             FROM pragma_application_id a, pragma_user_version v",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(|e| match StoreError::from_sqlite(e) {
            StoreError::Damaged(_) => StoreError::NotFrontdesk(shown.clone(), "not a SQLite database"),
            other => other,
        })?;
    match app_id {
        0 if tables == 0 && version == 0 => Ok(FileKind::Empty),
        APPLICATION_ID if version > SCHEMA_VERSION => Err(StoreError::NewerSchema {
            path: shown,
            found: version,
            supported: SCHEMA_VERSION,
        }),
        APPLICATION_ID => Ok(FileKind::Frontdesk(version)),
        _ => Err(StoreError::NotFrontdesk(
            shown,
            "a SQLite database of another application",
        )),
    }
}

fn check_path(path: &Path, create: bool) -> StoreResult<bool> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(StoreError::BadPath(format!(
            "{shown} is a directory; give the path of a database file inside it"
        ))),
        Ok(_) => Ok(true),
        Err(_) if !create => Err(StoreError::BadPath(format!("{shown} does not exist"))),
        Err(_) => {
            let parent = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !parent.is_dir() {
                return Err(StoreError::BadPath(format!(
                    "cannot create {shown}: directory {} does not exist",
                    parent.display()
                )));
            }
            Ok(false)
        }
    }
}

impl Store {
    /// Opens (and if allowed, creates) a Frontdesk database. A file from a
    /// newer Frontdesk, another application's file or a non-database is
    /// refused before anything is written to it.
    pub fn open(path: &Path, options: &OpenOptions) -> StoreResult<Store> {
        let existed = check_path(path, options.create)?;
        // A file marked read-only is opened read-only even for root, who
        // could otherwise write through the permission bits.
        let marked_read_only = existed && is_marked_read_only(path);
        let mut flags = if marked_read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if options.create && !marked_read_only {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(path, flags)
            .or_else(|e| {
                // A file in a read-only directory or without write permission
                // may still be readable.
                if existed {
                    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                } else {
                    Err(e)
                }
            })
            .map_err(|e| {
                StoreError::BadPath(format!(
                    "cannot open {}: {}",
                    path.display(),
                    StoreError::from_sqlite(e)
                ))
            })?;
        conn.busy_timeout(options.busy_timeout)?;
        let kind = classify(&conn, path)?;
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)? || !journal_writable(path);
        if read_only {
            if let FileKind::Empty = kind {
                return Err(StoreError::ReadOnly(path.display().to_string()));
            }
        } else {
            set_write_pragmas(&conn, options.local_only)?;
        }
        let mut from_version = SCHEMA_VERSION;
        let needs_migration = match kind {
            FileKind::Empty => true,
            FileKind::Frontdesk(v) => v < SCHEMA_VERSION,
        };
        if needs_migration {
            if read_only {
                return Err(StoreError::ReadOnly(format!(
                    "{} (it needs a schema upgrade that must be written)",
                    path.display()
                )));
            }
            from_version = migrate(&mut conn).map_err(|e| match e {
                StoreError::NewerSchema { found, supported, .. } => StoreError::NewerSchema {
                    path: path.display().to_string(),
                    found,
                    supported,
                },
                other => other,
            })?;
        }
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            read_only,
            network_fs: network_filesystem(path),
            busy_timeout: options.busy_timeout,
            search_hits: Default::default(),
        };
        // Schema 2 added the SLA clock: compute it for requests made before.
        if from_version < 2 {
            store.fill_missing_clocks()?;
        }
        Ok(store)
    }

    /// Another, read-only connection to the same file, so one long scan
    /// can be split across cores.
    pub(super) fn reader(&self) -> StoreResult<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(self.busy_timeout)?;
        Ok(conn)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The kind of network file system the file sits on, if any.
    pub fn network_fs(&self) -> Option<&'static str> {
        self.network_fs
    }

    pub fn journal_mode(&self) -> StoreResult<String> {
        Ok(self.conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Moves whenever any connection (this process or another) commits; the
    /// TUI polls it to know when to reload.
    pub fn data_version(&self) -> StoreResult<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// In rollback-journal mode a write needs to create `-journal` beside the
/// file; in a read-only directory every write would fail, so treat the file
/// as read-only up front rather than fail half-way.
fn journal_writable(path: &Path) -> bool {
    let dir: PathBuf = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    if is_marked_read_only(&dir) {
        return false;
    }
    let Ok(c_dir) = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()) else {
        return false;
    };
    // SAFETY: access(2) only reads the NUL-terminated path we own.
    unsafe { libc::access(c_dir.as_ptr(), libc::W_OK) == 0 }
}

/// The journal mode is stored in the file, so setting it on every open
/// stops one stray client from switching everyone to WAL.
fn set_write_pragmas(conn: &Connection, local_only: bool) -> StoreResult<()> {
    let mode = if local_only { "WAL" } else { "DELETE" };
    let _: String = conn.query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    Ok(())
}

fn is_marked_read_only(path: &Path) -> bool {
    std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false)
}
