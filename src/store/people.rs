//! Requesters and staff.

use crate::store::sql::{Conn, OptionalExtension, Row};
use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, lead_rights, record_change};
use super::rows::label;
use super::Store;
pub use crate::domain::person::PersonUpdate;
use crate::domain::request::optional_text;
use crate::domain::text::inert_line;
use crate::domain::{Person, Role};

/// Reads one field of a person as text, for their history.
type PersonField = fn(&Person) -> Option<String>;

/// One change to a person, as `people history` shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PersonChange {
    #[serde(with = "crate::domain::time::rfc3339")]
    pub at: i64,
    pub actor: String,
    pub login: Option<String>,
    pub host: Option<String>,
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
}

/// Whether `actor` may change someone's role: a lead may; anyone may
/// appoint the desk's first lead.
fn person_row(r: &Row<'_>) -> StoreResult<Person> {
    Ok(Person {
        name: r.get(0)?,
        department: r.get(1)?,
        contact: r.get(2)?,
        team: r.get(3)?,
        key_customer: r.get(4)?,
        role: label(r, 5)?,
        login: r.get(6)?,
        away_until: r.get(7)?,
        cover: r.get(8)?,
    })
}

const PERSON_COLUMNS: &str = "name, department, contact, team, key_customer, role, login, away_until,
     (SELECT c.name FROM people c WHERE c.id = people.cover_id)";

impl Store {
    /// Records a person or changes what is known about them, as `actor`:
    /// every change is history, and only a lead changes roles (anyone may
    /// appoint the desk's first lead).
    pub(crate) fn save_person(
        &mut self,
        actor: &str,
        name: &str,
        update: &PersonUpdate,
        now: i64,
    ) -> StoreResult<Person> {
        let name = acting_name(name)?;
        let actor = acting_name(actor)?;
        let department = optional_text("department", update.department.as_deref())?;
        let contact = optional_text("contact", update.contact.as_deref())?;
        let team = optional_text("team", update.team.as_deref())?;
        let login = optional_text("login", update.login.as_deref())?;
        if let Some(l) = &login {
            // What a database server accepts as a role name.
            if l.chars().count() > 63 || l.chars().any(char::is_whitespace) {
                return Err(StoreError::Invalid(format!(
                    "'{l}' cannot be a login: at most 63 characters and no spaces"
                )));
            }
        }
        self.write(|tx| {
            if let Some(l) = &login {
                let holder: Option<String> = tx
                    .query_row(
                        "SELECT name FROM people WHERE login = ?1 AND name <> ?2 COLLATE NOCASE",
                        [l, &name],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(holder) = holder {
                    return Err(StoreError::Invalid(format!(
                        "the login '{l}' is {holder}'s; one login is one person"
                    )));
                }
            }
            let before: Option<Person> = tx
                .query_row(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE name = ?1"), [&name], person_row)
                .optional()?;
            let role_before = before.as_ref().map_or(Role::Requester, |p| p.role);
            // What the history last says, which a role or login changed
            // behind Frontdesk's back does not match: setting it again
            // records it, and is a lead's decision too.
            let recorded_role = last_recorded(tx, &name, "role")?;
            let recorded_role = recorded_role.as_deref().and_then(|v| v.split_whitespace().next()).unwrap_or("requester");
            let role_unrecorded = update.role.is_some_and(|r| r.as_str() != recorded_role);
            if update.role.is_some_and(|r| r != role_before) || role_unrecorded {
                lead_rights(tx, &actor, "change roles")?;
            }
            // Whoever holds a login acts as its person on a server.
            let login_before = before.as_ref().and_then(|p| p.login.clone());
            let login_unrecorded = login.is_some() && login != last_recorded(tx, &name, "login")?;
            if login.is_some() && login != login_before || login_unrecorded {
                lead_rights(tx, &actor, "give logins")?;
            }
            if before.is_none() {
                tx.execute("INSERT INTO people (name) VALUES (?1)", [&name])?;
            }
            tx.execute(
                "UPDATE people SET department = COALESCE(?2, department), contact = COALESCE(?3, contact),
                 team = COALESCE(?4, team), key_customer = COALESCE(?5, key_customer), role = COALESCE(?6, role),
                 login = COALESCE(?7, login)
                 WHERE name = ?1",
                params![name, department, contact, team, update.key_customer, update.role.map(super::super::domain::person::Role::as_str), login],
            )?;
            let after = tx.query_row(
                &format!("SELECT {PERSON_COLUMNS} FROM people WHERE name = ?1"),
                [&name],
                person_row,
            )?;
            let was = |f: fn(&Person) -> Option<String>| before.as_ref().and_then(f);
            let fields: [(&str, PersonField); 6] = [
                ("role", |p| Some(p.role.as_str().to_string())),
                ("department", |p| p.department.clone()),
                ("contact", |p| p.contact.clone()),
                ("team", |p| p.team.clone()),
                ("key customer", |p| Some(p.key_customer.to_string())),
                ("login", |p| p.login.clone()),
            ];
            for (field, get) in fields {
                let (old, new) = (was(get), get(&after));
                let unrecorded = match field {
                    "role" => role_unrecorded,
                    "login" => login_unrecorded,
                    _ => false,
                };
                if (old != new || unrecorded) && !(before.is_none() && field == "key customer" && !after.key_customer) {
                    record_change(tx, &name, now, &actor, field, old.as_deref(), new.as_deref())?;
                }
            }
            Ok(after)
        })
    }

    /// Everyone, or only those with one of the given roles, by name.
    pub fn people(&self, roles: &[Role]) -> StoreResult<Vec<Person>> {
        let mut stmt = self.db().prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM people ORDER BY name COLLATE NOCASE"
        ))?;
        let all = stmt.query_map([], person_row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(all
            .into_iter()
            .filter(|p| roles.is_empty() || roles.contains(&p.role))
            .collect())
    }

    /// Every change to a person, oldest first.
    pub fn person_history(&self, name: &str) -> StoreResult<Vec<PersonChange>> {
        let mut stmt = self.db().prepare_cached(
            "SELECT at, actor, login, host, field, old_value, new_value FROM people_events
             WHERE person = ?1 COLLATE NOCASE ORDER BY id",
        )?;
        let rows = stmt.query_map([name], |r| {
            Ok(PersonChange {
                at: r.get(0)?,
                actor: r.get(1)?,
                login: r.get(2)?,
                host: r.get(3)?,
                field: r.get(4)?,
                old_value: r.get(5)?,
                new_value: r.get(6)?,
            })
        })?;
        rows.collect::<Result<_, _>>()
    }

    pub fn person(&self, name: &str) -> StoreResult<Option<Person>> {
        self.db()
            .prepare_cached(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE name = ?1"))?
            .query_row([name], person_row)
            .optional()
    }
}

/// The person with row id `id`.
pub(super) fn person_by_id(tx: &Conn, id: i64) -> StoreResult<Person> {
    tx.query_row(
        &format!("SELECT {PERSON_COLUMNS} FROM people WHERE id = ?1"),
        [id],
        person_row,
    )
}

/// The value a person's `field` last took in their history.
fn last_recorded(tx: &Conn, name: &str, field: &str) -> StoreResult<Option<String>> {
    Ok(tx
        .prepare_cached(
            "SELECT new_value FROM people_events WHERE person = ?1 AND field = ?2 ORDER BY id DESC LIMIT 1",
        )?
        .query_row(params![name, field], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Each person whose role or login is not what their history last says:
/// changed behind Frontdesk's back (`UPDATE people SET role = 'lead'` in
/// another tool). A person with no role in their history is a requester,
/// with no login, as Frontdesk records everyone else.
pub(super) fn people_out_of_history(conn: &Conn) -> StoreResult<Vec<String>> {
    let mut out = Vec::new();
    conn.prepare(
        "SELECT p.name, p.role, p.login,
                (SELECT e.new_value FROM people_events e WHERE e.person = p.name AND e.field = 'role'
                 ORDER BY e.id DESC LIMIT 1),
                (SELECT e.new_value FROM people_events e WHERE e.person = p.name AND e.field = 'login'
                 ORDER BY e.id DESC LIMIT 1)
         FROM people p ORDER BY p.name",
    )?
    .for_each([], |r| {
        let name: String = r.get(0)?;
        let role: String = r.get(1)?;
        let login: Option<String> = r.get(2)?;
        // "agent (first acted)", "lead (imported)": the role is the first word.
        let recorded: Option<String> = r.get(3)?;
        let recorded_role = recorded
            .as_deref()
            .and_then(|v| v.split_whitespace().next())
            .unwrap_or("requester");
        let recorded_login: Option<String> = r.get(4)?;
        let name = inert_line(&name);
        if role != recorded_role {
            out.push(format!(
                "{name} is {} but the history says {}",
                with_article(&role),
                with_article(recorded_role)
            ));
        }
        if login != recorded_login {
            out.push(format!(
                "{name}'s login is {} but the history says {}",
                login
                    .as_deref()
                    .map_or_else(|| "none".into(), |l| format!("'{}'", inert_line(l))),
                recorded_login
                    .as_deref()
                    .map_or_else(|| "none".into(), |l| format!("'{}'", inert_line(l)))
            ));
        }
        Ok(true)
    })?;
    Ok(out)
}

fn with_article(role: &str) -> String {
    match role {
        "agent" => "an agent".into(),
        "lead" => "a lead".into(),
        "requester" => "a requester".into(),
        other => format!("'{}'", inert_line(other)),
    }
}
