//! The terminal app: one loop of input → `Action` → `App::update` →
//! `ui::draw(&App)`, with all database work on a worker thread.

pub mod action;
pub mod app;
pub mod dialogs;
mod editor;
pub mod form;
pub mod keymap;
pub mod layout;
pub mod openers;
pub mod popup;
pub mod queue_window;
mod runtime;
pub mod ui;
pub mod view;
pub mod worker;

pub use runtime::run;
