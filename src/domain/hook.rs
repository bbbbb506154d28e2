//! What the outside hears of a change: the names hooks subscribe to
//! (`on = ["created", "resolved"]`), which events answer to which, and the
//! one JSON object a hook reads on its standard input.

use serde::Serialize;

use super::{Event, EventKind, RequestId};

/// The names a hook may subscribe to.
pub const HOOK_EVENTS: &[&str] = &[
    "created",
    "assigned",
    "status",
    "resolved",
    "closed",
    "reopened",
    "escalated",
    "reply",
    "note",
    "mentioned",
    "mail",
    "approval",
    "rating",
];

/// The names `e` answers to, the most particular first (a resolution is
/// "resolved" before it is a "status" change). `mentions` says whether a
/// note names colleagues.
pub fn names_for(e: &Event, mentions: bool) -> Vec<&'static str> {
    let new = e.new_value.as_deref();
    match e.kind {
        EventKind::Created => vec!["created"],
        EventKind::Assignee if new.is_some() => vec!["assigned"],
        EventKind::Status => match (e.old_value.as_deref(), new) {
            (_, Some("resolved")) => vec!["resolved", "status"],
            (_, Some("closed")) => vec!["closed", "status"],
            (Some("resolved" | "closed"), Some("open")) => vec!["reopened", "status"],
            _ => vec!["status"],
        },
        EventKind::Escalation if super::event::escalation_raised(e.old_value.as_deref(), new) => {
            vec!["escalated"]
        }
        EventKind::Reply => vec!["reply"],
        EventKind::Note if mentions => vec!["mentioned", "note"],
        EventKind::Note => vec!["note"],
        EventKind::Mail => vec!["mail"],
        EventKind::Approval => vec!["approval"],
        EventKind::Rating => vec!["rating"],
        _ => Vec::new(),
    }
}

/// One change as a hook reads it: the event, and the request as it
/// stands after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HookEvent {
    /// The name the hook subscribed to that this answers (set per hook).
    pub on: String,
    pub request: RequestId,
    pub event: i64,
    pub kind: EventKind,
    pub who: String,
    #[serde(rename = "when", with = "super::time::rfc3339")]
    pub at: i64,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub text: Option<String>,
    pub subject: String,
    pub status: String,
    pub team: Option<String>,
    pub assignee: Option<String>,
    pub priority: String,
    /// The staff a note names with `@`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mentioned: Vec<String>,
    /// The names it answers to, most particular first.
    #[serde(skip)]
    pub names: Vec<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(kind: EventKind, old: Option<&str>, new: Option<&str>) -> Event {
        Event {
            id: 1,
            request_id: RequestId(1),
            at: 0,
            actor: "ana".into(),
            kind,
            old_value: old.map(String::from),
            new_value: new.map(String::from),
            body: None,
            login: None,
            host: None,
            hash: None,
            attachments: Vec::new(),
        }
    }

    #[test]
    fn each_change_answers_to_its_most_particular_name_first() {
        assert_eq!(
            names_for(&event(EventKind::Status, Some("open"), Some("resolved")), false),
            ["resolved", "status"]
        );
        assert_eq!(
            names_for(&event(EventKind::Status, Some("closed"), Some("open")), false),
            ["reopened", "status"]
        );
        assert_eq!(
            names_for(&event(EventKind::Escalation, Some("0"), Some("1")), false),
            ["escalated"]
        );
        assert!(names_for(&event(EventKind::Escalation, Some("1"), Some("0")), false).is_empty());
        assert!(names_for(&event(EventKind::Assignee, Some("bo"), None), false).is_empty());
        assert_eq!(
            names_for(&event(EventKind::Note, None, None), true),
            ["mentioned", "note"]
        );
        assert!(names_for(&event(EventKind::Tags, None, None), false).is_empty());
        for names in [
            names_for(&event(EventKind::Created, None, Some("P2")), false),
            names_for(&event(EventKind::Approval, Some("alice"), Some("pending")), false),
        ] {
            assert!(names.iter().all(|n| HOOK_EVENTS.contains(n)));
        }
    }
}
