//! A team desk behind PgBouncer (session pooling, as the README sets it
//! up): each command's connection is then a pooled server process rather
//! than a new one. Nothing may change for the people at the keyboard: the
//! login still is who acts, the server still keeps the rules, a colleague's
//! change still reaches the app at once, and every command reads as it
//! does when connected directly.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::pooler::Pooler;
use common::postgres::{Cluster, OWNER};
use common::screen::{seen_within, Screen};
use common::{code, one_line_error, Desk};

/// A desk as the README sets one up, made directly on the server by the
/// administrator, with ana an agent and Alice the lead; and a PgBouncer
/// in front of it that lets the three logins in.
fn team_desk_behind_pgbouncer(cluster: &Cluster) -> Option<Pooler> {
    common::postgres::staffed_desk(cluster);
    Pooler::start(cluster, &[OWNER, "ana", "alice"])
}

#[test]
fn through_pgbouncer_the_login_still_acts_and_the_server_keeps_the_rules() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let Some(pooler) = team_desk_behind_pgbouncer(&cluster) else {
        return;
    };
    let ana = Desk::on_server(&pooler.address_as("ana"));
    let alice = Desk::on_server(&pooler.address_as("alice"));
    ana.ok(&["new", "--requester", "Ben", "--subject", "VPN down"]);
    ana.ok(&["escalate", "1", "--reason", "whole floor"]);
    common::postgres::ana_acts_as_herself(&ana);
    // Pooled connections are the logins' own: ana's is still refused what
    // the server refuses her, and Alice's still allowed.
    let out = ana.run(&["de-escalate", "1", "--reason", "fine now"]);
    assert_eq!(code(&out), 1, "{}", one_line_error(&out));
    alice.ok(&["de-escalate", "1", "--reason", "vendor on site"]);
    // Each command reads as it does connected directly.
    let direct = Desk::on_server(&cluster.address_as("ana"));
    for args in [
        &["show", "1"][..],
        &["show", "1", "--format", "json"],
        &["list", "--status", "open,new", "--sort", "due"],
        &["list", "--search", "vpn", "--format", "json"],
        &["doctor"],
    ] {
        let pooled = ana.ok(args);
        let direct = direct.ok(args);
        if args[0] == "doctor" {
            // The timings differ; what it finds does not.
            let verdicts = |t: &str| {
                t.lines()
                    .skip(1)
                    .map(|l| l.chars().take(24).collect())
                    .collect::<Vec<String>>()
            };
            assert_eq!(verdicts(&pooled), verdicts(&direct), "{pooled}\n{direct}");
        } else {
            assert_eq!(pooled, direct, "{args:?}");
        }
    }
    // And it all went through the pooler, under each login's own name.
    let log = std::fs::read_to_string(pooler.log()).unwrap();
    for login in ["user=ana", "user=alice"] {
        assert!(log.contains(&format!("login attempt: db=desk {login}")), "{log}");
    }
}

#[test]
fn through_pgbouncer_a_colleagues_change_reaches_the_app_within_a_second() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let Some(pooler) = Pooler::start(&cluster, &[OWNER]) else {
        return;
    };
    let mut s = Screen::seeded_on_server(&pooler.address_as(OWNER));
    s.keys("j");
    let id = s.app.selected_id.unwrap();
    let mut other = s.other_user();
    let text = "Called the vendor".to_string();
    let note = frontdesk::domain::command::Command::Note { id, text };
    common::screen::run(&mut other, "bob", common::screen::t(common::screen::NOW), note);
    assert!(
        seen_within(&mut s, "Called the vendor", Duration::from_secs(1)).is_some(),
        "not shown within a second: {}",
        s.text()
    );
    let log = std::fs::read_to_string(pooler.log()).unwrap();
    assert!(log.contains("login attempt: db=desk user=deskadmin"), "{log}");
}
