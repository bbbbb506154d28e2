//! Answers: a knowledge base grown from resolved requests, found by its
//! words and counted as it goes into replies.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};

#[test]
fn an_answer_taken_from_a_resolved_request_goes_into_replies_and_counts() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    let old = desk.new_request("VPN token expired").to_string();
    desk.ok(&["reply", &old, "Open 令牌管理 and press Reset, {first_name}."]);
    desk.ok(&["resolve", &old, "--resolution", "Token reset"]);
    let open = desk.new_request("Another VPN token").to_string();
    let early = desk.run(&["answers", "add", "Too soon", "--from", &open]);
    assert_eq!(code(&early), 1);
    assert!(one_line_error(&early).contains("an answer is taken from a resolved request"));
    let kept = desk.ok(&["answers", "add", "Reset a VPN token", "--from", &old]);
    assert_eq!(kept.trim(), "answer 1 kept: Reset a VPN token");
    desk.ok(&[
        "answers",
        "add",
        "Printer jams",
        "--body",
        "Open tray 2 and pull the paper out.",
    ]);
    let shown = desk.ok(&["answers", "show", "1"]);
    assert!(
        shown.starts_with(&format!("answer 1: Reset a VPN token (from #{old}) · 0 uses")),
        "{shown}"
    );
    assert!(
        shown.contains("Token reset\n\nOpen 令牌管理 and press Reset, {first_name}."),
        "{shown}"
    );
    // Found by every word, Chinese inside words too.
    let found = desk.json(&["answers", "search", "令牌", "reset", "--format", "json"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["title"], "Reset a VPN token");
    assert!(desk
        .ok(&["answers", "search", "scanner"])
        .starts_with("no answer holds those words"));
    // A reply from it fills its variables and counts it.
    desk.ok(&["reply", &open, "--answer", "1"]);
    let history = desk.ok(&["show", &open]);
    assert!(history.contains("press Reset, Ben."), "{history}");
    desk.ok(&["reply", &open, "--answer", "2"]);
    let list = desk.ok(&["answers", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert!(
        lines[0].starts_with("   1  Reset a VPN token  (1 uses)"),
        "{list}"
    );
    let missing = desk.run(&["reply", &open, "--answer", "9"]);
    assert!(one_line_error(&missing).contains("there is no answer 9"));
    desk.ok(&["answers", "remove", "2"]);
    assert_eq!(
        desk.json(&["answers", "list", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
