//! Opening a desk on a PostgreSQL server: connect, then bring the desk's
//! schema to this Frontdesk's version the way a file's is (versioned
//! steps, in one transaction, a newer schema refused untouched).

use super::connect;
use crate::store::error::{StoreError, StoreResult};
use crate::store::migrations::{POSTGRES_MIGRATIONS, SCHEMA_VERSION};
use crate::store::sql::{Conn, OptionalExtension, Session};
use crate::store::{Db, OpenOptions, Store};

/// The desk's schema version on the server, or None where there is none.
fn schema_version(conn: &Conn, exists: bool) -> StoreResult<Option<i64>> {
    if !exists {
        return Ok(None);
    }
    conn.query_row("SELECT version FROM frontdesk_schema", [], |r| r.get(0))
        .optional()
}

/// The SQL that names who the connected login acts as: the person a lead
/// gave the login to, else the login's own name (recorded as staff the
/// first time it acts, as on a file).
const ACTING_NAME: &str =
    "SELECT coalesce((SELECT name::text FROM people WHERE login = session_user), session_user::text)";

/// The schema version and who acts, in one round trip; None when the desk
/// is not at this Frontdesk's schema (then each is asked on its own, once
/// the schema is brought up to date).
fn version_and_actor(session: &Session) -> Option<(i64, String)> {
    let rows = session
        .simple(&format!("SELECT version FROM frontdesk_schema; {ACTING_NAME}"))
        .ok()?;
    let mut values = rows.into_iter().map(|row| row.into_iter().next().flatten());
    let version: i64 = values.next()??.parse().ok()?;
    let actor = values.next()??;
    (version == SCHEMA_VERSION).then_some((version, actor))
}

/// Applies the steps after `from` in one transaction.
fn upgrade(session: &Session, from: i64) -> StoreResult<()> {
    super::write(session, |tx| {
        // Another copy may have upgraded while this one waited its turn.
        let exists: bool = tx.query_row("SELECT to_regclass('frontdesk_schema') IS NOT NULL", [], |r| {
            r.get(0)
        })?;
        let now = schema_version(tx, exists)?.unwrap_or(0);
        let mut applied = false;
        for (version, sql) in POSTGRES_MIGRATIONS {
            if *version > now.max(from) {
                tx.execute_batch(sql)
                    .map_err(|e| needs_administrator(e, *version))?;
                applied = true;
            }
        }
        if applied {
            tx.execute_batch(STAFF_RIGHTS)?;
        }
        Ok(())
    })
}

/// The staff role (README: A team desk on PostgreSQL) keeps its rights
/// on the tables a schema step adds.
const STAFF_RIGHTS: &str = "DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_staff') THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA %I TO frontdesk_staff', current_schema());
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO frontdesk_staff', current_schema());
        GRANT DELETE ON request_tags, request_links, views, macros TO frontdesk_staff;
    END IF;
END $$";

/// A staff login cannot change the schema: the step waits for the
/// administrator, who makes it by opening the desk once.
fn needs_administrator(e: StoreError, version: i64) -> StoreError {
    match e {
        StoreError::Server(text) if text.starts_with("permission denied") || text.starts_with("must be owner") => {
            StoreError::Server(format!(
                "the desk needs its schema step {version}, which only its administrator can make ({text}); \
                 run any command once with the administrator's login, e.g. `frontdesk --db postgres://ADMIN@HOST/DB sla show`"
            ))
        }
        other => other,
    }
}

impl Store {
    /// Opens the desk at a server `address`; `shown` is the address as it
    /// may be printed (without a password). With `create`, an empty
    /// database is given the desk's schema.
    pub fn open_server(address: &str, shown: &str, options: &OpenOptions) -> StoreResult<Store> {
        // A command pays for every round trip to the server: opening
        // takes two when the desk is as this Frontdesk left it.
        let opening = format!(
            "SET lock_timeout = '{}ms'; SET application_name = 'frontdesk {}';
             SELECT to_regclass('frontdesk_schema') IS NOT NULL",
            options.busy_timeout.as_millis(),
            options.program.replace(['\'', '\\'], "")
        );
        let (session, has_desk) = Session::new(address, connect(address)?, &opening)?;
        let has_desk = has_desk.first().cloned().flatten().as_deref() == Some("t");
        let conn = Conn::Server(&session);
        let acting_as = match version_and_actor(&session) {
            Some((_, actor)) if has_desk => actor,
            _ => {
                match schema_version(&conn, has_desk)? {
                    Some(v) if v > SCHEMA_VERSION => {
                        return Err(StoreError::NewerSchema {
                            path: shown.to_string(),
                            found: v,
                            supported: SCHEMA_VERSION,
                        })
                    }
                    Some(v) if v == SCHEMA_VERSION => {}
                    Some(v) => upgrade(&session, v)?,
                    None if options.create => upgrade(&session, 0)?,
                    None => {
                        return Err(StoreError::BadPath(format!(
                            "{shown} holds no desk yet; `frontdesk --db {shown} init` makes one, \
                             `frontdesk migrate --to {shown}` moves a desk file there"
                        )))
                    }
                }
                conn.query_row(ACTING_NAME, [], |r| r.get(0))?
            }
        };
        if acting_as.eq_ignore_ascii_case(crate::store::SYSTEM_ACTOR) {
            return Err(StoreError::Invalid(format!(
                "the login '{acting_as}' has the name Frontdesk records its own changes under; \
                 connect with a staff member's own login, or have a lead give this one to a person \
                 (`frontdesk people add NAME --login {acting_as}`)"
            )));
        }
        if let Some(named) = options
            .named
            .as_deref()
            .filter(|n| !n.eq_ignore_ascii_case(&acting_as))
        {
            return Err(StoreError::Invalid(format!(
                "on a desk on a server you act as your database login, which is {acting_as}; \
                 --as {named} cannot act as someone else (a lead gives logins with `frontdesk people add NAME --login LOGIN`)"
            )));
        }
        Ok(Store {
            conn: Db::Server(Box::new(session)),
            acting_as: Some(acting_as),
            path: shown.into(),
            read_only: false,
            refusal: None,
            tampered: None,
            schema_seen: 0,
            presence: None,
            busy_timeout: options.busy_timeout,
            search_hits: std::cell::RefCell::default(),
            batch: false,
        })
    }
}
