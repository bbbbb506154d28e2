//! Mail arriving: each message, read by the domain, becomes a new request,
//! a requester's message on the request it answers, a delivery failure on
//! the request it is about, or is set aside with the reason. One message
//! is one transaction, and is remembered by its Message-ID.

use rusqlite::params;
use serde::Serialize;

use super::super::error::StoreResult;
use super::super::kernel::{Changeset, SYSTEM_ACTOR};
use super::super::requests::insert_request;
use super::super::sql::{Conn, OptionalExtension};
use super::super::Store;
use super::outbox::{queue_mail, QueuedMail};
use super::{last_event, request_of_message};
use crate::domain::attachment::human_size;
use crate::domain::history::file_digest;
use crate::domain::ids::RequestId;
use crate::domain::link::{relation, LinkKind};
use crate::domain::mail::{
    plain_subject, request_tag, routing, Bounce, IncomingMail, Letter, MailKind, MailRule,
};
use crate::domain::request::{breaks_line, limit_for};
use crate::domain::{Channel, EventKind, NewRequest, Status, Urgency};

/// How this desk takes mail (from the config's `[mail]`).
#[derive(Debug, Clone)]
pub struct Intake {
    /// The desk's own addresses: mail from them is never taken.
    pub own_addresses: Vec<String>,
    pub rules: Vec<MailRule>,
    /// Attachments over this many bytes keep only their name and size.
    pub attachment_limit: u64,
    /// A message about a request closed longer ago than this starts a new
    /// request, linked to the old one.
    pub closed_days: i64,
    /// Send the requester a receipt with the request number.
    pub acknowledge: bool,
    /// What the receipt says.
    pub receipts: Letter,
    /// The domain of the desk's Message-IDs (its `from` address's).
    pub message_domain: Option<String>,
}

impl Default for Intake {
    fn default() -> Self {
        Intake {
            own_addresses: Vec::new(),
            rules: Vec::new(),
            attachment_limit: 10 * 1024 * 1024,
            closed_days: 14,
            acknowledge: false,
            receipts: Letter::receipt(),
            message_domain: None,
        }
    }
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum MailOutcome {
    /// A new request.
    New { request: RequestId },
    /// The requester's message on a request it answers (`reopened`: it
    /// was resolved or closed and is open again).
    Reply { request: RequestId, reopened: bool },
    /// About a request closed long ago: a new request, linked to it.
    FollowOn { request: RequestId, closed: RequestId },
    /// From someone who may not continue the request it names (not its
    /// requester, nobody copied on it, not staff): a new request from
    /// them, linked to the one named, which is left as it was.
    Outsider { request: RequestId, named: RequestId },
    /// A delivery failure, recorded on the request the mail was about.
    Bounce { request: RequestId },
    /// The requester's answer to the satisfaction survey: `overall` is the
    /// score read from it, None when it held none (then it is kept as
    /// mail and the survey stays open). The request is not reopened.
    SurveyAnswer {
        request: RequestId,
        overall: Option<i64>,
    },
    /// Set aside, with why (an auto-reply, the desk's own mail, ...).
    Ignored { reason: String },
}

impl MailOutcome {
    pub fn request(&self) -> Option<RequestId> {
        match self {
            MailOutcome::New { request }
            | MailOutcome::Reply { request, .. }
            | MailOutcome::FollowOn { request, .. }
            | MailOutcome::Outsider { request, .. }
            | MailOutcome::Bounce { request }
            | MailOutcome::SurveyAnswer { request, .. } => Some(*request),
            MailOutcome::Ignored { .. } => None,
        }
    }

    fn label(&self) -> &'static str {
        match self {
            MailOutcome::New { .. } => "new",
            MailOutcome::Reply { .. } => "reply",
            MailOutcome::FollowOn { .. } => "follow_on",
            MailOutcome::Outsider { .. } => "outsider",
            MailOutcome::Bounce { .. } => "bounce",
            MailOutcome::SurveyAnswer { .. } => "survey_answer",
            MailOutcome::Ignored { .. } => "ignored",
        }
    }
}

/// One message taken: what became of it, and what could not be kept as
/// it came (an attachment over the limit, cut text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TakenMail {
    pub message_id: String,
    #[serde(flatten)]
    pub outcome: MailOutcome,
    pub notes: Vec<String>,
}

impl Store {
    /// Takes one message into the desk as one transaction. A message the
    /// desk has handled before is set aside as such.
    pub fn take_mail(&mut self, mail: &IncomingMail, intake: &Intake, now: i64) -> StoreResult<TakenMail> {
        self.write(|tx| {
            let known: Option<String> = tx
                .prepare_cached("SELECT outcome FROM mail_messages WHERE message_id = ?1")?
                .query_row([&mail.message_id], |r| r.get(0))
                .optional()?;
            if let Some(outcome) = known {
                return Ok(TakenMail {
                    message_id: mail.message_id.clone(),
                    outcome: MailOutcome::Ignored {
                        reason: format!("handled before ({outcome})"),
                    },
                    notes: Vec::new(),
                });
            }
            let mut notes = mail.problems.clone();
            let outcome = decide(tx, mail, intake, now, &mut notes)?;
            let reason = match &outcome {
                MailOutcome::Ignored { reason } => Some(reason.clone()),
                _ => None,
            };
            tx.prepare_cached(
                "INSERT INTO mail_messages (message_id, direction, request_id, outcome, reason, sender, at)
                 VALUES (?1, 'in', ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                mail.message_id,
                outcome.request(),
                outcome.label(),
                reason,
                mail.from_address,
                now
            ])?;
            // The receipt threads under the message it answers, so it is
            // written once that message is known.
            if let (
                true,
                MailOutcome::New { request }
                | MailOutcome::FollowOn { request, .. }
                | MailOutcome::Outsider { request, .. },
            ) = (intake.acknowledge, &outcome)
            {
                acknowledge(tx, *request, now, intake, mail)?;
            }
            Ok(TakenMail {
                message_id: mail.message_id.clone(),
                outcome,
                notes,
            })
        })
    }
}

fn decide(
    tx: &Conn,
    mail: &IncomingMail,
    intake: &Intake,
    now: i64,
    notes: &mut Vec<String>,
) -> StoreResult<MailOutcome> {
    if let Some(from) = &mail.from_address {
        if intake.own_addresses.iter().any(|a| a.eq_ignore_ascii_case(from)) {
            return Ok(MailOutcome::Ignored {
                reason: format!("from the desk's own address {from}"),
            });
        }
    }
    match &mail.kind {
        MailKind::Bounce(bounce) => return delivery_failure(tx, mail, bounce, now),
        MailKind::Automatic(why) => {
            return Ok(MailOutcome::Ignored {
                reason: format!("an automatic reply ({why})"),
            })
        }
        MailKind::Personal => {}
    }
    let Some(id) = thread_of(tx, mail)? else {
        let id = new_request(tx, mail, intake, now, notes)?;
        return Ok(MailOutcome::New { request: id });
    };
    if !may_continue(tx, id, mail.from_address.as_deref())? {
        let new = new_request(tx, mail, intake, now, notes)?;
        link_follow_on(tx, new, id, now)?;
        return Ok(MailOutcome::Outsider {
            request: new,
            named: id,
        });
    }
    let (status, closed_at) = closing_of(tx, id)?;
    if status.is_done() && super::survey::answered_survey(tx, id, mail)?.is_some() {
        let requester: String = tx.query_row(
            "SELECT p.name FROM requests r JOIN people p ON p.id = r.requester_id WHERE r.id = ?1",
            [id],
            |r| r.get(0),
        )?;
        let overall = match super::survey::take_answer(tx, id, mail, &requester, now)? {
            super::survey::SurveyAnswer::Rated(overall) => Some(overall),
            super::survey::SurveyAnswer::NoScore => None,
        };
        return Ok(MailOutcome::SurveyAnswer { request: id, overall });
    }
    let long_closed =
        status == Status::Closed && closed_at.is_some_and(|at| now - at > intake.closed_days * 86_400);
    if long_closed {
        let new = new_request(tx, mail, intake, now, notes)?;
        link_follow_on(tx, new, id, now)?;
        return Ok(MailOutcome::FollowOn {
            request: new,
            closed: id,
        });
    }
    let mut cs = Changeset::begin_system(tx, id, now)?;
    let reopened = cs.before.status.is_done();
    match cs.before.status {
        Status::Resolved | Status::Closed => {
            cs.move_status(Status::Open, Some("the requester wrote again by mail".into()))?;
        }
        Status::Waiting => cs.move_status(Status::Open, Some("the requester answered by mail".into()))?,
        _ => {}
    }
    cs.event(
        EventKind::Mail,
        None,
        mail.from_address.clone(),
        Some(mail.new_text.clone()).filter(|t| !t.trim().is_empty()),
    );
    cs.commit()?;
    let event = last_event(tx, id, EventKind::Mail)?;
    keep_attachments(tx, id, event, mail, intake, notes)?;
    Ok(MailOutcome::Reply {
        request: id,
        reopened,
    })
}

/// The request a message answers: the tag in its subject, else the
/// messages it names as the ones it replies to.
fn thread_of(tx: &Conn, mail: &IncomingMail) -> StoreResult<Option<RequestId>> {
    if let Some(id) = request_tag(&mail.subject) {
        let exists: Option<RequestId> = tx
            .prepare_cached("SELECT id FROM requests WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if exists.is_some() {
            return Ok(exists);
        }
    }
    let named: Vec<String> = mail.references.iter().chain(&mail.in_reply_to).cloned().collect();
    request_of_message(tx, &named)
}

/// Whether mail from `sender` may continue request `id`: its requester
/// (the request's contact, their own, or the address the request came
/// from), someone copied on it, or staff. Anyone else could otherwise
/// reopen any request by naming it, and write in the requester's name.
fn may_continue(tx: &Conn, id: RequestId, sender: Option<&str>) -> StoreResult<bool> {
    let Some(sender) = sender.map(str::to_lowercase) else {
        return Ok(false);
    };
    tx.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM requests r JOIN people p ON p.id = r.requester_id
                            WHERE r.id = ?1 AND (lower(r.contact) = ?2 OR lower(p.contact) = ?2))
                 OR EXISTS (SELECT 1 FROM mail_messages m
                            WHERE m.request_id = ?1 AND m.direction = 'in' AND m.outcome IN ('new', 'follow_on')
                              AND lower(m.sender) = ?2)
                 OR EXISTS (SELECT 1 FROM request_ccs c JOIN people p ON p.id = c.person_id
                            WHERE c.request_id = ?1 AND lower(p.contact) = ?2)
                 OR EXISTS (SELECT 1 FROM people p WHERE p.role IN ('agent', 'lead') AND lower(p.contact) = ?2)",
        )?
        .query_row(params![id, sender], |r| r.get(0))
}

/// A request's status and, when closed, when it was.
fn closing_of(tx: &Conn, id: RequestId) -> StoreResult<(Status, Option<i64>)> {
    let status: String = tx.query_row("SELECT status FROM requests WHERE id = ?1", [id], |r| r.get(0))?;
    let closed_at: Option<i64> = tx.query_row(
        "SELECT max(at) FROM events WHERE request_id = ?1 AND kind = 'status' AND new_value = 'closed'",
        [id],
        |r| r.get(0),
    )?;
    Ok((status.parse()?, closed_at))
}

/// Who asked, when mail names nobody.
const UNKNOWN_SENDER: &str = "(unknown sender)";

/// The name the requester is recorded under: the person who has this
/// address, else their display name (made unique with the address when
/// someone else of that name has another address).
fn requester_name(tx: &Conn, mail: &IncomingMail) -> StoreResult<String> {
    let Some(address) = mail.from_address.clone() else {
        // Mail without a sender is still someone's request; it cannot be
        // answered by mail, and the import says so.
        return Ok(UNKNOWN_SENDER.to_string());
    };
    let known: Option<String> = tx
        .prepare_cached("SELECT name FROM people WHERE lower(contact) = ?1 ORDER BY id LIMIT 1")?
        .query_row([&address], |r| r.get(0))
        .optional()?;
    if let Some(name) = known {
        return Ok(name);
    }
    let name: String = mail
        .sender_name()
        .unwrap_or_else(|| address.clone())
        .chars()
        .map(|c| if breaks_line(c) { ' ' } else { c })
        .filter(|c| !c.is_control())
        .take(limit_for("requester"))
        .collect();
    let other: Option<Option<String>> = tx
        .prepare_cached("SELECT contact FROM people WHERE name = ?1")?
        .query_row([&name], |r| r.get(0))
        .optional()?;
    Ok(match other {
        Some(Some(contact)) if contact.contains('@') && !contact.eq_ignore_ascii_case(&address) => {
            format!("{name} <{address}>")
                .chars()
                .take(limit_for("requester"))
                .collect()
        }
        _ => name,
    })
}

fn new_request(
    tx: &Conn,
    mail: &IncomingMail,
    intake: &Intake,
    now: i64,
    notes: &mut Vec<String>,
) -> StoreResult<RequestId> {
    let routed = routing(&intake.rules, mail);
    let mut subject = plain_subject(&mail.subject);
    if subject.is_empty() {
        subject = "(no subject)".into();
    }
    let new = NewRequest {
        subject,
        body: mail.text.clone(),
        requester: requester_name(tx, mail)?,
        contact: mail.from_address.clone(),
        channel: Channel::Email,
        category: routed.category.clone(),
        urgency: routed.urgency.unwrap_or(Urgency::Medium),
        team: routed.team.clone(),
        ..NewRequest::default()
    }
    .validated()?;
    // Mail counts from when it was sent, unless its date is in the future
    // or more than a week old (a wrong clock, a resent archive).
    let received = mail
        .date
        .filter(|d| *d <= now && now - d < 7 * 86_400)
        .unwrap_or(now);
    let id = insert_request(tx, SYSTEM_ACTOR, &new, received)?;
    let event = last_event(tx, id, EventKind::Created)?;
    keep_attachments(tx, id, event, mail, intake, notes)?;
    Ok(id)
}

/// A receipt with the request number, marked as sent by a machine.
fn acknowledge(tx: &Conn, id: RequestId, now: i64, intake: &Intake, mail: &IncomingMail) -> StoreResult<()> {
    let (subject, requester): (String, String) = tx.query_row(
        "SELECT r.subject, p.name FROM requests r JOIN people p ON p.id = r.requester_id WHERE r.id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let first_name = mail
        .sender_name()
        .as_deref()
        .and_then(|n| n.split_whitespace().next())
        .map_or_else(
            || requester.split_whitespace().next().unwrap_or("").to_string(),
            str::to_string,
        );
    let event = last_event(tx, id, EventKind::Created)?;
    queue_mail(
        tx,
        QueuedMail {
            request: id,
            event: Some(event),
            body: intake
                .receipts
                .fill(id, &subject, &first_name, &[&mail.subject, &mail.text]),
            now,
            automatic: true,
            domain: intake.message_domain.clone(),
        },
    )?;
    Ok(())
}

fn keep_attachments(
    tx: &Conn,
    request: RequestId,
    event: i64,
    mail: &IncomingMail,
    intake: &Intake,
    notes: &mut Vec<String>,
) -> StoreResult<()> {
    for a in &mail.attachments {
        let size = a.content.len() as u64;
        let content = if size > intake.attachment_limit {
            notes.push(format!(
                "attachment {} ({}) is over the limit of {}: only its name and size were kept",
                a.name,
                human_size(size as i64),
                human_size(intake.attachment_limit as i64)
            ));
            None
        } else {
            Some(a.content.clone())
        };
        let sha256 = file_digest(content.as_deref());
        tx.prepare_cached(
            "INSERT INTO attachments (request_id, event_id, name, content_type, size, content, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            request,
            event,
            a.name,
            a.content_type,
            size as i64,
            content,
            sha256
        ])?;
    }
    Ok(())
}

/// A bounce goes on the request the failed mail was about; a bounce about
/// nothing of this desk's is set aside.
fn delivery_failure(tx: &Conn, mail: &IncomingMail, bounce: &Bounce, now: i64) -> StoreResult<MailOutcome> {
    let request = match request_of_message(tx, &bounce.about)? {
        Some(id) => Some(id),
        None => thread_of(tx, mail)?,
    };
    let Some(id) = request else {
        return Ok(MailOutcome::Ignored {
            reason: "a delivery failure about no mail of this desk".into(),
        });
    };
    let mut cs = Changeset::begin_system(tx, id, now)?;
    let why = bounce
        .diagnostic
        .clone()
        .unwrap_or_else(|| "no reason given".into());
    cs.event(
        EventKind::DeliveryFailure,
        None,
        bounce.recipient.clone(),
        Some(why),
    );
    cs.commit()?;
    Ok(MailOutcome::Bounce { request: id })
}

/// A new request about one closed long ago: linked both ways, each side
/// saying so in its history.
fn link_follow_on(tx: &Conn, new: RequestId, old: RequestId, now: i64) -> StoreResult<()> {
    let (from, to, kind) = LinkKind::Related.stored(new, old);
    tx.execute(
        "INSERT INTO request_links (from_id, to_id, kind) VALUES (?1, ?2, ?3)",
        params![from, to, kind],
    )?;
    for (this, other) in [(new, old), (old, new)] {
        let mut cs = Changeset::begin_system(tx, this, now)?;
        let what = relation(kind, this == from);
        cs.event(EventKind::Link, None, Some(format!("{what} #{other}")), None);
        cs.commit()?;
    }
    Ok(())
}
