//! What opens over the panes: each popup's state, the keys it answers and
//! how it is drawn live in one file, as gitui's popups do. The app only
//! dispatches a key to the popup that is open and acts on its outcome.
//! (Dialogs with fields are `Form`s: `form.rs` edits them, `dialogs/`
//! lays each out and reads it, `ui/dialog.rs` draws them.)

pub mod conflict;
pub mod dashboard;
pub mod explain;
pub mod help;
pub mod inbox;
pub mod palette;
