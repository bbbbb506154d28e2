//! On a server, who acts is the database login, and the server keeps the
//! desk's rules itself: a member of staff with a SQL client cannot do what
//! the app refuses (lower an escalation, make themselves a lead, take
//! another login, change the settings, write history in someone else's
//! name, edit or delete history), while a lead can.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::postgres::Cluster;
use common::{code, one_line_error, Desk};

/// A desk as the README sets one up: made by the administrator, ana an
/// agent and Alice the lead, each with their login; one escalated request.
fn team_desk(cluster: &Cluster) -> Desk {
    let desk = common::postgres::staffed_desk(cluster);
    desk.ok(&["sla", "set", "P2", "--response", "2h"]);
    let ana = as_login(&desk, cluster, "ana");
    ana.ok(&["new", "--requester", "Ben", "--subject", "VPN down"]);
    ana.ok(&["escalate", "1", "--reason", "whole floor"]);
    desk
}

/// The same desk as another login sees it.
fn as_login(desk: &Desk, cluster: &Cluster, login: &str) -> Desk {
    let _ = desk;
    Desk::on_server(&cluster.address_as(login))
}

/// A SQL session as `login`, as psql would be.
fn psql(cluster: &Cluster, login: &str) -> postgres::Client {
    let mut config = cluster.config();
    config.user(login);
    config.connect(postgres::NoTls).unwrap()
}

fn refused(client: &mut postgres::Client, sql: &str) -> String {
    let err = client.batch_execute(sql).expect_err(sql);
    err.as_db_error()
        .map_or_else(|| err.to_string(), |e| e.message().to_string())
}

#[test]
fn the_login_is_who_acts_and_as_cannot_be_someone_else() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = team_desk(&cluster);
    let ana = as_login(&desk, &cluster, "ana");
    // Whatever FRONTDESK_USER says, the login acts as its person.
    common::postgres::ana_acts_as_herself(&ana);
    // Naming oneself is fine.
    ana.ok(&["--as", "ana lopez", "note", "1", "still me"]);
    // The app's rule and the server's agree: ana may not de-escalate.
    let out = ana.run(&["de-escalate", "1", "--reason", "fine now"]);
    assert_eq!(code(&out), 1);
    assert!(one_line_error(&out).contains("only a team lead can de-escalate"));
    let alice = as_login(&desk, &cluster, "alice");
    alice.ok(&["de-escalate", "1", "--reason", "vendor on site"]);
    alice.ok(&["sla", "set", "P2", "--response", "2h"]);
}

#[test]
fn a_staff_login_with_sql_cannot_do_what_the_app_refuses() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let _desk = team_desk(&cluster);
    let mut ana = psql(&cluster, "ana");
    for (sql, says) in [
        ("UPDATE requests SET escalation_level = 0 WHERE id = 1", "only a team lead may de-escalate"),
        ("UPDATE people SET role = 'lead' WHERE login = 'ana'", "only a team lead may change roles"),
        ("UPDATE people SET login = 'ana' WHERE name = 'Alice Martin'", "only a team lead may change roles"),
        ("UPDATE people SET name = 'Boss' WHERE login = 'alice'", "only a team lead may change roles"),
        ("INSERT INTO people (name, role) VALUES ('Mallory', 'lead')", "only a team lead may add staff"),
        ("UPDATE settings SET value = '{}'", "only a team lead may change the desk's settings"),
        (
            "INSERT INTO settings (key, value) VALUES ('auto_close_days', '1')",
            "only a team lead may change the desk's settings",
        ),
        (
            "INSERT INTO events (request_id, at, actor, kind, body) VALUES (1, 0, 'Alice Martin', 'note', 'approved')",
            "the login ana acts as Ana Lopez, not as Alice Martin",
        ),
        (
            "INSERT INTO people_events (person, at, actor, field) VALUES ('ana', 0, 'Alice Martin', 'role')",
            "the login ana acts as Ana Lopez, not as Alice Martin",
        ),
        ("UPDATE events SET body = 'nothing happened' WHERE request_id = 1", "history is append-only"),
        ("DELETE FROM events", "permission denied for table events"),
        ("DELETE FROM requests", "permission denied for table requests"),
        ("TRUNCATE events", "permission denied for table events"),
        ("ALTER TABLE events DISABLE TRIGGER ALL", "must be owner of table events"),
        ("DROP TRIGGER people_changed_by_leads ON people", "must be owner of relation people"),
    ] {
        let said = refused(&mut ana, sql);
        assert!(said.contains(says), "{sql}: {said}");
    }
    // What ana writes in her own name goes in, with the server's record of
    // who was connected whatever the client claims.
    ana.batch_execute(
        "INSERT INTO events (request_id, at, actor, kind, body, login, host) VALUES (1, 0, 'Ana Lopez', 'note', 'by hand', 'root', 'elsewhere')",
    )
    .unwrap();
    let row = ana
        .query_one("SELECT login, host FROM events WHERE body = 'by hand'", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "ana");
    assert_eq!(row.get::<_, String>(1), "local");
    // A lead can, with SQL as with the app.
    let mut alice = psql(&cluster, "alice");
    alice
        .batch_execute("UPDATE requests SET escalation_level = 0 WHERE id = 1")
        .unwrap();
    alice
        .batch_execute("UPDATE people SET role = 'lead' WHERE login = 'ana'")
        .unwrap();
    // Doctor, as staff, finds the rules in place and the login harmless.
    let ana_desk = Desk::on_server(&cluster.address_as("ana"));
    let report = ana_desk.ok(&["doctor"]);
    assert!(report.contains("as are the lead's rights"), "{report}");
    assert!(report.contains("this login does not own"), "{report}");
}

#[test]
fn schema_steps_are_the_administrators_and_staff_keep_their_rights_on_new_tables() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    // A team desk set up at schema 11, as an earlier Frontdesk left it.
    let mut admin = cluster.config().connect(postgres::NoTls).unwrap();
    for (_, sql) in frontdesk::store::POSTGRES_MIGRATIONS.iter().take(2) {
        admin.batch_execute(sql).unwrap();
    }
    admin
        .batch_execute(
            "CREATE ROLE frontdesk_staff NOLOGIN;
             GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO frontdesk_staff;
             GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO frontdesk_staff;
             CREATE ROLE ana LOGIN IN ROLE frontdesk_staff;",
        )
        .unwrap();
    let ana = Desk::on_server(&cluster.address_as("ana"));
    let out = ana.run(&["list"]);
    assert_eq!(code(&out), 1);
    let said = one_line_error(&out);
    assert!(said.contains("only its administrator can make"), "{said}");
    // The administrator opens it once; the new tables are the staff's too.
    let desk = Desk::on_server(&cluster.address());
    desk.ok(&["sla", "show"]);
    ana.ok(&["new", "--requester", "Ben", "--subject", "VPN"]);
    ana.ok(&["tag", "1", "+vpn"]);
    ana.ok(&["tag", "1", "-vpn"]);
    ana.ok(&["views", "add", "mine", "--query", "assignee:me"]);
    ana.ok(&["views", "remove", "mine"]);
}
