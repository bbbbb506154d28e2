//! Whether a request may have something done to it, and by whom: the rules
//! the store applies inside its transaction and the app asks before it
//! opens a dialog, written once so the two can never differ.

use super::{Request, Role};

/// The things done to a request that have a rule about when they may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Acknowledge,
    DeEscalate,
    Reopen,
    Rate,
    FollowUpDone,
}

/// Why `act` may not be done to `r` by someone of `role` (None: not on
/// staff), or None when it may.
pub fn refusal(act: Act, r: &Request, role: Option<Role>) -> Option<String> {
    let id = r.id;
    let lead = role == Some(Role::Lead);
    match act {
        Act::Acknowledge if !lead => Some("only a team lead acknowledges escalations".into()),
        Act::DeEscalate if !lead => Some("only a team lead can de-escalate".into()),
        Act::Acknowledge | Act::DeEscalate if r.escalation_level == 0 => {
            Some(format!("request {id} is not escalated"))
        }
        Act::Reopen if r.status.is_open() => Some(format!(
            "request {id} is {}; only resolved or closed requests can be reopened",
            r.status
        )),
        Act::Rate if r.status.is_open() => Some(format!(
            "request {id} is {}; rate it once it is resolved",
            r.status
        )),
        Act::FollowUpDone if r.follow_up_at.is_none() => {
            Some(format!("request {id} has no follow-up call pending"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    #[test]
    fn each_rule_says_why() {
        let open = Request::example(4);
        let escalated = Request {
            escalation_level: 1,
            ..open.clone()
        };
        let resolved = Request {
            status: Status::Resolved,
            follow_up_at: Some(1),
            ..open.clone()
        };
        let agent = Some(Role::Agent);
        let lead = Some(Role::Lead);
        assert!(refusal(Act::DeEscalate, &escalated, agent)
            .unwrap()
            .contains("only a team lead"));
        assert!(refusal(Act::Acknowledge, &escalated, None)
            .unwrap()
            .contains("only a team lead"));
        assert_eq!(refusal(Act::DeEscalate, &escalated, lead), None);
        assert!(refusal(Act::Acknowledge, &open, lead)
            .unwrap()
            .contains("not escalated"));
        assert!(refusal(Act::Reopen, &open, agent)
            .unwrap()
            .contains("only resolved or closed"));
        assert_eq!(refusal(Act::Reopen, &resolved, agent), None);
        assert!(refusal(Act::Rate, &open, agent)
            .unwrap()
            .contains("once it is resolved"));
        assert_eq!(refusal(Act::Rate, &resolved, agent), None);
        assert!(refusal(Act::FollowUpDone, &open, agent)
            .unwrap()
            .contains("no follow-up"));
        assert_eq!(refusal(Act::FollowUpDone, &resolved, agent), None);
    }
}
