//! Backups and the health check.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::damage;
use super::error::{StoreError, StoreResult};
use super::history;
use super::migrations::{APPLICATION_ID, SCHEMA_VERSION};
use super::schema;
use super::share::{self, LockReach, Standing, Verdict};
use super::Store;
use crate::domain::text::inert_line;

/// One thing `doctor` looked at.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// False for a problem that needs acting on.
    pub ok: bool,
    /// Not a problem yet, but a risk worth knowing (a share whose kind
    /// keeps locks per machine, while only one machine uses it).
    pub warning: bool,
    pub check: String,
    pub detail: String,
    /// What to do about it, when it is not ok.
    pub advice: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    pub path: String,
    pub findings: Vec<Finding>,
}

impl DoctorReport {
    pub fn healthy(&self) -> bool {
        self.findings.iter().all(|f| f.ok)
    }
}

const RESTORE_ADVICE: &str = "stop everyone using this file, keep a copy of it as it is, then restore the newest \
     backup (`frontdesk backup` makes them) over it; `sqlite3 FILE .recover` can rescue rows from a damaged file into a new one";

impl Store {
    /// Copies a consistent snapshot to `dest` through SQLite's online
    /// backup API in one step, so writers elsewhere cannot tear it.
    pub fn backup(&self, dest: &Path) -> StoreResult<u64> {
        if dest.exists() {
            return Err(StoreError::BadPath(format!(
                "{} already exists; choose a new file name for the backup",
                dest.display()
            )));
        }
        // The copy is made under a hidden name beside the destination and
        // renamed only once it has passed its check: a failed backup (full
        // disk, damaged source, killed) never leaves a file that looks
        // like a good one, nor one that blocks the retry.
        let partial = partial_name(dest);
        let _ = std::fs::remove_file(&partial);
        let result = self.copy_checked(&partial);
        match result {
            Ok(bytes) => {
                std::fs::rename(&partial, dest).inspect_err(|_| {
                    let _ = std::fs::remove_file(&partial);
                })?;
                Ok(bytes)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                Err(e)
            }
        }
    }

    fn copy_checked(&self, target_path: &Path) -> StoreResult<u64> {
        let mut target = Connection::open(target_path).map_err(|e| {
            StoreError::BadPath(format!(
                "cannot create a backup beside {}: {}",
                target_path.display(),
                StoreError::from_sqlite(e)
            ))
        })?;
        let deadline = Instant::now() + self.busy_timeout.max(Duration::from_secs(1));
        {
            let backup = Backup::new(self.file()?, &mut target)?;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::Busy | StepResult::Locked if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    StepResult::Busy | StepResult::Locked => return Err(StoreError::Locked),
                    _ => {}
                }
            }
        }
        let check: String = target.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Damaged(format!(
                "the backup copy failed its check: {check}"
            )));
        }
        let pages: i64 = target.query_row("PRAGMA page_count", [], |r| r.get(0))?;
        let size: i64 = target.query_row("PRAGMA page_size", [], |r| r.get(0))?;
        Ok((pages * size) as u64)
    }
}

/// `.NAME.partial` beside `dest`.
fn partial_name(dest: &Path) -> std::path::PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(dest.file_name().unwrap_or_default());
    name.push(".partial");
    dest.with_file_name(name)
}

/// What to do on a share whose locks do not reach every machine.
pub const UNSHARED_ADVICE: &str =
    "run Frontdesk on the machine that holds the file (everyone over SSH), mount the share \
     with a client that shares locks (the kernel's NFS or SMB client), or move the desk to a PostgreSQL server \
     (`frontdesk migrate --to postgres://…`, README: A team desk on PostgreSQL)";

const RECHECK_ADVICE: &str = "run `frontdesk doctor` on the machine that holds the file before restoring anything: \
     a network client can serve stale pages, and a write from a machine whose locks are not seen can be caught half-way";

fn warning(check: &str, detail: impl Into<String>, advice: &str) -> Finding {
    Finding {
        warning: true,
        advice: Some(advice.to_string()),
        ..finding(true, check, detail, None)
    }
}

fn finding(ok: bool, check: &str, detail: impl Into<String>, advice: Option<&str>) -> Finding {
    Finding {
        ok,
        warning: false,
        check: check.into(),
        detail: detail.into(),
        advice: if ok { None } else { advice.map(str::to_string) },
    }
}

/// Looks the file over without changing it: it is opened read-only, so a
/// damaged file is never made worse.
pub fn doctor(path: &Path) -> DoctorReport {
    let mut findings = Vec::new();
    let report = |findings| DoctorReport {
        path: path.display().to_string(),
        findings,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            findings.push(finding(
                false,
                "file",
                "is a directory",
                Some("point --db at a database file"),
            ));
            return report(findings);
        }
        Ok(m) if !m.is_file() => {
            findings.push(finding(
                false,
                "file",
                "is not a regular file (a FIFO, a device or a socket)",
                Some("point --db at a database file"),
            ));
            return report(findings);
        }
        Ok(m) => findings.push(finding(true, "file", format!("{} bytes", m.len()), None)),
        Err(e) => {
            findings.push(finding(
                false,
                "file",
                e.to_string(),
                Some("run `frontdesk init` to create it, or check --db"),
            ));
            return report(findings);
        }
    }
    let fs = share::file_system(path);
    let local = fs.as_ref().is_none_or(|f| f.locks == LockReach::Local);
    findings.push(match &fs {
        None => finding(true, "file system", "unknown (no mount table)", None),
        Some(f) => {
            let detail = format!("{} at {} ({})", f.name, f.mount_point.display(), f.source);
            match &f.locks {
                LockReach::Local => finding(true, "file system", format!("{detail}: a local disk"), None),
                LockReach::Network => finding(
                    true,
                    "file system",
                    format!("{detail}: a network share whose locks usually reach the server"),
                    None,
                ),
                LockReach::PerMachine(why) => warning(
                    "file system",
                    format!("{detail}: {why}; safe for one machine at a time, and Frontdesk refuses to write while another machine's lock is hidden"),
                    UNSHARED_ADVICE,
                ),
            }
        }
    });
    findings.push(locks_finding(path));
    let conn = match super::open::connect(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c,
        Err(e) => {
            findings.push(finding(false, "open", e.to_string(), Some(RESTORE_ADVICE)));
            return report(findings);
        }
    };
    let header = conn.query_row(
        "SELECT * FROM pragma_application_id, pragma_user_version",
        [],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    );
    match header {
        Err(e) => {
            findings.push(finding(
                false,
                "header",
                format!("the file cannot be read as SQLite ({e})"),
                Some(RESTORE_ADVICE),
            ));
            return report(findings);
        }
        Ok((app, version)) => {
            findings.push(finding(
                app == APPLICATION_ID,
                "application id",
                if app == APPLICATION_ID {
                    "Frontdesk".to_string()
                } else {
                    format!("{app:#x}, not a Frontdesk file")
                },
                Some("this file belongs to another program; point --db at your Frontdesk database"),
            ));
            findings.push(finding(
                version <= SCHEMA_VERSION,
                "schema version",
                format!("{version} (this Frontdesk writes {SCHEMA_VERSION})"),
                Some("the file was written by a newer Frontdesk: upgrade this copy of Frontdesk"),
            ));
            if app == APPLICATION_ID && version <= SCHEMA_VERSION {
                findings.push(schema_finding(&conn, version));
            }
        }
    }
    if let Ok(mode) = conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0)) {
        let ok = mode.eq_ignore_ascii_case("delete") || fs.is_none();
        findings.push(finding(
            ok,
            "journal mode",
            mode,
            Some("WAL does not work on a network drive; open the file once with Frontdesk (it sets DELETE) with nobody else using it"),
        ));
    }
    if let Some(kind) = share::regular::not_regular(&damage::report_path(path)) {
        findings.push(finding(
            false,
            "damage report",
            format!(
                "{} is {kind}, not a report Frontdesk writes; it is never opened",
                damage::report_path(path).display()
            ),
            Some("remove it"),
        ));
    }
    match integrity(&conn) {
        Ok(problems) if problems.is_empty() => {
            let detail = match damage::reported(path) {
                // Sound now: whatever was reported is gone, and so is the
                // report that stopped everyone writing.
                Some(report) if damage::clear(path) => format!("ok (cleared an earlier report: {report})"),
                _ => "ok".to_string(),
            };
            findings.push(finding(true, "integrity", detail, None));
        }
        Ok(problems) => {
            damage::report(path, &problems.join("; "));
            let shown: Vec<String> = problems.into_iter().take(5).collect();
            findings.push(finding(
                false,
                "integrity",
                format!("damaged: {}", shown.join("; ")),
                Some(if local { RESTORE_ADVICE } else { RECHECK_ADVICE }),
            ));
        }
        Err(e) => {
            damage::report(path, &e.to_string());
            findings.push(finding(
                false,
                "integrity",
                format!("the check could not run: {e}"),
                Some(RESTORE_ADVICE),
            ));
        }
    }
    findings.extend(history_findings(&conn));
    findings.push(people_finding(&conn));
    if let Ok((requests, events)) = conn.query_row(
        "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM events)",
        [],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    ) {
        findings.push(finding(
            true,
            "contents",
            format!("{requests} requests, {events} events"),
            None,
        ));
    }
    report(findings)
}

const TAMPERED_ADVICE: &str =
    "someone changed the file with other tools: keep a copy of it as it is, then remove \
     what is not Frontdesk's with sqlite3 (DROP TRIGGER name; …) or restore a backup made before the change; \
     nothing is written to the file until then";

/// Whether the file's tables, indexes and triggers are exactly those
/// Frontdesk makes for its version.
fn schema_finding(conn: &Connection, version: i64) -> Finding {
    match schema::compare(conn, version) {
        Ok(diff) if diff.is_empty() => finding(
            true,
            "schema",
            format!("Frontdesk's own (version {version})"),
            None,
        ),
        Ok(diff) => finding(
            false,
            "schema",
            format!("not Frontdesk's own: {}", diff.describe()),
            Some(TAMPERED_ADVICE),
        ),
        Err(e) => finding(
            false,
            "schema",
            format!("cannot be read ({e})"),
            Some(RESTORE_ADVICE),
        ),
    }
}

const HISTORY_ADVICE: &str =
    "the history was edited outside Frontdesk: keep a copy of the file as it is, and compare \
     it with a backup from before that event to see what was changed";

/// Whether every event follows from the ones before it in the hash chain.
fn history_findings(conn: &Connection) -> Vec<Finding> {
    let check = match history::verify(&conn.into()) {
        Ok(check) => check,
        Err(e) if e.to_string().contains("no such column") => {
            return vec![finding(
                true,
                "history",
                "not chained yet: the file predates schema 9, and the next write links it",
                None,
            )]
        }
        Err(e) => {
            return vec![finding(
                false,
                "history",
                format!("cannot be read ({e})"),
                Some(RESTORE_ADVICE),
            )]
        }
    };
    let mut findings = vec![match check.broken_at {
        None => finding(
            true,
            "history",
            match check.head {
                Some(head) => format!(
                    "intact since #1: {} events chained; head {} (note it elsewhere: a history rewritten whole would change it)",
                    check.events,
                    crate::domain::history::to_hex(&head)
                ),
                None => "no events yet".to_string(),
            },
            None,
        ),
        Some((event, request, why)) => finding(
            false,
            "history",
            format!("intact before event {event}; event {event} (request #{request}) breaks the chain: {why}"),
            Some(HISTORY_ADVICE),
        ),
    }];
    if !check.changed_files.is_empty() {
        findings.push(finding(
            false,
            "files",
            format!(
                "changed outside Frontdesk (the bytes no longer have the SHA-256 the history covers): {}",
                check
                    .changed_files
                    .iter()
                    .map(|(request, name)| format!("{} of request #{request}", inert_line(name)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Some(HISTORY_ADVICE),
        ));
    }
    findings
}

/// Whether everyone's role and login are what their history last says.
fn people_finding(conn: &Connection) -> Finding {
    match super::people::people_out_of_history(&conn.into()) {
        Ok(changed) if changed.is_empty() => finding(
            true,
            "people",
            "every role and login is as its history says",
            None,
        ),
        Ok(changed) => finding(
            false,
            "people",
            format!("changed outside Frontdesk: {}", changed.join("; ")),
            Some(
                "see `frontdesk people history NAME`; a lead sets the role or login that is right with \
                 `frontdesk people add NAME --role ROLE` (or --login), which records it",
            ),
        ),
        Err(e) => finding(
            false,
            "people",
            format!("cannot be read ({e})"),
            Some(RESTORE_ADVICE),
        ),
    }
}

/// Whether locks work in the desk's folder, and whether every copy using
/// the desk now can see the others' locks.
fn locks_finding(path: &Path) -> Finding {
    match share::test_locks(path) {
        Err(share::LockTest::Broken(why)) => return finding(false, "locks", why, Some(UNSHARED_ADVICE)),
        Err(share::LockTest::CannotAnnounce(e)) => {
            return warning(
                "locks",
                format!("could not be tested from here ({e}); this copy can only read"),
                "run `frontdesk doctor` as someone who may write the desk's folder",
            )
        }
        Ok(()) => {}
    }
    let survey = share::survey_desk(path);
    if !survey.disregarded.is_empty() {
        let remaining = survey.disregarded.iter().any(|d| !d.ends_with(": removed"));
        let shown = |ok: bool, detail: String, advice: &str| {
            if ok {
                warning("locks", detail, advice)
            } else {
                finding(false, "locks", detail, Some(advice))
            }
        };
        return shown(
            !remaining && survey.verdict.refusal().is_none(),
            format!(
                "{}; beside the desk, not taken for a running copy: {}",
                match &survey.verdict {
                    Verdict::NotShared(why) | Verdict::Broken(why) =>
                        format!("not shared, so nothing is written: {why}"),
                    _ => "work here".to_string(),
                },
                survey.disregarded.join("; ")
            ),
            "remove what is named, if it is still there; Frontdesk never takes such files for a copy",
        );
    }
    let users: Vec<String> = survey
        .peers
        .iter()
        .filter(|p| p.standing != Standing::Gone)
        .filter_map(|p| p.sighting.announcement.as_ref())
        .map(super::share::announcement::Announcement::describe)
        .collect();
    match &survey.verdict {
        Verdict::Alone => finding(
            true,
            "locks",
            "work here; no other copy is using the desk now",
            None,
        ),
        Verdict::Shared => finding(
            true,
            "locks",
            format!("shared with every copy using the desk now: {}", users.join(", ")),
            None,
        ),
        Verdict::NotShared(why) | Verdict::Broken(why) => finding(
            false,
            "locks",
            format!("not shared, so nothing is written: {why}"),
            Some(UNSHARED_ADVICE),
        ),
    }
}

fn integrity(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}
