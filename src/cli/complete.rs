//! Completions that read the desk: request ids (the subject shown beside
//! each) and the names of staff and teams, for shells that ask the program
//! as they complete (`COMPLETE=bash frontdesk`, which `completions` prints).
//! The desk is the one `$FRONTDESK_DB` or the config file names.

use std::ffi::OsStr;

use clap_complete::engine::CompletionCandidate;

use crate::config::Config;
use crate::domain::text::inert_line;
use crate::store::completion::{completions, Completions};

fn desk() -> Option<Completions> {
    let config = Config::load().ok()?;
    completions(&config.database(None).ok()?)
}

fn starting_with(current: &OsStr, names: impl IntoIterator<Item = String>) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy().to_lowercase();
    names
        .into_iter()
        .filter(|n| n.to_lowercase().starts_with(&typed))
        .map(|n| CompletionCandidate::new(inert_line(&n)))
        .collect()
}

/// Open requests, most recently touched first, each with its subject.
pub fn request_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    desk()
        .map(|d| d.requests)
        .unwrap_or_default()
        .into_iter()
        .filter(|(id, _)| id.to_string().starts_with(typed.as_ref()))
        .map(|(id, subject)| CompletionCandidate::new(id.to_string()).help(Some(inert_line(&subject).into())))
        .collect()
}

pub fn staff(current: &OsStr) -> Vec<CompletionCandidate> {
    starting_with(current, desk().map(|d| d.staff).unwrap_or_default())
}

pub fn teams(current: &OsStr) -> Vec<CompletionCandidate> {
    starting_with(current, desk().map(|d| d.teams).unwrap_or_default())
}

/// `+tag` and `-tag` for the desk's tags, as `tag ID` takes them.
pub fn tag_changes(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let (sign, word) = match typed.chars().next() {
        Some(c @ ('+' | '-')) => (c, &typed[1..]),
        _ => ('+', typed.as_ref()),
    };
    desk()
        .map(|d| d.tags)
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t.starts_with(&word.to_lowercase()))
        .map(|t| CompletionCandidate::new(format!("{sign}{}", inert_line(&t))))
        .collect()
}
