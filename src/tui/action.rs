//! Every state change of the app is one of these, handled in `App::update`.
//! The first group is what keys are bound to (named in the key map and the
//! help screen); the rest carries input and results from the worker.

use crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

use super::view::ViewId;
use super::worker::{Command, Detail, WriteResult};
use crate::domain::kpi::Dashboard;
use crate::domain::{Person, Request};
use crate::store::share::Announcement;
use crate::store::{Escalation, Satisfaction};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Palette,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    NextPane,
    PrevPane,
    Open,
    ShowView(ViewId),
    Search,
    Filter,
    ClearFilters,
    CycleSort,
    NewRequest,
    Take,
    Assign,
    ChangeStatus,
    Reprioritise,
    Transfer,
    Reply,
    Note,
    Escalate,
    Resolve,
    Reopen,
    Rate,
    Acknowledge,
    DeEscalate,
    CloseUnresolved,
    EditRequest,
    LoadDemo,
    Refresh,
    FollowUpDone,
    Dashboard,

    /// A key for the open dialog or the search box.
    #[serde(skip)]
    Key(KeyEvent),
    #[serde(skip)]
    Resize(u16, u16),
    /// A click or a turn of the wheel (other mouse events are not sent).
    #[serde(skip)]
    Mouse(crossterm::event::MouseEvent),
    /// The clock moved (about once a second): poll for others' changes.
    #[serde(skip)]
    Tick(i64),
    #[serde(skip)]
    QueueLoaded {
        offset: usize,
        rows: Vec<Request>,
        total: usize,
        /// The request these rows continue from (just before them, or
        /// just after), when they extend the window already shown.
        next_to: Option<i64>,
    },
    #[serde(skip)]
    EscalationsLoaded(Vec<Escalation>),
    #[serde(skip)]
    DetailLoaded(Box<Detail>),
    /// The selected request no longer exists.
    #[serde(skip)]
    DetailGone(i64),
    #[serde(skip)]
    ScoresLoaded(Box<Satisfaction>),
    #[serde(skip)]
    DashboardLoaded(Box<Dashboard>),
    #[serde(skip)]
    DirectoryLoaded {
        people: Vec<Person>,
        teams: Vec<String>,
        categories: Vec<String>,
        requests: usize,
        /// The desk's SLA targets, for the due time dialogs show live.
        policy: Box<crate::domain::sla::SlaPolicy>,
    },

    /// Someone else committed to the file.
    #[serde(skip)]
    ChangedElsewhere,
    /// What the person wrote in their editor (Ctrl-E), or why it failed.
    #[serde(skip)]
    EditedExternally(Result<String, String>),
    /// What the other copies' announcements say: who else has the desk
    /// open, and whether this copy may write.
    #[serde(skip)]
    TeamSeen {
        refusal: Option<crate::store::WriteRefusal>,
        others: Vec<Announcement>,
    },
    #[serde(skip)]
    Written {
        write: Box<Command>,
        result: Box<WriteResult>,
    },
    #[serde(skip)]
    Failed(String),
    /// The worker finished every job up to this sequence number.
    #[serde(skip)]
    WorkerDone(u64),
}
