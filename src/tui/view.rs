//! Saved views: the queues an agent or lead switches between with one key.

use serde::{Deserialize, Serialize};

use crate::domain::approval::ApprovalState;
use crate::domain::query::{Query, Who};
use crate::domain::Status;
use crate::store::{AssigneeFilter, DueFilter, QueueFilter, QueueSort};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ViewId {
    Mine,
    Unassigned,
    AllOpen,
    Waiting,
    Escalated,
    DueSoon,
    AwaitingRating,
    Closed,
    Escalations,
    FollowUps,
    /// A lead's: requests waiting on their approval.
    Approvals,
}

impl ViewId {
    pub const ALL: [ViewId; 11] = [
        ViewId::Mine,
        ViewId::Unassigned,
        ViewId::AllOpen,
        ViewId::Waiting,
        ViewId::Escalated,
        ViewId::DueSoon,
        ViewId::AwaitingRating,
        ViewId::Closed,
        ViewId::Escalations,
        ViewId::FollowUps,
        ViewId::Approvals,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ViewId::Mine => "My requests",
            ViewId::Unassigned => "Unassigned",
            ViewId::AllOpen => "All open",
            ViewId::Waiting => "Waiting",
            ViewId::Escalated => "Escalated",
            ViewId::DueSoon => "Breached / at risk",
            ViewId::AwaitingRating => "Resolved, awaiting rating",
            ViewId::Closed => "Closed",
            ViewId::Escalations => "Escalations (lead)",
            ViewId::FollowUps => "Follow-ups due",
            ViewId::Approvals => "Awaiting my approval",
        }
    }

    /// The name `--view` takes.
    pub fn slug(self) -> &'static str {
        match self {
            ViewId::Mine => "mine",
            ViewId::Unassigned => "unassigned",
            ViewId::AllOpen => "open",
            ViewId::Waiting => "waiting",
            ViewId::Escalated => "escalated",
            ViewId::DueSoon => "due",
            ViewId::AwaitingRating => "resolved",
            ViewId::Closed => "closed",
            ViewId::Escalations => "escalations",
            ViewId::FollowUps => "followups",
            ViewId::Approvals => "approvals",
        }
    }

    pub fn from_slug(s: &str) -> Result<ViewId, String> {
        ViewId::ALL.into_iter().find(|v| v.slug() == s).ok_or_else(|| {
            let valid: Vec<&str> = ViewId::ALL.iter().map(|v| v.slug()).collect();
            format!("invalid view '{s}' (valid: {})", valid.join(", "))
        })
    }

    /// The sort a view opens with.
    pub fn default_sort(self) -> QueueSort {
        match self {
            ViewId::Waiting | ViewId::AwaitingRating | ViewId::Closed => QueueSort::Updated,
            ViewId::FollowUps => QueueSort::FollowUp,
            _ => QueueSort::Due,
        }
    }

    /// What the view selects, for `actor` at `now`.
    /// The view's scope in the query language, for a saved view that is
    /// to show what this one shows; None where the language has no words
    /// for it (the follow-up calls due).
    pub fn scope_query(self) -> Option<&'static str> {
        Some(match self {
            ViewId::Mine => "status:new,open,waiting assignee:me",
            ViewId::Unassigned => "status:new,open,waiting assignee:none",
            ViewId::AllOpen => "status:new,open,waiting",
            ViewId::Waiting => "status:waiting",
            ViewId::Escalated | ViewId::Escalations => "status:new,open,waiting escalated:yes",
            ViewId::DueSoon => "status:new,open,waiting due:breached,at-risk",
            ViewId::AwaitingRating => "status:resolved rated:no",
            ViewId::Closed => "status:closed",
            ViewId::Approvals => "status:new,open,waiting approval:pending approver:me",
            ViewId::FollowUps => return None,
        })
    }

    pub fn filter(self, actor: &str, now: i64) -> QueueFilter {
        let open = vec![Status::New, Status::Open, Status::Waiting];
        let base = QueueFilter {
            now,
            ..QueueFilter::default()
        };
        match self {
            ViewId::Mine => QueueFilter {
                statuses: open,
                assignee: AssigneeFilter::Covering(actor.to_string()),
                ..base
            },
            ViewId::Unassigned => QueueFilter {
                statuses: open,
                assignee: AssigneeFilter::Unassigned,
                ..base
            },
            ViewId::AllOpen => QueueFilter {
                statuses: open,
                ..base
            },
            ViewId::Waiting => QueueFilter {
                statuses: vec![Status::Waiting],
                ..base
            },
            ViewId::Escalated | ViewId::Escalations => QueueFilter {
                statuses: open,
                escalated: true,
                ..base
            },
            ViewId::DueSoon => QueueFilter {
                statuses: open,
                due: Some(DueFilter::BreachedOrAtRisk),
                ..base
            },
            ViewId::AwaitingRating => QueueFilter {
                statuses: vec![Status::Resolved],
                rated: Some(false),
                ..base
            },
            ViewId::Closed => QueueFilter {
                statuses: vec![Status::Closed],
                ..base
            },
            ViewId::FollowUps => QueueFilter {
                follow_up: true,
                ..base
            },
            ViewId::Approvals => QueueFilter {
                statuses: open,
                refine: Query {
                    approval: Some(ApprovalState::Pending),
                    approver: Some(Who::Named(actor.to_string())),
                    ..Query::default()
                },
                ..base
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_and_bad_ones_list_the_valid() {
        for v in ViewId::ALL {
            assert_eq!(ViewId::from_slug(v.slug()).unwrap(), v);
        }
        assert!(ViewId::from_slug("nope").unwrap_err().contains("escalations"));
    }
}
