//! What a hostile colleague tries with the command line: loops of
//! parents, a header smuggled into a contact, names that carry terminal
//! codes, a key taken from the team, ten thousand tags, queries past what
//! the database answers, ranges that would hang, and files saved through
//! links planted where they land.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::{code, one_line_error, Desk};

fn refused(desk: &Desk, args: &[&str]) -> String {
    let out = desk.run(args);
    assert_ne!(code(&out), 0, "{args:?} was accepted");
    one_line_error(&out)
}

#[test]
fn a_link_that_would_close_a_loop_of_parents_is_refused() {
    let desk = Desk::new();
    for s in ["a", "b", "c"] {
        desk.new_request(s);
    }
    desk.ok(&["link", "1", "2", "--kind", "parent"]);
    desk.ok(&["link", "2", "3", "--kind", "parent"]);
    let err = refused(&desk, &["link", "3", "1", "--kind", "parent"]);
    assert!(err.contains("#3 cannot be the parent of #1"), "{err}");
    let err = refused(&desk, &["link", "1", "3", "--kind", "child"]);
    assert!(err.contains("would make a loop"), "{err}");
    // Turning a link round replaces it: no loop, and allowed.
    desk.ok(&["link", "2", "1", "--kind", "parent"]);
    let shown = desk.json(&["show", "1", "--format", "json"]);
    let links: Vec<String> = shown["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("{} #{}", l["relation"].as_str().unwrap(), l["id"]))
        .collect();
    assert_eq!(links, ["child of #2"]);
}

#[test]
fn an_import_with_two_requests_each_the_others_parent_is_refused() {
    let desk = Desk::new();
    desk.new_request("a");
    desk.new_request("b");
    desk.ok(&["link", "1", "2", "--kind", "parent"]);
    let file = desk.path("export.json");
    desk.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let mut export: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    export["requests"][1]["links"] = serde_json::json!([
        {"relation": "parent of", "id": 1, "subject": "a", "status": "new"}
    ]);
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    let target = Desk::new();
    let err = refused(&target, &["import", file.to_str().unwrap()]);
    assert!(err.contains("would make a loop"), "{err}");
    assert_eq!(target.listed(&[]), 0, "nothing was imported");
}

#[test]
fn a_line_break_in_a_one_line_field_is_refused_and_a_mail_contact_is_one_address() {
    let desk = Desk::new();
    let err = refused(
        &desk,
        &[
            "new",
            "--subject",
            "x",
            "--requester",
            "Ben",
            "--contact",
            "a@b.c\r\nBcc: x@evil.example",
        ],
    );
    assert_eq!(
        err.trim_end(),
        "frontdesk: contact must be one line (it holds a line break)"
    );
    let err = refused(&desk, &["new", "--subject", "two\nlines", "--requester", "Ben"]);
    assert!(err.contains("subject must be one line"), "{err}");
    let err = refused(
        &desk,
        &[
            "new",
            "--subject",
            "x",
            "--requester",
            "Ben",
            "--channel",
            "email",
            "--contact",
            "a@b.c,evil@x.org",
        ],
    );
    assert!(err.contains("one e-mail address for a request by mail"), "{err}");
    let id = desk.ok(&[
        "new",
        "--subject",
        "x",
        "--requester",
        "Ben",
        "--channel",
        "email",
        "--contact",
        "ben@b.org",
    ]);
    let err = refused(
        &desk,
        &["update", id.trim(), "--contact", "ben@b.org; evil@x.org"],
    );
    assert!(err.contains("one e-mail address"), "{err}");
    let err = refused(&desk, &["update", id.trim(), "--team", "Net\rwork"]);
    assert!(err.contains("team must be one line"), "{err}");
    assert_eq!(desk.listed(&[]), 1);
}

#[test]
fn view_and_macro_names_with_control_characters_and_a_taken_shared_key_are_refused() {
    let desk = Desk::new();
    let err = refused(
        &desk,
        &["views", "add", "mine\u{1b}[2J", "--query", "status:open"],
    );
    assert!(
        err.contains("view name must not hold control characters"),
        "{err}"
    );
    let err = refused(&desk, &["macros", "add", "thanks\u{7}", "--reply", "Thanks"]);
    assert!(
        err.contains("macro name must not hold control characters"),
        "{err}"
    );
    desk.ok(&[
        "views",
        "add",
        "urgent",
        "--query",
        "priority:P1",
        "--key",
        "3",
        "--shared",
    ]);
    let other = desk
        .cmd_as("bo")
        .args([
            "views",
            "add",
            "mine",
            "--query",
            "status:open",
            "--key",
            "3",
            "--shared",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&other), 1);
    assert!(
        one_line_error(&other).contains("key 3 already opens the shared view 'urgent'"),
        "{}",
        one_line_error(&other)
    );
    // One's own view may use the key: it opens one's own first.
    desk.ok(&["views", "add", "own", "--query", "status:open", "--key", "3"]);
    // Saving the shared view again keeps its key.
    desk.ok(&[
        "views",
        "add",
        "urgent",
        "--query",
        "priority:P1,P2",
        "--key",
        "3",
        "--shared",
    ]);
}

#[test]
fn an_import_with_two_views_of_one_name_or_two_shared_on_one_key_is_refused() {
    let desk = Desk::new();
    desk.new_request("a");
    let file = desk.path("export.json");
    desk.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let export: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let view = |name: &str, number: u8| {
        serde_json::json!({"owner": "", "name": name, "query": "status:open", "sort": null, "number": number,
                           "created_by": "ana", "created_at": 1_764_064_800})
    };
    for (views, says) in [
        (
            vec![view("open", 1), view("open", 2)],
            "two shared views are called 'open'",
        ),
        (
            vec![view("open", 1), view("new", 1)],
            "the shared views 'open' and 'new' both take key 1",
        ),
    ] {
        let mut changed = export.clone();
        changed["views"] = serde_json::Value::Array(views);
        std::fs::write(&file, serde_json::to_vec(&changed).unwrap()).unwrap();
        let target = Desk::new();
        let err = refused(&target, &["import", file.to_str().unwrap()]);
        assert!(err.contains(says), "{err}");
        assert_eq!(target.listed(&[]), 0);
    }
}

#[test]
fn tags_on_one_request_are_capped() {
    let desk = Desk::new();
    desk.new_request("a");
    let twenty: Vec<String> = (0..20).map(|i| format!("+t{i}")).collect();
    let mut args = vec!["tag", "1"];
    args.extend(twenty.iter().map(String::as_str));
    desk.ok(&args);
    let err = refused(&desk, &["tag", "1", "+one-more"]);
    assert!(err.contains("at most 20 tags"), "{err}");
    let long = format!("+{}", "x".repeat(41));
    let err = refused(&desk, &["tag", "1", "-t0", &long]);
    assert!(err.contains("at most 40 characters"), "{err}");
    // Taking one off and putting another on stays within the cap.
    desk.ok(&["tag", "1", "-t0", "+fresh"]);
    let shown = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(shown["tags"].as_array().unwrap().len(), 20);
}

#[test]
fn a_query_past_its_limits_is_refused_before_the_database_and_never_saved() {
    let desk = Desk::new();
    desk.new_request("printer");
    let many: Vec<String> = (0..500).map(|i| format!("tag:t{i}")).collect();
    let err = refused(&desk, &["list", "--query", &many.join(" ")]);
    assert!(err.contains("a query is at most 1000 characters"), "{err}");
    let terms: Vec<String> = (0..101).map(|i| format!("-tag:t{i}")).collect();
    let err = refused(
        &desk,
        &[
            "views",
            "add",
            "broken",
            "--query",
            &terms.join(" "),
            "--shared",
            "--key",
            "3",
        ],
    );
    assert!(err.contains("at most 100 terms"), "{err}");
    assert!(!desk.ok(&["views", "list"]).contains("broken"));
    // The most a query may hold is answered.
    let most: Vec<String> = (0..100).map(|i| format!("-tag:t{i}")).collect();
    assert_eq!(desk.listed(&["--query", &most.join(" ")]), 1);
    let started = Instant::now();
    let words = "printer ".repeat(16_000);
    let err = refused(&desk, &["list", "--search", &words]);
    assert!(err.contains("at most 1000 characters"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_hundred_wide_ranges_are_refused_at_once() {
    let desk = Desk::new();
    desk.new_request("a");
    let spec: Vec<String> = (0..100)
        .map(|i| format!("{}-{}", i * 10_000 + 1, i * 10_000 + 9_999))
        .collect();
    let mut cmd = desk.cmd();
    cmd.args(["update", &spec.join(","), "--team", "x"])
        .timeout(Duration::from_secs(20));
    let out = cmd.output().unwrap();
    assert_eq!(code(&out), 2);
    assert_eq!(
        one_line_error(&out).trim_end(),
        "frontdesk: more than 10000 requests at once"
    );
}

const TWO_FILES: &str = "From: Ben Carter <ben@example.org>\r
To: desk@example.org\r
Subject: Two notes\r
Message-ID: <two@example.org>\r
MIME-Version: 1.0\r
Content-Type: multipart/mixed; boundary=\"b\"\r
\r
--b\r
Content-Type: text/plain\r
\r
See both.\r
--b\r
Content-Type: text/plain\r
Content-Disposition: attachment; filename=\"notes.txt\"\r
\r
first\r
--b\r
Content-Type: text/plain\r
Content-Disposition: attachment; filename=\"notes.txt\"\r
\r
second\r
--b--\r
";

#[test]
fn saving_a_file_never_follows_a_planted_link_nor_replaces_a_file() {
    let desk = Desk::new();
    let eml = desk.path("two.eml");
    std::fs::write(&eml, TWO_FILES).unwrap();
    desk.ok(&["mail", "import", eml.to_str().unwrap()]);
    let out = desk.path("saved");
    std::fs::create_dir(&out).unwrap();
    let precious = desk.path("precious");
    std::fs::write(&precious, "keep me").unwrap();
    std::os::unix::fs::symlink(&precious, out.join("notes.txt")).unwrap();
    std::os::unix::fs::symlink(desk.path("escaped"), out.join("notes (2).txt")).unwrap();
    desk.ok(&["attachment", "1", "1", "--out", out.to_str().unwrap()]);
    desk.ok(&["attachment", "1", "2", "--out", out.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    assert!(!desk.path("escaped").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("notes (3).txt"))
            .unwrap()
            .trim_end(),
        "first"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes (4).txt"))
            .unwrap()
            .trim_end(),
        "second"
    );
    // A path names the file; one that is there is not replaced either.
    let named = out.join("mine.txt");
    std::fs::write(&named, "mine").unwrap();
    desk.ok(&["attachment", "1", "1", "--out", named.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&named).unwrap(), "mine");
    assert_eq!(
        std::fs::read_to_string(out.join("mine (2).txt"))
            .unwrap()
            .trim_end(),
        "first"
    );
}

/// SQL run on the file by another tool (one that knows the function the
/// search index's triggers call).
fn sql(desk: &Desk, batch: &str) {
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    frontdesk::store::search::register(&conn).unwrap();
    conn.execute_batch(batch).unwrap();
}

fn doctor(desk: &Desk) -> (i32, String) {
    let out = desk.run(&["doctor"]);
    (code(&out), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_file_changed_in_the_desk_or_in_an_export_is_found() {
    let desk = Desk::new();
    let eml = desk.path("two.eml");
    std::fs::write(&eml, TWO_FILES).unwrap();
    desk.ok(&["mail", "import", eml.to_str().unwrap()]);
    let (status, text) = doctor(&desk);
    assert!(!text.contains("files"), "{text}");
    assert_eq!(status, 0, "{text}");

    // An edited export is refused, whatever was edited with the bytes.
    let file = desk.path("export.json");
    desk.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let export: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(
        export["requests"][0]["files"][0]["sha256"].as_str().map(str::len),
        Some(64),
        "{export:#}"
    );
    let evil = base64_of("FIRST\r\n");
    let mut bytes_only = export.clone();
    bytes_only["requests"][0]["files"][0]["content"] = serde_json::json!(evil);
    let mut with_digest = bytes_only.clone();
    with_digest["requests"][0]["files"][0]["sha256"] = serde_json::json!(sha256_hex(b"FIRST\r\n"));
    let mut renamed = export.clone();
    renamed["requests"][0]["files"][1]["name"] = serde_json::json!("invoice.exe");
    for (edited, says) in [
        (bytes_only, "the file notes.txt was changed after it was exported"),
        (
            with_digest,
            "the history in the file was changed after it was exported",
        ),
        (
            renamed,
            "the history in the file was changed after it was exported",
        ),
    ] {
        std::fs::write(&file, serde_json::to_vec(&edited).unwrap()).unwrap();
        let target = Desk::new();
        let err = refused(&target, &["import", file.to_str().unwrap()]);
        assert!(err.contains(says), "{err}");
        assert_eq!(target.listed(&[]), 0);
    }
    // The export as it was moves whole, and its files stay chained there.
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    let moved = Desk::new();
    moved.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(doctor(&moved).0, 0, "{}", doctor(&moved).1);

    // In the desk: the bytes changed, then the name too.
    sql(
        &desk,
        "UPDATE attachments SET content = CAST('FIRST' AS BLOB) WHERE id = 1;",
    );
    let (status, text) = doctor(&desk);
    assert_eq!(status, 1, "{text}");
    assert!(
        text.contains("[BAD ] files") && text.contains("notes.txt of request #1"),
        "{text}"
    );
    sql(&desk, "UPDATE attachments SET name = 'invoice.exe' WHERE id = 2;");
    let (_, text) = doctor(&desk);
    assert!(text.contains("breaks the chain"), "{text}");
}

fn base64_of(bytes: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn an_agent_cannot_make_a_lead_by_importing_a_hand_edited_export() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "Alice", "--role", "lead"]);
    as_alice(&desk, &["people", "add", "ana", "--role", "agent"]);
    desk.new_request("a");
    let file = desk.path("export.json");
    desk.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);
    let mut export: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    // Shift the ids so they do not clash, and add a lead.
    export["requests"][0]["id"] = serde_json::json!(500);
    for e in export["requests"][0]["events"].as_array_mut().unwrap() {
        e["request_id"] = serde_json::json!(500);
        e["hash"] = serde_json::Value::Null;
    }
    let person = |name: &str, role: &str| {
        serde_json::json!({"name": name, "department": null, "contact": null, "team": null,
                                                            "key_customer": false, "role": role, "login": null})
    };
    let mut with = |people: Vec<serde_json::Value>| {
        export["people"] = serde_json::Value::Array(people);
        std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    };
    with(vec![person("Mallory", "lead")]);
    let err = refused(&desk, &["import", file.to_str().unwrap()]);
    assert!(
        err.contains("person Mallory (record 1) would add Mallory as a lead: only a team lead may import staff; ana is not a lead"),
        "{err}"
    );
    with(vec![person("Mallory", "agent")]);
    let err = refused(&desk, &["import", file.to_str().unwrap()]);
    assert!(err.contains("would add Mallory as an agent"), "{err}");
    assert!(desk
        .json(&["people", "list", "--format", "json"])
        .to_string()
        .contains("Alice"));
    assert!(
        !desk.ok(&["people", "list"]).contains("Mallory"),
        "nothing was imported"
    );

    // Requesters an agent may bring in, and each is history in their name.
    with(vec![person("Zoe Requester", "requester")]);
    desk.ok(&["import", file.to_str().unwrap()]);
    let history = desk.ok(&["people", "history", "Zoe Requester"]);
    assert!(
        history.contains("ana") && history.contains("requester (imported)"),
        "{history}"
    );
    // A lead may import staff.
    export["requests"][0]["id"] = serde_json::json!(600);
    for e in export["requests"][0]["events"].as_array_mut().unwrap() {
        e["request_id"] = serde_json::json!(600);
    }
    export["people"] = serde_json::Value::Array(vec![person("Bo", "agent")]);
    std::fs::write(&file, serde_json::to_vec(&export).unwrap()).unwrap();
    let out = desk
        .cmd_as("Alice")
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(desk.ok(&["people", "history", "Bo"]).contains("agent (imported)"));
    let (status, text) = doctor(&desk);
    assert!(text.contains("[ok  ] people"), "{text}");
    assert_eq!(status, 0, "{text}");
}

fn as_alice(desk: &Desk, args: &[&str]) {
    let out = desk.cmd_as("Alice").args(args).output().unwrap();
    assert_eq!(
        code(&out),
        0,
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn doctor_names_a_role_or_login_changed_behind_frontdesks_back() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "Alice", "--role", "lead"]);
    as_alice(
        &desk,
        &["people", "add", "bob", "--role", "agent", "--login", "bob"],
    );
    desk.new_request("a");
    let (status, text) = doctor(&desk);
    assert_eq!(status, 0, "{text}");
    sql(&desk, "UPDATE people SET role = 'lead' WHERE name = 'bob'; UPDATE people SET login = 'root' WHERE name = 'Ben Carter';");
    let (status, text) = doctor(&desk);
    assert_eq!(status, 1, "{text}");
    assert!(text.contains("[BAD ] people"), "{text}");
    assert!(
        text.contains("bob is a lead but the history says an agent"),
        "{text}"
    );
    assert!(
        text.contains("Ben Carter's login is 'root' but the history says none"),
        "{text}"
    );
    // The role taken behind Frontdesk's back gives no rights, so bob
    // cannot confirm it himself; a lead sets what is right, recorded.
    let out = desk
        .cmd_as("bob")
        .args(["people", "add", "bob", "--role", "lead"])
        .output()
        .unwrap();
    assert_ne!(code(&out), 0);
    assert!(
        one_line_error(&out).contains("only a team lead may change roles"),
        "{}",
        one_line_error(&out)
    );
    let out = desk
        .cmd_as("Alice")
        .args(["people", "add", "bob", "--role", "agent"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let text = doctor(&desk).1;
    assert!(!text.contains("bob is"), "{text}");
    assert!(text.contains("Ben Carter's login"), "{text}");
}

#[test]
fn demo_data_keeps_its_staff_in_the_history() {
    let desk = Desk::new();
    desk.ok(&["init", "--demo", "30"]);
    let (_, text) = doctor(&desk);
    assert!(text.contains("[ok  ] people"), "{text}");
}
