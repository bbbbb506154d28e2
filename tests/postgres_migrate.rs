//! `migrate --to` moves a desk file into an empty PostgreSQL database with
//! every id, event and hash intact, refuses a database that already holds
//! a desk, and leaves the target as it was when anything fails.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::postgres::Cluster;
use common::{code, one_line_error, Desk};

fn count(db: &mut postgres::Client, sql: &str) -> i64 {
    db.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn a_desk_file_moves_to_an_empty_server_database_whole() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::new();
    desk.ok(&["init", "--demo", "300"]);
    let id = desk.new_request("打印机卡纸 on floor 3").to_string();
    desk.ok(&["reply", &id, "Tab\there, newline\nthere, back\\slash"]);
    let file = desk.json(&["export"]);
    let out = desk.ok(&["migrate", "--to", &cluster.address()]);
    assert!(out.contains("301 requests"), "{out}");
    assert!(out.contains("counted again on the server"), "{out}");

    let mut db = cluster.config().connect(postgres::NoTls).unwrap();
    let requests = file["requests"].as_array().unwrap();
    assert_eq!(
        count(&mut db, "SELECT count(*) FROM requests"),
        requests.len() as i64
    );
    let events: usize = requests
        .iter()
        .map(|r| r["events"].as_array().unwrap().len())
        .sum();
    assert_eq!(count(&mut db, "SELECT count(*) FROM events"), events as i64);
    // Ids, text with tabs, newlines and backslashes, and the hash chain
    // arrive as they were.
    let row = db
        .query_one(
            "SELECT r.subject, e.body, encode(e.hash, 'hex') FROM requests r JOIN events e ON e.request_id = r.id
             WHERE r.id = $1 AND e.kind = 'reply'",
            &[&id.parse::<i64>().unwrap()],
        )
        .unwrap();
    let (subject, body, hash): (String, String, String) = (row.get(0), row.get(1), row.get(2));
    assert_eq!(subject, "打印机卡纸 on floor 3");
    assert_eq!(body, "Tab\there, newline\nthere, back\\slash");
    let shown = desk.json(&["show", &id, "--format", "json"]);
    let reply = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "reply")
        .unwrap();
    assert_eq!(reply["hash"].as_str(), Some(hash.as_str()));
    // Search words were written for every request, Chinese included.
    let found = count(
        &mut db,
        "SELECT count(*) FROM request_text WHERE tsv @@ to_tsquery('simple', '卡 <-> 纸')",
    );
    assert!(found >= 1);
    // New rows on the server continue after the file's ids.
    let next: i64 = db
        .query_one("INSERT INTO people (name) VALUES ('Newcomer') RETURNING id", &[])
        .unwrap()
        .get(0);
    let most: i64 = count(&mut db, "SELECT max(id) FROM people WHERE name <> 'Newcomer'");
    assert!(next > most);

    // A second move into the same database is refused, and changes nothing.
    let again = desk.run(&["migrate", "--to", &cluster.address()]);
    assert_eq!(code(&again), 1);
    assert!(
        one_line_error(&again).contains("already holds a desk"),
        "{}",
        one_line_error(&again)
    );
    assert_eq!(
        count(&mut db, "SELECT count(*) FROM requests"),
        requests.len() as i64
    );
}

#[test]
fn a_failed_move_leaves_the_target_as_it_was() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    // A database that is not empty in a way the schema trips over: a
    // table of its own called `settings`.
    let mut db = cluster.config().connect(postgres::NoTls).unwrap();
    db.batch_execute("CREATE TABLE settings (theme text); INSERT INTO settings VALUES ('dark');")
        .unwrap();
    let desk = Desk::new();
    desk.ok(&["init", "--demo", "50"]);
    let out = desk.run(&["migrate", "--to", &cluster.address()]);
    assert_eq!(code(&out), 1, "{}", one_line_error(&out));
    assert!(
        one_line_error(&out).contains("the database server"),
        "{}",
        one_line_error(&out)
    );
    // Nothing of the desk was kept; what was there is untouched.
    let tables = count(
        &mut db,
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'settings'",
    );
    assert_eq!(tables, 0);
    let theme: String = db.query_one("SELECT theme FROM settings", &[]).unwrap().get(0);
    assert_eq!(theme, "dark");
}

#[test]
fn a_desk_moved_to_a_server_and_back_exports_the_same() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::new();
    desk.ok(&["init", "--demo", "120"]);
    // The demo desk's leads set its rules.
    for rule in [
        &["sla", "set", "P2", "--response", "2h", "--resolve", "2d"][..],
        &["calendar", "holiday", "add", "2026-12-25", "--name", "Christmas"],
    ] {
        let out = desk.cmd_as("alice").args(rule).output().unwrap();
        assert_eq!(code(&out), 0, "{}", one_line_error(&out));
    }
    let added = desk
        .cmd_as("alice")
        .args([
            "people", "add", "Zhao Lei", "--role", "lead", "--team", "Network", "--login", "zhao_lei",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&added), 0, "{}", one_line_error(&added));
    // What the team keeps beside its requests moves too: how a team's
    // work is assigned, who is away, the targets it is held to.
    for kept in [
        &["teams", "auto", "Network", "round-robin"][..],
        &[
            "people",
            "away",
            "Zhao Lei",
            "--until",
            "2026-12-31",
            "--cover",
            "alice",
        ],
        &[
            "targets",
            "set",
            "csat-up",
            "--kpi",
            "csat",
            "--at-least",
            "87.5",
            "--by",
            "2027-03-31",
        ],
    ] {
        let out = desk.cmd_as("alice").args(kept).output().unwrap();
        assert_eq!(code(&out), 0, "{}", one_line_error(&out));
    }
    let kept_beside = |db: &str| -> Vec<String> {
        [&["teams", "list"][..], &["people", "list"], &["targets", "list"]]
            .iter()
            .map(|args| {
                let out = desk.cmd().arg("--db").arg(db).args(*args).output().unwrap();
                assert_eq!(code(&out), 0, "{}", one_line_error(&out));
                String::from_utf8(out.stdout).unwrap()
            })
            .collect()
    };
    let id = desk.new_request("投影仪 flickers\tin room B").to_string();
    desk.ok(&["note", &id, "Two lines\nand a \\ backslash"]);
    let beside_before = kept_beside(desk.db.to_str().unwrap());
    assert!(
        beside_before[0].contains("Network  assigns: round-robin"),
        "{}",
        beside_before[0]
    );
    let mut before = desk.json(&["export"]);
    desk.ok(&["migrate", "--to", &cluster.address()]);

    let back = desk.path("back.db");
    let back = back.to_str().unwrap();
    let out = desk
        .cmd()
        .args(["--db", &cluster.address(), "migrate", "--to", back])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", one_line_error(&out));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("counted again in the file"), "{said}");
    let mut after: serde_json::Value =
        serde_json::from_slice(&desk.cmd().args(["--db", back, "export"]).output().unwrap().stdout).unwrap();
    // Apart from when each export was made, the two are the same desk:
    // requests, history with its hashes, ratings, people, settings.
    before["exported_at"] = serde_json::Value::Null;
    after["exported_at"] = serde_json::Value::Null;
    assert_eq!(before, after);
    assert_eq!(beside_before, kept_beside(back));
    let logins: Vec<&str> = after["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["login"].as_str())
        .collect();
    assert_eq!(logins, ["zhao_lei"], "the login moved with its person");
    // The file made from the server is a sound desk: its history's chain
    // checks out and search finds what it found before.
    let doctor = desk.cmd().args(["--db", back, "doctor"]).output().unwrap();
    assert_eq!(code(&doctor), 0, "{}", String::from_utf8_lossy(&doctor.stdout));
    let found = desk
        .cmd()
        .args(["--db", back, "list", "--search", "投影", "--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&found.stdout).contains("flickers"));
    // Moving into a file that already holds a desk is refused.
    let again = desk
        .cmd()
        .args(["--db", &cluster.address(), "migrate", "--to", back])
        .output()
        .unwrap();
    assert_eq!(code(&again), 1);
    assert!(
        one_line_error(&again).contains("already holds a desk"),
        "{}",
        one_line_error(&again)
    );
}

#[test]
fn doctor_checks_a_server_desk_and_backup_points_to_pg_dump() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::new();
    desk.ok(&["init", "--demo", "20"]);
    let server = cluster.address();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", server.as_str()];
        all.extend_from_slice(args);
        desk.cmd().args(&all).output().unwrap()
    };
    // No desk there yet: doctor says what to do.
    let empty = run(&["doctor"]);
    assert_ne!(code(&empty), 0);
    assert!(String::from_utf8_lossy(&empty.stdout).contains("frontdesk migrate --to"));
    desk.ok(&["migrate", "--to", &server]);
    let out = run(&["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(code(&out), 0, "{text}");
    assert!(text.contains("PostgreSQL 1"), "{text}");
    assert!(text.contains("round trip"), "{text}");
    assert!(
        text.contains("append-only, kept by the server's triggers, as are request rows (each change matched by its event), who made views and macros, and the lead's rights"),
        "{text}"
    );
    // The test's login owns the tables: a risk named, with the remedy.
    assert!(text.contains("[WARN] grants"), "{text}");
    // A switched-off guard is a problem doctor finds.
    let mut db = cluster.config().connect(postgres::NoTls).unwrap();
    db.batch_execute("ALTER TABLE events DISABLE TRIGGER events_are_never_deleted")
        .unwrap();
    let out = run(&["doctor"]);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_ne!(code(&out), 0, "{text}");
    assert!(
        text.contains("not protected: events.events_are_never_deleted"),
        "{text}"
    );
    // Backups of a server desk are the server's: pg_dump.
    let backup = run(&["backup", "desk.copy"]);
    assert_eq!(code(&backup), 1);
    assert!(
        one_line_error(&backup).contains("pg_dump"),
        "{}",
        one_line_error(&backup)
    );
    // Everything else opens the server's desk like a file.
    let list = run(&["list", "--format", "json"]);
    assert_eq!(code(&list), 0, "{}", one_line_error(&list));
}

#[test]
fn an_unreachable_server_is_one_line_naming_the_cause_and_no_password() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    // Nothing listens on port 1 of the loopback address.
    let out = desk.run(&["migrate", "--to", "postgres://bob:s3cret@127.0.0.1:1/desk"]);
    assert_eq!(code(&out), 1);
    let said = one_line_error(&out);
    assert!(
        said.contains("error connecting to server: Connection refused"),
        "{said}"
    );
    let doctor = desk
        .cmd()
        .args(["--db", "postgres://bob:s3cret@127.0.0.1:1/desk", "doctor"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&doctor.stdout).to_string() + &String::from_utf8_lossy(&doctor.stderr);
    assert_ne!(code(&doctor), 0);
    assert!(!text.contains("s3cret"), "{text}");
    assert!(text.contains("Connection refused"), "{text}");
}
