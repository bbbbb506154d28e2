//! Shell completions and the manual page, both made from the clap
//! definitions `--help` shows, so none of them can drift from the others.

use clap::CommandFactory;

use super::args::Cli;
use super::output::print;
use super::CliResult;

/// The script that makes a shell complete by asking `frontdesk` itself
/// (`COMPLETE=<shell> frontdesk …`), so request ids and staff names come
/// from the desk as they are now.
pub fn completions(shell: clap_complete::Shell) -> CliResult {
    let mut out = Vec::new();
    match clap_complete::env::Shells::builtins().completer(&shell.to_string()) {
        Some(asks) => asks.write_registration("COMPLETE", "frontdesk", "frontdesk", "frontdesk", &mut out)?,
        // A shell that cannot ask gets the fixed script from the same
        // definitions: commands and options, without ids.
        None => clap_complete::generate(shell, &mut Cli::command(), "frontdesk", &mut out),
    }
    print(&String::from_utf8_lossy(&out))?;
    Ok(())
}

/// Answers a shell that asks what to complete (`COMPLETE` is set), then
/// exits; otherwise does nothing.
pub fn complete_if_asked() {
    clap_complete::CompleteEnv::with_factory(Cli::command).complete();
}

pub fn man() -> CliResult {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    print(&String::from_utf8_lossy(&out))?;
    Ok(())
}
