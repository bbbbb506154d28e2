//! Assigning a request to a member of staff (empty unassigns).

use super::request_id;
use crate::domain::{Person, Request};
use crate::store::RequestChange;
use crate::tui::form::Suggest;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

pub fn assign(r: &Request) -> Form {
    Form::new(
        Purpose::Assign,
        format!("Assign #{} (empty to unassign)", r.id),
        vec![Field::text(FieldId::Assignee, r.assignee.as_deref().unwrap_or("")).suggesting(Suggest::Staff)],
    )
    .on(r.id, r.version)
}

pub(super) fn read(form: &mut Form, people: &[Person]) -> Option<Command> {
    let id = request_id(form);
    let name = form.value(FieldId::Assignee).trim().to_string();
    if !name.is_empty()
        && !people
            .iter()
            .any(|p| p.role.is_staff() && p.name.eq_ignore_ascii_case(&name))
    {
        form.fail(
            FieldId::Assignee,
            format!("no member of staff is called '{name}'"),
        );
        return None;
    }
    let assignee = Some(name).filter(|n| !n.is_empty());
    Some(Command::Update {
        id,
        change: RequestChange {
            assignee: Some(assignee),
            ..Default::default()
        },
    })
}
