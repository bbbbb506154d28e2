//! The request commands through the real binary: new, list, show, update,
//! reply, note, escalate, resolve, reopen, rate, people.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};
use serde_json::Value;

const REQUEST_FIELDS: &[&str] = &[
    "id",
    "subject",
    "body",
    "requester",
    "department",
    "contact",
    "channel",
    "kind",
    "category",
    "urgency",
    "impact",
    "key_customer",
    "priority",
    "status",
    "assignee",
    "team",
    "escalation_level",
    "created_at",
    "first_response_at",
    "resolved_at",
    "reply_by",
    "updated_at",
    "version",
];

#[test]
fn init_is_idempotent_and_demo_fills_every_kind_of_data() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    desk.ok(&["init"]);
    assert!(desk.db.exists());
    desk.ok(&["init", "--demo", "120"]);
    let all = desk.json(&["list", "--limit", "1000", "--format", "json"]);
    assert_eq!(all.as_array().unwrap().len(), 120);
    let statuses: std::collections::HashSet<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    for s in ["new", "open", "resolved", "closed"] {
        assert!(statuses.contains(s), "demo data has no {s} request");
    }
    assert!(desk.listed(&["--escalated"]) > 0);
    let export = desk.json(&["export"]);
    let rated = export["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["rating"].is_null())
        .count();
    assert!(rated > 5, "demo data has {rated} ratings");
}

#[test]
fn new_prints_only_the_id_and_stores_the_phone_record() {
    let desk = Desk::new();
    let out = desk.ok(&[
        "new",
        "--subject",
        "VPN drops",
        "--requester",
        "王芳",
        "--dept",
        "研发中心",
        "--contact",
        "ext. 2201",
        "--channel",
        "email",
        "--kind",
        "incident",
        "--category",
        "Network",
        "--urgency",
        "high",
        "--impact",
        "medium",
        "--reply-by",
        "2026-11-26T09:00:00Z",
        "--body",
        "Since this morning.",
    ]);
    assert_eq!(out, "1\n");
    let r = desk.json(&["show", "1", "--format", "json"]);
    for field in REQUEST_FIELDS {
        assert!(r.get(*field).is_some(), "show json lacks {field}");
    }
    assert_eq!(r["requester"], "王芳");
    assert_eq!(r["department"], "研发中心");
    assert_eq!(r["channel"], "email");
    assert_eq!(r["priority"], "P2");
    assert_eq!(r["status"], "new");
    assert_eq!(r["reply_by"], "2026-11-26T09:00:00Z");
    assert_eq!(r["created_at"], common::NOW);
    assert_eq!(r["version"], 1);
    let events = r["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["kind"], "created");
    assert_eq!(events[0]["actor"], "ana");
    // The number as the desk writes it (#1) names the same request.
    assert_eq!(desk.ok(&["show", "#1"]), desk.ok(&["show", "1"]));
}

#[test]
fn body_can_come_from_a_file_or_stdin_and_must_be_utf8() {
    let desk = Desk::new();
    let path = desk.path("body.txt");
    std::fs::write(&path, "line one\nline two").unwrap();
    let id = desk.ok(&[
        "new",
        "--subject",
        "s",
        "--requester",
        "r",
        "--body-file",
        path.to_str().unwrap(),
    ]);
    let r = desk.json(&["show", id.trim(), "--format", "json"]);
    assert_eq!(r["body"], "line one\nline two");

    let out = desk
        .cmd()
        .args(["new", "--subject", "s", "--requester", "r", "--body-file", "-"])
        .write_stdin("from stdin")
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        desk.json(&["show", id.trim(), "--format", "json"])["body"],
        "from stdin"
    );

    std::fs::write(&path, [0x66, 0xff, 0xfe]).unwrap();
    let out = desk.run(&[
        "new",
        "--subject",
        "s",
        "--requester",
        "r",
        "--body-file",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("not valid UTF-8"));
}

#[test]
fn key_customers_are_raised_one_priority_level() {
    let desk = Desk::new();
    desk.ok(&[
        "new",
        "--subject",
        "a",
        "--requester",
        "CEO",
        "--key",
        "--urgency",
        "low",
        "--impact",
        "low",
    ]);
    // The flag stays on the person: their next request is raised too.
    desk.ok(&[
        "new",
        "--subject",
        "b",
        "--requester",
        "CEO",
        "--urgency",
        "medium",
        "--impact",
        "medium",
    ]);
    assert_eq!(desk.json(&["show", "1", "--format", "json"])["priority"], "P3");
    let second = desk.json(&["show", "2", "--format", "json"]);
    assert_eq!(second["priority"], "P2");
    assert_eq!(second["key_customer"], true);
}

#[test]
fn the_whole_life_of_a_request() {
    let desk = Desk::new();
    let id = desk.new_request("Printer jams").to_string();
    desk.ok(&["people", "add", "bob", "--role", "agent", "--team", "Workplace"]);
    desk.ok(&["update", &id, "--assign", "bob"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["assignee"], "bob");
    assert_eq!(r["status"], "open", "taking a new request opens it");

    desk.ok(&["note", &id, "Probably the fuser"]);
    assert!(
        desk.json(&["show", &id, "--format", "json"])["first_response_at"].is_null(),
        "a note is not a response"
    );
    desk.ok(&["reply", &id, "A technician is on the way"]);
    assert_eq!(
        desk.json(&["show", &id, "--format", "json"])["first_response_at"],
        common::NOW
    );

    desk.ok(&[
        "update",
        &id,
        "--status",
        "waiting",
        "--reason",
        "waiting for the part",
    ]);
    desk.ok(&["update", &id, "--status", "open"]);
    desk.ok(&[
        "update",
        &id,
        "--urgency",
        "critical",
        "--impact",
        "high",
        "--team",
        "Network",
        "--category",
        "Hardware",
    ]);
    desk.ok(&["escalate", &id, "--reason", "Whole floor cannot print"]);
    desk.ok(&["escalate", &id, "--reason", "Still down"]);
    let out = desk.run(&["escalate", &id, "--reason", "again"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("top escalation level"));

    desk.ok(&["resolve", &id, "--resolution", "Replaced the fuser"]);
    desk.ok(&[
        "rate",
        &id,
        "--score",
        "4",
        "--speed",
        "3",
        "--quality",
        "5",
        "--communication",
        "4",
        "--recommend",
        "8",
        "--comment",
        "Quick once it was found",
    ]);
    desk.ok(&["reopen", &id, "--reason", "Jams again"]);
    desk.ok(&["resolve", &id, "--resolution", "done"]);
    desk.ok(&["update", &id, "--status", "closed"]);

    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["status"], "closed");
    assert_eq!(r["priority"], "P1");
    assert_eq!(r["team"], "Network");
    assert_eq!(r["category"], "Hardware");
    assert_eq!(r["escalation_level"], 2);
    assert_eq!(r["rating"]["overall"], 4);
    assert_eq!(r["rating"]["recommend"], 8);
    let kinds: Vec<&str> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "assignee",
            "status",
            "note",
            "reply",
            "status",
            "status",
            "urgency",
            "impact",
            "priority",
            "team",
            "category",
            "escalation",
            "escalation",
            "status",
            "rating",
            "status",
            "status",
            "status"
        ]
    );
    // One version per change: 13 commands changed it after creation.
    assert_eq!(r["version"], 14);

    let text = desk.ok(&["show", &id]);
    assert!(text.contains("internal note"));
    assert!(text.contains("Replaced the fuser"));
    assert!(text.contains("overall 4/5"));
}

#[test]
fn illegal_moves_and_bad_values_say_what_is_allowed() {
    let desk = Desk::new();
    let id = desk.new_request("x").to_string();
    let out = desk.run(&["update", &id, "--status", "closed"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("from new it can go to: open, waiting, resolved"));

    let out = desk.run(&["update", &id, "--urgency", "urgentish"]);
    assert_eq!(code(&out), 2);
    assert!(one_line_error(&out).contains("valid: low, medium, high, critical"));

    let out = desk.run(&["rate", &id, "--score", "4"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("once it is resolved"));

    let out = desk.run(&["rate", &id, "--score", "9"]);
    assert_eq!(code(&out), 2);
    one_line_error(&out);

    let out = desk.run(&["update", &id, "--assign", "nobody"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("no member of staff is called 'nobody'"));

    let out = desk.run(&["new", "--subject", "   ", "--requester", "r"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("subject must not be empty"));

    let long = "x".repeat(201);
    let out = desk.run(&["new", "--subject", &long, "--requester", "r"]);
    assert!(one_line_error(&out).contains("too long"));

    let out = desk.run(&[
        "new",
        "--subject",
        "s",
        "--requester",
        "r",
        "--reply-by",
        "2026-02-30",
    ]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("invalid date"));

    let out = desk.run(&["update", &id]);
    assert_eq!(code(&out), 2);
    one_line_error(&out);
}

#[test]
fn missing_requests_are_not_found() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    for args in [
        vec!["show", "999"],
        vec!["reply", "999", "hi"],
        vec!["update", "999", "--status", "open"],
        vec!["resolve", "999", "--resolution", "done"],
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(one_line_error(&out).contains("request 999 does not exist"));
    }
    let out = desk.run(&["show", "abc"]);
    assert_eq!(code(&out), 2);
    one_line_error(&out);
}

#[test]
fn a_stale_if_version_is_refused_with_exit_3_and_keeps_the_other_change() {
    let desk = Desk::new();
    let id = desk.new_request("shared").to_string();
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    // Both read version 1; bob writes first.
    desk.cmd_as("bob")
        .args(["update", &id, "--assign", "bob", "--if-version", "1"])
        .assert()
        .success();
    let out = desk.run(&["update", &id, "--unassign", "--if-version", "1"]);
    assert_eq!(code(&out), 3);
    let err = one_line_error(&out);
    assert!(err.contains("changed by bob"), "{err}");
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["assignee"], "bob");
    assert_eq!(r["version"], 2);
    // A reply takes the guard for what matters to a reply: bob's
    // assignment does not stop one based on version 1, his answer does.
    desk.ok(&["reply", &id, "only the assignee changed", "--if-version", "1"]);
    desk.cmd_as("bob")
        .args(["reply", &id, "I called them"])
        .assert()
        .success();
    let out = desk.run(&["reply", &id, "late", "--if-version", "3"]);
    assert_eq!(code(&out), 3);
    assert!(one_line_error(&out).contains("changed by bob"));
    desk.ok(&["reply", &id, "on time", "--if-version", "4"]);
    // Notes take the whole guard.
    let out = desk.run(&["note", &id, "late", "--if-version", "4"]);
    assert_eq!(code(&out), 3);
    let out = desk.run(&["update", &id, "--status", "waiting", "--if-version", "two"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn list_filters_sorts_and_formats() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    desk.ok(&[
        "new",
        "--subject",
        "Printer jams on the VPN",
        "--requester",
        "A",
        "--dept",
        "Sales",
        "--urgency",
        "low",
        "--impact",
        "low",
    ]);
    desk.ok(&[
        "new",
        "--subject",
        "Laptop broken",
        "--requester",
        "B",
        "--dept",
        "Finance",
        "--urgency",
        "critical",
        "--impact",
        "high",
    ]);
    desk.ok(&[
        "new",
        "--subject",
        "Need a monitor",
        "--requester",
        "C",
        "--dept",
        "Sales",
    ]);
    desk.ok(&["update", "2", "--assign", "bob", "--team", "Workplace"]);
    desk.ok(&["update", "3", "--assign", "ana"]);
    desk.ok(&["reply", "3", "the vpn config is attached"]);
    desk.ok(&["escalate", "2", "--reason", "CEO laptop"]);
    desk.ok(&["resolve", "1", "--resolution", "done"]);

    let ids = |args: &[&str]| -> Vec<i64> {
        let mut full = vec!["list", "--format", "json"];
        full.extend_from_slice(args);
        desk.json(&full)
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(ids(&["--status", "open"]), [3, 2]);
    assert_eq!(
        ids(&["--status", "open,resolved", "--sort", "priority"]),
        [2, 3, 1]
    );
    assert_eq!(ids(&["--assignee", "bob"]), [2]);
    assert_eq!(ids(&["--mine"]), [3]);
    assert_eq!(ids(&["--unassigned"]), [1]);
    assert_eq!(ids(&["--dept", "sales"]), [3, 1]);
    assert_eq!(ids(&["--team", "Workplace"]), [2]);
    assert_eq!(ids(&["--priority", "P1"]), [2]);
    assert_eq!(ids(&["--escalated"]), [2]);
    assert_eq!(
        ids(&["--search", "vpn"]),
        [3, 1],
        "subject and replies are searched"
    );
    assert_eq!(ids(&["--search", "lapt"]), [2], "prefix search");
    assert_eq!(ids(&["--limit", "1"]).len(), 1);
    assert!(ids(&["--search", "'); DROP TABLE requests;--"]).is_empty());
    assert_eq!(ids(&[]).len(), 3);

    let csv = desk.ok(&["list", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("id,subject,body,requester"));
    assert_eq!(lines.count(), 3);

    let table = desk.ok(&["list"]);
    for line in table.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line}"
        );
    }
    assert!(table.contains("Laptop broken"));
}

#[test]
fn table_output_stays_in_80_columns_with_long_and_wide_text() {
    let desk = Desk::new();
    desk.ok(&[
        "new",
        "--subject",
        &"打印机".repeat(30),
        "--requester",
        &"王".repeat(50),
        "--dept",
        &"研发".repeat(20),
        "--key",
    ]);
    desk.ok(&[
        "new",
        "--subject",
        &"word ".repeat(30),
        "--requester",
        "Someone With A Very Long Name Indeed",
    ]);
    let table = desk.ok(&["list"]);
    assert_eq!(table.lines().count(), 3);
    for line in table.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line}"
        );
    }
    assert!(table.contains('…'));
    assert!(table.contains('★'));
}

#[test]
fn control_characters_in_text_are_shown_inert() {
    let desk = Desk::new();
    desk.ok(&[
        "new",
        "--subject",
        "evil \x1b[2J\x1b]52;c;aGk=\x07 \u{202e}txt",
        "--requester",
        "x\x1b[31m",
        "--body",
        "b\x1b[H",
    ]);
    for out in [desk.ok(&["list"]), desk.ok(&["show", "1"])] {
        assert!(!out.contains('\x1b'), "raw escape in {out:?}");
        assert!(!out.contains('\x07') && !out.contains('\u{202e}'));
        assert!(out.contains("␛[2J"));
    }
    // The data itself is kept as given; JSON escapes it.
    let r = desk.json(&["show", "1", "--format", "json"]);
    assert!(r["subject"].as_str().unwrap().contains("\x1b[2J"));
    assert!(!desk.ok(&["show", "1", "--format", "json"]).contains('\x1b'));
}

#[test]
fn sql_in_text_is_stored_as_text() {
    let desk = Desk::new();
    let subject = "'); DROP TABLE requests;--";
    desk.ok(&["new", "--subject", subject, "--requester", "Robert'); --"]);
    let r: Value = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(r["subject"], subject);
    assert_eq!(desk.listed(&[]), 1);
}

#[test]
fn people_are_listed_with_roles() {
    let desk = Desk::new();
    desk.ok(&[
        "people",
        "add",
        "Lena",
        "--role",
        "lead",
        "--team",
        "Service Desk",
    ]);
    desk.ok(&[
        "new",
        "--subject",
        "s",
        "--requester",
        "Kim",
        "--dept",
        "Legal",
        "--key",
    ]);
    let people = desk.json(&["people", "list", "--format", "json"]);
    let names: Vec<(&str, &str)> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["role"].as_str().unwrap()))
        .collect();
    assert_eq!(names, [("ana", "agent"), ("Kim", "requester"), ("Lena", "lead")]);
    let out = desk.run(&["people", "add", "X", "--role", "boss"]);
    assert_eq!(code(&out), 2);
    assert!(one_line_error(&out).contains("valid: requester, agent, lead"));
}

#[test]
fn the_search_index_forgets_text_that_is_gone_and_keeps_the_rest() {
    let desk = Desk::new();
    desk.new_request("printer jam");
    desk.ok(&["reply", "1", "try the vpn"]);
    desk.ok(&["note", "1", "toner low"]);
    let found = |word: &str| desk.listed(&["--search", word]);
    for word in ["printer", "vpn", "toner"] {
        assert_eq!(found(word), 1, "{word}");
    }
    // An edit outside Frontdesk (the app never rewrites a subject): the
    // index must drop the old words, not only add the new ones.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    frontdesk::store::search::register(&conn).unwrap();
    conn.execute("UPDATE requests SET subject = 'scanner jam' WHERE id = 1", [])
        .unwrap();
    drop(conn);
    desk.ok(&["reply", "1", "all good now"]);
    assert_eq!(found("printer"), 0);
    for word in ["scanner", "vpn", "toner", "good"] {
        assert_eq!(found(word), 1, "{word}");
    }
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    conn.execute(
        "INSERT INTO request_text (request_text, rank) VALUES ('integrity-check', 0)",
        [],
    )
    .expect("search index consistent");
}

#[test]
fn reindex_rebuilds_a_search_index_that_went_out_of_step() {
    let desk = Desk::new();
    desk.new_request("printer jam");
    // History written behind the index's back (its trigger dropped, as a
    // hand edit or a broken copy could): the index no longer matches.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    let trigger: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE name = 'request_text_on_event'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER request_text_on_event;
         INSERT INTO events (request_id, at, actor, kind, body) VALUES (1, 0, 'x', 'note', 'walrus tusk');
         {trigger};"
    ))
    .unwrap();
    drop(conn);
    let found = |word: &str| desk.listed(&["--search", word]);
    assert_eq!(found("walrus"), 0, "the index missed the hand-written note");
    // A write that must take the old text out of the index is refused, with
    // what to do, not advice to restore a backup.
    let out = desk.run(&["reply", "1", "hello"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("frontdesk reindex") && !err.contains("backup"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(desk.ok(&["reindex"]).contains("search index rebuilt: 1 requests"));
    assert_eq!(found("walrus"), 1);
    // Writes that update the index work again on the rebuilt one.
    desk.ok(&["reply", "1", "seal of approval"]);
    assert_eq!(found("seal"), 1);
    assert_eq!(found("walrus"), 1);
    assert_eq!(found("printer"), 1);
}

#[test]
fn a_usage_error_names_what_is_missing() {
    let desk = Desk::new();
    let out = desk.run(&["new", "--subject", "x"]);
    assert_eq!(code(&out), 2);
    let err = one_line_error(&out);
    assert!(err.contains("--requester"), "{err}");
}

#[test]
fn any_run_of_chinese_characters_is_found_wherever_it_stands() {
    let desk = Desk::new();
    for subject in [
        "打印机卡纸",
        "投影仪无法显示",
        "无法登录VPN",
        "无法登录VPN了",
        "邮箱容量已满",
        "VPN drops",
    ] {
        desk.new_request(subject);
    }
    desk.ok(&["note", "5", "用户说邮箱容量不够"]);
    let found = |q: &str| desk.listed(&["--search", q]);
    for (query, expected) in [
        ("打印", 1),
        ("卡纸", 1),
        ("印机卡", 1),
        ("纸", 1),
        ("容量", 1),
        ("投影仪", 1),
        ("登录", 2),
        ("VPN", 3),
        ("登录 VPN", 2),
        ("登录VPN", 2),
        ("不够", 1),
        ("卡 投影", 0),
    ] {
        assert_eq!(found(query), expected, "{query}");
    }
}

#[test]
fn search_syntax_phrases_exclusions_or_and_lone_characters() {
    let desk = Desk::new();
    for subject in [
        "printer paper jam",
        "jam in the printer paper tray",
        "toner for the printer",
        "wifi slow",
        "vpn slow",
    ] {
        desk.new_request(subject);
    }
    let found = |q: &str| desk.listed(&["--search", q]);
    assert_eq!(found("\"paper jam\""), 1, "an exact phrase");
    assert_eq!(found("printer -toner"), 2, "-word leaves out");
    assert_eq!(found("-printer"), 2, "--search -printer works as written");
    assert_eq!(desk.listed(&["--search=-printer"]), 2);
    assert_eq!(found("wifi OR vpn"), 2);
    assert_eq!(found("(wifi OR vpn) slow"), 2);
    // Read as text, which no request holds as a word: never an error,
    // never everything.
    for lone in ["\"", "*", "(", "-"] {
        assert_eq!(found(lone), 0, "{lone}");
    }
}

/// What the shell is offered for the words typed so far (fish's protocol:
/// one candidate a line, its help after a tab).
fn completed(desk: &Desk, words: &[&str]) -> String {
    let out = desk
        .cmd()
        .env("COMPLETE", "fish")
        .arg("--")
        .arg("frontdesk")
        .args(words)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn completions_and_the_manual_come_from_the_command_definitions() {
    let desk = Desk::new();
    // The script asks frontdesk itself what to complete, so commands,
    // options, request ids and names all come from one place.
    for shell in ["bash", "zsh", "fish"] {
        let script = desk.ok(&["completions", shell]);
        assert!(
            script.contains("COMPLETE") && script.contains("frontdesk"),
            "{shell}: {script}"
        );
    }
    let asked = |words: &[&str]| completed(&desk, words);
    let commands = asked(&["esc"]);
    assert!(
        commands.contains("escalate") && commands.contains("escalations"),
        "{commands}"
    );
    let man = desk.ok(&["man"]);
    assert!(
        man.starts_with(".ie") || man.contains(".TH"),
        "{}",
        &man[..200.min(man.len())]
    );
    assert!(man.contains("frontdesk"));
}

#[test]
fn the_shell_completes_open_request_ids_and_staff_names_from_the_desk() {
    let desk = Desk::new();
    let printer = desk.new_request("Printer jams");
    let vpn = desk.new_request("VPN drops");
    desk.ok(&["resolve", &vpn.to_string(), "--resolution", "done"]);
    desk.ok(&["people", "add", "bruno", "--role", "agent", "--team", "Network"]);
    desk.ok(&["tag", &printer.to_string(), "+printer", "+paper"]);
    let before = common::bytes(&desk.db);
    let asked = |words: &[&str]| completed(&desk, words);
    // Open requests, each with its subject beside it; resolved ones are
    // not offered.
    let ids = asked(&["reply", ""]);
    assert!(ids.contains(&format!("{printer}\tPrinter jams")), "{ids}");
    assert!(!ids.contains("VPN drops"), "{ids}");
    assert!(asked(&["update", &printer.to_string(), "--assign", "br"]).contains("bruno"));
    assert!(asked(&["list", "--team", "Net"]).contains("Network"));
    // Tags in use, as +tag and -tag.
    let tags = asked(&["tag", &printer.to_string(), "+pr"]);
    assert!(tags.contains("+printer") && !tags.contains("paper"), "{tags}");
    assert!(asked(&["tag", &printer.to_string(), "-pa"]).contains("-paper"));
    // Completing reads only: the file is as it was.
    assert_eq!(common::bytes(&desk.db), before);
}

#[test]
fn what_was_recorded_can_be_corrected_and_every_correction_is_history() {
    let desk = Desk::new();
    let id = desk.new_request("Pritner jams").to_string();
    desk.ok(&[
        "update",
        &id,
        "--subject",
        "Printer jams",
        "--body",
        "Floor 3, tray 2",
        "--contact",
        "ext. 3301",
        "--reply-by",
        "2026-11-27T12:00:00Z",
        "--category",
        "Hardware",
    ]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["subject"], "Printer jams");
    assert_eq!(r["body"], "Floor 3, tray 2");
    assert_eq!(r["contact"], "ext. 3301");
    assert_eq!(r["reply_by"], "2026-11-27T12:00:00Z");
    let kinds: Vec<(String, String, String)> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["old_value"].as_str().unwrap_or("").to_string(),
                e["new_value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("subject".into(), "Pritner jams".into(), "Printer jams".into())),
        "{kinds:?}"
    );
    assert!(kinds
        .iter()
        .any(|k| k.0 == "description" && k.2 == "Floor 3, tray 2"));
    assert!(kinds.iter().any(|k| k.0 == "contact" && k.2 == "ext. 3301"));
    assert!(kinds.iter().any(|k| k.0 == "reply_by"));
    // The search follows the correction.
    assert_eq!(desk.listed(&["--search", "printer"]), 1);
    assert_eq!(desk.listed(&["--search", "pritner"]), 0);
    desk.ok(&["update", &id, "--reply-by", ""]);
    assert!(desk.json(&["show", &id, "--format", "json"])["reply_by"].is_null());
}

#[test]
fn staff_are_given_the_login_they_act_through_one_login_one_person() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "ana", "--role", "lead"]);
    desk.ok(&[
        "people",
        "add",
        "Bruno Costa",
        "--role",
        "agent",
        "--login",
        "bcosta",
    ]);
    let listed = desk.ok(&["people", "list"]);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("Bruno Costa") && l.ends_with("login bcosta")),
        "{listed}"
    );
    let people = desk.json(&["people", "list", "--format", "json"]);
    let bruno = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Bruno Costa")
        .unwrap();
    assert_eq!(bruno["login"], "bcosta");
    // Another person cannot have it; a login with a space is no login.
    let taken = desk.run(&["people", "add", "Carla", "--role", "agent", "--login", "bcosta"]);
    assert_eq!(code(&taken), 1);
    assert!(
        one_line_error(&taken).contains("is Bruno Costa's"),
        "{}",
        one_line_error(&taken)
    );
    let spaced = desk.run(&["people", "add", "Carla", "--login", "c costa"]);
    assert!(one_line_error(&spaced).contains("cannot be a login"));
    // The change is history, and an export carries the login to an import.
    let history = desk.ok(&["people", "history", "Bruno Costa"]);
    assert!(
        history.contains("login") && history.contains("bcosta"),
        "{history}"
    );
    let export = desk.path("desk.json");
    desk.ok(&["export", "--out", export.to_str().unwrap()]);
    let other = Desk::new();
    other.ok(&["import", export.to_str().unwrap()]);
    let people = other.json(&["people", "list", "--format", "json"]);
    assert!(people.as_array().unwrap().iter().any(|p| p["login"] == "bcosta"));
}

#[test]
fn a_typo_is_answered_with_the_nearest_command_and_people_list_has_a_heading() {
    let desk = Desk::new();
    let out = desk.run(&["lsit"]);
    assert_eq!(code(&out), 2);
    assert!(
        one_line_error(&out).contains("did you mean 'list'?"),
        "{}",
        one_line_error(&out)
    );
    let out = desk.run(&["list", "--stauts", "open"]);
    assert!(
        one_line_error(&out).contains("did you mean '--status'?"),
        "{}",
        one_line_error(&out)
    );
    desk.new_request("x");
    let listed = desk.ok(&["people", "list"]);
    let heading = listed.lines().next().unwrap();
    for column in ["NAME", "ROLE", "DEPARTMENT", "TEAM"] {
        assert!(heading.contains(column), "{listed}");
    }
}
