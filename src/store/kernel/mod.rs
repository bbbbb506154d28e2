//! The core every write shares, whatever it changes: the stamp a change
//! carries (who, when, against which version), the changeset that checks
//! the version, appends the events and bumps the version in one
//! transaction, and the SLA clock kept in step with every change. Feature
//! files (requests, work, escalations, follow-ups, the sweep) build on it;
//! it builds on none of them.

mod approval;
mod changeset;
mod checklist;
mod clock;
mod identity;
mod inbox;
mod turns;

pub(crate) use approval::approval_of;
pub use changeset::Stamp;
pub(crate) use changeset::{load, Changeset};
pub(crate) use checklist::{add_item, checklist_of};
pub(crate) use clock::{load_policy, recompute_clocks, refresh_clock, POLICY_KEY};
pub use identity::{acting_name, SYSTEM_ACTOR};
pub(crate) use identity::{
    ensure_requester, ensure_staff, lead_rights, person_id, record_change, staff_id, staff_names,
};
pub(crate) use inbox::watch;
pub(crate) use turns::{assign_new, members, team_mode};
