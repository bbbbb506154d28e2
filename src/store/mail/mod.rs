//! E-mail in the desk: the messages it has handled (so none is handled
//! twice, and replies thread to their request), the files that came with
//! them, and the outbox replies leave from.

mod attachments;
mod intake;
mod outbox;

pub(super) use attachments::{attachments_of, attachments_of_events};
pub use intake::{Intake, MailOutcome, TakenMail};
pub(super) use outbox::queue_reply_mail;
pub use outbox::{OutboxMail, OutboxState};

use super::error::StoreResult;
use super::sql::{Conn, OptionalExtension};
use super::Store;

/// The request a message the desk has handled or sent belongs to.
fn request_of_message(tx: &Conn, ids: &[String]) -> StoreResult<Option<i64>> {
    for id in ids.iter().rev() {
        let found: Option<Option<i64>> = tx
            .prepare_cached("SELECT request_id FROM mail_messages WHERE message_id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(Some(request)) = found {
            return Ok(Some(request));
        }
    }
    Ok(None)
}

impl Store {
    /// Whether the desk has already handled the message with this id.
    pub fn mail_known(&self, message_id: &str) -> StoreResult<bool> {
        Ok(self
            .db()
            .prepare_cached("SELECT 1 FROM mail_messages WHERE message_id = ?1")?
            .query_row([message_id], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some())
    }

    /// When the last mail arrived, if any ever did.
    pub fn last_mail_at(&self) -> StoreResult<Option<i64>> {
        self.db()
            .prepare_cached("SELECT max(at) FROM mail_messages WHERE direction = 'in'")?
            .query_row([], |r| r.get(0))
    }
}
