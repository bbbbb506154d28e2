//! How a team's new work is assigned (a lead's to set): in turn, to
//! whoever has the least open work, or by hand.

use super::{labels, required};
use crate::domain::command::Command;
use crate::domain::team::AssignMode;
use crate::tui::form::{Field, FieldId, Form, Purpose, Suggest};

pub fn team_mode(team: Option<&str>) -> Form {
    Form::new(
        Purpose::TeamMode,
        "How a team's new work is assigned (team leads)",
        vec![
            Field::text(FieldId::Team, team.unwrap_or("")).suggesting(Suggest::Teams),
            Field::choice(FieldId::Mode, labels(AssignMode::ALL), 1),
        ],
    )
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let team = required(form, FieldId::Team, "the team")?;
    let mode = form.value(FieldId::Mode).parse().unwrap_or(AssignMode::Off);
    Some(Command::SetAssignMode { team, mode })
}
