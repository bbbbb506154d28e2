//! Macros kept in the desk for the whole team, and applying one to a
//! request: its reply or note and its changes as ordinary events, all in
//! one transaction.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::acting_name;
use super::sql::{OptionalExtension, Row};
use super::Store;
use crate::domain::canned::Macro;
use crate::domain::command::Command;
use crate::domain::ids::RequestId;
use crate::domain::Request;

const COLUMNS: &str = "name, reply, note, status, assign, team, tags, minutes";

fn macro_row(r: &Row<'_>) -> StoreResult<Macro> {
    let tags: String = r.get("tags")?;
    Ok(Macro {
        name: r.get("name")?,
        reply: r.get("reply")?,
        note: r.get("note")?,
        status: r.get::<_, Option<String>>("status")?.and_then(|s| s.parse().ok()),
        assign: r.get("assign")?,
        team: r.get("team")?,
        tags: tags.split_whitespace().map(str::to_string).collect(),
        minutes: r
            .get::<_, Option<i64>>("minutes")?
            .and_then(|m| u32::try_from(m).ok()),
    })
}

impl Store {
    /// Keeps `m` (replacing one of the same name).
    pub(crate) fn save_macro(&mut self, actor: &str, m: Macro, now: i64) -> StoreResult<Macro> {
        let actor = acting_name(actor)?;
        let m = m.checked()?;
        self.write(|tx| {
            tx.execute(
                &format!(
                    "INSERT INTO macros ({COLUMNS}, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                     ON CONFLICT (name) DO UPDATE SET reply = excluded.reply, note = excluded.note,
                     status = excluded.status, assign = excluded.assign, team = excluded.team,
                     tags = excluded.tags, minutes = excluded.minutes"
                ),
                params![
                    m.name,
                    m.reply,
                    m.note,
                    m.status.map(crate::domain::Status::as_str),
                    m.assign,
                    m.team,
                    m.tags.join(" "),
                    m.minutes.map(i64::from),
                    actor,
                    now
                ],
            )?;
            Ok(())
        })?;
        Ok(m)
    }

    /// The team's macros, by name.
    pub fn macros(&self) -> StoreResult<Vec<Macro>> {
        self.db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM macros ORDER BY name"))?
            .query_map([], macro_row)?
            .collect()
    }

    /// The macro `name`, or a refusal naming the ones there are.
    pub fn macro_named(&self, name: &str) -> StoreResult<Macro> {
        if let Some(m) = self
            .db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM macros WHERE name = ?1"))?
            .query_row([name], macro_row)
            .optional()?
        {
            return Ok(m);
        }
        let known: Vec<String> = self.macros()?.into_iter().map(|m| m.name).collect();
        Err(StoreError::Invalid(format!(
            "no macro is called '{name}' (macros: {}); keep one with `frontdesk macros add`",
            if known.is_empty() {
                "none yet".into()
            } else {
                known.join(", ")
            }
        )))
    }

    pub(crate) fn remove_macro(&mut self, name: &str) -> StoreResult<Macro> {
        let m = self.macro_named(name)?;
        self.write(|tx| {
            tx.execute("DELETE FROM macros WHERE name = ?1", [&m.name])?;
            Ok(())
        })?;
        Ok(m)
    }

    /// Applies macro `name` to request `id` as `stamp` says (who, when,
    /// based on which version, minutes spent — the macro's own when the
    /// stamp has none): its reply or note and changes, each an ordinary
    /// event, all or none; the request as it is afterwards.
    /// `text`, when given, is sent in place of the macro's filled-in reply
    /// or note (as the person edited it before sending).
    pub(crate) fn apply_macro(
        &mut self,
        id: RequestId,
        name: &str,
        stamp: super::Stamp<'_>,
        text: Option<String>,
    ) -> StoreResult<Request> {
        let super::Stamp {
            actor,
            expected,
            now,
            minutes,
        } = stamp;
        let m = self.macro_named(name)?;
        let minutes = minutes.or(m.minutes);
        let before = self.request(id)?;
        let mut commands = m.commands(&before, actor, now);
        if let Some(edited) = text {
            for command in &mut commands {
                if let Command::Reply { text, .. } | Command::Note { text, .. } = command {
                    text.clone_from(&edited);
                }
            }
        }
        self.all_or_nothing(|store| {
            for (n, command) in commands.iter().enumerate() {
                // The first change is based on the version the person saw;
                // the rest follow it in the same transaction.
                let stamp = super::Stamp::new(actor, if n == 0 { expected } else { None }, now)
                    .spending(if n == 0 { minutes } else { None });
                match store.execute(command, stamp) {
                    Ok(_) | Err(StoreError::NothingToChange(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            store.request(id)
        })
    }
}
