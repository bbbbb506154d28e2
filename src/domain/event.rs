use serde::Serialize;

use super::labels::labelled_enum;

labelled_enum!(
    /// What kind of change an event records. The history is append-only.
    EventKind, "event kind" {
        Created => "created",
        Reply => "reply",
        Note => "note",
        Status => "status",
        Assignee => "assignee",
        Priority => "priority",
        Urgency => "urgency",
        Impact => "impact",
        Team => "team",
        Category => "category",
        Escalation => "escalation",
        Acknowledged => "acknowledged",
        Refused => "refused",
        FollowUp => "follow_up",
        Rating => "rating",
        Subject => "subject",
        Description => "description",
        Contact => "contact",
        ReplyBy => "reply_by",
        Tags => "tags",
        Time => "time",
        Link => "link",
        Cc => "cc",
        Mail => "mail",
        DeliveryFailure => "delivery_failure",
        Approval => "approval",
        Checklist => "checklist",
        Field => "field",
    }
);

impl EventKind {
    /// Only a reply reaches the requester; everything else is internal.
    pub fn is_seen_by_requester(self) -> bool {
        self == EventKind::Reply
    }
}

/// One entry of a request's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Event {
    pub id: i64,
    pub request_id: super::RequestId,
    /// Unix seconds, UTC.
    #[serde(with = "super::time::rfc3339")]
    pub at: i64,
    pub actor: String,
    pub kind: EventKind,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub body: Option<String>,
    /// The operating-system login and host that recorded it (None for
    /// history recorded before they were kept).
    #[serde(default)]
    pub login: Option<String>,
    #[serde(default)]
    pub host: Option<String>,
    /// Its link in the history's hash chain, as hex.
    #[serde(default)]
    pub hash: Option<String>,
    /// The files that came with it (a mail's attachments).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<super::attachment::Attachment>,
}

/// The acting name, with the login and host behind it when they differ
/// (`ana (as root@desk2)`): `--as` names who acted, the login who typed.
pub fn recorded_by(actor: &str, login: Option<&str>, host: Option<&str>) -> String {
    match (login, host) {
        (Some(login), Some(host)) if login != actor => format!("{actor} (as {login}@{host})"),
        _ => actor.to_string(),
    }
}

impl Event {
    /// One line saying what changed, e.g. `status open → resolved`. Callers
    /// make it inert before printing.
    pub fn summary(&self) -> String {
        let change = match (&self.old_value, &self.new_value) {
            (Some(old), Some(new)) => format!("{old} → {new}"),
            (None, Some(new)) => new.clone(),
            (Some(old), None) => format!("{old} → (none)"),
            (None, None) => String::new(),
        };
        if let Some(mode) = self.turn_taken() {
            let to = self.new_value.as_deref().unwrap_or("(none)");
            return format!("assigned to {to} by the desk ({mode})");
        }
        let label = match self.kind {
            EventKind::Note => "internal note",
            EventKind::Created => "created",
            EventKind::FollowUp => "follow-up",
            EventKind::Mail => {
                let from = self.new_value.as_deref().unwrap_or("the requester");
                return format!("mail from {from}");
            }
            EventKind::DeliveryFailure => "mail not delivered",
            // The field's name is the body: `site Beijing → Shanghai`.
            EventKind::Field => {
                let name = self.body.as_deref().unwrap_or("field");
                return format!("{name} {change}").trim_end().to_string();
            }
            // "done 2: Laptop": the state, the number and the text.
            EventKind::Checklist => {
                return format!("checklist {}", self.new_value.as_deref().unwrap_or(""));
            }
            // The approver is the old value, the state the new one.
            EventKind::Approval => {
                let approver = self.old_value.as_deref().unwrap_or("a lead");
                return match self.new_value.as_deref() {
                    Some("approved") => format!("approved (asked of {approver})"),
                    Some("rejected") => format!("rejected (asked of {approver})"),
                    _ => format!("approval asked of {approver}"),
                };
            }
            EventKind::Time => {
                let minutes = self
                    .new_value
                    .as_deref()
                    .and_then(|m| m.parse::<i64>().ok())
                    .unwrap_or(0);
                return format!("spent {}", super::time::short_duration(minutes * 60));
            }
            EventKind::Escalation
                if escalation_lowered(self.old_value.as_deref(), self.new_value.as_deref()) =>
            {
                "de-escalated"
            }
            EventKind::Escalation => "escalated",
            other => other.as_str(),
        };
        format!("{label} {change}").trim_end().to_string()
    }
}

impl Event {
    /// The team's mode, when this is the desk giving the request an owner
    /// by turn (its body names the mode).
    fn turn_taken(&self) -> Option<super::team::AssignMode> {
        (self.kind == EventKind::Assignee)
            .then(|| self.body.as_deref()?.parse().ok())
            .flatten()
    }

    /// The text shown under the summary line: none when the summary
    /// already says it.
    pub fn shown_body(&self) -> Option<&str> {
        match self.turn_taken() {
            Some(_) => None,
            None if self.kind == EventKind::Field => None,
            None => self.body.as_deref(),
        }
    }
}

fn level(value: Option<&str>) -> Option<i64> {
    value.and_then(|v| v.parse().ok())
}

/// Whether an escalation event from `old` to `new` raised the level.
pub fn escalation_raised(old: Option<&str>, new: Option<&str>) -> bool {
    level(old) < level(new)
}

/// Whether it lowered it (a de-escalation).
pub fn escalation_lowered(old: Option<&str>, new: Option<&str>) -> bool {
    old.is_some() && level(new) < level(old)
}

/// First response is the first reply the requester sees; it is set once.
/// Given the request's current first response and a new event, returns the
/// first response time to keep.
pub fn first_response_after(current: Option<i64>, kind: EventKind, at: i64) -> Option<i64> {
    match current {
        Some(t) => Some(t),
        None if kind.is_seen_by_requester() => Some(at),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_note_is_not_a_first_response() {
        assert_eq!(first_response_after(None, EventKind::Note, 100), None);
        assert_eq!(first_response_after(None, EventKind::Status, 100), None);
    }

    #[test]
    fn the_first_reply_sets_first_response_once() {
        let first = first_response_after(None, EventKind::Reply, 100);
        assert_eq!(first, Some(100));
        assert_eq!(first_response_after(first, EventKind::Reply, 200), Some(100));
    }
}
