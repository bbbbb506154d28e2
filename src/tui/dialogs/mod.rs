//! The dialogs of the help desk, one file each: how it is laid out, and
//! what a submitted one asks for (`Submit`: a write, a filter, a request
//! to go to, another dialog — or nothing yet, with what is wrong marked).
//! `form.rs` edits any of them; `ui/dialog.rs` draws them.

mod approval;
mod assign;
mod attachments;
mod away;
mod checklist;
mod completion;
mod custom_fields;
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
mod team_mode;
mod text;
mod transfer;

pub use approval::{ask_approval, decide_approval};
pub use assign::assign;
pub use attachments::pick_attachment;
pub use away::away;
pub use checklist::checklist;
pub use completion::{complete, suggestions};
pub use edit::edit;
pub use filter::filter;
pub use links::{follow_link, merge};
pub use macro_pick::pick_macro;
pub use new_request::{apply_template, new_request, offer_duplicates, resulting_due, resulting_priority};
pub use rate::rate;
pub use reprioritise::reprioritise;
pub use save_view::save_view;
pub use status::status;
pub use tags::tags;
pub use team_mode::team_mode;
pub use text::text;
pub use transfer::transfer;

use crate::domain::canned::Macro;
use crate::domain::text::inert_line;
use crate::domain::{DomainError, Person, Request, RequestId};
use crate::tui::app::ExtraFilter;
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

/// What a submitted dialog asks the app to do.
#[derive(Debug)]
pub enum Submit {
    /// Nothing yet: the dialog stays open, with what is wrong marked or a
    /// question asked.
    Stay,
    /// A change to the desk, based on the version the dialog opened at.
    Write(Command),
    /// The queue's extra filter.
    Filter(ExtraFilter),
    /// Go to a request.
    Select(RequestId),
    /// Save attachment `number` of request `id` in the downloads folder.
    SaveFile { id: RequestId, number: i64 },
    /// Another dialog in its place (a macro's text to read first).
    Next(Box<Form>),
}

/// What a dialog reads besides its own fields: what the screen shows.
pub struct Seen<'a> {
    pub people: &'a [Person],
    pub macros: &'a [Macro],
    pub templates: &'a [crate::domain::template::Template],
    pub custom_fields: &'a [crate::domain::custom_field::CustomField],
    /// The request loaded in the detail pane.
    pub request: Option<&'a Request>,
    pub actor: &'a str,
    pub now: i64,
    /// The queue's scope and search, as a query a view keeps.
    pub shown_query: &'a str,
    pub sort: &'a str,
    /// The request last looked up while an id was typed, and its subject.
    pub peeked: Option<(RequestId, Option<&'a str>)>,
    /// The built-in view a number key opens, in words.
    pub built_in_view: &'a dyn Fn(u8) -> Option<String>,
}

/// Reads a submitted dialog: what it asks for, or `Stay` with the fields
/// that are wrong marked.
pub fn read(form: &mut Form, seen: &Seen<'_>) -> Submit {
    let write = |command: Option<Command>| command.map_or(Submit::Stay, Submit::Write);
    match form.purpose {
        Purpose::NewRequest => match new_request::chosen_duplicate(form) {
            // The agent chose the request it repeats: that one opens.
            Some(id) => Submit::Select(id),
            None => write(new_request::read(
                form,
                seen.people,
                seen.templates,
                seen.custom_fields,
            )),
        },
        Purpose::Reply
        | Purpose::Note
        | Purpose::Escalate
        | Purpose::DeEscalate
        | Purpose::Close
        | Purpose::Resolve
        | Purpose::Reopen
        | Purpose::FollowUpDone => write(text::read(form)),
        Purpose::Edit => write(edit::read(form, seen.custom_fields, seen.request)),
        Purpose::Assign => write(assign::read(form, seen.people)),
        Purpose::Transfer => write(transfer::read(form)),
        Purpose::Status => write(status::read(form)),
        Purpose::Reprioritise => write(reprioritise::read(form)),
        Purpose::Rate => write(rate::read(form)),
        Purpose::Tags => write(tags::read(form)),
        Purpose::Filter => Submit::Filter(filter::read_filter(form)),
        Purpose::SaveView => save_view::read_save_view(form, seen),
        Purpose::PickMacro => macro_pick::read_pick(form, seen),
        Purpose::ApplyMacro => macro_pick::read_apply(form),
        Purpose::FollowLink => links::read_link(form),
        Purpose::SaveAttachment => attachments::read_attachment(form),
        Purpose::Merge => links::read_merge(form, seen),
        Purpose::Away => write(away::read(form, seen)),
        Purpose::AskApproval => write(approval::read_ask(form)),
        Purpose::DecideApproval => write(approval::read_decision(form)),
        Purpose::Checklist => write(checklist::read(form)),
        Purpose::TeamMode => write(team_mode::read(form)),
    }
}
