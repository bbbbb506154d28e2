//! Finding the open requests a new one may repeat: the requester's own,
//! and those the desk's search finds by the subject's words (Chinese
//! too). Which of them to offer is the domain's.

use super::error::StoreResult;
use super::queue::{QueueFilter, QueueSort};
use super::Store;
use crate::domain::duplicates::{offered, search_for, PossibleDuplicate};
use crate::domain::ids::RequestId;
use crate::domain::{Request, Status};

/// Candidates read from each side before choosing.
const READ: usize = 30;

fn candidate(r: Request) -> PossibleDuplicate {
    PossibleDuplicate {
        id: r.id,
        subject: r.subject,
        requester: r.requester,
        created_at: r.created_at,
        likeness: 0.0,
    }
}

impl Store {
    /// Up to three open requests a new one from `requester` about
    /// `subject` may repeat, best first; `except` (the new one itself,
    /// once recorded) is left out.
    pub fn possible_duplicates(
        &self,
        requester: &str,
        subject: &str,
        except: Option<RequestId>,
        now: i64,
    ) -> StoreResult<Vec<PossibleDuplicate>> {
        let open = vec![Status::New, Status::Open, Status::Waiting];
        let mut found = Vec::new();
        if !requester.trim().is_empty() {
            let theirs = QueueFilter {
                statuses: open.clone(),
                now,
                refine: crate::domain::query::Query {
                    requesters: crate::domain::query::Terms {
                        any: vec![requester.trim().to_string()],
                        none: Vec::new(),
                    },
                    ..Default::default()
                },
                ..QueueFilter::default()
            };
            found.extend(self.queue(&theirs, QueueSort::Created, 0, READ)?);
        }
        if let Some(words) = search_for(subject) {
            let alike = QueueFilter {
                statuses: open,
                search: Some(words),
                now,
                ..QueueFilter::default()
            };
            found.extend(self.queue(&alike, QueueSort::Created, 0, READ)?);
        }
        Ok(offered(
            subject,
            requester,
            found.into_iter().filter(|r| Some(r.id) != except).map(candidate),
        ))
    }
}
