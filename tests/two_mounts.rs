//! Two machines on a share whose locks are not shared (two bindfs mounts
//! of one folder): whatever they do at once, no acknowledged write is lost,
//! no id is handed out twice, the file stays whole, and every refusal is
//! one clear line.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::frontdesk;
use common::mounts::TwoMachines;
use common::screen::{options, Screen};
use frontdesk::store::share::presence_dir;
use frontdesk::tui::view::ViewId;
use rusqlite::Connection;

fn run(db: &Path, user: &str, args: &[&str]) -> Output {
    frontdesk(db, user).args(args).output().expect("run frontdesk")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, "ana", args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn integrity(db: &Path) -> String {
    Connection::open(db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// A refusal must be one of the clear ones, in one line: never damage,
/// never a panic.
fn clear_refusal(out: &Output) -> &'static str {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    if err.contains("nothing was written, to keep the desk whole") {
        "locks not shared"
    } else if err.contains("locked by another user") {
        "busy"
    } else if err.contains("could not be opened just now") {
        "could not open"
    } else {
        panic!("an unclear refusal: {err}")
    }
}

/// What one writer did: the marker of each write and whether it was
/// acknowledged (for `new`, the id it printed).
#[derive(Debug, Default)]
struct Tally {
    acknowledged_new: Vec<(i64, String)>,
    acknowledged_notes: Vec<String>,
    refused: Vec<&'static str>,
}

/// `writers` processes per mount, `ops` operations each, all at once:
/// every other operation records a request, the rest add a note to the
/// first request.
fn writers_at_once(mounts: &[PathBuf], writers: usize, ops: usize) -> Vec<Tally> {
    writers_pausing(mounts, writers, ops, Duration::ZERO)
}

/// The same, each writer pausing up to `pause` (at random) between its
/// operations.
fn writers_pausing(mounts: &[PathBuf], writers: usize, ops: usize, pause: Duration) -> Vec<Tally> {
    let threads: Vec<_> = mounts
        .iter()
        .enumerate()
        .flat_map(|(m, db)| {
            (0..writers).map(move |w| {
                let db = db.clone();
                std::thread::spawn(move || {
                    let mut tally = Tally::default();
                    for n in 0..ops {
                        std::thread::sleep(pause.mul_f64(fastrand::f64()));
                        let marker = format!("m{m}-w{w}-op{n}");
                        let out = if n % 2 == 0 {
                            run(&db, "ana", &["new", "--subject", &marker, "--requester", "Ben"])
                        } else {
                            run(&db, "ana", &["note", "1", &marker])
                        };
                        if !out.status.success() {
                            tally.refused.push(clear_refusal(&out));
                        } else if n % 2 == 0 {
                            let id = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
                            tally.acknowledged_new.push((id, marker));
                        } else {
                            tally.acknowledged_notes.push(marker);
                        }
                    }
                    tally
                })
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

/// Checks the file against what was acknowledged; returns how many
/// acknowledged writes are missing.
fn lost(real: &Path, tallies: &[Tally]) -> usize {
    let conn = Connection::open(real).unwrap();
    let mut lost = 0;
    let mut ids = HashSet::new();
    for t in tallies {
        for (id, subject) in &t.acknowledged_new {
            assert!(ids.insert(*id), "id {id} was handed out twice");
            let found: Option<String> = conn
                .query_row("SELECT subject FROM requests WHERE id = ?1", [id], |r| r.get(0))
                .ok();
            lost += usize::from(found.as_deref() != Some(subject.as_str()));
        }
        for marker in &t.acknowledged_notes {
            let n: i64 = conn
                .query_row("SELECT count(*) FROM events WHERE body = ?1", [marker], |r| {
                    r.get(0)
                })
                .unwrap();
            lost += usize::from(n != 1);
        }
    }
    lost
}

/// Two machines, and a desk with request #1 recorded on A.
fn desk_on_two_machines(subject: &str) -> Option<TwoMachines> {
    let two = TwoMachines::mount()?;
    ok(
        &two.desk_a(),
        &["new", "--subject", subject, "--requester", "Ben"],
    );
    Some(two)
}

/// How a run ended, as the server's copy of the file shows it.
struct Outcome {
    acknowledged: usize,
    refused: usize,
    lost: usize,
    integrity: String,
}

/// Checks the file against the tallies and prints the figures (`cargo
/// test --test two_mounts -- --nocapture` shows them).
fn outcome(what: &str, two: &TwoMachines, tallies: &[Tally]) -> Outcome {
    let o = Outcome {
        acknowledged: tallies
            .iter()
            .map(|t| t.acknowledged_new.len() + t.acknowledged_notes.len())
            .sum(),
        refused: tallies.iter().map(|t| t.refused.len()).sum(),
        lost: lost(&two.desk_real(), tallies),
        integrity: integrity(&two.desk_real()),
    };
    eprintln!(
        "{what}: writers {}, operations {}, acknowledged {}, refused {}, lost {}, integrity {}",
        tallies.len(),
        o.acknowledged + o.refused,
        o.acknowledged,
        o.refused,
        o.lost,
        o.integrity
    );
    o
}

#[test]
fn writers_on_both_machines_at_once_lose_nothing_and_never_corrupt() {
    let Some(two) = desk_on_two_machines("shared") else {
        return;
    };
    let tallies = writers_at_once(&[two.desk_a(), two.desk_b()], 4, 40);
    let o = outcome("two machines at once", &two, &tallies);
    assert_eq!((o.lost, o.integrity.as_str()), (0, "ok"));
    assert!(
        o.refused > 0,
        "copies on both machines overlapped, so some writes must be refused"
    );
    assert!(
        o.acknowledged > 0,
        "writes go through while only one machine is active"
    );
    assert!(tallies
        .iter()
        .flat_map(|t| &t.refused)
        .any(|r| *r == "locks not shared"));
}

#[test]
fn two_writers_with_pauses_lose_nothing() {
    let Some(two) = desk_on_two_machines("shared") else {
        return;
    };
    let tallies = writers_pausing(&[two.desk_a(), two.desk_b()], 1, 16, Duration::from_millis(400));
    let o = outcome("two writers with pauses", &two, &tallies);
    assert_eq!((o.lost, o.integrity.as_str()), (0, "ok"));
}

#[test]
fn one_machine_alone_writes_as_on_a_local_disk() {
    let Some(two) = desk_on_two_machines("shared") else {
        return;
    };
    let tallies = writers_at_once(&[two.desk_a()], 4, 20);
    let o = outcome("one machine", &two, &tallies);
    assert_eq!((o.acknowledged, o.refused, o.lost), (80, 0, 0));
    assert_eq!(o.integrity, "ok");
}

#[test]
fn machines_taking_turns_lose_nothing() {
    let Some(two) = desk_on_two_machines("shared") else {
        return;
    };
    let mut tally = Tally::default();
    for n in 0..30 {
        let db = if n % 2 == 0 { two.desk_a() } else { two.desk_b() };
        let marker = format!("turn {n}");
        let out = run(&db, "ana", &["note", "1", &marker]);
        if out.status.success() {
            tally.acknowledged_notes.push(marker);
        } else {
            tally.refused.push(clear_refusal(&out));
        }
        // What the other machine wrote is there when this one reads.
        let shown = ok(&db, &["show", "1"]);
        for earlier in &tally.acknowledged_notes {
            assert!(shown.contains(earlier.as_str()), "{earlier} missing from {db:?}");
        }
    }
    let o = outcome("taking turns", &two, &[tally]);
    assert_eq!((o.lost, o.integrity.as_str()), (0, "ok"));
}

#[test]
fn the_app_on_one_machine_never_overwrites_the_other_machines_write() {
    let Some(two) = desk_on_two_machines("Printer jams") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut app = Screen::open_with(dir, two.desk_a(), 80, 24, ViewId::AllOpen, "ana", options());

    // While the app is open on A, B's writes are refused: nothing B does
    // can be overwritten by what the app saves later.
    for marker in ["from B, 1", "from B, 2"] {
        let out = run(&two.desk_b(), "bruno", &["note", "1", marker]);
        assert_eq!(clear_refusal(&out), "locks not shared");
        assert!(String::from_utf8_lossy(&out.stderr).contains("ana (app on"));
    }
    // B can still read.
    assert!(ok(&two.desk_b(), &["show", "1"]).contains("Printer jams"));

    app.press(crossterm::event::KeyCode::Enter);
    app.keys("i").keys("checked the tray").ctrl('s');
    let shown = ok(&two.desk_a(), &["show", "1"]);
    assert!(shown.contains("checked the tray"), "{shown}");
    assert!(!shown.contains("from B"));
    assert_eq!(integrity(&two.desk_real()), "ok");
}

#[test]
fn the_app_turns_read_only_with_a_red_banner_while_another_machine_is_here() {
    let Some(two) = desk_on_two_machines("Printer jams") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut app = Screen::open_with(dir, two.desk_a(), 80, 24, ViewId::AllOpen, "ana", options());
    assert!(!app.text().contains("READ-ONLY"));

    let bruno = frontdesk::store::share::Presence::announce(&two.desk_b(), "bruno", "app").unwrap();
    app.tick(common::NOW);
    let screen = app.text();
    assert!(
        screen.contains("READ-ONLY: the locks of this mount do not reach bruno (app on"),
        "{screen}"
    );
    assert!(screen.contains("To write, run Frontdesk over SSH"), "{screen}");
    assert!(screen.contains("also here: bruno"), "{screen}");
    app.keys("n");
    assert!(app.text().contains("nothing can be written from here now"));

    drop(bruno);
    app.tick(common::NOW);
    let screen = app.text();
    assert!(
        !screen.contains("READ-ONLY"),
        "writable again once B is gone: {screen}"
    );
    app.press(crossterm::event::KeyCode::Enter);
    app.keys("i").keys("after bruno left").ctrl('s');
    assert!(ok(&two.desk_b(), &["show", "1"]).contains("after bruno left"));
}

#[test]
fn a_copy_killed_on_one_machine_does_not_lock_the_other_out() {
    let Some(two) = TwoMachines::mount() else { return };
    ok(&two.desk_a(), &["new", "--subject", "x", "--requester", "Ben"]);
    // Hold A's write lock, so a command on A waits (alive, announced).
    let holder = Connection::open(two.desk_a()).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut waiting = frontdesk(&two.desk_a(), "ana")
        .env("FRONTDESK_BUSY_TIMEOUT_MS", "60000")
        .args(["note", "1", "waits"])
        .spawn()
        .unwrap();
    let dir = presence_dir(&two.desk_real());
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::fs::read_dir(&dir).map_or(0, std::iter::Iterator::count) == 0 {
        assert!(
            Instant::now() < deadline,
            "the waiting copy never announced itself"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = run(&two.desk_b(), "bruno", &["note", "1", "while A waits"]);
    assert_eq!(clear_refusal(&out), "locks not shared");

    waiting.kill().unwrap();
    waiting.wait().unwrap();
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "killed, its announcement stays"
    );
    ok(&two.desk_b(), &["note", "1", "after the kill"]);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "and is cleared away");
    assert!(ok(&two.desk_a(), &["show", "1"]).contains("after the kill"));
}
