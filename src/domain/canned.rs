//! Macros: a canned reply or note and the changes that go with it (a
//! status, an assignee, a team, tags, minutes spent), under a name. Its
//! text takes variables, filled in for the request it is applied to.

use serde::Serialize;

use super::command::{Command, RequestChange};
use super::request::{required_text, tag};
use super::text::inert_line;
use super::time::local_short;
use super::{DomainError, Request, Status};

/// The variables a macro's text may hold.
pub const VARIABLES: &[&str] = &["requester", "first_name", "id", "agent", "due", "subject"];

/// A macro as kept in the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Macro {
    pub name: String,
    pub reply: Option<String>,
    pub note: Option<String>,
    pub status: Option<Status>,
    pub assign: Option<String>,
    pub team: Option<String>,
    pub tags: Vec<String>,
    pub minutes: Option<u32>,
}

/// `text` with each `{name}` that `value` knows replaced by what it
/// gives, in one pass: what a value brings is never read for variables
/// again, and an unknown `{name}` stays as written.
pub fn fill_variables(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after
            .find('}')
            .and_then(|close| Some((close, value(&after[..close])?)));
        if let Some((close, filled)) = filled {
            out.push_str(&filled);
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The `{names}` in a text.
fn variables(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

impl Macro {
    /// A macro to keep: a name, something to do, known variables only,
    /// tags that can be tags.
    pub fn checked(mut self) -> Result<Macro, DomainError> {
        self.name = required_text("macro name", &self.name)?;
        let does_nothing = self.reply.is_none()
            && self.note.is_none()
            && self.status.is_none()
            && self.assign.is_none()
            && self.team.is_none()
            && self.tags.is_empty();
        if does_nothing {
            return Err(DomainError::Rule(
                "a macro needs something to do: --reply, --note, --status, --assign, --team or --tag".into(),
            ));
        }
        if self.reply.is_some() && self.note.is_some() {
            return Err(DomainError::Rule("a macro replies or notes, not both".into()));
        }
        for text in [&self.reply, &self.note].into_iter().flatten() {
            if let Some(unknown) = variables(text).into_iter().find(|v| !VARIABLES.contains(v)) {
                return Err(DomainError::Rule(format!(
                    "unknown variable {{{unknown}}} in the macro's text (variables: {})",
                    VARIABLES
                        .iter()
                        .map(|v| format!("{{{v}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        self.tags = self.tags.iter().map(|t| tag(t)).collect::<Result<_, _>>()?;
        Ok(self)
    }

    /// `text` with its variables filled in for request `r`, as `agent`,
    /// in one pass: what a variable brings (a requester's name from a
    /// mail's From line, a subject) is never read for variables again.
    pub fn fill(text: &str, r: &Request, agent: &str, now: i64) -> String {
        let value = |name: &str| -> Option<String> {
            Some(match name {
                "requester" => r.requester.clone(),
                "first_name" => r
                    .requester
                    .split_whitespace()
                    .next()
                    .unwrap_or(&r.requester)
                    .to_string(),
                "id" => r.id.to_string(),
                "agent" => agent.to_string(),
                "due" => r.due(now).map_or_else(|| "-".into(), |d| local_short(d.due_at)),
                "subject" => inert_line(&r.subject),
                _ => return None,
            })
        };
        fill_variables(text, value)
    }

    /// The reply or note as it would be sent on `r`.
    pub fn text_for(&self, r: &Request, agent: &str, now: i64) -> Option<String> {
        self.reply
            .as_ref()
            .or(self.note.as_ref())
            .map(|t| Macro::fill(t, r, agent, now))
    }

    /// The commands that apply it to `r`, in order: the reply or note,
    /// then the changes, then the tags.
    pub fn commands(&self, r: &Request, agent: &str, now: i64) -> Vec<Command> {
        let id = r.id;
        let mut out = Vec::new();
        if let Some(text) = self.reply.as_ref().map(|t| Macro::fill(t, r, agent, now)) {
            out.push(Command::Reply { id, text });
        }
        if let Some(text) = self.note.as_ref().map(|t| Macro::fill(t, r, agent, now)) {
            out.push(Command::Note { id, text });
        }
        let status = self.status.filter(|s| *s != r.status);
        // Resolving says what was done: the macro's own words, else its name.
        let reason = (status == Some(Status::Resolved)).then(|| {
            self.text_for(r, agent, now)
                .unwrap_or_else(|| format!("resolved with the macro {}", self.name))
        });
        let change = RequestChange {
            status,
            assignee: self.assign.clone().map(Some),
            team: self.team.clone().map(Some),
            reason,
            ..RequestChange::default()
        };
        if change != RequestChange::default() {
            out.push(Command::Update { id, change });
        }
        if !self.tags.is_empty() {
            out.push(Command::Tag {
                id,
                add: self.tags.clone(),
                remove: Vec::new(),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_filled_and_unknown_ones_refused_when_kept() {
        let mut r = Request::example(12);
        r.requester = "Wang Wei".into();
        let text = Macro::fill(
            "Hello {first_name}, #{id} ({subject}) is with {agent}",
            &r,
            "ana",
            0,
        );
        assert_eq!(text, "Hello Wang, #12 (Printer jams) is with ana");
        let bad = Macro {
            name: "x".into(),
            reply: Some("Dear {name}".into()),
            ..Macro::default()
        };
        let err = bad.checked().unwrap_err().to_string();
        assert!(err.contains("unknown variable {name}"), "{err}");
        assert!(err.contains("{requester}, {first_name}"), "{err}");
        let nothing = Macro {
            name: "x".into(),
            ..Macro::default()
        };
        assert!(nothing.checked().is_err());
    }

    #[test]
    fn what_a_variable_brings_is_never_expanded_again() {
        let mut r = Request::example(7);
        r.requester = "{subject}{subject} {id}".into();
        r.subject = "{requester}{agent}".into();
        let text = Macro::fill("To {requester}: {subject} {due} {unknown} {", &r, "{id}", 0);
        assert_eq!(
            text,
            "To {subject}{subject} {id}: {requester}{agent} - {unknown} {"
        );
        assert_eq!(
            Macro::fill("{first_name}|{agent}", &r, "{id}", 0),
            "{subject}{subject}|{id}"
        );
    }

    #[test]
    fn a_macro_becomes_ordinary_commands() {
        let r = Request::example(3);
        let m = Macro {
            name: "printer".into(),
            reply: Some("We are on it, {first_name}".into()),
            status: Some(Status::Waiting),
            team: Some("Office".into()),
            tags: vec!["printer".into()],
            ..Macro::default()
        };
        let commands = m.commands(&r, "ana", 0);
        assert_eq!(commands.len(), 3);
        assert!(matches!(&commands[0], Command::Reply { text, .. } if text == "We are on it, Ben"));
        assert!(matches!(&commands[2], Command::Tag { add, .. } if add == &vec!["printer".to_string()]));
    }
}
