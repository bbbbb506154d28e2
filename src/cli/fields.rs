//! `fields`: the custom fields a lead defines for the team's requests.

use super::args::{FieldsCommand, ShowFormat};
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::command::Command;
use crate::domain::custom_field::CustomField;
use crate::domain::text::inert_line;

pub fn run(ctx: &mut Context, command: FieldsCommand) -> CliResult {
    match command {
        FieldsCommand::Add { name, kind, choices } => {
            ctx.keep_and_tell(Command::SaveField(CustomField { name, kind, choices }))
        }
        FieldsCommand::Remove { name } => ctx.keep_and_tell(Command::RemoveField { name }),
        FieldsCommand::List { format } => {
            let fields = ctx.store.custom_fields()?;
            match format {
                ShowFormat::Json => Ok(print_json(&fields)?),
                ShowFormat::Text if fields.is_empty() => Ok(print(
                    "no custom fields yet: a lead adds one with `frontdesk fields add NAME --type text|number|date|choice`\n",
                )?),
                ShowFormat::Text => Ok(print(
                    &fields
                        .iter()
                        .map(|f| format!("{}\n", inert_line(&f.described())))
                        .collect::<String>(),
                )?),
            }
        }
    }
}
