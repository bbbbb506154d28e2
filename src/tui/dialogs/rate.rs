//! The requester's rating, nothing preset.

use super::{optional, request_id};
use crate::domain::rating::Scores;
use crate::domain::text::inert_line;
use crate::domain::{Request, Status};

const CLOSE_IT: &str = "close the request";

fn score(form: &Form, label: FieldId) -> Option<i64> {
    form.value(label).parse().ok()
}

use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

pub fn rate(r: &Request) -> Form {
    Form::new(
        Purpose::Rate,
        format!("Rating from {} for #{}", inert_line(&r.requester), r.id),
        vec![
            // Nothing is preset: a score the agent did not give is never
            // recorded by accident.
            Field::score(FieldId::Overall, 1, 5),
            Field::score(FieldId::Speed, 1, 5),
            Field::score(FieldId::Quality, 1, 5),
            Field::score(FieldId::Communication, 1, 5),
            Field::score(FieldId::Recommend, 0, 10),
            Field::multiline(FieldId::Comment),
            Field::choice(
                FieldId::Then,
                vec![CLOSE_IT.into(), "leave it resolved".into()],
                usize::from(r.status != Status::Resolved),
            ),
        ],
    )
    .on(r.id, r.version)
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    Some(Command::Rate {
        id,
        scores: Scores {
            overall: if let Some(n) = score(form, FieldId::Overall) {
                n
            } else {
                form.fail(
                    FieldId::Overall,
                    "choose the overall score: type 1 to 5, or use ← →",
                );
                return None;
            },
            speed: score(form, FieldId::Speed),
            quality: score(form, FieldId::Quality),
            communication: score(form, FieldId::Communication),
            recommend: score(form, FieldId::Recommend),
            comment: optional(form, FieldId::Comment),
        },
        close: form.value(FieldId::Then) == CLOSE_IT,
    })
}
