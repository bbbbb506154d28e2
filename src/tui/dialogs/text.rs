//! One-text dialogs: reply, note, escalation and de-escalation reasons,
//! resolution, reopening, closing without resolving, follow-up calls.

use super::{request_id, required, subject};
use crate::domain::text::inert_line;
use crate::domain::Request;
use crate::tui::form::{Field, FieldId, Form, Purpose};
use crate::tui::worker::Command;

/// A one-text-field dialog: reply, note, escalation reason, resolution, …
pub fn text(purpose: Purpose, r: &Request) -> Form {
    let (title, label) = match purpose {
        Purpose::Reply => (
            format!(
                "Reply to {} on #{} {}",
                inert_line(&r.requester),
                r.id,
                subject(r)
            ),
            FieldId::Reply,
        ),
        Purpose::Note => (
            format!("Internal note on #{} {}", r.id, subject(r)),
            FieldId::Note,
        ),
        Purpose::Escalate => (
            format!(
                "Escalate #{} to level {} — why?",
                r.id,
                (r.escalation_level + 1).min(2)
            ),
            FieldId::Reason,
        ),
        Purpose::Resolve => (format!("Resolve #{} {}", r.id, subject(r)), FieldId::Resolution),
        Purpose::Reopen => (format!("Reopen #{} {}", r.id, subject(r)), FieldId::Reason),
        Purpose::FollowUpDone => (
            format!("Follow-up call on #{} done — what was said?", r.id),
            FieldId::Note,
        ),
        Purpose::Close => (
            format!(
                "Close #{} without resolving — a duplicate of which, or what mistake?",
                r.id
            ),
            FieldId::Reason,
        ),
        _ => (
            format!(
                "De-escalate #{} to level {}",
                r.id,
                r.escalation_level.saturating_sub(1)
            ),
            FieldId::Reason,
        ),
    };
    let mut fields = vec![match purpose {
        // @name makes a colleague watch the request and tells them.
        Purpose::Note => Field::multiline(label).suggesting(crate::tui::form::Suggest::Mentions),
        _ => Field::multiline(label),
    }];
    // Time is kept where work is done: replies, notes, resolutions.
    if matches!(purpose, Purpose::Reply | Purpose::Note | Purpose::Resolve) {
        fields.push(Field::text(FieldId::Minutes, ""));
    }
    Form::new(purpose, title, fields).on(r.id, r.version)
}

/// The write a one-text dialog asks for.
pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    let minutes = form.value(FieldId::Minutes);
    if !minutes.trim().is_empty()
        && !minutes
            .trim()
            .parse::<u32>()
            .is_ok_and(|m| (1..=1440).contains(&m))
    {
        form.fail(FieldId::Minutes, "minutes: a whole number from 1 to 1440");
        return None;
    }
    let write = match form.purpose {
        // A reply that came from an answer counts for it.
        Purpose::Reply => match form.answer {
            Some(number) => Command::ReplyWithAnswer {
                id,
                number,
                text: required(form, FieldId::Reply, "the reply")?,
            },
            None => Command::Reply {
                id,
                text: required(form, FieldId::Reply, "the reply")?,
            },
        },
        Purpose::Note => Command::Note {
            id,
            text: required(form, FieldId::Note, "the note")?,
        },
        Purpose::Escalate => Command::Escalate {
            id,
            reason: required(form, FieldId::Reason, "why it is escalated")?,
        },
        Purpose::DeEscalate => Command::DeEscalate {
            id,
            reason: required(form, FieldId::Reason, "why it can come down")?,
        },
        Purpose::Close => Command::Close {
            id,
            reason: required(
                form,
                FieldId::Reason,
                "why it is closed (a duplicate of which request?)",
            )?,
        },
        Purpose::Resolve => Command::Resolve {
            id,
            resolution: form.value(FieldId::Resolution).trim().to_string(),
        },
        Purpose::Reopen => Command::Reopen {
            id,
            reason: form.value(FieldId::Reason).trim().to_string(),
        },
        Purpose::FollowUpDone => Command::FollowUpDone {
            id,
            note: form.value(FieldId::Note).trim().to_string(),
        },
        _ => return None,
    };
    Some(write)
}
