//! The same desk on both backends: one day's work at a help desk, command
//! by command, run on a desk file and on a PostgreSQL desk, must print the
//! same output and errors and end with the same exit codes — intake,
//! triage, search (Chinese too), replies and notes, escalations and the
//! lead's rights, resolution, ratings, follow-ups, SLA and calendar
//! settings, sweeps, reports in every format, export and people.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::postgres::Cluster;
use common::{Desk, NOW};

/// Who acts, when (None: the desk's usual `NOW`), and the arguments.
type Step = (&'static str, Option<&'static str>, &'static [&'static str]);

const LATER: &str = "2026-11-25T16:30:00Z";
const NEXT_WEEK: &str = "2026-12-03T10:00:00Z";

/// A day at the desk, with the mistakes people make on the way.
const DAY: &[Step] = &[
    ("ana", None, &["init"]),
    (
        "ana",
        None,
        &[
            "people", "add", "Alice", "--role", "lead", "--team", "Network", "--login", "alice",
        ],
    ),
    (
        "ana",
        None,
        &["people", "add", "Wang Wei", "--dept", "财务", "--key"],
    ),
    (
        "ana",
        None,
        &[
            "new",
            "--requester",
            "Wang Wei",
            "--subject",
            "VPN drops every hour",
            "--urgency",
            "high",
            "--impact",
            "medium",
            "--body",
            "Since the update on Monday",
        ],
    ),
    (
        "ana",
        None,
        &[
            "new",
            "--requester",
            "李娜",
            "--dept",
            "人事部",
            "--subject",
            "打印机卡纸",
            "--urgency",
            "low",
            "--impact",
            "low",
            "--channel",
            "walk-in",
        ],
    ),
    (
        "ana",
        None,
        &[
            "new",
            "--requester",
            "Ben Carter",
            "--dept",
            "Finance",
            "--subject",
            "Printer on floor 3 jams",
            "--kind",
            "incident",
            "--category",
            "Printing",
        ],
    ),
    (
        "ana",
        None,
        &[
            "new",
            "--requester",
            "ben carter",
            "--subject",
            "Password reset",
            "--reply-by",
            "2026-11-25T12:00:00Z",
            "--channel",
            "email",
        ],
    ),
    ("ana", None, &["new", "--requester", "Nobody", "--subject", ""]),
    ("ana", None, &["update", "1", "--assign", "ana"]),
    (
        "ana",
        None,
        &["update", "3", "--team", "network", "--assign", "Alice"],
    ),
    ("ana", None, &["update", "2", "--assign", "nobody-here"]),
    (
        "ana",
        None,
        &["reply", "1", "Please reconnect with the new profile"],
    ),
    ("ana", None, &["note", "1", "Gateway logs show 打印 timeouts"]),
    (
        "ana",
        None,
        &[
            "update",
            "1",
            "--status",
            "waiting",
            "--reason",
            "waiting for the user",
        ],
    ),
    (
        "ana",
        None,
        &["update", "1", "--if-version", "2", "--urgency", "critical"],
    ),
    ("ana", None, &["list"]),
    ("ana", None, &["list", "--search", "vpn"]),
    ("ana", None, &["list", "--search", "卡纸"]),
    ("ana", None, &["list", "--search", "打印"]),
    ("ana", None, &["list", "--search", "printer -floor"]),
    ("ana", None, &["list", "--search", "\"floor 3\""]),
    ("ana", None, &["list", "--search", "vpn OR password"]),
    ("ana", None, &["list", "--search", "-printer"]),
    ("ana", None, &["list", "--search", "*"]),
    ("ana", None, &["list", "--search", "reconn", "--format", "json"]),
    ("ana", None, &["list", "--dept", "finance"]),
    ("ana", None, &["list", "--team", "NETWORK", "--format", "csv"]),
    ("ana", None, &["list", "--assignee", "ANA"]),
    ("ana", None, &["list", "--unassigned", "--sort", "due"]),
    (
        "ana",
        None,
        &["list", "--status", "waiting,new", "--priority", "P2,P4"],
    ),
    ("ana", None, &["list", "--sort", "priority"]),
    ("ana", None, &["list", "--sort", "updated", "--limit", "2"]),
    ("ana", None, &["show", "1"]),
    ("ana", None, &["show", "4", "--format", "json"]),
    ("ana", None, &["show", "99"]),
    ("ana", None, &["tag", "1", "+VPN", "+remote"]),
    ("ana", None, &["tag", "3", "printer", "-remote"]),
    ("ana", None, &["tag", "1", "-remote"]),
    ("ana", None, &["tag", "1", "+vpn"]),
    (
        "ana",
        None,
        &[
            "list",
            "--query",
            "tag:vpn,printer -tag:remote status:open,waiting,new",
        ],
    ),
    (
        "ana",
        None,
        &[
            "list",
            "--query",
            "dept:财务 assignee:me key:yes",
            "--format",
            "json",
        ],
    ),
    (
        "ana",
        None,
        &[
            "list",
            "--query",
            "requester:\"ben carter\" -channel:email age:<1d due:<8h",
        ],
    ),
    (
        "ana",
        None,
        &["list", "--query", "team:network 打印 priority:P1,P2,P3"],
    ),
    ("ana", None, &["list", "--query", "status:opne"]),
    (
        "ana",
        None,
        &[
            "views",
            "add",
            "mine-open",
            "--query",
            "assignee:me status:open,waiting",
            "--key",
            "4",
            "--sort",
            "due",
        ],
    ),
    (
        "Alice",
        None,
        &["views", "add", "network", "--query", "team:network", "--shared"],
    ),
    ("ana", None, &["views", "list"]),
    ("ana", None, &["list", "--view", "mine-open"]),
    (
        "ana",
        None,
        &[
            "list",
            "--view",
            "network",
            "--query",
            "-tag:remote",
            "--format",
            "json",
        ],
    ),
    ("ana", None, &["views", "remove", "network"]),
    ("Alice", None, &["views", "remove", "network"]),
    ("ana", None, &["update", "1,3-4", "--urgency", "high"]),
    (
        "ana",
        None,
        &["update", "--query", "status:new,open -tag:vpn", "--team", "Desk"],
    ),
    (
        "ana",
        None,
        &[
            "update",
            "--query",
            "status:new,open -tag:vpn",
            "--team",
            "Desk",
            "--yes",
        ],
    ),
    ("ana", None, &["tag", "2-4", "+batch"]),
    ("ana", None, &["update", "1,99", "--team", "Nowhere"]),
    ("ana", Some(LATER), &["sla", "explain", "1"]),
    ("ana", Some(LATER), &["sla", "explain", "4", "--format", "json"]),
    (
        "ana",
        Some(LATER),
        &["note", "1", "Looked at the gateway", "--minutes", "25"],
    ),
    (
        "Alice",
        Some(LATER),
        &["reply", "3", "Vendor booked", "--minutes", "10"],
    ),
    ("ana", Some(LATER), &["report", "--time"]),
    (
        "ana",
        Some(LATER),
        &["report", "--time", "--by", "agent", "--format", "json"],
    ),
    (
        "ana",
        None,
        &["escalate", "3", "--reason", "whole floor cannot print"],
    ),
    ("ana", None, &["escalate", "3", "--reason", "still down"]),
    ("ana", None, &["escalate", "3", "--reason", "and again"]),
    ("ana", None, &["escalations"]),
    ("ana", None, &["escalations", "--format", "json"]),
    ("ana", None, &["ack", "3"]),
    ("Alice", None, &["ack", "3"]),
    (
        "ana",
        None,
        &["de-escalate", "3", "--reason", "I think it is fine"],
    ),
    ("Alice", None, &["de-escalate", "3", "--reason", "vendor on site"]),
    ("Alice", None, &["people", "history", "Alice"]),
    ("ana", Some(LATER), &["list", "--breached"]),
    ("ana", Some(LATER), &["list", "--at-risk"]),
    ("ana", Some(LATER), &["sweep"]),
    ("ana", Some(LATER), &["escalations"]),
    (
        "ana",
        Some(LATER),
        &["resolve", "2", "--resolution", "Cleared the tray"],
    ),
    ("ana", Some(LATER), &["resolve", "3", "--resolution", "done"]),
    (
        "ana",
        Some(LATER),
        &["rate", "2", "--score", "5", "--comment", "很快，谢谢"],
    ),
    (
        "ana",
        Some(LATER),
        &["rate", "2", "--score", "4", "--speed", "5", "--recommend", "9"],
    ),
    (
        "ana",
        Some(LATER),
        &["rate", "3", "--score", "1", "--comment", "took all day"],
    ),
    ("ana", Some(LATER), &["rate", "1", "--score", "3"]),
    ("ana", Some(LATER), &["followups"]),
    ("ana", Some(LATER), &["followups", "--format", "json"]),
    (
        "ana",
        Some(LATER),
        &["followup-done", "3", "--note", "apologised, new toner ordered"],
    ),
    ("ana", Some(LATER), &["reopen", "2", "--reason", "jammed again"]),
    ("ana", Some(LATER), &["close", "4", "--reason", "duplicate of #1"]),
    ("ana", Some(LATER), &["reopen", "1"]),
    ("ana", None, &["sla", "show"]),
    ("ana", None, &["sla", "set", "P2", "--response", "2h"]),
    (
        "Alice",
        None,
        &["sla", "set", "P2", "--response", "2h", "--resolve", "2d"],
    ),
    (
        "Alice",
        None,
        &["calendar", "holiday", "add", "2026-12-25", "--name", "Christmas"],
    ),
    ("Alice", None, &["calendar", "set", "--hours", "08:00-17:00"]),
    ("ana", None, &["calendar", "show"]),
    ("Alice", None, &["auto-close", "--days", "5"]),
    ("ana", None, &["auto-close"]),
    ("ana", Some(NEXT_WEEK), &["sweep"]),
    ("ana", Some(NEXT_WEEK), &["list", "--status", "closed,resolved"]),
    ("ana", Some(NEXT_WEEK), &["report"]),
    (
        "ana",
        Some(NEXT_WEEK),
        &["report", "--by", "team", "--format", "json"],
    ),
    (
        "ana",
        Some(NEXT_WEEK),
        &["report", "--by", "dept", "--format", "csv"],
    ),
    ("ana", Some(NEXT_WEEK), &["report", "--by", "agent"]),
    (
        "ana",
        Some(NEXT_WEEK),
        &["report", "--themes", "--by", "team", "--format", "json"],
    ),
    (
        "Alice",
        Some(NEXT_WEEK),
        &[
            "targets",
            "set",
            "q4",
            "--kpi",
            "csat",
            "--at-least",
            "80",
            "--from",
            "2026-11-01",
            "--by",
            "2026-12-31",
        ],
    ),
    (
        "Alice",
        Some(NEXT_WEEK),
        &[
            "targets",
            "set",
            "fast",
            "--kpi",
            "first-response-median",
            "--improve",
            "10%",
            "--from",
            "2026-11-20",
            "--by",
            "2026-12-20",
            "--team",
            "Network",
        ],
    ),
    (
        "ana",
        Some(NEXT_WEEK),
        &[
            "targets",
            "set",
            "mine",
            "--kpi",
            "nps",
            "--at-least",
            "0",
            "--by",
            "2027-01-01",
        ],
    ),
    ("ana", Some(NEXT_WEEK), &["targets", "list"]),
    ("ana", Some(NEXT_WEEK), &["targets", "list", "--format", "json"]),
    (
        "ana",
        Some(NEXT_WEEK),
        &["report", "--by", "week", "--since", "2026-11-01"],
    ),
    ("ana", Some(NEXT_WEEK), &["people", "list"]),
    ("ana", Some(NEXT_WEEK), &["people", "list", "--format", "json"]),
    (
        "ana",
        Some(NEXT_WEEK),
        &["people", "add", "wang wei", "--contact", "wang.wei@example.com"],
    ),
    (
        "ana",
        Some(NEXT_WEEK),
        &["people", "add", "Carol", "--role", "lead"],
    ),
    (
        "Alice",
        Some(NEXT_WEEK),
        &["people", "add", "Carol", "--role", "lead"],
    ),
    ("ana", Some(NEXT_WEEK), &["show", "2"]),
];

/// The team's day: turns, absences and cover, watchers, mentions and the
/// inbox, approvals, possible duplicates — and the refusals on the way.
const TEAM_DAY: &[Step] = &[
    ("ana", None, &["init"]),
    (
        "ana",
        None,
        &[
            "people", "add", "Alice", "--role", "lead", "--team", "Network", "--login", "alice",
        ],
    ),
    (
        "Alice",
        None,
        &[
            "people", "add", "ana", "--role", "agent", "--team", "Network", "--login", "ana",
        ],
    ),
    (
        "Alice",
        None,
        &["people", "add", "bo", "--role", "agent", "--team", "Network"],
    ),
    ("ana", None, &["teams", "auto", "Network", "round-robin"]),
    ("Alice", None, &["teams", "auto", "Network", "round-robin"]),
    (
        "ana",
        None,
        &[
            "new",
            "--subject",
            "VPN drops every hour",
            "--requester",
            "Ben",
            "--team",
            "Network",
        ],
    ),
    (
        "ana",
        None,
        &[
            "new",
            "--subject",
            "打印机卡纸",
            "--requester",
            "李娜",
            "--team",
            "Network",
        ],
    ),
    (
        "ana",
        None,
        &[
            "new",
            "--subject",
            "vpn drops again",
            "--requester",
            "Ben",
            "--format",
            "json",
        ],
    ),
    ("ana", None, &["teams", "list"]),
    ("ana", None, &["people", "away", "bo", "--until", "2026-11-27"]),
    (
        "Alice",
        None,
        &["people", "away", "bo", "--until", "2026-11-27", "--cover", "ana"],
    ),
    ("ana", None, &["people", "list"]),
    ("ana", None, &["list", "--mine", "--format", "json"]),
    ("ana", None, &["watch", "1"]),
    ("Alice", None, &["note", "1", "@ana can you look? bo is away"]),
    ("Alice", None, &["reply", "2", "We are on it"]),
    ("ana", None, &["inbox", "--format", "json"]),
    ("ana", None, &["inbox"]),
    ("ana", None, &["inbox", "--read"]),
    ("ana", None, &["inbox", "--unread"]),
    (
        "ana",
        None,
        &[
            "approval",
            "2",
            "--approver",
            "Alice",
            "--reason",
            "a new switch, 900 EUR",
        ],
    ),
    ("ana", None, &["approve", "2"]),
    ("ana", None, &["update", "2", "--status", "open"]),
    ("ana", None, &["list", "--query", "approval:pending"]),
    (
        "Alice",
        None,
        &["list", "--query", "approval:pending approver:me"],
    ),
    ("Alice", None, &["reject", "2", "--reason", "too dear"]),
    ("ana", None, &["show", "2", "--format", "json"]),
    ("ana", None, &["show", "2"]),
    ("ana", None, &["unwatch", "1"]),
    ("Alice", None, &["people", "back", "bo"]),
    ("ana", None, &["teams", "list", "--format", "json"]),
    (
        "ana",
        None,
        &[
            "templates",
            "add",
            "onboarding",
            "--subject",
            "New starter",
            "--urgency",
            "high",
            "--item",
            "Create the account",
            "--item",
            "Order a laptop",
        ],
    ),
    ("ana", None, &["templates", "list", "--format", "json"]),
    (
        "ana",
        None,
        &["new", "--template", "onboarding", "--requester", "Li Na"],
    ),
    (
        "ana",
        None,
        &["new", "--template", "offboarding", "--requester", "Li Na"],
    ),
    ("ana", None, &["check", "4", "1"]),
    ("ana", None, &["resolve", "4", "--resolution", "done"]),
    (
        "ana",
        None,
        &["checklist", "4", "skip", "2", "--reason", "she has one"],
    ),
    ("ana", None, &["checklist", "4"]),
    ("ana", None, &["resolve", "4", "--resolution", "done"]),
    ("ana", None, &["show", "4", "--format", "json"]),
    (
        "ana",
        None,
        &[
            "recurring",
            "add",
            "weekly",
            "--template",
            "onboarding",
            "--cron",
            "0 9 * * 1",
        ],
    ),
    (
        "Alice",
        None,
        &[
            "recurring",
            "add",
            "weekly",
            "--template",
            "onboarding",
            "--cron",
            "0 9 * * 1",
        ],
    ),
    (
        "Alice",
        None,
        &[
            "recurring",
            "add",
            "bad",
            "--template",
            "onboarding",
            "--cron",
            "0 9 * *",
        ],
    ),
    ("ana", Some(NEXT_WEEK), &["list", "--format", "json"]),
    ("ana", Some(NEXT_WEEK), &["recurring", "list", "--format", "json"]),
    ("ana", Some(NEXT_WEEK), &["show", "5"]),
    // Custom fields: a lead's to define (the server's trigger says so
    // too), any agent's to fill; found by the query language.
    (
        "ana",
        Some(NEXT_WEEK),
        &["fields", "add", "site", "--type", "text"],
    ),
    (
        "Alice",
        Some(NEXT_WEEK),
        &["fields", "add", "site", "--type", "text"],
    ),
    (
        "Alice",
        Some(NEXT_WEEK),
        &[
            "fields",
            "add",
            "laptop",
            "--type",
            "choice",
            "--choices",
            "Mac,ThinkPad",
        ],
    ),
    (
        "ana",
        Some(NEXT_WEEK),
        &[
            "update",
            "5",
            "--field",
            "site=Beijing",
            "--field",
            "laptop=thinkpad",
        ],
    ),
    ("ana", Some(NEXT_WEEK), &["update", "5", "--field", "laptop=Dell"]),
    (
        "ana",
        Some(NEXT_WEEK),
        &[
            "list",
            "--query",
            "site:beijing laptop:ThinkPad",
            "--format",
            "json",
        ],
    ),
    (
        "ana",
        Some(NEXT_WEEK),
        &["list", "--query", "-laptop:mac", "--format", "json"],
    ),
    ("ana", Some(NEXT_WEEK), &["fields", "list", "--format", "json"]),
    ("ana", Some(NEXT_WEEK), &["show", "5", "--format", "json"]),
    ("Alice", Some(NEXT_WEEK), &["fields", "remove", "site"]),
    ("ana", Some(NEXT_WEEK), &["show", "5"]),
];

/// Where a step runs: a desk file, or a server where each person
/// connects with their own login.
enum Backend<'a> {
    File(&'a Desk),
    Server(&'a Desk, &'a Cluster),
}

/// What a step did: its exit code, output and errors, with what differs
/// by nature between the backends put aside: where the desk is, and where
/// an event came from (a file records the operating-system login and
/// host, a server the database login and address; the hash chain seals
/// those too, so its links differ with them).
fn outcome(backend: &Backend, (user, at, args): &Step) -> (i32, String, String) {
    let (desk, db) = match backend {
        Backend::File(desk) => (*desk, desk.db.display().to_string()),
        Backend::Server(desk, cluster) => (*desk, cluster.address_as(&user.to_lowercase())),
    };
    let out = desk
        .cmd_as(user)
        .env("FRONTDESK_DB", &db)
        .env("FRONTDESK_NOW", at.unwrap_or(NOW))
        .args(*args)
        .output()
        .unwrap();
    let shown = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes).replace(&db, "DESK");
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(mut json) => {
                put_aside_origins(&mut json);
                serde_json::to_string_pretty(&json).unwrap()
            }
            Err(_) => put_aside_hosts(&text),
        }
    };
    (common::code(&out), shown(&out.stdout), shown(&out.stderr))
}

/// ` (as login@host)` in a history, whoever it was (a server leaves it
/// out where the login is the person's own name).
fn put_aside_hosts(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(" (as ") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        match after.find(')') {
            Some(end) if after[..end].contains('@') => rest = &after[end + 1..],
            _ => {
                out.push_str(" (as ");
                rest = &after[5..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The login, host and chain link of every event in a JSON answer.
fn put_aside_origins(json: &mut serde_json::Value) {
    match json {
        serde_json::Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if ["login", "host", "hash"].contains(&key.as_str()) && value.is_string() {
                    *value = serde_json::Value::Null;
                } else {
                    put_aside_origins(value);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(put_aside_origins),
        _ => {}
    }
}

/// A server desk made as the README says: the administrator makes it and
/// runs the staff SQL; everyone else connects with their own login.
fn server_desk(cluster: &Cluster) -> Desk {
    let desk = Desk::on_server(&cluster.address());
    desk.ok(&["init"]);
    let mut admin = cluster.config().connect(postgres::NoTls).unwrap();
    admin.batch_execute(&common::postgres::staff_sql()).unwrap();
    desk
}

/// Where two outcomes part: the exit codes and the first line that differs.
fn difference(file: &(i32, String, String), server: &(i32, String, String)) -> String {
    let text = |o: &(i32, String, String)| format!("{}{}", o.1, o.2);
    let (a, b) = (text(file), text(server));
    let line = a.lines().zip(b.lines()).find(|(x, y)| x != y).map_or_else(
        || {
            format!(
                "file has {} lines, server {}",
                a.lines().count(),
                b.lines().count()
            )
        },
        |(x, y)| format!("file:   {x:.300}\n  server: {y:.300}"),
    );
    format!("  exit {} / {}\n  {line}", file.0, server.0)
}

#[test]
fn a_day_at_the_desk_reads_the_same_on_a_file_and_on_a_server() {
    same_on_both(DAY);
}

#[test]
fn the_teams_day_reads_the_same_on_a_file_and_on_a_server() {
    same_on_both(TEAM_DAY);
}

/// Runs `steps` on a desk file and on a server desk: each must print the
/// same and end alike, and the two desks export the same.
fn same_on_both(steps: &[Step]) {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let file = Desk::new();
    let server = server_desk(&cluster);
    let mut failures = 0;
    for step in steps {
        let on_file = outcome(&Backend::File(&file), step);
        let on_server = outcome(&Backend::Server(&server, &cluster), step);
        if std::env::var_os("SHOW_SERVER").is_some() {
            eprintln!("{:?} => {:?}", step.2, on_server);
        }
        assert!(
            on_file.0 != 101 && on_server.0 != 101,
            "{:?} panicked: {on_file:?} {on_server:?}",
            step.2
        );
        if on_file != on_server {
            failures += 1;
            eprintln!("{} {:?}\n{}", step.0, step.2, difference(&on_file, &on_server));
        }
    }
    assert_eq!(failures, 0, "steps that differ between the backends (above)");
    // The whole desk is the same, every event and rating of it.
    let export = |backend: &Backend| {
        let (_, out, _) = outcome(backend, &("ana", None, &["export", "--format", "json"]));
        let mut json: serde_json::Value = serde_json::from_str(&out).unwrap();
        json["exported_at"] = serde_json::Value::Null;
        json
    };
    assert_eq!(
        export(&Backend::File(&file)),
        export(&Backend::Server(&server, &cluster))
    );
}

#[test]
fn a_server_desk_is_named_by_flag_environment_or_config_file_alike() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::on_server(&cluster.address());
    desk.new_request("Printer jams");
    let config = desk.path("frontdesk.toml");
    std::fs::write(&config, format!("db_path = \"{}\"\n", cluster.address())).unwrap();
    let by_config = desk
        .cmd()
        .env_remove("FRONTDESK_DB")
        .env("FRONTDESK_CONFIG", &config)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        common::code(&by_config),
        0,
        "{}",
        common::one_line_error(&by_config)
    );
    let by_flag = Desk::new()
        .cmd()
        .args(["--db", &cluster.address(), "list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(by_config.stdout, by_flag.stdout);
    assert!(String::from_utf8_lossy(&by_flag.stdout).contains("Printer jams"));
}

#[test]
fn reindex_on_a_server_writes_every_requests_search_words_afresh() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::on_server(&cluster.address());
    desk.new_request("Zebra printer on floor 9");
    let mut admin = cluster.config().connect(postgres::NoTls).unwrap();
    admin.batch_execute("UPDATE request_text SET words = ''").unwrap();
    assert_eq!(desk.listed(&["--search", "zebra"]), 0);
    assert_eq!(desk.ok(&["reindex"]), "search index rebuilt: 1 requests\n");
    assert_eq!(desk.listed(&["--search", "zebra"]), 1);
}

/// Mail taken into a desk and answered from it: the same on a file and
/// on a server (new requests, a threaded answer, an auto-reply set aside,
/// attachments kept and saved, a reply put in the outbox).
#[test]
fn mail_reads_the_same_on_a_file_and_on_a_server() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let file = Desk::new();
    let server = server_desk(&cluster);
    let messages = [
        "From: =?GB2312?B?1cXOsA==?= <zhang@example.org>\r\nTo: desk@example.org\r\nSubject: =?GB2312?B?tPLTobv6v6jWvQ==?=\r\nMessage-ID: <p1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=GB2312\r\nContent-Transfer-Encoding: base64\r\n\r\nssbO8bK/tcS08tOhu/rT1r+o1r3By6Osx+u+ob/stKbA7aGj\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcfsj6IK\r\n--b--\r\n",
        "From: zhang@example.org\r\nTo: desk@example.org\r\nSubject: =?UTF-8?B?5Zue5aSNOg==?= [#1]\r\nMessage-ID: <p2@example.org>\r\n\r\nStill jammed.\r\n",
        "From: zhang@example.org\r\nTo: desk@example.org\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <p3@example.org>\r\n\r\nAway.\r\n",
    ];
    let run = |desk: &Desk, db: &str, user: &str, args: &[&str]| {
        let out = desk
            .cmd_as(user)
            .env("FRONTDESK_DB", db)
            .args(args)
            .output()
            .unwrap();
        let folder = desk.path("Maildir").display().to_string();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .replace(&folder, "MAILDIR")
        .replace(db, "DESK");
        let text = match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(mut json) => {
                put_aside_origins(&mut json);
                serde_json::to_string_pretty(&json).unwrap()
            }
            Err(_) => text,
        };
        (common::code(&out), text)
    };
    let day = |desk: &Desk, db: &str, user: &str| {
        let inbox = desk.path("Maildir");
        for f in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(inbox.join(f)).unwrap();
        }
        for (n, m) in messages.iter().enumerate() {
            std::fs::write(inbox.join("new").join(format!("1764064800.{n}.mx")), m).unwrap();
        }
        let saved = desk.path("saved");
        std::fs::create_dir_all(&saved).unwrap();
        let inbox = inbox.to_str().unwrap();
        let outcomes = vec![
            run(desk, db, user, &["mail", "import", inbox, "--format", "json"]),
            run(desk, db, user, &["mail", "import", inbox]),
            run(desk, db, user, &["show", "1", "--format", "json"]),
            run(desk, db, user, &["reply", "1", "A technician comes at two."]),
            run(desk, db, user, &["attachment", "1", "1", "--out", "-"]),
            run(desk, db, user, &["attachment", "1", "2", "--out", "-"]),
            run(desk, db, user, &["list", "--format", "json"]),
        ];
        let waiting = run(desk, db, user, &["mail", "outbox", "--format", "json"]);
        let waiting: serde_json::Value = serde_json::from_str(&waiting.1).unwrap();
        (
            outcomes,
            waiting.as_array().unwrap().len(),
            waiting[0]["subject"].clone(),
        )
    };
    let on_file = day(&file, &file.db.display().to_string(), "ana");
    let on_server = day(&server, &cluster.address_as("ana"), "ana");
    for (n, (a, b)) in on_file.0.iter().zip(&on_server.0).enumerate() {
        assert_eq!(a, b, "step {n} differs between the backends");
    }
    assert_eq!(
        (on_file.1, &on_file.2),
        (1, &serde_json::json!("Re: 打印机卡纸 [#1]"))
    );
    assert_eq!((on_server.1, &on_server.2), (on_file.1, &on_file.2));
    // The file's export, imported on a server, keeps the files and the
    // Message-IDs there too.
    file.ok(&["views", "add", "printers", "--query", "printer", "--shared"]);
    let export = file.path("export.json");
    file.ok(&["export", "--format", "json", "--out", export.to_str().unwrap()]);
    let mut admin = cluster.config().connect(postgres::NoTls).unwrap();
    admin.batch_execute("CREATE DATABASE moved").unwrap();
    let moved = cluster.address().replacen("/desk?", "/moved?", 1);
    let said = run(&file, &moved, "deskadmin", &["import", export.to_str().unwrap()]);
    assert_eq!(said.0, 0, "{}", said.1);
    assert!(said.1.contains(", 1 file"), "{}", said.1);
    // The first message again, as a second delivery: known on both.
    let again = file.path("Again");
    for f in ["new", "cur", "tmp"] {
        std::fs::create_dir_all(again.join(f)).unwrap();
    }
    std::fs::write(again.join("new").join("1764064900.0.mx"), messages[0]).unwrap();
    let again = again.to_str().unwrap().to_string();
    for args in [&["attachment", "1", "1", "--out", "-"][..], &["views", "list"]] {
        let db = file.db.display().to_string();
        assert_eq!(
            run(&file, &moved, "deskadmin", args).1,
            run(&file, &db, "ana", args).1,
            "{args:?}"
        );
    }
    let report = run(&file, &moved, "deskadmin", &["mail", "import", &again]).1;
    assert!(
        report.contains("0 new requests, 0 replies, 1 ignored"),
        "{report}"
    );
}

/// A satisfaction survey mailed, answered and counted: the same on both.
#[test]
fn surveys_read_the_same_on_a_file_and_on_a_server() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let sink = common::smtp::SmtpSink::start();
    let file = Desk::new();
    let server = server_desk(&cluster);
    let day = |desk: &Desk, db: &str| {
        let config = desk.dir.path().join("config").join("frontdesk");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(
            config.join("config.toml"),
            format!(
                "[mail]\nfrom = \"IT Desk <desk@example.org>\"\nsmtp = \"{}?tls=none\"\nsurvey = true\n",
                sink.url()
            ),
        )
        .unwrap();
        let run = |args: &[&str]| {
            let out = desk
                .cmd_as("ana")
                .env("FRONTDESK_DB", db)
                .env("FRONTDESK_NOW", NOW)
                .args(args)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout)
                .replace(&desk.path("Maildir").display().to_string(), "MAILDIR");
            let text = match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(mut json) => {
                    put_aside_origins(&mut json);
                    serde_json::to_string_pretty(&json).unwrap()
                }
                Err(_) => text,
            };
            (
                common::code(&out),
                text,
                String::from_utf8_lossy(&out.stderr).to_string(),
            )
        };
        let inbox = desk.path("Maildir");
        for f in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(inbox.join(f)).unwrap();
        }
        let deliver = |name: &str, raw: String| {
            std::fs::write(inbox.join("new").join(name), raw).unwrap();
            run(&["mail", "import", inbox.to_str().unwrap()])
        };
        let mut steps = vec![deliver(
            "1764064800.in.mx",
            "From: 王芳 <wang@example.org>\r\nTo: desk@example.org\r\nSubject: 打印机卡纸\r\nMessage-ID: <in@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n三楼的打印机卡纸。\r\n".into(),
        )];
        steps.push(run(&["resolve", "1", "--resolution", "清理了进纸器"]));
        steps.push(run(&["mail", "send"]));
        let survey: serde_json::Value =
            serde_json::from_str(&run(&["show", "1", "--format", "json"]).1).unwrap();
        assert!(
            survey["events"]
                .to_string()
                .contains("satisfaction survey mailed"),
            "{survey}"
        );
        // The survey's Message-ID is made afresh on each desk: read it back.
        let sent = sink.messages();
        let mine = sent.last().unwrap();
        let id = mine.header("Message-ID").unwrap();
        steps.push(deliver(
            "1764068400.answer.mx",
            format!("From: wang@example.org\r\nTo: desk@example.org\r\nSubject: Re: 打印机卡纸 [#1]\r\nMessage-ID: <answer@example.org>\r\nIn-Reply-To: {id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n４分，还可以但是等太久了\r\n"),
        ));
        steps.push(run(&["show", "1", "--format", "json"]));
        steps.push(run(&["surveys", "--format", "json"]));
        steps.push(run(&["surveys"]));
        steps
    };
    let on_file = day(&file, &file.db.display().to_string());
    let on_server = day(&server, &cluster.address_as("ana"));
    for (n, (a, b)) in on_file.iter().zip(&on_server).enumerate() {
        assert_eq!(
            a,
            b,
            "step {n} differs between the backends:\n{}",
            difference(a, b)
        );
    }
    assert!(on_file[4].1.contains("还可以但是等太久了"), "{}", on_file[4].1);
    assert!(
        on_file[6].1.contains("1 sent, 1 answered, response rate 100%"),
        "{}",
        on_file[6].1
    );
}
