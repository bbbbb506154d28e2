//! What each key on the selected request opens: a dialog, a write that
//! needs no dialog, a window — or a refusal, by the rule the store would
//! apply (`domain::decide`), said before anything is typed. Each binding
//! in `keymap.rs` names its opener beside the key, so the app looks it up
//! instead of matching on every action.

use super::dialogs;
use super::form::{Form, Purpose};
use super::worker::Detail;
use crate::domain::approval::refusal_to_decide;
use crate::domain::command::Command;
use crate::domain::decide::{refusal, Act};
use crate::domain::sla::SlaPolicy;
use crate::domain::{Request, Role};
use crate::store::RequestChange;

/// What the app knows when a request key is pressed.
pub struct OnRequest<'a> {
    /// The selected request, as last loaded.
    pub request: &'a Request,
    /// The detail pane's request and history, when it is this request's.
    pub detail: Option<&'a Detail>,
    pub actor: &'a str,
    /// The acting person's role, when they are on the desk's staff list.
    pub role: Option<Role>,
    pub has_macros: bool,
    /// The knowledge base, for the answers a reply is offered.
    pub answers: &'a [crate::domain::answer::Answer],
    pub custom_fields: &'a [crate::domain::custom_field::CustomField],
    pub sla: Option<&'a SlaPolicy>,
    pub now: i64,
}

/// What a request key opens.
pub enum Opened {
    Form(Form),
    /// A change made at once, based on the version on screen.
    Write(Command),
    /// The lines of the SLA clock explained.
    Explanation(Vec<String>),
    /// Not now, and why.
    Refused(String),
}

/// A request key's opener.
pub type Opener = fn(&OnRequest<'_>) -> Opened;

/// The dialog, unless the rule for `act` refuses it.
fn unless_refused(on: &OnRequest<'_>, act: Act, form: impl FnOnce() -> Form) -> Opened {
    match refusal(act, on.request, on.role) {
        Some(why) => Opened::Refused(why),
        None => Opened::Form(form()),
    }
}

fn text(on: &OnRequest<'_>, purpose: Purpose) -> Opened {
    Opened::Form(dialogs::text(purpose, on.request))
}

/// A reply, offered the answers that speak to the request's subject.
pub fn reply(on: &OnRequest<'_>) -> Opened {
    let mut form = dialogs::text(Purpose::Reply, on.request);
    form.offered = crate::domain::answer::offered_for(&on.request.subject, on.answers)
        .into_iter()
        .map(|a| (a.number, a.title.clone()))
        .collect();
    Opened::Form(form)
}

pub fn note(on: &OnRequest<'_>) -> Opened {
    text(on, Purpose::Note)
}

pub fn escalate(on: &OnRequest<'_>) -> Opened {
    text(on, Purpose::Escalate)
}

pub fn resolve(on: &OnRequest<'_>) -> Opened {
    text(on, Purpose::Resolve)
}

pub fn close_unresolved(on: &OnRequest<'_>) -> Opened {
    text(on, Purpose::Close)
}

pub fn reopen(on: &OnRequest<'_>) -> Opened {
    unless_refused(on, Act::Reopen, || dialogs::text(Purpose::Reopen, on.request))
}

pub fn follow_up_done(on: &OnRequest<'_>) -> Opened {
    unless_refused(on, Act::FollowUpDone, || {
        dialogs::text(Purpose::FollowUpDone, on.request)
    })
}

pub fn rate(on: &OnRequest<'_>) -> Opened {
    unless_refused(on, Act::Rate, || dialogs::rate(on.request))
}

/// Someone who is not a lead is refused, as from the command line: the
/// attempt is history, so it goes to the store, which records and refuses
/// it.
pub fn de_escalate(on: &OnRequest<'_>) -> Opened {
    match refusal(Act::DeEscalate, on.request, on.role) {
        Some(_) if on.role != Some(Role::Lead) => Opened::Write(Command::DeEscalate {
            id: on.request.id,
            reason: String::new(),
        }),
        Some(why) => Opened::Refused(why),
        None => Opened::Form(dialogs::text(Purpose::DeEscalate, on.request)),
    }
}

pub fn acknowledge(on: &OnRequest<'_>) -> Opened {
    match refusal(Act::Acknowledge, on.request, on.role) {
        Some(why) => Opened::Refused(why),
        None => Opened::Write(Command::Acknowledge { id: on.request.id }),
    }
}

/// The request as the detail pane loaded it (with its approval and
/// watchers), when it is this one.
fn in_full<'a>(on: &OnRequest<'a>) -> Option<&'a Request> {
    on.detail.map(|d| &d.request).filter(|r| r.id == on.request.id)
}

pub fn ask_approval(on: &OnRequest<'_>) -> Opened {
    let r = in_full(on).unwrap_or(on.request);
    match r.pending_approval() {
        Some(a) => Opened::Refused(format!("#{} already waits on {}'s approval", r.id, a.approver)),
        None if !r.status.is_open() => Opened::Refused(format!(
            "#{} is {}; approval is asked while the work is open",
            r.id, r.status
        )),
        None => Opened::Form(dialogs::ask_approval(r)),
    }
}

pub fn decide_approval(on: &OnRequest<'_>) -> Opened {
    let r = in_full(on).unwrap_or(on.request);
    match refusal_to_decide(r, on.actor, on.role) {
        // Without the detail pane's reading the store decides.
        Some(_) if in_full(on).is_none() => Opened::Form(dialogs::decide_approval(r)),
        Some(why) => Opened::Refused(why),
        None => Opened::Form(dialogs::decide_approval(r)),
    }
}

/// The checklist as the detail pane read it (the queue's rows do not
/// carry one).
pub fn checklist(on: &OnRequest<'_>) -> Opened {
    match in_full(on) {
        Some(r) => Opened::Form(dialogs::checklist(r)),
        None => Opened::Refused(format!(
            "open #{} first (Enter) to work its checklist",
            on.request.id
        )),
    }
}

/// Watching is a switch: on when the person does not watch it yet.
pub fn watch(on: &OnRequest<'_>) -> Opened {
    let watching = in_full(on).is_some_and(|r| r.watchers.iter().any(|w| w.eq_ignore_ascii_case(on.actor)));
    Opened::Write(Command::Watch {
        id: on.request.id,
        on: !watching,
    })
}

pub fn take(on: &OnRequest<'_>) -> Opened {
    Opened::Write(Command::Update {
        id: on.request.id,
        change: RequestChange {
            assignee: Some(Some(on.actor.to_string())),
            ..Default::default()
        },
    })
}

pub fn change_status(on: &OnRequest<'_>) -> Opened {
    Opened::Form(dialogs::status(on.request))
}

pub fn tags(on: &OnRequest<'_>) -> Opened {
    Opened::Form(dialogs::tags(on.request))
}

pub fn edit(on: &OnRequest<'_>) -> Opened {
    let whole = on.detail.map(|d| &d.request);
    Opened::Form(dialogs::edit(
        whole.unwrap_or(on.request),
        whole.is_some(),
        on.custom_fields,
    ))
}

pub fn assign(on: &OnRequest<'_>) -> Opened {
    Opened::Form(dialogs::assign(on.request))
}

pub fn transfer(on: &OnRequest<'_>) -> Opened {
    Opened::Form(dialogs::transfer(on.request))
}

pub fn reprioritise(on: &OnRequest<'_>) -> Opened {
    Opened::Form(dialogs::reprioritise(on.request))
}

pub fn merge(on: &OnRequest<'_>) -> Opened {
    Opened::Form(dialogs::merge(on.request))
}

/// The links come with the loaded detail.
pub fn follow_link(on: &OnRequest<'_>) -> Opened {
    match on.detail.map(|d| &d.request) {
        Some(loaded) if !loaded.links.is_empty() => Opened::Form(dialogs::follow_link(loaded)),
        _ => Opened::Refused(format!("#{} has no linked requests", on.request.id)),
    }
}

pub fn apply_macro(on: &OnRequest<'_>) -> Opened {
    if on.has_macros {
        Opened::Form(dialogs::pick_macro(on.request))
    } else {
        Opened::Refused("no macros yet; keep one with `frontdesk macros add NAME --reply …`".into())
    }
}

/// The clock is explained from the loaded history.
pub fn explain_sla(on: &OnRequest<'_>) -> Opened {
    let explained = match (on.detail, on.sla) {
        (Some(d), Some(policy)) => crate::domain::sla_explain::explain(&d.request, &d.events, policy, on.now),
        _ => None,
    };
    match explained {
        Some(e) => Opened::Explanation(e.lines()),
        None => Opened::Refused(format!("#{} has no due time to explain", on.request.id)),
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::action::Action;
    use crate::tui::keymap::{bindings, Scope};

    /// Every key on the selected request opens something, except marking
    /// (which changes the selection, not the request) and saving a file
    /// (a read, allowed on a read-only desk): a key added without an
    /// opener would do nothing.
    #[test]
    fn every_request_key_names_what_it_opens() {
        let without: Vec<String> = bindings()
            .iter()
            .filter(|b| b.scope == Scope::Request && b.open.is_none())
            .filter(|b| {
                !matches!(
                    b.action,
                    Action::Mark | Action::MarkRange | Action::SaveAttachment
                )
            })
            .map(|b| b.help.to_string())
            .collect();
        assert!(without.is_empty(), "request keys that open nothing: {without:?}");
        let opened = bindings().iter().filter(|b| b.open.is_some()).count();
        assert_eq!(opened, 25);
    }
}
