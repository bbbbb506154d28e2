//! Teams (how each one's new work is assigned) and absences (who is away
//! until when, and who covers). Whose turn it is lives in the kernel,
//! since every write that moves a request into a team may need it.

use crate::store::sql::Conn;
use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, lead_rights, members, record_change, staff_id, team_mode};
use super::Store;
use crate::domain::request::required_text;
use crate::domain::team::{AssignMode, Team};
use crate::domain::time::rfc3339;
use crate::domain::Person;

impl Store {
    /// Every team: those with a setting, and those staff belong to, by
    /// name.
    pub fn teams_with_members(&self) -> StoreResult<Vec<Team>> {
        let db = self.db();
        let names: Vec<String> = db
            .prepare_cached(
                "SELECT name FROM teams UNION
                 SELECT team FROM people WHERE team IS NOT NULL AND role IN ('agent', 'lead')
                 ORDER BY 1",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        names.into_iter().map(|name| team(&db, name)).collect()
    }

    /// How each team that has a setting assigns its work.
    pub fn assign_modes(&self) -> StoreResult<Vec<(String, AssignMode)>> {
        self.db()
            .prepare_cached("SELECT name, assign FROM teams ORDER BY name")?
            .query_map([], |r| Ok((r.get(0)?, super::rows::label(r, 1)?)))?
            .collect()
    }

    /// Sets how `team`'s new work is assigned (a lead's decision).
    pub(crate) fn set_assign_mode(
        &mut self,
        actor: &str,
        team_name: &str,
        mode: AssignMode,
    ) -> StoreResult<Team> {
        let team_name = required_text("team", team_name)?;
        self.write(|tx| {
            lead_rights(tx, actor, "set how a team's work is assigned")?;
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM people WHERE team = ?1 AND role IN ('agent', 'lead'))
                     OR EXISTS (SELECT 1 FROM teams WHERE name = ?1)",
                [&team_name],
                |r| r.get(0),
            )?;
            if !known && mode != AssignMode::Off {
                return Err(StoreError::Invalid(format!(
                    "no member of staff is in the team '{team_name}'; put people in it first \
                     (`frontdesk people add NAME --team {team_name}`)"
                )));
            }
            tx.execute(
                "INSERT INTO teams (name, assign) VALUES (?1, ?2)
                 ON CONFLICT (name) DO UPDATE SET assign = excluded.assign",
                [team_name.as_str(), mode.as_str()],
            )?;
            team(tx, team_name.clone())
        })
    }

    /// Records that `name` is away until `back` (None: back now), with
    /// `cover` taking their requests meanwhile: their own decision or a
    /// lead's, and history on the person either way.
    pub(crate) fn set_away(
        &mut self,
        actor: &str,
        name: &str,
        back: Option<i64>,
        cover: Option<&str>,
        now: i64,
    ) -> StoreResult<Person> {
        let actor = acting_name(actor)?;
        self.write(|tx| {
            let id = staff_id(tx, name)?;
            let name: String = tx.query_row("SELECT name FROM people WHERE id = ?1", [id], |r| r.get(0))?;
            if !name.eq_ignore_ascii_case(&actor) {
                lead_rights(tx, &actor, "record someone else's absence")?;
            }
            if back.is_some_and(|b| b <= now) {
                return Err(StoreError::Invalid(format!(
                    "{} is already past; say until when {name} is away",
                    rfc3339(back.unwrap_or(now))
                )));
            }
            let cover_id = cover.map(|c| staff_id(tx, c)).transpose()?;
            if cover_id == Some(id) {
                return Err(StoreError::Invalid(format!("{name} cannot cover for themselves")));
            }
            let before: (Option<i64>, Option<String>) = tx.query_row(
                "SELECT p.away_until, c.name FROM people p LEFT JOIN people c ON c.id = p.cover_id WHERE p.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            tx.execute(
                "UPDATE people SET away_until = ?2, cover_id = ?3 WHERE id = ?1",
                params![id, back, cover_id],
            )?;
            let cover_name: Option<String> = cover_id
                .map(|c| tx.query_row("SELECT name FROM people WHERE id = ?1", [c], |r| r.get(0)))
                .transpose()?;
            let shown = |t: Option<i64>| t.map(rfc3339);
            if before.0 != back {
                record_change(tx, &name, now, &actor, "away until", shown(before.0).as_deref(), shown(back).as_deref())?;
            }
            if before.1 != cover_name {
                record_change(tx, &name, now, &actor, "cover", before.1.as_deref(), cover_name.as_deref())?;
            }
            super::people::person_by_id(tx, id)
        })
    }
}

/// One team as it stands.
fn team(tx: &Conn, name: String) -> StoreResult<Team> {
    let (assign, last_turn) = team_mode(tx, &name)?;
    let members = members(tx, &name)?;
    Ok(Team {
        name,
        assign,
        last_turn,
        members,
    })
}
