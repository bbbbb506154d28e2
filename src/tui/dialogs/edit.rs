//! Corrections to what was recorded: each an event with the old and the new value.

use super::{optional, request_id, required};
use crate::domain::custom_field::CustomField;
use crate::domain::time::parse_datetime;
use crate::domain::Request;
use crate::store::RequestChange;
use crate::tui::form::Suggest;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

/// Corrections to what was recorded, each an event with the old and the
/// new value. The desk's `custom` fields are offered when `r` was read
/// whole (the detail pane's), so a value is never cleared unseen.
pub fn edit(r: &Request, whole: bool, custom: &[CustomField]) -> Form {
    let mut description = Field::multiline(FieldId::Description);
    description.set_text(&r.body);
    let mut fields = vec![
        Field::text(FieldId::Subject, &r.subject),
        Field::text(FieldId::Contact, r.contact.as_deref().unwrap_or("")),
        Field::text(FieldId::Category, r.category.as_deref().unwrap_or("")).suggesting(Suggest::Categories),
        Field::text(
            FieldId::ReplyBy,
            &r.reply_by
                .map(crate::domain::time::local_short)
                .unwrap_or_default(),
        ),
    ];
    if whole {
        fields.extend(super::custom_fields::fields(custom, &r.fields));
    }
    fields.push(description);
    Form::new(Purpose::Edit, format!("Edit #{} as recorded", r.id), fields).on(r.id, r.version)
}

/// `shown` is the request as the detail pane has it: only the custom
/// fields changed from its values are asked for.
pub(super) fn read(form: &mut Form, custom: &[CustomField], shown: Option<&Request>) -> Option<Command> {
    let id = request_id(form);
    let offered = form.fields.iter().any(|f| matches!(f.id, FieldId::Custom(_)));
    let mut fields = if offered {
        super::custom_fields::read(form, custom)?
    } else {
        Vec::new()
    };
    let before = shown.filter(|r| r.id == id).map(|r| &r.fields);
    fields.retain(|(name, value)| {
        before.is_none_or(|b| b.get(name).map_or("", String::as_str) != value.as_str())
    });
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
            fields,
            ..Default::default()
        },
    })
}
