//! Eight copies recording requests for a round-robin team at the same
//! moment: each member gets a fair share (the shares differ by at most
//! one) and every request is assigned exactly once — on a desk file and on
//! a server desk, where each copy acts through its own login.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use common::postgres::{staff_sql, Cluster};
use common::{frontdesk, Desk};

const COPIES: usize = 8;
const EACH: usize = 6;
const MEMBERS: [&str; 3] = ["bo", "cy", "di"];

/// The team "desk" of three agents, assigned round-robin, set up by
/// `admin` (a lead on a file; the administrator on a server).
fn set_up(desk: &Desk) {
    for m in MEMBERS {
        desk.ok(&["people", "add", m, "--role", "agent", "--team", "desk"]);
    }
    desk.ok(&["teams", "auto", "desk", "round-robin"]);
}

/// Runs the copies at once, each recording `EACH` requests for the team
/// on the desk `desk_of(copy)` names, as `user_of(copy)`.
fn record_at_once(desk_of: impl Fn(usize) -> PathBuf, user_of: impl Fn(usize) -> String) {
    let children: Vec<_> = (0..COPIES)
        .map(|c| {
            let (db, user) = (desk_of(c), user_of(c));
            std::thread::spawn(move || {
                for n in 0..EACH {
                    let out = frontdesk(&db, &user)
                        .args([
                            "new",
                            "--subject",
                            &format!("c{c}-{n}"),
                            "--requester",
                            "Ben",
                            "--team",
                            "desk",
                        ])
                        .output()
                        .unwrap();
                    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
                }
            })
        })
        .collect();
    for c in children {
        c.join().unwrap();
    }
}

/// Every request has one owner, given once by the desk; the shares are fair.
fn assigned_fairly_and_once(desk: &Desk) {
    let listed = desk.json(&["list", "--limit", "1000", "--format", "json"]);
    let requests = listed.as_array().unwrap();
    assert_eq!(requests.len(), COPIES * EACH);
    let mut shares: HashMap<String, usize> = HashMap::new();
    for r in requests {
        let owner = r["assignee"]
            .as_str()
            .expect("every request has an owner")
            .to_string();
        *shares.entry(owner).or_default() += 1;
        let shown = desk.json(&["show", &r["id"].to_string(), "--format", "json"]);
        let turns = shown["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "assignee")
            .count();
        assert_eq!(turns, 1, "request {} assigned {turns} times", r["id"]);
    }
    let (least, most) = (shares.values().min().unwrap(), shares.values().max().unwrap());
    assert_eq!(shares.len(), MEMBERS.len(), "{shares:?}");
    assert!(most - least <= 1, "unfair shares: {shares:?}");
}

#[test]
fn eight_copies_on_one_file_take_fair_turns() {
    let desk = Desk::new();
    desk.ok(&["init"]);
    desk.ok(&["people", "add", "ana", "--role", "lead"]);
    set_up(&desk);
    let db: &Path = &desk.db;
    record_at_once(|_| db.to_path_buf(), |c| format!("copy{c}"));
    assigned_fairly_and_once(&desk);
}

#[test]
fn eight_copies_on_a_server_take_fair_turns() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = Desk::on_server(&cluster.address());
    desk.ok(&["init"]);
    let mut admin = cluster.config().connect(postgres::NoTls).unwrap();
    admin.batch_execute(&staff_sql()).unwrap();
    for c in 0..COPIES {
        admin
            .batch_execute(&format!("CREATE ROLE copy{c} LOGIN IN ROLE frontdesk_staff"))
            .unwrap();
    }
    set_up(&desk);
    record_at_once(
        |c| PathBuf::from(cluster.address_as(&format!("copy{c}"))),
        |c| format!("copy{c}"),
    );
    assigned_fairly_and_once(&desk);
}
