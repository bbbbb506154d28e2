//! Opening the one file safely: decide what the file is before anything is
//! written, then set the pragmas a shared drive needs.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use super::error::{StoreError, StoreResult};
use super::migrations::{migrate, APPLICATION_ID, SCHEMA_VERSION};
use super::schema;
use super::share::{self, FileSystem, Presence};
use super::Store;

/// How to open the database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Create the file (and run migrations) when it is missing.
    pub create: bool,
    /// How long a write waits for another user's lock.
    pub busy_timeout: Duration,
    /// Who this copy acts as, and what it runs (`app`, or a command), as
    /// announced to the other copies beside the file.
    pub user: String,
    pub program: String,
    /// The name asked for by `--as`, when it was: on a server, where who
    /// acts is the database login, a different name is refused.
    pub named: Option<String>,
    /// The domain the desk's Message-IDs end in (`[mail] from`'s).
    pub mail_domain: Option<String>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: true,
            busy_timeout: Duration::from_secs(10),
            user: share::announcement::login(),
            program: "frontdesk".into(),
            named: None,
            mail_domain: None,
        }
    }
}

/// What the file turned out to be, read through pragmas only.
enum FileKind {
    Empty,
    Frontdesk(i64),
}

/// Whether a read failed only because another copy, whose locks this one
/// cannot see, is half-way through a write (its journal is there, and a
/// read-only copy may not roll it back).
fn caught_mid_write(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error().map(|f| (f.code, f.extended_code)),
        Some((rusqlite::ErrorCode::CannotOpen, _) | (_, rusqlite::ffi::SQLITE_READONLY_ROLLBACK))
    ) || matches!(e.sqlite_error_code(), Some(rusqlite::ErrorCode::DatabaseBusy))
}

/// Reads the header; a copy that may not write waits out another copy's
/// write in progress, up to the busy timeout, as a writer waits for a lock.
fn classify(conn: &Connection, path: &Path, refused: bool, patience: Duration) -> StoreResult<FileKind> {
    let deadline = Instant::now() + patience;
    loop {
        match read_header(conn, path) {
            Err(e) if refused && caught_mid_write(&e) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(e) if refused && caught_mid_write(&e) => return Err(StoreError::Locked),
            Err(e) => return Err(header_error(e, path)),
            Ok(kind) => return kind,
        }
    }
}

fn header_error(e: rusqlite::Error, path: &Path) -> StoreError {
    match StoreError::from_sqlite(e) {
        StoreError::Damaged(_) => {
            StoreError::NotFrontdesk(path.display().to_string(), "not a SQLite database")
        }
        other => other,
    }
}

fn read_header(conn: &Connection, path: &Path) -> rusqlite::Result<StoreResult<FileKind>> {
    let shown = path.display().to_string();
    // One statement, so one read of the file's header and one lock: every
    // command pays for this.
    let (app_id, version, tables): (i64, i64, i64) = conn.query_row(
        "SELECT a.application_id, v.user_version, (SELECT count(*) FROM sqlite_schema)
             FROM pragma_application_id a, pragma_user_version v",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(kind_of(shown, app_id, version, tables))
}

fn kind_of(shown: String, app_id: i64, version: i64, tables: i64) -> StoreResult<FileKind> {
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
        Ok(meta) if !meta.is_file() => Err(StoreError::BadPath(format!(
            "{shown} is not a regular file (a FIFO, a device or a socket); give the path of a database file"
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
        if let Some(address) = path.to_str().filter(|p| super::postgres::is_server_address(p)) {
            return Store::open_server(address, &super::postgres::shown_address(address), options);
        }
        let existed = check_path(path, options.create)?;
        // A file marked read-only is opened read-only even for root, who
        // could otherwise write through the permission bits.
        let marked_read_only = existed && is_marked_read_only(path);
        let folder_writable = journal_writable(path);
        // Announce this copy and look at the others before the file is
        // opened: a copy that may not write opens it read-only, so it can
        // never roll back another machine's journal as if it were hot.
        let (presence, refusal, unannounced) = if marked_read_only || !folder_writable {
            (None, None, None)
        } else {
            match Presence::announce(path, &options.user, &options.program) {
                Ok(p) => {
                    let refusal = p.survey().verdict.refusal().map(str::to_string);
                    (Some(p), refusal, None)
                }
                Err(e) => (None, Some(e.0.clone()), Some(e.0)),
            }
        };
        let refused = |why: String| match &unannounced {
            Some(_) => StoreError::CannotAnnounce(why),
            None => StoreError::LocksNotShared(why),
        };
        if let (Some(why), false) = (&refusal, existed) {
            return Err(refused(why.clone()));
        }
        let mut flags = if marked_read_only || refusal.is_some() {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if options.create && !marked_read_only && refusal.is_none() {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = connect(path, flags)
            .or_else(|e| {
                // A file in a read-only directory or without write permission
                // may still be readable.
                if existed {
                    connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
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
        let kind = classify(&conn, path, refusal.is_some(), options.busy_timeout)?;
        let read_only = (conn.is_readonly(rusqlite::MAIN_DB)? && refusal.is_none()) || !folder_writable;
        if read_only {
            if let FileKind::Empty = kind {
                return Err(StoreError::ReadOnly(path.display().to_string()));
            }
        } else if refusal.is_none() {
            set_write_pragmas(&conn)?;
        }
        let mut from_version = SCHEMA_VERSION;
        let needs_migration = match kind {
            FileKind::Empty => true,
            FileKind::Frontdesk(v) => v < SCHEMA_VERSION,
        };
        if let FileKind::Frontdesk(v) = kind {
            // Our own steps must never run beside SQL someone planted:
            // an upgrade that updates rows would fire their triggers.
            if v < SCHEMA_VERSION {
                let foreign = schema::SchemaDiff {
                    foreign: schema::foreign_triggers(&conn, v)?,
                    missing: Vec::new(),
                };
                if !foreign.is_empty() {
                    return Err(StoreError::Tampered(format!(
                        "{} cannot be upgraded: {}",
                        path.display(),
                        foreign.describe()
                    )));
                }
            }
        }
        if needs_migration {
            if let Some(why) = &refusal {
                return Err(refused(format!(
                    "{why} (and the file needs a schema upgrade, which must be written)"
                )));
            }
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
                StoreError::Sqlite(e) => StoreError::Tampered(format!(
                    "{}: its schema does not match the version it claims ({e}); the upgrade was not applied",
                    path.display()
                )),
                other => other,
            })?;
        }
        let tampered = schema::check(&conn)?.map(|diff| diff.describe());
        let schema_seen = schema::version(&conn)?;
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        let mut store = Store {
            conn: super::Db::File(conn),
            acting_as: None,
            path: path.to_path_buf(),
            read_only,
            refusal,
            unannounced,
            mail_domain: options.mail_domain.clone(),
            tampered,
            schema_seen,
            presence,
            busy_timeout: options.busy_timeout,
            search_hits: Default::default(),
            batch: false,
            recorded: Vec::new(),
        };
        // Schema 2 added the SLA clock: compute it for requests made before.
        if from_version < 2 {
            store.fill_missing_clocks()?;
        }
        // Schema 9 chains the history: the events recorded before it are
        // linked once (every write seals what it adds). The clocks of open
        // requests are worked out again too: a reply-by no longer counts
        // once the requester has an answer.
        if from_version < 9 && from_version > 0 {
            store.write(|tx| {
                let policy = super::kernel::load_policy(tx)?;
                super::kernel::recompute_clocks(tx, &policy, "status IN ('new', 'open', 'waiting')")
                    .map(|_| ())
            })?;
        }
        Ok(store)
    }

    /// A new connection to the same file, in place of the old one: after a
    /// change between read-only and writing, or when what this copy has
    /// cached may be stale (opening the file again makes network clients
    /// drop their cached pages).
    pub(super) fn reconnect(&mut self, read_only: bool) -> StoreResult<()> {
        let flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = connect(&self.path, flags)?;
        conn.busy_timeout(self.busy_timeout)?;
        if !read_only {
            set_write_pragmas(&conn)?;
        }
        conn.execute_batch("PRAGMA foreign_keys = ON;")?;
        self.conn = super::Db::File(conn);
        *self.search_hits.borrow_mut() = None;
        Ok(())
    }

    /// Another, read-only connection to the same file, so one long scan
    /// can be split across cores.
    pub(super) fn reader(&self) -> StoreResult<Connection> {
        self.file()?;
        let conn = connect(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(self.busy_timeout)?;
        Ok(conn)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Nothing can be written: the file's permissions, or locks that are
    /// not shared (then `refusal` says why).
    pub fn is_read_only(&self) -> bool {
        self.read_only
            || self.refusal.is_some()
            || self.tampered.is_some()
            || super::damage::reported(&self.path).is_some()
    }

    /// Why this copy may not write although the file could be written:
    /// SQL in the file that Frontdesk did not make, or locks not shared.
    pub fn refusal(&self) -> Option<WriteRefusal> {
        if let Some(report) = super::damage::reported(&self.path) {
            return Some(WriteRefusal {
                why: report,
                remedy: "Nothing is written until `frontdesk doctor` finds the file sound again",
            });
        }
        match (&self.tampered, &self.refusal) {
            (Some(diff), _) => Some(WriteRefusal {
                why: format!("the desk's schema is not Frontdesk's own: {diff}"),
                remedy: "Nothing is written while it is there; `frontdesk doctor` lists it",
            }),
            (None, Some(why)) => Some(WriteRefusal {
                why: why.clone(),
                remedy: if self.unannounced.is_some() {
                    "Nothing is written until that is put right; then start Frontdesk again"
                } else {
                    "To write, run Frontdesk over SSH where the file is; `frontdesk doctor` explains"
                },
            }),
            (None, None) => None,
        }
    }

    /// The file system the desk sits on, named from the mount table.
    pub fn file_system(&self) -> Option<FileSystem> {
        share::file_system(&self.path)
    }

    pub fn journal_mode(&self) -> StoreResult<String> {
        Ok(self.file()?.query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self.file()?.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// On a server, calls `heard` from a thread of its own whenever another
    /// copy commits a change; returns whether it listens (a file has no
    /// one to tell it: `data_version` is polled instead).
    pub fn listen_for_changes(&self, heard: impl FnMut() -> bool + Send + 'static) -> StoreResult<bool> {
        match &self.conn {
            super::Db::Server(session) => session.listen(heard).map(|()| true),
            super::Db::File(_) => Ok(false),
        }
    }

    /// Moves whenever any connection (this process or another) commits; the
    /// TUI polls it to know when to reload.
    pub fn data_version(&self) -> StoreResult<i64> {
        if let super::Db::Server(session) = &self.conn {
            return session.changes_heard();
        }
        Ok(self.file()?.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// Why nothing may be written, and what to do about it, in words for a
/// banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteRefusal {
    pub why: String,
    pub remedy: &'static str,
}

/// A connection to the file with everything the file could make it run
/// that Frontdesk does not need turned off.
pub(super) fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    schema::harden(&conn)?;
    super::search::register(&conn)?;
    Ok(conn)
}

/// In rollback-journal mode a write needs to create `-journal` beside the
/// file; in a read-only directory every write would fail, so treat the file
/// as read-only up front rather than fail half-way.
fn journal_writable(path: &Path) -> bool {
    let dir = share::desk_dir(path);
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
/// stops one stray client from switching everyone to WAL (whose shared
/// memory cannot work across machines, and which locks out every copy
/// that opens the file in another mode). No setting changes it.
fn set_write_pragmas(conn: &Connection) -> StoreResult<()> {
    let _: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    Ok(())
}

fn is_marked_read_only(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly())
}
