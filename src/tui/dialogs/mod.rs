//! The dialogs of the help desk, one file each: how it is laid out, and
//! what a submitted one asks the store to do (fields it finds wrong are
//! marked instead). `form.rs` edits any of them; `ui/dialog.rs` draws them.

mod assign;
mod attachments;
mod completion;
mod edit;
mod filter;
mod links;
mod macro_pick;
mod new_request;
mod rate;
mod reprioritise;
mod save_view;
mod status;
mod tags;
mod text;
mod transfer;

pub use assign::assign;
pub use attachments::{pick_attachment, read_attachment};
pub use completion::{complete, suggestions};
pub use edit::edit;
pub use filter::{filter, read_filter};
pub use links::{follow_link, merge, read_link, read_merge};
pub use macro_pick::{apply_macro, pick_macro};
pub use new_request::{new_request, resulting_due, resulting_priority};
pub use rate::rate;
pub use reprioritise::reprioritise;
pub use save_view::{read_view, save_view};
pub use status::status;
pub use tags::tags;
pub use text::text;
pub use transfer::transfer;

use crate::domain::text::inert_line;
use crate::domain::{DomainError, Person, Request};
use crate::tui::form::{FieldId, Form, Purpose};
use crate::tui::worker::Command;

fn labels<T: std::fmt::Display>(all: &[T]) -> Vec<String> {
    all.iter().map(std::string::ToString::to_string).collect()
}

fn index_of<T: PartialEq>(all: &[T], v: T) -> usize {
    all.iter().position(|x| *x == v).unwrap_or(0)
}

fn subject(r: &Request) -> String {
    inert_line(&r.subject)
}

/// What was typed in a field, or None when it is blank.
fn optional(form: &Form, label: FieldId) -> Option<String> {
    Some(form.value(label).trim().to_string()).filter(|v| !v.is_empty())
}

/// What was typed in a field that must not be blank; a blank one is
/// marked with what to write.
fn required(form: &mut Form, label: FieldId, what: &str) -> Option<String> {
    let v = form.value(label).trim().to_string();
    if v.is_empty() {
        form.fail(label, format!("write {what} first"));
        return None;
    }
    Some(v)
}

/// The form field a domain error is about.
fn field_for(err: &DomainError) -> Option<FieldId> {
    let field = match err {
        DomainError::Empty { field }
        | DomainError::TooLong { field, .. }
        | DomainError::InvalidValue { field, .. } => *field,
        _ => "",
    };
    Some(match field {
        "subject" => FieldId::Subject,
        "requester" => FieldId::Requester,
        "department" => FieldId::Department,
        "contact" => FieldId::Contact,
        "category" => FieldId::Category,
        "body" => FieldId::Description,
        "date" => FieldId::ReplyBy,
        _ => return None,
    })
}

/// The request a dialog was opened on.
fn request_id(form: &Form) -> crate::domain::RequestId {
    form.request.map(|(id, _)| id).unwrap_or_default()
}

/// Checks a submitted form; marks the fields that are wrong, or returns
/// the write it asks for.
pub fn to_write(form: &mut Form, people: &[Person]) -> Option<Command> {
    match form.purpose {
        Purpose::NewRequest => new_request::read(form, people),
        Purpose::Reply
        | Purpose::Note
        | Purpose::Escalate
        | Purpose::DeEscalate
        | Purpose::Close
        | Purpose::Resolve
        | Purpose::Reopen
        | Purpose::FollowUpDone => text::read(form),
        Purpose::Edit => edit::read(form),
        Purpose::Assign => assign::read(form, people),
        Purpose::Transfer => transfer::read(form),
        Purpose::Status => status::read(form),
        Purpose::Reprioritise => reprioritise::read(form),
        Purpose::Rate => rate::read(form),
        Purpose::Tags => tags::read(form),
        Purpose::Filter
        | Purpose::SaveView
        | Purpose::PickMacro
        | Purpose::ApplyMacro
        | Purpose::FollowLink
        | Purpose::SaveAttachment
        | Purpose::Merge => None,
    }
}
