//! `watch`, `unwatch` and `inbox`.

use super::args::ShowFormat;
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::command::{Command, Done};
use crate::domain::ids::RequestId;
use crate::domain::text::{fit_padded, inert_line};
use crate::domain::time::local_short;

pub fn watch(ctx: &mut Context, id: RequestId, on: bool) -> CliResult {
    let command = Command::Watch { id, on };
    let r = ctx.execute(command.clone(), None)?;
    print(&format!("{}\n", command.done(&Done::Request(Box::new(r)))))?;
    Ok(())
}

/// Lists the inbox (only the unread with `unread`), then marks it all
/// read with `read`.
pub fn list(ctx: &mut Context, unread: bool, read: bool, format: ShowFormat) -> CliResult {
    let items = ctx.store.inbox(&ctx.actor, unread)?;
    match format {
        ShowFormat::Json => print_json(&items)?,
        ShowFormat::Text => {
            let mut out = String::new();
            if items.is_empty() {
                out.push_str(if unread {
                    "nothing unread\n"
                } else {
                    "your inbox is empty\n"
                });
            }
            for i in &items {
                out.push_str(&format!(
                    "{} {:>6} {}  {}  {} · {} · {}\n",
                    if i.read { " " } else { "●" },
                    format!("#{}", i.request),
                    local_short(i.at),
                    fit_padded(&inert_line(&i.subject), 28),
                    inert_line(&i.who),
                    inert_line(&i.headline()),
                    i.why
                ));
            }
            print(&out)?;
        }
    }
    if read {
        let command = Command::MarkRead { events: Vec::new() };
        let n = ctx.keep(command.clone(), |d| match d {
            Done::Read(n) => Some(n),
            _ => None,
        })?;
        eprintln!("{}", command.done(&Done::Read(n)));
    }
    Ok(())
}
