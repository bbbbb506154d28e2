//! The scriptable face: parse → call the store → print. Errors are one line
//! on stderr; exit 0 ok, 1 error, 2 usage, 3 version conflict.

mod answers;
mod approvals;
mod args;
mod bulk;
mod complete;
mod escalations;
mod exchange;
mod fields;
mod follow_ups;
mod help;
mod inbox;
mod macros;
mod mail;
mod maintenance;
mod output;
mod people;
mod queue;
mod recurring;
mod report;
mod report_html;
mod requests;
mod sheet;
mod sla;
mod sla_explain;
mod spreadsheet;
mod surveys;
mod targets;
mod teams;
mod templates;
mod themes;
mod views;
mod work;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches};

pub use args::{Cli, Command};

use crate::config::{Config, ConfigError};
use crate::domain::ids::Version;
use crate::domain::text::inert_line;
use crate::store::{OpenOptions, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
    /// The desk changed since the user looked (exit 3, as a conflict).
    #[error("{0}")]
    Changed(String),
}

impl CliError {
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Store(StoreError::Conflict { .. }) | CliError::Changed(_) => 3,
            CliError::Usage(_) => 2,
            _ => 1,
        }
    }
}

impl From<crate::domain::DomainError> for CliError {
    fn from(e: crate::domain::DomainError) -> Self {
        CliError::Store(e.into())
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Failed(e.to_string())
    }
}

pub type CliResult = Result<(), CliError>;

/// What every command needs: the open database, who acts, and now.
pub struct Context {
    pub store: Store,
    pub actor: String,
    pub now: i64,
    /// Minutes spent, given with the command (`--minutes`): kept with the
    /// change it makes.
    pub minutes: Option<u32>,
    /// How this copy takes and sends mail (`[mail]` in the config).
    pub mail: crate::config::MailConfig,
    /// Programs told of changes (`[[hooks]]` in the config).
    pub hooks: Vec<crate::config::HookConfig>,
}

/// Chosen database and settings, before the file is opened.
pub struct Selection {
    pub config: Config,
    pub db: PathBuf,
    pub actor: String,
    /// `app`, or the command being run, as the other copies see it.
    pub program: String,
    /// The name `--as` asked for, if it did.
    pub named: Option<String>,
}

/// Whether a `--db` value names a server rather than a file.
fn is_server(db: &std::path::Path) -> bool {
    db.to_str().is_some_and(crate::store::postgres::is_server_address)
}

impl Selection {
    pub fn resolve(cli: &Cli, program: &str) -> Result<Selection, CliError> {
        let config = Config::load()?;
        config.validate()?;
        let db = config.database(cli.db.as_deref())?;
        let actor = crate::store::acting_name(&config.actor(cli.actor.as_deref()))?;
        Ok(Selection {
            config,
            db,
            actor,
            program: program.to_string(),
            named: cli.actor.clone(),
        })
    }

    /// Whether `--db` names a desk on a PostgreSQL server.
    pub fn on_server(&self) -> bool {
        is_server(&self.db)
    }

    pub fn open_options(&self, create: bool) -> OpenOptions {
        OpenOptions {
            create,
            // Checked in `resolve`.
            busy_timeout: self.config.busy_timeout().unwrap_or(Duration::from_secs(10)),
            user: self.actor.clone(),
            program: self.program.clone(),
            named: self.named.clone(),
            mail_domain: crate::mail::settings::message_domain(&self.config.mail),
        }
    }

    pub fn open(&self, create: bool) -> Result<Context, CliError> {
        let store = Store::open(&self.db, &self.open_options(create))
            .map_err(|e| crate::store::damage::confirm(&self.db, e))?;
        Ok(Context {
            // On a server, the login says who acts.
            actor: store.server_actor().unwrap_or(&self.actor).to_string(),
            store,
            now: crate::clock::now(),
            minutes: None,
            mail: self.config.mail.clone(),
            hooks: self.config.hooks.clone(),
        })
    }
}

impl Context {
    /// Carries out a command on a request as this person, now, based on
    /// `if_version` when given: the request as it is afterwards.
    fn execute(
        &mut self,
        command: crate::domain::command::Command,
        if_version: Option<Version>,
    ) -> Result<crate::domain::Request, CliError> {
        let stamp = crate::store::Stamp::new(&self.actor, if_version, self.now).spending(self.minutes);
        self.store
            .execute(&command, stamp)?
            .request()
            .ok_or_else(|| CliError::Failed("the command changed no request".into()))
    }

    /// Carries out a command on what the desk keeps beside its requests
    /// (a view, a macro, a person, the service targets) as this person,
    /// now: what it kept, as `what` picks it out of the outcome.
    fn keep<T>(
        &mut self,
        command: crate::domain::command::Command,
        what: impl FnOnce(crate::domain::command::Done) -> Option<T>,
    ) -> Result<T, CliError> {
        let stamp = crate::store::Stamp::new(&self.actor, None, self.now);
        let done = self.store.execute(&command, stamp)?;
        what(done).ok_or_else(|| CliError::Failed(format!("could not {}", command.describe())))
    }

    /// Carries out a command on what the desk keeps beside its requests
    /// (a team's mode, an absence, a template, a rule, an answer) and says
    /// what it did, as the app's status line would.
    fn keep_and_tell(&mut self, command: crate::domain::command::Command) -> CliResult {
        let stamp = crate::store::Stamp::new(&self.actor, None, self.now);
        let done = self.store.execute(&command, stamp)?;
        output::print(&format!("{}\n", inert_line(&command.done(&done))))?;
        Ok(())
    }

    /// Applies automatic escalations that fell due, so breaches escalate
    /// even when nobody has the app open. Another user's lock only defers
    /// this to the next command.
    fn sweep_quietly(&mut self) -> Result<(), CliError> {
        match self.store.sweep(self.now) {
            Ok(_)
            | Err(StoreError::Locked | StoreError::LocksNotShared(_) | StoreError::CannotAnnounce(_)) => {
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// Parses the arguments, with the name of the command (`app` without
/// one); a usage error becomes one line and exit 2.
pub fn parse_args() -> Result<(Cli, String), i32> {
    help::complete_if_asked();
    let parsed = Cli::command().try_get_matches().and_then(|m| {
        let program = m.subcommand_name().unwrap_or("app").to_string();
        Cli::from_arg_matches(&m).map(|cli| (cli, program))
    });
    match parsed {
        Ok(parsed) => Ok(parsed),
        Err(e) => {
            use clap::error::ErrorKind::{
                DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
            };
            match e.kind() {
                DisplayHelp | DisplayVersion | DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    Err(0)
                }
                _ => {
                    eprintln!(
                        "frontdesk: {} (see frontdesk --help)",
                        inert_line(&usage_line(&e))
                    );
                    Err(2)
                }
            }
        }
    }
}

/// clap's message in one line: its first paragraph, which for a missing
/// argument is a heading followed by the arguments' names on lines of
/// their own.
fn usage_line(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let first: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let joined = first.join(" ");
    let joined = joined.strip_prefix("error: ").unwrap_or(&joined);
    let mut line = if joined.is_empty() {
        "invalid arguments".to_string()
    } else {
        joined.to_string()
    };
    // clap's nearest command or option for a typo, on the same line.
    use clap::error::{ContextKind, ContextValue};
    for kind in [ContextKind::SuggestedSubcommand, ContextKind::SuggestedArg] {
        let nearest = match e.get(kind) {
            Some(ContextValue::String(s)) => Some(s.clone()),
            Some(ContextValue::Strings(s)) => s.first().cloned(),
            _ => None,
        };
        if let Some(nearest) = nearest {
            line.push_str(&format!("; did you mean '{nearest}'?"));
            break;
        }
    }
    line
}

/// Runs one command and reports its error; returns the exit code.
pub fn run_command(selection: &Selection, command: Command) -> i32 {
    match dispatch(selection, command) {
        Ok(()) => 0,
        Err(e) => report(&e),
    }
}

pub fn report(e: &CliError) -> i32 {
    eprintln!("frontdesk: {}", inert_line(&e.to_string()));
    e.exit_code()
}

fn dispatch(sel: &Selection, command: Command) -> CliResult {
    use Command::{Completions, Doctor, Init, Man, Sweep, Who};
    let command = match command {
        Init { demo } => return maintenance::init(sel, demo),
        Doctor { format } => return maintenance::doctor(sel, format),
        Who { format } => return maintenance::who(sel, format),
        Completions { shell } => return help::completions(shell),
        Man => return help::man(),
        Command::Migrate { to } if sel.on_server() => return maintenance::migrate_from_server(sel, &to),
        Command::Backup { .. } if sel.on_server() => return Err(CliError::Failed(
            "a desk on a server is backed up by the server: `pg_dump --format=custom ADDRESS > desk.dump`; \
                 `frontdesk --db ADDRESS migrate --to desk.db` makes a desk file of it"
                .into(),
        )),
        other => other,
    };
    // A desk is moved only from a file that exists.
    let mut ctx = sel.open(!matches!(command, Command::Migrate { .. }))?;
    if !matches!(command, Sweep) {
        ctx.sweep_quietly()?;
    }
    // Moving whole desks in is no news to tell change by change.
    let tells = !matches!(
        command,
        Command::Import { .. }
            | Command::ImportRatings { .. }
            | Command::ImportRequests { .. }
            | Command::Migrate { .. }
    );
    let done = run_on(&mut ctx, command).map_err(|e| match e {
        // Nobody is told to restore a backup before a second look.
        CliError::Store(e) => CliError::Store(ctx.store.second_opinion(e)),
        other => other,
    });
    // What committed is told even when the command then failed; a hook
    // never changes the outcome.
    if tells {
        ctx.tell_hooks();
    }
    done
}

impl Context {
    /// Runs the config's hooks for the changes this copy committed since
    /// they were last told.
    fn tell_hooks(&mut self) {
        let recorded = self.store.take_recorded();
        if self.hooks.is_empty() || recorded.is_empty() {
            return;
        }
        match self.store.hook_events(&recorded) {
            Ok(events) => {
                crate::hooks::run(&self.hooks, &events, crate::clock::now());
            }
            Err(e) => tracing::warn!(target: "frontdesk", "hooks: could not read the changes: {e}"),
        }
    }
}

fn run_on(ctx: &mut Context, command: Command) -> CliResult {
    use crate::domain::template::ChecklistChange;
    use Command::{
        Acknowledge, Answers, Apply, Approval, Approve, Attachment, AutoClose, Backup, Calendar, Check,
        Checklist, Close, Completions, DeEscalate, Doctor, Escalate, Escalations, Export, Fields,
        FollowupDone, Followups, Import, ImportRatings, ImportRequests, Inbox, Init, Link, List, Macros,
        Mail, Man, Merge, Migrate, New, Note, People, Rate, Recurring, Reindex, Reject, Reopen, Reply,
        Report, Resolve, Show, Sla, Surveys, Sweep, Tag, Targets, Teams, Templates, Uncheck, Unlink, Unwatch,
        Update, Views, Watch, Who,
    };
    // Minutes spent go with the change the command makes.
    if let Reply { minutes, .. } | Note { minutes, .. } | Resolve { minutes, .. } = &command {
        ctx.minutes = *minutes;
    }
    match command {
        New(a) => requests::new(ctx, a),
        List(a) => queue::list(ctx, a),
        Show { id, format } => requests::show(ctx, id, format),
        Update(a) => requests::update(ctx, a),
        Reply {
            id,
            text,
            answer,
            if_version,
            ..
        } => work::reply(ctx, id, text.as_deref(), answer, if_version),
        Note {
            id, text, if_version, ..
        } => work::note(ctx, id, &text, if_version),
        Escalate {
            id,
            reason,
            if_version,
        } => work::escalate(ctx, id, &reason, if_version),
        Resolve {
            id,
            resolution,
            if_version,
            ..
        } => work::resolve(ctx, id, resolution.as_deref(), if_version),
        Reopen {
            id,
            reason,
            if_version,
        } => work::reopen(ctx, id, reason.as_deref(), if_version),
        Rate(a) => work::rate(ctx, a),
        Close {
            id,
            reason,
            if_version,
        } => work::close(ctx, id, &reason, if_version),
        Tag {
            ids,
            changes,
            if_version,
        } => work::tag(ctx, &ids, &changes, if_version),

        Export { format, out } => exchange::export(ctx, format, out),
        Import { path } => exchange::import(ctx, &path),
        Backup { path } => maintenance::backup(ctx, &path),
        Migrate { to } => maintenance::migrate(ctx, &to),
        Reindex => maintenance::reindex(ctx),
        People(c) => people::run(ctx, c),
        Views(c) => views::run(ctx, c),
        Targets(c) => targets::run(ctx, c),
        Teams(c) => teams::run(ctx, c),
        Templates(c) => templates::run(ctx, c),
        Fields(c) => fields::run(ctx, c),
        Answers(c) => answers::run(ctx, c),
        Recurring(c) => recurring::run(ctx, c),
        Checklist { id, change, format } => templates::checklist(ctx, id, change, format),
        Check { id, number } => templates::change(ctx, id, ChecklistChange::Check(number)),
        Uncheck { id, number } => templates::change(ctx, id, ChecklistChange::Uncheck(number)),
        Watch { id } => inbox::watch(ctx, id, true),
        Approval {
            id,
            approver,
            reason,
            if_version,
        } => approvals::run(
            ctx,
            crate::domain::command::Command::AskApproval { id, approver, reason },
            if_version,
        ),
        Approve { id, note, if_version } => approvals::run(
            ctx,
            crate::domain::command::Command::Approve {
                id,
                note: note.unwrap_or_default(),
            },
            if_version,
        ),
        Reject {
            id,
            reason,
            if_version,
        } => approvals::run(
            ctx,
            crate::domain::command::Command::Reject { id, reason },
            if_version,
        ),
        Unwatch { id } => inbox::watch(ctx, id, false),
        Inbox { unread, read, format } => inbox::list(ctx, unread, read, format),
        Macros(c) => macros::run(ctx, c),
        Mail(c) => mail::run(ctx, c),
        Attachment { id, number, out } => mail::save_attachment(ctx, id, number, &out),
        Link {
            id,
            target,
            kind,
            if_version,
        } => work::link(ctx, id, target, kind, if_version),
        Unlink { id, target } => work::unlink(ctx, id, target),
        Merge { id, into, if_version } => work::merge(ctx, id, into, if_version),
        Apply {
            id,
            name,
            if_version,
            minutes,
        } => macros::apply(ctx, id, &name, if_version, minutes),
        Escalations { format, limit } => escalations::list(ctx, format, limit),
        Acknowledge { id, if_version } => escalations::acknowledge(ctx, id, if_version),
        DeEscalate {
            id,
            reason,
            if_version,
        } => escalations::de_escalate(ctx, id, &reason, if_version),
        Sweep => sla::sweep(ctx),
        Followups { format } => follow_ups::list(ctx, format),
        Surveys { since, format } => surveys::list(ctx, since, format),
        FollowupDone { id, note, if_version } => follow_ups::done(ctx, id, note.as_deref(), if_version),
        ImportRatings { path } => follow_ups::import(ctx, &path),
        ImportRequests { path, map, dry_run } => sheet::import(ctx, &path, map.as_deref(), dry_run),
        AutoClose { days } => follow_ups::auto_close(ctx, days),
        Report {
            since,
            until,
            by,
            time: true,
            format,
            ..
        } => report::time_spent(ctx, since, until, by, format),
        Report {
            since,
            until,
            by,
            themes: true,
            format,
            ..
        } => report::themes(ctx, since, until, by, format),
        Report {
            since,
            until,
            by,
            format,
            out,
            ..
        } => report::run(ctx, since, until, by, format, out),
        Sla(c) => sla::sla(ctx, c),
        Calendar(c) => sla::calendar(ctx, c),
        Init { .. } | Doctor { .. } | Who { .. } | Completions { .. } | Man => Ok(()),
    }
}

/// Whether output goes to a person (then text is made inert) or a pipe.
pub fn to_terminal() -> bool {
    std::io::stdout().is_terminal()
}
