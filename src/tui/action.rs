//! Every state change of the app is one of these, handled in `App::update`.
//! The first group is what keys are bound to (named in the key map and the
//! help screen); the rest carries input and results from the worker.

use crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

use super::view::ViewId;
use super::worker::{Answer, Sink};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    /// Text pasted into the terminal (bracketed paste), taken whole.
    Paste(String),
    /// Ctrl-Z: hand the terminal back to the shell until `fg`.
    Suspend,
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
    /// Put tags on the request or take them off.
    Tags,
    /// Keep the search box's query as a saved view.
    SaveView,
    /// Mark the selected request for a bulk change (or unmark it).
    Mark,
    /// Mark every request from the last marked one to the selected.
    MarkRange,
    /// Mark every request of the view.
    MarkAll,
    /// Explain the selected request's due time.
    ExplainSla,
    /// Apply one of the team's macros to the request.
    ApplyMacro,
    /// Open a request linked to the selected one.
    FollowLink,
    /// Merge the selected request, a duplicate, into another.
    Merge,
    /// Save one of the request's attachments.
    SaveAttachment,
    EditRequest,
    /// Ask a lead to approve the request.
    AskApproval,
    /// Approve or reject the request (its approver, or a lead).
    DecideApproval,
    /// Watch the request (or stop).
    Watch,
    /// Tick, skip or add an item of the request's checklist.
    Checklist,
    /// The person's inbox.
    Inbox,
    /// Record someone away (or back), and who covers.
    Away,
    /// Set how a team's new work is assigned (team leads).
    TeamMode,
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
    /// The worker's answer to a job.
    #[serde(skip)]
    Answer(Answer),
    /// What the person wrote in their editor (Ctrl-E), or why it failed.
    #[serde(skip)]
    EditedExternally(Result<String, String>),
}

/// A sink for the worker's answers that hands each to the app as an action.
pub fn answers_to(tx: std::sync::mpsc::Sender<Action>) -> Sink {
    Box::new(move |answer| tx.send(Action::Answer(answer)).is_ok())
}
