//! Templates kept in the desk for the whole team.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::acting_name;
use super::sql::{Conn, OptionalExtension, Row};
use super::Store;
use crate::domain::template::Template;

const COLUMNS: &str = "name, subject, body, category, team, urgency, impact, items";

fn template_row(r: &Row<'_>) -> StoreResult<Template> {
    let items: String = r.get("items")?;
    Ok(Template {
        name: r.get("name")?,
        subject: r.get("subject")?,
        body: r.get("body")?,
        category: r.get("category")?,
        team: r.get("team")?,
        urgency: r
            .get::<_, Option<String>>("urgency")?
            .and_then(|u| u.parse().ok()),
        impact: r.get::<_, Option<String>>("impact")?.and_then(|i| i.parse().ok()),
        items: items
            .lines()
            .map(str::to_string)
            .filter(|i| !i.is_empty())
            .collect(),
    })
}

/// The template `name`, if there is one.
pub(super) fn template_in(tx: &Conn, name: &str) -> StoreResult<Option<Template>> {
    tx.prepare_cached(&format!("SELECT {COLUMNS} FROM templates WHERE name = ?1"))?
        .query_row([name], template_row)
        .optional()
}

impl Store {
    /// Keeps `t`, replacing a template of the same name.
    pub(crate) fn save_template(&mut self, actor: &str, t: Template, now: i64) -> StoreResult<Template> {
        let actor = acting_name(actor)?;
        let t = t.checked()?;
        self.write(|tx| {
            tx.execute(
                &format!(
                    "INSERT INTO templates ({COLUMNS}, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (name) DO UPDATE SET subject = excluded.subject, body = excluded.body,
                     category = excluded.category, team = excluded.team, urgency = excluded.urgency,
                     impact = excluded.impact, items = excluded.items"
                ),
                params![
                    t.name,
                    t.subject,
                    t.body,
                    t.category,
                    t.team,
                    t.urgency.map(crate::domain::Urgency::as_str),
                    t.impact.map(crate::domain::Impact::as_str),
                    t.items.join("\n"),
                    actor,
                    now
                ],
            )?;
            Ok(())
        })?;
        Ok(t)
    }

    /// Removes the template `name`: what it was.
    pub(crate) fn remove_template(&mut self, name: &str) -> StoreResult<Template> {
        let t = self.template(name)?;
        self.write(|tx| tx.execute("DELETE FROM templates WHERE name = ?1", [name]))?;
        Ok(t)
    }

    /// Every template, by name.
    pub fn templates(&self) -> StoreResult<Vec<Template>> {
        self.db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM templates ORDER BY name"))?
            .query_map([], template_row)?
            .collect()
    }

    /// The template `name`, or an error naming those there are.
    pub fn template(&self, name: &str) -> StoreResult<Template> {
        let found = template_in(&self.db(), name)?;
        found.ok_or_else(|| {
            let known: Vec<String> = self
                .templates()
                .unwrap_or_default()
                .into_iter()
                .map(|t| t.name)
                .collect();
            StoreError::Invalid(format!(
                "no template is called '{name}' (templates: {}); add one with `frontdesk templates add`",
                if known.is_empty() {
                    "none yet".into()
                } else {
                    known.join(", ")
                }
            ))
        })
    }
}
