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

/// `12,15,20-25` as request ids, in order, each once. The cap is checked
/// on the ranges before any id is listed, and ids are kept once by their
/// place among the merged ranges: a hundred wide ranges answer at once.
pub fn request_ids(spec: &str) -> Result<Vec<RequestId>, CliError> {
    let bad = |part: &str| CliError::Usage(format!("'{part}' is not a request id or a range like 20-25"));
    let too_many = || CliError::Usage(format!("more than {MOST} requests at once"));
    let mut ranges: Vec<(i64, i64)> = Vec::new();
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
        ranges.push((from, to));
    }
    if ranges.is_empty() {
        return Err(bad(spec));
    }
    let merged = merged(&ranges);
    let mut starts = Vec::with_capacity(merged.len());
    let mut total = 0usize;
    for &(from, to) in &merged {
        starts.push(total);
        total += (to - from + 1) as usize;
        if total > MOST {
            return Err(too_many());
        }
    }
    let mut seen = vec![false; total];
    let mut ids = Vec::with_capacity(total);
    for &(from, to) in &ranges {
        // Each range lies inside exactly one merged range.
        let at = merged.partition_point(|&(_, end)| end < from);
        let (start, offset) = (merged[at].0, starts[at]);
        for id in from..=to {
            let place = offset + (id - start) as usize;
            if !seen[place] {
                seen[place] = true;
                ids.push(RequestId(id));
            }
        }
    }
    Ok(ids)
}

/// The ranges sorted and joined where they overlap or touch.
fn merged(ranges: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    let mut merged: Vec<(i64, i64)> = Vec::with_capacity(sorted.len());
    for (from, to) in sorted {
        match merged.last_mut() {
            Some(last) if from <= last.1.saturating_add(1) => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }
    merged
}

/// A `--query` as the person running it means it. The desk's custom
/// fields are read only when the line names a field the desk's own
/// query language does not know: most queries cost no extra read.
pub fn read_query(ctx: &Context, text: &str) -> Result<Query, CliError> {
    let parsed = match Query::parse(text) {
        Err(_) => Query::parse_with(text, &ctx.store.custom_fields()?),
        parsed => parsed,
    };
    parsed
        .map(|q| q.for_person(&ctx.actor))
        .map_err(|e| CliError::Usage(format!("--query: {e}")))
}

/// The requests a query finds, newest first.
pub fn found_by(ctx: &Context, text: &str) -> Result<Vec<Request>, CliError> {
    let query = read_query(ctx, text)?;
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

/// What `--query` without `--yes` says: what would change, and the
/// command that changes exactly that many (`--expect`), so requests that
/// the query finds by the time it runs are not changed unseen.
pub fn would_change(ctx: &Context, found: &[Request]) -> CliResult {
    let mut out = format!(
        "would change {} request{} (nothing was changed); to change them, run:\n  {}\n",
        found.len(),
        if found.len() == 1 { "" } else { "s" },
        confirmed_command(std::env::args().skip(1), found.len())
    );
    out.push_str(&request_table(found, ctx.now));
    print(&out)?;
    Ok(())
}

/// The command line as typed, with `--yes --expect N`, quoted for a shell.
fn confirmed_command(args: impl Iterator<Item = String>, count: usize) -> String {
    let mut words = vec!["frontdesk".to_string()];
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        // An --expect from before says another count.
        if arg == "--expect" {
            args.next();
            continue;
        }
        if arg.starts_with("--expect=") {
            continue;
        }
        words.push(shell_quoted(&arg));
    }
    words.push("--yes".into());
    words.push(format!("--expect {count}"));
    words.join(" ")
}

fn shell_quoted(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_=:,./@%+#".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// Refuses a change whose query now finds another number of requests than
/// the preview that was read.
pub fn as_expected(found: &[Request], expect: Option<usize>) -> CliResult {
    match expect {
        Some(n) if n != found.len() => Err(CliError::Changed(format!(
            "the query now finds {} request{}, not the {n} expected; nothing was changed (run it without --yes to see them)",
            found.len(),
            if found.len() == 1 { "" } else { "s" }
        ))),
        _ => Ok(()),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(spec: &str) -> Vec<i64> {
        request_ids(spec)
            .map(|ids| ids.into_iter().map(|id| id.0).collect())
            .unwrap_or_default()
    }

    #[test]
    fn ids_come_in_the_order_written_each_once() {
        assert_eq!(ids("5,2-4,3,9-10,1-2"), vec![5, 2, 3, 4, 9, 10, 1]);
        assert_eq!(ids("7-7, 8"), vec![7, 8]);
    }

    #[test]
    fn overlapping_ranges_count_their_requests_once() {
        assert_eq!(ids("1-9999,1-9999,2-10000").len(), 10_000);
        assert!(
            matches!(request_ids("1-9999,10000-10001"), Err(CliError::Usage(m)) if m.contains("more than 10000"))
        );
    }

    #[test]
    fn a_hundred_wide_ranges_are_refused_before_any_id_is_listed() {
        let spec: Vec<String> = (0..100)
            .map(|i| format!("{}-{}", i * 10_000 + 1, i * 10_000 + 9_999))
            .collect();
        let err = request_ids(&spec.join(",")).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("more than 10000 requests at once"));
        // Thousands of ranges inside one another stay linear.
        let nested: Vec<String> = (1..5_000).map(|i| format!("{i}-9999")).collect();
        assert_eq!(ids(&nested.join(",")).len(), 9_999);
    }

    #[test]
    fn the_preview_names_the_command_with_its_count() {
        let typed = [
            "update",
            "--query",
            "tag:vpn status:open",
            "--status",
            "resolved",
            "--expect",
            "9",
        ];
        let line = confirmed_command(typed.iter().map(ToString::to_string), 4);
        assert_eq!(
            line,
            "frontdesk update --query 'tag:vpn status:open' --status resolved --yes --expect 4"
        );
        assert_eq!(shell_quoted("it's"), "'it'\\''s'");
    }

    #[test]
    fn bad_parts_are_named() {
        for spec in ["", "0", "5-3", "x", "1-2-3", "-4"] {
            assert!(matches!(request_ids(spec), Err(CliError::Usage(_))), "{spec}");
        }
    }
}
