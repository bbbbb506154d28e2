//! Asking a lead to approve a request, and the approver's decision.

use super::{request_id, required, subject};
use crate::domain::command::Command;
use crate::domain::Request;
use crate::tui::form::{Field, FieldId, Form, Purpose, Suggest};

const APPROVE: &str = "approve";
const REJECT: &str = "reject";

pub fn ask_approval(r: &Request) -> Form {
    Form::new(
        Purpose::AskApproval,
        format!(
            "Ask a lead to approve #{} {} (it waits meanwhile)",
            r.id,
            subject(r)
        ),
        vec![
            Field::text(FieldId::Approver, "").suggesting(Suggest::Staff),
            Field::text(FieldId::Reason, ""),
        ],
    )
    .on(r.id, r.version)
}

pub fn decide_approval(r: &Request) -> Form {
    let asked = r
        .pending_approval()
        .map(|a| format!(" — {} asks: {}", a.asked_by, a.reason))
        .unwrap_or_default();
    Form::new(
        Purpose::DecideApproval,
        format!("Approve #{}{asked}", r.id),
        vec![
            Field::choice(FieldId::Decision, vec![APPROVE.into(), REJECT.into()], 0),
            Field::text(FieldId::Note, ""),
        ],
    )
    .on(r.id, r.version)
}

pub(super) fn read_ask(form: &mut Form) -> Option<Command> {
    let approver = required(form, FieldId::Approver, "the lead who approves")?;
    let reason = required(form, FieldId::Reason, "what needs approving")?;
    Some(Command::AskApproval {
        id: request_id(form),
        approver,
        reason,
    })
}

pub(super) fn read_decision(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    let note = form.value(FieldId::Note).trim().to_string();
    if form.value(FieldId::Decision) == REJECT {
        if note.is_empty() {
            form.fail(FieldId::Note, "say why it is rejected");
            return None;
        }
        return Some(Command::Reject { id, reason: note });
    }
    Some(Command::Approve { id, note })
}
