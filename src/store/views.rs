//! Saved views, kept in the desk: each person's own and those shared
//! with the team.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, lead_rights};
use super::sql::{Conn, OptionalExtension, Row};
use super::Store;
use crate::domain::saved_view::SavedView;

fn view_row(r: &Row<'_>) -> StoreResult<SavedView> {
    let owner: String = r.get("owner")?;
    Ok(SavedView {
        name: r.get("name")?,
        query: r.get("query")?,
        sort: r.get("sort")?,
        key: r
            .get::<_, Option<i64>>("number")?
            .and_then(|k| u8::try_from(k).ok()),
        shared: owner.is_empty(),
        owner,
    })
}

impl Store {
    /// Keeps `view` for `actor` (or shared with the team), replacing one of
    /// theirs of the same name; a number key moves from any other of their
    /// views to this one.
    pub(crate) fn save_view(&mut self, actor: &str, view: SavedView, now: i64) -> StoreResult<SavedView> {
        let actor = acting_name(actor)?;
        let view = view.checked(&self.custom_fields()?)?;
        let owner = if view.shared { String::new() } else { actor.clone() };
        self.write(|tx| {
            if let Some(k) = view.key.filter(|_| view.shared) {
                key_is_free(tx, &view.name, i64::from(k))?;
            }
            if let Some(k) = view.key {
                tx.execute(
                    "UPDATE views SET number = NULL WHERE owner = ?1 AND number = ?2 AND name <> ?3",
                    params![owner, i64::from(k), view.name],
                )?;
            }
            tx.execute(
                "INSERT INTO views (owner, name, query, sort, number, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (owner, name) DO UPDATE SET query = excluded.query, sort = excluded.sort,
                 number = excluded.number",
                params![
                    owner,
                    view.name,
                    view.query,
                    view.sort,
                    view.key.map(i64::from),
                    actor,
                    now
                ],
            )?;
            Ok(())
        })?;
        Ok(SavedView { owner, ..view })
    }

    /// The views `actor` has: their own, then those shared with the team,
    /// each by name.
    pub fn views(&self, actor: &str) -> StoreResult<Vec<SavedView>> {
        self.db()
            .prepare_cached(
                "SELECT owner, name, query, sort, number FROM views WHERE owner = ?1 OR owner = ''
                 ORDER BY owner = '', name",
            )?
            .query_map([actor], view_row)?
            .collect()
    }

    /// The view `name` as `actor` sees it: their own first, else a shared
    /// one.
    pub fn view(&self, actor: &str, name: &str) -> StoreResult<SavedView> {
        self.db()
            .prepare_cached(
                "SELECT owner, name, query, sort, number FROM views WHERE (owner = ?1 OR owner = '') AND name = ?2
                 ORDER BY owner = '' LIMIT 1",
            )?
            .query_row(params![actor, name], view_row)
            .optional()?
            .ok_or_else(|| no_such_view(self, actor, name))
    }

    /// Removes `actor`'s view `name`, or a shared one (which only its
    /// author or a lead removes).
    pub(crate) fn remove_view(&mut self, actor: &str, name: &str) -> StoreResult<SavedView> {
        let view = self.view(actor, name)?;
        self.write(|tx| {
            if view.shared {
                let author: String = tx.query_row(
                    "SELECT created_by FROM views WHERE owner = '' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )?;
                if !author.eq_ignore_ascii_case(actor) {
                    lead_rights(tx, actor, "remove a view someone else shared")?;
                }
            }
            tx.execute(
                "DELETE FROM views WHERE owner = ?1 AND name = ?2",
                params![view.owner, view.name],
            )?;
            Ok(())
        })?;
        Ok(view)
    }
}

/// Refuses giving shared view `name` the number key another shared view
/// opens under: the key is the whole team's, and taking it silently would
/// change what it opens for everyone.
pub(super) fn key_is_free(tx: &Conn, name: &str, key: i64) -> StoreResult<()> {
    let holder: Option<String> = tx
        .prepare_cached("SELECT name FROM views WHERE owner = '' AND number = ?1 AND name <> ?2")?
        .query_row(params![key, name], |r| r.get(0))
        .optional()?;
    match holder {
        Some(other) => Err(StoreError::Invalid(format!(
            "key {key} already opens the shared view '{other}'; pick another key, or remove that view first"
        ))),
        None => Ok(()),
    }
}

fn no_such_view(store: &Store, actor: &str, name: &str) -> StoreError {
    let known: Vec<String> = store
        .views(actor)
        .map(|v| v.into_iter().map(|v| v.name).collect())
        .unwrap_or_default();
    StoreError::Invalid(format!(
        "no view is called '{name}' (views: {}); save one with `frontdesk views add NAME --query …`",
        if known.is_empty() {
            "none yet".into()
        } else {
            known.join(", ")
        }
    ))
}
