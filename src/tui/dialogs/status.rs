//! Moving a request to another status, with an optional reason.

use super::{labels, optional, request_id};
use crate::domain::{Request, Status};
use crate::store::RequestChange;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

pub fn status(r: &Request) -> Form {
    let moves = labels(r.status.allowed_moves());
    Form::new(
        Purpose::Status,
        format!("Status of #{} (now {})", r.id, r.status),
        vec![
            Field::choice(FieldId::Status, moves, 0),
            Field::text(FieldId::Reason, ""),
        ],
    )
    .on(r.id, r.version)
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    let status: Status = form.value(FieldId::Status).parse().ok()?;
    Some(Command::Update {
        id,
        change: RequestChange {
            status: Some(status),
            reason: optional(form, FieldId::Reason),
            ..Default::default()
        },
    })
}
