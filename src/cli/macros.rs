//! `macros add|list|remove` and `apply ID MACRO`.

use super::args::{MacrosCommand, ShowFormat};
use super::output::{print, print_json, tags_text};
use super::{CliResult, Context};
use crate::domain::canned::Macro;
use crate::domain::command::{Command, Done};
use crate::domain::ids::{RequestId, Version};
use crate::domain::text::{fit_padded, inert_line};

pub fn run(ctx: &mut Context, command: MacrosCommand) -> CliResult {
    match command {
        MacrosCommand::Add {
            name,
            reply,
            note,
            status,
            assign,
            team,
            tags,
            minutes,
        } => {
            let m = Macro {
                name,
                reply,
                note,
                status,
                assign,
                team,
                tags,
                minutes,
            };
            let m = ctx.keep(Command::SaveMacro(m), Done::kept_macro)?;
            print(&format!("macro {} saved\n", inert_line(&m.name)))?;
        }
        MacrosCommand::List { format } => {
            let macros = ctx.store.macros()?;
            if format == ShowFormat::Json {
                return Ok(print_json(&macros)?);
            }
            let mut out = String::new();
            for m in &macros {
                let mut does: Vec<String> = Vec::new();
                if let Some(r) = &m.reply {
                    does.push(format!("reply “{}”", inert_line(r)));
                }
                if let Some(n) = &m.note {
                    does.push(format!("note “{}”", inert_line(n)));
                }
                if let Some(s) = m.status {
                    does.push(format!("status {s}"));
                }
                if let Some(a) = &m.assign {
                    does.push(format!("assign {}", inert_line(a)));
                }
                if let Some(t) = &m.team {
                    does.push(format!("team {}", inert_line(t)));
                }
                if !m.tags.is_empty() {
                    does.push(tags_text(&m.tags));
                }
                out.push_str(&format!(
                    "{} {}\n",
                    fit_padded(&inert_line(&m.name), 20),
                    does.join(" · ")
                ));
            }
            if macros.is_empty() {
                out.push_str("no macros yet; `frontdesk macros add NAME --reply …` keeps one\n");
            }
            print(&out)?;
        }
        MacrosCommand::Remove { name } => {
            let m = ctx.keep(Command::RemoveMacro { name }, Done::kept_macro)?;
            print(&format!("macro {} removed\n", inert_line(&m.name)))?;
        }
    }
    Ok(())
}

pub fn apply(
    ctx: &mut Context,
    id: RequestId,
    name: &str,
    if_version: Option<Version>,
    minutes: Option<u32>,
) -> CliResult {
    ctx.minutes = minutes;
    let command = Command::ApplyMacro {
        id,
        name: name.to_string(),
        text: None,
    };
    let r = ctx.execute(command, if_version)?;
    print(&format!(
        "request {}: macro {} applied (version {})\n",
        r.id,
        inert_line(name),
        r.version
    ))?;
    super::mail::send_reply_mail(ctx, id)
}
