//! Proving that the desk's folder shares locks between the machines that
//! use it, before anything is written.
//!
//! Every running copy announces itself in `DESK-presence/` beside the desk
//! file: one small file per copy, named for its host and process, holding
//! who and where it is and a heartbeat, and locked (an open-file-description
//! write lock) for as long as the copy runs. Another copy that lists the
//! folder and finds an announcement whose lock it cannot see knows one of
//! two things: the copy is gone (its process has ended, or its heartbeat
//! stopped), or the share keeps locks per machine — and then two writers
//! could both believe they hold the file, so nobody writes. See the README
//! ("Sharing one file") for the whole protocol.

pub mod announcement;
pub mod filesystem;
mod lock;
pub(crate) mod regular;
mod verdict;

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use announcement::{Activity, Announcement};
pub use filesystem::{file_system, FileSystem, LockReach};
pub use verdict::{Peer, Sighting, Standing, Verdict, HEARTBEAT_MS, STALE_MS};

/// The folder the desk file is in.
pub(crate) fn desk_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Where the copies of the desk at `db` announce themselves.
pub fn presence_dir(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push("-presence");
    db.with_file_name(name)
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// What one copy sees of the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    pub peers: Vec<Peer>,
    pub verdict: Verdict,
    /// Files in the presence folder that were not taken for a running
    /// copy, and why: what `doctor` lists, with what became of each.
    pub disregarded: Vec<String>,
}

impl Survey {
    /// The copies that are running now (whatever their locks).
    pub fn active(&self) -> impl Iterator<Item = &Announcement> {
        self.peers
            .iter()
            .filter(|p| p.standing != Standing::Gone)
            .filter_map(|p| p.sighting.announcement.as_ref())
    }
}

/// This copy's own announcement: the open, locked file and what it says.
struct Own {
    file: File,
    announcement: Announcement,
}

impl Own {
    /// Whether the name still leads to our file: a copy that took us for
    /// dead may have removed it.
    fn still_named(&self, path: &Path) -> bool {
        match (std::fs::metadata(path), self.file.metadata()) {
            (Ok(named), Ok(ours)) => named.ino() == ours.ino() && named.dev() == ours.dev(),
            _ => false,
        }
    }
}

/// A running copy's presence beside the desk, kept alive by a heartbeat
/// thread and removed when dropped.
pub struct Presence {
    dir: PathBuf,
    name: String,
    own: Arc<Mutex<Own>>,
    /// Set when this copy's announcement lapsed (the process was stopped
    /// or asleep, or another copy removed it): others may have written
    /// meanwhile, so what this copy has cached of the file is suspect.
    lapsed: Arc<AtomicBool>,
    /// Why locks in this folder do not work at all, if they do not.
    broken: Option<String>,
    stop: Option<Sender<()>>,
    beat: Option<JoinHandle<()>>,
}

fn lock_own(own: &Mutex<Own>) -> MutexGuard<'_, Own> {
    own.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The mount this process reaches `dir` through: device and mount path.
fn site_of(dir: &Path) -> String {
    let device = std::fs::metadata(dir)
        .map(|m| format!("{}:{}", libc::major(m.dev()), libc::minor(m.dev())))
        .unwrap_or_default();
    let shown = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    format!("{device} {}", shown.display())
}

fn file_name_for(a: &Announcement) -> String {
    let host: String = a
        .host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    format!("{host}-{}-{:08x}.json", a.pid, fastrand::u32(..))
}

/// Creates the announcement under a hidden name, locks and fills it, and
/// only then gives it its real name: nobody ever sees it unlocked.
fn publish(dir: &Path, name: &str, a: &Announcement) -> io::Result<(File, Option<String>)> {
    let hidden = dir.join(format!(".{name}.tmp"));
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(0o644)
        .open(&hidden)?;
    let broken = lock::hold(&file)
        .err()
        .map(|e| format!("locks do not work in the desk's folder ({e})"));
    a.write_to(&file)?;
    std::fs::rename(&hidden, dir.join(name))?;
    Ok((file, broken))
}

/// Why this copy cannot announce itself, in words that say what to do:
/// a full disk, or something standing where the presence folder goes, is
/// not a question of network shares.
#[derive(Debug)]
pub struct AnnounceError(pub String);

impl std::fmt::Display for AnnounceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl AnnounceError {
    fn of(dir: &Path, e: &io::Error) -> AnnounceError {
        let shown = dir.display();
        AnnounceError(match e.raw_os_error() {
            Some(libc::ENOSPC) => "the disk holding the desk is full: make room there".into(),
            Some(libc::EDQUOT) => "your disk quota where the desk is kept is used up: make room there".into(),
            Some(libc::EROFS) => "the desk's folder is on a read-only file system".into(),
            _ => match regular::not_regular(dir) {
                Some("a link") => format!(
                    "{shown} is a link: Frontdesk says who uses the desk only in a folder of its own there; remove the link"
                ),
                Some("a folder") => format!("this copy cannot announce itself in {shown} ({e})"),
                Some(kind) => format!(
                    "remove {kind} {shown}: it stands where Frontdesk keeps who uses the desk"
                ),
                None if dir.exists() => format!(
                    "remove the file {shown}: it stands where Frontdesk keeps who uses the desk"
                ),
                None => format!("this copy cannot announce itself beside the desk ({e})"),
            },
        })
    }
}

/// The folder takes the desk folder's permissions, so everyone who may
/// write the desk may announce themselves. A link there is refused: it
/// could lead every copy's announcements anywhere.
fn make_dir(dir: &Path, desk_dir: &Path) -> io::Result<()> {
    if let Some(kind) = regular::not_regular(dir) {
        return if kind == "a folder" {
            Ok(())
        } else {
            Err(io::Error::new(io::ErrorKind::AlreadyExists, kind))
        };
    }
    if dir.exists() {
        return Err(io::Error::from_raw_os_error(libc::ENOTDIR));
    }
    let mode = std::fs::metadata(desk_dir)?.permissions().mode() & 0o7777;
    match std::fs::DirBuilder::new().mode(mode).create(dir) {
        Ok(()) => std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

impl Presence {
    /// Announces this process as `user` running `program` beside the desk
    /// at `db`, and checks that a lock taken there can be seen at all.
    pub fn announce(db: &Path, user: &str, program: &str) -> Result<Presence, AnnounceError> {
        let dir = presence_dir(db);
        let desk = desk_dir(db);
        make_dir(&dir, &desk).map_err(|e| AnnounceError::of(&dir, &e))?;
        let announcement = Announcement::of_this_process(user, program, site_of(&desk), now_ms());
        let name = file_name_for(&announcement);
        let (file, mut broken) =
            publish(&dir, &name, &announcement).map_err(|e| AnnounceError::of(&dir, &e))?;
        if broken.is_none() {
            broken = self_test(&dir.join(&name), &announcement);
        }
        let mut presence = Presence {
            dir,
            name,
            own: Arc::new(Mutex::new(Own { file, announcement })),
            lapsed: Arc::new(AtomicBool::new(false)),
            broken,
            stop: None,
            beat: None,
        };
        presence.start_heartbeat();
        Ok(presence)
    }

    fn start_heartbeat(&mut self) {
        let (stop, stopped) = channel::<()>();
        let own = Arc::clone(&self.own);
        let lapsed = Arc::clone(&self.lapsed);
        let (dir, name) = (self.dir.clone(), self.name.clone());
        let beat = std::thread::Builder::new()
            .name("frontdesk-presence".into())
            .spawn(move || loop {
                match stopped.recv_timeout(Duration::from_millis(HEARTBEAT_MS)) {
                    Err(RecvTimeoutError::Timeout) => beat(&dir, &name, &own, &lapsed),
                    _ => return,
                }
            });
        if let Ok(handle) = beat {
            self.stop = Some(stop);
            self.beat = Some(handle);
        }
    }

    /// This copy's announcement as it stands.
    pub fn me(&self) -> Announcement {
        lock_own(&self.own).announcement.clone()
    }

    /// Tells the others what this copy is doing now.
    pub fn set_activity(&self, activity: Option<Activity>) {
        let mut own = lock_own(&self.own);
        if own.announcement.activity != activity {
            own.announcement.activity = activity;
            own.announcement.heartbeat = now_ms();
            let _ = own.announcement.write_to(&own.file);
        }
    }

    /// Whether this copy's announcement lapsed since the last call (so its
    /// view of the file may be stale); beats at once if it is overdue.
    pub fn take_lapsed(&self) -> bool {
        beat(&self.dir, &self.name, &self.own, &self.lapsed);
        self.lapsed.swap(false, Ordering::SeqCst)
    }

    /// Looks at every other copy's announcement, and clears away those of
    /// copies that are gone.
    pub fn survey(&self) -> Survey {
        let (me, share_now) = {
            let own = lock_own(&self.own);
            // Our own file was rewritten at our last beat: its time is the
            // share's clock, give or take a heartbeat.
            let written = own.file.metadata().map_or_else(|_| now_ms(), |m| modified_ms(&m));
            let since_beat = now_ms() - own.announcement.heartbeat;
            (
                own.announcement.clone(),
                written + since_beat.clamp(0, HEARTBEAT_MS as i64 * 2),
            )
        };
        let mut survey = survey_dir(&self.dir, &me, Some(&self.name), share_now);
        if let Some(why) = &self.broken {
            survey.verdict = Verdict::Broken(why.clone());
        }
        survey
    }
}

/// One heartbeat: rewrite the announcement, or announce again if another
/// copy removed it, and notice when this copy has been away too long.
fn beat(dir: &Path, name: &str, own: &Mutex<Own>, lapsed: &AtomicBool) {
    let now = now_ms();
    let mut own = lock_own(own);
    if now - own.announcement.heartbeat > STALE_MS / 2 {
        lapsed.store(true, Ordering::SeqCst);
    }
    own.announcement.heartbeat = now;
    if own.still_named(&dir.join(name)) {
        let _ = own.announcement.write_to(&own.file);
        return;
    }
    lapsed.store(true, Ordering::SeqCst);
    let _ = std::fs::remove_file(dir.join(format!(".{name}.tmp")));
    if let Ok((file, _)) = publish(dir, name, &own.announcement) {
        own.file = file;
    }
}

/// A lock just taken must be visible through a second open of the same
/// file, and what was written must read back, or this folder cannot keep
/// a desk safely whoever else uses it.
fn self_test(path: &Path, written: &Announcement) -> Option<String> {
    let probe = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return Some(format!(
                "an announcement written beside the desk cannot be opened again ({e})"
            ))
        }
    };
    match lock::held_elsewhere(&probe) {
        Ok(true) => {}
        Ok(false) => {
            return Some("a lock taken in the desk's folder cannot be seen even from this machine".into())
        }
        Err(e) => return Some(format!("locks cannot be tested in the desk's folder ({e})")),
    }
    match Announcement::read_from(&probe) {
        Ok(Some(read)) if read == *written => None,
        _ => Some("what is written in the desk's folder does not read back the same".into()),
    }
}

impl Drop for Presence {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(beat) = self.beat.take() {
            let _ = beat.join();
        }
        // Remove the name first and let the lock go with the file after:
        // nobody may find the announcement unlocked while it is named.
        let own = lock_own(&self.own);
        let path = self.dir.join(&self.name);
        if own.still_named(&path) {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// What the announcement file `name` in `dir` shows, as `me` sees it; None
/// when it went away while being read.
fn sight(dir: &Path, name: &str, me: &Announcement, now: i64) -> Option<Sighting> {
    let file = regular::open_regular(&dir.join(name)).ok()??;
    let lock_seen = lock::held_elsewhere(&file).unwrap_or(false);
    let mut announcement = Announcement::read_from(&file).ok()?;
    if announcement.is_none() && !lock_seen {
        // Perhaps caught half-written: look once more.
        std::thread::sleep(Duration::from_millis(20));
        announcement = Announcement::read_from(&file).ok()?;
    }
    let meta = file.metadata().ok()?;
    if meta.nlink() == 0 {
        // Its copy removed it (and so let go of its lock) as we looked.
        return None;
    }
    let modified = modified_ms(&meta);
    let running = announcement
        .as_ref()
        .filter(|a| me.same_machine(a))
        .map(announcement::still_running);
    Some(Sighting {
        file: name.to_string(),
        announcement,
        lock_seen,
        running,
        modified_ms_ago: now - modified,
    })
}

fn modified_ms(meta: &std::fs::Metadata) -> i64 {
    meta.mtime() * 1000 + meta.mtime_nsec() / 1_000_000
}

/// The share's clock, for an onlooker: the modification time of a file
/// it writes there for a moment (this machine's clock where it cannot).
fn share_clock(dir: &Path) -> i64 {
    let probe = dir.join(format!(
        ".clock-{}-{:08x}.tmp",
        std::process::id(),
        fastrand::u32(..)
    ));
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
        .and_then(|f| f.metadata());
    let _ = std::fs::remove_file(&probe);
    written.map_or_else(|_| now_ms(), |m| modified_ms(&m))
}

fn survey_dir(dir: &Path, me: &Announcement, own_name: Option<&str>, now: i64) -> Survey {
    let mut sightings = Vec::new();
    let mut disregarded = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if Some(name.as_str()) == own_name {
                continue;
            }
            // Only a regular file can be an announcement; anything else
            // (a FIFO would hang whoever opened it) is never opened.
            if !entry.file_type().is_ok_and(|t| t.is_file()) {
                let kind = regular::not_regular(&entry.path()).unwrap_or("not a file");
                disregarded.push(format!(
                    "{} is {kind}, not an announcement: remove it",
                    entry.path().display()
                ));
                continue;
            }
            if name.starts_with('.') {
                clear_litter(dir, &name, now);
                continue;
            }
            // Announcements are written by Frontdesk itself, always `.json`.
            if std::path::Path::new(&*name)
                .extension()
                .is_none_or(|e| e != "json")
            {
                continue;
            }
            if let Some(s) = sight(dir, &name, me, now) {
                sightings.push(s);
            }
        }
    }
    let (peers, verdict) = verdict::judge(me, sightings);
    for gone in peers.iter().filter(|p| p.standing == Standing::Gone) {
        let path = dir.join(&gone.sighting.file);
        let outcome = match std::fs::remove_file(&path) {
            Ok(()) => "removed".to_string(),
            Err(e) => format!("remove it ({e})"),
        };
        disregarded.push(format!(
            "{} ({}): {outcome}",
            path.display(),
            gone.gone_because.unwrap_or("gone")
        ));
    }
    Survey {
        peers,
        verdict,
        disregarded,
    }
}

/// A hidden file left by a copy killed between creating and naming its
/// announcement.
fn clear_litter(dir: &Path, name: &str, now: i64) {
    let path = dir.join(name);
    let Ok(Some(file)) = regular::open_regular(&path) else {
        return;
    };
    let old = file.metadata().is_ok_and(|m| now - modified_ms(&m) > STALE_MS);
    if old && !lock::held_elsewhere(&file).unwrap_or(true) {
        let _ = std::fs::remove_file(path);
    }
}

/// What an onlooker (`doctor`, `who`) sees of the copies using the desk at
/// `db`, without announcing itself.
pub fn survey_desk(db: &Path) -> Survey {
    let dir = presence_dir(db);
    let me = Announcement::of_this_process("onlooker", "doctor", site_of(&desk_dir(db)), now_ms());
    if regular::not_regular(&dir).is_some_and(|kind| kind != "a folder") {
        return Survey {
            peers: Vec::new(),
            verdict: Verdict::Alone,
            disregarded: vec![AnnounceError::of(&dir, &io::Error::from_raw_os_error(libc::ENOTDIR)).0],
        };
    }
    survey_dir(&dir, &me, None, share_clock(&dir))
}

/// Why a test of the desk folder's locks did not pass.
#[derive(Debug)]
pub enum LockTest {
    /// Locks do not work there.
    Broken(String),
    /// No announcement could be made there (a read-only folder, say).
    CannotAnnounce(AnnounceError),
}

/// Checks that locks work in the desk's folder at all, by announcing an
/// onlooker for a moment.
pub fn test_locks(db: &Path) -> Result<(), LockTest> {
    let p = Presence::announce(db, "onlooker", "doctor").map_err(LockTest::CannotAnnounce)?;
    match &p.broken {
        Some(why) => Err(LockTest::Broken(why.clone())),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        (dir, db)
    }

    #[test]
    fn two_copies_on_one_folder_see_each_other_and_their_locks() {
        let (_dir, db) = desk();
        let ana = Presence::announce(&db, "ana", "app").unwrap();
        assert_eq!(ana.survey().verdict, Verdict::Alone);
        let bruno = Presence::announce(&db, "bruno", "new").unwrap();
        let seen = bruno.survey();
        assert_eq!(seen.verdict, Verdict::Shared);
        assert_eq!(
            seen.active().map(|a| a.user.as_str()).collect::<Vec<_>>(),
            ["ana"]
        );
        drop(ana);
        assert_eq!(bruno.survey().verdict, Verdict::Alone);
        assert_eq!(std::fs::read_dir(presence_dir(&db)).unwrap().count(), 1);
    }

    #[test]
    fn a_dead_copy_of_this_machine_is_cleared_away() {
        let (_dir, db) = desk();
        let ana = Presence::announce(&db, "ana", "app").unwrap();
        let mut dead = ana.me();
        dead.pid = i32::MAX as u32 - 3;
        std::fs::write(presence_dir(&db).join("dead.json"), dead.encode()).unwrap();
        assert_eq!(ana.survey().verdict, Verdict::Alone);
        assert!(!presence_dir(&db).join("dead.json").exists());
    }

    #[test]
    fn a_live_unlocked_copy_of_another_machine_refuses_until_it_goes_stale() {
        let (_dir, db) = desk();
        let ana = Presence::announce(&db, "ana", "app").unwrap();
        let mut bruno = ana.me();
        bruno.user = "bruno".into();
        bruno.host = "desk2".into();
        bruno.boot = "other".into();
        let path = presence_dir(&db).join("desk2-1-0.json");
        std::fs::write(&path, bruno.encode()).unwrap();
        assert!(matches!(ana.survey().verdict, Verdict::NotShared(why) if why.contains("bruno")));
        // Stale by its file's age on the share, whatever it says inside.
        bruno.heartbeat = now_ms() + 1_000_000_000;
        std::fs::write(&path, bruno.encode()).unwrap();
        let old = SystemTime::now() - Duration::from_millis(STALE_MS as u64 + 5_000);
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(old)
            .unwrap();
        assert_eq!(ana.survey().verdict, Verdict::Alone);
        assert!(!path.exists(), "the stale announcement is cleared away");
    }

    #[test]
    fn activity_is_seen_by_the_others() {
        let (_dir, db) = desk();
        let ana = Presence::announce(&db, "ana", "app").unwrap();
        let bruno = Presence::announce(&db, "bruno", "app").unwrap();
        bruno.set_activity(Some(Activity::Replying(crate::domain::RequestId(7))));
        let seen = ana.survey();
        assert_eq!(
            seen.active().next().unwrap().activity,
            Some(Activity::Replying(crate::domain::RequestId(7)))
        );
    }

    #[test]
    fn a_removed_announcement_is_restored_and_marks_the_copy_lapsed() {
        let (_dir, db) = desk();
        let ana = Presence::announce(&db, "ana", "app").unwrap();
        assert!(!ana.take_lapsed());
        for entry in std::fs::read_dir(presence_dir(&db)).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        assert!(ana.take_lapsed());
        let onlooker = survey_desk(&db);
        assert_eq!(onlooker.verdict, Verdict::Shared, "announced again, locked");
    }

    #[test]
    fn a_full_disk_or_a_file_in_the_way_is_said_as_it_is() {
        let (dir, db) = desk();
        let presence = presence_dir(&db);
        let full = AnnounceError::of(&presence, &io::Error::from_raw_os_error(libc::ENOSPC));
        assert_eq!(full.0, "the disk holding the desk is full: make room there");
        std::fs::write(&presence, "x").unwrap();
        let Err(e) = Presence::announce(&db, "ana", "app") else {
            panic!("announced through a file")
        };
        assert_eq!(
            e.0,
            format!(
                "remove the file {}: it stands where Frontdesk keeps who uses the desk",
                dir.path().join("desk.db-presence").display()
            )
        );
    }

    #[test]
    fn the_presence_folder_sits_beside_the_desk() {
        assert_eq!(
            presence_dir(Path::new("/srv/help/desk.db")),
            PathBuf::from("/srv/help/desk.db-presence")
        );
        assert_eq!(
            presence_dir(Path::new("desk.db")),
            PathBuf::from("desk.db-presence")
        );
    }
}
