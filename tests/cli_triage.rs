//! Power triage from the command line: tags on requests, and the query
//! language of `list --query` — every field, leaving values out, text
//! with it, and errors that name the field and what it takes.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk, NOW};

/// Ids a query lists, newest first.
fn ids(desk: &Desk, query: &str) -> Vec<i64> {
    desk.ids_at(NOW, &["--limit", "1000", "--query", query])
}

fn new(desk: &Desk, args: &[&str]) -> i64 {
    let mut full = vec!["new"];
    full.extend_from_slice(args);
    desk.ok(&full).trim().parse().unwrap()
}

/// A small desk where each request differs from the others in one way.
fn desk() -> (Desk, [i64; 6]) {
    let desk = Desk::new();
    desk.ok(&["people", "add", "bo", "--role", "agent"]);
    let vpn = new(
        &desk,
        &[
            "--subject",
            "VPN drops",
            "--requester",
            "Wang Wei",
            "--dept",
            "财务",
            "--urgency",
            "high",
        ],
    );
    let printer = new(
        &desk,
        &[
            "--subject",
            "Printer jams",
            "--requester",
            "Ben",
            "--dept",
            "Finance",
            "--channel",
            "email",
            "--category",
            "Printing",
        ],
    );
    let laptop = new(
        &desk,
        &[
            "--subject",
            "Laptop slow",
            "--requester",
            "Key Person",
            "--key",
            "--urgency",
            "critical",
            "--impact",
            "high",
        ],
    );
    let old = desk
        .cmd()
        .env("FRONTDESK_NOW", "2026-11-20T10:00:00Z")
        .args([
            "new",
            "--subject",
            "Old printer toner",
            "--requester",
            "Ben",
            "--dept",
            "Finance",
        ])
        .output()
        .unwrap();
    let old: i64 = String::from_utf8(old.stdout).unwrap().trim().parse().unwrap();
    let done = new(&desk, &["--subject", "Password reset", "--requester", "Ana"]);
    let wifi = new(
        &desk,
        &[
            "--subject",
            "Wifi in room 4",
            "--requester",
            "Ben",
            "--dept",
            "Finance",
        ],
    );
    desk.ok(&["tag", &vpn.to_string(), "+VPN", "+network"]);
    desk.ok(&["tag", &printer.to_string(), "printer"]);
    desk.ok(&["tag", &wifi.to_string(), "+network"]);
    desk.ok(&[
        "update",
        &printer.to_string(),
        "--assign",
        "bo",
        "--team",
        "Office",
    ]);
    desk.ok(&["update", &vpn.to_string(), "--assign", "ana", "--team", "Network"]);
    desk.ok(&["escalate", &laptop.to_string(), "--reason", "CEO"]);
    desk.ok(&["resolve", &done.to_string(), "--resolution", "done"]);
    desk.ok(&["rate", &done.to_string(), "--score", "5"]);
    (desk, [vpn, printer, laptop, old, done, wifi])
}

#[test]
fn tags_go_on_and_off_as_history_and_show_everywhere() {
    let desk = Desk::new();
    let id = desk.new_request("VPN drops").to_string();
    assert_eq!(
        desk.ok(&["tag", &id, "+VPN", "#Remote", "-nothing"]),
        "request 1 tagged #remote #vpn (version 2)\n"
    );
    assert_eq!(
        desk.ok(&["tag", &id, "-remote"]),
        "request 1 tagged #vpn (version 3)\n"
    );
    // Nothing to change is said, not recorded.
    let out = desk.run(&["tag", &id, "+vpn"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("nothing to change"));
    let out = desk.run(&["tag", &id, "+two words"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("invalid tag 'two words'"));
    let out = desk.run(&["tag", &id, "--if-version", "1", "+x"]);
    assert_eq!(code(&out), 3);
    // An option after the tags would be read as one: refused, not guessed.
    let out = desk.run(&["tag", &id, "+x", "--if-version", "3"]);
    assert_eq!(code(&out), 2);
    assert!(one_line_error(&out).contains("put options first"));
    // show, JSON, the list and the history.
    let text = desk.ok(&["show", &id]);
    assert!(text.contains("Tags         #vpn"), "{text}");
    assert!(text.contains("tags remote, vpn → vpn"), "{text}");
    let json = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(json["tags"], serde_json::json!(["vpn"]));
    assert!(desk.ok(&["list"]).contains("VPN drops #vpn"));
    let listed = desk.json(&["list", "--format", "json"]);
    assert_eq!(listed[0]["tags"], serde_json::json!(["vpn"]));
    // Export and import carry them.
    let file = desk.path("export.json");
    desk.ok(&["export", "--out", file.to_str().unwrap()]);
    let other = Desk::new();
    other.ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        other.json(&["show", "1", "--format", "json"])["tags"],
        serde_json::json!(["vpn"])
    );
}

#[test]
fn each_field_of_the_query_language_narrows_the_queue() {
    let (desk, [vpn, printer, laptop, old, done, wifi]) = desk();
    assert_eq!(ids(&desk, "tag:vpn"), [vpn]);
    assert_eq!(ids(&desk, "tag:network"), [wifi, vpn]);
    assert_eq!(ids(&desk, "tag:network -tag:vpn"), [wifi]);
    assert_eq!(
        ids(&desk, "tag:network,printer"),
        [wifi, printer, vpn],
        "one of a term's tags"
    );
    assert_eq!(ids(&desk, "tag:network tag:vpn"), [vpn], "every term's");
    assert_eq!(ids(&desk, "status:resolved"), [done]);
    assert_eq!(ids(&desk, "-status:resolved,new"), [printer, vpn]);
    assert_eq!(ids(&desk, "priority:P1"), [laptop]);
    assert_eq!(ids(&desk, "dept:finance"), [wifi, printer, old]);
    assert_eq!(ids(&desk, "dept:财务"), [vpn]);
    assert_eq!(ids(&desk, "-dept:Finance status:new"), [laptop]);
    assert_eq!(ids(&desk, "team:network"), [vpn]);
    assert_eq!(ids(&desk, "assignee:me"), [vpn]);
    assert_eq!(ids(&desk, "assignee:bo|me"), [printer, vpn]);
    assert_eq!(ids(&desk, "assignee:none status:new"), [wifi, laptop, old]);
    assert_eq!(ids(&desk, "requester:ben -tag:printer"), [wifi, old]);
    assert_eq!(ids(&desk, "category:printing"), [printer]);
    assert_eq!(ids(&desk, "channel:email"), [printer]);
    // The old one breached its targets: the sweep escalated it.
    assert_eq!(ids(&desk, "escalated:yes"), [laptop, old]);
    assert_eq!(ids(&desk, "key:yes"), [laptop]);
    assert_eq!(ids(&desk, "rated:yes"), [done]);
    assert_eq!(ids(&desk, "age:>2d"), [old]);
    assert_eq!(ids(&desk, "age:<1d requester:ben"), [wifi, printer]);
    // The sweep changed the old one just now.
    assert!(ids(&desk, "updated:>2d").is_empty());
    assert_eq!(ids(&desk, "updated:<1h").len(), 6);
    // Breached by now: the old one, past its targets for days.
    assert_eq!(ids(&desk, "due:breached"), [old]);
    // The P1 has half an hour to its first response.
    assert_eq!(ids(&desk, "due:<45m"), [laptop]);
    assert_eq!(ids(&desk, "due:<1h"), [laptop, vpn]);
    assert!(ids(&desk, "due:<1w").contains(&wifi));
    // Text with fields: words search as --search does, Chinese too.
    assert_eq!(ids(&desk, "dept:Finance printer"), [printer, old]);
    assert_eq!(ids(&desk, "dept:Finance printer -toner"), [printer]);
    assert_eq!(ids(&desk, "\"room 4\""), [wifi]);
    // Together with the other flags.
    assert_eq!(
        desk.ids_at(NOW, &["--status", "new", "--query", "requester:ben"]),
        [wifi, old]
    );
}

#[test]
fn a_bad_query_is_one_line_naming_the_field_and_what_it_takes() {
    let (desk, _) = desk();
    for (query, says) in [
        (
            "colour:red",
            "unknown field 'colour' (fields: status, priority, dept, team, assignee",
        ),
        (
            "status:opne",
            "status:opne is not a value status takes (valid: new, open, waiting, resolved, closed)",
        ),
        (
            "priority:P7",
            "priority:P7 is not a value priority takes (valid: P1, P2, P3, P4)",
        ),
        (
            "due:soon",
            "due:soon is not a value due takes (valid: breached, at-risk, or <SPAN",
        ),
        ("age:3", "age:3 is not a value age takes"),
        ("team:", "team: needs a value"),
        ("http://x", "unknown field 'http'"),
    ] {
        let out = desk.run(&["list", "--query", query]);
        assert_eq!(code(&out), 2, "{query}");
        let said = one_line_error(&out);
        assert!(said.contains(says), "{query}: {said}");
        assert!(said.starts_with("frontdesk: --query: "), "{said}");
    }
    // In quotes, a colon is text.
    assert!(desk.run(&["list", "--query", "\"http://x\""]).status.success());
}

#[test]
fn views_are_kept_per_person_and_shared_and_list_opens_them() {
    let (desk, [vpn, printer, _, old, _, wifi]) = desk();
    desk.ok(&[
        "views",
        "add",
        "finance",
        "--query",
        "dept:Finance status:new,open",
        "--sort",
        "created",
        "--key",
        "4",
    ]);
    desk.ok(&["views", "add", "network", "--query", "tag:network", "--shared"]);
    // Someone else sees the shared one, not ana's own.
    let bo = |args: &[&str]| {
        let out = desk.cmd_as("bo").args(args).output().unwrap();
        (
            code(&out),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (_, listed_for_bo, _) = bo(&["views", "list"]);
    assert!(
        listed_for_bo.contains("network") && !listed_for_bo.contains("finance"),
        "{listed_for_bo}"
    );
    let mine = desk.json(&["views", "list", "--format", "json"]);
    assert_eq!(mine.as_array().unwrap().len(), 2);
    assert_eq!(mine[0]["key"], 4);
    // list --view, with --query on top.
    assert_eq!(desk.ids_at(NOW, &["--view", "finance"]), [wifi, printer, old]);
    assert_eq!(
        desk.ids_at(NOW, &["--view", "finance", "--query", "-tag:printer"]),
        [wifi, old]
    );
    assert_eq!(desk.ids_at(NOW, &["--view", "network"]), [wifi, vpn]);
    // The same key moves to the newer view.
    desk.ok(&["views", "add", "mine", "--query", "assignee:me", "--key", "4"]);
    let keys: Vec<_> = desk
        .json(&["views", "list", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["key"].clone())
        .collect();
    assert_eq!(
        keys,
        [
            serde_json::Value::Null,
            serde_json::json!(4),
            serde_json::Value::Null
        ]
    );
    // A shared view is removed by its author (or a lead), not by others.
    desk.ok(&["people", "add", "lena", "--role", "lead"]);
    let (code_bo, _, said) = bo(&["views", "remove", "network"]);
    assert_eq!(code_bo, 1);
    assert!(
        said.contains("only a team lead may remove a view someone else shared"),
        "{said}"
    );
    desk.ok(&["views", "remove", "network"]);
    let out = desk.run(&["list", "--view", "network"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("no view is called 'network' (views: finance, mine)"));
    // A view whose query does not read is refused when saved.
    let out = desk.run(&["views", "add", "odd", "--query", "colour:red"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("unknown field 'colour'"));
}

#[test]
fn update_takes_many_ids_or_a_query_and_says_before_it_changes_what_a_query_finds() {
    let (desk, [vpn, printer, laptop, old, _, wifi]) = desk();
    let out = desk.ok(&["update", &format!("{vpn},{old}-{wifi}"), "--team", "Field"]);
    assert_eq!(
        out,
        format!(
            "request {vpn} updated (version 4)\nrequest {old} updated (version 3)\nrequest 5 updated (version 4)\nrequest {wifi} updated (version 3)\n"
        )
    );
    // A query without --yes only says what it would change.
    let before = desk.json(&["show", &laptop.to_string(), "--format", "json"]);
    let said = desk.ok(&["update", "--query", "status:new -tag:network", "--assign", "bo"]);
    assert!(
        said.starts_with(
            "would change 2 requests (nothing was changed); to change them, run:\n  frontdesk update --query 'status:new -tag:network' --assign bo --yes --expect 2\n"
        ),
        "{said}"
    );
    assert!(
        said.contains("Laptop slow") && said.contains("Old printer toner"),
        "{said}"
    );
    assert_eq!(
        desk.json(&["show", &laptop.to_string(), "--format", "json"]),
        before
    );
    // What the preview showed is what changes: once the query finds
    // another number, --expect changes nothing and says both.
    let monitor = desk.new_request("Monitor flickers");
    let out = desk.run(&[
        "update",
        "--query",
        "status:new -tag:network",
        "--assign",
        "bo",
        "--yes",
        "--expect",
        "2",
    ]);
    assert_eq!(code(&out), 3);
    assert_eq!(
        one_line_error(&out).trim_end(),
        "frontdesk: the query now finds 3 requests, not the 2 expected; nothing was changed (run it without --yes to see them)"
    );
    assert_eq!(
        desk.json(&["show", &laptop.to_string(), "--format", "json"]),
        before
    );
    desk.ok(&["close", &monitor.to_string(), "--reason", "a test"]);
    let done = desk.ok(&[
        "update",
        "--query",
        "status:new -tag:network",
        "--assign",
        "bo",
        "--yes",
        "--expect",
        "2",
    ]);
    assert_eq!(done.lines().count(), 2, "{done}");
    assert_eq!(ids(&desk, "assignee:bo"), [laptop, printer, old]);
    // Tags too, and a second time they are already so.
    desk.ok(&["tag", &format!("{printer},{laptop}"), "+hardware"]);
    let again = desk.ok(&["tag", &format!("{printer},{laptop}"), "+hardware"]);
    assert_eq!(again, "2 already so, left as they were\n");
    assert_eq!(ids(&desk, "tag:hardware"), [laptop, printer]);
    // Bad lists and mixing are usage errors; a missing request fails all.
    for (args, says) in [
        (
            vec!["update", "3-1", "--team", "X"],
            "'3-1' is not a request id or a range",
        ),
        (vec!["update", "1,x", "--team", "X"], "'x' is not a request id"),
        (
            vec!["update", "1,2", "--team", "X", "--if-version", "2"],
            "--if-version is for one request",
        ),
        (
            vec!["update", "--query", "colour:red", "--team", "X"],
            "--query: unknown field 'colour'",
        ),
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 2, "{args:?}");
        assert!(
            one_line_error(&out).contains(says),
            "{args:?}: {}",
            one_line_error(&out)
        );
    }
    let out = desk.run(&["update", "1,99", "--team", "X"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("request 99 does not exist"));
    assert_ne!(
        desk.json(&["show", "1", "--format", "json"])["team"],
        "X",
        "nothing was changed"
    );
}

#[test]
fn minutes_spent_are_history_shown_on_the_request_and_reported() {
    let (desk, [vpn, printer, ..]) = desk();
    desk.ok(&[
        "reply",
        &vpn.to_string(),
        "Try the new profile",
        "--minutes",
        "15",
    ]);
    desk.ok(&["note", &vpn.to_string(), "Gateway logs", "--minutes", "30"]);
    let bo = desk
        .cmd_as("bo")
        .args(["note", &printer.to_string(), "Cleared", "--minutes", "45"])
        .output()
        .unwrap();
    assert_eq!(code(&bo), 0);
    desk.ok(&[
        "resolve",
        &vpn.to_string(),
        "--minutes",
        "5",
        "--resolution",
        "done",
    ]);
    let text = desk.ok(&["show", &vpn.to_string()]);
    assert!(text.contains("Time spent   50m"), "{text}");
    assert!(
        text.contains("ana  spent 15m") || text.contains("spent 15m"),
        "{text}"
    );
    assert_eq!(
        desk.json(&["show", &vpn.to_string(), "--format", "json"])["time_spent_minutes"],
        50
    );
    // Per request, per person, per team.
    let per_request = desk.json(&["report", "--time", "--format", "json"]);
    assert_eq!(per_request[0]["group"], format!("{vpn} VPN drops"));
    assert_eq!(per_request[0]["minutes"], 50);
    assert_eq!(per_request[1]["minutes"], 45);
    let per_person = desk.ok(&["report", "--time", "--by", "agent"]);
    assert!(
        per_person.contains("ana") && per_person.contains("50m"),
        "{per_person}"
    );
    assert!(
        per_person.contains("bo") && per_person.contains("45m"),
        "{per_person}"
    );
    assert!(
        per_person.contains("total") && per_person.contains("1h 35m"),
        "{per_person}"
    );
    let per_team = desk.json(&["report", "--time", "--by", "team", "--format", "json"]);
    let teams: Vec<(String, i64)> = per_team
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["group"].as_str().unwrap().to_string(),
                t["minutes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(teams, [("Network".to_string(), 50), ("Office".to_string(), 45)]);
    // Out of range is a usage error, before anything is written.
    let out = desk.run(&["note", "1", "x", "--minutes", "0"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn macros_fill_in_their_variables_and_apply_as_ordinary_events() {
    let (desk, [vpn, ..]) = desk();
    desk.ok(&[
        "macros",
        "add",
        "vpn-reset",
        "--reply",
        "Hello {first_name}, #{id} ({subject}) is with {agent}; due {due}",
        "--status",
        "waiting",
        "--tag",
        "vpn",
        "--tag",
        "Remote",
        "--minutes",
        "10",
    ]);
    let out = desk.run(&["macros", "add", "odd", "--note", "Dear {name}"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out)
        .contains("unknown variable {name} in the macro's text (variables: {requester}, {first_name}"));
    let out = desk.run(&["macros", "add", "empty"]);
    assert!(one_line_error(&out).contains("a macro needs something to do"));
    assert!(desk.ok(&["macros", "list"]).contains("vpn-reset"));
    let before = desk.json(&["show", &vpn.to_string(), "--format", "json"]);
    let said = desk.ok(&["apply", &vpn.to_string(), "vpn-reset"]);
    assert!(
        said.starts_with(&format!("request {vpn}: macro vpn-reset applied")),
        "{said}"
    );
    let after = desk.json(&["show", &vpn.to_string(), "--format", "json"]);
    assert_eq!(after["status"], "waiting");
    assert_eq!(after["tags"], serde_json::json!(["network", "remote", "vpn"]));
    assert_eq!(after["time_spent_minutes"], 10);
    let events = after["events"].as_array().unwrap();
    let new: Vec<&serde_json::Value> = events[before["events"].as_array().unwrap().len()..]
        .iter()
        .collect();
    let kinds: Vec<&str> = new.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["reply", "time", "status", "tags"]);
    let reply = new[0]["body"].as_str().unwrap();
    assert!(
        reply.starts_with(&format!("Hello Wang, #{vpn} (VPN drops) is with ana; due ")),
        "{reply}"
    );
    // A stale version applies nothing.
    let out = desk.run(&["apply", &vpn.to_string(), "vpn-reset", "--if-version", "1"]);
    assert_eq!(code(&out), 3);
    assert_eq!(
        desk.json(&["show", &vpn.to_string(), "--format", "json"])["version"],
        after["version"]
    );
    let out = desk.run(&["apply", &vpn.to_string(), "nope"]);
    assert!(one_line_error(&out).contains("no macro is called 'nope' (macros: vpn-reset)"));
    desk.ok(&["macros", "remove", "vpn-reset"]);
    assert!(desk.ok(&["macros", "list"]).contains("no macros yet"));
}

#[test]
fn links_show_both_ways_a_parent_waits_for_its_children_and_merge_keeps_the_conversation() {
    let (desk, [vpn, printer, laptop, old, _, wifi]) = desk();
    assert_eq!(
        desk.ok(&["link", &printer.to_string(), &old.to_string(), "--kind", "child"]),
        format!("request {printer} is child of #{old} (version 4)\n")
    );
    desk.ok(&["link", &wifi.to_string(), &vpn.to_string()]);
    let shown = desk.ok(&["show", &old.to_string()]);
    assert!(
        shown.contains(&format!("Links        parent of #{printer} (open)")),
        "{shown}"
    );
    let json = desk.json(&["show", &vpn.to_string(), "--format", "json"]);
    assert_eq!(json["links"][0]["relation"], "related to");
    assert_eq!(json["links"][0]["id"], wifi);
    // A parent with an open child is resolved only saying why.
    let out = desk.run(&["resolve", &old.to_string()]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains(&format!("has open child requests (#{printer})")));
    desk.ok(&[
        "resolve",
        &old.to_string(),
        "--resolution",
        "toner replaced; the jam is separate",
    ]);
    // Merging: the duplicate's conversation goes to the target, marked.
    desk.ok(&["reply", &laptop.to_string(), "Is it plugged in?"]);
    let said = desk.ok(&["merge", &laptop.to_string(), "--into", &wifi.to_string()]);
    assert!(
        said.starts_with(&format!("request {laptop} merged into #{wifi} and closed")),
        "{said}"
    );
    let target = desk.json(&["show", &wifi.to_string(), "--format", "json"]);
    let bodies: Vec<&str> = target["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["body"].as_str())
        .collect();
    assert!(
        bodies
            .iter()
            .any(|b| b.starts_with(&format!("From #{laptop} (reply by ana at "))
                && b.ends_with("Is it plugged in?")),
        "{bodies:?}"
    );
    assert_eq!(target["cc"], serde_json::json!(["Key Person"]));
    assert!(target["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["relation"] == "duplicated by" && l["id"] == laptop));
    let source = desk.json(&["show", &laptop.to_string(), "--format", "json"]);
    assert_eq!(source["status"], "closed");
    assert!(desk
        .ok(&["show", &laptop.to_string()])
        .contains(&format!("merged into #{wifi}")));
    // Export and import keep links and copies.
    let file = desk.path("links.json");
    desk.ok(&["export", "--out", file.to_str().unwrap()]);
    let other = Desk::new();
    other.ok(&["import", file.to_str().unwrap()]);
    let again = other.json(&["show", &wifi.to_string(), "--format", "json"]);
    assert_eq!(again["links"], target["links"]);
    assert_eq!(again["cc"], target["cc"]);
    // Unlinking; mistakes are one line.
    desk.ok(&["unlink", &wifi.to_string(), &vpn.to_string()]);
    for (args, says) in [
        (vec!["unlink", "1", "2"], "is not linked to request 2"),
        (vec!["link", "1", "1"], "cannot be linked to itself"),
        (vec!["link", "1", "99"], "request 99 does not exist"),
        (
            vec!["merge", "1", "--into", &laptop.to_string()],
            "is closed; merge into an open one",
        ),
    ] {
        let out = desk.run(&args);
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(
            one_line_error(&out).contains(says),
            "{args:?}: {}",
            one_line_error(&out)
        );
    }
    let out = desk.run(&["link", "1", "2", "--kind", "cousin"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn report_by_tag_counts_a_request_in_each_of_its_tags_and_once_overall() {
    let (desk, _) = desk();
    let r = desk.json(&["report", "--by", "tag", "--format", "json"]);
    assert_eq!(r["overall"]["volume"], 6);
    let groups: Vec<(String, i64)> = r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_string(),
                g["volume"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("(none)".to_string(), 3),
            ("network".into(), 2),
            ("printer".into(), 1),
            ("vpn".into(), 1)
        ]
    );
    desk.ok(&["note", "1", "x", "--minutes", "20"]);
    let time = desk.json(&["report", "--time", "--by", "tag", "--format", "json"]);
    assert_eq!(time[0]["minutes"], 20);
}
