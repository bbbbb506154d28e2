//! A person's inbox: what others did on the requests they own, watch, or
//! were mentioned on, and the approvals asked of them. Who hears of an
//! event, and why, is decided here; the store keeps the rows.

use serde::Serialize;

use super::labels::labelled_enum;
use super::{EventKind, RequestId};

labelled_enum!(
    /// Why something is in a person's inbox. Earlier reasons win when
    /// several hold (an approver who also watches hears "approval").
    InboxReason, "reason" {
        Approval => "approval",
        Mentioned => "mentioned",
        Assigned => "assigned",
        Watching => "watching",
        Covering => "covering",
    }
);

/// Whether an event of `kind` is worth telling anyone about: the
/// conversation, where the request stands, who owns it, a decision asked
/// for. Not tags, time spent or corrections.
pub fn is_news(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Reply
            | EventKind::Note
            | EventKind::Mail
            | EventKind::Status
            | EventKind::Escalation
            | EventKind::Assignee
            | EventKind::Rating
            | EventKind::Approval
    )
}

/// The staff `text` mentions with `@name`: a whole name (`@Alice Martin`,
/// any case), or a first name only one of them has (`@alice`). An `@`
/// inside a word (an address like ana@example.com) mentions nobody. Each
/// once, in the order of `staff`.
pub fn mentioned<'s>(text: &str, staff: &'s [String]) -> Vec<&'s str> {
    let lower = text.to_lowercase();
    let mut found: Vec<&'s str> = Vec::new();
    for (at, _) in lower.match_indices('@') {
        let before = lower[..at].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let rest = &lower[at + 1..];
        let ends_there = |len: usize| !rest[len..].chars().next().is_some_and(char::is_alphanumeric);
        // The longest whole name that follows.
        let whole = staff
            .iter()
            .filter(|name| {
                let name = name.to_lowercase();
                rest.starts_with(&name) && ends_there(name.len())
            })
            .max_by_key(|name| name.len());
        let who = whole.or_else(|| {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            let word = word.trim_end_matches(['.', '-']);
            let mut by_first = staff.iter().filter(|name| {
                name.split_whitespace()
                    .next()
                    .is_some_and(|first| !word.is_empty() && first.to_lowercase() == word)
            });
            match (by_first.next(), by_first.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        });
        if let Some(who) = who {
            if !found.contains(&who.as_str()) {
                found.push(who);
            }
        }
    }
    staff
        .iter()
        .map(String::as_str)
        .filter(|s| found.contains(s))
        .collect()
}

/// The `@name` being typed at the end of `before` (the text before the
/// cursor): what follows the last `@` that starts a mention, when it is
/// short enough to be part of a name.
pub fn mention_being_typed(before: &str) -> Option<&str> {
    let at = before.rfind('@')?;
    if before[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let partial = &before[at + 1..];
    (partial.chars().count() <= 40 && !partial.contains('\n')).then_some(partial)
}

/// One thing in a person's inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboxItem {
    pub request: RequestId,
    pub subject: String,
    /// The event, by its id in the request's history.
    pub event: i64,
    pub kind: EventKind,
    /// Who did it.
    pub who: String,
    #[serde(rename = "when", with = "super::time::rfc3339")]
    pub at: i64,
    pub why: InboxReason,
    /// What happened, in one line.
    pub what: String,
    /// What was written, for a reply, a note, mail or a decision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    pub read: bool,
}

impl InboxItem {
    /// What happened and the start of what was written, on one line.
    pub fn headline(&self) -> String {
        match self
            .text
            .as_deref()
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        {
            Some(t) if !t.is_empty() => format!("{}: {}", self.what, super::text::fit(&t, 80)),
            _ => self.what.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> Vec<String> {
        ["Alice Martin", "alice", "Bo Chen", "Bo Li", "王芳"]
            .iter()
            .map(|s| (*s).to_string())
            .collect()
    }

    #[test]
    fn a_whole_name_or_a_first_name_only_one_person_has_is_a_mention() {
        let staff = staff();
        assert_eq!(mentioned("@Alice Martin can you look?", &staff), ["Alice Martin"]);
        // "alice" is a whole name too; the longer match wins where it fits.
        assert_eq!(mentioned("thanks @alice.", &staff), ["alice"]);
        // Two Bos: the first name alone is nobody.
        assert!(mentioned("@bo please", &staff).is_empty());
        assert_eq!(mentioned("@bo li and @BO CHEN", &staff), ["Bo Chen", "Bo Li"]);
        assert_eq!(mentioned("请 @王芳 看一下", &staff), ["王芳"]);
    }

    #[test]
    fn an_address_or_a_longer_word_is_not_a_mention() {
        let staff = staff();
        assert!(mentioned("mail alice@example.com", &staff).is_empty());
        assert!(mentioned("@alicex", &staff).is_empty());
        assert!(mentioned("no one", &staff).is_empty());
        assert_eq!(mentioned("@alice @alice", &staff), ["alice"]);
    }

    #[test]
    fn the_mention_being_typed_is_what_follows_the_last_at() {
        assert_eq!(mention_being_typed("cc @ali"), Some("ali"));
        assert_eq!(mention_being_typed("@Alice Ma"), Some("Alice Ma"));
        assert_eq!(mention_being_typed("@"), Some(""));
        assert_eq!(mention_being_typed("mail ana@exa"), None);
        assert_eq!(mention_being_typed("no mention"), None);
    }

    #[test]
    fn news_is_the_conversation_and_where_the_request_stands() {
        assert!(is_news(EventKind::Mail));
        assert!(is_news(EventKind::Approval));
        assert!(!is_news(EventKind::Tags));
        assert!(!is_news(EventKind::Time));
    }
}
