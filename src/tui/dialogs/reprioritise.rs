//! Urgency and impact, which give the priority.

use super::{index_of, labels, request_id};
use crate::domain::{Impact, Request, Urgency};
use crate::store::RequestChange;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

pub fn reprioritise(r: &Request) -> Form {
    Form::new(
        Purpose::Reprioritise,
        format!("Urgency and impact of #{} (now {})", r.id, r.priority),
        vec![
            Field::choice(
                FieldId::Urgency,
                labels(Urgency::ALL),
                index_of(Urgency::ALL, r.urgency),
            ),
            Field::choice(
                FieldId::Impact,
                labels(Impact::ALL),
                index_of(Impact::ALL, r.impact),
            ),
        ],
    )
    .on(r.id, r.version)
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    Some(Command::Update {
        id,
        change: RequestChange {
            urgency: form.value(FieldId::Urgency).parse().ok(),
            impact: form.value(FieldId::Impact).parse().ok(),
            ..Default::default()
        },
    })
}
