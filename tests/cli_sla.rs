//! SLA targets, the business calendar, due states, pauses, reply-by,
//! automatic escalation and the team lead's view, through the binary.
//! The fixed clock starts on Wednesday 2026-11-25 10:00 UTC (TZ=UTC).

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::{code, one_line_error, Desk};

/// `new` for a P3 (medium urgency × medium impact) from Ben.
fn p3_args(subject: &str) -> [&str; 9] {
    [
        "new",
        "--subject",
        subject,
        "--requester",
        "Ben",
        "--urgency",
        "medium",
        "--impact",
        "medium",
    ]
}

fn p3(desk: &Desk, subject: &str) -> String {
    desk.ok(&p3_args(subject)).trim().to_string()
}

#[test]
fn default_targets_and_changing_them() {
    let desk = Desk::new();
    let out = desk.ok(&["sla", "show"]);
    assert!(out.contains("P1        30m             4h"), "{out}");
    assert!(out.contains("P4        1d              5d"), "{out}");
    let id = p3(&desk, "x");
    assert_eq!(
        desk.json(&["show", &id, "--format", "json"])["response_due_at"],
        "2026-11-25T14:00:00Z"
    );
    desk.ok(&["sla", "set", "P3", "--response", "90m", "--resolve", "1d"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(
        r["response_due_at"], "2026-11-25T11:30:00Z",
        "open requests follow the new target"
    );
    assert_eq!(r["resolve_due_at"], "2026-11-26T10:00:00Z");
    let out = desk.run(&["sla", "set", "P3", "--response", "soon"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("invalid duration 'soon'"));
    let out = desk.run(&["sla", "set", "P2", "--around-the-clock", "on"]);
    assert!(one_line_error(&out).contains("only P1"));
}

#[test]
fn p1_can_run_on_the_24x7_clock() {
    let desk = Desk::new();
    let sat = "2026-11-28T22:00:00Z";
    let id = desk.ok_at(
        sat,
        &[
            "new",
            "--subject",
            "down",
            "--requester",
            "B",
            "--urgency",
            "critical",
            "--impact",
            "high",
        ],
    );
    assert_eq!(
        desk.json_at(sat, &["show", id.trim(), "--format", "json"])["response_due_at"],
        "2026-11-30T09:30:00Z"
    );
    desk.ok_at(sat, &["sla", "set", "P1", "--around-the-clock", "on"]);
    assert_eq!(
        desk.json_at(sat, &["show", id.trim(), "--format", "json"])["response_due_at"],
        "2026-11-28T22:30:00Z"
    );
}

#[test]
fn holidays_and_working_hours_move_due_times() {
    let desk = Desk::new();
    desk.ok(&["calendar", "holiday", "add", "2026-11-26", "--name", "Staff day"]);
    let out = desk.ok(&["calendar", "show"]);
    assert!(
        out.contains("2026-11-26  Staff day") && out.contains("09:00–18:00"),
        "{out}"
    );
    let id = p3(&desk, "x");
    // 3 business days from Wed 10:00, skipping Thursday: Fri, Mon, Tue 10:00.
    assert_eq!(
        desk.json(&["show", &id, "--format", "json"])["resolve_due_at"],
        "2026-12-01T10:00:00Z"
    );
    desk.ok(&["calendar", "set", "--hours", "08:00-16:00", "--days", "mon-sat"]);
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["response_due_at"], "2026-11-25T14:00:00Z");
    // 24h of 8h days from Wed 10:00: Wed 6h, Fri 8h, Sat 8h, Mon 2h.
    assert_eq!(r["resolve_due_at"], "2026-11-30T10:00:00Z");
    let out = desk.run(&["calendar", "holiday", "add", "2026-02-30", "--name", "x"]);
    assert!(one_line_error(&out).contains("invalid date"));
    let out = desk.run(&["calendar", "set", "--zone", "Mars/Olympus"]);
    assert!(one_line_error(&out).contains("invalid time zone"));
}

#[test]
fn due_states_filters_and_triage_order() {
    let desk = Desk::new();
    let a = p3(&desk, "a"); // response due 14:00, at risk from 13:00
    let b = desk
        .ok(&[
            "new",
            "--subject",
            "b",
            "--requester",
            "C",
            "--urgency",
            "high",
            "--impact",
            "high",
        ])
        .trim()
        .to_string(); // P1: 10:30
    let c = p3(&desk, "c");
    desk.ok(&["reply", &c, "on it"]);
    let at = |t: &str, args: &[&str]| desk.ids_at(t, args);
    assert_eq!(at("2026-11-25T10:10:00Z", &["--at-risk"]), Vec::<i64>::new());
    assert_eq!(
        at("2026-11-25T10:25:00Z", &["--at-risk"]),
        [b.parse::<i64>().unwrap()]
    );
    assert_eq!(
        at("2026-11-25T13:30:00Z", &["--at-risk"]),
        [a.parse::<i64>().unwrap()]
    );
    assert_eq!(
        at("2026-11-25T13:30:00Z", &["--breached"]),
        [b.parse::<i64>().unwrap()]
    );
    let json = desk.json_at("2026-11-25T13:30:00Z", &["show", &a, "--format", "json"]);
    assert_eq!(json["due_state"], "at_risk");
    assert_eq!(json["due_source"], "response");
    assert_eq!(
        desk.json_at("2026-11-25T13:30:00Z", &["show", &c, "--format", "json"])["due_source"],
        "resolve"
    );
    // Triage order: breached first, then by time left.
    let order = at("2026-11-25T13:30:00Z", &["--sort", "due"]);
    assert_eq!(
        order,
        [b.parse::<i64>().unwrap(), a.parse().unwrap(), c.parse().unwrap()]
    );
    let table = desk.ok_at("2026-11-25T13:30:00Z", &["list", "--sort", "due"]);
    assert!(table.contains("-3h 00m"), "{table}");
    assert!(table.contains("~30m"), "{table}");
}

#[test]
fn waiting_pauses_the_clock() {
    let desk = Desk::new();
    let id = p3(&desk, "x");
    desk.ok(&["reply", &id, "need your asset tag"]);
    desk.ok_at("2026-11-25T11:00:00Z", &["update", &id, "--status", "waiting"]);
    let r = desk.json_at("2026-11-27T12:00:00Z", &["show", &id, "--format", "json"]);
    assert_eq!(r["due_state"], "paused");
    // Back on Friday 12:00: paused Wed 11–18 (7h), Thu (9h), Fri 9–12 (3h) = 19h.
    desk.ok_at("2026-11-27T12:00:00Z", &["update", &id, "--status", "open"]);
    let r = desk.json_at("2026-11-27T12:00:00Z", &["show", &id, "--format", "json"]);
    assert_eq!(r["paused_seconds"], 19 * 3600);
    // Resolution 27h + 19h paused = 46h of business time from Wed 10:00:
    // Wed 8h, Thu 9h, Fri 9h, Mon 9h, Tue 9h = 44h, then Wed 09:00 + 2h.
    assert_eq!(r["resolve_due_at"], "2026-12-02T11:00:00Z");
    assert_eq!(r["due_state"], "on_track");
}

#[test]
fn an_earlier_reply_by_wins() {
    let desk = Desk::new();
    let id = desk
        .ok(&[
            "new",
            "--subject",
            "s",
            "--requester",
            "R",
            "--urgency",
            "low",
            "--impact",
            "low",
            "--reply-by",
            "2026-11-25T12:00:00Z",
        ])
        .trim()
        .to_string();
    let r = desk.json_at("2026-11-25T11:45:00Z", &["show", &id, "--format", "json"]);
    assert_eq!(r["due_source"], "reply_by");
    assert_eq!(r["due_state"], "at_risk");
    let text = desk.ok_at("2026-11-25T11:45:00Z", &["show", &id]);
    assert!(text.contains("(reply-by, at risk)"), "{text}");
}

#[test]
fn a_breach_escalates_once_with_an_event_saying_by_how_much() {
    let desk = Desk::new();
    let id = p3(&desk, "x");
    let later = "2026-11-25T14:30:00Z";
    // Any command that opens the file sweeps.
    desk.ok_at(later, &["list"]);
    desk.ok_at(later, &["list"]);
    let r = desk.json_at(later, &["show", &id, "--format", "json"]);
    assert_eq!(r["escalation_level"], 1);
    let escalations: Vec<&serde_json::Value> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "escalation")
        .collect();
    assert_eq!(escalations.len(), 1);
    assert_eq!(escalations[0]["actor"], "frontdesk");
    assert_eq!(escalations[0]["body"], "response target breached by 30m");
    // The resolution breach later changes nothing (the request is at level
    // 1 already), so nothing is recorded.
    desk.ok(&["reply", &id, "working on it"]);
    let much_later = "2026-12-01T09:00:00Z";
    let out = desk.ok_at(much_later, &["sweep"]);
    assert!(out.contains("0 breaches escalated"), "{out}");
    let r = desk.json_at(much_later, &["show", &id, "--format", "json"]);
    let escalations = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "escalation")
        .count();
    assert_eq!(escalations, 1, "no 'escalation 1 → 1'");
}

#[test]
fn two_processes_sweeping_at_once_escalate_each_breach_exactly_once() {
    let desk = Desk::new();
    let ids: Vec<String> = (0..20).map(|i| p3(&desk, &format!("r{i}"))).collect();
    let later = "2026-11-26T10:00:00Z";
    let children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("frontdesk"))
                .env("FRONTDESK_DB", &desk.db)
                .env("FRONTDESK_USER", "sweeper")
                .env("FRONTDESK_NOW", later)
                .env("TZ", "UTC")
                .arg("sweep")
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut total = 0;
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        total += text.lines().filter(|l| l.contains("escalated:")).count();
    }
    assert_eq!(total, 20, "each breach escalated once across all sweepers");
    for id in ids {
        let r = desk.json_at(later, &["show", &id, "--format", "json"]);
        let n = r["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "escalation")
            .count();
        assert_eq!(n, 1, "request {id}");
    }
}

#[test]
fn only_leads_may_de_escalate_and_refusals_are_recorded() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "lena", "--role", "lead"]);
    let id = p3(&desk, "x");
    desk.ok(&["escalate", &id, "--reason", "VIP"]);
    let out = desk.run(&["de-escalate", &id, "--reason", "calm now"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("only a team lead can de-escalate"));
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["escalation_level"], 1);
    let last = r["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "refused");
    assert_eq!(last["actor"], "ana");
    desk.cmd_as("lena").args(["ack", &id]).assert().success();
    desk.cmd_as("lena")
        .args(["de-escalate", &id, "--reason", "calm now"])
        .assert()
        .success();
    let r = desk.json(&["show", &id, "--format", "json"]);
    assert_eq!(r["escalation_level"], 0);
    let kinds: Vec<&str> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.ends_with(&["refused", "acknowledged", "escalation"]),
        "{kinds:?}"
    );
    assert!(desk.ok(&["show", &id]).contains("de-escalated 1 → 0"));
}

#[test]
fn the_escalations_view_lists_key_customers_first_among_equals() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "lena", "--role", "lead"]);
    let plain = p3(&desk, "plain");
    let key = desk
        .ok(&[
            "new",
            "--subject",
            "vip",
            "--requester",
            "Boss",
            "--key",
            "--urgency",
            "low",
            "--impact",
            "low",
        ])
        .trim()
        .to_string();
    let high = p3(&desk, "twice");
    p3(&desk, "not escalated");
    for id in [&plain, &key, &high] {
        desk.ok(&["escalate", id, "--reason", "asked for it"]);
    }
    desk.ok(&["escalate", &high, "--reason", "still broken"]);
    desk.cmd_as("lena").args(["ack", &plain]).assert().success();
    let rows = desk.json(&["escalations", "--format", "json"]);
    let ids: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].to_string())
        .collect();
    assert_eq!(ids, [high.clone(), key.clone(), plain.clone()]);
    assert_eq!(rows[0]["reason"], "still broken");
    assert_eq!(rows[0]["escalation_level"], 2);
    assert_eq!(rows[2]["acknowledged_by"], "lena");
    assert!(rows[1]["last_event"].is_object());
    let text = desk.ok(&["escalations"]);
    assert!(text.contains("★vip"), "{text}");
}

#[test]
fn a_schema_1_file_is_upgraded_with_its_clocks() {
    let desk = Desk::new();
    p3(&desk, "old");
    // Make it look like a file written before the SLA clock existed.
    let conn = rusqlite::Connection::open(&desk.db).unwrap();
    conn.execute_batch(
        "DROP TABLE request_fields; DROP TABLE custom_fields; DROP TABLE answers; DROP TABLE recurring_made; DROP TABLE recurring; DROP TABLE checklist_items; DROP TABLE templates; DROP TABLE approvals; DROP TABLE inbox; DROP TABLE watchers; DROP TABLE teams; ALTER TABLE people DROP COLUMN cover_id; ALTER TABLE people DROP COLUMN away_until; DROP TABLE targets; DROP TABLE surveys; DROP TABLE outbox; DROP TABLE attachments; DROP TABLE mail_messages; DROP TABLE request_ccs; DROP TABLE request_links; DROP TABLE macros; DROP TABLE views; DROP TABLE request_tags; DROP INDEX people_by_login; ALTER TABLE people DROP COLUMN login;
         DROP TABLE people_events; DROP INDEX events_unsealed; DROP INDEX events_time_spent; DROP TRIGGER events_are_never_edited;
         ALTER TABLE events DROP COLUMN login; ALTER TABLE events DROP COLUMN host; ALTER TABLE events DROP COLUMN hash;
         CREATE TRIGGER events_are_never_edited BEFORE UPDATE ON events\nBEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
         DROP INDEX requests_by_triage; DROP INDEX requests_lead_queue; ALTER TABLE requests DROP COLUMN triage_key;
         DROP INDEX requests_kpi; DROP INDEX ratings_kpi;
         ALTER TABLE requests DROP COLUMN escalated_ever; ALTER TABLE requests DROP COLUMN reopen_count;
         DROP INDEX requests_next_breach; DROP INDEX requests_unrated; ALTER TABLE requests DROP COLUMN next_breach_at;
         DROP INDEX requests_by_due; DROP INDEX requests_by_follow_up;
         ALTER TABLE requests DROP COLUMN follow_up_at; ALTER TABLE requests DROP COLUMN follow_up_kind;
         ALTER TABLE requests DROP COLUMN follow_up_owner_id; ALTER TABLE requests DROP COLUMN paused_wall_seconds;
         ALTER TABLE requests DROP COLUMN clock_started_at; ALTER TABLE requests DROP COLUMN waiting_since;
         ALTER TABLE requests DROP COLUMN paused_seconds; ALTER TABLE requests DROP COLUMN response_due_at;
         ALTER TABLE requests DROP COLUMN resolve_due_at; ALTER TABLE requests DROP COLUMN due_at;
         ALTER TABLE requests DROP COLUMN risk_at; ALTER TABLE requests DROP COLUMN due_source;
         ALTER TABLE requests DROP COLUMN breaches_escalated; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let r = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(r["response_due_at"], "2026-11-25T14:00:00Z");
    // The search index was rebuilt without its copy of the text.
    assert_eq!(desk.listed(&["--search", "old"]), 1);
    let v: i64 = rusqlite::Connection::open(&desk.db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, frontdesk::store::SCHEMA_VERSION);
}

#[test]
fn the_local_calendar_follows_tz_by_name_or_by_rule() {
    // 10:00 UTC on Wednesday is 19:00 in Tokyo, after working hours: the
    // four working hours of a P3's response run 09:00–13:00 Thursday there.
    for tz in ["Asia/Tokyo", ":Asia/Tokyo", "JST-9"] {
        let desk = Desk::new();
        let out = desk.cmd().env("TZ", tz).args(p3_args("x")).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let r = desk.json(&["show", "1", "--format", "json"]);
        assert_eq!(r["response_due_at"], "2026-11-26T04:00:00Z", "TZ={tz}");
    }
}

#[test]
fn only_a_lead_acknowledges_an_escalation() {
    let desk = Desk::new();
    desk.ok(&["people", "add", "lena", "--role", "lead"]);
    let id = p3(&desk, "x");
    desk.ok(&["escalate", &id, "--reason", "VIP"]);
    let out = desk.run(&["ack", &id]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("only a team lead acknowledges escalations"));
    desk.cmd_as("lena").args(["ack", &id]).assert().success();
}

#[test]
fn once_the_desk_has_a_lead_only_a_lead_changes_its_rules_and_gives_logins() {
    let desk = Desk::new();
    // Before there is a lead anyone sets the desk up.
    desk.ok(&["sla", "set", "P2", "--response", "2h"]);
    desk.ok(&["people", "add", "lena", "--role", "lead", "--login", "lena"]);
    for refused in [
        &["sla", "set", "P2", "--response", "3h"][..],
        &["calendar", "set", "--hours", "07:00-16:00"],
        &["calendar", "holiday", "add", "2026-12-25", "--name", "Christmas"],
        &["auto-close", "--days", "3"],
        &["people", "add", "ana", "--login", "lena2"],
    ] {
        let out = desk.run(refused);
        assert_eq!(code(&out), 1, "{refused:?}");
        let said = one_line_error(&out);
        assert!(
            said.contains("only a team lead may") && said.contains("leads: lena"),
            "{said}"
        );
    }
    let lena = |args: &[&str]| {
        let out = desk.cmd_as("lena").args(args).output().unwrap();
        assert_eq!(code(&out), 0, "{args:?}: {}", one_line_error(&out));
    };
    lena(&["sla", "set", "P2", "--response", "3h"]);
    lena(&["auto-close", "--days", "3"]);
    lena(&["people", "add", "ana", "--role", "agent", "--login", "ana"]);
    assert!(desk.ok(&["sla", "show"]).contains("P2        3h"));
}

#[test]
fn sla_explain_shows_how_the_due_time_was_reached_stretch_by_stretch() {
    let desk = Desk::new();
    let at = |t: &str, args: &[&str]| desk.ok_at(t, args);
    // Friday 16:00, a P4 (first response within 1 working day, 9h).
    at(
        "2026-11-27T16:00:00Z",
        &[
            "new",
            "--subject",
            "Toner",
            "--requester",
            "Ben",
            "--urgency",
            "low",
            "--impact",
            "low",
        ],
    );
    at("2026-11-27T17:00:00Z", &["update", "1", "--status", "waiting"]);
    at("2026-12-01T10:00:00Z", &["update", "1", "--status", "open"]);
    let text = at("2026-12-02T12:00:00Z", &["sla", "explain", "1"]);
    assert!(
        text.starts_with("#1 Toner · P4 · first-response target 1d in business hours\n"),
        "{text}"
    );
    assert!(
        text.contains("due 2026-12-01 18:00 · breached by 18h 00m"),
        "{text}"
    );
    for line in [
        "2026-11-27 16:00 → 2026-11-27 17:00    1h 00m  running",
        "2026-11-27 17:00 → 2026-11-27 18:00    1h 00m  paused (waiting)",
        "2026-11-28 00:00 → 2026-11-30 00:00     2d 0h  day off",
        "2026-12-01 10:00 → 2026-12-01 18:00    8h 00m  running  ← due",
        "until due: running 9h 00m (the 9h 00m target), paused 11h 00m while waiting on the requester",
    ] {
        assert!(text.contains(line), "{line}\n{text}");
    }
    // A holiday is named; JSON gives each stretch.
    at(
        "2026-12-02T12:00:00Z",
        &["calendar", "holiday", "add", "2026-11-30", "--name", "Staff day"],
    );
    let json = desk.json_at(
        "2026-12-02T12:00:00Z",
        &["sla", "explain", "1", "--format", "json"],
    );
    assert_eq!(json["target_seconds"], 32_400);
    let stretches: Vec<_> = json["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stretch"].clone())
        .collect();
    assert!(
        stretches.contains(&serde_json::json!({"holiday": "Staff day"})),
        "{stretches:?}"
    );
    let out = desk.run(&["sla", "explain", "9"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("request 9 does not exist"));
}
