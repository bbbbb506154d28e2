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
