//! Many writers on one file, killed writers, a full disk, backups under
//! load, and hostile input: nothing acknowledged is lost, nothing is
//! written twice, and the file stays whole.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;
use std::process::{Child, Command};
use std::time::Duration;

use common::writers::{each_acknowledged_write_once, write_at_once, MARKER_COUNT};
use common::{code, frontdesk, one_line_error, Desk};
use rusqlite::Connection;

fn integrity(db: &Path) -> String {
    Connection::open(db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

const WRITERS: usize = 8;
const OPS_EACH: usize = 24;

#[test]
fn eight_processes_writing_at_once_lose_and_duplicate_nothing() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    desk.ok(&["people", "add", "carol", "--role", "agent"]);
    let shared: Vec<i64> = (0..6).map(|i| desk.new_request(&format!("shared {i}"))).collect();
    let db = desk.db.clone();
    let ops = write_at_once(WRITERS, OPS_EACH, &shared, move |_| db.clone());
    assert_eq!(integrity(&desk.db), "ok");
    let conn = Connection::open(&desk.db).unwrap();
    let mut stmt = conn.prepare("SELECT id, version FROM requests").unwrap();
    let versions: Vec<(i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    each_acknowledged_write_once(
        &ops,
        |marker| conn.query_row(MARKER_COUNT, [marker], |r| r.get(0)).unwrap(),
        &versions,
    );
    assert!(ops.iter().filter(|o| o.acknowledged).count() > WRITERS * OPS_EACH / 2);
}

/// Waits for a child for at most `ms`; kills it with SIGKILL if it is still
/// running. Returns whether it finished on its own with success.
fn finish_or_kill(mut child: Child, ms: u64) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_millis(ms);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if std::time::Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[test]
fn writers_killed_at_random_points_leave_a_whole_file_with_every_acknowledged_change() {
    let desk = Desk::new();
    let target = desk.new_request("target");
    let db = desk.db.clone();
    let mut rng = fastrand::Rng::with_seed(7);
    let (mut acknowledged_replies, mut demo_runs, mut demo_kills, mut kills) = (Vec::new(), 0i64, 0i64, 0);
    let rounds = 40;
    for round in 0..rounds {
        // A long transaction (demo data) and three short ones, at once.
        let demo = frontdesk(&db, "demo")
            .args(["init", "--demo", "400"])
            .spawn()
            .unwrap();
        let replies: Vec<(String, Child)> = (0..3)
            .map(|i| {
                let marker = format!("r{round}-{i}");
                (
                    marker.clone(),
                    frontdesk(&db, "w")
                        .args(["reply", &target.to_string(), &marker])
                        .spawn()
                        .unwrap(),
                )
            })
            .collect();
        // Mostly killed mid-way; now and then allowed to finish.
        let budget = if round % 5 == 0 { 5_000 } else { rng.u64(0..80) };

        if finish_or_kill(demo, budget) {
            demo_runs += 1;
        } else {
            demo_kills += 1;
            kills += 1;
        }
        for (marker, child) in replies {
            if finish_or_kill(child, rng.u64(0..40)) {
                acknowledged_replies.push(marker);
            } else {
                kills += 1;
            }
        }
    }
    // Reopening recovers any hot journal; the file is whole.
    desk.ok(&["list", "--limit", "1"]);
    assert_eq!(integrity(&db), "ok");
    for marker in &acknowledged_replies {
        let n = count(
            &db,
            &format!("SELECT count(*) FROM events WHERE body = '{marker}'"),
        );
        assert_eq!(n, 1, "acknowledged reply {marker}");
    }
    // A killed demo transaction leaves nothing behind: all or nothing. (A
    // process killed after its commit, before it exited, counts as killed
    // here but left its whole 400.)
    let requests = count(&db, "SELECT count(*) FROM requests");
    assert_eq!(
        (requests - 1) % 400,
        0,
        "{requests} requests: whole demo runs only"
    );
    let loaded = (requests - 1) / 400;
    assert!(
        (demo_runs..=demo_runs + demo_kills).contains(&loaded),
        "{loaded} demo runs in the file, {demo_runs} finished, {demo_kills} killed"
    );
    let version = count(&db, &format!("SELECT version FROM requests WHERE id = {target}"));
    let replies = count(
        &db,
        &format!("SELECT count(*) FROM events WHERE request_id = {target} AND kind = 'reply'"),
    );
    // The first reply also opened it, in the same change.
    assert_eq!(version, 1 + replies);
    eprintln!(
        "{rounds} rounds, {kills} processes killed, {} replies and {demo_runs} demo runs acknowledged",
        acknowledged_replies.len()
    );
    assert!(kills > 10, "the test must really kill writers ({kills})");
}

#[test]
fn a_full_disk_gives_a_clear_error_and_leaves_the_file_whole() {
    let desk = Desk::new();
    let mount = desk.path("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=400k", "tmpfs"])
        .arg(&mount)
        .status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("cannot mount a small tmpfs here (not root?); the full-disk test did not run");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mount.clone());
    let db = mount.join("desk.db");
    assert!(frontdesk(&db, "ana").arg("init").status().unwrap().success());
    let body = "x".repeat(19_000);
    let mut created = 0;
    let mut failure = None;
    for _ in 0..200 {
        let out = frontdesk(&db, "ana")
            .args(["new", "--subject", "fill", "--requester", "R", "--body", &body])
            .output()
            .unwrap();
        if out.status.success() {
            created += 1;
        } else {
            failure = Some(out);
            break;
        }
    }
    let out = failure.expect("the disk never filled");
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(err.contains("disk is full"), "{err}");
    assert_eq!(integrity(&db), "ok");
    assert_eq!(count(&db, "SELECT count(*) FROM requests"), created);
    // Reading still works on the full disk.
    let out = frontdesk(&db, "ana")
        .args(["list", "--format", "json", "--limit", "1000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn backups_taken_while_others_write_are_consistent() {
    let desk = Desk::new();
    let target = desk.new_request("busy");
    let db = desk.db.clone();
    let writer = std::thread::spawn({
        let db = db.clone();
        move || {
            for i in 0..40 {
                let out = frontdesk(&db, "w")
                    .args(["reply", &target.to_string(), &format!("reply {i}")])
                    .output()
                    .unwrap();
                assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            }
        }
    });
    for i in 0..6 {
        let copy = desk.path(&format!("backup-{i}.db"));
        let out = frontdesk(&db, "b").arg("backup").arg(&copy).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(integrity(&copy), "ok");
        // The copy is a snapshot: its version matches its replies.
        let replies = count(&copy, "SELECT count(*) FROM events WHERE kind = 'reply'");
        let version = count(&copy, "SELECT version FROM requests");
        assert_eq!(version, 1 + replies);
        let out = frontdesk(&copy, "b").args(["doctor"]).output().unwrap();
        assert!(out.status.success());
    }
    writer.join().unwrap();
}

#[test]
fn odd_numbers_and_ids_are_refused_in_one_line() {
    let desk = Desk::new();
    desk.new_request("x");
    for (args, exit) in [
        (vec!["show", "-5"], 2),
        (vec!["show", "99999999999999999999"], 2),
        // No request is number 0: refused as a usage mistake, as -5 is.
        (vec!["show", "0"], 2),
        (vec!["show", "#x"], 2),
        (vec!["list", "--limit", "0"], 2),
        (vec!["list", "--limit", "-3"], 2),
        (vec!["init", "--demo", "-1"], 2),
        (vec!["rate", "1", "--score", "0"], 2),
        (vec!["rate", "1", "--score", "3", "--recommend", "11"], 2),
        (
            vec![
                "update",
                "1",
                "--status",
                "open",
                "--if-version",
                "9999999999999999999999",
            ],
            2,
        ),
        (vec!["list", "--status", "open,bogus"], 2),
        (vec!["list", "--sort", "sideways"], 2),
    ] {
        let out = desk.run(&args);
        assert_eq!(
            code(&out),
            exit,
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        one_line_error(&out);
    }
}

#[test]
fn a_mistake_is_closed_with_a_reason_never_deleted() {
    let desk = Desk::new();
    let id = desk.new_request("typo").to_string();
    let out = desk.run(&["close", &id, "--reason", "  "]);
    assert_eq!(code(&out), 1);
    desk.ok(&["close", &id, "--reason", "duplicate of #1"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["status"], "closed");
    let last = r["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "closed without resolution: duplicate of #1");
    let out = desk.run(&["close", &id, "--reason", "again"]);
    assert!(one_line_error(&out).contains("already closed"));
    // History cannot be edited or deleted, not even with SQL.
    let conn = Connection::open(&desk.db).unwrap();
    assert!(conn.execute("DELETE FROM events", []).is_err());
    assert!(conn.execute("UPDATE events SET body = 'changed'", []).is_err());
    assert_eq!(integrity(&desk.db), "ok");
}

#[test]
fn an_import_with_a_broken_record_names_the_line_and_imports_nothing() {
    let desk = Desk::new();
    desk.new_request("a");
    desk.new_request("b");
    let file = desk.path("export.json");
    desk.ok(&["export", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.rfind("\"channel\": \"phone\"").unwrap();
    let broken = format!(
        "{}\"channel\": \"pigeon\"{}",
        &text[..at],
        &text[at + "\"channel\": \"phone\"".len()..]
    );
    std::fs::write(&file, broken).unwrap();
    let target = Desk::new();
    let out = target.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(err.contains("line ") && err.contains("pigeon"), "{err}");
    assert_eq!(target.listed(&[]), 0);
}

#[test]
fn terminal_control_text_of_every_kind_is_inert_in_list_and_show() {
    let desk = Desk::new();
    let nasty = "a\x1b[2Jb\x1b]52;c;ZXZpbA==\x07c\u{9b}1;1Hd\u{202e}e\u{2066}f\u{200b}g\u{feff}h\x08i\rj";
    // One-line fields refuse a line break; the rest they take.
    let one_line = nasty.replace('\r', "");
    desk.ok(&[
        "new",
        "--subject",
        &one_line,
        "--requester",
        &one_line,
        "--dept",
        &one_line,
        "--body",
        nasty,
    ]);
    // A subject another tool wrote may still hold one.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    frontdesk::store::search::register(&conn).unwrap();
    conn.execute("UPDATE requests SET subject = ?1", [nasty]).unwrap();
    drop(conn);
    desk.ok(&["note", "1", nasty]);
    desk.ok(&["resolve", "1", "--resolution", "done"]);
    desk.ok(&["rate", "1", "--score", "3", "--comment", nasty]);
    // Tables and text are for people; JSON escapes control characters, and
    // CSV into a pipe is data kept as stored (it is made inert on a terminal).
    for out in [
        desk.ok(&["list", "--status", "resolved"]),
        desk.ok(&["show", "1"]),
        desk.ok(&["list", "--format", "json"]),
    ] {
        for bad in [
            '\x1b', '\x07', '\u{9b}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{feff}', '\x08', '\r',
        ] {
            assert!(!out.contains(bad), "{bad:?} reached the output: {out:?}");
        }
    }
}
