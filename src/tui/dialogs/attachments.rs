//! Choosing which attachment to save (`O`, or `o` in the request pane).

use super::Submit;
use crate::domain::attachment::human_size;
use crate::domain::text::inert_line;
use crate::domain::Request;
use crate::tui::form::{Field, FieldId, Form, Purpose};

/// The request's attachments to choose from, `2  invoice.pdf (14 KB)`.
pub fn pick_attachment(r: &Request, folder: &str) -> Form {
    let options: Vec<String> = r
        .attachments
        .iter()
        .map(|a| {
            let kept = if a.kept { "" } else { " — not kept" };
            format!(
                "{}  {} ({}){kept}",
                a.number,
                inert_line(&a.name),
                human_size(a.size)
            )
        })
        .collect();
    Form::new(
        Purpose::SaveAttachment,
        format!("Save a file of #{} in {}", r.id, inert_line(folder)),
        vec![Field::choice(FieldId::Attachment, options, 0)],
    )
    .on(r.id, r.version)
}

/// The chosen attachment, to save.
pub(super) fn read_attachment(form: &Form) -> Submit {
    let number = form
        .value(FieldId::Attachment)
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok());
    match (number, form.request) {
        (Some(number), Some((id, _))) => Submit::SaveFile { id, number },
        _ => Submit::Stay,
    }
}
