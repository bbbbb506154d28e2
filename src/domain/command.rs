//! Everything that can be done to a desk, as data: to its requests, and
//! to what the team keeps beside them (views, macros, people, the service
//! targets). The command line, the app's dialogs and its keys all build
//! one of these, and the store carries it out (`Store::execute`): adding a
//! command is a variant here, an arm there, and the words and keys that
//! ask for it.

use super::answer::Answer;
use super::canned::Macro;
use super::custom_field::CustomField;
use super::link::LinkKind;
use super::person::PersonUpdate;
use super::rating::Scores;
use super::recurring::RecurringRule;
use super::saved_view::SavedView;
use super::sla::SlaPolicy;
use super::target::Target;
use super::team::{AssignMode, Team};
use super::template::{ChecklistChange, Template};
use super::{Impact, NewRequest, Person, Request, RequestId, Status, Urgency};

/// Field changes asked of a request; `None` leaves a field alone.
/// `Some(None)` clears an optional field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestChange {
    pub status: Option<Status>,
    pub assignee: Option<Option<String>>,
    pub urgency: Option<Urgency>,
    pub impact: Option<Impact>,
    pub team: Option<Option<String>>,
    pub category: Option<Option<String>>,
    /// Corrections to what was recorded: each is an event with the old and
    /// the new value.
    pub subject: Option<String>,
    pub body: Option<String>,
    pub contact: Option<Option<String>>,
    pub reply_by: Option<Option<i64>>,
    /// Why, recorded with a status change (a resolution, a reopen reason).
    pub reason: Option<String>,
    /// Custom field values to set, `(name, value)`; an empty value clears
    /// the field.
    pub fields: Vec<(String, String)>,
}

/// One thing asked of the desk. Texts that may be left blank (a
/// resolution, a reopen reason, a follow-up note) count as not given when
/// blank.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Create(NewRequest),
    /// Merge duplicate `id` into `into`: its conversation is copied
    /// there, its requester copied on it, and it is closed.
    Merge {
        id: RequestId,
        into: RequestId,
    },
    /// Link `id` to `target` as `kind` ("`id` is the parent of `target`").
    Link {
        id: RequestId,
        target: RequestId,
        kind: LinkKind,
    },
    Unlink {
        id: RequestId,
        target: RequestId,
    },
    /// Apply the macro `name`, its reply or note as `text` says when the
    /// person changed it.
    ApplyMacro {
        id: RequestId,
        name: String,
        text: Option<String>,
    },
    Update {
        id: RequestId,
        change: RequestChange,
    },
    /// A reply to the requester (the first one is the first response).
    Reply {
        id: RequestId,
        text: String,
    },
    /// An internal note.
    Note {
        id: RequestId,
        text: String,
    },
    Escalate {
        id: RequestId,
        reason: String,
    },
    Resolve {
        id: RequestId,
        resolution: String,
    },
    Reopen {
        id: RequestId,
        reason: String,
    },
    Rate {
        id: RequestId,
        scores: Scores,
        /// Close the request once rated (the follow-up call ends).
        close: bool,
    },
    /// A lead has seen the escalation.
    Acknowledge {
        id: RequestId,
    },
    DeEscalate {
        id: RequestId,
        reason: String,
    },
    FollowUpDone {
        id: RequestId,
        note: String,
    },
    /// Close without resolving (a duplicate, or recorded by mistake).
    Close {
        id: RequestId,
        reason: String,
    },
    /// Tags put on (`add`) and taken off (`remove`) a request.
    Tag {
        id: RequestId,
        add: Vec<String>,
        remove: Vec<String>,
    },
    /// Demo data into an empty desk.
    LoadDemo {
        requests: usize,
    },
    /// Keep a view: the person's own, or shared with the team.
    SaveView(SavedView),
    /// Remove the person's view `name`, or a shared one.
    RemoveView {
        name: String,
    },
    /// Keep a macro, replacing one of the same name.
    SaveMacro(Macro),
    RemoveMacro {
        name: String,
    },
    /// Record a person, or change what is known about them.
    SavePerson {
        name: String,
        update: PersonUpdate,
    },
    /// The service targets and business calendar the whole desk keeps.
    SetSlaPolicy(Box<SlaPolicy>),
    /// A service target the team is held to (a lead's), replacing one of
    /// the same name.
    SetTarget(Box<Target>),
    RemoveTarget {
        name: String,
    },
    /// After how many days resolved requests nobody rated close
    /// themselves (a lead's to change).
    SetAutoClose {
        days: i64,
    },
    /// Ask `approver` (a lead) to approve request `id`, for `reason`: it
    /// waits on their decision.
    AskApproval {
        id: RequestId,
        approver: String,
        reason: String,
    },
    /// The approver's (or a lead's) yes, with an optional note.
    Approve {
        id: RequestId,
        note: String,
    },
    /// The approver's (or a lead's) no, with why.
    Reject {
        id: RequestId,
        reason: String,
    },
    /// A change to request `id`'s checklist.
    Checklist {
        id: RequestId,
        change: ChecklistChange,
    },
    /// Record `template`'s request on the schedule `cron` (a lead's).
    SetRecurring {
        name: String,
        template: String,
        cron: String,
    },
    RemoveRecurring {
        name: String,
    },
    /// Keep an answer: `body`, or what resolved request `from` teaches.
    SaveAnswer {
        title: String,
        body: String,
        from: Option<RequestId>,
    },
    RemoveAnswer {
        number: i64,
    },
    /// A reply made from answer `number` (its text as the person left
    /// it); the answer counts one more use.
    ReplyWithAnswer {
        id: RequestId,
        number: i64,
        text: String,
    },
    /// Define a custom field (a lead's), or change its choices.
    SaveField(CustomField),
    /// Remove a custom field and every value kept in it (a lead's).
    RemoveField {
        name: String,
    },
    /// Keep a template, replacing one of the same name.
    SaveTemplate(Box<Template>),
    RemoveTemplate {
        name: String,
    },
    /// The person starts (`on`) or stops watching request `id`.
    Watch {
        id: RequestId,
        on: bool,
    },
    /// The person's inbox items about these events read (all when empty).
    MarkRead {
        events: Vec<i64>,
    },
    /// How a team's new work is assigned (a lead's to set).
    SetAssignMode {
        team: String,
        mode: AssignMode,
    },
    /// `name` is away until `back` (None: back now), `cover` taking their
    /// requests meanwhile (the person's own, or a lead's, to record).
    SetAway {
        name: String,
        back: Option<i64>,
        cover: Option<String>,
    },
}

/// What a command left behind: the request it acted on, or what it kept.
#[derive(Debug, Clone, PartialEq)]
pub enum Done {
    Request(Box<Request>),
    View(SavedView),
    Macro(Macro),
    Person(Person),
    Target(Box<Target>),
    Team(Box<Team>),
    Template(Box<Template>),
    Field(CustomField),
    Recurring(Box<RecurringRule>),
    Answer(Box<Answer>),
    /// A desk setting was changed.
    Setting,
    /// This many inbox items were marked read.
    Read(usize),
    /// The policy is in; the clocks of this many open requests moved.
    Policy {
        reclocked: usize,
    },
    Demo,
}

impl Done {
    /// The request the command acted on, when it acted on one.
    pub fn request(self) -> Option<Request> {
        match self {
            Done::Request(r) => Some(*r),
            _ => None,
        }
    }

    /// The view kept or removed.
    pub fn view(self) -> Option<SavedView> {
        match self {
            Done::View(v) => Some(v),
            _ => None,
        }
    }

    /// The macro kept or removed.
    pub fn kept_macro(self) -> Option<Macro> {
        match self {
            Done::Macro(m) => Some(m),
            _ => None,
        }
    }

    /// The person as recorded.
    pub fn person(self) -> Option<Person> {
        match self {
            Done::Person(p) => Some(p),
            _ => None,
        }
    }

    /// The target kept or removed.
    pub fn target(self) -> Option<Target> {
        match self {
            Done::Target(t) => Some(*t),
            _ => None,
        }
    }

    /// The answer kept or removed.
    pub fn answer(self) -> Option<Answer> {
        match self {
            Done::Answer(a) => Some(*a),
            _ => None,
        }
    }

    /// The recurring rule kept or removed.
    pub fn recurring(self) -> Option<RecurringRule> {
        match self {
            Done::Recurring(r) => Some(*r),
            _ => None,
        }
    }

    /// The template kept or removed.
    pub fn template(self) -> Option<Template> {
        match self {
            Done::Template(t) => Some(*t),
            _ => None,
        }
    }

    /// The team as it is now set.
    pub fn team(self) -> Option<Team> {
        match self {
            Done::Team(t) => Some(*t),
            _ => None,
        }
    }

    /// How many open requests' clocks a new policy moved.
    pub fn reclocked(self) -> Option<usize> {
        match self {
            Done::Policy { reclocked } => Some(reclocked),
            _ => None,
        }
    }
}

impl Command {
    /// The request it acts on (none for a new one or demo data).
    pub fn request_id(&self) -> Option<RequestId> {
        match self {
            Command::Update { id, .. }
            | Command::Reply { id, .. }
            | Command::Note { id, .. }
            | Command::Escalate { id, .. }
            | Command::Resolve { id, .. }
            | Command::Reopen { id, .. }
            | Command::Rate { id, .. }
            | Command::Acknowledge { id }
            | Command::DeEscalate { id, .. }
            | Command::FollowUpDone { id, .. }
            | Command::Close { id, .. }
            | Command::Tag { id, .. }
            | Command::Merge { id, .. }
            | Command::Link { id, .. }
            | Command::Unlink { id, .. }
            | Command::ApplyMacro { id, .. }
            | Command::Watch { id, .. }
            | Command::AskApproval { id, .. }
            | Command::Approve { id, .. }
            | Command::Reject { id, .. }
            | Command::Checklist { id, .. }
            | Command::ReplyWithAnswer { id, .. } => Some(*id),
            Command::Create(_)
            | Command::LoadDemo { .. }
            | Command::SaveView(_)
            | Command::RemoveView { .. }
            | Command::SaveMacro(_)
            | Command::RemoveMacro { .. }
            | Command::SavePerson { .. }
            | Command::SetSlaPolicy(_)
            | Command::SetTarget(_)
            | Command::RemoveTarget { .. }
            | Command::SetAutoClose { .. }
            | Command::SetAssignMode { .. }
            | Command::SetAway { .. }
            | Command::MarkRead { .. }
            | Command::SaveTemplate(_)
            | Command::RemoveTemplate { .. }
            | Command::SaveField(_)
            | Command::RemoveField { .. }
            | Command::SetRecurring { .. }
            | Command::RemoveRecurring { .. }
            | Command::SaveAnswer { .. }
            | Command::RemoveAnswer { .. } => None,
        }
    }
}

impl Command {
    /// The same command for request `id`, when it is one that can be
    /// given to many requests at once (assigning, status, team, urgency
    /// and impact, tags, escalating, closing); None for the rest, which
    /// are about one request (a reply, a correction of what was recorded).
    pub fn for_request(&self, id: RequestId) -> Option<Command> {
        Some(match self {
            Command::Update { change, .. }
                if change.subject.is_none()
                    && change.body.is_none()
                    && change.contact.is_none()
                    && change.reply_by.is_none()
                    && change.category.is_none() =>
            {
                Command::Update {
                    id,
                    change: change.clone(),
                }
            }
            Command::Escalate { reason, .. } => Command::Escalate {
                id,
                reason: reason.clone(),
            },
            Command::Close { reason, .. } => Command::Close {
                id,
                reason: reason.clone(),
            },
            Command::Tag { add, remove, .. } => Command::Tag {
                id,
                add: add.clone(),
                remove: remove.clone(),
            },
            _ => return None,
        })
    }
}

/// A text that may be left blank, as given or not.
pub fn given(text: &str) -> Option<&str> {
    Some(text).filter(|t| !t.trim().is_empty())
}
