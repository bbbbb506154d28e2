//! `frontdesk`: with a command, do it and exit; without, open the app.

use std::process::ExitCode;

use frontdesk::cli::{self, Selection};

fn main() -> ExitCode {
    // A bug must not spill a backtrace over a user's terminal: one line,
    // then exit 1. The TUI installs its own hook that restores the screen.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("frontdesk: internal error: {info} (please report this)");
    }));
    let (args, program) = match cli::parse_args() {
        Ok(a) => a,
        Err(code) => return ExitCode::from(code as u8),
    };
    let selection = match Selection::resolve(&args, &program) {
        Ok(s) => s,
        Err(e) => return ExitCode::from(cli::report(&e) as u8),
    };
    frontdesk::logging::init(&selection.config);
    tracing::info!(db = %selection.db.display(), actor = %selection.actor, "start");

    let code = match args.command {
        Some(command) => cli::run_command(&selection, command),
        None => frontdesk::tui::run(
            &selection.db,
            &selection.open_options(true),
            &selection.actor,
            args.view.as_deref(),
            &selection.config,
        ),
    };
    ExitCode::from(code as u8)
}
