//! Carries out a `Command`: the one place a command becomes the store
//! operation that applies it, whoever asked (the command line or the app).

use super::error::StoreResult;
use super::{demo, Stamp, Store};
use crate::domain::command::{given, Command, Done};

impl Store {
    /// Applies `command` as `stamp` says (who, when, against which
    /// version): the request as it is afterwards, or what was kept.
    pub fn execute(&mut self, command: &Command, stamp: Stamp<'_>) -> StoreResult<Done> {
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
                return Ok(Done::Demo);
            }
            Command::SaveView(view) => {
                return self
                    .save_view(stamp.actor, view.clone(), stamp.now)
                    .map(Done::View)
            }
            Command::RemoveView { name } => return self.remove_view(stamp.actor, name).map(Done::View),
            Command::SaveMacro(m) => {
                return self
                    .save_macro(stamp.actor, m.clone(), stamp.now)
                    .map(Done::Macro)
            }
            Command::RemoveMacro { name } => return self.remove_macro(name).map(Done::Macro),
            Command::SavePerson { name, update } => {
                return self
                    .save_person(stamp.actor, name, update, stamp.now)
                    .map(Done::Person)
            }
            Command::SetTarget(target) => {
                return self
                    .save_target(stamp.actor, (**target).clone(), stamp.now)
                    .map(|t| Done::Target(Box::new(t)))
            }
            Command::RemoveTarget { name } => {
                return self
                    .remove_target(stamp.actor, name)
                    .map(|t| Done::Target(Box::new(t)))
            }
            Command::SetAutoClose { days } => {
                return self
                    .set_auto_close_days(stamp.actor, *days)
                    .map(|()| Done::Setting)
            }
            Command::AskApproval { id, approver, reason } => self.ask_approval(*id, approver, reason, stamp),
            Command::Approve { id, note } => self.decide_approval(*id, true, note, stamp),
            Command::Reject { id, reason } => self.decide_approval(*id, false, reason, stamp),
            Command::SetRecurring { name, template, cron } => {
                return self
                    .save_rule(stamp.actor, name, template, cron, stamp.now)
                    .map(|r| Done::Recurring(Box::new(r)))
            }
            Command::RemoveRecurring { name } => {
                return self
                    .remove_rule(stamp.actor, name)
                    .map(|r| Done::Recurring(Box::new(r)))
            }
            Command::SaveAnswer { title, body, from } => {
                return self
                    .save_answer(stamp.actor, title, body, *from, stamp.now)
                    .map(|a| Done::Answer(Box::new(a)))
            }
            Command::RemoveAnswer { number } => {
                return self.remove_answer(*number).map(|a| Done::Answer(Box::new(a)))
            }
            Command::ReplyWithAnswer { id, number, text } => {
                self.reply_with_answer(*id, *number, text, stamp)
            }
            Command::Checklist { id, change } => self.change_checklist(*id, change, stamp),
            Command::SaveField(f) => {
                return self
                    .save_field(stamp.actor, f.clone(), stamp.now)
                    .map(Done::Field)
            }
            Command::RemoveField { name } => return self.remove_field(stamp.actor, name).map(Done::Field),
            Command::SaveTemplate(t) => {
                return self
                    .save_template(stamp.actor, (**t).clone(), stamp.now)
                    .map(|t| Done::Template(Box::new(t)))
            }
            Command::RemoveTemplate { name } => {
                return self.remove_template(name).map(|t| Done::Template(Box::new(t)))
            }
            Command::Watch { id, on } => self.watch(*id, *on, stamp),
            Command::MarkRead { events } => {
                return self.mark_read(stamp.actor, events, stamp.now).map(Done::Read);
            }
            Command::SetAssignMode { team, mode } => {
                return self
                    .set_assign_mode(stamp.actor, team, *mode)
                    .map(|t| Done::Team(Box::new(t)))
            }
            Command::SetAway { name, back, cover } => {
                return self
                    .set_away(stamp.actor, name, *back, cover.as_deref(), stamp.now)
                    .map(Done::Person)
            }
            Command::SetSlaPolicy(policy) => {
                return self
                    .set_sla_policy(stamp.actor, policy)
                    .map(|reclocked| Done::Policy { reclocked })
            }
        };
        r.map(|r| Done::Request(Box::new(r)))
    }
}
