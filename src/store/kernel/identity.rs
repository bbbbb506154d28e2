//! Who acts: the names people act under, staff recorded the first time
//! they act, requesters found or recorded, and the name Frontdesk records
//! its own changes under.

use crate::store::sql::{Conn, OptionalExtension};
use rusqlite::params;

use crate::domain::request::required_text;
use crate::domain::Role;
use crate::store::error::{StoreError, StoreResult};
use crate::store::history::os_identity;

/// The name automatic changes are recorded under.
pub const SYSTEM_ACTOR: &str = "frontdesk";

pub(crate) fn person_id(tx: &Conn, name: &str) -> StoreResult<Option<i64>> {
    tx.prepare_cached("SELECT id FROM people WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()
}

/// Finds or records a requester. Details given for a known person fill in
/// what was missing; a key-customer flag is only ever raised here.
pub(crate) fn ensure_requester(
    tx: &Conn,
    name: &str,
    department: Option<&str>,
    contact: Option<&str>,
    key_customer: bool,
) -> StoreResult<i64> {
    if let Some(id) = person_id(tx, name)? {
        tx.prepare_cached(
            "UPDATE people SET department = COALESCE(department, ?2), contact = COALESCE(contact, ?3),
             key_customer = (key_customer OR ?4) WHERE id = ?1",
        )?
        .execute(params![id, department, contact, key_customer])?;
        return Ok(id);
    }
    tx.prepare_cached(
        "INSERT INTO people (name, department, contact, key_customer) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![name, department, contact, key_customer])?;
    tx.last_insert_rowid()
}

/// Whoever acts in Frontdesk is staff: the first time a new name acts it
/// is recorded as an agent (and the change is history). A known requester
/// does not become staff by acting: that is a lead's decision.
pub(crate) fn ensure_staff(tx: &Conn, name: &str, now: i64) -> StoreResult<i64> {
    let name = acting_name(name)?;
    let known: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, role FROM people WHERE name = ?1")?
        .query_row([&name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match known {
        Some((_, role)) if role == Role::Requester.as_str() => Err(StoreError::Invalid(format!(
            "{name} is a requester, not staff, so cannot act on requests; make them staff with \
             `frontdesk people add {name} --role agent` (a lead's decision once the desk has a lead)"
        ))),
        Some((id, _)) => Ok(id),
        None => {
            tx.prepare_cached("INSERT INTO people (name, role) VALUES (?1, 'agent')")?
                .execute([&name])?;
            let id = tx.last_insert_rowid()?;
            record_change(tx, &name, now, &name, "role", None, Some("agent (first acted)"))?;
            Ok(id)
        }
    }
}

/// Whether `actor` may do what only a team lead does (`what`: "change
/// roles"): a lead may, and anyone may while the desk has no lead yet (so
/// the first lead can be appointed); on a server, so may its
/// administrator. The refusal names the leads.
pub(crate) fn lead_rights(tx: &Conn, actor: &str, what: &str) -> StoreResult<()> {
    // On a server, the desk's administrator (who owns its tables, and so
    // could switch any rule off) sets the desk up, leads included.
    if tx.dialect() == crate::store::sql::Dialect::Postgres
        && tx.query_row("SELECT frontdesk_is_admin()", [], |r| r.get::<_, bool>(0))?
    {
        return Ok(());
    }
    // A lead is one whose history says so: a role set behind Frontdesk's
    // back (another tool's UPDATE) gives no rights.
    let leads: Vec<String> = tx
        .prepare_cached(
            "SELECT p.name FROM people p WHERE p.role = 'lead'
             AND (SELECT e.new_value FROM people_events e WHERE e.person = p.name AND e.field = 'role'
                  ORDER BY e.id DESC LIMIT 1) LIKE 'lead%'
             ORDER BY p.name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    if leads.is_empty() || leads.iter().any(|l| l.eq_ignore_ascii_case(actor)) {
        return Ok(());
    }
    Err(crate::domain::DomainError::Rule(format!(
        "only a team lead may {what}; {actor} is not a lead (leads: {})",
        leads.join(", ")
    ))
    .into())
}

/// A name someone acts under: not empty, not too long, and never the name
/// Frontdesk records its own changes under.
pub fn acting_name(name: &str) -> StoreResult<String> {
    let name = required_text("name", name)?;
    if name.eq_ignore_ascii_case(SYSTEM_ACTOR) {
        return Err(StoreError::Invalid(format!(
            "'{SYSTEM_ACTOR}' is the name Frontdesk records its own changes under; act and record people under their own names"
        )));
    }
    Ok(name)
}

/// One change to a person, as history: who changed what, from which login.
pub(crate) fn record_change(
    tx: &Conn,
    person: &str,
    at: i64,
    actor: &str,
    field: &str,
    old: Option<&str>,
    new: Option<&str>,
) -> StoreResult<()> {
    let (login, host) = os_identity();
    tx.prepare_cached(
        "INSERT INTO people_events (person, at, actor, login, host, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![person, at, actor, login, host, field, old, new])?;
    Ok(())
}

/// The id of a known member of staff, or a refusal naming who is known.
/// Every member of staff's name, by name.
pub(crate) fn staff_names(tx: &Conn) -> StoreResult<Vec<String>> {
    tx.prepare_cached("SELECT name FROM people WHERE role <> 'requester' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect()
}

pub(crate) fn staff_id(tx: &Conn, name: &str) -> StoreResult<i64> {
    let found: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, role FROM people WHERE name = ?1")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match found {
        Some((id, role)) if role != "requester" => Ok(id),
        _ => {
            let known = staff_names(tx)?;
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
