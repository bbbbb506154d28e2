//! Answers kept for the whole team, and a reply made from one: the reply
//! and the answer's count move in one transaction.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, Stamp};
use super::sql::{OptionalExtension, Row};
use super::Store;
use crate::domain::answer::{checked, Answer};
use crate::domain::ids::RequestId;
use crate::domain::{DomainError, EventKind, Request, Status};

const COLUMNS: &str = "id, title, body, source_request, uses";

fn answer_row(r: &Row<'_>) -> StoreResult<Answer> {
    Ok(Answer {
        number: r.get(0)?,
        title: r.get(1)?,
        body: r.get(2)?,
        source: r.get(3)?,
        uses: r.get(4)?,
    })
}

impl Store {
    /// Keeps a new answer: its number.
    pub(crate) fn save_answer(
        &mut self,
        actor: &str,
        title: &str,
        body: &str,
        from: Option<RequestId>,
        now: i64,
    ) -> StoreResult<Answer> {
        let actor = acting_name(actor)?;
        let body = match from {
            Some(id) => self.answer_text_of(id)?,
            None => body.to_string(),
        };
        let (title, body) = checked(title, &body)?;
        let number = self.write(|tx| {
            tx.execute(
                "INSERT INTO answers (title, body, source_request, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![title, body, from, actor, now],
            )?;
            tx.last_insert_rowid()
        })?;
        self.answer(number)
    }

    /// What a resolved request teaches: its resolution and its last reply.
    fn answer_text_of(&self, id: RequestId) -> StoreResult<String> {
        let (r, events) = self.request_and_history(id)?;
        if r.status != Status::Resolved && r.status != Status::Closed {
            return Err(DomainError::Rule(format!(
                "request {id} is {}; an answer is taken from a resolved request",
                r.status
            ))
            .into());
        }
        let resolution = events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Status && e.new_value.as_deref() == Some("resolved"))
            .and_then(|e| e.body.clone());
        let reply = events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Reply)
            .and_then(|e| e.body.clone());
        let parts: Vec<String> = [resolution, reply].into_iter().flatten().collect();
        if parts.is_empty() {
            return Err(StoreError::Invalid(format!(
                "request {id} has no resolution or reply to learn from"
            )));
        }
        Ok(parts.join("\n\n"))
    }

    pub(crate) fn remove_answer(&mut self, number: i64) -> StoreResult<Answer> {
        let a = self.answer(number)?;
        self.write(|tx| tx.execute("DELETE FROM answers WHERE id = ?1", [number]))?;
        Ok(a)
    }

    /// Every answer, most used first.
    pub fn answers(&self) -> StoreResult<Vec<Answer>> {
        self.db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM answers ORDER BY uses DESC, id"))?
            .query_map([], answer_row)?
            .collect()
    }

    pub fn answer(&self, number: i64) -> StoreResult<Answer> {
        self.db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM answers WHERE id = ?1"))?
            .query_row([number], answer_row)
            .optional()?
            .ok_or_else(|| {
                StoreError::Invalid(format!("there is no answer {number} (`frontdesk answers list`)"))
            })
    }

    /// A reply made from answer `number` (its text as the person left
    /// it), and the answer counted once more, as one write.
    pub(crate) fn reply_with_answer(
        &mut self,
        id: RequestId,
        number: i64,
        text: &str,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        self.answer(number)?;
        self.all_or_nothing(|s| {
            let r = s.reply(id, text, stamp)?;
            s.write(|tx| tx.execute("UPDATE answers SET uses = uses + 1 WHERE id = ?1", [number]))?;
            Ok(r)
        })
    }
}
