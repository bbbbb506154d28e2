//! Following a link (`L`) and merging a duplicate (`m`).

use super::request_id;
use crate::domain::text::inert_line;
use crate::domain::Request;
use crate::tui::form::{Field, FieldId, Form, Purpose};

/// The linked requests to choose from, `parent of #7 Printer jams`.
pub fn follow_link(r: &Request) -> Form {
    let options: Vec<String> = r
        .links
        .iter()
        .map(|l| format!("{} #{} {}", l.relation, l.id, inert_line(&l.subject)))
        .collect();
    Form::new(
        Purpose::FollowLink,
        format!("Open a request linked to #{}", r.id),
        vec![Field::choice(FieldId::Link, options, 0)],
    )
    .on(r.id, r.version)
}

/// The id of the chosen link.
pub fn read_link(form: &Form) -> Option<crate::domain::RequestId> {
    let chosen = form.value(FieldId::Link);
    let after = chosen.split_once('#')?.1;
    after.split_whitespace().next()?.parse().ok()
}

pub fn merge(r: &Request) -> Form {
    Form::new(
        Purpose::Merge,
        format!(
            "Merge #{} {} into — its conversation is copied there, its requester copied on it, and it is closed",
            r.id,
            inert_line(&r.subject)
        ),
        vec![Field::text(FieldId::Target, "")],
    )
    .on(r.id, r.version)
}

/// The request to merge into, or None with the field marked.
pub fn read_merge(form: &mut Form) -> Option<(crate::domain::RequestId, crate::domain::RequestId)> {
    let id = request_id(form);
    match form
        .value(FieldId::Target)
        .trim()
        .parse::<crate::domain::RequestId>()
    {
        Ok(target) if target != id => Some((id, target)),
        Ok(_) => {
            form.fail(FieldId::Target, "a request cannot be merged into itself");
            None
        }
        Err(_) => {
            form.fail(FieldId::Target, "the number of the request it duplicates");
            None
        }
    }
}
