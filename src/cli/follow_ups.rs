//! `followups`, `followup-done`, `import-ratings`, `auto-close`.

use crate::domain::command::{Command, Done};
use crate::domain::ids::{RequestId, Version};
use std::path::Path;

use super::args::ShowFormat;
use super::output::{print, print_json, shown, RequestJson};
use super::{CliError, CliResult, Context};
use crate::domain::text::{fit_padded, inert_line};
use crate::domain::time::local_short;

pub fn list(ctx: &Context, format: ShowFormat) -> CliResult {
    let rows = ctx.store.follow_ups()?;
    match format {
        ShowFormat::Json => print_json(
            &rows
                .iter()
                .map(|r| RequestJson::new(r, ctx.now))
                .collect::<Vec<_>>(),
        )?,
        ShowFormat::Text => {
            let mut out = format!(
                "{:>7} {} {:<9} {} {} {}\n",
                "ID",
                fit_padded("CALL BY", 17),
                "WHY",
                fit_padded("WHO CALLS", 10),
                fit_padded("REQUESTER", 16),
                "SUBJECT"
            );
            for r in &rows {
                let due = r.follow_up_at.map(local_short).unwrap_or_default();
                let late = if r.follow_up_at.is_some_and(|t| t <= ctx.now) {
                    "!"
                } else {
                    " "
                };
                out.push_str(&format!(
                    "{:>7} {} {:<9} {} {} {}\n",
                    r.id,
                    fit_padded(&format!("{late}{due}"), 17),
                    r.follow_up_kind
                        .map_or("-", super::super::domain::request::FollowUpKind::as_str),
                    fit_padded(&inert_line(r.follow_up_owner.as_deref().unwrap_or("-")), 10),
                    fit_padded(&inert_line(&r.requester), 16),
                    crate::domain::text::fit(&inert_line(&r.subject), 24),
                ));
            }
            print(&out)?;
        }
    }
    Ok(())
}

pub fn done(ctx: &mut Context, id: RequestId, note: Option<&str>, if_version: Option<Version>) -> CliResult {
    let note = note.unwrap_or_default().to_string();
    let r = ctx.execute(Command::FollowUpDone { id, note }, if_version)?;
    print(&format!(
        "follow-up of request {} done (version {})\n",
        r.id, r.version
    ))?;
    Ok(())
}

pub fn import(ctx: &mut Context, path: &Path) -> CliResult {
    let bytes =
        std::fs::read(path).map_err(|e| CliError::Failed(format!("cannot read {}: {e}", shown(path))))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::Failed(format!("{} is not UTF-8 text", shown(path))))?;
    let report = ctx.store.import_ratings(&text, &ctx.actor, ctx.now)?;
    for (line, why) in &report.refused {
        eprintln!("{}: line {line}: {}", shown(path), inert_line(why));
    }
    print(&format!(
        "imported {} ratings, refused {} rows\n",
        report.imported,
        report.refused.len()
    ))?;
    if report.refused.is_empty() {
        Ok(())
    } else {
        Err(CliError::Failed(format!(
            "{} rows of {} were refused (listed above)",
            report.refused.len(),
            shown(path)
        )))
    }
}

pub fn auto_close(ctx: &mut Context, days: Option<i64>) -> CliResult {
    if let Some(d) = days {
        ctx.keep(Command::SetAutoClose { days: d }, |done| {
            matches!(done, Done::Setting).then_some(())
        })?;
    }
    let d = ctx.store.auto_close_days()?;
    print(&format!(
        "resolved requests nobody rated close themselves after {d} days\n"
    ))?;
    Ok(())
}
