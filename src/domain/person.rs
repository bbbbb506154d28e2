use serde::{Deserialize, Serialize};

use super::labels::labelled_enum;

labelled_enum!(
    /// What a person is to the desk. Only leads may de-escalate.
    Role, "role" { Requester => "requester", Agent => "agent", Lead => "lead" }
);

impl Role {
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Lead)
    }
}

/// A requester or a member of staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub department: Option<String>,
    pub contact: Option<String>,
    pub team: Option<String>,
    pub key_customer: bool,
    pub role: Role,
    /// The login a member of staff acts through (their database login on
    /// a server desk).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// When they are back, while they are away (none once they are).
    #[serde(
        default,
        with = "super::time::rfc3339_opt",
        skip_serializing_if = "Option::is_none"
    )]
    pub away_until: Option<i64>,
    /// Who covers for them while they are away.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
}

/// Details to record about a person; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonUpdate {
    pub department: Option<String>,
    pub contact: Option<String>,
    pub team: Option<String>,
    pub key_customer: Option<bool>,
    pub role: Option<Role>,
    /// The login they act through (a database login on a server desk).
    pub login: Option<String>,
}
