//! Shell completions and the manual page, both made from the clap
//! definitions `--help` shows, so none of them can drift from the others.

use clap::CommandFactory;

use super::args::Cli;
use super::output::print;
use super::CliResult;

pub fn completions(shell: clap_complete::Shell) -> CliResult {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "frontdesk", &mut out);
    print(&String::from_utf8_lossy(&out))?;
    Ok(())
}

pub fn man() -> CliResult {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    print(&String::from_utf8_lossy(&out))?;
    Ok(())
}
