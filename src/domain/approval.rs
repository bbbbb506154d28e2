//! Approval: a lead's sign-off on what a request asks for (a purchase,
//! an access right). While it is pending the request waits and its clock
//! is paused; the named approver or any lead decides, and a rejection
//! says why.

use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;
use super::{Request, Role};

labelled_enum!(
    /// Where an approval stands.
    ApprovalState, "approval state" { Pending => "pending", Approved => "approved", Rejected => "rejected" }
);

/// The latest approval asked for a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub state: ApprovalState,
    pub approver: String,
    pub reason: String,
    pub asked_by: String,
    #[serde(with = "super::time::rfc3339")]
    pub asked_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    #[serde(
        default,
        with = "super::time::rfc3339_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub decided_at: Option<i64>,
    /// The approver's note, or why it was rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Approval {
    pub fn is_pending(&self) -> bool {
        self.state == ApprovalState::Pending
    }

    /// One line: "pending with alice, asked by bo: a new laptop", or
    /// "approved by alice (asked by bo: a new laptop)".
    pub fn summary(&self) -> String {
        match self.state {
            ApprovalState::Pending => format!(
                "pending with {}, asked by {}: {}",
                self.approver, self.asked_by, self.reason
            ),
            decided => format!(
                "{decided} by {}{} (asked by {}: {})",
                self.decided_by.as_deref().unwrap_or(&self.approver),
                self.note
                    .as_deref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default(),
                self.asked_by,
                self.reason
            ),
        }
    }
}

impl Request {
    /// The approval it waits on, if one is pending.
    pub fn pending_approval(&self) -> Option<&Approval> {
        self.approval.as_ref().filter(|a| a.is_pending())
    }
}

/// Why `actor` (of `role`) may not ask for an approval on `r` from
/// `approver` (of `approver_role`), or None when they may.
pub fn refusal_to_ask(r: &Request, approver: &str, approver_role: Option<Role>) -> Option<String> {
    if let Some(a) = r.pending_approval() {
        return Some(format!(
            "request {} already waits on {}'s approval",
            r.id, a.approver
        ));
    }
    if !r.status.is_open() {
        return Some(format!(
            "request {} is {}; approval is asked while the work is open",
            r.id, r.status
        ));
    }
    if approver_role != Some(Role::Lead) {
        return Some(format!(
            "{approver} is not a lead; an approval is asked of a team lead"
        ));
    }
    None
}

/// Why `actor` (of `role`) may not decide the approval `r` waits on, or
/// None when they may: the named approver or any lead.
pub fn refusal_to_decide(r: &Request, actor: &str, role: Option<Role>) -> Option<String> {
    let Some(a) = r.pending_approval() else {
        return Some(format!("request {} is not waiting on an approval", r.id));
    };
    if role == Some(Role::Lead) || a.approver.eq_ignore_ascii_case(actor) {
        return None;
    }
    Some(format!(
        "only {} (the approver) or a team lead may decide; {actor} is neither",
        a.approver
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    fn pending() -> Request {
        Request {
            status: Status::Waiting,
            approval: Some(Approval {
                state: ApprovalState::Pending,
                approver: "Alice".into(),
                reason: "a second monitor".into(),
                asked_by: "bo".into(),
                asked_at: 0,
                decided_by: None,
                decided_at: None,
                note: None,
            }),
            ..Request::example(7)
        }
    }

    #[test]
    fn the_approver_or_any_lead_decides_and_nobody_else() {
        let r = pending();
        assert_eq!(refusal_to_decide(&r, "alice", Some(Role::Agent)), None);
        assert_eq!(refusal_to_decide(&r, "femi", Some(Role::Lead)), None);
        let refused = refusal_to_decide(&r, "bo", Some(Role::Agent)).unwrap();
        assert!(
            refused.contains("only Alice (the approver) or a team lead"),
            "{refused}"
        );
        let none = Request::example(8);
        assert!(refusal_to_decide(&none, "femi", Some(Role::Lead))
            .unwrap()
            .contains("not waiting on an approval"));
    }

    #[test]
    fn one_approval_at_a_time_of_a_lead_on_open_work() {
        assert!(refusal_to_ask(&pending(), "femi", Some(Role::Lead))
            .unwrap()
            .contains("already waits on Alice"));
        let open = Request::example(8);
        assert_eq!(refusal_to_ask(&open, "femi", Some(Role::Lead)), None);
        assert!(refusal_to_ask(&open, "bo", Some(Role::Agent))
            .unwrap()
            .contains("not a lead"));
        let done = Request {
            status: Status::Resolved,
            ..Request::example(9)
        };
        assert!(refusal_to_ask(&done, "femi", Some(Role::Lead))
            .unwrap()
            .contains("is resolved"));
    }
}
