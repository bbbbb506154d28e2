//! Recognising Frontdesk's own schema exactly. Anyone who can write the
//! file can add a trigger that runs inside Frontdesk's own writes (copying
//! notes elsewhere, promoting a user, hanging every command), so a file
//! holding tables, views, triggers or indexes that Frontdesk did not
//! create — or missing some it did — is never written to.

use rusqlite::config::DbConfig;
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::migrations::{migrate_to, SCHEMA_VERSION};

/// One entry of `sqlite_schema`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SchemaObject {
    pub kind: String,
    pub name: String,
    pub table: String,
    /// The SQL that made it; None for the search index's own tables, whose
    /// SQL SQLite writes itself.
    pub sql: Option<String>,
}

impl SchemaObject {
    /// `trigger copy_notes on requests`.
    pub fn describe(&self) -> String {
        if self.kind == "table" || self.table == self.name {
            format!("{} {}", self.kind, self.name)
        } else {
            format!("{} {} on {}", self.kind, self.name, self.table)
        }
    }
}

/// Turns off what SQLite lets a file run that Frontdesk does not need:
/// functions with side effects called from the file's own SQL, views,
/// edits of the schema table, double-quoted strings taken as names.
pub fn harden(conn: &Connection) -> rusqlite::Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DML, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DDL, false)?;
    Ok(())
}

/// The search index's tables, made by FTS5 with SQL of its own.
fn made_by_sqlite(name: &str) -> bool {
    name.starts_with("request_text_")
}

/// Every object of the main schema but SQLite's own (`sqlite_*`), in order.
pub fn objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_schema
         WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(0)?;
        let name: String = r.get(1)?;
        let sql: Option<String> = r.get(3)?;
        // Only the index's own tables: the triggers that fill it are ours,
        // and their SQL counts like any other.
        let sqlites = kind == "table" && made_by_sqlite(&name);
        Ok(SchemaObject {
            kind,
            sql: sql.filter(|_| !sqlites),
            name,
            table: r.get(2)?,
        })
    })?;
    rows.collect()
}

fn digest(objects: &[SchemaObject]) -> [u8; 32] {
    let mut hash = Sha256::new();
    for o in objects {
        for part in [o.kind.as_str(), &o.name, &o.table, o.sql.as_deref().unwrap_or("")] {
            hash.update(part.len().to_le_bytes());
            hash.update(part.as_bytes());
        }
    }
    hash.finalize().into()
}

/// The schema a file of `version` has when Frontdesk made it: the
/// migrations applied to an empty database in memory.
pub fn own_schema(version: i64) -> Vec<SchemaObject> {
    let built = Connection::open_in_memory().and_then(|mut conn| {
        super::search::register(&conn)?;
        migrate_to(&mut conn, version).map_err(|_| rusqlite::Error::InvalidQuery)?;
        objects(&conn)
    });
    built.unwrap_or_default()
}

/// The digest of this build's schema. Working it out means building the
/// schema in memory (about 9 ms), too slow for every command, so it is
/// written here and a test checks it against the migrations.
const OWN_DIGEST: &str = "09be0b3d03c4fc7c7220055fbc1d0097b1df3569fae34515297bcc517440c91a";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a file's schema has that Frontdesk's does not, and lacks that it
/// has.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SchemaDiff {
    pub foreign: Vec<SchemaObject>,
    pub missing: Vec<SchemaObject>,
}

impl SchemaDiff {
    pub fn is_empty(&self) -> bool {
        self.foreign.is_empty() && self.missing.is_empty()
    }

    /// One line naming the differences, foreign objects first.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .foreign
            .iter()
            .map(|o| format!("{} (not Frontdesk's)", o.describe()))
            .collect();
        parts.extend(
            self.missing
                .iter()
                .map(|o| format!("{} is missing", o.describe())),
        );
        let more = parts.len().saturating_sub(5);
        parts.truncate(5);
        if more > 0 {
            parts.push(format!("and {more} more"));
        }
        parts.join("; ")
    }
}

/// Compares the file's schema with the one Frontdesk makes for `version`.
pub fn compare(conn: &Connection, version: i64) -> rusqlite::Result<SchemaDiff> {
    let theirs = objects(conn)?;
    let ours = own_schema(version);
    // An object with our name but other SQL is both: theirs is foreign,
    // ours is missing.
    Ok(SchemaDiff {
        foreign: theirs.iter().filter(|o| !ours.contains(o)).cloned().collect(),
        missing: ours.iter().filter(|o| !theirs.contains(o)).cloned().collect(),
    })
}

/// Triggers in a file of an older `version` that no Frontdesk made: they
/// would fire inside the upgrade's own updates. (Older files are not held
/// to every index and column: upgrades have repaired small differences.)
pub fn foreign_triggers(conn: &Connection, version: i64) -> rusqlite::Result<Vec<SchemaObject>> {
    let ours: Vec<SchemaObject> = own_schema(version)
        .into_iter()
        .chain(own_schema(SCHEMA_VERSION))
        .filter(|o| o.kind == "trigger")
        .collect();
    Ok(objects(conn)?
        .into_iter()
        .filter(|o| (o.kind == "trigger" || o.kind == "view") && !ours.contains(o))
        .collect())
}

/// SQLite's count of changes to the schema, kept in the file's header.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA schema_version", [], |r| r.get(0))
}

/// How the file's schema differs from this build's, if it does. The
/// common case costs one read of the schema table and a hash.
pub fn check(conn: &Connection) -> rusqlite::Result<Option<SchemaDiff>> {
    let theirs = objects(conn)?;
    if hex(&digest(&theirs)) == OWN_DIGEST {
        return Ok(None);
    }
    // A digest that differs while every object is ours and present (the
    // written-down digest behind the migrations, say) is no tampering:
    // only a difference that can be named refuses writes.
    compare(conn, SCHEMA_VERSION).map(|diff| (!diff.is_empty()).then_some(diff))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::search::register(&conn).unwrap();
        migrate_to(&mut conn, SCHEMA_VERSION).unwrap();
        conn
    }

    #[test]
    fn the_digest_written_down_is_the_migrations_own() {
        let worked_out = hex(&digest(&own_schema(SCHEMA_VERSION)));
        assert_eq!(
            OWN_DIGEST, worked_out,
            "the schema changed: set OWN_DIGEST to {worked_out}"
        );
    }

    #[test]
    fn a_fresh_desk_is_frontdesks_own() {
        assert_eq!(check(&fresh()).unwrap(), None);
    }

    #[test]
    fn a_planted_trigger_and_table_are_named() {
        let conn = fresh();
        conn.execute_batch(
            "CREATE TABLE loot (body TEXT);
             CREATE TRIGGER copy_notes AFTER INSERT ON events BEGIN INSERT INTO loot VALUES (new.body); END;",
        )
        .unwrap();
        let diff = check(&conn).unwrap().expect("a difference");
        assert_eq!(diff.missing, vec![]);
        let text = diff.describe();
        assert!(
            text.contains("trigger copy_notes on events (not Frontdesk's)"),
            "{text}"
        );
        assert!(text.contains("table loot (not Frontdesk's)"), "{text}");
    }

    #[test]
    fn a_dropped_or_changed_object_is_missing() {
        let conn = fresh();
        conn.execute_batch(
            "DROP TRIGGER events_are_never_deleted;
             DROP INDEX requests_by_dept; CREATE INDEX requests_by_dept ON requests(department);",
        )
        .unwrap();
        let text = check(&conn).unwrap().unwrap().describe();
        assert!(
            text.contains("trigger events_are_never_deleted on events is missing"),
            "{text}"
        );
        assert!(
            text.contains("index requests_by_dept on requests (not Frontdesk's)"),
            "{text}"
        );
        assert!(
            text.contains("index requests_by_dept on requests is missing"),
            "{text}"
        );
    }

    #[test]
    fn a_changed_search_trigger_is_caught() {
        let conn = fresh();
        conn.execute_batch(
            "DROP TRIGGER request_text_on_event;
             CREATE TRIGGER request_text_on_event AFTER INSERT ON events BEGIN SELECT 1; END;",
        )
        .unwrap();
        let text = check(&conn).unwrap().expect("a difference").describe();
        assert!(
            text.contains("trigger request_text_on_event on events (not Frontdesk's)"),
            "{text}"
        );
    }

    #[test]
    fn hardening_turns_off_views() {
        let conn = fresh();
        conn.execute_batch("CREATE VIEW v AS SELECT 1").unwrap();
        harden(&conn).unwrap();
        assert!(conn
            .query_row("SELECT * FROM v", [], |r| r.get::<_, i64>(0))
            .is_err());
    }
}
