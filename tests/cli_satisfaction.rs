//! Follow-ups after resolution, service recovery, auto-close and survey
//! imports, on the fixed clock (Wednesday 2026-11-25 10:00 UTC).

mod common;

use common::{code, Desk};

fn resolved(desk: &Desk, subject: &str, kind: &str) -> String {
    let id = desk
        .ok(&["new", "--subject", subject, "--requester", "Ben", "--kind", kind])
        .trim()
        .to_string();
    desk.ok(&["resolve", &id, "--resolution", "fixed"]);
    id
}

#[test]
fn resolving_schedules_a_follow_up_call_the_next_business_day() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    let id = desk
        .ok(&[
            "new",
            "--subject",
            "s",
            "--requester",
            "Ben",
            "--kind",
            "complaint",
        ])
        .trim()
        .to_string();
    desk.ok(&["update", &id, "--assign", "bob"]);
    desk.ok(&["resolve", &id]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["follow_up_at"], "2026-11-26T10:00:00Z");
    assert_eq!(r["follow_up_kind"], "rating");
    assert_eq!(r["follow_up_owner"], "bob");
    let list = desk.ok(&["followups"]);
    assert!(list.contains("rating") && list.contains("bob"), "{list}");
    // Friday afternoon → Monday.
    let late = desk
        .ok_at(
            "2026-11-27T17:00:00Z",
            &["new", "--subject", "t", "--requester", "B"],
        )
        .trim()
        .to_string();
    desk.ok_at("2026-11-27T17:00:00Z", &["resolve", &late]);
    assert_eq!(
        desk.json(&["show", &late, "--format", "json"])["follow_up_at"],
        "2026-11-30T17:00:00Z"
    );
}

#[test]
fn a_good_rating_completes_the_follow_up_and_can_close() {
    let desk = Desk::new();
    let id = resolved(&desk, "s", "request");
    desk.ok(&["rate", &id, "--score", "5", "--close"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert!(r["follow_up_at"].is_null());
    assert_eq!(r["status"], "closed");
    assert!(desk
        .json(&["followups", "--format", "json"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_low_score_opens_service_recovery_for_the_team_lead() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "zoe", "--role", "lead", "--team", "Facilities"]);
    desk.ok(&["people", "add", "lena", "--role", "lead", "--team", "Network"]);
    let id = resolved(&desk, "slow fix", "complaint");
    desk.ok(&["update", &id, "--team", "Network"]);
    desk.ok(&["rate", &id, "--score", "2", "--comment", "took a week", "--close"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["status"], "closed");
    assert_eq!(r["follow_up_kind"], "recovery");
    assert_eq!(r["follow_up_owner"], "lena", "the lead of the request's team");
    let last = r["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "follow_up");
    assert_eq!(last["body"], "overall 2/5: lena calls back to put it right");
    desk.cmd_as("lena")
        .args(["followup-done", &id, "--note", "apologised, spare laptop lent"])
        .assert()
        .success();
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert!(r["follow_up_at"].is_null());
    let out = desk.run(&["followup-done", &id]);
    assert_eq!(code(&out), 1);
}

#[test]
fn resolved_requests_nobody_rated_close_themselves() {
    let desk = Desk::new();
    let id = resolved(&desk, "s", "request");
    let rated = resolved(&desk, "r", "request");
    desk.ok(&["rate", &rated, "--score", "4"]);
    assert_eq!(
        desk.json_at("2026-12-01T10:00:00Z", &["show", &id, "--format", "json"])["status"],
        "resolved"
    );
    let r = desk.json_at("2026-12-02T10:00:01Z", &["show", &id, "--format", "json"]);
    assert_eq!(r["status"], "closed");
    let last = r["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "closed automatically: not rated within 7 days");
    assert_eq!(last["actor"], "frontdesk");
    assert_eq!(
        desk.json_at("2026-12-02T10:00:01Z", &["show", &rated, "--format", "json"])["status"],
        "resolved"
    );
    desk.ok(&["auto-close", "--days", "2"]);
    assert!(desk.ok(&["auto-close"]).contains("after 2 days"));
    let out = desk.run(&["auto-close", "--days", "0"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn survey_imports_take_good_rows_and_report_bad_ones_by_line() {
    let desk = Desk::new();
    let a = resolved(&desk, "a", "request");
    let b = resolved(&desk, "b", "request");
    let c = resolved(&desk, "c", "request");
    let open = desk.new_request("still open");
    desk.ok(&["rate", &c, "--score", "3"]);
    let file = desk.path("survey.csv");
    std::fs::write(
        &file,
        format!(
            "Request ID,Overall,Speed,Quality,Communication,Recommend,Comment\n\
             {a},5,5,4,5,10,\"Great, quick\"\n\
             999,4,,,,,\n\
             {b},7,,,,,\n\
             {c},4,,,,,\n\
             {open},4,,,,,\n\
             {b},4,,,,9,ok\n\
             {a},3,,,,,again\n"
        ),
    )
    .unwrap();
    let out = desk.run(&["import-ratings", file.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "imported 2 ratings, refused 5 rows\n"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "line 3: request 999 does not exist",
        "line 4: invalid overall score '7' (valid: 1 to 5)",
        &format!("line 5: request {c} already has a rating"),
        &format!("line 6: request {open} is new; only resolved requests are rated"),
        &format!("line 8: request {a} appears twice in the file"),
    ] {
        assert!(err.contains(expected), "missing {expected:?} in {err}");
    }
    assert_eq!(
        desk.json(&["show", &a, "--format", "json"])["rating"]["comment"],
        "Great, quick"
    );
    assert_eq!(
        desk.json(&["show", &b, "--format", "json"])["rating"]["recommend"],
        9
    );
}
