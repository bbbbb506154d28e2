//! Carries out a `Command`: the one place a command becomes the store
//! operation that applies it, whoever asked (the command line or the app).

use super::error::StoreResult;
use super::{demo, Stamp, Store};
use crate::domain::command::{given, Command};
use crate::domain::Request;

impl Store {
    /// Applies `command` as `stamp` says (who, when, against which
    /// version); the request as it is afterwards, or None for demo data.
    pub fn execute(&mut self, command: &Command, stamp: Stamp<'_>) -> StoreResult<Option<Request>> {
        let r = match command {
            Command::Create(new) => {
                let id = self.create_request(stamp.actor, new.clone(), stamp.now)?;
                self.request(id)
            }
            Command::Update { id, change } => self.update_request(*id, change, stamp),
            Command::Reply { id, text } => self.reply(*id, text, stamp),
            Command::Note { id, text } => self.note(*id, text, stamp),
            Command::Escalate { id, reason } => self.escalate(*id, reason, stamp),
            Command::Resolve { id, resolution } => self.resolve(*id, given(resolution), stamp),
            Command::Reopen { id, reason } => self.reopen(*id, given(reason), stamp),
            Command::Rate { id, scores, close } => self.rate(*id, scores.clone(), *close, stamp),
            Command::Acknowledge { id } => self.acknowledge(*id, stamp),
            Command::DeEscalate { id, reason } => self.de_escalate(*id, reason, stamp),
            Command::FollowUpDone { id, note } => self.follow_up_done(*id, given(note), stamp),
            Command::Close { id, reason } => self.close_as_mistake(*id, reason, stamp),
            Command::Tag { id, add, remove } => self.tag(*id, add, remove, stamp),
            Command::Merge { id, into } => self.merge(*id, *into, stamp),
            Command::Link { id, target, kind } => self.link(*id, *target, *kind, stamp),
            Command::Unlink { id, target } => self.unlink(*id, *target, stamp),
            Command::ApplyMacro { id, name, text } => self.apply_macro(*id, name, stamp, text.clone()),
            Command::LoadDemo { requests } => {
                demo::generate(self, *requests, stamp.now, stamp.now as u64)?;
                return Ok(None);
            }
        };
        r.map(Some)
    }
}
