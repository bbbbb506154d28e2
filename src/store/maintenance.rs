//! Backups and the health check.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use super::error::{StoreError, StoreResult};
use super::filesystem::network_filesystem;
use super::migrations::{APPLICATION_ID, SCHEMA_VERSION};
use super::Store;

/// One thing `doctor` looked at.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub ok: bool,
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
        let mut target = Connection::open(dest)
            .map_err(|e| StoreError::BadPath(format!("cannot create backup {}: {}", dest.display(), e)))?;
        let deadline = Instant::now() + self.busy_timeout.max(Duration::from_secs(1));
        {
            let backup = Backup::new(&self.conn, &mut target)?;
            loop {
                match backup.step(-1)? {
                    StepResult::Done => break,
                    StepResult::Busy | StepResult::Locked if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(50))
                    }
                    StepResult::Busy | StepResult::Locked => {
                        drop(backup);
                        let _ = std::fs::remove_file(dest);
                        return Err(StoreError::Locked);
                    }
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

fn finding(ok: bool, check: &str, detail: impl Into<String>, advice: Option<&str>) -> Finding {
    Finding {
        ok,
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
    let fs = network_filesystem(path);
    findings.push(finding(
        true,
        "file system",
        match fs {
            Some(kind) => format!("network drive ({kind}): SQLite's locking is only as good as the server's; running Frontdesk over SSH on the machine that holds the file is safest"),
            None => "local".into(),
        },
        None,
    ));
    let conn = match Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) {
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
    match integrity(&conn) {
        Ok(problems) if problems.is_empty() => findings.push(finding(true, "integrity", "ok", None)),
        Ok(problems) => {
            let shown: Vec<String> = problems.into_iter().take(5).collect();
            findings.push(finding(
                false,
                "integrity",
                format!("damaged: {}", shown.join("; ")),
                Some(RESTORE_ADVICE),
            ));
        }
        Err(e) => findings.push(finding(
            false,
            "integrity",
            format!("the check could not run: {e}"),
            Some(RESTORE_ADVICE),
        )),
    }
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

fn integrity(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows.into_iter().filter(|r| r != "ok").collect())
}
