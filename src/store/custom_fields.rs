//! Custom fields: their definitions (a lead's) and the values requests
//! keep in them. A value is checked against its field on the way in, so
//! what is kept is always in the field's normal form.

use std::collections::HashMap;

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, lead_rights, Changeset};
use super::rows::label;
use super::sql::Conn;
use super::Store;
use crate::domain::custom_field::{field_name, find, CustomField};
use crate::domain::ids::RequestId;
use crate::domain::request::FieldValues;
use crate::domain::EventKind;

/// Every field the desk defines, in the order they were defined.
pub(crate) fn fields_in(tx: &Conn) -> StoreResult<Vec<CustomField>> {
    tx.prepare_cached("SELECT name, kind, choices FROM custom_fields ORDER BY position, name")?
        .query_map([], |r| {
            let choices: String = r.get(2)?;
            Ok(CustomField {
                name: r.get(0)?,
                kind: label(r, 1)?,
                choices: choices.lines().map(str::to_string).collect(),
            })
        })?
        .collect()
}

/// Request `id`'s values, by field name in the fields' order.
pub(crate) fn values_of(tx: &Conn, id: RequestId) -> StoreResult<FieldValues> {
    tx.prepare_keyed(
        "SELECT v.name, v.value FROM request_fields v JOIN custom_fields f ON f.name = v.name
         WHERE v.request_id = ?1 ORDER BY f.position, f.name",
    )?
    .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
    .collect()
}

/// Every request's values, by request and field name (an export reads
/// them once, not once a request).
pub(crate) fn all_values(tx: &Conn) -> StoreResult<HashMap<RequestId, FieldValues>> {
    let mut all: HashMap<RequestId, FieldValues> = HashMap::new();
    let rows: Vec<(RequestId, String, String)> = tx
        .prepare(
            "SELECT v.request_id, v.name, v.value FROM request_fields v JOIN custom_fields f ON f.name = v.name
             ORDER BY f.position, f.name",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<StoreResult<_>>()?;
    for (id, name, value) in rows {
        all.entry(id).or_default().insert(name, value);
    }
    Ok(all)
}

/// `given` checked against the desk's `fields`: each name one it
/// defines, each value one its field takes, in the field's normal form
/// (an empty value stays empty: it clears the field).
fn checked_values(fields: &[CustomField], given: &[(String, String)]) -> StoreResult<Vec<(String, String)>> {
    given
        .iter()
        .map(|(name, value)| {
            let field = find(fields, name)?;
            let value = if value.trim().is_empty() {
                String::new()
            } else {
                field.value(value)?
            };
            Ok((field.name.clone(), value))
        })
        .collect()
}

/// Keeps the values of a request being recorded (no events: its
/// `created` event stands for all it arrived with), checked against the
/// desk's `fields`.
pub(crate) fn keep_new_values(
    tx: &Conn,
    fields: &[CustomField],
    id: RequestId,
    given: &[(String, String)],
) -> StoreResult<()> {
    for (name, value) in checked_values(fields, given)? {
        if !value.is_empty() {
            tx.prepare_cached("INSERT INTO request_fields (request_id, name, value) VALUES (?1, ?2, ?3)")?
                .execute(params![id, name, value])?;
        }
    }
    Ok(())
}

/// Sets the values a change asks for, each that differs an event with the
/// old and the new value (the field's name as its body).
pub(crate) fn change_values(cs: &mut Changeset<'_>, given: &[(String, String)]) -> StoreResult<()> {
    // Most changes set no field: they read nothing here.
    if given.is_empty() {
        return Ok(());
    }
    let id = cs.before.id;
    let before = values_of(cs.tx(), id)?;
    for (name, value) in checked_values(&fields_in(cs.tx())?, given)? {
        let old = before.get(&name).cloned();
        let new = Some(value.clone()).filter(|v| !v.is_empty());
        if old == new {
            continue;
        }
        match &new {
            Some(v) => cs
                .tx()
                .prepare_cached(
                    "INSERT INTO request_fields (request_id, name, value) VALUES (?1, ?2, ?3)
                     ON CONFLICT (request_id, name) DO UPDATE SET value = excluded.value",
                )?
                .execute(params![id, name, v])?,
            None => cs
                .tx()
                .prepare_cached("DELETE FROM request_fields WHERE request_id = ?1 AND name = ?2")?
                .execute(params![id, name])?,
        };
        cs.event(EventKind::Field, old, new, Some(name));
    }
    Ok(())
}

/// Defines `field` with `choices`, or gives the field of that name those
/// choices (its type and place stay).
fn define(tx: &Conn, field: &CustomField, choices: &[String], actor: &str, now: i64) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO custom_fields (name, kind, choices, position, created_by, created_at)
         VALUES (?1, ?2, ?3, (SELECT coalesce(max(position), 0) + 1 FROM custom_fields), ?4, ?5)
         ON CONFLICT (name) DO UPDATE SET choices = excluded.choices",
        params![field.name, field.kind.as_str(), choices.join("\n"), actor, now],
    )?;
    Ok(())
}

/// An export's field definitions into this desk: a field it lacks is
/// defined (a lead's to do); one it has must be of the same type, and
/// takes the export's choices too.
pub(crate) fn import_fields(tx: &Conn, actor: &str, fields: &[CustomField], now: i64) -> StoreResult<()> {
    if fields.is_empty() {
        return Ok(());
    }
    let here = fields_in(tx)?;
    for f in fields {
        let mut choices = f.choices.clone();
        match here.iter().find(|h| h.name == f.name) {
            Some(h) if h.kind != f.kind => {
                return Err(StoreError::Invalid(format!(
                    "import: the field {} is a {} field here and a {} one in the file; nothing was imported",
                    f.name, h.kind, f.kind
                )))
            }
            Some(h) if h.choices.len() >= choices.len() && choices.iter().all(|c| h.choices.contains(c)) => {
                continue
            }
            Some(h) => {
                choices = h.choices.clone();
                choices.extend(f.choices.iter().filter(|c| !h.choices.contains(c)).cloned());
            }
            None => {}
        }
        lead_rights(tx, actor, "import custom fields").map_err(|e| {
            StoreError::Invalid(format!(
                "import: the file defines the field {}: {e}; nothing was imported",
                f.name
            ))
        })?;
        define(tx, f, &choices, actor, now)?;
    }
    Ok(())
}

impl Store {
    /// Defines `field` (a lead's), or gives a choice field new choices. A
    /// field keeps its type: values already kept must still fit.
    pub(crate) fn save_field(
        &mut self,
        actor: &str,
        field: CustomField,
        now: i64,
    ) -> StoreResult<CustomField> {
        let actor = acting_name(actor)?;
        let field = field.checked()?;
        self.write(|tx| {
            lead_rights(tx, &actor, "define custom fields")?;
            if let Some(old) = fields_in(tx)?.into_iter().find(|f| f.name == field.name) {
                if old.kind != field.kind {
                    return Err(StoreError::Invalid(format!(
                        "the field {} is a {} field; remove it first to make it a {} one (its values go with it)",
                        field.name, old.kind, field.kind
                    )));
                }
                let kept: Vec<(i64, String)> = tx
                    .prepare_cached("SELECT request_id, value FROM request_fields WHERE name = ?1 ORDER BY request_id")?
                    .query_map([&field.name], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<StoreResult<_>>()?;
                if let Some((id, value)) = kept.iter().find(|(_, v)| field.value(v).is_err()) {
                    return Err(StoreError::Invalid(format!(
                        "request {id} keeps {}={value}, which the new choices leave out; change it first",
                        field.name
                    )));
                }
            }
            define(tx, &field, &field.choices, &actor, now)?;
            Ok(())
        })?;
        Ok(field)
    }

    /// Removes the field `name` and every value kept in it (a lead's).
    pub(crate) fn remove_field(&mut self, actor: &str, name: &str) -> StoreResult<CustomField> {
        let actor = acting_name(actor)?;
        let name = field_name(name)?;
        self.write(|tx| {
            lead_rights(tx, &actor, "define custom fields")?;
            let fields = fields_in(tx)?;
            let field = find(&fields, &name)?.clone();
            tx.execute("DELETE FROM custom_fields WHERE name = ?1", [&name])?;
            Ok(field)
        })
    }

    /// Every field the desk defines, in the order they were defined.
    pub fn custom_fields(&self) -> StoreResult<Vec<CustomField>> {
        fields_in(&self.db())
    }
}
