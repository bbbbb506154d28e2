//! Telling the outside of changes: after a change commits, the copy that
//! made it runs each `[[hooks]]` program subscribed to it, with the change
//! as one JSON object on standard input. A hook runs beside the desk,
//! never inside its write: one that fails or takes longer than
//! `HOOK_SECONDS` is stopped, logged and counted (`doctor`), and the
//! change stands.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::config::HookConfig;
use crate::domain::hook::HookEvent;
use crate::domain::text::inert_line;
use crate::domain::time::rfc3339;

/// How long hooks get, all together, before they are stopped.
pub const HOOK_SECONDS: u64 = 5;

/// Where failed hooks are written down, one per line (the state folder).
pub fn failures_file() -> Option<PathBuf> {
    crate::config::log_dir().map(|d| d.join("hook-failures.log"))
}

/// Each (hook, event) pair to run: a hook hears of an event once, by the
/// most particular name it subscribed to.
fn matches<'h>(hooks: &'h [HookConfig], events: &[HookEvent]) -> Vec<(&'h HookConfig, HookEvent)> {
    let mut out = Vec::new();
    for e in events {
        for h in hooks {
            if let Some(name) = e.names.iter().find(|n| h.on.iter().any(|o| o == *n)) {
                out.push((
                    h,
                    HookEvent {
                        on: (*name).to_string(),
                        ..e.clone()
                    },
                ));
            }
        }
    }
    out
}

/// Runs the hooks subscribed to `events`, waiting at most `HOOK_SECONDS`
/// in all: how many failed (each written down with why).
pub fn run(hooks: &[HookConfig], events: &[HookEvent], now: i64) -> usize {
    let runs = matches(hooks, events);
    if runs.is_empty() {
        return 0;
    }
    let mut started: Vec<(&HookConfig, Result<Child, String>)> = Vec::new();
    for (hook, event) in runs {
        let child = spawn(hook, &event);
        started.push((hook, child));
    }
    let deadline = Instant::now() + Duration::from_secs(HOOK_SECONDS);
    let mut failed = 0;
    for (hook, child) in started {
        let why = match child {
            Err(e) => Some(e),
            Ok(mut child) => wait(&mut child, deadline),
        };
        if let Some(why) = why {
            failed += 1;
            note_failure(hook, &why, now);
        }
    }
    failed
}

/// Starts `hook` with `event` on its standard input (written by a thread
/// of its own, so a hook that does not read cannot hold the desk up).
fn spawn(hook: &HookConfig, event: &HookEvent) -> Result<Child, String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(&hook.run)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start: {e}"))?;
    let json = serde_json::to_string(event).map_err(|e| e.to_string())? + "\n";
    if let Some(mut stdin) = child.stdin.take() {
        std::thread::spawn(move || {
            let _ = stdin.write_all(json.as_bytes());
        });
    }
    Ok(child)
}

/// Waits for `child` until `deadline`: None when it succeeded, or why not.
fn wait(child: &mut Child, deadline: Instant) -> Option<String> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return None,
            Ok(Some(status)) => {
                let mut said = String::new();
                if let Some(mut err) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut err, &mut said);
                }
                let said = said.lines().last().map(inert_line).unwrap_or_default();
                return Some(format!(
                    "{status}{}",
                    if said.is_empty() {
                        String::new()
                    } else {
                        format!(": {said}")
                    }
                ));
            }
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Some(format!("stopped after {HOOK_SECONDS} s"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Some(e.to_string()),
        }
    }
}

/// Writes a failed hook down: the log, and the failures file `doctor`
/// counts.
fn note_failure(hook: &HookConfig, why: &str, now: i64) {
    tracing::warn!(target: "frontdesk", hook = %hook.run, why, "hook failed");
    let Some(path) = failures_file() else { return };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(&path) {
        let _ = writeln!(
            f,
            "{}\t{}\t{}",
            rfc3339(now),
            inert_line(&hook.run),
            inert_line(why)
        );
    }
}

/// Failed hooks since `since`: how many, and the last one's line.
pub fn failures_since(since: i64) -> (usize, Option<String>) {
    let Some(text) = failures_file().and_then(|p| std::fs::read_to_string(p).ok()) else {
        return (0, None);
    };
    let recent: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split('\t')
                .next()
                .and_then(|t| crate::domain::time::parse_rfc3339(t).ok())
                .is_some_and(|t| t >= since)
        })
        .collect();
    (recent.len(), recent.last().map(|l| l.replace('\t', " ")))
}
