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

/// The schema version and who acts, from the rows of the opening that
/// asked for both; None when the desk is not at this Frontdesk's schema.
fn version_and_actor(rows: Vec<Vec<Option<String>>>) -> Option<String> {
    let mut values = rows.into_iter().map(|row| row.into_iter().next().flatten());
    let version: i64 = values.next()??.parse().ok()?;
    let actor = values.next()??;
    (version == SCHEMA_VERSION).then_some(actor)
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
        GRANT DELETE ON request_tags, request_links, views, macros, targets, watchers, templates, recurring, answers, custom_fields, request_fields TO frontdesk_staff;
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
    /// Makes the desk's schema this Frontdesk's (or refuses a newer one,
    /// or a server with no desk unless `create`), then says who acts.
    fn bring_up_to_date(
        session: &Session,
        shown: &str,
        options: &OpenOptions,
        has_desk: bool,
    ) -> StoreResult<String> {
        let conn = Conn::Server(session);
        match schema_version(&conn, has_desk)? {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::NewerSchema {
                    path: shown.to_string(),
                    found: v,
                    supported: SCHEMA_VERSION,
                })
            }
            Some(v) if v == SCHEMA_VERSION => {}
            Some(v) => upgrade(session, v)?,
            None if options.create => upgrade(session, 0)?,
            None => {
                return Err(StoreError::BadPath(format!(
                    "{shown} holds no desk yet; `frontdesk --db {shown} init` makes one, \
                     `frontdesk migrate --to {shown}` moves a desk file there"
                )))
            }
        }
        conn.query_row(ACTING_NAME, [], |r| r.get(0))
    }

    /// Opens the desk at a server `address`; `shown` is the address as it
    /// may be printed (without a password). With `create`, an empty
    /// database is given the desk's schema.
    pub fn open_server(address: &str, shown: &str, options: &OpenOptions) -> StoreResult<Store> {
        let settings = format!(
            "SET lock_timeout = '{}ms'; SET application_name = 'frontdesk {}'",
            options.busy_timeout.as_millis(),
            options.program.replace(['\'', '\\'], "")
        );
        // A command pays for every round trip to the server: a desk as this
        // Frontdesk left it says its schema and who acts in the one that
        // opens it. Anything else (no desk yet, an older schema, whose
        // tables the question may not find) fails that question, and is
        // opened again step by step.
        let quick = Session::new(
            address,
            connect(address)?,
            &format!("{settings}; SELECT version FROM frontdesk_schema; {ACTING_NAME}"),
        );
        let (session, acting_as) = match quick {
            Ok((session, rows)) => {
                let actor = if let Some(actor) = version_and_actor(rows) {
                    actor
                } else {
                    Self::bring_up_to_date(&session, shown, options, true)?
                };
                (session, actor)
            }
            Err(StoreError::Server(_)) => {
                let (session, rows) = Session::new(
                    address,
                    connect(address)?,
                    &format!("{settings}; SELECT to_regclass('frontdesk_schema') IS NOT NULL"),
                )?;
                let has_desk = rows
                    .first()
                    .and_then(|row| row.first())
                    .cloned()
                    .flatten()
                    .as_deref()
                    == Some("t");
                let actor = Self::bring_up_to_date(&session, shown, options, has_desk)?;
                (session, actor)
            }
            Err(other) => return Err(other),
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
            unannounced: None,
            mail_domain: options.mail_domain.clone(),
            tampered: None,
            schema_seen: 0,
            presence: None,
            busy_timeout: options.busy_timeout,
            search_hits: std::cell::RefCell::default(),
            batch: false,
            recorded: Vec::new(),
        })
    }
}
