//! The rules for a desk that several machines use, seen from one folder:
//! another machine's copy whose lock is hidden stops every write (and
//! never reading), its announcement expires when it stops beating, `who`
//! and `doctor` say what they see, and no setting switches the file's
//! journal mode.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{code, one_line_error, Desk};
use frontdesk::store::share::{now_ms, presence_dir, Activity, Announcement, Presence, STALE_MS};
use rusqlite::Connection;

/// Writes an announcement of a copy on another machine (whose lock, as on
/// a share that keeps locks per machine, is not seen here).
fn elsewhere(db: &Path, user: &str, heartbeat_ago_ms: i64) -> std::path::PathBuf {
    let mut a = Announcement::of_this_process(user, "app", "0:77 /mnt/share".into(), now_ms() - 60_000);
    a.host = "desk2".into();
    a.boot = "another-boot".into();
    a.pid = 4242;
    a.heartbeat = now_ms() - heartbeat_ago_ms;
    let dir = presence_dir(db);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("desk2-4242-0.json");
    std::fs::write(&path, a.encode()).unwrap();
    // Its file was last written at its heartbeat: that is what counts.
    touch(&path, -heartbeat_ago_ms);
    path
}

/// Sets `path`'s modification time `ms` from now (negative: in the past).
fn touch(path: &Path, ms: i64) {
    let now = std::time::SystemTime::now();
    let at = if ms >= 0 {
        now + std::time::Duration::from_millis(ms as u64)
    } else {
        now - std::time::Duration::from_millis(ms.unsigned_abs())
    };
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(at)
        .unwrap();
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string naming a path in the test's own folder.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// Runs `args` within `secs` seconds or fails the test (a FIFO opened
/// for reading would hang it for ever).
fn within(desk: &Desk, secs: u64, args: &[&str]) -> std::process::Output {
    let mut cmd = desk.cmd();
    cmd.args(args).timeout(std::time::Duration::from_secs(secs));
    let out = cmd.output().unwrap();
    assert!(out.status.code().is_some(), "{args:?} hung: {out:?}");
    out
}

#[test]
fn a_fifo_socket_or_link_beside_the_desk_is_never_opened_and_doctor_names_it() {
    let desk = Desk::new();
    desk.new_request("Printer jams");
    let dir = presence_dir(&desk.db);
    std::fs::create_dir_all(&dir).unwrap();
    mkfifo(&dir.join("desk2-1-0.json"));
    mkfifo(&dir.join(".hidden.tmp"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("sock.json")).unwrap();
    let mut damaged = desk.db.as_os_str().to_os_string();
    damaged.push("-damaged");
    mkfifo(Path::new(&damaged));
    let out = within(&desk, 20, &["note", "1", "checked the tray"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let out = within(&desk, 20, &["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("desk2-1-0.json is a FIFO, not an announcement: remove it"),
        "{text}"
    );
    assert!(text.contains("sock.json is a socket"), "{text}");
    assert!(text.contains("desk.db-damaged is a FIFO, not a report"), "{text}");
    assert_eq!(code(&out), 1, "{text}");
}

#[test]
fn a_presence_folder_that_is_a_link_or_a_file_refuses_writes_saying_what_to_remove() {
    let desk = Desk::new();
    desk.new_request("Printer jams");
    let dir = presence_dir(&desk.db);
    std::fs::remove_dir_all(&dir).ok();
    let elsewhere_dir = desk.path("elsewhere");
    std::fs::create_dir(&elsewhere_dir).unwrap();
    std::os::unix::fs::symlink(&elsewhere_dir, &dir).unwrap();
    let out = within(&desk, 20, &["note", "1", "x"]);
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(
        err.contains("desk.db-presence is a link") && err.contains("remove the link"),
        "{err}"
    );
    assert!(!err.contains("SSH"), "no advice about shares: {err}");
    assert_eq!(
        std::fs::read_dir(&elsewhere_dir).unwrap().count(),
        0,
        "nothing was announced through it"
    );
    std::fs::remove_file(&dir).unwrap();
    std::fs::write(&dir, "not a folder").unwrap();
    let out = within(&desk, 20, &["note", "1", "x"]);
    let err = one_line_error(&out);
    assert!(
        err.contains("nothing was written: remove the file") && err.contains("desk.db-presence"),
        "{err}"
    );
    // Reading still works.
    assert_eq!(desk.listed(&[]), 1);
}

#[test]
fn no_value_inside_a_planted_announcement_keeps_it_alive() {
    let desk = Desk::new();
    desk.new_request("Printer jams");
    // From 2099, by its file's time and its heartbeat.
    let planted = elsewhere(&desk.db, "mallory", -2_000_000_000_000);
    touch(&planted, 2_000_000_000_000);
    desk.ok(&["note", "1", "the future is no sign of life"]);
    assert!(!planted.exists(), "cleared away");
    // A heartbeat far ahead in a file last written a minute ago.
    let planted = elsewhere(&desk.db, "mallory", -2_000_000_000_000);
    touch(&planted, -60_000);
    desk.ok(&["note", "1", "a heartbeat is not a sign of life"]);
    // A copy "on this machine" naming process 1 with start time 0.
    let mut one = Announcement::of_this_process("mallory", "app", "0:99 /elsewhere".into(), now_ms());
    one.pid = 1;
    one.pid_start = 0;
    let dir = presence_dir(&desk.db);
    std::fs::write(dir.join("init-1-0.json"), one.encode()).unwrap();
    desk.ok(&["note", "1", "process 1 is not a copy"]);
    // Unreadable and older than the window.
    let garbage = dir.join("garbage.json");
    std::fs::write(&garbage, b"\x00\xffnot an announcement").unwrap();
    touch(&garbage, -(STALE_MS + 5_000));
    desk.ok(&["note", "1", "litter"]);
    assert!(!garbage.exists());
    // doctor says what it disregarded.
    let planted = elsewhere(&desk.db, "mallory", -2_000_000_000_000);
    touch(&planted, 2_000_000_000_000);
    let text = desk.ok(&["doctor"]);
    assert!(
        text.contains("desk2-4242-0.json (its modification time is in the future): removed"),
        "{text}"
    );
}

fn journal_mode(db: &Path) -> String {
    Connection::open(db)
        .unwrap()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_live_copy_on_another_machine_whose_lock_is_hidden_stops_every_write() {
    let desk = Desk::new();
    let id = desk.new_request("Printer jams");
    let before = std::fs::read(&desk.db).unwrap();
    let announcement = elsewhere(&desk.db, "bruno", 1_000);

    for args in [
        vec!["note", "1", "checked the tray"],
        vec!["new", "--subject", "x", "--requester", "Ben"],
        vec!["people", "add", "carol", "--role", "agent"],
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        let err = one_line_error(&out);
        assert!(err.contains("nothing was written"), "{err}");
        assert!(
            err.contains("bruno (app on desk2, pid 4242)"),
            "names the copy: {err}"
        );
        assert!(err.contains("over SSH"), "says what to do: {err}");
    }
    assert_eq!(std::fs::read(&desk.db).unwrap(), before, "not a byte changed");

    // Reading stays possible.
    assert_eq!(desk.listed(&[]), 1);
    assert!(desk.ok(&["show", &id.to_string()]).contains("Printer jams"));

    // Once bruno's copy stops beating it is taken for gone, and cleared away.
    elsewhere(&desk.db, "bruno", STALE_MS + 5_000);
    desk.ok(&["note", "1", "checked the tray"]);
    assert!(!announcement.exists());
}

#[test]
fn who_lists_the_copies_with_host_and_whether_their_lock_is_seen() {
    let desk = Desk::new();
    desk.new_request("x");
    assert!(desk.ok(&["who"]).contains("nobody has the desk open"));

    let ana = Presence::announce(&desk.db, "ana", "app").unwrap();
    ana.set_activity(Some(Activity::Replying(frontdesk::domain::RequestId(1))));
    let json = desk.json(&["who", "--format", "json"]);
    assert_eq!(json["locks"], "shared");
    let copies = json["copies"].as_array().unwrap();
    assert_eq!(copies.len(), 1, "the onlooker itself is not listed: {json}");
    assert_eq!(copies[0]["user"], "ana");
    assert_eq!(copies[0]["program"], "app");
    assert_eq!(copies[0]["lock_seen"], true);
    assert_eq!(copies[0]["pid"], std::process::id());
    assert_eq!(copies[0]["activity"]["doing"], "replying");

    elsewhere(&desk.db, "bruno", 1_000);
    let text = desk.ok(&["who"]);
    assert!(text.contains("ana") && text.contains("replying to #1"), "{text}");
    assert!(text.contains("bruno") && text.contains("desk2"), "{text}");
    assert!(text.contains("its lock cannot be seen from here"), "{text}");
    assert!(text.contains("locks are not shared"), "{text}");
    drop(ana);
}

#[test]
fn doctor_names_the_file_system_and_reports_hidden_locks_with_remedies() {
    let desk = Desk::new();
    desk.new_request("x");
    let out = desk.ok(&["doctor"]);
    assert!(out.contains("[ok  ] file system"), "{out}");
    assert!(out.contains("[ok  ] locks           work here"), "{out}");

    elsewhere(&desk.db, "bruno", 1_000);
    let out = desk.run(&["doctor"]);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[BAD ] locks"), "{text}");
    assert!(text.contains("bruno"), "{text}");
    assert!(text.contains("over SSH"), "{text}");
    // A desk on a server is the third remedy.
    assert!(text.contains("PostgreSQL server"), "{text}");
    let out = desk.run(&["doctor", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let locks = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check"] == "locks")
        .unwrap()
        .clone();
    assert_eq!(locks["ok"], false, "{locks}");
}

#[test]
fn a_copy_killed_on_this_machine_leaves_an_announcement_that_is_cleared_at_once() {
    let desk = Desk::new();
    desk.new_request("x");
    let mut a = Announcement::of_this_process("ana", "app", "0:99 /other-mount".into(), now_ms());
    a.pid = i32::MAX as u32 - 11;
    let dir = presence_dir(&desk.db);
    std::fs::write(dir.join("killed.json"), a.encode()).unwrap();
    desk.ok(&["note", "1", "still writable"]);
    assert!(!dir.join("killed.json").exists());
}

#[test]
fn no_setting_switches_the_shared_file_to_wal() {
    let desk = Desk::new();
    desk.new_request("x");
    let config = desk.path("config.toml");
    std::fs::write(&config, "local_only = true\n").unwrap();
    let out = desk
        .cmd()
        .env("FRONTDESK_CONFIG", &config)
        .args(["note", "1", "with local_only set"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(journal_mode(&desk.db), "delete");
    let doctor = desk
        .cmd()
        .env("FRONTDESK_CONFIG", &config)
        .arg("doctor")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&doctor.stdout);
    assert!(
        text.contains("[WARN] config") && text.contains("local_only"),
        "{text}"
    );

    // A file some other program left in WAL goes back to DELETE.
    Connection::open(&desk.db)
        .unwrap()
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
        .unwrap();
    desk.ok(&["note", "1", "back to delete"]);
    assert_eq!(journal_mode(&desk.db), "delete");
}

#[test]
fn a_desk_that_cannot_be_created_on_an_unsafe_share_is_not_created() {
    let desk = Desk::new();
    let db = desk.path("new.db");
    elsewhere(&db, "bruno", 1_000);
    let out = desk.cmd().env("FRONTDESK_DB", &db).arg("init").output().unwrap();
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("nothing was written"));
    assert!(!db.exists());
}

#[test]
fn damage_is_only_reported_after_a_second_look() {
    use frontdesk::store::{OpenOptions, Store, StoreError};
    let desk = Desk::new();
    desk.new_request("x");
    let mut store = Store::open(&desk.db, &OpenOptions::default()).unwrap();
    // A read that met stale pages: the file itself is sound.
    let said = store
        .second_opinion(StoreError::Damaged("database disk image is malformed".into()))
        .to_string();
    assert!(said.contains("the file itself checks out"), "{said}");
    assert!(!said.contains("backup"), "no restore on a false alarm: {said}");
    drop(store);

    // Really damaged, on a local disk: then restoring is the advice.
    let mut data = std::fs::read(&desk.db).unwrap();
    let page = 4096;
    for b in &mut data[page..4 * page] {
        *b = 0x5a;
    }
    std::fs::write(&desk.db, &data).unwrap();
    let mut store = Store::open(&desk.db, &OpenOptions::default()).unwrap();
    let said = store
        .second_opinion(StoreError::Damaged("database disk image is malformed".into()))
        .to_string();
    assert!(said.contains("restore it from a backup"), "{said}");
}

mod app {
    use super::*;
    use common::screen::Screen;
    use crossterm::event::KeyCode;
    use frontdesk::store::survey_desk;

    #[test]
    fn the_header_shows_who_else_is_here_and_the_detail_who_is_replying() {
        let mut app = Screen::seeded(80, 24);
        assert!(!app.text().contains("also here"));
        let bruno = Presence::announce(&app.db, "bruno", "app").unwrap();
        let carla = Presence::announce(&app.db, "carla", "show").unwrap();
        app.tick(common::NOW);
        let screen = app.text();
        assert!(
            screen.lines().next().unwrap().contains("also here: bruno, carla"),
            "{screen}"
        );

        app.press(KeyCode::Enter);
        let id = app.app.selected_id.unwrap();
        bruno.set_activity(Some(Activity::Replying(id)));
        app.tick(common::NOW);
        let screen = app.text();
        assert!(screen.contains("bruno is replying…"), "{screen}");
        bruno.set_activity(Some(Activity::Replying(frontdesk::domain::RequestId(
            id.0 + 1000,
        ))));
        app.tick(common::NOW);
        assert!(
            !app.text().contains("is replying"),
            "only on the request it is about"
        );
        drop((bruno, carla));
        app.tick(common::NOW);
        assert!(!app.text().contains("also here"));
    }

    #[test]
    fn opening_a_reply_tells_the_others_and_closing_it_takes_it_back() {
        let mut app = Screen::seeded(80, 24);
        let id = app.app.selected_id.unwrap();
        let doing = |db: &Path| {
            survey_desk(db)
                .active()
                .find(|a| a.program == "app")
                .and_then(|a| a.activity)
        };
        app.keys("r");
        assert_eq!(doing(&app.db), Some(Activity::Replying(id)));
        app.press(KeyCode::Esc);
        assert_eq!(doing(&app.db), None);
        app.keys("i");
        assert_eq!(doing(&app.db), Some(Activity::Noting(id)));
    }
}

#[test]
fn a_copy_whose_announcement_was_removed_announces_again_before_it_writes() {
    use frontdesk::domain::NewRequest;
    use frontdesk::store::{OpenOptions, Store};
    let desk = Desk::new();
    desk.new_request("x");
    let mut store = Store::open(&desk.db, &OpenOptions::default()).unwrap();
    // Another copy took this one for dead and cleared its announcement.
    for entry in std::fs::read_dir(presence_dir(&desk.db)).unwrap() {
        std::fs::remove_file(entry.unwrap().path()).unwrap();
    }
    let new = NewRequest {
        subject: "after the lapse".into(),
        requester: "Ben".into(),
        ..NewRequest::default()
    };
    common::screen::record(&mut store, "ana", 1_800_000_000, new);
    let names: Vec<_> = std::fs::read_dir(presence_dir(&desk.db)).unwrap().collect();
    assert_eq!(names.len(), 1, "announced again");
    let who = desk.json(&["who", "--format", "json"]);
    assert_eq!(who["copies"][0]["pid"], std::process::id());
    assert_eq!(who["copies"][0]["lock_seen"], true);
}
