//! `approval`, `approve` and `reject`.

use super::output::print;
use super::{CliResult, Context};
use crate::domain::command::{Command, Done};
use crate::domain::ids::Version;
use crate::domain::text::inert_line;

/// Asks for or decides an approval, and says what happened.
pub fn run(ctx: &mut Context, command: Command, if_version: Option<Version>) -> CliResult {
    let r = ctx.execute(command.clone(), if_version)?;
    print(&format!(
        "{}\n",
        inert_line(&command.done(&Done::Request(Box::new(r))))
    ))?;
    Ok(())
}
