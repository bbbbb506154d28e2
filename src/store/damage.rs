//! Damage, once found, stops every copy writing: a report is left beside
//! the desk file (`DESK-damaged`) by whoever finds it — a write that SQLite
//! refuses as corrupt (confirmed through a fresh connection), the app's
//! check at start-up, or `doctor` — and every copy refuses to write while
//! it is there. `doctor` removes it once the file checks out again.

use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use rusqlite::OpenFlags;

use super::share::announcement::{host, login};

/// Where the report of damage to the desk at `db` is kept.
pub fn report_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push("-damaged");
    db.with_file_name(name)
}

/// The report left by whoever found the damage, if there is one.
/// Only a regular file is a report: anything else planted under its name
/// is never opened (`doctor` names it).
pub fn reported(db: &Path) -> Option<String> {
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(super::share::regular::open_regular(&report_path(db)).ok()??, 4096),
        &mut text,
    )
    .ok()?;
    let first = text
        .lines()
        .next()
        .unwrap_or("damage was reported")
        .trim()
        .to_string();
    Some(crate::domain::text::inert_line(&first))
}

/// Leaves the report (one line: what was found, when, by whom, where).
pub fn report(db: &Path, what: &str) {
    let line = format!(
        "damage found {} by {}@{}: {}\n",
        crate::domain::time::rfc3339(chrono::Utc::now().timestamp()),
        login(),
        host(),
        crate::domain::text::inert_line(what)
    );
    // Never through a link planted under the report's name.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(report_path(db));
    if let Ok(mut file) = file.and_then(|f| {
        if f.metadata()?.is_file() {
            Ok(f)
        } else {
            Err(std::io::ErrorKind::Other.into())
        }
    }) {
        let _ = std::io::Write::write_all(&mut file, line.as_bytes());
    }
}

/// Removes the report once the file checks out.
pub fn clear(db: &Path) -> bool {
    std::fs::remove_file(report_path(db)).is_ok()
}

/// SQLite's quick check through a connection of its own (its own cache);
/// the problems it found, none when the file is sound.
pub fn quick_check(db: &Path) -> Result<Vec<String>, String> {
    let conn = super::open::connect(db, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| e.to_string())?;
    let mut stmt = conn.prepare("PRAGMA quick_check").map_err(|e| e.to_string())?;
    let found = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| e.to_string())?;
    Ok(found.into_iter().filter(|line| line != "ok").collect())
}

/// A "damaged" error met while opening the file, looked at again: an
/// earlier report stands; damage a fresh connection confirms is reported.
pub fn confirm(db: &Path, err: super::StoreError) -> super::StoreError {
    use super::StoreError;
    let StoreError::Damaged(detail) = err else {
        return err;
    };
    if let Some(earlier) = reported(db) {
        return StoreError::DamageReported(earlier);
    }
    if let Ok(problems) = quick_check(db) {
        if problems.is_empty() {
            return StoreError::StaleView(db.display().to_string(), "");
        }
    }
    report(db, &detail);
    StoreError::Damaged(detail)
}

/// The largest desk the app checks whole at start-up. The check reads
/// every page and holds a read lock while it does, and a writer cannot
/// commit past a reader: on a large desk (a 100,000-request desk is about
/// 180 MB, seconds over a share) every colleague's write would wait on it.
/// Larger desks are checked by `doctor`, run where the file lives.
pub const START_CHECK_LIMIT: u64 = 32 * 1024 * 1024;

/// How long after start-up the check waits, so it does not compete with
/// drawing the first screen.
const START_CHECK_DELAY: std::time::Duration = std::time::Duration::from_secs(3);

/// Whether the app checks the desk whole at start-up (it is small enough).
pub fn checked_at_start(db: &Path) -> bool {
    std::fs::metadata(db).is_ok_and(|m| m.is_file() && m.len() <= START_CHECK_LIMIT)
}

/// Checks the whole file on a thread of its own, a few seconds after the
/// app starts (so a damaged desk is found without waiting for `doctor`),
/// and leaves a report when it is damaged. Desks over `START_CHECK_LIMIT`
/// are left to `doctor`.
pub fn check_in_background(db: PathBuf) {
    if !checked_at_start(&db) {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("frontdesk-check".into())
        .spawn(move || {
            std::thread::sleep(START_CHECK_DELAY);
            match quick_check(&db) {
                Ok(problems) if !problems.is_empty() => report(&db, &problems.join("; ")),
                // A file that cannot even be opened says so on its own.
                _ => {}
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_is_kept_beside_the_desk_until_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        assert_eq!(reported(&db), None);
        report(&db, "Rowid 7 out of order\u{1b}[2J");
        let said = reported(&db).unwrap();
        assert!(said.contains("Rowid 7 out of order"), "{said}");
        assert!(!said.contains('\u{1b}'));
        assert!(clear(&db));
        assert_eq!(reported(&db), None);
    }

    #[test]
    fn only_a_small_desk_is_checked_whole_at_start_up() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        assert!(!checked_at_start(&db), "no file");
        std::fs::write(&db, vec![0u8; 4096]).unwrap();
        assert!(checked_at_start(&db));
        let file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
        file.set_len(START_CHECK_LIMIT + 1).unwrap();
        assert!(!checked_at_start(&db), "left to doctor");
    }
}
