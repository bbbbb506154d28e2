//! Transferring a request to another team.

use super::{optional, request_id, required};
use crate::domain::Request;
use crate::store::RequestChange;
use crate::tui::form::Suggest;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

pub fn transfer(r: &Request) -> Form {
    Form::new(
        Purpose::Transfer,
        format!("Transfer #{} to another team", r.id),
        vec![
            Field::text(FieldId::Team, "").suggesting(Suggest::Teams),
            Field::text(FieldId::Reason, ""),
        ],
    )
    .on(r.id, r.version)
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    let team = required(form, FieldId::Team, "the team")?;
    Some(Command::Update {
        id,
        change: RequestChange {
            team: Some(Some(team)),
            reason: optional(form, FieldId::Reason),
            ..Default::default()
        },
    })
}
