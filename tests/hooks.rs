//! Hooks: after a change commits, the copy that made it runs each
//! `[[hooks]]` program subscribed to it with the change as JSON on its
//! standard input; one that fails or hangs never holds up or undoes the
//! change, and `doctor` counts it.

#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::time::{Duration, Instant};

use common::{code, one_line_error, Desk};

fn configure(desk: &Desk, hooks: &str) {
    let dir = desk.dir.path().join("config").join("frontdesk");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("config.toml"), hooks).unwrap();
}

fn heard(desk: &Desk) -> Vec<serde_json::Value> {
    fs::read_to_string(desk.path("heard.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_hook_hears_each_change_it_subscribed_to_as_one_json_object() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    for (name, role) in [("alice", "lead"), ("bo", "agent")] {
        let out = desk
            .cmd_as("alice")
            .args(["people", "add", name, "--role", role, "--team", "Network"])
            .output()
            .unwrap();
        assert_eq!(code(&out), 0);
    }
    let heard_file = desk.path("heard.jsonl");
    configure(
        &desk,
        &format!(
            "[[hooks]]\non = [\"created\", \"assigned\", \"resolved\", \"mentioned\", \"approval\"]\nrun = \"cat >> '{}'\"\n",
            heard_file.display()
        ),
    );
    let id = desk.new_request("VPN drops").to_string();
    desk.ok(&["update", &id, "--assign", "bo", "--team", "Network"]);
    desk.ok(&["note", &id, "@alice can you look?"]);
    desk.ok(&["note", &id, "nothing for anyone"]);
    desk.ok(&["tag", &id, "+vpn"]);
    desk.ok(&["resolve", &id, "--resolution", "new switch"]);
    let all = heard(&desk);
    let ons: Vec<&str> = all.iter().map(|h| h["on"].as_str().unwrap()).collect();
    assert_eq!(ons, ["created", "assigned", "mentioned", "resolved"], "{all:?}");
    let resolved = &all[3];
    assert_eq!(resolved["request"].as_i64().unwrap().to_string(), id);
    assert_eq!(resolved["kind"], "status");
    assert_eq!(resolved["who"], "ana");
    assert_eq!(resolved["when"], common::NOW);
    assert_eq!(resolved["old_value"], "open");
    assert_eq!(resolved["new_value"], "resolved");
    assert_eq!(resolved["text"], "new switch");
    assert_eq!(resolved["subject"], "VPN drops");
    assert_eq!(resolved["team"], "Network");
    assert_eq!(resolved["assignee"], "bo");
    assert_eq!(resolved["priority"], "P3");
    assert_eq!(all[2]["mentioned"], serde_json::json!(["alice"]));
    // A whole desk imported is no news to tell change by change.
    let export = desk.path("desk.json");
    desk.ok(&["export", "--out", export.to_str().unwrap()]);
    let other = Desk::new();
    configure(
        &other,
        &format!(
            "[[hooks]]\non = [\"created\"]\nrun = \"cat >> '{}'\"\n",
            heard_file.display()
        ),
    );
    other.ok(&["import", export.to_str().unwrap()]);
    assert_eq!(heard(&desk).len(), 4);
}

#[test]
fn a_hook_that_fails_or_hangs_never_holds_up_or_undoes_the_change_and_doctor_counts_it() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    configure(
        &desk,
        "[[hooks]]\non = [\"resolved\"]\nrun = \"echo 'chat is down' >&2; exit 3\"\n\n[[hooks]]\non = [\"escalated\"]\nrun = \"sleep 30\"\n",
    );
    let id = desk.new_request("Printer").to_string();
    desk.ok(&["resolve", &id, "--resolution", "cleaned the rollers"]);
    let other = desk.new_request("Outlook").to_string();
    let started = Instant::now();
    desk.ok(&["escalate", &other, "--reason", "CEO"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "a hung hook is stopped"
    );
    let shown = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(shown["status"], "resolved", "the change stands");
    assert_eq!(
        desk.json(&["show", &other, "--format", "json"])["escalation_level"],
        1
    );
    let doctor = desk.ok(&["doctor"]);
    assert!(
        doctor.contains("2 hook runs failed in the last 7 days"),
        "{doctor}"
    );
    assert!(doctor.contains("sleep 30 stopped after 5 s"), "{doctor}");
    let written =
        fs::read_to_string(desk.dir.path().join(".local/state/frontdesk/hook-failures.log")).unwrap();
    assert!(written.contains("exit status: 3: chat is down"), "{written}");
}

#[test]
fn a_hook_on_a_change_nobody_can_hear_of_is_refused_in_one_line() {
    let desk = Desk::new();
    configure(
        &desk,
        "[[hooks]]\non = [\"created\", \"teleported\"]\nrun = \"true\"\n",
    );
    let out = desk.run(&["list"]);
    assert_ne!(code(&out), 0);
    let said = one_line_error(&out);
    assert!(
        said.contains("'teleported' is not a change a hook can hear of"),
        "{said}"
    );
    assert!(said.contains("created, assigned"), "{said}");
}
