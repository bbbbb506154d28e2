//! Files turned against their users: SQL planted in the desk, a schema
//! that is not Frontdesk's, paths that are not files, backups that fail
//! half-way, and history that records changes that changed nothing.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::{code, one_line_error, Desk};
use rusqlite::Connection;

/// SQL run on the file by another tool (one that knows the function the
/// search index's triggers call).
fn sql(desk: &Desk, batch: &str) {
    let conn = Connection::open(&desk.db).unwrap();
    frontdesk::store::search::register(&conn).unwrap();
    conn.execute_batch(batch).unwrap();
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

#[test]
fn bad_settings_are_one_line_errors_naming_the_setting() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    for (var, value, says) in [
        (
            "FRONTDESK_BUSY_TIMEOUT_MS",
            "2147483648",
            "FRONTDESK_BUSY_TIMEOUT_MS must be a number of milliseconds from 0 to 600000",
        ),
        ("FRONTDESK_BUSY_TIMEOUT_MS", "soon", "(it is 'soon')"),
        ("FRONTDESK_NOW", "yesterday", "FRONTDESK_NOW must be a time"),
        ("FRONTDESK_LOG", "loud", "log level"),
    ] {
        let out = desk.cmd().env(var, value).args(["list"]).output().unwrap();
        assert_eq!(code(&out), 1, "{var}={value}");
        assert!(one_line_error(&out).contains(says), "{var}={value}");
    }
    let config = desk.path("config.toml");
    std::fs::write(&config, "busy_timeout_ms = 99999999999\n").unwrap();
    let out = desk
        .cmd()
        .env("FRONTDESK_CONFIG", &config)
        .args(["list"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("busy_timeout_ms in the config file must be from 0 to 600000"));

    let out = desk.run(&["init", "--demo", "4294967295"]);
    assert_eq!(code(&out), 2);
    assert!(one_line_error(&out).contains("4294967295"));
}

#[test]
fn sla_targets_and_dates_are_bounded() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    for (args, says) in [
        (
            vec!["sla", "set", "P2", "--response", "4h", "--resolve", "1h"],
            "must not be shorter than the first-response target",
        ),
        (
            vec!["sla", "set", "P3", "--response", "1h", "--resolve", "3000d"],
            "at most 365 working days",
        ),
        (
            vec!["sla", "set", "P3", "--response", "1h", "--resolve", "366d"],
            "at most 365 working days",
        ),
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(one_line_error(&out).contains(says), "{args:?}");
    }
    let out = desk.run(&[
        "new",
        "--subject",
        "x",
        "--requester",
        "Ben",
        "--reply-by",
        "0000-01-01",
    ]);
    assert_ne!(code(&out), 0);
    assert!(one_line_error(&out).contains("2000 to 2099"));
}

#[test]
fn a_report_includes_a_write_made_the_same_second() {
    let desk = Desk::new();
    desk.new_request("x");
    let report = desk.json(&["report", "--format", "json"]);
    assert_eq!(report["overall"]["volume"], 1, "{report}");
}

#[test]
fn rating_again_says_it_replaced_the_earlier_rating() {
    let desk = Desk::new();
    desk.new_request("x");
    desk.ok(&["resolve", "1", "--resolution", "done"]);
    assert!(!desk.ok(&["rate", "1", "--score", "5"]).contains("replaced"));
    let out = desk.ok(&["rate", "1", "--score", "1"]);
    assert!(
        out.contains("the rating overall 5/5 by ana was replaced"),
        "{out}"
    );
    let shown = desk.json(&["show", "1", "--format", "json"]);
    let ratings = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "rating")
        .count();
    assert_eq!(ratings, 2);
}

#[test]
fn survey_lines_are_counted_from_where_each_record_starts() {
    let desk = Desk::new();
    desk.new_request("x");
    desk.new_request("y");
    desk.ok(&["resolve", "1", "--resolution", "done"]);
    let file = desk.path("survey.csv");
    std::fs::write(
        &file,
        "request_id,overall,comment\n1,5,\"two\nlines\"\n2,4,open still\n",
    )
    .unwrap();
    let out = desk.run(&["import-ratings", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 4:"), "request 2 starts on line 4: {err}");
}

#[test]
fn csv_cells_that_would_start_a_formula_reach_a_spreadsheet_as_text() {
    let desk = Desk::new();
    desk.ok(&[
        "new",
        "--subject",
        "=HYPERLINK(\"http://evil\",\"x\")",
        "--requester",
        "@Ben",
    ]);
    for args in [vec!["list", "--format", "csv"], vec!["export", "--format", "csv"]] {
        let out = desk.ok(&args);
        assert!(out.contains("\"'=HYPERLINK("), "{args:?}: {out}");
        assert!(out.contains(",'@Ben,"), "{args:?}: {out}");
    }
    // A survey comment that went out through a spreadsheet comes back as typed.
    desk.ok(&["resolve", "1", "--resolution", "done"]);
    let file = desk.path("survey.csv");
    std::fs::write(&file, "request_id,overall,comment\n1,5,'=great\n").unwrap();
    desk.ok(&["import-ratings", file.to_str().unwrap()]);
    assert_eq!(
        desk.json(&["show", "1", "--format", "json"])["rating"]["comment"],
        "=great"
    );
}

#[test]
fn an_export_cut_short_by_a_pipe_ends_quietly() {
    let desk = Desk::new();
    for i in 0..40 {
        desk.new_request(&format!("request {i}"));
    }
    let mut child = common::frontdesk(&desk.db, "ana").arg("export").spawn().unwrap();
    // Read one line, then close the pipe like `| head -1`.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("Broken pipe"), "{err}");
}

/// Runs a command with its output on a pseudo-terminal, as a person would
/// see it, and returns what reached the terminal.
fn on_a_terminal(mut cmd: std::process::Command) -> String {
    let (mut leader, mut follower) = (0, 0);
    // SAFETY: openpty fills the two descriptors we own.
    let made = unsafe {
        libc::openpty(
            &raw mut leader,
            &raw mut follower,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(made, 0, "openpty");
    use std::os::fd::FromRawFd;
    // SAFETY: both descriptors were just opened and are owned here.
    let (leader, follower) = unsafe {
        (
            std::fs::File::from_raw_fd(leader),
            std::fs::File::from_raw_fd(follower),
        )
    };
    cmd.stdout(follower.try_clone().unwrap())
        .stderr(std::process::Stdio::null());
    let status = cmd.status().unwrap();
    assert!(status.success());
    // Every copy of the follower must be closed for the reads to end.
    drop(cmd);
    drop(follower);
    let mut seen = Vec::new();
    let mut leader = leader;
    let mut buf = [0u8; 4096];
    while let Ok(n) = std::io::Read::read(&mut leader, &mut buf) {
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn csv_and_paths_shown_on_a_terminal_cannot_drive_it() {
    let desk = Desk::new();
    desk.ok(&[
        "new",
        "--subject",
        "title\u{1b}]0;pwned\u{7}",
        "--requester",
        "Ben",
    ]);
    for args in [
        vec!["list", "--format", "csv"],
        vec!["export", "--format", "csv"],
        vec!["report", "--format", "csv", "--by", "dept"],
    ] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("frontdesk"));
        cmd.env("FRONTDESK_DB", &desk.db)
            .env("FRONTDESK_CONFIG", desk.path("none.toml"))
            .env("FRONTDESK_USER", "ana")
            .env("FRONTDESK_NOW", common::NOW)
            .args(&args);
        let seen = on_a_terminal(cmd);
        assert!(
            !seen.contains('\u{1b}') && !seen.contains('\u{7}'),
            "{args:?}: {seen:?}"
        );
    }
}

/// Overwrites pages in the middle of the file, as a failing disk would.
fn damage(db: &std::path::Path) {
    let mut data = std::fs::read(db).unwrap();
    assert!(data.len() > 8 * 4096, "a desk big enough to damage");
    for b in &mut data[4096 * 2..4096 * 6] {
        *b = 0x5a;
    }
    std::fs::write(db, &data).unwrap();
}

fn busy_desk() -> Desk {
    let desk = Desk::new();
    desk.new_request("printer");
    for i in 0..40 {
        desk.ok(&["note", "1", &format!("note {i} {}", "x".repeat(300))]);
    }
    desk
}

#[test]
fn once_damage_is_found_nobody_writes_until_doctor_finds_the_file_sound() {
    let desk = busy_desk();
    let sound = std::fs::read(&desk.db).unwrap();
    damage(&desk.db);
    let out = desk.run(&["doctor"]);
    assert_eq!(code(&out), 1);
    let before = std::fs::read(&desk.db).unwrap();
    for args in [
        vec!["new", "--subject", "x", "--requester", "Ben"],
        vec!["note", "1", "x"],
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        let err = one_line_error(&out);
        assert!(
            err.contains("damage found") && err.contains("frontdesk doctor"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read(&desk.db).unwrap(),
        before,
        "not written while damaged"
    );

    // Restored from a backup: doctor finds it sound and lifts the stop.
    std::fs::write(&desk.db, &sound).unwrap();
    let out = desk.ok(&["doctor"]);
    assert!(out.contains("cleared an earlier report"), "{out}");
    desk.ok(&["note", "1", "writing again"]);
}

#[test]
fn a_write_that_meets_damage_stops_every_later_write() {
    let desk = busy_desk();
    damage(&desk.db);
    // Reading the damaged history fails, and leaves the report.
    let out = desk.run(&["show", "1"]);
    assert_eq!(code(&out), 1);
    one_line_error(&out);
    let out = desk.run(&["new", "--subject", "x", "--requester", "Ben"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("damage found"));
}

#[test]
fn the_app_finds_damage_by_itself_and_turns_read_only() {
    use common::screen::{options, Screen};
    let desk = busy_desk();
    damage(&desk.db);
    let db = desk.db.clone();
    let mut app = Screen::open_with(
        desk.dir,
        db,
        80,
        24,
        frontdesk::tui::view::ViewId::AllOpen,
        "ana",
        options(),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        app.tick(common::NOW);
        let screen = app.text();
        if screen.contains("READ-ONLY: damage found") {
            assert!(screen.contains("frontdesk doctor"), "{screen}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no banner: {screen}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn hidden_blank_and_emoji_text_keeps_the_queue_honest_and_aligned() {
    use common::screen::Screen;
    use frontdesk::domain::NewRequest;
    let subjects = [
        "Printer jams",
        "👩\u{200D}💻 laptop will not boot",
        "ok\u{E0065}\u{E0076}\u{E0069}\u{E006C}",
        "\u{3164}\u{3164}\u{3164}",
        "line\u{2028}break",
    ];
    let mut app = Screen::with(160, 24, frontdesk::tui::view::ViewId::AllOpen, |store| {
        for s in subjects {
            let new = NewRequest {
                subject: s.into(),
                requester: "Zed Quinn".into(),
                ..NewRequest::default()
            };
            common::screen::record(store, "ana", 1_795_000_000, new);
        }
    });
    let screen = app.text();
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("Zed Quinn")).collect();
    assert_eq!(rows.len(), subjects.len(), "{screen}");
    // Every row's requester starts in the same column.
    let columns: Vec<usize> = rows
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(&l[..l.find("Zed Quinn").unwrap()]))
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{columns:?}\n{screen}");
    assert!(
        screen.contains("👩\u{200D}💻 laptop"),
        "the emoji stays whole: {screen}"
    );
    assert!(
        screen.contains("ok\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        "hidden words show: {screen}"
    );
    assert!(
        screen.contains("\u{FFFD}\u{FFFD}\u{FFFD}"),
        "a blank subject shows: {screen}"
    );
    assert!(screen.contains("line break"), "{screen}");
}

fn doctor_text(desk: &Desk) -> (i32, String) {
    let out = desk.run(&["doctor"]);
    (code(&out), String::from_utf8_lossy(&out.stdout).into_owned())
}

fn chained_desk() -> Desk {
    let desk = Desk::new();
    desk.new_request("printer");
    desk.new_request("vpn");
    desk.ok(&["note", "1", "checked the tray"]);
    desk.ok(&["reply", "2", "try again now"]);
    desk.ok(&["note", "1", "ordered a part"]);
    desk
}

#[test]
fn the_history_proves_itself_and_names_the_first_event_changed_behind_frontdesks_back() {
    let desk = chained_desk();
    let (code, text) = doctor_text(&desk);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("[ok  ] history         intact since #1: 6 events chained; head "),
        "{text}"
    );

    // Edited with the append-only trigger put aside and put back.
    sql(
        &desk,
        "DROP TRIGGER events_are_never_edited;
         UPDATE events SET body = 'nothing to see' WHERE id = 3;
         CREATE TRIGGER events_are_never_edited BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'x'); END;",
    );
    let (code, text) = doctor_text(&desk);
    assert_eq!(code, 1);
    assert!(
        text.contains("[BAD ] history         intact before event 3; event 3 (request #1) breaks the chain"),
        "{text}"
    );
}

#[test]
fn a_deleted_or_slipped_in_event_breaks_the_chain_where_it_happened() {
    let desk = chained_desk();
    sql(
        &desk,
        "DROP TRIGGER events_are_never_deleted; DELETE FROM events WHERE id = 2;",
    );
    let (_, text) = doctor_text(&desk);
    assert!(text.contains("event 3 (request #1) breaks the chain"), "{text}");

    let desk = chained_desk();
    sql(
        &desk,
        "INSERT INTO events (request_id, at, actor, kind, body) VALUES (1, 1795000000, 'lena', 'note', 'planted');",
    );
    let (_, text) = doctor_text(&desk);
    assert!(
        text.contains("event 7 (request #1) breaks the chain: it was added without Frontdesk"),
        "{text}"
    );
}

#[test]
fn an_export_edited_after_it_was_made_is_refused() {
    let desk = chained_desk();
    let file = desk.path("desk.json");
    desk.ok(&["export", "--out", file.to_str().unwrap()]);
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("ordered a part", "ordered nothing");
    std::fs::write(&file, text).unwrap();
    let target = Desk::new();
    let out = target.run(&["import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(err.contains("changed after it was exported"), "{err}");
    assert!(err.contains("event 6 of request 1"), "{err}");
}

#[test]
fn every_event_records_the_login_and_host_and_show_names_them_when_they_differ() {
    let desk = chained_desk();
    let shown = desk.json(&["show", "1", "--format", "json"]);
    let first = &shown["events"][0];
    assert!(first["login"].as_str().is_some_and(|l| !l.is_empty()), "{first}");
    assert!(first["host"].as_str().is_some_and(|h| !h.is_empty()), "{first}");
    assert_eq!(first["hash"].as_str().map(str::len), Some(32));
    let login = first["login"].as_str().unwrap().to_string();
    let text = desk.ok(&["show", "1"]);
    if login != "ana" {
        assert!(text.contains(&format!("ana (as {login}@")), "{text}");
    }
}

#[test]
fn only_a_lead_changes_roles_and_every_change_is_history() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    // Anyone may appoint the desk's first lead; the change is recorded.
    desk.ok(&["people", "add", "lena", "--role", "lead"]);
    // After that, an agent cannot make themselves (or anyone) a lead.
    let out = desk.run(&["people", "add", "ana", "--role", "lead"]);
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(
        err.contains("only a team lead may change roles") && err.contains("leads: lena"),
        "{err}"
    );
    let out = desk.run(&["people", "add", "bruno", "--role", "agent"]);
    assert_eq!(code(&out), 1, "making staff is a role change too");
    // Details other than the role stay open to agents.
    desk.ok(&["people", "add", "Ben", "--dept", "Finance"]);
    // The lead can.
    desk.cmd_as("lena")
        .args(["people", "add", "bruno", "--role", "agent"])
        .assert()
        .success();
    let history = desk.json(&["people", "history", "bruno", "--format", "json"]);
    let role = history
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "role")
        .unwrap()
        .clone();
    assert_eq!(role["actor"], "lena");
    assert_eq!(role["new_value"], "agent");
    assert!(role["login"].as_str().is_some());
    let text = desk.ok(&["people", "history", "lena"]);
    assert!(text.contains("ana") && text.contains("role - → lead"), "{text}");
}

#[test]
fn the_systems_name_is_reserved_and_names_are_bounded() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    for args in [
        vec!["--as", "frontdesk", "list"],
        vec!["--as", "FrontDesk", "new", "--subject", "x", "--requester", "Ben"],
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(
            one_line_error(&out).contains("'frontdesk' is the name Frontdesk records its own changes under")
        );
    }
    let out = desk.run(&["people", "add", "frontdesk", "--role", "agent"]);
    assert_eq!(code(&out), 1);
    let long = "x".repeat(5_000);
    let out = desk.run(&["--as", &long, "list"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("name is too long"));
}

#[test]
fn a_requester_does_not_become_staff_by_acting() {
    let desk = Desk::new();
    desk.new_request("x");
    // Ben Carter is the requester of request 1.
    let out = desk
        .cmd_as("Ben Carter")
        .args(["note", "1", "me again"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let err = one_line_error(&out);
    assert!(err.contains("Ben Carter is a requester, not staff"), "{err}");
    let people = desk.json(&["people", "list", "--format", "json"]);
    let ben = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Ben Carter")
        .unwrap()
        .clone();
    assert_eq!(ben["role"], "requester");
}

#[test]
fn sql_planted_while_the_app_runs_is_caught_before_its_next_write() {
    use common::screen::Screen;
    use crossterm::event::KeyCode;
    let mut app = Screen::seeded(80, 24);
    Connection::open(&app.db)
        .unwrap()
        .execute_batch("CREATE TRIGGER spy AFTER INSERT ON events BEGIN SELECT 1; END;")
        .unwrap();
    app.press(KeyCode::Enter);
    app.keys("i").keys("a note the spy would see").ctrl('s');
    let screen = app.text();
    assert!(screen.contains("trigger spy on events"), "{screen}");
    let notes: i64 = Connection::open(&app.db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM events WHERE body = 'a note the spy would see'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(notes, 0);
    app.press(KeyCode::Esc).press(KeyCode::Esc);
    app.tick(common::NOW);
    assert!(
        app.text()
            .contains("READ-ONLY: the desk's schema is not Frontdesk's own"),
        "{}",
        app.text()
    );
}
