//! Requesters and staff.

use rusqlite::{params, OptionalExtension, Transaction};

use super::error::{StoreError, StoreResult};
use super::rows::label;
use super::Store;
use crate::domain::request::{optional_text, required_text};
use crate::domain::{Person, Role};

/// Details to record about a person; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PersonUpdate {
    pub department: Option<String>,
    pub contact: Option<String>,
    pub team: Option<String>,
    pub key_customer: Option<bool>,
    pub role: Option<Role>,
}

pub(super) fn person_id(tx: &Transaction, name: &str) -> StoreResult<Option<i64>> {
    Ok(tx
        .prepare_cached("SELECT id FROM people WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Finds or records a requester. Details given for a known person fill in
/// what was missing; a key-customer flag is only ever raised here.
pub(super) fn ensure_requester(
    tx: &Transaction,
    name: &str,
    department: Option<&str>,
    contact: Option<&str>,
    key_customer: bool,
) -> StoreResult<i64> {
    if let Some(id) = person_id(tx, name)? {
        tx.prepare_cached(
            "UPDATE people SET department = COALESCE(department, ?2), contact = COALESCE(contact, ?3),
             key_customer = MAX(key_customer, ?4) WHERE id = ?1",
        )?
        .execute(params![id, department, contact, key_customer])?;
        return Ok(id);
    }
    tx.prepare_cached(
        "INSERT INTO people (name, department, contact, key_customer) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![name, department, contact, key_customer])?;
    Ok(tx.last_insert_rowid())
}

/// Whoever acts in Frontdesk is staff: the first time a name acts it is
/// recorded as an agent.
pub(super) fn ensure_staff(tx: &Transaction, name: &str) -> StoreResult<i64> {
    let name = required_text("name", name)?;
    if let Some(id) = person_id(tx, &name)? {
        tx.prepare_cached("UPDATE people SET role = 'agent' WHERE id = ?1 AND role = 'requester'")?
            .execute([id])?;
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO people (name, role) VALUES (?1, 'agent')")?
        .execute([&name])?;
    Ok(tx.last_insert_rowid())
}

/// The id of a known member of staff, or a refusal naming who is known.
pub(super) fn staff_id(tx: &Transaction, name: &str) -> StoreResult<i64> {
    let found: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, role FROM people WHERE name = ?1")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((id, role)) if role != "requester" => Ok(id),
        _ => {
            let mut stmt =
                tx.prepare_cached("SELECT name FROM people WHERE role <> 'requester' ORDER BY name")?;
            let known: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
            Err(StoreError::Invalid(format!(
                "no member of staff is called '{name}' (staff: {}); add them with `frontdesk people add`",
                if known.is_empty() {
                    "none yet".to_string()
                } else {
                    known.join(", ")
                }
            )))
        }
    }
}

fn person_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Person> {
    Ok(Person {
        name: r.get(0)?,
        department: r.get(1)?,
        contact: r.get(2)?,
        team: r.get(3)?,
        key_customer: r.get(4)?,
        role: label(r, 5)?,
    })
}

const PERSON_COLUMNS: &str = "name, department, contact, team, key_customer, role";

impl Store {
    /// Records a person or changes what is known about them.
    pub fn save_person(&mut self, name: &str, update: &PersonUpdate) -> StoreResult<Person> {
        let name = required_text("name", name)?;
        let department = optional_text("department", update.department.as_deref())?;
        let contact = optional_text("contact", update.contact.as_deref())?;
        let team = optional_text("team", update.team.as_deref())?;
        self.write(|tx| {
            if person_id(tx, &name)?.is_none() {
                tx.execute("INSERT INTO people (name) VALUES (?1)", [&name])?;
            }
            tx.execute(
                "UPDATE people SET department = COALESCE(?2, department), contact = COALESCE(?3, contact),
                 team = COALESCE(?4, team), key_customer = COALESCE(?5, key_customer), role = COALESCE(?6, role)
                 WHERE name = ?1",
                params![name, department, contact, team, update.key_customer, update.role.map(|r| r.as_str())],
            )?;
            Ok(tx.query_row(
                &format!("SELECT {PERSON_COLUMNS} FROM people WHERE name = ?1"),
                [&name],
                person_row,
            )?)
        })
    }

    /// Everyone, or only those with one of the given roles, by name.
    pub fn people(&self, roles: &[Role]) -> StoreResult<Vec<Person>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS} FROM people ORDER BY name COLLATE NOCASE"
        ))?;
        let all = stmt.query_map([], person_row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(all
            .into_iter()
            .filter(|p| roles.is_empty() || roles.contains(&p.role))
            .collect())
    }

    pub fn person(&self, name: &str) -> StoreResult<Option<Person>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {PERSON_COLUMNS} FROM people WHERE name = ?1"))?
            .query_row([name], person_row)
            .optional()?)
    }
}
