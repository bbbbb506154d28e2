//! `recurring add`, `list` and `remove`.

use super::args::{RecurringCommand, ShowFormat};
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::command::Command;
use crate::domain::text::inert_line;
use crate::domain::time::local_short;

pub fn run(ctx: &mut Context, command: RecurringCommand) -> CliResult {
    let command = match command {
        RecurringCommand::List { format } => {
            let rules = ctx.store.recurring_rules()?;
            match format {
                ShowFormat::Json => print_json(&rules)?,
                ShowFormat::Text => {
                    let mut out = String::new();
                    if rules.is_empty() {
                        out.push_str(
                            "no recurring requests: `frontdesk recurring add NAME --template T --cron \"0 9 * * 1\"`\n",
                        );
                    }
                    for r in &rules {
                        out.push_str(&format!(
                            "{}  {} on \"{}\" · next {}{}\n",
                            inert_line(&r.name),
                            inert_line(&r.template),
                            inert_line(&r.cron),
                            local_short(r.next_due),
                            r.last_made
                                .map(|t| format!(" · last made {}", local_short(t)))
                                .unwrap_or_default()
                        ));
                    }
                    print(&out)?;
                }
            }
            return Ok(());
        }
        RecurringCommand::Add { name, template, cron } => Command::SetRecurring { name, template, cron },
        RecurringCommand::Remove { name } => Command::RemoveRecurring { name },
    };
    ctx.keep_and_tell(command)
}
