//! A command in words: what it will do ("set status to resolved"), for
//! a conflict's "your change", and what it did ("#12 resolved"), for the
//! status line. Beside the command, so every face says it the same way.

use super::command::{Command, Done, RequestChange};
use super::Request;

impl Command {
    /// What happened, for the status line once the write is in.
    pub fn done(&self, done: &Done) -> String {
        match done {
            Done::Request(r) => self.done_to(r),
            Done::View(v) if matches!(self, Command::RemoveView { .. }) => format!("view {} removed", v.name),
            Done::View(v) if v.shared => format!("view {} saved for the team", v.name),
            Done::View(v) => format!("view {} saved", v.name),
            Done::Macro(m) if matches!(self, Command::RemoveMacro { .. }) => {
                format!("macro {} removed", m.name)
            }
            Done::Macro(m) => format!("macro {} saved", m.name),
            Done::Person(p) => match self {
                Command::SetAway {
                    back: Some(back),
                    cover,
                    ..
                } => format!(
                    "{} is {}{}",
                    p.name,
                    super::team::away_label(*back),
                    cover
                        .as_ref()
                        .map(|c| format!("; {c} covers"))
                        .unwrap_or_default()
                ),
                Command::SetAway { back: None, .. } => format!("{} is back", p.name),
                _ => format!("{} recorded", p.name),
            },
            Done::Read(0) => "nothing unread".into(),
            Done::Read(1) => "1 marked read".into(),
            Done::Read(n) => format!("{n} marked read"),
            Done::Answer(a) if matches!(self, Command::RemoveAnswer { .. }) => {
                format!("answer {} removed", a.number)
            }
            Done::Answer(a) => format!("answer {} kept: {}", a.number, a.title),
            Done::Recurring(r) if matches!(self, Command::RemoveRecurring { .. }) => {
                format!("recurring rule {} removed", r.name)
            }
            Done::Recurring(r) => format!(
                "recurring rule {} kept: {} on \"{}\", next {}",
                r.name,
                r.template,
                r.cron,
                super::time::local_short(r.next_due)
            ),
            Done::Template(t) if matches!(self, Command::RemoveTemplate { .. }) => {
                format!("template {} removed", t.name)
            }
            Done::Template(t) => format!("template {} saved", t.name),
            Done::Field(f) if matches!(self, Command::RemoveField { .. }) => {
                format!("field {} removed, with its values", f.name)
            }
            Done::Field(f) => format!("field {} kept", f.described()),
            Done::Team(t) => format!("team {} now assigns new work: {}", t.name, t.assign),
            Done::Target(t) if matches!(self, Command::RemoveTarget { .. }) => {
                format!("target {} removed", t.name)
            }
            Done::Target(t) => format!("target {} set", t.name),
            Done::Policy { reclocked } => {
                format!("service targets saved; due times of {reclocked} open requests worked out again")
            }
            Done::Demo => self.describe(),
            Done::Setting => match self {
                Command::SetAutoClose { days } => {
                    format!("unrated resolved requests now close after {days} days")
                }
                other => other.describe(),
            },
        }
    }

    /// What happened to request `r`.
    fn done_to(&self, r: &Request) -> String {
        let id = r.id;
        match self {
            Command::Reply { .. } => format!("reply recorded on #{id}"),
            Command::Note { .. } => format!("internal note added to #{id}"),
            Command::Escalate { .. } => format!("#{id} escalated to level {}", r.escalation_level),
            Command::DeEscalate { .. } => format!("#{id} de-escalated to level {}", r.escalation_level),
            Command::Resolve { .. } => format!("#{id} resolved; record the rating with R in view 7"),
            Command::Reopen { .. } => format!("#{id} reopened"),
            Command::Rate { .. } => format!("rating recorded for #{id}"),
            Command::Acknowledge { .. } => format!("escalation of #{id} acknowledged"),
            Command::FollowUpDone { .. } => format!("follow-up of #{id} done"),
            Command::Close { .. } => format!("#{id} closed without resolving"),
            Command::Tag { .. } => format!("#{id} tagged {}", tag_list(&r.tags)),
            Command::Update { change, .. } => format!("#{id} {}", update_words(change, Tense::Done)),
            Command::Merge { id: duplicate, .. } => format!("#{duplicate} merged into #{id} and closed"),
            Command::ApplyMacro { name, .. } => format!("macro {name} applied to #{id}"),
            Command::AskApproval { approver, .. } => format!("#{id} waits on {approver}'s approval"),
            Command::ReplyWithAnswer { number, .. } => format!("reply recorded on #{id} (answer {number})"),
            Command::Checklist { .. } => {
                format!(
                    "#{id} checklist {}",
                    crate::domain::template::progress(&r.checklist)
                )
            }
            Command::Approve { .. } => format!("#{id} approved; it is open again"),
            Command::Reject { .. } => format!("#{id} rejected; it is open again"),
            Command::Watch { on: true, .. } => format!("watching #{id}: its news comes to your inbox"),
            Command::Watch { on: false, .. } => format!("no longer watching #{id}"),
            other => format!("#{id}: {}", other.describe()),
        }
    }

    /// What the write does, in words for the status line and conflicts
    /// ("set status to resolved"); `done` says what it did.
    pub fn describe(&self) -> String {
        match self {
            Command::Create(n) => format!("record \"{}\"", n.subject),
            Command::Update { change, .. } => update_words(change, Tense::ToDo),
            Command::Reply { .. } => "send your reply".into(),
            Command::Note { .. } => "add your internal note".into(),
            Command::Escalate { .. } => "escalate".into(),
            Command::Resolve { .. } => "resolve".into(),
            Command::Reopen { .. } => "reopen".into(),
            Command::Rate { .. } => "record the rating".into(),
            Command::Acknowledge { .. } => "acknowledge the escalation".into(),
            Command::DeEscalate { .. } => "de-escalate".into(),
            Command::FollowUpDone { .. } => "mark the follow-up done".into(),
            Command::Close { .. } => "close it without resolving".into(),
            Command::Tag { add, remove, .. } => {
                let mut words: Vec<String> = add.iter().map(|t| format!("+{t}")).collect();
                words.extend(remove.iter().map(|t| format!("-{t}")));
                format!("tag {}", words.join(" "))
            }
            Command::LoadDemo { requests } => format!("load {requests} demo requests"),
            Command::Merge { into, .. } => format!("merge it into #{into}"),
            Command::Link { target, .. } => format!("link it to #{target}"),
            Command::Unlink { target, .. } => format!("unlink it from #{target}"),
            Command::ApplyMacro { name, .. } => format!("apply the macro {name}"),
            Command::SaveView(v) => format!("save the view {}", v.name),
            Command::RemoveView { name } => format!("remove the view {name}"),
            Command::SaveMacro(m) => format!("save the macro {}", m.name),
            Command::RemoveMacro { name } => format!("remove the macro {name}"),
            Command::SavePerson { name, .. } => format!("record {name}"),
            Command::SetSlaPolicy(_) => "save the service targets".into(),
            Command::SetTarget(t) => format!("set the target {}", t.name),
            Command::RemoveTarget { name } => format!("remove the target {name}"),
            Command::SetAutoClose { days } => format!("close unrated resolved requests after {days} days"),
            Command::SetAssignMode { team, mode } => format!("set team {team} to assign {mode}"),
            Command::AskApproval { approver, .. } => format!("ask {approver} to approve it"),
            Command::Checklist { .. } => "change its checklist".into(),
            Command::SaveAnswer { title, .. } => format!("keep the answer {title}"),
            Command::RemoveAnswer { number } => format!("remove answer {number}"),
            Command::ReplyWithAnswer { .. } => "send your reply".into(),
            Command::SaveTemplate(t) => format!("save the template {}", t.name),
            Command::SaveField(f) => format!("define the field {}", f.name),
            Command::RemoveField { name } => format!("remove the field {name}"),
            Command::SetRecurring { name, .. } => format!("keep the recurring rule {name}"),
            Command::RemoveRecurring { name } => format!("remove the recurring rule {name}"),
            Command::RemoveTemplate { name } => format!("remove the template {name}"),
            Command::Approve { .. } => "approve it".into(),
            Command::Reject { .. } => "reject it".into(),
            Command::Watch { on: true, .. } => "watch it".into(),
            Command::Watch { on: false, .. } => "stop watching it".into(),
            Command::MarkRead { .. } => "mark your inbox read".into(),
            Command::SetAway {
                name, back: Some(_), ..
            } => format!("record {name} as away"),
            Command::SetAway { name, back: None, .. } => format!("record {name} as back"),
        }
    }

    /// Whether it can be given to many requests at once (assigning,
    /// status, team, urgency and impact, tags, escalating, closing).
    pub fn is_bulk(&self) -> bool {
        self.for_request(super::ids::RequestId(1)).is_some()
    }
}

/// A request's tags as the status line shows them.
fn tag_list(tags: &[String]) -> String {
    if tags.is_empty() {
        "(no tags)".into()
    } else {
        tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ")
    }
}

/// Whether an update is told as something to do (a conflict's "your
/// change") or as done (the status line).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tense {
    ToDo,
    Done,
}

/// An update in words: "assign to bruno, set status to open", or once
/// done "assigned to bruno, status set to open".
fn update_words(change: &RequestChange, tense: Tense) -> String {
    let done = tense == Tense::Done;
    let set = |what: &str, value: String| {
        if done {
            format!("{what} set to {value}")
        } else {
            format!("set {what} to {value}")
        }
    };
    let mut parts = Vec::new();
    if let Some(a) = &change.assignee {
        parts.push(match (a, done) {
            (Some(name), false) => format!("assign to {name}"),
            (Some(name), true) => format!("assigned to {name}"),
            (None, false) => "unassign".into(),
            (None, true) => "unassigned".into(),
        });
    }
    if let Some(s) = change.status {
        parts.push(set("status", s.to_string()));
    }
    if let Some(u) = change.urgency {
        parts.push(set("urgency", u.to_string()));
    }
    if let Some(i) = change.impact {
        parts.push(set("impact", i.to_string()));
    }
    if let Some(t) = &change.team {
        let team = t.as_deref().unwrap_or("no team");
        parts.push(if done {
            format!("transferred to {team}")
        } else {
            format!("transfer to {team}")
        });
    }
    for (name, value) in &change.fields {
        parts.push(match (value.is_empty(), done) {
            (false, _) => set(name, value.clone()),
            (true, false) => format!("clear {name}"),
            (true, true) => format!("{name} cleared"),
        });
    }
    match (parts.is_empty(), done) {
        (true, false) => "correct the recorded details".into(),
        (true, true) => "updated".into(),
        (false, _) => parts.join(", "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::RequestId;

    #[test]
    fn changes_for_many_are_bulk_and_a_reply_or_correction_is_not() {
        let id = RequestId(7);
        assert!(Command::Escalate {
            id,
            reason: "x".into()
        }
        .is_bulk());
        assert!(Command::Tag {
            id,
            add: vec!["vpn".into()],
            remove: vec![]
        }
        .is_bulk());
        assert!(!Command::Reply { id, text: "x".into() }.is_bulk());
        let correction = RequestChange {
            subject: Some("typo".into()),
            ..RequestChange::default()
        };
        assert!(!Command::Update {
            id,
            change: correction
        }
        .is_bulk());
        assert_eq!(
            Command::Reply { id, text: "x".into() }.describe(),
            "send your reply"
        );
    }
}
