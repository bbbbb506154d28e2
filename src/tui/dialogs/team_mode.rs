//! How a team's new work is assigned (a lead's to set): in turn, to
//! whoever has the least open work, or by hand.

use super::{labels, required};
use crate::domain::command::Command;
use crate::domain::team::AssignMode;
use crate::tui::form::{Field, FieldId, Form, Purpose, Suggest};

/// The dialog for `team` (the request's, or the person's own), which
/// assigns `now` as it is.
pub fn team_mode(team: Option<&str>, now: AssignMode) -> Form {
    let at = AssignMode::ALL.iter().position(|m| *m == now).unwrap_or(0);
    Form::new(
        Purpose::TeamMode,
        format!(
            "How {} assigns new work (team leads): now {now}",
            team.unwrap_or("a team")
        ),
        vec![
            Field::text(FieldId::Team, team.unwrap_or("")).suggesting(Suggest::Teams),
            Field::choice(FieldId::Mode, labels(AssignMode::ALL), at),
        ],
    )
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let team = required(form, FieldId::Team, "the team")?;
    let mode = form.value(FieldId::Mode).parse().unwrap_or(AssignMode::Off);
    Some(Command::SetAssignMode { team, mode })
}
