use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;
use super::sla::{Due, DueSource, DueState};
use super::{priority_for, DomainError, Impact, Priority, Status, Urgency};

labelled_enum!(
    /// How the request reached the desk.
    Channel, "channel" { Phone => "phone", Email => "email", WalkIn => "walk-in", Chat => "chat", Web => "web" }
);
labelled_enum!(
    /// Why a resolved request needs a call back: to ask for the rating, or
    /// to put things right after a low score (owned by a team lead).
    FollowUpKind, "follow-up kind" { Rating => "rating", Recovery => "recovery" }
);
labelled_enum!(
    /// What sort of work it is. Complaints get a follow-up and service recovery.
    Kind, "kind" { Request => "request", Incident => "incident", Question => "question", Complaint => "complaint" }
);

/// A request as stored. Times are unix seconds, UTC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    pub id: super::RequestId,
    pub subject: String,
    pub body: String,
    pub requester: String,
    pub department: Option<String>,
    pub contact: Option<String>,
    pub channel: Channel,
    pub kind: Kind,
    pub category: Option<String>,
    pub urgency: Urgency,
    pub impact: Impact,
    pub key_customer: bool,
    pub priority: Priority,
    pub status: Status,
    pub assignee: Option<String>,
    pub team: Option<String>,
    pub escalation_level: u8,
    #[serde(with = "super::time::rfc3339")]
    pub created_at: i64,
    #[serde(with = "super::time::rfc3339_opt")]
    pub first_response_at: Option<i64>,
    #[serde(with = "super::time::rfc3339_opt")]
    pub resolved_at: Option<i64>,
    #[serde(with = "super::time::rfc3339_opt")]
    pub reply_by: Option<i64>,
    #[serde(with = "super::time::rfc3339")]
    pub updated_at: i64,
    pub version: super::Version,
    /// When the first response falls due (SLA).
    #[serde(with = "super::time::rfc3339_opt", default)]
    pub response_due_at: Option<i64>,
    /// When the resolution falls due (SLA).
    #[serde(with = "super::time::rfc3339_opt", default)]
    pub resolve_due_at: Option<i64>,
    /// Business seconds the clock has been paused while waiting.
    #[serde(default)]
    pub paused_seconds: i64,
    /// When someone should call the requester back, and why.
    #[serde(with = "super::time::rfc3339_opt", default)]
    pub follow_up_at: Option<i64>,
    #[serde(default)]
    pub follow_up_kind: Option<FollowUpKind>,
    #[serde(default)]
    pub follow_up_owner: Option<String>,
    /// Its tags, lowercase, in order.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Minutes staff recorded spending on it (the `time` events).
    #[serde(default)]
    pub time_spent_minutes: i64,
    /// The requests linked to it, both ways.
    #[serde(default)]
    pub links: Vec<super::link::Linked>,
    /// People copied on it (the requesters of duplicates merged into it).
    #[serde(default)]
    pub cc: Vec<String>,
    /// The files that came with it and its messages.
    #[serde(default)]
    pub attachments: Vec<super::attachment::Attachment>,
    /// The latest approval asked for it (read with the request alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<super::approval::Approval>,
    /// Who watches it (read with the request alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub watchers: Vec<String>,
    /// Its checklist (read with the request alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<super::template::ChecklistItem>,
    /// Its custom fields' values, by field name in the order the fields
    /// were defined, as the forms ask for them (read with the request
    /// alone).
    #[serde(default, skip_serializing_if = "indexmap::IndexMap::is_empty")]
    pub fields: FieldValues,
    /// The stored state of the SLA clock; recomputed by the store, so it is
    /// not part of exports.
    #[serde(skip)]
    pub clock: RequestClock,
}

/// A request's custom field values, by name, in the fields' order.
pub type FieldValues = indexmap::IndexMap<String, String>;

/// The SLA clock as stored with a request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestClock {
    pub started_at: i64,
    /// Wall-clock seconds spent waiting over the request's life.
    pub paused_wall_seconds: i64,
    pub waiting_since: Option<i64>,
    pub due_at: Option<i64>,
    pub risk_at: Option<i64>,
    pub due_source: Option<DueSource>,
}

impl Request {
    /// A sound open request for unit tests to start from.
    #[cfg(test)]
    pub(crate) fn example(id: i64) -> Request {
        let id = super::RequestId(id);
        use super::{Channel, Impact, Kind, Priority, Status, Urgency};
        Request {
            id,
            subject: "Printer jams".into(),
            body: String::new(),
            requester: "Ben".into(),
            department: None,
            contact: None,
            channel: Channel::Phone,
            kind: Kind::Request,
            category: None,
            urgency: Urgency::Low,
            impact: Impact::Low,
            key_customer: false,
            priority: Priority::P4,
            status: Status::Open,
            assignee: None,
            team: None,
            escalation_level: 0,
            created_at: 1_790_000_000,
            first_response_at: None,
            resolved_at: None,
            reply_by: None,
            updated_at: 1_790_000_100,
            version: super::Version(1),
            response_due_at: None,
            resolve_due_at: None,
            paused_seconds: 0,
            follow_up_at: None,
            follow_up_kind: None,
            follow_up_owner: None,
            tags: Vec::new(),
            time_spent_minutes: 0,
            links: Vec::new(),
            cc: Vec::new(),
            attachments: Vec::new(),
            approval: None,
            watchers: Vec::new(),
            checklist: Vec::new(),
            fields: Default::default(),
            clock: Default::default(),
        }
    }

    /// Where the request stands against its promises at `now`.
    pub fn due(&self, now: i64) -> Option<Due> {
        let due_at = self.clock.due_at?;
        let risk_at = self.clock.risk_at.unwrap_or(due_at);
        let state = if self.status.is_done() {
            DueState::Done
        } else if let Some(since) = self.clock.waiting_since {
            if since >= due_at {
                DueState::Breached
            } else {
                DueState::Paused
            }
        } else if now >= due_at {
            DueState::Breached
        } else if now >= risk_at {
            DueState::AtRisk
        } else {
            DueState::OnTrack
        };
        Some(Due {
            state,
            source: self.clock.due_source.unwrap_or(DueSource::Resolve),
            due_at,
        })
    }
}

/// What an agent records when a colleague calls, mails or walks up.
#[derive(Debug, Clone, PartialEq, Eq)]

pub struct NewRequest {
    pub subject: String,
    pub body: String,
    pub requester: String,
    pub department: Option<String>,
    pub contact: Option<String>,
    pub channel: Channel,
    pub kind: Kind,
    pub category: Option<String>,
    pub urgency: Urgency,
    pub impact: Impact,
    /// Flag the requester as a key customer (kept on the person).
    pub key_customer: bool,
    pub reply_by: Option<i64>,
    /// The team it is for; one that assigns automatically gives it an
    /// owner at once.
    pub team: Option<String>,
    /// The checklist its work follows (from a template).
    pub checklist: Vec<String>,
    /// Custom field values, `(name, value)`, checked by the store against
    /// the fields the desk defines.
    pub fields: Vec<(String, String)>,
}

impl Default for NewRequest {
    fn default() -> Self {
        NewRequest {
            subject: String::new(),
            body: String::new(),
            requester: String::new(),
            department: None,
            contact: None,
            channel: Channel::Phone,
            kind: Kind::Request,
            category: None,
            urgency: Urgency::Medium,
            impact: Impact::Medium,
            key_customer: false,
            reply_by: None,
            team: None,
            checklist: Vec::new(),
            fields: Vec::new(),
        }
    }
}

/// Upper bounds on stored text, in characters, so one paste cannot bloat the
/// shared file or the screen.
pub const FIELD_LIMITS: &[(&str, usize)] = &[
    ("subject", 200),
    ("body", 20_000),
    ("requester", 100),
    ("name", 100),
    ("department", 100),
    ("contact", 200),
    ("category", 60),
    ("team", 60),
    ("text", 20_000),
    ("reason", 2_000),
    ("resolution", 20_000),
    ("comment", 2_000),
];

pub fn limit_for(field: &str) -> usize {
    FIELD_LIMITS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(2_000, |(_, n)| *n)
}

/// Fields that hold several lines; every other field is one line.
const MULTI_LINE: &[&str] = &["body", "text", "reason", "resolution", "comment"];

/// Fields that name something the desk keeps (a view, a macro): no
/// control character at all, not even a tab.
const NAMES: &[&str] = &["view name", "macro name"];

/// Characters that start a new line in a terminal, a mail header
/// (`\r\n Bcc:`) or a CSV export. (U+2028 and U+2029 break lines only
/// where text is laid out, and are shown inert.)
pub fn breaks_line(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}')
}

/// Refuses text longer than the field's limit, a line break in a
/// one-line field, and a control character in a name.
pub fn check_length(field: &'static str, value: &str) -> Result<(), DomainError> {
    let chars = value.chars().count();
    let max = limit_for(field);
    if chars > max {
        return Err(DomainError::TooLong { field, chars, max });
    }
    if !MULTI_LINE.contains(&field) && value.contains(breaks_line) {
        return Err(DomainError::Rule(format!(
            "{field} must be one line (it holds a line break)"
        )));
    }
    if NAMES.contains(&field) && value.contains(char::is_control) {
        return Err(DomainError::Rule(format!(
            "{field} must not hold control characters"
        )));
    }
    Ok(())
}

/// Refuses empty or over-long required text; returns it trimmed.
pub fn required_text(field: &'static str, value: &str) -> Result<String, DomainError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(DomainError::Empty { field });
    }
    check_length(field, trimmed)?;
    Ok(trimmed.to_string())
}

/// The longest tag, in characters.
pub const TAG_LIMIT: usize = 40;

/// The most tags one request carries: enough to sort any request, few
/// enough that the queue's line and the history's event stay readable.
pub const TAGS_PER_REQUEST: usize = 20;

/// Refuses more than `TAGS_PER_REQUEST` tags on one request.
pub fn check_tag_count(count: usize) -> Result<(), DomainError> {
    if count > TAGS_PER_REQUEST {
        return Err(DomainError::Rule(format!(
            "a request carries at most {TAGS_PER_REQUEST} tags ({count} asked); take some off first"
        )));
    }
    Ok(())
}

/// A tag as it is kept: lowercase, without a leading `#`; one word of
/// letters, digits, `-`, `_`, `.` or `/` (any script), at most
/// `TAG_LIMIT` characters.
pub fn tag(text: &str) -> Result<String, DomainError> {
    let tag = text.trim().trim_start_matches('#').to_lowercase();
    let valid = "one word of letters, digits, - _ . / (at most 40 characters)";
    if tag.is_empty()
        || tag.chars().count() > TAG_LIMIT
        || !tag.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c))
    {
        return Err(DomainError::InvalidValue {
            field: "tag",
            value: text.to_string(),
            valid: valid.into(),
        });
    }
    Ok(tag)
}

/// Optional text: blank becomes None; over-long is refused.
pub fn optional_text(field: &'static str, value: Option<&str>) -> Result<Option<String>, DomainError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            check_length(field, v)?;
            Ok(Some(v.to_string()))
        }
    }
}

/// A contact, checked for the channel it is used on: replies to a request
/// that came by mail go to its contact, so there it is one address or no
/// address at all (a phone number), never a list.
pub fn contact_for(channel: Channel, contact: Option<&str>) -> Result<Option<String>, DomainError> {
    let contact = optional_text("contact", contact)?;
    if let Some(c) = &contact {
        let listed = c.contains([',', ';']) || c.matches('@').count() > 1;
        if channel == Channel::Email && c.contains('@') && (listed || !super::mail::is_address(c)) {
            return Err(DomainError::InvalidValue {
                field: "contact",
                value: c.clone(),
                valid: "one e-mail address for a request by mail".into(),
            });
        }
    }
    Ok(contact)
}

impl NewRequest {
    /// Checks every field and trims the text, so the store only sees
    /// clean values.
    pub fn validated(self) -> Result<NewRequest, DomainError> {
        check_length("body", &self.body)?;
        Ok(NewRequest {
            subject: required_text("subject", &self.subject)?,
            requester: required_text("requester", &self.requester)?,
            department: optional_text("department", self.department.as_deref())?,
            contact: contact_for(self.channel, self.contact.as_deref())?,
            category: optional_text("category", self.category.as_deref())?,
            team: optional_text("team", self.team.as_deref())?,
            checklist: self
                .checklist
                .iter()
                .map(|i| super::template::item_text(i))
                .collect::<Result<_, _>>()?,
            ..self
        })
    }

    pub fn priority(&self) -> Priority {
        priority_for(self.urgency, self.impact, self.key_customer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_request_needs_a_subject_and_a_requester() {
        let err = NewRequest {
            requester: "Ana".into(),
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        assert_eq!(err.to_string(), "subject must not be empty");
        let err = NewRequest {
            subject: "VPN".into(),
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        assert_eq!(err.to_string(), "requester must not be empty");
    }

    #[test]
    fn oversized_text_is_refused_and_cjk_counts_by_character() {
        let subject = "打".repeat(200);
        let ok = NewRequest {
            subject: subject.clone(),
            requester: "王芳".into(),
            ..Default::default()
        };
        assert_eq!(ok.validated().unwrap().subject, subject);
        let long = NewRequest {
            subject: "x".repeat(201),
            requester: "A".into(),
            ..Default::default()
        };
        assert_eq!(
            long.validated().unwrap_err().to_string(),
            "subject is too long (201 characters, at most 200)"
        );
    }

    #[test]
    fn one_line_fields_refuse_line_breaks_and_mail_contacts_are_one_address() {
        let with = |f: fn(&mut NewRequest)| {
            let mut r = NewRequest {
                subject: "VPN".into(),
                requester: "Ana".into(),
                ..Default::default()
            };
            f(&mut r);
            r.validated().map_err(|e| e.to_string())
        };
        let err = with(|r| r.contact = Some("a@b.c\r\nBcc: x@y.z".into())).unwrap_err();
        assert_eq!(err, "contact must be one line (it holds a line break)");
        for breaking in ["a\nb", "a\rb", "a\u{0b}b", "a\u{85}b"] {
            let subject = breaking.to_string();
            assert!(required_text("subject", &subject).is_err(), "{subject:?}");
        }
        assert!(with(|r| r.department = Some("IT\nBcc".into())).is_err());
        assert!(with(|r| r.body = "two\nlines".into()).is_ok());
        assert!(with(|r| r.subject = "tab\there".into()).is_ok());
        let mail = |contact: &str| {
            NewRequest {
                subject: "VPN".into(),
                requester: "Ana".into(),
                channel: Channel::Email,
                contact: Some(contact.into()),
                ..Default::default()
            }
            .validated()
            .map_err(|e| e.to_string())
        };
        let err = mail("a@b.c,evil@x.org").unwrap_err();
        assert!(err.contains("one e-mail address"), "{err}");
        assert!(mail("ana@corp.example").is_ok());
        assert!(mail("a@b.c; c@d.e").is_err());
        // A phone request may note two addresses to call back on.
        assert!(with(|r| r.contact = Some("a@b.c, 555-1234".into())).is_ok());
        assert!(required_text("view name", "mine\u{1b}[31m").is_err());
        assert!(required_text("view name", "mine\tx").is_err());
    }

    #[test]
    fn key_customer_flag_raises_priority() {
        let r = NewRequest {
            key_customer: true,
            ..Default::default()
        };
        assert_eq!(r.priority(), Priority::P2);
    }
}
