//! The team's day on the command line: work assigned by turn or by load,
//! absences and cover.

#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};

/// A desk with a lead (alice) and two agents (bo, cy) in the team "desk".
fn team_desk() -> Desk {
    let desk = Desk::new();
    desk.ok(&["init"]);
    for (name, role) in [("alice", "lead"), ("bo", "agent"), ("cy", "agent")] {
        let out = desk
            .cmd_as("alice")
            .args(["people", "add", name, "--role", role, "--team", "desk"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    desk
}

fn as_(desk: &Desk, who: &str, args: &[&str]) -> std::process::Output {
    desk.cmd_as(who).args(args).output().unwrap()
}

fn new_for_team(desk: &Desk, subject: &str) -> i64 {
    let out = as_(
        desk,
        "alice",
        &[
            "new",
            "--subject",
            subject,
            "--requester",
            "Ben",
            "--team",
            "desk",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().trim().parse().unwrap()
}

fn assignee(desk: &Desk, id: i64) -> Option<String> {
    let shown = desk.json(&["show", &id.to_string(), "--format", "json"]);
    shown["assignee"].as_str().map(String::from)
}

#[test]
fn a_round_robin_team_hands_new_work_to_its_members_in_turn_and_says_so() {
    let desk = team_desk();
    // Off until a lead says otherwise: nothing is assigned.
    let first = new_for_team(&desk, "before");
    assert_eq!(assignee(&desk, first), None);
    let refused = as_(&desk, "bo", &["teams", "auto", "desk", "round-robin"]);
    assert_eq!(code(&refused), 1);
    assert!(one_line_error(&refused).contains("only a team lead"));
    let set = as_(&desk, "alice", &["teams", "auto", "desk", "round-robin"]);
    assert!(String::from_utf8_lossy(&set.stdout).contains("team desk now assigns new work: round-robin"));
    let ids: Vec<i64> = (0..4).map(|n| new_for_team(&desk, &format!("vpn {n}"))).collect();
    let owners: Vec<String> = ids.iter().map(|id| assignee(&desk, *id).unwrap()).collect();
    assert_eq!(owners, ["alice", "bo", "cy", "alice"]);
    let history = desk.ok(&["show", &ids[1].to_string()]);
    assert!(
        history.contains("frontdesk (as ") && history.contains("assigned to bo by the desk (round-robin)"),
        "{history}"
    );
    // A transfer into the team is work entering it too.
    let other = desk.new_request("printer");
    assert_eq!(assignee(&desk, other), None);
    desk.ok(&["update", &other.to_string(), "--team", "desk"]);
    assert_eq!(assignee(&desk, other).as_deref(), Some("bo"));
    // Off again: nothing more is assigned.
    as_(&desk, "alice", &["teams", "auto", "desk", "off"]);
    assert_eq!(assignee(&desk, new_for_team(&desk, "after")), None);
}

#[test]
fn least_loaded_gives_new_work_to_whoever_has_the_fewest_open_requests() {
    let desk = team_desk();
    // alice already has two open requests, bo one.
    for (who, n) in [("alice", 2), ("bo", 1)] {
        for i in 0..n {
            let id = desk.new_request(&format!("{who} {i}"));
            desk.ok(&["update", &id.to_string(), "--assign", who]);
        }
    }
    as_(&desk, "alice", &["teams", "auto", "desk", "least-loaded"]);
    let owners: Vec<String> = (0..3)
        .map(|n| assignee(&desk, new_for_team(&desk, &format!("load {n}"))).unwrap())
        .collect();
    // cy (0) first; then bo and cy have one each, bo's turn comes next.
    assert_eq!(owners, ["cy", "bo", "cy"]);
}

#[test]
fn someone_away_gets_no_work_by_turn_and_their_cover_sees_their_requests() {
    let desk = team_desk();
    as_(&desk, "alice", &["teams", "auto", "desk", "round-robin"]);
    let cy_own = desk.new_request("cy's printer");
    desk.ok(&["update", &cy_own.to_string(), "--assign", "cy"]);
    // Only the person or a lead records an absence.
    let refused = as_(&desk, "bo", &["people", "away", "cy", "--until", "2026-11-27"]);
    assert_eq!(code(&refused), 1);
    assert!(one_line_error(&refused).contains("only a team lead may record someone else's absence"));
    let away = as_(
        &desk,
        "cy",
        &["people", "away", "cy", "--until", "2026-11-27", "--cover", "bo"],
    );
    assert_eq!(
        String::from_utf8_lossy(&away.stdout).trim(),
        "cy is away until 2026-11-27; bo covers"
    );
    let owners: Vec<String> = (0..4)
        .map(|n| assignee(&desk, new_for_team(&desk, &format!("while away {n}"))).unwrap())
        .collect();
    assert_eq!(owners, ["alice", "bo", "alice", "bo"]);
    let teams = desk.ok(&["teams", "list"]);
    assert!(
        teams.contains("desk  assigns: round-robin, last turn bo"),
        "{teams}"
    );
    assert!(teams.contains("away until 2026-11-27, cover bo"), "{teams}");
    let people = desk.ok(&["people", "list"]);
    assert!(
        people
            .lines()
            .any(|l| l.starts_with("cy ") && l.contains("away until 2026-11-27, cover bo")),
        "{people}"
    );
    // bo's own requests, and cy's while bo covers.
    let mine = desk
        .cmd_as("bo")
        .args(["list", "--mine", "--format", "json"])
        .output()
        .unwrap();
    let mine: serde_json::Value = serde_json::from_slice(&mine.stdout).unwrap();
    let ids: Vec<i64> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&cy_own), "{ids:?}");
    assert_eq!(ids.len(), 3, "{ids:?}");
    // After the last day away, cy is in again: work by turn, no cover.
    let later = desk
        .cmd()
        .env("FRONTDESK_NOW", "2026-11-28T09:00:00Z")
        .args(["list", "--mine", "--format", "json", "--as", "bo"])
        .output()
        .unwrap();
    let later: serde_json::Value = serde_json::from_slice(&later.stdout).unwrap();
    assert_eq!(later.as_array().unwrap().len(), 2);
    let back = as_(&desk, "alice", &["people", "back", "cy"]);
    assert_eq!(String::from_utf8_lossy(&back.stdout).trim(), "cy is back");
    let history = desk.ok(&["people", "history", "cy"]);
    assert!(
        history.contains("away until - → 2026-11-28T00:00:00Z"),
        "{history}"
    );
    assert!(history.contains("cover bo → -"), "{history}");
    assert_eq!(
        assignee(&desk, new_for_team(&desk, "back")).as_deref(),
        Some("cy")
    );
}

#[test]
fn bad_absences_and_modes_are_refused_in_one_line() {
    let desk = team_desk();
    for (args, says) in [
        (&["people", "away", "cy", "--until", "someday"][..], "date"),
        (&["people", "away", "cy", "--until", "2026-11-01"], "already past"),
        (
            &["people", "away", "cy", "--until", "2026-12-01", "--cover", "cy"],
            "cannot cover for themselves",
        ),
        (
            &[
                "people",
                "away",
                "cy",
                "--until",
                "2026-12-01",
                "--cover",
                "nobody",
            ],
            "no member of staff",
        ),
        (
            &["people", "away", "Ben", "--until", "2026-12-01"],
            "no member of staff",
        ),
        (
            &["teams", "auto", "nowhere", "round-robin"],
            "no member of staff is in the team 'nowhere'",
        ),
    ] {
        let out = as_(&desk, "alice", args);
        assert_ne!(code(&out), 0, "{args:?}");
        let err = one_line_error(&out);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let bad_mode = as_(&desk, "alice", &["teams", "auto", "desk", "randomly"]);
    assert_eq!(code(&bad_mode), 2);
    assert!(String::from_utf8_lossy(&bad_mode.stderr).contains("round-robin"));
}

fn inbox(desk: &Desk, who: &str, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["inbox", "--format", "json"];
    all.extend_from_slice(args);
    let out = as_(desk, who, &all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_inbox_hears_of_others_work_on_what_you_own_watch_or_are_mentioned_on() {
    let desk = team_desk();
    let id = desk.new_request("VPN drops").to_string();
    desk.ok(&["update", &id, "--assign", "bo"]);
    // cy watches; alice is mentioned in a note (and so watches from then).
    assert_eq!(
        String::from_utf8_lossy(&as_(&desk, "cy", &["watch", &id]).stdout).trim(),
        format!("watching #{id}: its news comes to your inbox")
    );
    desk.ok(&[
        "note",
        &id,
        "@alice could you approve a new router? mail me at ana@example.com",
    ]);
    as_(&desk, "bo", &["reply", &id, "A technician is on the way"]);
    // Nobody hears of their own work.
    let bo = inbox(&desk, "bo", &[]);
    let bo_kinds: Vec<(&str, &str, &str)> = bo
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap(),
                i["who"].as_str().unwrap(),
                i["why"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(bo_kinds.contains(&("note", "ana", "assigned")), "{bo}");
    assert!(!bo_kinds.iter().any(|(_, who, _)| *who == "bo"), "{bo}");
    let alice = inbox(&desk, "alice", &[]);
    let first = &alice.as_array().unwrap().last().unwrap();
    assert_eq!(first["why"], "mentioned", "{alice}");
    assert_eq!(first["request"].as_i64().unwrap().to_string(), id);
    assert!(first["text"].as_str().unwrap().contains("approve a new router"));
    assert!(first["when"].as_str().unwrap().ends_with('Z'));
    // The mention made her a watcher: bo's reply reached her too.
    assert!(
        alice
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "reply" && i["why"] == "watching"),
        "{alice}"
    );
    let cy = inbox(&desk, "cy", &["--unread"]);
    assert_eq!(
        cy.as_array().unwrap().len(),
        2,
        "cy hears of the note and the reply: {cy}"
    );
    let text = desk.cmd_as("cy").args(["inbox"]).output().unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("bo · reply: A technician is on the way · watching"),
        "{text}"
    );
    // --read marks it all read; --unread then lists nothing.
    let read = as_(&desk, "cy", &["inbox", "--read"]);
    assert_eq!(String::from_utf8_lossy(&read.stderr).trim(), "2 marked read");
    assert_eq!(inbox(&desk, "cy", &["--unread"]).as_array().unwrap().len(), 0);
    assert!(inbox(&desk, "cy", &[])[0]["read"].as_bool().unwrap());
    // Stopping to watch stops the news.
    as_(&desk, "cy", &["unwatch", &id]);
    desk.ok(&["note", &id, "still flapping"]);
    assert_eq!(inbox(&desk, "cy", &["--unread"]).as_array().unwrap().len(), 0);
    let again = as_(&desk, "cy", &["unwatch", &id]);
    assert!(one_line_error(&again).contains("you are not watching request"));
    let shown = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(shown["watchers"], serde_json::json!(["alice"]));
}

#[test]
fn news_of_an_absent_persons_request_reaches_their_cover() {
    let desk = team_desk();
    let id = desk.new_request("Printer").to_string();
    desk.ok(&["update", &id, "--assign", "cy"]);
    as_(
        &desk,
        "cy",
        &["people", "away", "cy", "--until", "2026-11-30", "--cover", "bo"],
    );
    desk.ok(&["note", &id, "the requester called again"]);
    let bo = inbox(&desk, "bo", &[]);
    assert_eq!(bo[0]["why"], "covering", "{bo}");
    assert_eq!(inbox(&desk, "cy", &[])[0]["why"], "assigned");
}

#[test]
fn an_approval_pauses_the_request_until_the_approver_or_a_lead_decides() {
    let desk = team_desk();
    let id = desk.new_request("A second monitor").to_string();
    desk.ok(&["update", &id, "--assign", "bo"]);
    let not_lead = as_(
        &desk,
        "bo",
        &["approval", &id, "--approver", "cy", "--reason", "240 EUR"],
    );
    assert_eq!(code(&not_lead), 1);
    assert!(one_line_error(&not_lead).contains("cy is not a lead"));
    let asked = as_(
        &desk,
        "bo",
        &["approval", &id, "--approver", "alice", "--reason", "240 EUR"],
    );
    assert_eq!(
        String::from_utf8_lossy(&asked.stdout).trim(),
        format!("#{id} waits on alice's approval")
    );
    let shown = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(shown["status"], "waiting");
    assert_eq!(shown["due_state"], "paused", "the clock pauses as on waiting");
    assert_eq!(shown["approval"]["state"], "pending");
    assert_eq!(shown["approval"]["approver"], "alice");
    assert_eq!(shown["approval"]["reason"], "240 EUR");
    assert_eq!(shown["approval"]["asked_by"], "bo");
    assert_eq!(desk.listed(&["--query", "approval:pending"]), 1);
    // The approver hears of it; the lead's view finds it.
    let alice = inbox(&desk, "alice", &[]);
    assert_eq!(alice[0]["why"], "approval", "{alice}");
    assert_eq!(alice[0]["what"], "approval asked of alice");
    let mine = as_(
        &desk,
        "alice",
        &[
            "list",
            "--query",
            "approval:pending approver:me",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&mine.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Nobody else moves it on, by deciding or by changing its status.
    for (who, args, says) in [
        (
            "cy",
            &["approve", &id][..],
            "only alice (the approver) or a team lead may decide",
        ),
        (
            "bo",
            &["update", &id, "--status", "open"],
            "waits on alice's approval",
        ),
        (
            "bo",
            &["resolve", &id, "--resolution", "bought it"],
            "waits on alice's approval",
        ),
        ("alice", &["reject", &id, "--reason", " "], "needs a reason"),
    ] {
        let out = as_(&desk, who, args);
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(
            one_line_error(&out).contains(says),
            "{args:?}: {}",
            one_line_error(&out)
        );
    }
    let second = as_(
        &desk,
        "bo",
        &["approval", &id, "--approver", "alice", "--reason", "again"],
    );
    assert!(one_line_error(&second).contains("already waits on alice's approval"));
    let rejected = as_(
        &desk,
        "alice",
        &["reject", &id, "--reason", "use the spare one in B2"],
    );
    assert_eq!(
        String::from_utf8_lossy(&rejected.stdout).trim(),
        format!("#{id} rejected; it is open again")
    );
    let shown = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(shown["status"], "open");
    assert_eq!(shown["approval"]["state"], "rejected");
    assert_eq!(shown["approval"]["note"], "use the spare one in B2");
    assert_eq!(shown["approval"]["decided_by"], "alice");
    // The one who asked hears the decision.
    let bo = inbox(&desk, "bo", &[]);
    assert!(
        bo.as_array()
            .unwrap()
            .iter()
            .any(|i| i["what"] == "rejected (asked of alice)" && i["why"] == "approval"),
        "{bo}"
    );
    // Asked again, any lead may approve; the history tells it all.
    as_(
        &desk,
        "bo",
        &[
            "approval",
            &id,
            "--approver",
            "alice",
            "--reason",
            "the spare one broke",
        ],
    );
    let approved = as_(&desk, "alice", &["approve", &id, "--note", "fine"]);
    assert!(approved.status.success());
    let history = desk.ok(&["show", &id]);
    for line in [
        "approval asked of alice",
        "rejected (asked of alice)",
        "approved (asked of alice)",
        "Approval     approved by alice — fine (asked by bo: the spare one broke)",
    ] {
        assert!(history.contains(line), "{line}: {history}");
    }
    assert_eq!(desk.listed(&["--query", "approval:pending"]), 0);
    let bad = desk.run(&["list", "--query", "approval:maybe"]);
    assert_eq!(code(&bad), 2);
    assert!(one_line_error(&bad).contains("valid: pending, approved, rejected"));
}

#[test]
fn new_offers_the_open_requests_it_may_repeat_and_merges_nothing() {
    let desk = team_desk();
    let vpn = desk.new_request("VPN drops every hour");
    let printer = desk.new_request("Printer jams");
    let closed = desk.new_request("VPN drops at night");
    desk.ok(&["close", &closed.to_string(), "--reason", "mistake"]);
    let chinese = desk.ok(&["new", "--subject", "三楼打印机卡纸", "--requester", "李娜"]);
    let out = desk
        .cmd()
        .args(["new", "--subject", "vpn drops again", "--requester", "Ben Carter"])
        .output()
        .unwrap();
    let id: i64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    let lines: Vec<&str> = said.lines().collect();
    // The alike one from the same requester first, then his others; never
    // a closed one or the new one itself.
    assert!(
        lines[0].starts_with(&format!(
            "possibly the same as #{vpn} VPN drops every hour, Ben Carter, "
        )),
        "{said}"
    );
    assert!(
        lines[1].starts_with(&format!("possibly the same as #{printer} Printer jams")),
        "{said}"
    );
    assert!(
        !said.contains(&format!("#{closed} ")) && !said.contains(&format!("#{id} ")),
        "{said}"
    );
    let json = desk.json(&[
        "new",
        "--subject",
        "打印机又卡纸了",
        "--requester",
        "王芳",
        "--format",
        "json",
    ]);
    assert_eq!(
        json["possible_duplicates"],
        serde_json::json!([chinese.trim().parse::<i64>().unwrap()]),
        "{json}"
    );
    assert!(json["id"].as_i64().unwrap() > id);
    // Offered only: both requests stay open.
    assert_eq!(desk.listed(&["--status", "new"]), 5);
}
