//! The dialogs of the help desk: how each is laid out, how names are
//! completed, and what a submitted one asks the store to do.

use super::app::ExtraFilter;
use super::form::{Field, FieldId, FieldKind, Form, Purpose, Suggest};
use super::worker::Write;
use crate::domain::rating::Scores;
use crate::domain::text::inert_line;
use crate::domain::time::parse_datetime;
use crate::domain::{
    Channel, DomainError, Impact, Kind, NewRequest, Person, Priority, Request, Status, Urgency,
};
use crate::store::RequestChange;

fn labels<T: std::fmt::Display>(all: &[T]) -> Vec<String> {
    all.iter().map(|v| v.to_string()).collect()
}

fn index_of<T: PartialEq>(all: &[T], v: T) -> usize {
    all.iter().position(|x| *x == v).unwrap_or(0)
}

const ANY: &str = "any";
const CLOSE_IT: &str = "close the request";

pub fn new_request() -> Form {
    Form::new(
        Purpose::NewRequest,
        "New request",
        vec![
            Field::text(FieldId::Requester, "").suggesting(Suggest::People),
            Field::text(FieldId::Department, "").suggesting(Suggest::Departments),
            Field::text(FieldId::Contact, ""),
            Field::choice(FieldId::Channel, labels(Channel::ALL), 0),
            Field::choice(FieldId::Kind, labels(Kind::ALL), 0),
            Field::text(FieldId::Category, "").suggesting(Suggest::Categories),
            Field::choice(FieldId::Urgency, labels(Urgency::ALL), 1),
            Field::choice(FieldId::Impact, labels(Impact::ALL), 1),
            Field::choice(FieldId::KeyCustomer, vec!["no".into(), "yes".into()], 0),
            Field::text(FieldId::ReplyBy, ""),
            Field::text(FieldId::Subject, ""),
            Field::multiline(FieldId::Description),
        ],
    )
}

fn subject(r: &Request) -> String {
    inert_line(&r.subject)
}

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
    Form::new(purpose, title, vec![Field::multiline(label)]).on(r.id, r.version)
}

pub fn status(r: &Request) -> Form {
    let moves = labels(r.status.allowed_moves());
    Form::new(
        Purpose::Status,
        format!("Status of #{} (now {})", r.id, r.status),
        vec![
            Field::choice(FieldId::Status, moves, 0),
            Field::text(FieldId::Reason, ""),
        ],
    )
    .on(r.id, r.version)
}

pub fn assign(r: &Request) -> Form {
    Form::new(
        Purpose::Assign,
        format!("Assign #{} (empty to unassign)", r.id),
        vec![Field::text(FieldId::Assignee, r.assignee.as_deref().unwrap_or("")).suggesting(Suggest::Staff)],
    )
    .on(r.id, r.version)
}

pub fn transfer(r: &Request) -> Form {
    Form::new(
        Purpose::Transfer,
        format!("Transfer #{} to another team", r.id),
        vec![
            Field::text(FieldId::Team, "").suggesting(Suggest::Teams),
            Field::text(FieldId::Reason, ""),
        ],
    )
    .on(r.id, r.version)
}

pub fn reprioritise(r: &Request) -> Form {
    Form::new(
        Purpose::Reprioritise,
        format!("Urgency and impact of #{} (now {})", r.id, r.priority),
        vec![
            Field::choice(
                FieldId::Urgency,
                labels(Urgency::ALL),
                index_of(Urgency::ALL, r.urgency),
            ),
            Field::choice(
                FieldId::Impact,
                labels(Impact::ALL),
                index_of(Impact::ALL, r.impact),
            ),
        ],
    )
    .on(r.id, r.version)
}

/// Corrections to what was recorded, each an event with the old and the
/// new value.
pub fn edit(r: &Request) -> Form {
    let mut description = Field::multiline(FieldId::Description);
    description.set_text(&r.body);
    Form::new(
        Purpose::Edit,
        format!("Edit #{} as recorded", r.id),
        vec![
            Field::text(FieldId::Subject, &r.subject),
            Field::text(FieldId::Contact, r.contact.as_deref().unwrap_or("")),
            Field::text(FieldId::Category, r.category.as_deref().unwrap_or(""))
                .suggesting(Suggest::Categories),
            Field::text(
                FieldId::ReplyBy,
                &r.reply_by
                    .map(crate::domain::time::local_short)
                    .unwrap_or_default(),
            ),
            description,
        ],
    )
    .on(r.id, r.version)
}

/// The priority the form's urgency and impact give, as they stand (a key
/// customer's request one level higher), for dialogs that set them.
pub fn resulting_priority(form: &Form, key_customer: bool) -> Option<Priority> {
    if !matches!(form.purpose, Purpose::NewRequest | Purpose::Reprioritise) {
        return None;
    }
    let urgency: Urgency = form.value(FieldId::Urgency).parse().ok()?;
    let impact: Impact = form.value(FieldId::Impact).parse().ok()?;
    let key = key_customer || form.value(FieldId::KeyCustomer) == "yes";
    Some(crate::domain::priority_for(urgency, impact, key))
}

/// When the request would fall due with the form's priority: the target
/// that runs now (the first response until there is one, then the
/// resolution) on the desk's calendar, from `now` for a new request.
pub fn resulting_due(
    priority: Priority,
    request: Option<&Request>,
    policy: &crate::domain::sla::SlaPolicy,
    now: i64,
) -> (i64, crate::domain::sla::DueSource) {
    use crate::domain::sla::{active_due, ClockInput};
    let input = match request {
        Some(r) => ClockInput {
            priority,
            created_at: r.created_at,
            clock_started_at: r.clock.started_at,
            paused_seconds: r.paused_seconds,
        },
        None => ClockInput {
            priority,
            created_at: now,
            clock_started_at: now,
            paused_seconds: 0,
        },
    };
    let dues = policy.dues(input);
    let (first, created) = request.map_or((None, now), |r| (r.first_response_at, r.created_at));
    let (source, due_at, _) = active_due(&dues, first, created, None);
    (due_at, source)
}

pub fn rate(r: &Request) -> Form {
    Form::new(
        Purpose::Rate,
        format!("Rating from {} for #{}", inert_line(&r.requester), r.id),
        vec![
            // Nothing is preset: a score the agent did not give is never
            // recorded by accident.
            Field::score(FieldId::Overall, 1, 5),
            Field::score(FieldId::Speed, 1, 5),
            Field::score(FieldId::Quality, 1, 5),
            Field::score(FieldId::Communication, 1, 5),
            Field::score(FieldId::Recommend, 0, 10),
            Field::multiline(FieldId::Comment),
            Field::choice(
                FieldId::Then,
                vec![CLOSE_IT.into(), "leave it resolved".into()],
                usize::from(r.status != Status::Resolved),
            ),
        ],
    )
    .on(r.id, r.version)
}

pub fn filter(current: &ExtraFilter) -> Form {
    let mut statuses = vec![ANY.to_string()];
    statuses.extend(labels(Status::ALL));
    let mut priorities = vec![ANY.to_string()];
    priorities.extend(labels(Priority::ALL));
    let mut form = Form::new(
        Purpose::Filter,
        "Filter the queue (on top of the view)",
        vec![
            Field::choice(FieldId::Status, statuses, 0),
            Field::choice(FieldId::Priority, priorities, 0),
            Field::text(FieldId::Department, current.department.as_deref().unwrap_or(""))
                .suggesting(Suggest::Departments),
            Field::text(FieldId::Team, current.team.as_deref().unwrap_or("")).suggesting(Suggest::Teams),
            Field::text(FieldId::Assignee, current.assignee.as_deref().unwrap_or(""))
                .suggesting(Suggest::Staff),
        ],
    );
    if let (Some(f), Some(s)) = (form.field_mut(FieldId::Status), current.status) {
        f.set_choice(s.as_str());
    }
    if let (Some(f), Some(p)) = (form.field_mut(FieldId::Priority), current.priority) {
        f.set_choice(p.as_str());
    }
    form
}

fn optional(form: &Form, label: FieldId) -> Option<String> {
    Some(form.value(label).trim().to_string()).filter(|v| !v.is_empty())
}

pub fn read_filter(form: &Form) -> ExtraFilter {
    ExtraFilter {
        status: form.value(FieldId::Status).parse().ok(),
        priority: form.value(FieldId::Priority).parse().ok(),
        department: optional(form, FieldId::Department),
        team: optional(form, FieldId::Team),
        assignee: optional(form, FieldId::Assignee),
    }
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

fn score(form: &Form, label: FieldId) -> Option<i64> {
    form.value(label).parse().ok()
}

/// Checks a submitted form; marks the fields that are wrong, or returns
/// the write it asks for.
pub fn to_write(form: &mut Form, people: &[Person]) -> Option<Write> {
    let id = form.request.map(|(id, _)| id).unwrap_or_default();
    let required = |form: &mut Form, label: FieldId, what: &str| -> Option<String> {
        let v = form.value(label).trim().to_string();
        if v.is_empty() {
            form.fail(label, format!("write {what} first"));
            return None;
        }
        Some(v)
    };
    let write = match form.purpose {
        Purpose::NewRequest => return new_request_write(form, people),
        Purpose::Reply => Write::Reply {
            id,
            text: required(form, FieldId::Reply, "the reply")?,
        },
        Purpose::Note => Write::Note {
            id,
            text: required(form, FieldId::Note, "the note")?,
        },
        Purpose::Escalate => Write::Escalate {
            id,
            reason: required(form, FieldId::Reason, "why it is escalated")?,
        },
        Purpose::DeEscalate => Write::DeEscalate {
            id,
            reason: required(form, FieldId::Reason, "why it can come down")?,
        },
        Purpose::Edit => {
            let reply_by = match form.value(FieldId::ReplyBy).trim() {
                "" => None,
                when => match parse_datetime(when) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        form.fail(FieldId::ReplyBy, e.to_string());
                        return None;
                    }
                },
            };
            Write::Update {
                id,
                change: RequestChange {
                    subject: Some(required(form, FieldId::Subject, "the subject")?),
                    body: Some(form.value(FieldId::Description).trim_end().to_string()),
                    contact: Some(optional(form, FieldId::Contact)),
                    category: Some(optional(form, FieldId::Category)),
                    reply_by: Some(reply_by),
                    ..Default::default()
                },
            }
        }
        Purpose::Close => Write::Close {
            id,
            reason: required(
                form,
                FieldId::Reason,
                "why it is closed (a duplicate of which request?)",
            )?,
        },
        Purpose::Resolve => Write::Resolve {
            id,
            resolution: form.value(FieldId::Resolution).trim().to_string(),
        },
        Purpose::Reopen => Write::Reopen {
            id,
            reason: form.value(FieldId::Reason).trim().to_string(),
        },
        Purpose::FollowUpDone => Write::FollowUpDone {
            id,
            note: form.value(FieldId::Note).trim().to_string(),
        },
        Purpose::Assign => {
            let name = form.value(FieldId::Assignee).trim().to_string();
            if !name.is_empty()
                && !people
                    .iter()
                    .any(|p| p.role.is_staff() && p.name.eq_ignore_ascii_case(&name))
            {
                form.fail(
                    FieldId::Assignee,
                    format!("no member of staff is called '{name}'"),
                );
                return None;
            }
            let assignee = Some(name).filter(|n| !n.is_empty());
            Write::Update {
                id,
                change: RequestChange {
                    assignee: Some(assignee),
                    ..Default::default()
                },
            }
        }
        Purpose::Transfer => {
            let team = required(form, FieldId::Team, "the team")?;
            Write::Update {
                id,
                change: RequestChange {
                    team: Some(Some(team)),
                    reason: optional(form, FieldId::Reason),
                    ..Default::default()
                },
            }
        }
        Purpose::Status => {
            let status: Status = form.value(FieldId::Status).parse().ok()?;
            Write::Update {
                id,
                change: RequestChange {
                    status: Some(status),
                    reason: optional(form, FieldId::Reason),
                    ..Default::default()
                },
            }
        }
        Purpose::Reprioritise => Write::Update {
            id,
            change: RequestChange {
                urgency: form.value(FieldId::Urgency).parse().ok(),
                impact: form.value(FieldId::Impact).parse().ok(),
                ..Default::default()
            },
        },
        Purpose::Rate => Write::Rate {
            id,
            scores: Scores {
                overall: match score(form, FieldId::Overall) {
                    Some(n) => n,
                    None => {
                        form.fail(
                            FieldId::Overall,
                            "choose the overall score: type 1 to 5, or use ← →",
                        );
                        return None;
                    }
                },
                speed: score(form, FieldId::Speed),
                quality: score(form, FieldId::Quality),
                communication: score(form, FieldId::Communication),
                recommend: score(form, FieldId::Recommend),
                comment: optional(form, FieldId::Comment),
            },
            close: form.value(FieldId::Then) == CLOSE_IT,
        },
        Purpose::Filter => return None,
    };
    Some(write)
}

fn new_request_write(form: &mut Form, people: &[Person]) -> Option<Write> {
    let reply_by = match optional(form, FieldId::ReplyBy) {
        None => None,
        Some(text) => match parse_datetime(&text) {
            Ok(t) => Some(t),
            Err(_) => {
                form.fail(FieldId::ReplyBy, "use YYYY-MM-DD HH:MM");
                return None;
            }
        },
    };
    let requester = form.value(FieldId::Requester).trim().to_string();
    let known_key = people
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(&requester) && p.key_customer);
    let new = NewRequest {
        subject: form.value(FieldId::Subject),
        body: form.value(FieldId::Description),
        requester,
        department: optional(form, FieldId::Department),
        contact: optional(form, FieldId::Contact),
        channel: form.value(FieldId::Channel).parse().unwrap_or(Channel::Phone),
        kind: form.value(FieldId::Kind).parse().unwrap_or(Kind::Request),
        category: optional(form, FieldId::Category),
        urgency: form.value(FieldId::Urgency).parse().unwrap_or(Urgency::Medium),
        impact: form.value(FieldId::Impact).parse().unwrap_or(Impact::Medium),
        key_customer: form.value(FieldId::KeyCustomer) == "yes" || known_key,
        reply_by,
    };
    // Check every field, so all mistakes show at once.
    let mut ok = true;
    for (label, probe) in [
        (
            FieldId::Requester,
            NewRequest {
                subject: "x".into(),
                ..new.clone()
            },
        ),
        (
            FieldId::Subject,
            NewRequest {
                requester: "x".into(),
                ..new.clone()
            },
        ),
    ] {
        if let Err(e) = probe.validated() {
            form.fail(field_for(&e).unwrap_or(label), e.to_string());
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    match new.validated() {
        Ok(valid) => Some(Write::Create(valid)),
        Err(e) => {
            form.fail(field_for(&e).unwrap_or(FieldId::Subject), e.to_string());
            None
        }
    }
}

/// Names (or teams) that start with what was typed, best first.
pub fn suggestions(
    source: Suggest,
    typed: &str,
    people: &[Person],
    teams: &[String],
    categories: &[String],
) -> Vec<String> {
    let typed = typed.trim().to_lowercase();
    let mut out: Vec<String> = match source {
        Suggest::People => people.iter().map(|p| p.name.clone()).collect(),
        Suggest::Staff => people
            .iter()
            .filter(|p| p.role.is_staff())
            .map(|p| p.name.clone())
            .collect(),
        Suggest::Teams => teams.to_vec(),
        Suggest::Categories => categories.to_vec(),
        Suggest::Departments => {
            let mut d: Vec<String> = people.iter().filter_map(|p| p.department.clone()).collect();
            d.sort();
            d.dedup();
            d
        }
    };
    out.retain(|name| {
        typed.is_empty()
            || name.to_lowercase().starts_with(&typed)
            || name.to_lowercase().contains(&format!(" {typed}"))
    });
    out.truncate(50);
    out
}

/// Tab on a field with suggestions: take the first one, fill in what is
/// known about a requester, and move on.
pub fn complete(form: &mut Form, index: usize, people: &[Person], teams: &[String], categories: &[String]) {
    let Some(field) = form.fields.get(index) else {
        return;
    };
    let (Some(source), typed) = (field.suggest(), field.value()) else {
        return;
    };
    let first = suggestions(source, &typed, people, teams, categories)
        .into_iter()
        .next();
    if let (Some(name), false) = (first, typed.trim().is_empty()) {
        form.fields[index].set_text(&name);
        if form.purpose == Purpose::NewRequest && form.fields[index].id == FieldId::Requester {
            if let Some(p) = people.iter().find(|p| p.name == name) {
                for (label, value) in [
                    (FieldId::Department, &p.department),
                    (FieldId::Contact, &p.contact),
                ] {
                    if let (Some(v), Some(f)) = (value, form.field_mut(label)) {
                        if f.value().trim().is_empty() {
                            f.set_text(v);
                        }
                    }
                }
                if p.key_customer {
                    if let Some(f) = form.field_mut(FieldId::KeyCustomer) {
                        f.set_choice("yes");
                    }
                }
            }
        }
    }
    if matches!(form.fields[index].kind, FieldKind::Text { .. }) {
        form.next_field();
    }
}
