//! Several changes as one: every write inside joins one transaction, so
//! a bulk change to many requests goes in whole or not at all — a request
//! someone changed meanwhile stops all of it as a conflict.

use super::error::{StoreError, StoreResult};
use super::history;
use super::sql::Conn;
use super::{postgres, Db, Store};
use crate::domain::command::{Command, Done};
use crate::domain::ids::{RequestId, Version};
use crate::domain::Request;

impl Store {
    /// Runs `f`, whose writes join one transaction: committed when `f`
    /// succeeds, rolled back whole when it fails.
    pub fn all_or_nothing<T>(&mut self, f: impl FnOnce(&mut Store) -> StoreResult<T>) -> StoreResult<T> {
        self.clear_to_write()?;
        let begin = match &self.conn {
            Db::File(_) => "BEGIN IMMEDIATE".to_string(),
            Db::Server(_) => format!("BEGIN; SELECT pg_advisory_xact_lock({})", postgres::WRITERS_TURN),
        };
        self.db().execute_batch(&begin)?;
        self.batch = true;
        let out = f(self);
        self.batch = false;
        let finished = out.and_then(|out| {
            let tx = self.db();
            if let Conn::Server(_) = tx {
                for id in postgres::words::touched(&tx)? {
                    postgres::words::refresh(&tx, id)?;
                }
            }
            let sealed = history::seal(&tx)?;
            let commit = match tx {
                Conn::File(_) => "COMMIT".to_string(),
                Conn::Server(_) => format!("NOTIFY {}; COMMIT", super::sql::CHANGED),
            };
            tx.execute_batch(&commit)?;
            Ok((out, sealed))
        });
        let finished = finished.map(|(out, sealed)| {
            self.keep_recorded(sealed);
            out
        });
        if finished.is_err() {
            // The error is the news; a failed rollback leaves the
            // connection to roll back as it closes.
            let _ = self.db().execute_batch("ROLLBACK");
        }
        finished
    }

    /// The version each of `ids` is at, in the order given; a request
    /// that does not exist is refused by its id. (A bulk change bases
    /// each request's change on it, without reading the requests whole.)
    pub fn versions(&self, ids: &[RequestId]) -> StoreResult<Vec<Version>> {
        let mut found = std::collections::HashMap::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let values: Vec<rusqlite::types::Value> = chunk.iter().map(|&id| id.into()).collect();
            let rows = self
                .db()
                .prepare_keyed(&format!(
                    "SELECT id, version FROM requests WHERE id IN ({})",
                    super::conditions::marks(chunk.len())
                ))?
                .query_map(values, |r| {
                    Ok((r.get::<_, RequestId>(0)?, r.get::<_, Version>(1)?))
                })?
                .collect::<StoreResult<Vec<_>>>()?;
            found.extend(rows);
        }
        ids.iter()
            .map(|id| found.get(id).copied().ok_or(StoreError::NotFound(*id)))
            .collect()
    }

    /// Carries out each command, based on the version given with it, as
    /// one change: all of them, or (a stale version, a rule broken, a
    /// request gone) none.
    pub fn execute_all(
        &mut self,
        commands: &[(Command, Option<Version>)],
        actor: &str,
        now: i64,
    ) -> StoreResult<Vec<Request>> {
        self.all_or_nothing(|store| {
            let mut done = Vec::with_capacity(commands.len());
            for (command, expected) in commands {
                match store.execute(command, super::Stamp::new(actor, *expected, now)) {
                    Ok(Done::Request(r)) => done.push(*r),
                    // Already so: nothing to do for this one, the rest go on.
                    Ok(_) | Err(StoreError::NothingToChange(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            Ok(done)
        })
    }
}
