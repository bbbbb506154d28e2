//! Links between requests: related, parent and child, duplicate. A link is
//! kept once, from one side (a child link is its parent's), and read from
//! both.

use serde::{Deserialize, Serialize};

use super::DomainError;

/// What `ID` is to `TARGET` in `link ID TARGET --as KIND`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Related,
    Parent,
    Child,
    Duplicate,
}

impl std::str::FromStr for LinkKind {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "related" => LinkKind::Related,
            "parent" => LinkKind::Parent,
            "child" => LinkKind::Child,
            "duplicate" => LinkKind::Duplicate,
            _ => {
                return Err(DomainError::InvalidValue {
                    field: "link",
                    value: s.to_string(),
                    valid: "related, parent, child, duplicate".into(),
                })
            }
        })
    }
}

impl LinkKind {
    /// The row kept for "`a` is `self` of `b`": (from, to, kind).
    pub fn stored(
        self,
        a: super::RequestId,
        b: super::RequestId,
    ) -> (super::RequestId, super::RequestId, &'static str) {
        match self {
            LinkKind::Related => (a, b, "related"),
            LinkKind::Parent => (a, b, "parent"),
            LinkKind::Child => (b, a, "parent"),
            LinkKind::Duplicate => (a, b, "duplicate"),
        }
    }
}

/// A request linked to the one shown, and what it is to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Linked {
    /// "parent of", "child of", "related to", "duplicate of",
    /// "duplicated by": what the request shown is to this one.
    pub relation: String,
    pub id: super::RequestId,
    pub subject: String,
    pub status: String,
}

/// What the request at `from` (or `to`, seen from the other side) is.
pub fn relation(kind: &str, seen_from_from: bool) -> &'static str {
    match (kind, seen_from_from) {
        ("parent", true) => "parent of",
        ("parent", false) => "child of",
        ("duplicate", true) => "duplicate of",
        ("duplicate", false) => "duplicated by",
        _ => "related to",
    }
}
