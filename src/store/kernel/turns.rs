//! Whose turn it is: a request that enters a team with no owner (recorded
//! new, transferred, routed by a mail rule) is given one at once when the
//! team assigns automatically. It runs inside the write that moved the
//! request, so on a file (one writer at a time) and on a server (the
//! writers' turn) two copies recording at once never take the same turn.

use crate::store::sql::{Conn, OptionalExtension};

use super::changeset::{load, Changeset};
use crate::domain::ids::RequestId;
use crate::domain::team::{next_assignee, AssignMode, Member};
use crate::domain::{EventKind, Request};
use crate::store::error::StoreResult;
use crate::store::rows::label;

/// The staff whose team `team` is, with their absences and open work.
pub(crate) fn members(tx: &Conn, team: &str) -> StoreResult<Vec<Member>> {
    tx.prepare_cached(
        "SELECT p.name, p.role, p.away_until, c.name,
                (SELECT COUNT(*) FROM requests r
                 WHERE r.assignee_id = p.id AND r.status IN ('new', 'open', 'waiting'))
         FROM people p LEFT JOIN people c ON c.id = p.cover_id
         WHERE p.team = ?1 AND p.role IN ('agent', 'lead') ORDER BY p.name",
    )?
    .query_map([team], |r| {
        Ok(Member {
            name: r.get(0)?,
            role: label(r, 1)?,
            away_until: r.get(2)?,
            cover: r.get(3)?,
            open: r.get(4)?,
        })
    })?
    .collect()
}

/// How `team` assigns its work, and whose turn came last.
pub(crate) fn team_mode(tx: &Conn, team: &str) -> StoreResult<(AssignMode, Option<String>)> {
    let row: Option<(AssignMode, Option<String>)> = tx
        .prepare_cached("SELECT assign, last_turn FROM teams WHERE name = ?1")?
        .query_row([team], |r| Ok((label(r, 0)?, r.get(1)?)))
        .optional()?;
    Ok(row.unwrap_or((AssignMode::Off, None)))
}

/// Gives `r` an owner by its team's turn when it has none and its team
/// assigns automatically: a change of its own, recorded by the desk with
/// the mode as its reason. None when nothing was done.
pub(crate) fn assign_by_turn(tx: &Conn, r: &Request, now: i64) -> StoreResult<Option<Request>> {
    let Some(team) = r.team.as_deref() else {
        return Ok(None);
    };
    if r.assignee.is_some() || !r.status.is_open() {
        return Ok(None);
    }
    let (mode, last) = team_mode(tx, team)?;
    if mode == AssignMode::Off {
        return Ok(None);
    }
    let members = members(tx, team)?;
    let Some(member) = next_assignee(mode, &members, last.as_deref(), now) else {
        return Ok(None);
    };
    let name = member.name.clone();
    tx.prepare_cached("UPDATE teams SET last_turn = ?2 WHERE name = ?1")?
        .execute([team, name.as_str()])?;
    let mut cs = Changeset::begin_system(tx, r.id, now)?;
    let id: i64 = tx
        .prepare_cached("SELECT id FROM people WHERE name = ?1")?
        .query_row([&name], |row| row.get(0))?;
    cs.set("assignee_id", id);
    cs.event(
        EventKind::Assignee,
        None,
        Some(name),
        Some(mode.as_str().to_string()),
    );
    cs.commit_without_turn().map(Some)
}

/// `assign_by_turn` for a request just recorded in a team.
pub(crate) fn assign_new(tx: &Conn, id: RequestId, now: i64) -> StoreResult<()> {
    let r = load(tx, id)?;
    assign_by_turn(tx, &r, now)?;
    Ok(())
}
