//! The file side of the command line: which file, what it is, and keeping
//! it whole: export/import, backup, doctor, refusals and locks.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{bytes, code, one_line_error, Desk};
use rusqlite::Connection;

fn worked_desk() -> Desk {
    let desk = Desk::new();
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    desk.ok(&[
        "new",
        "--subject",
        "VPN 断开",
        "--requester",
        "王芳",
        "--dept",
        "研发",
        "--key",
        "--body",
        "a,b \"quoted\"\nline two",
    ]);
    desk.ok(&[
        "new",
        "--subject",
        "Monitor",
        "--requester",
        "Ben",
        "--reply-by",
        "2026-11-27T12:00:00Z",
    ]);
    desk.ok(&["update", "1", "--assign", "bob", "--team", "Network"]);
    desk.ok(&["note", "1", "internal, with a comma"]);
    desk.ok(&["reply", "1", "fixed?"]);
    desk.ok(&["escalate", "1", "--reason", "key customer"]);
    desk.ok(&["resolve", "1", "--resolution", "new token"]);
    desk.ok(&[
        "rate",
        "1",
        "--score",
        "5",
        "--recommend",
        "10",
        "--comment",
        "great, thanks",
    ]);
    desk
}

/// Everything a desk is, as the commands show it: people, SLA targets,
/// calendar, follow-ups, and every request with its history.
fn whole_desk(desk: &Desk) -> Vec<serde_json::Value> {
    let mut shown = vec![
        desk.json(&["people", "list", "--format", "json"]),
        serde_json::Value::String(desk.ok(&["sla", "show"])),
        serde_json::Value::String(desk.ok(&["calendar", "show"])),
        desk.json(&["followups", "--format", "json"]),
    ];
    for id in ["1", "2"] {
        let mut request = desk.json(&["show", id, "--format", "json"]);
        // Event ids and links in the hash chain are the new file's own;
        // everything else must match.
        for e in request["events"].as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("id");
            e.as_object_mut().unwrap().remove("hash");
        }
        shown.push(request);
    }
    shown
}

#[test]
fn json_export_import_round_trip_keeps_the_whole_desk() {
    let desk = worked_desk();
    // The desk's rules are set before it has a lead (anyone may, then).
    desk.ok(&["sla", "set", "P2", "--response", "2h", "--resolve", "2d"]);
    desk.ok(&[
        "calendar",
        "set",
        "--zone",
        "Europe/Berlin",
        "--days",
        "mon-fri",
        "--hours",
        "08:00-17:00",
    ]);
    desk.ok(&["calendar", "holiday", "add", "2026-12-25", "--name", "Christmas"]);
    desk.ok(&["auto-close", "--days", "10"]);
    desk.ok(&[
        "people",
        "add",
        "lena",
        "--role",
        "lead",
        "--team",
        "Service Desk",
    ]);
    desk.ok(&["people", "add", "Dana Boss", "--dept", "Board", "--key"]);
    let file = desk.path("export.json");
    desk.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let target = Desk::new();
    let out = target.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        out,
        "imported 2 requests, 10 events, 1 ratings, 6 people, and the desk's SLA targets, calendar and settings\n"
    );
    assert_eq!(
        whole_desk(&desk),
        whole_desk(&target),
        "the desk changed in a round trip"
    );
    let leads = target.json(&["people", "list", "--format", "json"]);
    assert!(leads
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["name"] == "lena" && p["role"] == "lead"));
    // The imported history is searchable like any other.
    assert_eq!(target.listed(&["--search", "token"]), 1);
    // Importing again would duplicate ids: refused whole.
    let out = target.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("already exists"));
    assert_eq!(target.listed(&[]), 2);
}

#[test]
fn a_csv_export_is_for_spreadsheets_and_is_refused_as_a_desk() {
    let desk = worked_desk();
    let file = desk.path("export.csv");
    desk.ok(&["export", "--format", "csv", "--out", file.to_str().unwrap()]);
    let target = Desk::new();
    let out = target.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(
        err.contains("for spreadsheets") && err.contains("--format json"),
        "{err}"
    );
}

#[test]
fn empty_null_or_a_list_or_an_unknown_schema_are_errors_not_imported_0() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    let file = desk.path("in.json");
    for (text, says) in [
        ("", "empty"),
        ("   \n", "empty"),
        ("null", "not a Frontdesk export"),
        ("[]", "not a Frontdesk export"),
        (
            r#"{"format":"frontdesk-export","schema":99,"exported_at":"","people":[],"requests":[]}"#,
            "schema 99",
        ),
    ] {
        std::fs::write(&file, text).unwrap();
        let out = desk.run(&["import", file.to_str().unwrap()]);
        assert_eq!(code(&out), 1, "{text:?}");
        let err = one_line_error(&out);
        assert!(err.contains(says), "{text:?}: {err}");
    }
}

#[test]
fn an_import_breaking_a_rule_of_the_domain_is_refused_whole_naming_the_record() {
    let desk = worked_desk();
    let file = desk.path("export.json");
    desk.ok(&["export", "--out", file.to_str().unwrap()]);
    let export: serde_json::Value = serde_json::from_slice(&bytes(&file)).unwrap();
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        ("/requests/1/body", "x".repeat(20_001).into(), "body is too long"),
        ("/requests/1/team", "t".repeat(100_000).into(), "team is too long"),
        ("/requests/1/escalation_level", 255.into(), "escalation level 255"),
        ("/requests/1/version", (-1).into(), "version -1"),
        ("/requests/1/paused_seconds", (-5).into(), "negative"),
        (
            "/requests/1/priority",
            "P1".into(),
            "does not follow from urgency",
        ),
        (
            "/requests/1/updated_at",
            "2020-01-01T00:00:00Z".into(),
            "updated_at is before created_at",
        ),
        (
            "/requests/1/id",
            9_223_372_036_854_775_807_i64.into(),
            "outside 1–",
        ),
        (
            "/people/0/department",
            "d".repeat(101).into(),
            "department is too long",
        ),
    ];
    for (pointer, value, says) in cases {
        let mut bad = export.clone();
        *bad.pointer_mut(pointer).unwrap() = value;
        std::fs::write(&file, serde_json::to_vec(&bad).unwrap()).unwrap();
        let target = Desk::new();
        target.ok(&["init"]);
        let before = bytes(&target.db);
        let out = target.run(&["import", file.to_str().unwrap()]);
        assert_eq!(code(&out), 1, "{pointer}");
        let err = one_line_error(&out);
        assert!(
            err.contains(says) && err.contains("nothing was imported"),
            "{pointer}: {err}"
        );
        assert!(err.contains("record"), "names the record: {err}");
        assert_eq!(bytes(&target.db), before, "{pointer}: nothing changed");
    }
}

#[test]
fn export_to_stdout_is_the_documented_json() {
    let desk = worked_desk();
    let export = desk.json(&["export"]);
    assert_eq!(export["format"], "frontdesk-export");
    assert_eq!(export["requests"].as_array().unwrap().len(), 2);
    assert_eq!(export["requests"][0]["events"][0]["kind"], "created");
    assert_eq!(export["requests"][0]["rating"]["comment"], "great, thanks");
}

#[test]
fn a_broken_import_changes_nothing() {
    let desk = worked_desk();
    let file = desk.path("export.json");
    desk.ok(&["export", "--out", file.to_str().unwrap()]);
    let mut export: serde_json::Value = serde_json::from_slice(&bytes(&file)).unwrap();
    export["requests"][1]["status"] = "lost".into();
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    let target = Desk::new();
    target.ok(&["init"]);
    let out = target.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("invalid status 'lost'"));

    std::fs::write(&file, "id,subject\n1,\"unterminated\n").unwrap();
    let out = target.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    one_line_error(&out);
    assert_eq!(target.listed(&[]), 0);
}

#[test]
fn a_newer_schema_is_refused_and_left_byte_identical() {
    let desk = Desk::new();
    desk.new_request("x");
    Connection::open(&desk.db)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let before = bytes(&desk.db);
    for args in [
        vec!["list"],
        vec!["new", "--subject", "s", "--requester", "r"],
        vec!["init"],
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 1);
        let err = one_line_error(&out);
        assert!(
            err.contains("newer Frontdesk") && err.contains("schema 99"),
            "{err}"
        );
    }
    assert_eq!(bytes(&desk.db), before);
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let desk = Desk::new();
    std::fs::write(&desk.db, "these are my notes, not a database\n".repeat(200)).unwrap();
    let before = bytes(&desk.db);
    let out = desk.run(&["list"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("is not a Frontdesk database (it is not a SQLite database)"));
    assert_eq!(bytes(&desk.db), before);
}

#[test]
fn another_applications_database_is_refused() {
    let desk = Desk::new();
    Connection::open(&desk.db)
        .unwrap()
        .execute_batch("CREATE TABLE songs (title TEXT);")
        .unwrap();
    let before = bytes(&desk.db);
    let out = desk.run(&["list"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("another application"));
    assert_eq!(bytes(&desk.db), before);
}

#[test]
fn bad_paths_get_one_line_each() {
    let desk = Desk::new();
    let out = desk
        .cmd()
        .env("FRONTDESK_DB", desk.dir.path())
        .arg("list")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("is a directory"));
    let missing = desk.path("no/such/dir/desk.db");
    let out = desk.cmd().arg("--db").arg(&missing).arg("list").output().unwrap();
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("does not exist"));
    assert!(!missing.parent().unwrap().exists());
}

#[test]
fn a_read_only_file_can_be_read_but_not_written() {
    let desk = Desk::new();
    desk.new_request("x");
    std::fs::set_permissions(&desk.db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = bytes(&desk.db);
    assert_eq!(desk.listed(&[]), 1);
    let out = desk.run(&["reply", "1", "hello"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("read-only"));
    assert_eq!(bytes(&desk.db), before);
}

#[test]
fn a_file_in_a_read_only_directory_is_read_only() {
    let desk = Desk::new();
    let dir = desk.path("ro");
    std::fs::create_dir(&dir).unwrap();
    let db = dir.join("desk.db");
    desk.cmd()
        .arg("--db")
        .arg(&db)
        .args(["new", "--subject", "s", "--requester", "r"])
        .assert()
        .success();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = bytes(&db);
    let out = desk
        .cmd()
        .arg("--db")
        .arg(&db)
        .args(["note", "1", "x"])
        .output()
        .unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("read-only"));
    assert_eq!(bytes(&db), before);
}

#[test]
fn a_held_lock_gives_a_clear_error_after_the_busy_timeout() {
    let desk = Desk::new();
    desk.new_request("x");
    let holder = Connection::open(&desk.db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value;")
        .unwrap();
    let out = desk
        .cmd()
        .env("FRONTDESK_BUSY_TIMEOUT_MS", "300")
        .args(["reply", "1", "hi"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("locked by another user, try again"));
    holder.execute_batch("ROLLBACK;").unwrap();
    let r = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(r["events"].as_array().unwrap().len(), 1, "nothing half-written");
    desk.ok(&["reply", "1", "hi"]);
}

#[test]
fn backup_copies_a_database_that_opens_and_checks_ok() {
    let desk = worked_desk();
    let copy = desk.path("copy.db");
    let out = desk.ok(&["backup", copy.to_str().unwrap()]);
    assert!(out.starts_with("backed up"));
    let other = desk
        .cmd()
        .arg("--db")
        .arg(&copy)
        .args(["show", "1", "--format", "json"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&other.stdout).unwrap();
    assert_eq!(r["rating"]["overall"], 5);
    let out = desk.run(&["backup", copy.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("already exists"));
}

#[test]
fn doctor_reports_health_and_explains_damage_without_touching_the_file() {
    let desk = worked_desk();
    let out = desk.ok(&["doctor"]);
    assert!(out.contains("[ok  ] integrity"), "{out}");
    assert!(out.contains("journal mode    delete"));
    assert!(out.contains("schema version"));
    let report = desk.json(&["doctor", "--format", "json"]);
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["ok"] == true));

    // Overwrite pages in the middle of the file.
    let mut data = bytes(&desk.db);
    assert!(data.len() > 3 * 4096);
    for b in &mut data[4096..3 * 4096] {
        *b = 0x5a;
    }
    std::fs::write(&desk.db, &data).unwrap();
    let out = desk.run(&["doctor"]);
    assert_eq!(code(&out), 1);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[BAD ]"), "{text}");
    assert!(text.contains("restore the newest backup"), "{text}");
    assert_eq!(bytes(&desk.db), data, "doctor must not write");

    // A truncated file.
    std::fs::write(&desk.db, &data[..100]).unwrap();
    let out = desk.run(&["doctor"]);
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stdout).contains("[BAD ]"));
}

#[test]
fn the_file_is_chosen_by_flag_then_env_then_config_then_data_dir() {
    let desk = Desk::new();
    let by_flag = desk.path("flag.db");
    let by_config = desk.path("config.db");
    let config = desk.path("config.toml");
    std::fs::write(&config, format!("db_path = {by_config:?}\nuser = \"carol\"\n")).unwrap();
    let cmd = |env_db: bool| {
        let mut c = desk.cmd();
        c.env_remove("FRONTDESK_USER").env("FRONTDESK_CONFIG", &config);
        if !env_db {
            c.env_remove("FRONTDESK_DB");
        }
        c
    };
    cmd(true).arg("--db").arg(&by_flag).arg("init").assert().success();
    assert!(by_flag.exists() && !desk.db.exists());
    cmd(true).arg("init").assert().success();
    assert!(desk.db.exists() && !by_config.exists());
    cmd(false)
        .args(["new", "--subject", "s", "--requester", "r"])
        .assert()
        .success();
    assert!(by_config.exists());
    let out = cmd(false)
        .args(["show", "1", "--format", "json"])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["events"][0]["actor"], "carol", "user from the config file");

    // No flag, env or config: the platform data directory.
    let mut c = desk.cmd();
    c.env_remove("FRONTDESK_DB").arg("init").assert().success();
    assert!(desk.path("data/frontdesk/frontdesk.db").exists());

    std::fs::write(&config, "user = \"carol\"\ndb_path = \n").unwrap();
    let out = cmd(false).arg("list").output().unwrap();
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(err.contains("config.toml") && err.contains("line 2"), "{err}");
}

#[test]
fn frontdesk_log_writes_frontdesks_events_to_the_state_directory() {
    let desk = Desk::new();
    let out = desk
        .cmd()
        .env("FRONTDESK_LOG", "info")
        .args(["init", "--demo", "20"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let log = std::fs::read_to_string(desk.dir.path().join(".local/state/frontdesk/frontdesk.log")).unwrap();
    assert!(log.contains("INFO frontdesk: start"), "{log}");
    assert!(log.contains("demo data phase=\"rows\""), "{log}");
    // Not a level: one line naming the setting, not silence.
    let out = desk
        .cmd()
        .env("FRONTDESK_LOG", "loud")
        .args(["list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("log level"));
}

#[test]
fn keys_in_the_config_file_are_checked_before_the_app_starts() {
    let desk = Desk::new();
    let config = desk.path("config.toml");
    // Well-formed keys load (the CLI reads the same file).
    std::fs::write(
        &config,
        "[keys]\nreply = \"C-r\"\npage_down = [\"PgDn\", \"C-f\"]\n",
    )
    .unwrap();
    let out = desk
        .cmd()
        .env("FRONTDESK_CONFIG", &config)
        .args(["list"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // A command that does not exist stops the app with one line, before it
    // takes over the terminal.
    std::fs::write(&config, "[keys]\nrply = \"r\"\n").unwrap();
    let out = desk.cmd().env("FRONTDESK_CONFIG", &config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no command is called 'rply'"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn");
}

#[test]
fn views_and_macros_in_an_import_are_held_to_the_rules_of_views_add_and_macros_add() {
    let desk = worked_desk();
    let file = desk.path("export.json");
    desk.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let export: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let view = |query: &str| {
        serde_json::json!({"owner": "", "name": "odd", "query": query, "sort": null, "number": 4,
                           "created_by": "ana", "created_at": 1_764_064_800})
    };
    let with = |field: &str, value: serde_json::Value| {
        let mut changed = export.clone();
        changed[field] = serde_json::json!([value]);
        let path = desk.path(&format!("changed-{field}.json"));
        std::fs::write(&path, serde_json::to_vec(&changed).unwrap()).unwrap();
        path
    };
    let bad_view = with("views", view("colour:red"));
    let target = Desk::new();
    let out = target.run(&["import", bad_view.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert!(
        one_line_error(&out).contains("view odd: the view's query"),
        "{}",
        one_line_error(&out)
    );
    assert_eq!(target.listed(&[]), 0, "nothing was imported");
    let bad_macro = with(
        "macros",
        serde_json::json!({"name": "greet", "reply": "Dear {name}", "note": null, "status": null, "assign": null,
                           "team": null, "tags": "", "minutes": null, "created_by": "ana", "created_at": 1_764_064_800}),
    );
    let out = target.run(&["import", bad_macro.to_str().unwrap()]);
    assert!(
        one_line_error(&out).contains("macro greet: unknown variable {name}"),
        "{}",
        one_line_error(&out)
    );
    // A sound view goes in, and opens under its key.
    target.ok(&["import", with("views", view("status:open")).to_str().unwrap()]);
    assert!(target.ok(&["views", "list"]).contains("odd"));
}
