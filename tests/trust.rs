//! Files turned against their users: SQL planted in the desk, a schema
//! that is not Frontdesk's, paths that are not files, backups that fail
//! half-way, and history that records changes that changed nothing.

mod common;

use std::time::Duration;

use common::{code, one_line_error, Desk};
use rusqlite::Connection;

fn sql(desk: &Desk, batch: &str) {
    Connection::open(&desk.db).unwrap().execute_batch(batch).unwrap();
}

#[test]
fn a_planted_trigger_never_runs_inside_frontdesks_writes() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    desk.new_request("Printer jams");
    sql(
        &desk,
        "CREATE TABLE loot (body TEXT);
         CREATE TRIGGER copy_notes AFTER INSERT ON events BEGIN
           INSERT INTO loot VALUES (new.body);
           UPDATE people SET role = 'lead' WHERE name = 'bob';
         END;",
    );
    let before = std::fs::read(&desk.db).unwrap();
    let out = desk.run(&["note", "1", "the secret is 1234"]);
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(err.contains("trigger copy_notes on events"), "{err}");
    assert!(err.contains("frontdesk doctor"), "{err}");
    assert_eq!(
        std::fs::read(&desk.db).unwrap(),
        before,
        "nothing ran, nothing was written"
    );

    // Reading still works, and doctor names what was planted.
    assert_eq!(desk.listed(&[]), 1);
    let out = desk.run(&["doctor"]);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[BAD ] schema"), "{text}");
    assert!(text.contains("table loot (not Frontdesk's)"), "{text}");
    assert!(text.contains("DROP TRIGGER"), "{text}");
}

#[test]
fn a_trigger_that_would_hang_every_command_is_never_fired() {
    let desk = Desk::new();
    desk.new_request("x");
    // Fires on the sweep's first update: an endless recursive count.
    sql(
        &desk,
        "CREATE TRIGGER stall BEFORE UPDATE ON requests BEGIN
           SELECT count(*) FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n);
         END;",
    );
    let mut list = desk.cmd();
    list.args(["list", "--format", "json"])
        .timeout(Duration::from_secs(20));
    let out = list.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_file_missing_its_tables_or_with_its_version_set_back_is_reported() {
    let desk = Desk::new();
    desk.new_request("x");
    sql(&desk, "DROP TABLE ratings;");
    let out = desk.run(&["doctor"]);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("table ratings is missing"), "{text}");
    let out = desk.run(&["note", "1", "x"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("table ratings is missing"));

    let desk = Desk::new();
    desk.new_request("x");
    sql(&desk, "PRAGMA user_version = 3;");
    let out = desk.run(&["doctor"]);
    assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("[BAD ] schema"));
    let out = desk.run(&["list"]);
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(err.contains("does not match the version it claims"), "{err}");
}

#[test]
fn a_fifo_is_refused_at_once_never_waited_on() {
    let desk = Desk::new();
    let fifo = desk.path("pipe.db");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for args in [vec!["list"], vec!["doctor"]] {
        let out = desk
            .cmd()
            .env("FRONTDESK_DB", &fifo)
            .args(&args)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        assert_eq!(code(&out), 1, "{args:?}");
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(said.contains("not a regular file"), "{said}");
    }
}

#[test]
fn a_failed_backup_leaves_nothing_behind_and_the_retry_is_not_refused() {
    let desk = Desk::new();
    desk.new_request("printer");
    for i in 0..30 {
        desk.ok(&["note", "1", &format!("note {i} {}", "x".repeat(400))]);
    }
    let copy = desk.path("backup.db");
    // Damage the source: the copy fails its check.
    let mut data = std::fs::read(&desk.db).unwrap();
    for b in &mut data[4096 * 3..4096 * 6] {
        *b = 0x5a;
    }
    std::fs::write(&desk.db, &data).unwrap();
    let out = desk.run(&["backup", copy.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    one_line_error(&out);
    let left: Vec<_> = std::fs::read_dir(desk.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("backup"))
        .collect();
    assert!(left.is_empty(), "a failed backup left {left:?}");
}

#[test]
fn importing_an_export_adds_no_history() {
    let desk = Desk::new();
    let id = desk.new_request("old breach").to_string();
    // Breached long ago, so it escalated.
    desk.ok_at("2026-12-20T10:00:00Z", &["list"]);
    let export = desk.path("desk.json");
    desk.ok(&["export", "--format", "json", "--out", export.to_str().unwrap()]);
    let copy = desk.path("copy.db");
    let import = desk
        .cmd()
        .env("FRONTDESK_DB", &copy)
        .args(["import", export.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let events = |db: &std::path::Path| -> i64 {
        Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    };
    let imported = events(&copy);
    let later = desk
        .cmd()
        .env("FRONTDESK_DB", &copy)
        .env("FRONTDESK_NOW", "2026-12-21T10:00:00Z")
        .args(["show", &id])
        .output()
        .unwrap();
    assert!(later.status.success());
    assert_eq!(events(&copy), imported, "no 'escalation 1 → 1' after an import");
}
