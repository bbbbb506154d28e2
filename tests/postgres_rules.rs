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
    // A lead can, with SQL as with the app, with the history that says so.
    let mut alice = psql(&cluster, "alice");
    alice
        .batch_execute(
            "BEGIN;
             UPDATE requests SET escalation_level = 0 WHERE id = 1;
             INSERT INTO events (request_id, at, actor, kind, old_value, new_value, body)
             VALUES (1, 0, 'Alice Martin', 'escalation', '1', '0', 'vendor on site');
             COMMIT;",
        )
        .unwrap();
    alice
        .batch_execute("UPDATE people SET role = 'lead' WHERE login = 'ana'")
        .unwrap();
    // Doctor, as staff, finds the rules in place and the login harmless.
    let ana_desk = Desk::on_server(&cluster.address_as("ana"));
    let out = ana_desk.run(&["doctor"]);
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(code(&out), 0, "{report}");
    assert!(report.contains("as are request rows"), "{report}");
    assert!(report.contains("this login does not own"), "{report}");
}

#[test]
fn the_teams_day_rules_hold_on_the_server_for_sql_too() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = team_desk(&cluster);
    let alice = as_login(&desk, &cluster, "alice");
    alice.ok(&["people", "add", "Ana Lopez", "--team", "Network"]);
    alice.ok(&[
        "approval",
        "1",
        "--approver",
        "Alice Martin",
        "--reason",
        "a new switch",
    ]);
    let mut ana = psql(&cluster, "ana");
    for (sql, says) in [
        (
            "INSERT INTO teams (name, assign) VALUES ('Network', 'round-robin')",
            "only a team lead may set how a team's work is assigned",
        ),
        (
            "UPDATE people SET away_until = 4102444000 WHERE login = 'alice'",
            "only a team lead may record someone else's absence",
        ),
        (
            "UPDATE approvals SET state = 'approved' WHERE request_id = 1",
            "only the approver or a team lead may decide; Ana Lopez is neither",
        ),
        (
            "INSERT INTO custom_fields (name, kind, position, created_by, created_at) VALUES ('site', 'text', 1, 'ana', 0)",
            "only a team lead may define custom fields",
        ),
    ] {
        let said = refused(&mut ana, sql);
        assert!(said.contains(says), "{sql}: {said}");
    }
    // Her own absence is hers to record, with SQL as with the app.
    ana.batch_execute("UPDATE people SET away_until = 4102444000 WHERE login = 'ana'")
        .unwrap();
    // The lead sets the team's turns; the approver decides.
    alice.ok(&["teams", "auto", "Network", "least-loaded"]);
    alice.ok(&["approve", "1"]);
    let shown = alice.json(&["show", "1", "--format", "json"]);
    assert_eq!(shown["approval"]["state"], "approved");
}

#[test]
fn a_request_row_never_changes_on_the_server_without_the_event_that_explains_it() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let desk = team_desk(&cluster);
    let before = desk.json(&["show", "1", "--format", "json"]);
    let mut ana = psql(&cluster, "ana");
    for (sql, says) in [
        ("UPDATE requests SET status = 'closed' WHERE id = 1", "its status changed without the event that records it"),
        ("UPDATE requests SET subject = 'nothing to see' WHERE id = 1", "its subject changed without the event"),
        ("UPDATE requests SET priority = 'P4' WHERE id = 1", "requests_priority_follows_the_matrix"),
        ("UPDATE requests SET urgency = 'low', impact = 'low', priority = 'P4' WHERE id = 1", "its urgency changed without"),
        ("UPDATE requests SET department = 'Nowhere' WHERE id = 1", "kept as recorded"),
        // An event of another kind does not explain the change.
        (
            "BEGIN; INSERT INTO events (request_id, at, actor, kind, body) VALUES (1, 0, 'Ana Lopez', 'note', 'closing');
             UPDATE requests SET status = 'closed' WHERE id = 1; COMMIT;",
            "its status changed without the event that records it",
        ),
        // Nor does an event of another request, or of another transaction.
        (
            "BEGIN; INSERT INTO events (request_id, at, actor, kind, old_value, new_value) VALUES (1, 0, 'Ana Lopez', 'status', 'new', 'resolved');
             COMMIT; UPDATE requests SET status = 'resolved' WHERE id = 1;",
            "its status changed without the event that records it",
        ),
    ] {
        let said = refused(&mut ana, sql);
        assert!(said.contains(says), "{sql}: {said}");
        let _ = ana.batch_execute("ROLLBACK");
    }
    let after = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(after["status"], before["status"]);
    assert_eq!(after["subject"], before["subject"]);
    assert_eq!(after["priority"], before["priority"]);
    // Views and macros are the connected person's, whatever the row says.
    ana.batch_execute(
        "INSERT INTO views (owner, name, query, created_by, created_at) VALUES ('', 'forged', 'status:open', 'Alice Martin', 0);
         INSERT INTO macros (name, note, created_by, created_at) VALUES ('forged', 'x', 'Alice Martin', 0);",
    )
    .unwrap();
    for table in ["views", "macros"] {
        let by: String = ana
            .query_one(
                &format!("SELECT created_by FROM {table} WHERE name = 'forged'"),
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(by, "Ana Lopez", "{table}");
    }
    let said = refused(
        &mut ana,
        "INSERT INTO views (owner, name, query, created_by, created_at) VALUES ('Alice Martin', 'hers', 'x', 'x', 0)",
    );
    assert!(said.contains("a view of one's own is kept for oneself"), "{said}");
    // Frontdesk itself changes all of it, each with its event.
    let ana_desk = as_login(&desk, &cluster, "ana");
    ana_desk.ok(&[
        "update",
        "1",
        "--subject",
        "VPN down on floor 3",
        "--urgency",
        "high",
    ]);
    ana_desk.ok(&["close", "1", "--reason", "duplicate of #2"]);
    // doctor says when the guard is switched off.
    let mut admin = cluster.config().connect(postgres::NoTls).unwrap();
    admin
        .batch_execute("ALTER TABLE requests DISABLE TRIGGER requests_change_with_history")
        .unwrap();
    let out = ana_desk.run(&["doctor"]);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("requests.requests_change_with_history"),
        "{report}"
    );
    assert_eq!(code(&out), 1, "{report}");
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
