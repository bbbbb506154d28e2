//! Frontdesk: a terminal help desk on one SQLite file.
//!
//! `domain` holds the rules, `store` is the only place that speaks SQL, and
//! `cli` and `tui` are the two faces over them.

pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod hooks;
pub mod logging;
pub mod mail;
pub mod store;
pub mod tui;
