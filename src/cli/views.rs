//! `views add|list|remove`: saved queries, each person's and the team's.

use super::args::{ShowFormat, ViewsCommand};
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::command::{Command, Done};
use crate::domain::saved_view::SavedView;
use crate::domain::text::{fit_padded, inert_line};

pub fn run(ctx: &mut Context, command: ViewsCommand) -> CliResult {
    match command {
        ViewsCommand::Add {
            name,
            query,
            sort,
            key,
            shared,
        } => {
            let view = SavedView {
                name,
                query,
                sort: sort.map(|s| s.as_str().to_string()),
                key,
                shared,
                owner: String::new(),
            };
            let v = ctx.keep(Command::SaveView(view), Done::view)?;
            let whose = if v.shared { "shared with the team" } else { "yours" };
            let key = v.key.map(|k| format!(", key {k}")).unwrap_or_default();
            print(&format!("view {} saved ({whose}{key})\n", inert_line(&v.name)))?;
        }
        ViewsCommand::List { format } => {
            let views = ctx.store.views(&ctx.actor)?;
            match format {
                ShowFormat::Json => print_json(&views)?,
                ShowFormat::Text => {
                    let mut out = String::new();
                    for v in &views {
                        out.push_str(&format!(
                            "{} {} {} {} {}\n",
                            fit_padded(&inert_line(&v.name), 20),
                            v.key.map_or_else(|| "-".into(), |k| k.to_string()),
                            if v.shared { "team" } else { "mine" },
                            fit_padded(v.sort.as_deref().unwrap_or("created"), 8),
                            inert_line(&v.query)
                        ));
                    }
                    if views.is_empty() {
                        out.push_str("no views yet; `frontdesk views add NAME --query …` keeps one\n");
                    }
                    print(&out)?;
                }
            }
        }
        ViewsCommand::Remove { name } => {
            let v = ctx.keep(Command::RemoveView { name }, Done::view)?;
            print(&format!("view {} removed\n", inert_line(&v.name)))?;
        }
    }
    Ok(())
}
