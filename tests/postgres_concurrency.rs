//! Thirty-two processes writing to one server desk at once, each through
//! its own staff login: every acknowledged write is there exactly once,
//! a write based on a stale version is a conflict (exit 3) that changes
//! nothing, and no update is lost; the history's chain stays whole.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::postgres::Cluster;
use common::writers::{each_acknowledged_write_once, write_at_once, MARKER_COUNT};
use common::Desk;

const WRITERS: usize = 32;
const OPS_EACH: usize = 16;

#[test]
fn thirty_two_processes_writing_at_once_lose_and_duplicate_nothing() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::on_server(&cluster.address());
    desk.ok(&["init"]);
    let mut admin = cluster.config().connect(postgres::NoTls).unwrap();
    admin
        .batch_execute(
            "CREATE ROLE frontdesk_staff NOLOGIN;
             GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO frontdesk_staff;
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO frontdesk_staff;
             GRANT DELETE ON request_tags, request_links, views, macros, targets, watchers, templates, recurring, answers, custom_fields, request_fields TO frontdesk_staff;",
        )
        .unwrap();
    for w in 0..WRITERS {
        admin
            .batch_execute(&format!("CREATE ROLE writer{w} LOGIN IN ROLE frontdesk_staff"))
            .unwrap();
    }
    desk.ok(&["people", "add", "bob", "--role", "agent"]);
    desk.ok(&["people", "add", "carol", "--role", "agent"]);
    let shared: Vec<i64> = (0..6).map(|i| desk.new_request(&format!("shared {i}"))).collect();
    let ops = write_at_once(WRITERS, OPS_EACH, &shared, |w| {
        PathBuf::from(cluster.address_as(&format!("writer{w}")))
    });
    let versions: Vec<(i64, i64)> = admin
        .query("SELECT id, version FROM requests", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let sql = MARKER_COUNT.replace("?1", "$1");
    each_acknowledged_write_once(
        &ops,
        |marker| admin.query_one(&sql, &[&marker]).unwrap().get(0),
        &versions,
    );
    let conflicts = ops.iter().filter(|o| !o.acknowledged).count();
    assert!(conflicts > 0, "the stale writes must have been refused");
    assert!(ops.iter().filter(|o| o.acknowledged).count() > WRITERS * OPS_EACH / 2);
    // The chain of the whole history still checks out.
    let report = desk.ok(&["doctor"]);
    assert!(report.contains("[ok  ] history"), "{report}");
}

#[test]
fn a_write_held_up_past_the_busy_timeout_says_locked_and_changes_nothing() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::on_server(&cluster.address());
    desk.new_request("x");
    // Another copy in the middle of a write holds the desk's writer turn.
    let mut holder = cluster.config().connect(postgres::NoTls).unwrap();
    let mut held = holder.transaction().unwrap();
    held.batch_execute("SELECT pg_advisory_xact_lock(7061746173)")
        .unwrap();
    let out = desk
        .cmd()
        .env("FRONTDESK_BUSY_TIMEOUT_MS", "300")
        .args(["reply", "1", "hi"])
        .output()
        .unwrap();
    assert_eq!(common::code(&out), 1);
    let said = common::one_line_error(&out);
    assert!(said.contains("locked by another user, try again"), "{said}");
    held.rollback().unwrap();
    let r = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(r["events"].as_array().unwrap().len(), 1, "nothing half-written");
    desk.ok(&["reply", "1", "hi"]);
}
