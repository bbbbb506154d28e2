//! Plain help-desk types and rules. Nothing here does I/O or knows about SQL,
//! so every rule can be unit-tested with hand-worked cases.

pub mod answer;
pub mod approval;
pub mod attachment;
pub mod calendar;
pub mod canned;
pub mod command;
mod command_words;
pub mod decide;
pub mod duplicates;
pub mod error;
pub mod event;
pub mod history;
pub mod hook;
pub mod ids;
pub mod imported;
pub mod inbox;
pub mod kpi;
mod labels;
pub mod link;
pub mod mail;
pub mod person;
pub mod priority;
pub mod query;
pub mod query_completion;
pub mod rating;
pub mod recurring;
pub mod request;
pub mod saved_view;
pub mod sheet;
pub mod sla;
pub mod sla_explain;
pub mod status;
pub mod target;
pub mod team;
pub mod template;
pub mod text;
pub mod time;

pub use error::DomainError;
pub use event::{Event, EventKind};
pub use ids::{RequestId, Version};
pub use person::{Person, Role};
pub use priority::{priority_for, Impact, Priority, Urgency};
pub use rating::Rating;
pub use request::{Channel, FollowUpKind, Kind, NewRequest, Request, FIELD_LIMITS};
pub use status::Status;
