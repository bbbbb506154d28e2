//! Mail waiting to leave. A reply to a request that came by mail is put
//! in the outbox in the transaction that records it, so it is never lost
//! when the mail server is down; a sender claims each mail before
//! sending it, so two copies of Frontdesk never send one mail twice.

use rusqlite::params;

use super::super::error::StoreResult;
use super::super::history::os_identity;
use super::super::sql::{Conn, OptionalExtension, Row};
use super::super::Store;
use crate::domain::ids::RequestId;
use crate::domain::mail::{is_address, reply_subject};
use crate::domain::{Channel, Request};

/// A claim older than this is taken to be from a sender that stopped
/// half-way (its mail is then sent again: once at least, rarely twice).
pub const STALE_CLAIM_SECONDS: i64 = 600;

/// One mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct OutboxMail {
    pub id: i64,
    pub request: RequestId,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub message_id: String,
    pub in_reply_to: Option<String>,
    /// The thread's Message-IDs, oldest first.
    pub references: Vec<String>,
    pub queued_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// Sent by the desk itself (a receipt), not by a person: marked so
    /// that other robots do not answer it.
    pub automatic: bool,
}

/// How the outbox stands: mail not sent yet, and the latest error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboxState {
    pub unsent: i64,
    pub oldest: Option<i64>,
    pub last_error: Option<String>,
}

pub(super) struct QueuedMail {
    pub request: RequestId,
    pub event: Option<i64>,
    pub body: String,
    pub now: i64,
    pub automatic: bool,
    /// The domain its Message-ID ends in (the desk's `from`), else this
    /// machine's name.
    pub domain: Option<String>,
}

/// Puts a mail about `request` to its requester in the outbox, threaded
/// after the messages of the request: its Message-ID, or None when the
/// request has no address to mail.
pub(super) fn queue_mail(tx: &Conn, mail: QueuedMail) -> StoreResult<Option<String>> {
    let (subject, contact): (String, Option<String>) = tx.query_row(
        "SELECT subject, contact FROM requests WHERE id = ?1",
        [mail.request],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some(recipient) = contact.filter(|c| is_address(c)) else {
        return Ok(None);
    };
    let thread: Vec<(String, String)> = tx
        .prepare_cached(
            "SELECT message_id, direction FROM mail_messages WHERE request_id = ?1 ORDER BY at, message_id",
        )?
        .query_map([mail.request], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let in_reply_to = thread
        .iter()
        .rev()
        .find(|(_, d)| d == "in")
        .map(|(id, _)| id.clone());
    // The first message and the latest ones, as mail clients keep them.
    let mut references: Vec<String> = thread.iter().map(|(id, _)| id.clone()).collect();
    if references.len() > 10 {
        let first = references[0].clone();
        references = std::iter::once(first)
            .chain(references[references.len() - 9..].iter().cloned())
            .collect();
    }
    let host: String = mail
        .domain
        .as_deref()
        .unwrap_or(&os_identity().1)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .collect();
    let message_id = format!(
        "frontdesk.{}.{}.{:016x}@{}",
        mail.request,
        mail.event.unwrap_or(0),
        fastrand::u64(..),
        if host.is_empty() {
            "frontdesk.localhost"
        } else {
            &host
        }
    );
    tx.prepare_cached(
        "INSERT INTO outbox (request_id, event_id, recipient, subject, body, message_id, in_reply_to, refs, queued_at, automatic)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        mail.request,
        mail.event,
        recipient,
        reply_subject(&subject, mail.request),
        mail.body,
        message_id,
        in_reply_to,
        references.join(" "),
        mail.now,
        mail.automatic
    ])?;
    tx.prepare_cached(
        "INSERT INTO mail_messages (message_id, direction, request_id, outcome, sender, at)
         VALUES (?1, 'out', ?2, 'queued', NULL, ?3)",
    )?
    .execute(params![message_id, mail.request, mail.now])?;
    Ok(Some(message_id))
}

/// After a reply is recorded: it goes out by mail when the request came by
/// mail (the desk takes mail, the request's channel is e-mail and its
/// contact is an address).
pub(in crate::store) fn queue_reply_mail(
    tx: &Conn,
    request: &Request,
    text: &str,
    now: i64,
    domain: Option<String>,
) -> StoreResult<()> {
    if request.channel != Channel::Email || !request.contact.as_deref().is_some_and(is_address) {
        return Ok(());
    }
    let takes_mail: Option<i64> = tx
        .prepare_cached("SELECT 1 FROM mail_messages WHERE direction = 'in' LIMIT 1")?
        .query_row([], |r| r.get(0))
        .optional()?;
    if takes_mail.is_none() {
        return Ok(());
    }
    let event = super::last_event(tx, request.id, crate::domain::EventKind::Reply)?;
    queue_mail(
        tx,
        QueuedMail {
            request: request.id,
            event: Some(event),
            body: text.to_string(),
            now,
            automatic: false,
            domain,
        },
    )?;
    Ok(())
}

const OUTBOX_COLUMNS: &str =
    "id, request_id, recipient, subject, body, message_id, in_reply_to, refs, queued_at, attempts, last_error, automatic";

fn outbox_mail(row: &Row<'_>) -> StoreResult<OutboxMail> {
    let refs: Option<String> = row.get("refs")?;
    Ok(OutboxMail {
        id: row.get("id")?,
        request: row.get("request_id")?,
        recipient: row.get("recipient")?,
        subject: row.get("subject")?,
        body: row.get("body")?,
        message_id: row.get("message_id")?,
        in_reply_to: row.get("in_reply_to")?,
        references: refs
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect(),
        queued_at: row.get("queued_at")?,
        attempts: row.get("attempts")?,
        last_error: row.get("last_error")?,
        automatic: row.get("automatic")?,
    })
}

impl Store {
    /// The mail not sent yet, oldest first.
    pub fn unsent_mail(&self) -> StoreResult<Vec<OutboxMail>> {
        self.db()
            .prepare_cached(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE sent_at IS NULL ORDER BY id"
            ))?
            .query_map([], outbox_mail)?
            .collect()
    }

    /// The mail about `request` not sent yet, oldest first.
    pub fn unsent_mail_of(&self, request: RequestId) -> StoreResult<Vec<OutboxMail>> {
        self.db()
            .prepare_cached(&format!(
                "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE sent_at IS NULL AND request_id = ?1 ORDER BY id"
            ))?
            .query_map([request], outbox_mail)?
            .collect()
    }

    /// How many mails wait, since when, and the last error sending them.
    pub fn outbox_state(&self) -> StoreResult<OutboxState> {
        self.db()
            .prepare_cached(
                "SELECT count(*), min(queued_at),
                 (SELECT last_error FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1)
                 FROM outbox WHERE sent_at IS NULL",
            )?
            .query_row([], |r| {
                Ok(OutboxState {
                    unsent: r.get(0)?,
                    oldest: r.get(1)?,
                    last_error: r.get(2)?,
                })
            })
    }

    /// Claims mail `id` for `sender`: true when this sender may send it
    /// (nobody sent it, and nobody else is sending it right now).
    pub fn claim_mail(&mut self, id: i64, sender: &str, now: i64) -> StoreResult<bool> {
        self.write(|tx| {
            let claimed = tx.execute(
                "UPDATE outbox SET claimed_by = ?2, claimed_at = ?3
                 WHERE id = ?1 AND sent_at IS NULL AND (claimed_at IS NULL OR claimed_at < ?4)",
                params![id, sender, now, now - STALE_CLAIM_SECONDS],
            )?;
            Ok(claimed == 1)
        })
    }

    /// Mail `id` left: it is sent, and its Message-ID is the thread's.
    pub fn mail_sent(&mut self, id: i64, sender: &str, now: i64) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET sent_at = ?3, attempts = attempts + 1, last_error = NULL
                 WHERE id = ?1 AND claimed_by = ?2",
                params![id, sender, now],
            )?;
            tx.execute(
                "UPDATE mail_messages SET outcome = 'sent', at = ?2
                 WHERE message_id = (SELECT message_id FROM outbox WHERE id = ?1)",
                params![id, now],
            )?;
            Ok(())
        })
    }

    /// Sending mail `id` failed: the claim is let go and the error kept,
    /// for the next try.
    pub fn mail_failed(&mut self, id: i64, sender: &str, error: &str) -> StoreResult<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET claimed_by = NULL, claimed_at = NULL, attempts = attempts + 1, last_error = ?3
                 WHERE id = ?1 AND claimed_by = ?2",
                params![id, sender, error],
            )?;
            Ok(())
        })
    }
}
