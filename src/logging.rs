//! Logs go to a file in the state directory, never to the terminal the app
//! draws on. Off unless asked for with `$FRONTDESK_LOG` or `log` in the
//! config (e.g. `info`, `debug`).

use std::fs::OpenOptions;
use std::sync::Mutex;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::prelude::*;

use crate::config::{log_dir, Config};

/// Starts logging if asked; returns where the log goes.
pub fn init(config: &Config) -> Option<std::path::PathBuf> {
    let level = std::env::var("FRONTDESK_LOG")
        .ok()
        .or_else(|| config.log.clone())?;
    let dir = log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("frontdesk.log");
    let file = OpenOptions::new().create(true).append(true).open(&path).ok()?;
    // A level for Frontdesk's own events (not a full filter language: that
    // would bring a regex engine, and its tables cost every start).
    let level: LevelFilter = level.trim().parse().ok()?;
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(Mutex::new(file))
        .with_ansi(false);
    tracing_subscriber::registry()
        .with(layer.with_filter(Targets::new().with_target("frontdesk", level)))
        .try_init()
        .ok()?;
    Some(path)
}
