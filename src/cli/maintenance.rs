//! `init`, `backup` and `doctor`.

use std::path::Path;

use super::args::ShowFormat;
use super::output::{print, print_json, shown};
use super::{CliError, CliResult, Context, Selection};
use crate::domain::text::inert_line;
use crate::domain::time::local_short;
use crate::store::share::{self, Activity, Standing};
use crate::store::{demo, doctor as check, survey_desk, Finding};

pub fn init(sel: &Selection, demo_requests: Option<u32>) -> CliResult {
    let mut ctx = sel.open(true)?;
    if let Some(n) = demo_requests {
        let summary = demo::generate(&mut ctx.store, n as usize, ctx.now, 42)?;
        eprintln!(
            "added {} demo requests ({} events) to {}",
            summary.requests,
            summary.events,
            shown(&sel.db)
        );
    } else {
        eprintln!("database ready: {}", shown(&sel.db));
    }
    Ok(())
}

pub fn backup(ctx: &Context, path: &Path) -> CliResult {
    let bytes = ctx.store.backup(path)?;
    print(&format!("backed up {} bytes to {}\n", bytes, shown(path)))?;
    Ok(())
}

/// Moves the desk file to an empty database on a PostgreSQL server.
pub fn migrate(ctx: &Context, to: &str) -> CliResult {
    use crate::store::postgres;
    if !postgres::is_server_address(to) {
        return Err(CliError::Usage(format!(
            "--to takes a PostgreSQL address such as postgres://frontdesk@db.example.org/desk, not '{}' (a copy of the file is `backup`)",
            inert_line(to)
        )));
    }
    let mut server = postgres::connect(to)?;
    let moved = postgres::move_file_to_server(&ctx.store, &mut server)?;
    print(&format!(
        "moved to {}: {} (counted again on the server)\n",
        without_password(to),
        counted(&moved)
    ))?;
    Ok(())
}

/// Moves the desk on a PostgreSQL server (`--db`) into a new desk file.
pub fn migrate_from_server(sel: &Selection, to: &str) -> CliResult {
    use crate::store::postgres;
    if postgres::is_server_address(to) {
        return Err(CliError::Usage(
            "--to names the desk file to make; copying between two servers is pg_dump's work".into(),
        ));
    }
    let path = Path::new(to);
    let existed = path.exists();
    let address = sel.db.to_string_lossy().to_string();
    let mut server = postgres::connect(&address)?;
    let moved = {
        let mut file = crate::store::Store::open(path, &sel.open_options(true))?;
        postgres::move_server_to_file(&mut server, &mut file)
    };
    let moved = match moved {
        Ok(m) => m,
        Err(e) => {
            // A file made for the move goes again: a failure leaves
            // nothing behind.
            if !existed {
                let _ = std::fs::remove_file(path);
                let _ = std::fs::remove_dir_all(crate::store::share::presence_dir(path));
            }
            return Err(e.into());
        }
    };
    print(&format!(
        "moved {} to {}: {} (counted again in the file)\n",
        without_password(&address),
        shown(path),
        counted(&moved)
    ))?;
    Ok(())
}

/// `300 requests, 2034 events, …`
fn counted(moved: &crate::store::postgres::MoveSummary) -> String {
    moved
        .counts
        .iter()
        .map(|(table, n)| format!("{n} {}", table.replace('_', " ")))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) use crate::store::postgres::shown_address as without_password;

pub fn reindex(ctx: &mut Context) -> CliResult {
    let requests = ctx.store.reindex()?;
    print(&format!("search index rebuilt: {requests} requests\n"))?;
    Ok(())
}

pub fn doctor(sel: &Selection, format: ShowFormat) -> CliResult {
    let mut report = if sel.on_server() {
        let address = sel.db.to_string_lossy();
        crate::store::postgres::doctor(&address, &without_password(&address))
    } else {
        check(&sel.db)
    };
    // Mail is looked at only in a sound desk (opening one may upgrade it).
    if report.healthy() {
        report.findings.extend(super::mail::doctor_findings(sel));
    }
    let (failed, last) = crate::hooks::failures_since(crate::clock::now() - 7 * 86_400);
    if !sel.config.hooks.is_empty() || failed > 0 {
        report.findings.push(Finding {
            ok: true,
            warning: failed > 0,
            check: "hooks".into(),
            detail: match (failed, last) {
                (0, _) => format!(
                    "{} configured; none failed in the last 7 days",
                    sel.config.hooks.len()
                ),
                (n, last) => format!(
                    "{n} hook runs failed in the last 7 days (the changes stand); the last: {}",
                    last.unwrap_or_default()
                ),
            },
            advice: (failed > 0).then(|| {
                format!(
                    "run the hook by hand with a change on its standard input; every failure is in {}",
                    crate::hooks::failures_file()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                )
            }),
        });
    }
    if sel.config.local_only.is_some() {
        report.findings.push(Finding {
            ok: true,
            warning: true,
            check: "config".into(),
            detail: "local_only is set and ignored: the journal mode belongs to the file (always DELETE), never to one person's setting".into(),
            advice: Some("remove local_only from the config file".into()),
        });
    }
    match format {
        ShowFormat::Json => print_json(&report)?,
        ShowFormat::Text => {
            let mut out = format!("Frontdesk doctor: {}\n", report.path);
            for f in &report.findings {
                let mark = match (f.ok, f.warning) {
                    (false, _) => "BAD ",
                    (true, true) => "WARN",
                    (true, false) => "ok  ",
                };
                out.push_str(&format!("  [{mark}] {:<15} {}\n", f.check, inert_line(&f.detail)));
                if let Some(a) = &f.advice {
                    out.push_str(&format!("        what to do: {a}\n"));
                }
            }
            print(&out)?;
        }
    }
    if report.healthy() {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "{} has problems (see above)",
            report.path
        )))
    }
}

/// `who`: the copies that have the desk open now, as this one sees them.
pub fn who(sel: &Selection, format: ShowFormat) -> CliResult {
    let survey = survey_desk(&sel.db);
    let now = share::now_ms();
    let copies: Vec<CopyShown> = survey
        .peers
        .iter()
        .filter(|p| p.standing != Standing::Gone)
        .filter_map(|p| {
            let a = p.sighting.announcement.as_ref()?;
            Some(CopyShown {
                user: a.user.clone(),
                login: a.login.clone(),
                host: a.host.clone(),
                pid: a.pid,
                program: a.program.clone(),
                since: a.started.div_euclid(1000),
                heartbeat_seconds_ago: (now - a.heartbeat).max(0) / 1000,
                lock_seen: p.standing == Standing::Visible,
                activity: a.activity,
            })
        })
        .collect();
    match format {
        ShowFormat::Json => print_json(&serde_json::json!({
            "desk": sel.db.display().to_string(),
            "locks": survey.verdict.word(),
            "copies": copies,
        }))?,
        ShowFormat::Text => {
            let mut out = String::new();
            if copies.is_empty() {
                out.push_str("nobody has the desk open now\n");
            }
            for c in &copies {
                let since = local_short(c.since);
                out.push_str(&format!(
                    "{:<16} {:<10} on {:<16} pid {:<7} since {}{}{}\n",
                    inert_line(&c.user),
                    inert_line(&c.program),
                    inert_line(&c.host),
                    c.pid,
                    since,
                    match c.activity {
                        Some(Activity::Replying(id)) => format!(", replying to #{id}"),
                        Some(Activity::Noting(id)) => format!(", writing a note on #{id}"),
                        None => String::new(),
                    },
                    if c.lock_seen {
                        ""
                    } else {
                        "  (its lock cannot be seen from here)"
                    },
                ));
            }
            if let Some(why) = survey.verdict.refusal() {
                out.push_str(&format!("locks are not shared: {}\n", inert_line(why)));
            }
            print(&out)?;
        }
    }
    Ok(())
}

#[derive(serde::Serialize)]
struct CopyShown {
    user: String,
    login: String,
    host: String,
    pid: u32,
    program: String,
    #[serde(with = "crate::domain::time::rfc3339")]
    since: i64,
    heartbeat_seconds_ago: i64,
    lock_seen: bool,
    activity: Option<Activity>,
}
