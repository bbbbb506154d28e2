//! Tagging a request: `+tag` puts one on (a bare word too), `-tag` takes
//! one off; the title shows the tags it has.

use super::{request_id, required};
use crate::domain::request::tag;
use crate::domain::text::inert_line;
use crate::domain::Request;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

pub fn tags(r: &Request) -> Form {
    let now: Vec<String> = r.tags.iter().map(|t| format!("#{}", inert_line(t))).collect();
    let title = if now.is_empty() {
        format!("Tag #{} — +tag to put on, -tag to take off", r.id)
    } else {
        format!(
            "Tag #{} ({}) — +tag to put on, -tag to take off",
            r.id,
            now.join(" ")
        )
    };
    Form::new(Purpose::Tags, title, vec![Field::text(FieldId::Tags, "")]).on(r.id, r.version)
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    let typed = required(form, FieldId::Tags, "+tag or -tag")?;
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for word in typed.split_whitespace() {
        let (list, name) = match word.strip_prefix('-') {
            Some(name) => (&mut remove, name),
            None => (&mut add, word.trim_start_matches('+')),
        };
        match tag(name) {
            Ok(t) => list.push(t),
            Err(e) => {
                form.fail(FieldId::Tags, e.to_string());
                return None;
            }
        }
    }
    Some(Command::Tag { id, add, remove })
}
