//! Following a link (`L`) and merging a duplicate (`m`).

use super::{request_id, Seen, Submit};
use crate::domain::command::Command;
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

/// The chosen linked request, to go to.
pub(super) fn read_link(form: &Form) -> Submit {
    let chosen = form.value(FieldId::Link);
    let id = chosen
        .split_once('#')
        .and_then(|(_, after)| after.split_whitespace().next()?.parse().ok());
    id.map_or(Submit::Stay, Submit::Select)
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

/// The merge, once asked: merging closes the duplicate, so the first
/// Ctrl-S names both requests and asks, and a second one about the same
/// target merges.
pub(super) fn read_merge(form: &mut Form, seen: &Seen<'_>) -> Submit {
    let Some((id, into)) = merge_target(form) else {
        return Submit::Stay;
    };
    if form.asked == Some(into.to_string()) {
        return Submit::Write(Command::Merge { id, into });
    }
    let target = match seen.peeked {
        Some((peeked, Some(what))) if peeked == into => format!(" {what}"),
        _ => String::new(),
    };
    form.asked = Some(into.to_string());
    form.error = Some(format!(
        "Merge #{id} into #{into}{target} and close #{id}? Ctrl-S again to merge, Esc to cancel"
    ));
    Submit::Stay
}

/// The request to merge into, or None with the field marked.
pub fn merge_target(form: &mut Form) -> Option<(crate::domain::RequestId, crate::domain::RequestId)> {
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
