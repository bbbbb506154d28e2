//! `init`, `backup` and `doctor`.

use std::path::Path;

use super::args::ShowFormat;
use super::output::{print, print_json};
use super::{CliError, CliResult, Context, Selection};
use crate::domain::text::inert_line;
use crate::store::{demo, doctor as check};

pub fn init(sel: &Selection, demo_requests: Option<u32>) -> CliResult {
    let mut ctx = sel.open(true)?;
    if let Some(n) = demo_requests {
        let summary = demo::generate(&mut ctx.store, n as usize, ctx.now, 42)?;
        eprintln!(
            "added {} demo requests ({} events) to {}",
            summary.requests,
            summary.events,
            sel.db.display()
        );
    } else {
        eprintln!("database ready: {}", sel.db.display());
    }
    Ok(())
}

pub fn backup(ctx: &Context, path: &Path) -> CliResult {
    let bytes = ctx.store.backup(path)?;
    print(&format!("backed up {} bytes to {}\n", bytes, path.display()))?;
    Ok(())
}

pub fn reindex(ctx: &mut Context) -> CliResult {
    let requests = ctx.store.reindex()?;
    print(&format!("search index rebuilt: {requests} requests\n"))?;
    Ok(())
}

pub fn doctor(sel: &Selection, format: ShowFormat) -> CliResult {
    let report = check(&sel.db);
    match format {
        ShowFormat::Json => print_json(&report)?,
        ShowFormat::Text => {
            let mut out = format!("Frontdesk doctor: {}\n", report.path);
            for f in &report.findings {
                let mark = if f.ok { "ok " } else { "BAD" };
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
