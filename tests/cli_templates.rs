//! Repeatable work on the command line: templates with their checklists,
//! and a request's checklist worked item by item.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};

fn onboarding(desk: &Desk) {
    desk.ok(&[
        "templates",
        "add",
        "onboarding",
        "--subject",
        "New starter",
        "--body",
        "Accounts, laptop and badge",
        "--category",
        "Access",
        "--urgency",
        "high",
        "--item",
        "Create the account",
        "--item",
        "Order a laptop",
        "--item",
        "Badge",
    ]);
}

#[test]
fn a_template_records_the_request_and_its_checklist_and_flags_given_win() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    onboarding(&desk);
    let list = desk.ok(&["templates", "list"]);
    assert!(
        list.starts_with(
            "onboarding  New starter · category Access, urgency high\n  1. Create the account\n"
        ),
        "{list}"
    );
    let id = desk.ok(&[
        "new",
        "--template",
        "onboarding",
        "--requester",
        "Li Na",
        "--impact",
        "high",
    ]);
    let id = id.trim();
    let shown = desk.json(&["show", id, "--format", "json"]);
    assert_eq!(shown["subject"], "New starter");
    assert_eq!(shown["body"], "Accounts, laptop and badge");
    assert_eq!(shown["category"], "Access");
    assert_eq!(
        (shown["urgency"].as_str(), shown["impact"].as_str()),
        (Some("high"), Some("high"))
    );
    assert_eq!(shown["priority"], "P1");
    let items = shown["checklist"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[1]["text"], "Order a laptop");
    assert_eq!(items[1]["state"], "open");
    assert_eq!(items[1]["done"], false);
    // A subject given wins over the template's.
    let own = desk.ok(&[
        "new",
        "--template",
        "onboarding",
        "--requester",
        "Bo",
        "--subject",
        "New starter: Bo Li",
        "--urgency",
        "low",
    ]);
    let own = desk.json(&["show", own.trim(), "--format", "json"]);
    assert_eq!(
        (own["subject"].as_str(), own["urgency"].as_str()),
        (Some("New starter: Bo Li"), Some("low"))
    );
    let unknown = desk.run(&["new", "--template", "offboarding", "--requester", "Bo"]);
    assert_eq!(code(&unknown), 1);
    assert!(one_line_error(&unknown).contains("no template is called 'offboarding' (templates: onboarding)"));
    let no_subject = desk.run(&["new", "--requester", "Bo"]);
    assert_eq!(code(&no_subject), 2);
    desk.ok(&["templates", "remove", "onboarding"]);
    assert!(desk.ok(&["templates", "list"]).starts_with("no templates yet"));
}

#[test]
fn a_request_with_an_open_item_is_not_resolved_until_each_is_done_or_skipped() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    onboarding(&desk);
    let id = desk
        .ok(&["new", "--template", "onboarding", "--requester", "Li Na"])
        .trim()
        .to_string();
    assert_eq!(
        desk.ok(&["check", &id, "1"]).trim(),
        format!("#{id} checklist 1/3")
    );
    let refused = desk.run(&["resolve", &id, "--resolution", "all set"]);
    assert_eq!(code(&refused), 1);
    let said = one_line_error(&refused);
    assert!(
        said.contains("open checklist items: 2 Order a laptop, 3 Badge"),
        "{said}"
    );
    let no_reason = desk.run(&["checklist", &id, "skip", "3", "--reason", " "]);
    assert!(one_line_error(&no_reason).contains("needs a reason"));
    desk.ok(&[
        "checklist",
        &id,
        "skip",
        "3",
        "--reason",
        "she has one from her last post",
    ]);
    desk.ok(&["checklist", &id, "add", "Mail the welcome pack"]);
    desk.ok(&["checklist", &id, "remove", "4"]);
    desk.ok(&["check", &id, "2"]);
    desk.ok(&["uncheck", &id, "2"]);
    let again = desk.run(&["uncheck", &id, "2"]);
    assert!(
        one_line_error(&again).contains("item 2 of request"),
        "{}",
        one_line_error(&again)
    );
    let missing = desk.run(&["check", &id, "9"]);
    assert!(one_line_error(&missing).contains("has no checklist item 9"));
    desk.ok(&["check", &id, "2"]);
    let text = desk.ok(&["checklist", &id]);
    assert!(text.starts_with(&format!("checklist of #{id}: 3/3\n")), "{text}");
    assert!(
        text.contains("[x]  1. Create the account — done ana 2026-11-25 10:00"),
        "{text}"
    );
    assert!(
        text.contains("[-]  3. Badge — skipped ana 2026-11-25 10:00 (she has one from her last post)"),
        "{text}"
    );
    assert!(
        !text.contains("welcome pack"),
        "a removed item is not listed: {text}"
    );
    let json = desk.json(&["checklist", &id, "--format", "json"]);
    assert_eq!(json[2]["reason"], "she has one from her last post");
    assert_eq!(json[3]["state"], "removed");
    desk.ok(&["resolve", &id, "--resolution", "all set"]);
    let history = desk.ok(&["show", &id]);
    for line in [
        "checklist done 1: Create the account",
        "checklist skipped 3: Badge",
        "checklist removed 4: Mail the welcome pack",
    ] {
        assert!(history.contains(line), "{line}: {history}");
    }
}

fn backup_rule(desk: &Desk) {
    desk.ok(&[
        "templates",
        "add",
        "backup-check",
        "--subject",
        "Check the backups",
        "--item",
        "Restore one file",
    ]);
    let out = desk
        .cmd_as("alice")
        .args(["people", "add", "alice", "--role", "lead"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    let refused = desk.run(&[
        "recurring",
        "add",
        "backups",
        "--template",
        "backup-check",
        "--cron",
        "0 9 * * 1",
    ]);
    assert!(one_line_error(&refused).contains("only a team lead may set recurring requests"));
    let bad = desk
        .cmd_as("alice")
        .args([
            "recurring",
            "add",
            "backups",
            "--template",
            "backup-check",
            "--cron",
            "0 9 * *",
        ])
        .output()
        .unwrap();
    assert!(
        one_line_error(&bad).contains("five fields"),
        "{}",
        one_line_error(&bad)
    );
    let kept = desk
        .cmd_as("alice")
        .args([
            "recurring",
            "add",
            "backups",
            "--template",
            "backup-check",
            "--cron",
            "0 9 * * 1",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&kept.stdout).trim(),
        "recurring rule backups kept: backup-check on \"0 9 * * 1\", next 2026-11-30 09:00"
    );
}

fn made(desk: &Desk, now: &str) -> Vec<serde_json::Value> {
    let out = desk
        .cmd()
        .env("FRONTDESK_NOW", now)
        .args([
            "list",
            "--search",
            "backups",
            "--format",
            "json",
            "--status",
            "new,open,waiting,resolved,closed",
        ])
        .output()
        .unwrap();
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn a_recurring_rule_makes_each_occurrence_once_and_catches_up_a_week_at_most() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    backup_rule(&desk);
    assert!(made(&desk, "2026-11-30T08:59:00Z").is_empty());
    // Monday 09:00 has come: the next command makes it, once.
    let first = made(&desk, "2026-11-30T09:01:00Z");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["created_at"], "2026-11-30T09:00:00Z");
    assert_eq!(first[0]["requester"], "alice");
    assert_eq!(made(&desk, "2026-11-30T10:00:00Z").len(), 1);
    let id = first[0]["id"].to_string();
    let shown = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(shown["checklist"][0]["text"], "Restore one file");
    assert!(desk
        .ok(&["show", &id])
        .contains("made by the recurring rule backups for 2026-11-30 09:00"));
    // Nobody opened the desk for three weeks: only the last week's Monday is made.
    let later = made(&desk, "2026-12-22T12:00:00Z");
    let created: Vec<&str> = later.iter().map(|r| r["created_at"].as_str().unwrap()).collect();
    assert_eq!(created, ["2026-12-21T09:00:00Z", "2026-11-30T09:00:00Z"]);
    let list = desk
        .cmd()
        .env("FRONTDESK_NOW", "2026-12-22T12:00:00Z")
        .args(["recurring", "list"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&list.stdout).trim(),
        "backups  backup-check on \"0 9 * * 1\" · next 2026-12-28 09:00 · last made 2026-12-21 09:00"
    );
    let removed = desk
        .cmd_as("alice")
        .args(["recurring", "remove", "backups"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&removed.stdout).trim(),
        "recurring rule backups removed"
    );
    assert_eq!(
        made(&desk, "2027-01-05T12:00:00Z").len(),
        2,
        "what it made stays; nothing more is made"
    );
}

#[test]
fn eight_copies_racing_for_one_occurrence_make_it_once() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    backup_rule(&desk);
    let children: Vec<_> = (0..8)
        .map(|c| {
            common::frontdesk(&desk.db, &format!("copy{c}"))
                .env("FRONTDESK_NOW", "2026-11-30T09:05:00Z")
                .args(["list", "--limit", "1"])
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        assert!(c.wait_with_output().unwrap().status.success());
    }
    assert_eq!(made(&desk, "2026-11-30T09:06:00Z").len(), 1);
}
