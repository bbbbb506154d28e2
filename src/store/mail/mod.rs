//! E-mail in the desk: the messages it has handled (so none is handled
//! twice, and replies thread to their request), the files that came with
//! them, and the outbox replies leave from.

mod attachments;
mod intake;
mod outbox;
mod survey;

pub(super) use attachments::attachments_of;
pub use intake::{Intake, MailOutcome, TakenMail};
pub(super) use outbox::queue_reply_mail;
pub use outbox::{OutboxMail, OutboxState};
pub use survey::{PendingSurvey, SurveyFigures};

use rusqlite::params;
use rusqlite::types::Value;

use super::conditions::marks;
use super::error::StoreResult;
use super::sql::Conn;
use super::Store;
use crate::domain::ids::RequestId;
use crate::domain::EventKind;

/// The request a message the desk has handled or sent belongs to: the
/// one of the newest of `ids` it knows (a reply names its thread oldest
/// first).
fn request_of_message(tx: &Conn, ids: &[String]) -> StoreResult<Option<RequestId>> {
    let mut newest: Option<(usize, RequestId)> = None;
    for chunk in ids.chunks(500) {
        let values: Vec<Value> = chunk.iter().map(|id| Value::Text(id.clone())).collect();
        let known: Vec<(String, RequestId)> = tx
            .prepare_cached(&format!(
                "SELECT message_id, request_id FROM mail_messages
                 WHERE message_id IN ({}) AND request_id IS NOT NULL",
                marks(chunk.len())
            ))?
            .query_map(values, |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<StoreResult<_>>()?;
        for (id, request) in known {
            let place = ids.iter().rposition(|i| *i == id).unwrap_or(0);
            if newest.is_none_or(|(p, _)| place > p) {
                newest = Some((place, request));
            }
        }
    }
    Ok(newest.map(|(_, request)| request))
}

/// The newest event of `kind` on `request` (the one just recorded).
fn last_event(tx: &Conn, request: RequestId, kind: EventKind) -> StoreResult<i64> {
    tx.query_row(
        "SELECT max(id) FROM events WHERE request_id = ?1 AND kind = ?2",
        params![request, kind.as_str()],
        |r| r.get(0),
    )
}

impl Store {
    /// When the last mail arrived, if any ever did.
    pub fn last_mail_at(&self) -> StoreResult<Option<i64>> {
        self.db()
            .prepare_cached("SELECT max(at) FROM mail_messages WHERE direction = 'in'")?
            .query_row([], |r| r.get(0))
    }
}
