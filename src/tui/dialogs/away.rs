//! Recording an absence: who is away (yourself unless you are a lead),
//! their last day away, and who covers; an empty date records them back.

use super::{optional, required, Seen};
use crate::domain::command::Command;
use crate::domain::team::back_at;
use crate::tui::form::{Field, FieldId, Form, Purpose, Suggest};

pub fn away(actor: &str) -> Form {
    Form::new(
        Purpose::Away,
        "Away: no new work by turn, the cover sees their work (no date: back)",
        vec![
            Field::text(FieldId::Name, actor).suggesting(Suggest::Staff),
            Field::text(FieldId::Until, ""),
            Field::text(FieldId::Cover, "").suggesting(Suggest::Staff),
        ],
    )
}

pub(super) fn read(form: &mut Form, seen: &Seen<'_>) -> Option<Command> {
    let name = required(form, FieldId::Name, "who is away")?;
    if !seen
        .people
        .iter()
        .any(|p| p.role.is_staff() && p.name.eq_ignore_ascii_case(&name))
    {
        form.fail(FieldId::Name, format!("no member of staff is called '{name}'"));
        return None;
    }
    let back = match optional(form, FieldId::Until) {
        None => None,
        Some(date) => match back_at(&date) {
            Ok(t) if t > seen.now => Some(t),
            Ok(_) => {
                form.fail(FieldId::Until, "that day is already past");
                return None;
            }
            Err(_) => {
                form.fail(FieldId::Until, "the last day away: YYYY-MM-DD");
                return None;
            }
        },
    };
    let cover = optional(form, FieldId::Cover).filter(|_| back.is_some());
    Some(Command::SetAway { name, back, cover })
}
