//! Changing many requests at once: `update 12,15,20-25 …` and
//! `update --query Q … --yes`. Each request is changed at the version it
//! is at when read, and all of them go in one transaction: a request
//! someone changed meanwhile stops the whole change (exit 3), nothing
//! half-done.

use super::output::{print, request_table};
use super::{CliError, CliResult, Context};
use crate::domain::command::Command;
use crate::domain::ids::RequestId;
use crate::domain::query::Query;
use crate::domain::Request;
use crate::store::{QueueFilter, QueueSort};

/// The most requests one bulk change takes.
const MOST: usize = 10_000;

/// `12,15,20-25` as request ids, in order, each once.
pub fn request_ids(spec: &str) -> Result<Vec<RequestId>, CliError> {
    let bad = |part: &str| CliError::Usage(format!("'{part}' is not a request id or a range like 20-25"));
    let mut ids: Vec<RequestId> = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let number = |text: &str| text.trim().parse::<i64>().map_err(|_| bad(part));
        let (from, to) = if let Some((a, b)) = part.split_once('-') {
            (number(a)?, number(b)?)
        } else {
            let id = number(part)?;
            (id, id)
        };
        if from < 1 || to < from {
            return Err(bad(part));
        }
        if usize::try_from(to - from).unwrap_or(usize::MAX) >= MOST {
            return Err(CliError::Usage(format!(
                "{part} is more than {MOST} requests at once"
            )));
        }
        for id in (from..=to).map(RequestId) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if ids.is_empty() {
        return Err(bad(spec));
    }
    if ids.len() > MOST {
        return Err(CliError::Usage(format!("more than {MOST} requests at once")));
    }
    Ok(ids)
}

/// The requests a query finds, newest first.
pub fn found_by(ctx: &Context, text: &str) -> Result<Vec<Request>, CliError> {
    let query = Query::parse(text)
        .map_err(|e| CliError::Usage(format!("--query: {e}")))?
        .for_person(&ctx.actor);
    let filter = QueueFilter {
        now: ctx.now,
        ..QueueFilter::default()
    }
    .refined(query);
    let found = ctx.store.queue(&filter, QueueSort::Created, 0, MOST + 1)?;
    if found.len() > MOST {
        return Err(CliError::Failed(format!(
            "the query finds more than {MOST} requests; narrow it"
        )));
    }
    Ok(found)
}

/// What `--query` without `--yes` says: what would change.
pub fn would_change(ctx: &Context, found: &[Request]) -> CliResult {
    let mut out = format!(
        "would change {} request{} (nothing was changed; add --yes to change them):\n",
        found.len(),
        if found.len() == 1 { "" } else { "s" }
    );
    out.push_str(&request_table(found, ctx.now));
    print(&out)?;
    Ok(())
}

/// Carries out `command(id)` on every request of `ids`, each at the
/// version it is at now, all or none; one line per request changed, as
/// `done` words it.
pub fn change_all(
    ctx: &mut Context,
    ids: &[RequestId],
    command: impl Fn(RequestId) -> Command,
    done_line: impl Fn(&Request) -> String,
) -> CliResult {
    let versions = ctx.store.versions(ids)?;
    let commands: Vec<_> = ids
        .iter()
        .zip(versions)
        .map(|(&id, v)| (command(id), Some(v)))
        .collect();
    let done = ctx.store.execute_all(&commands, &ctx.actor, ctx.now)?;
    let mut out = String::new();
    for r in &done {
        out.push_str(&done_line(r));
    }
    let unchanged = ids.len() - done.len();
    if unchanged > 0 {
        out.push_str(&format!("{unchanged} already so, left as they were\n"));
    }
    print(&out)?;
    Ok(())
}
