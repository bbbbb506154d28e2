//! Corrections to what was recorded: each an event with the old and the new value.

use super::{optional, request_id, required};
use crate::domain::time::parse_datetime;
use crate::domain::Request;
use crate::store::RequestChange;
use crate::tui::form::Suggest;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

/// Corrections to what was recorded, each an event with the old and the
/// new value.
pub fn edit(r: &Request) -> Form {
    let mut description = Field::multiline(FieldId::Description);
    description.set_text(&r.body);
    Form::new(
        Purpose::Edit,
        format!("Edit #{} as recorded", r.id),
        vec![
            Field::text(FieldId::Subject, &r.subject),
            Field::text(FieldId::Contact, r.contact.as_deref().unwrap_or("")),
            Field::text(FieldId::Category, r.category.as_deref().unwrap_or(""))
                .suggesting(Suggest::Categories),
            Field::text(
                FieldId::ReplyBy,
                &r.reply_by
                    .map(crate::domain::time::local_short)
                    .unwrap_or_default(),
            ),
            description,
        ],
    )
    .on(r.id, r.version)
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    let reply_by = match form.value(FieldId::ReplyBy).trim() {
        "" => None,
        when => match parse_datetime(when) {
            Ok(t) => Some(t),
            Err(e) => {
                form.fail(FieldId::ReplyBy, e.to_string());
                return None;
            }
        },
    };
    Some(Command::Update {
        id,
        change: RequestChange {
            subject: Some(required(form, FieldId::Subject, "the subject")?),
            body: Some(form.value(FieldId::Description).trim_end().to_string()),
            contact: Some(optional(form, FieldId::Contact)),
            category: Some(optional(form, FieldId::Category)),
            reply_by: Some(reply_by),
            ..Default::default()
        },
    })
}
