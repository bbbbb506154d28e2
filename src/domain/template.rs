//! Templates and checklists: the requests a team records again and again
//! (a new starter's accounts, laptop and badge; Monday's backup check),
//! and the steps each one's work follows. A request cannot be resolved
//! while a step is open: each is done, or skipped with a reason.

use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;
use super::request::{optional_text, required_text};
use super::{DomainError, Impact, NewRequest, Urgency};

labelled_enum!(
    /// Where a checklist item stands.
    ItemState, "item state" { Open => "open", Done => "done", Skipped => "skipped", Removed => "removed" }
);

/// A template as kept in the desk.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Template {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    /// The checklist each request made from it starts with.
    #[serde(default)]
    pub items: Vec<String>,
}

/// Longest checklist item, in characters.
const ITEM_LIMIT: usize = 200;

/// A checklist item's text, trimmed and checked.
pub fn item_text(text: &str) -> Result<String, DomainError> {
    let text = required_text("item", text)?;
    if text.chars().count() > ITEM_LIMIT || text.contains('\n') {
        return Err(DomainError::Rule(format!(
            "a checklist item is one line of at most {ITEM_LIMIT} characters"
        )));
    }
    Ok(text)
}

impl Template {
    /// The template with its texts trimmed and checked.
    pub fn checked(self) -> Result<Template, DomainError> {
        let name = required_text("name", &self.name)?;
        if name.chars().any(char::is_whitespace) {
            return Err(DomainError::Rule(format!(
                "'{name}' cannot name a template: one word (onboarding, backup-check)"
            )));
        }
        Ok(Template {
            name,
            subject: optional_text("subject", self.subject.as_deref())?,
            body: self.body.filter(|b| !b.trim().is_empty()),
            category: optional_text("category", self.category.as_deref())?,
            team: optional_text("team", self.team.as_deref())?,
            items: self
                .items
                .iter()
                .map(|i| item_text(i))
                .collect::<Result<_, _>>()?,
            ..self
        })
    }

    /// A new request from this template: what `given` says wins, the
    /// template fills the rest (its subject only when none was given).
    pub fn fill(&self, given: NewRequest, urgency_given: bool, impact_given: bool) -> NewRequest {
        NewRequest {
            subject: if given.subject.trim().is_empty() {
                self.subject.clone().unwrap_or_default()
            } else {
                given.subject
            },
            body: if given.body.trim().is_empty() {
                self.body.clone().unwrap_or_default()
            } else {
                given.body
            },
            category: given.category.or_else(|| self.category.clone()),
            team: given.team.or_else(|| self.team.clone()),
            urgency: if urgency_given {
                given.urgency
            } else {
                self.urgency.unwrap_or(given.urgency)
            },
            impact: if impact_given {
                given.impact
            } else {
                self.impact.unwrap_or(given.impact)
            },
            checklist: self.items.clone(),
            ..given
        }
    }
}

/// One item of a request's checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    pub number: i64,
    pub text: String,
    pub state: ItemState,
    /// True when it is done.
    pub done: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(
        default,
        with = "super::time::rfc3339_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub at: Option<i64>,
    /// Why it was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A change to a request's checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChecklistChange {
    Add(String),
    Remove(i64),
    Check(i64),
    Uncheck(i64),
    Skip { number: i64, reason: String },
}

/// "3/5": items done or skipped, of those not removed.
pub fn progress(items: &[ChecklistItem]) -> String {
    let counted: Vec<&ChecklistItem> = items.iter().filter(|i| i.state != ItemState::Removed).collect();
    let finished = counted
        .iter()
        .filter(|i| matches!(i.state, ItemState::Done | ItemState::Skipped))
        .count();
    format!("{finished}/{}", counted.len())
}

/// Why request `id` cannot be resolved with these items open, or None.
pub fn open_items_refusal(id: super::RequestId, items: &[ChecklistItem]) -> Option<String> {
    let open: Vec<String> = items
        .iter()
        .filter(|i| i.state == ItemState::Open)
        .map(|i| format!("{} {}", i.number, i.text))
        .collect();
    (!open.is_empty()).then(|| {
        format!(
            "request {id} has open checklist items: {}; check each (frontdesk check {id} N) or skip it with a reason (frontdesk checklist {id} skip N --reason TEXT)",
            open.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(number: i64, state: ItemState) -> ChecklistItem {
        ChecklistItem {
            number,
            text: format!("step {number}"),
            state,
            done: state == ItemState::Done,
            by: None,
            at: None,
            reason: None,
        }
    }

    #[test]
    fn what_was_given_wins_and_the_template_fills_the_rest() {
        let t = Template {
            name: "onboarding".into(),
            subject: Some("New starter".into()),
            team: Some("Service Desk".into()),
            urgency: Some(Urgency::High),
            items: vec!["Account".into(), "Laptop".into()],
            ..Template::default()
        };
        let given = NewRequest {
            requester: "Ben".into(),
            impact: Impact::High,
            ..NewRequest::default()
        };
        let n = t.fill(given, false, true);
        assert_eq!(n.subject, "New starter");
        assert_eq!(n.team.as_deref(), Some("Service Desk"));
        assert_eq!((n.urgency, n.impact), (Urgency::High, Impact::High));
        assert_eq!(n.checklist, ["Account", "Laptop"]);
        let own = t.fill(
            NewRequest {
                subject: "New starter: Li Na".into(),
                urgency: Urgency::Low,
                ..NewRequest::default()
            },
            true,
            false,
        );
        assert_eq!(
            (own.subject.as_str(), own.urgency),
            ("New starter: Li Na", Urgency::Low)
        );
    }

    #[test]
    fn open_items_stop_resolving_and_progress_counts_the_finished() {
        let items = [
            item(1, ItemState::Done),
            item(2, ItemState::Open),
            item(3, ItemState::Skipped),
            item(4, ItemState::Removed),
        ];
        assert_eq!(progress(&items), "2/3");
        let why = open_items_refusal(super::super::RequestId(7), &items).unwrap();
        assert!(why.contains("open checklist items: 2 step 2"), "{why}");
        assert_eq!(open_items_refusal(super::super::RequestId(7), &items[..1]), None);
        assert!(Template {
            name: "two words".into(),
            ..Template::default()
        }
        .checked()
        .is_err());
        assert!(item_text("a\nb").is_err());
    }
}
