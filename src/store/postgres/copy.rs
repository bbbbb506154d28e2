//! Moving a desk between a file and a PostgreSQL database, either way:
//! every table copied whole (ids, history and its hash chain as they are),
//! the search words written for each request, the counts checked on both
//! sides, all in one transaction on the receiving side, so a failure
//! leaves the target as it was. A target that already holds a desk is
//! refused: desks are moved, never merged.

use std::io::Write;

use super::server;
use crate::domain::text::search_words;
use crate::store::error::{StoreError, StoreResult};
use crate::store::migrations::{POSTGRES_MIGRATIONS, SCHEMA_VERSION};
use crate::store::Store;

/// How a column is written for COPY.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Bool,
    Real,
    Text,
    Bytes,
}

use Kind::{Bool, Bytes, Int, Real, Text};

/// The tables of a desk, in the order their references need, with the
/// columns both schemas share.
const TABLES: &[(&str, &[(&str, Kind)])] = &[
    (
        "people",
        &[
            ("id", Int),
            ("name", Text),
            ("department", Text),
            ("contact", Text),
            ("team", Text),
            ("key_customer", Bool),
            ("role", Text),
            ("login", Text),
            ("away_until", Int),
            ("cover_id", Int),
        ],
    ),
    ("teams", &[("name", Text), ("assign", Text), ("last_turn", Text)]),
    (
        "requests",
        &[
            ("id", Int),
            ("subject", Text),
            ("body", Text),
            ("requester_id", Int),
            ("department", Text),
            ("contact", Text),
            ("channel", Text),
            ("kind", Text),
            ("category", Text),
            ("urgency", Text),
            ("impact", Text),
            ("key_customer", Bool),
            ("priority", Text),
            ("status", Text),
            ("assignee_id", Int),
            ("team", Text),
            ("escalation_level", Int),
            ("created_at", Int),
            ("first_response_at", Int),
            ("resolved_at", Int),
            ("reply_by", Int),
            ("updated_at", Int),
            ("version", Int),
            ("clock_started_at", Int),
            ("waiting_since", Int),
            ("paused_seconds", Int),
            ("response_due_at", Int),
            ("resolve_due_at", Int),
            ("due_at", Int),
            ("risk_at", Int),
            ("due_source", Text),
            ("breaches_escalated", Int),
            ("follow_up_at", Int),
            ("follow_up_kind", Text),
            ("follow_up_owner_id", Int),
            ("paused_wall_seconds", Int),
            ("next_breach_at", Int),
            ("escalated_ever", Bool),
            ("reopen_count", Int),
            ("triage_key", Int),
        ],
    ),
    (
        "events",
        &[
            ("id", Int),
            ("request_id", Int),
            ("at", Int),
            ("actor", Text),
            ("kind", Text),
            ("old_value", Text),
            ("new_value", Text),
            ("body", Text),
            ("login", Text),
            ("host", Text),
            ("hash", Bytes),
        ],
    ),
    (
        "ratings",
        &[
            ("request_id", Int),
            ("overall", Int),
            ("speed", Int),
            ("quality", Int),
            ("communication", Int),
            ("recommend", Int),
            ("comment", Text),
            ("rated_at", Int),
            ("rated_by", Text),
        ],
    ),
    ("request_tags", &[("request_id", Int), ("tag", Text)]),
    (
        "request_links",
        &[("from_id", Int), ("to_id", Int), ("kind", Text)],
    ),
    ("request_ccs", &[("request_id", Int), ("person_id", Int)]),
    (
        "macros",
        &[
            ("id", Int),
            ("name", Text),
            ("reply", Text),
            ("note", Text),
            ("status", Text),
            ("assign", Text),
            ("team", Text),
            ("tags", Text),
            ("minutes", Int),
            ("created_by", Text),
            ("created_at", Int),
        ],
    ),
    (
        "views",
        &[
            ("id", Int),
            ("owner", Text),
            ("name", Text),
            ("query", Text),
            ("sort", Text),
            ("number", Int),
            ("created_by", Text),
            ("created_at", Int),
        ],
    ),
    ("settings", &[("key", Text), ("value", Text)]),
    (
        "people_events",
        &[
            ("id", Int),
            ("person", Text),
            ("at", Int),
            ("actor", Text),
            ("login", Text),
            ("host", Text),
            ("field", Text),
            ("old_value", Text),
            ("new_value", Text),
        ],
    ),
    (
        "mail_messages",
        &[
            ("message_id", Text),
            ("direction", Text),
            ("request_id", Int),
            ("outcome", Text),
            ("reason", Text),
            ("sender", Text),
            ("at", Int),
        ],
    ),
    (
        "attachments",
        &[
            ("id", Int),
            ("request_id", Int),
            ("event_id", Int),
            ("name", Text),
            ("content_type", Text),
            ("size", Int),
            ("content", Bytes),
        ],
    ),
    (
        "outbox",
        &[
            ("id", Int),
            ("request_id", Int),
            ("event_id", Int),
            ("recipient", Text),
            ("subject", Text),
            ("body", Text),
            ("message_id", Text),
            ("in_reply_to", Text),
            ("refs", Text),
            ("automatic", Bool),
            ("queued_at", Int),
            ("attempts", Int),
            ("last_error", Text),
            ("claimed_by", Text),
            ("claimed_at", Int),
            ("sent_at", Int),
        ],
    ),
    (
        "surveys",
        &[
            ("request_id", Int),
            ("message_id", Text),
            ("sent_at", Int),
            ("answered_at", Int),
        ],
    ),
    (
        "watchers",
        &[("request_id", Int), ("person_id", Int), ("since", Int)],
    ),
    (
        "inbox",
        &[
            ("person_id", Int),
            ("event_id", Int),
            ("reason", Text),
            ("read_at", Int),
        ],
    ),
    (
        "approvals",
        &[
            ("id", Int),
            ("request_id", Int),
            ("approver_id", Int),
            ("reason", Text),
            ("asked_by", Text),
            ("asked_at", Int),
            ("state", Text),
            ("decided_by", Text),
            ("decided_at", Int),
            ("note", Text),
        ],
    ),
    (
        "templates",
        &[
            ("id", Int),
            ("name", Text),
            ("subject", Text),
            ("body", Text),
            ("category", Text),
            ("team", Text),
            ("urgency", Text),
            ("impact", Text),
            ("items", Text),
            ("created_by", Text),
            ("created_at", Int),
        ],
    ),
    (
        "recurring",
        &[
            ("name", Text),
            ("template", Text),
            ("cron", Text),
            ("created_by", Text),
            ("created_at", Int),
            ("last_made", Int),
            ("next_due", Int),
        ],
    ),
    (
        "recurring_made",
        &[("rule", Text), ("due_at", Int), ("request_id", Int)],
    ),
    (
        "checklist_items",
        &[
            ("request_id", Int),
            ("number", Int),
            ("text", Text),
            ("state", Text),
            ("done_by", Text),
            ("done_at", Int),
            ("reason", Text),
        ],
    ),
    (
        "answers",
        &[
            ("id", Int),
            ("title", Text),
            ("body", Text),
            ("source_request", Int),
            ("uses", Int),
            ("created_by", Text),
            ("created_at", Int),
        ],
    ),
    (
        "custom_fields",
        &[
            ("name", Text),
            ("kind", Text),
            ("choices", Text),
            ("position", Int),
            ("created_by", Text),
            ("created_at", Int),
        ],
    ),
    (
        "request_fields",
        &[("request_id", Int), ("name", Text), ("value", Text)],
    ),
    (
        "targets",
        &[
            ("name", Text),
            ("kpi", Text),
            ("goal", Text),
            ("value", Real),
            ("from_at", Int),
            ("by_at", Int),
            ("team", Text),
            ("department", Text),
            ("created_by", Text),
            ("created_at", Int),
        ],
    ),
];

/// What was moved: rows per table, the same on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveSummary {
    pub counts: Vec<(&'static str, u64)>,
}

/// Text as COPY's text format reads it.
fn escaped(out: &mut Vec<u8>, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
}

/// One row of `columns` from the file as a line of COPY text.
fn copy_line(out: &mut Vec<u8>, row: &rusqlite::Row<'_>, columns: &[(&str, Kind)]) -> rusqlite::Result<()> {
    for (i, (_, kind)) in columns.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        let value = row.get_ref(i)?;
        if value == rusqlite::types::ValueRef::Null {
            out.extend_from_slice(b"\\N");
            continue;
        }
        match kind {
            Int => out.extend_from_slice(row.get::<_, i64>(i)?.to_string().as_bytes()),
            Bool => out.push(if row.get::<_, i64>(i)? != 0 { b't' } else { b'f' }),
            Real => out.extend_from_slice(format!("{:?}", row.get::<_, f64>(i)?).as_bytes()),
            Text => escaped(out, &row.get::<_, String>(i)?),
            Bytes => {
                out.extend_from_slice(b"\\\\x");
                for b in row.get::<_, Vec<u8>>(i)? {
                    out.extend_from_slice(format!("{b:02x}").as_bytes());
                }
            }
        }
    }
    out.push(b'\n');
    Ok(())
}

/// Copies the desk file `from` into the empty database at `to`.
pub fn move_file_to_server(from: &Store, to: &mut postgres::Client) -> StoreResult<MoveSummary> {
    let mut tx = to.transaction().map_err(server)?;
    prepare_target(&mut tx)?;
    let mut counts = Vec::new();
    for (table, columns) in TABLES {
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let list = names.join(", ");
        let key = sort_key(table);
        let mut stmt = from
            .file()?
            .prepare(&format!("SELECT {list} FROM {table} ORDER BY {key}"))?;
        let mut rows = stmt.query([])?;
        let mut writer = tx
            .copy_in(&format!("COPY {table} ({list}) FROM STDIN"))
            .map_err(server)?;
        let mut line = Vec::with_capacity(512);
        let mut copied = 0u64;
        while let Some(row) = rows.next()? {
            line.clear();
            copy_line(&mut line, row, columns)?;
            writer.write_all(&line)?;
            copied += 1;
        }
        writer.finish().map_err(server)?;
        counts.push((*table, copied));
    }
    copy_search_words(from, &mut tx)?;
    // New rows on the server continue after the ids the file had.
    for table in [
        "people",
        "requests",
        "events",
        "people_events",
        "views",
        "macros",
        "attachments",
        "outbox",
        "approvals",
        "templates",
        "answers",
    ] {
        tx.execute(
            &format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"),
            &[],
        )
        .map_err(server)?;
    }
    // Checked on the server before anything is kept.
    for (table, copied) in &counts {
        let there: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])
            .map_err(server)?
            .get(0);
        if there != *copied as i64 {
            return Err(StoreError::Server(format!(
                "{table}: {copied} rows copied but {there} arrived; nothing was kept"
            )));
        }
    }
    tx.commit().map_err(server)?;
    Ok(MoveSummary { counts })
}

/// Copies the desk in the PostgreSQL database `from` into the desk file
/// `to`, which must hold no desk yet (a file just made).
pub fn move_server_to_file(from: &mut postgres::Client, to: &mut Store) -> StoreResult<MoveSummary> {
    use postgres::fallible_iterator::FallibleIterator;
    use rusqlite::types::Value;

    let held: i64 = to.db().query_row(
        "SELECT (SELECT count(*) FROM requests) + (SELECT count(*) FROM people)",
        [],
        |r| r.get(0),
    )?;
    if held > 0 {
        return Err(StoreError::Invalid(format!(
            "{} already holds a desk; a desk is only moved into a new file, so nothing was changed",
            to.path.display()
        )));
    }
    let version: i32 = from
        .query_one("SELECT version FROM frontdesk_schema", &[])
        .map_err(server)?
        .get(0);
    if i64::from(version) != SCHEMA_VERSION {
        return Err(StoreError::Invalid(format!(
            "the server's desk is at schema {version} and this Frontdesk writes {SCHEMA_VERSION}; nothing was changed"
        )));
    }
    let mut counts = Vec::new();
    to.write(|tx| {
        counts.clear();
        for (table, columns) in TABLES {
            let list: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
            // Whole numbers of every width arrive as one: bigint.
            let select: Vec<String> = columns
                .iter()
                .map(|(n, kind)| match kind {
                    Int => format!("{n}::bigint"),
                    _ => (*n).to_string(),
                })
                .collect();
            let key = sort_key(table);
            let sql = format!("SELECT {} FROM {table} ORDER BY {key}", select.join(", "));
            let marks = super::super::conditions::marks(columns.len());
            let mut insert = tx.prepare(&format!(
                "INSERT INTO {table} ({}) VALUES ({marks})",
                list.join(", ")
            ))?;
            let mut rows = from.query_raw(&sql, std::iter::empty::<&str>()).map_err(server)?;
            let mut copied = 0u64;
            while let Some(row) = rows.next().map_err(server)? {
                let values: Vec<Value> = columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, kind))| match kind {
                        Int => row.get::<_, Option<i64>>(i).map_or(Value::Null, Value::Integer),
                        Bool => row
                            .get::<_, Option<bool>>(i)
                            .map_or(Value::Null, |b| Value::Integer(b.into())),
                        Real => row.get::<_, Option<f64>>(i).map_or(Value::Null, Value::Real),
                        Text => row.get::<_, Option<String>>(i).map_or(Value::Null, Value::Text),
                        Bytes => row.get::<_, Option<Vec<u8>>>(i).map_or(Value::Null, Value::Blob),
                    })
                    .collect();
                insert.execute(values)?;
                copied += 1;
            }
            let here: i64 = tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            if here != copied as i64 {
                return Err(StoreError::Invalid(format!(
                    "{table}: {copied} rows read from the server but {here} written; nothing was kept"
                )));
            }
            counts.push((*table, copied));
        }
        Ok(())
    })?;
    Ok(MoveSummary { counts })
}

/// The column a table's rows are read in order of.
fn sort_key(table: &str) -> &'static str {
    match table {
        "ratings" => "request_id",
        "request_tags" => "request_id, tag",
        "request_links" => "from_id, to_id",
        "request_ccs" => "request_id, person_id",
        "settings" => "key",
        "mail_messages" => "message_id",
        "teams" | "targets" | "recurring" | "custom_fields" => "name",
        "request_fields" => "request_id, name",
        "recurring_made" => "rule, due_at",
        "surveys" => "request_id",
        "checklist_items" => "request_id, number",
        "watchers" => "request_id, person_id",
        "inbox" => "person_id, event_id",
        _ => "id",
    }
}

/// Makes the schema in an empty database; refuses a database that already
/// holds a desk (or a newer one), so nothing is ever merged or overwritten.
fn prepare_target(tx: &mut postgres::Transaction<'_>) -> StoreResult<()> {
    let has_desk: bool = tx
        .query_one("SELECT to_regclass('frontdesk_schema') IS NOT NULL", &[])
        .map_err(server)?
        .get(0);
    if has_desk {
        let version: i32 = tx
            .query_one("SELECT version FROM frontdesk_schema", &[])
            .map_err(server)?
            .get(0);
        let requests: i64 = tx
            .query_one("SELECT count(*) FROM requests", &[])
            .map_err(server)?
            .get(0);
        let people: i64 = tx
            .query_one("SELECT count(*) FROM people", &[])
            .map_err(server)?
            .get(0);
        if i64::from(version) != SCHEMA_VERSION || requests > 0 || people > 0 {
            return Err(StoreError::Invalid(format!(
                "the target already holds a desk (schema {version}, {requests} requests, {people} people); \
                 a desk is only moved into an empty database, so nothing was changed"
            )));
        }
        return Ok(());
    }
    for (_, sql) in POSTGRES_MIGRATIONS {
        tx.batch_execute(sql).map_err(server)?;
    }
    Ok(())
}

/// Each request's words for search, as the file's index holds them:
/// subject, description and the conversation.
fn copy_search_words(from: &Store, tx: &mut postgres::Transaction<'_>) -> StoreResult<()> {
    let mut stmt = from.file()?.prepare(
        "SELECT r.id, r.subject, r.body,
                coalesce((SELECT group_concat(body, char(10)) FROM (SELECT body FROM events e
                          WHERE e.request_id = r.id AND body IS NOT NULL AND body <> '' ORDER BY id)), '')
         FROM requests r ORDER BY r.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut writer = tx
        .copy_in("COPY request_text (request_id, words) FROM STDIN")
        .map_err(server)?;
    let mut line = Vec::with_capacity(512);
    while let Some(row) = rows.next()? {
        let (id, subject, body, conversation): (i64, String, String, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        line.clear();
        line.extend_from_slice(format!("{id}\t").as_bytes());
        escaped(
            &mut line,
            &search_words(&format!("{subject}\n{body}\n{conversation}")),
        );
        line.push(b'\n');
        writer.write_all(&line)?;
    }
    writer.finish().map_err(server)?;
    Ok(())
}
