//! The desk's schema on PostgreSQL, applied to a throw-away cluster: the
//! same version as a desk file, the history kept append-only by the server
//! itself (whoever connects with psql), and search words found through the
//! index, Chinese substrings included.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::postgres::Cluster;
use frontdesk::domain::text::search_words;
use frontdesk::store::{POSTGRES_MIGRATIONS, SCHEMA_VERSION};

fn desk(cluster: &Cluster) -> postgres::Client {
    let mut client = cluster.config().connect(postgres::NoTls).unwrap();
    for (_, sql) in POSTGRES_MIGRATIONS {
        client.batch_execute(sql).unwrap();
    }
    client
}

#[test]
fn the_server_schema_is_the_files_version_and_refuses_to_rewrite_history() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let mut db = desk(&cluster);
    let version: i32 = db
        .query_one("SELECT version FROM frontdesk_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(i64::from(version), SCHEMA_VERSION);
    assert_eq!(POSTGRES_MIGRATIONS.last().unwrap().0, SCHEMA_VERSION);

    db.batch_execute(
        "INSERT INTO people (name, role) VALUES ('Ben', 'requester'), ('ana', 'agent');
         INSERT INTO requests (subject, requester_id, channel, kind, urgency, impact, priority, status, created_at, updated_at)
         VALUES ('Printer jams', 1, 'phone', 'incident', 'high', 'medium', 'P2', 'open', 1795392000, 1795392000);
         INSERT INTO events (request_id, at, actor, kind, body) VALUES (1, 1795392000, 'ana', 'reply', 'On my way');
         INSERT INTO people_events (person, at, actor, field, new_value) VALUES ('ana', 1795392000, 'ana', 'role', 'agent');",
    )
    .unwrap();
    // Names are one person whatever their case.
    let twin = db.execute("INSERT INTO people (name) VALUES ('BEN')", &[]);
    assert!(twin.is_err(), "a second Ben");

    let refused = |db: &mut postgres::Client, sql: &str| {
        let e = db.batch_execute(sql).expect_err(sql);
        assert!(
            e.to_string().contains("history is append-only") || format!("{e:?}").contains("append-only"),
            "{sql}: {e:?}"
        );
    };
    refused(&mut db, "UPDATE events SET body = 'Never said that' WHERE id = 1");
    refused(&mut db, "DELETE FROM events WHERE id = 1");
    refused(&mut db, "TRUNCATE events CASCADE");
    refused(&mut db, "UPDATE people_events SET new_value = 'lead'");
    refused(&mut db, "DELETE FROM people_events");
    // Sealing is the one change: the hash, once.
    db.execute("UPDATE events SET hash = '\\x0102'::bytea WHERE id = 1", &[])
        .unwrap();
    refused(&mut db, "UPDATE events SET hash = '\\x0304'::bytea WHERE id = 1");
    let body: String = db
        .query_one("SELECT body FROM events WHERE id = 1", &[])
        .unwrap()
        .get(0);
    assert_eq!(body, "On my way");
}

#[test]
fn search_words_find_chinese_substrings_through_the_index() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let mut db = desk(&cluster);
    db.batch_execute("INSERT INTO people (name) VALUES ('王芳')")
        .unwrap();
    for (n, subject) in [
        "打印机卡纸",
        "无法登录VPN",
        "会议室投影仪故障",
        "Printer jams on tray 2",
    ]
    .iter()
    .enumerate()
    {
        let id = n as i64 + 1;
        db.execute(
            "INSERT INTO requests (id, subject, requester_id, channel, kind, urgency, impact, priority, status, created_at, updated_at)
             VALUES ($1, $2, 1, 'phone', 'incident', 'low', 'low', 'P4', 'open', 0, 0)",
            &[&id, subject],
        )
        .unwrap();
        db.execute(
            "INSERT INTO request_text (request_id, words) VALUES ($1, $2)",
            &[&id, &search_words(subject)],
        )
        .unwrap();
    }
    let found = |db: &mut postgres::Client, query: &str| -> Vec<i64> {
        db.query(
            "SELECT request_id FROM request_text WHERE tsv @@ to_tsquery('simple', $1) ORDER BY 1",
            &[&query],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    };
    // A run of Chinese characters anywhere in the text, as a phrase of
    // characters; Latin words by prefix, mixed in any order.
    assert_eq!(found(&mut db, "卡 <-> 纸"), [1]);
    assert_eq!(found(&mut db, "投 <-> 影 <-> 仪"), [3]);
    assert_eq!(found(&mut db, "登 <-> 录 & vpn:*"), [2]);
    assert_eq!(found(&mut db, "print:*"), [4]);
    // Through the index, not by reading every row.
    db.batch_execute("SET enable_seqscan = off").unwrap();
    let plan: Vec<String> = db
        .query(
            "EXPLAIN SELECT request_id FROM request_text WHERE tsv @@ to_tsquery('simple', '卡 <-> 纸')",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(plan.iter().any(|l| l.contains("request_text_tsv")), "{plan:#?}");
}

#[test]
fn an_older_server_desk_is_upgraded_in_steps_and_a_newer_one_refused_untouched() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    // A desk made by a Frontdesk of schema 10.
    let mut db = cluster.config().connect(postgres::NoTls).unwrap();
    let (ten, sql) = frontdesk::store::POSTGRES_MIGRATIONS[0];
    assert_eq!(ten, 10);
    db.batch_execute(sql).unwrap();
    let desk = common::Desk::on_server(&cluster.address());
    desk.ok(&["people", "add", "Alice", "--role", "lead", "--login", "alice"]);
    let version: i32 = db
        .query_one("SELECT version FROM frontdesk_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(i64::from(version), frontdesk::store::SCHEMA_VERSION);
    let login: String = db
        .query_one("SELECT login FROM people WHERE name = 'Alice'", &[])
        .unwrap()
        .get(0);
    assert_eq!(login, "alice");
    // A desk from a newer Frontdesk is left as it is.
    db.batch_execute("UPDATE frontdesk_schema SET version = 99")
        .unwrap();
    let out = desk.run(&["list"]);
    assert_eq!(common::code(&out), 1);
    let said = common::one_line_error(&out);
    assert!(said.contains("newer Frontdesk (schema 99"), "{said}");
    let version: i32 = db
        .query_one("SELECT version FROM frontdesk_schema", &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 99);
}
