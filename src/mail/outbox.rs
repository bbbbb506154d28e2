//! Sending what waits in the outbox. Each mail is claimed before it is
//! sent, so two copies of Frontdesk sending at once never send one twice;
//! a failure lets the claim go and keeps the error for the next try.

use super::smtp::Mailer;
use crate::store::{Store, StoreResult};

/// What one pass over the outbox did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
    /// Taken by another copy meanwhile.
    pub skipped: usize,
    pub errors: Vec<String>,
}

impl SendReport {
    pub fn summary(&self) -> String {
        let mut line = format!("{} sent, {} failed", self.sent, self.failed);
        if let Some(first) = self.errors.first() {
            line.push_str(&format!(" ({first})"));
        }
        line
    }
}

/// Who is sending: this process on this machine, so that a claim names
/// its owner.
pub fn sender_id() -> String {
    let (login, host) = crate::store::history::os_identity();
    format!("{login}@{host}:{}", std::process::id())
}

/// Sends every mail waiting (only those of `request`, when given).
pub fn send_outbox(
    store: &mut Store,
    mailer: &Mailer,
    request: Option<crate::domain::RequestId>,
    now: impl Fn() -> i64,
) -> StoreResult<SendReport> {
    let me = sender_id();
    let mut report = SendReport::default();
    let waiting = match request {
        Some(id) => store.unsent_mail_of(id)?,
        None => store.unsent_mail()?,
    };
    for mail in waiting {
        if !store.claim_mail(mail.id, &me, now())? {
            report.skipped += 1;
            continue;
        }
        match mailer.send(&mail) {
            Ok(()) => {
                store.mail_sent(mail.id, &me, now())?;
                report.sent += 1;
            }
            Err(why) => {
                store.mail_failed(mail.id, &me, &why)?;
                report.failed += 1;
                report.errors.push(format!("to {}: {why}", mail.recipient));
            }
        }
    }
    Ok(report)
}
