//! The command line contract. Values are parsed by the domain's own
//! parsers, so a bad value names the valid ones.

use crate::domain::custom_field::FieldType;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::domain::ids::{RequestId, Version};
use crate::domain::{Channel, Impact, Kind, Priority, Role, Status, Urgency};
use crate::store::{KpiGroup, QueueSort};

#[derive(Debug, Parser)]
#[command(
    name = "frontdesk",
    version,
    about = "A keyboard-first help desk on one SQLite file (or a PostgreSQL database)"
)]
#[command(after_help = "Run without a command to open the terminal app.")]
pub struct Cli {
    /// The desk: a database file, or postgres://user@host/db (default: $FRONTDESK_DB, then the config file, then the data directory)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Who is acting (default: $FRONTDESK_USER, then the config file, then the login name)
    #[arg(long = "as", global = true, value_name = "NAME", add = ArgValueCompleter::new(super::complete::staff))]
    pub actor: Option<String>,
    /// The view the app opens on (e.g. escalations, mine, unassigned)
    #[arg(long, value_name = "VIEW")]
    pub view: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database if missing; --demo adds N realistic requests
    Init {
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=2_000_000))]
        demo: Option<u32>,
    },
    /// Record a new request; prints only its id
    New(NewArgs),
    /// List requests
    List(ListArgs),
    /// Show a request with its whole history
    Show {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Change status, assignee, urgency, impact, team or category
    Update(UpdateArgs),
    /// Reply to the requester (counts as the first response)
    Reply {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        /// The reply (unless --answer gives it)
        #[arg(required_unless_present = "answer")]
        text: Option<String>,
        /// Reply with answer N, its variables filled as in macros
        #[arg(long, value_name = "N")]
        answer: Option<i64>,
        /// Refuse (exit 3) if, since version N, someone answered, the
        /// requester wrote or the request was resolved or closed (other
        /// changes do not stop a reply)
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
        /// Minutes you spent on it, kept in its history (report --time)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
        minutes: Option<u32>,
    },
    /// Add an internal note
    Note {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        text: String,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
        /// Minutes you spent on it, kept in its history (report --time)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
        minutes: Option<u32>,
    },
    /// Raise the escalation level by one (at most 2)
    Escalate {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Resolve a request
    Resolve {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        resolution: Option<String>,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
        /// Minutes you spent on it, kept in its history (report --time)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
        minutes: Option<u32>,
    },
    /// Reopen a resolved or closed request
    Reopen {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Close a duplicate or a request recorded by mistake (history is kept; nothing is deleted)
    Close {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Put tags on requests and take them off: `tag 12 +vpn -printer`, `tag 12,15,20-25 +vpn`
    Tag {
        /// One request, or several: `12,15,20-25`
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        ids: String,
        /// +TAG (or TAG) to put on, -TAG to take off
        #[arg(required = true, allow_hyphen_values = true, value_name = "+TAG|-TAG", add = ArgValueCompleter::new(super::complete::tag_changes))]
        changes: Vec<String>,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Record the requester's satisfaction
    Rate(RateArgs),
    /// Write every request with its events and rating
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Read what export writes (json or csv)
    Import { path: PathBuf },
    /// Copy a consistent snapshot of the database
    Backup { path: PathBuf },
    /// Move this desk file to an empty PostgreSQL database, ids and history intact
    Migrate {
        /// The server's database: postgres://user@host:port/dbname (a socket folder with ?host=/run/postgresql)
        #[arg(long, value_name = "ADDRESS")]
        to: String,
    },
    /// Rebuild the search index from the requests and their history (when
    /// searches miss things, or a write fails on the index)
    Reindex,
    /// Print a completion script for a shell: `frontdesk completions bash > /etc/bash_completion.d/frontdesk`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), made from the same definitions as --help: `frontdesk man | man -l -`
    Man,
    /// Who has the desk open now: every running copy, its host and since when
    Who {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Check the database and say what to do about problems
    Doctor {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Requesters and staff
    #[command(subcommand)]
    People(PeopleCommand),
    /// Ask a lead to approve what a request asks for (a purchase, an access
    /// right): it waits, its clock paused, until they decide
    Approval {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(super::complete::staff))]
        approver: String,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Approve a request waiting on your approval (the approver, or any lead)
    Approve {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Reject it, saying why (the approver, or any lead)
    Reject {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Watch a request: what others do on it comes to your inbox
    Watch {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
    },
    /// Stop watching a request
    Unwatch {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
    },
    /// What others did on your requests, those you watch or were
    /// @mentioned on, and approvals asked of you (newest first)
    Inbox {
        /// Only what is unread
        #[arg(long)]
        unread: bool,
        /// Mark everything read (after listing it)
        #[arg(long)]
        read: bool,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Recurring requests: a template recorded on a schedule (a lead sets them)
    #[command(subcommand)]
    Recurring(RecurringCommand),
    /// Answers: a knowledge base grown from resolved requests
    #[command(subcommand)]
    Answers(AnswersCommand),
    /// Templates: requests recorded again and again, with their checklists
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Custom fields: what the team records beyond the desk's own fields
    #[command(subcommand)]
    Fields(FieldsCommand),
    /// A request's checklist: `checklist 12` lists it; add, remove or skip an item
    Checklist {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[command(subcommand)]
        change: Option<ChecklistCommand>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Tick checklist item N of a request
    Check {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        number: i64,
    },
    /// Untick checklist item N
    Uncheck {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        number: i64,
    },
    /// Teams: their members, who is away, and how new work is assigned
    #[command(subcommand)]
    Teams(TeamsCommand),
    /// Saved views: queries kept under a name, yours or the team's
    #[command(subcommand)]
    Views(ViewsCommand),
    /// Service targets the team is held to: set (a lead), list with where
    /// each stands, remove
    #[command(subcommand)]
    Targets(TargetsCommand),
    /// Link two requests: `link 7 3 --kind child` (7 is a child of 3)
    Link {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        target: RequestId,
        /// What ID is to TARGET: related, parent, child or duplicate
        /// (`--as` names who acts, on every command)
        #[arg(long, value_name = "KIND", default_value = "related", value_parser = parse::<crate::domain::link::LinkKind>)]
        kind: crate::domain::link::LinkKind,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Undo the link between two requests
    Unlink {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        target: RequestId,
    },
    /// Merge a duplicate into the request it duplicates: its conversation
    /// is copied there, its requester copied on it, and it is closed
    Merge {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long, value_name = "TARGET")]
        into: RequestId,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Macros: canned replies and the changes that go with them
    #[command(subcommand)]
    Macros(MacrosCommand),
    /// E-mail: take mail in from Maildir, mbox or .eml; send replies out
    #[command(subcommand)]
    Mail(MailCommand),
    /// Save a file that came with a request: `attachment 12 1 --out ~/Downloads`
    Attachment {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        /// Its number, as `show` lists them
        number: i64,
        /// A file or a folder to save it in; `-` writes it to standard output
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// Apply a macro to a request: `apply 12 printer-jam`
    Apply {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(value_name = "MACRO")]
        name: String,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
        /// Minutes you spent (instead of the macro's own)
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
        minutes: Option<u32>,
    },
    /// The team lead's queue: escalated open requests
    Escalations {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        limit: u32,
    },
    /// Acknowledge an escalation (recorded in the history)
    #[command(name = "ack")]
    Acknowledge {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Lower the escalation level by one (team leads only)
    DeEscalate {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        reason: String,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Escalate requests that breached a target and close resolved ones nobody rated in time
    /// (every command does this too; for cron)
    Sweep,
    /// Satisfaction surveys mailed after resolution: sent, answered,
    /// response rate, and those waiting for an answer
    Surveys {
        /// Surveys sent since (default: 90 days ago)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
    /// Follow-up calls due after resolution (ratings, service recovery)
    Followups {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// The follow-up call happened (for service recovery: things were put right)
    FollowupDone {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_name = "N")]
        if_version: Option<Version>,
    },
    /// Import survey results: a CSV with request_id, overall, speed, quality, communication, recommend, comment
    ImportRatings { path: PathBuf },
    /// Take in the spreadsheet the team kept before (CSV, UTF-8 or GBK as
    /// Chinese Excel saves it): headers in English or Chinese are
    /// recognised; all rows or none
    ImportRequests {
        path: PathBuf,
        /// Say which column is which: "标题=subject,人=requester"
        #[arg(long, value_name = "COLUMN=field,…")]
        map: Option<String>,
        /// Print the mapping, what would be recorded and every problem; write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Service KPIs for a time window, optionally per group, as a table, JSON, CSV or an HTML page
    Report {
        /// Start of the window (default: 90 days before --until)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// End of the window (default: now)
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Split by dept, team, agent, category, priority, channel, week or
        /// tag (a request counts in each of its tags)
        #[arg(long, value_parser = parse_group)]
        by: Option<KpiGroup>,
        /// Time spent rather than the KPIs: per request, or --by the
        /// person who spent it (agent), team, category, …
        #[arg(long)]
        time: bool,
        /// What unhappy requesters say rather than the KPIs: the words and
        /// phrases low ratings' comments and reopen reasons share (--by
        /// category, dept or team)
        #[arg(long, conflicts_with = "time")]
        themes: bool,
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Show, or set with --days, after how many days unrated resolved requests close themselves
    AutoClose {
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=365))]
        days: Option<i64>,
    },
    /// Service-level targets per priority
    #[command(subcommand)]
    Sla(SlaCommand),
    /// The business calendar the targets count in
    #[command(subcommand)]
    Calendar(CalendarCommand),
}

#[derive(Debug, Subcommand)]
pub enum SlaCommand {
    /// Show the targets
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Change one priority's targets, e.g. `sla set P2 --response 2h --resolve 1d`
    Set {
        #[arg(value_parser = parse::<Priority>)]
        priority: Priority,
        /// First-response target: 90m, 4h, 2d (d = working days)
        #[arg(long)]
        response: Option<String>,
        /// Resolution target
        #[arg(long)]
        resolve: Option<String>,
        /// P1 only: count on the 24×7 clock (on) or business hours (off)
        #[arg(long, value_parser = parse_switch)]
        around_the_clock: Option<Switch>,
    },
    /// How a request's due time was reached: each stretch of its clock,
    /// running, paused while waiting, outside hours, days off, holidays
    Explain {
        #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
        id: RequestId,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Switch(pub bool);

fn parse_switch(s: &str) -> Result<Switch, String> {
    match s {
        "on" | "yes" | "true" => Ok(Switch(true)),
        "off" | "no" | "false" => Ok(Switch(false)),
        other => Err(format!("invalid switch '{other}' (valid: on, off)")),
    }
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Show working days, hours, time zone and holidays
    Show,
    /// Change the working week
    Set {
        /// An IANA time zone such as Europe/Berlin, or local
        #[arg(long)]
        zone: Option<String>,
        /// Working days, e.g. mon-fri or mon,tue,thu
        #[arg(long)]
        days: Option<String>,
        /// Working hours, e.g. 09:00-18:00
        #[arg(long)]
        hours: Option<String>,
    },
    /// Days off
    #[command(subcommand)]
    Holiday(HolidayCommand),
}

#[derive(Debug, Subcommand)]
pub enum HolidayCommand {
    /// Add a day off: `calendar holiday add 2026-12-25 --name Christmas`
    Add {
        date: String,
        #[arg(long)]
        name: String,
    },
    /// Remove a day off
    Remove { date: String },
}

#[derive(Debug, Subcommand)]
pub enum MacrosCommand {
    /// Keep a macro: `macros add printer --reply "Hello {first_name}, …" --status waiting --tag printer`
    Add {
        name: String,
        /// A reply to the requester; {requester}, {first_name}, {id},
        /// {agent}, {due} and {subject} are filled in
        #[arg(long, conflicts_with = "note")]
        reply: Option<String>,
        /// An internal note (the same variables)
        #[arg(long)]
        note: Option<String>,
        #[arg(long, value_parser = parse::<Status>)]
        status: Option<Status>,
        #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(super::complete::staff))]
        assign: Option<String>,
        #[arg(long, add = ArgValueCompleter::new(super::complete::teams))]
        team: Option<String>,
        /// A tag to put on (again for more)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Minutes it usually takes, recorded when applied
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1440))]
        minutes: Option<u32>,
    },
    /// The team's macros
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Remove a macro
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Take mail into the desk from .eml files, mbox files or Maildir
    /// folders; a message is never taken twice
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Keep taking mail from a Maildir as it arrives, and send the outbox
    Watch {
        maildir: PathBuf,
        /// Seconds between looks
        #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
        every: u64,
    },
    /// Send the replies waiting in the outbox
    Send,
    /// The replies waiting in the outbox, and why they wait
    Outbox {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum TargetsCommand {
    /// Set a target (a lead): `targets set q1-csat --kpi csat --improve 10% --by 2027-03-31`
    Set {
        name: String,
        /// csat, nps, first-response-median, first-response-p90,
        /// resolution-median, sla-response, sla-resolution, reopen-rate,
        /// backlog, survey-response-rate (times in minutes)
        #[arg(long, value_parser = parse::<crate::domain::target::TargetKpi>)]
        kpi: crate::domain::target::TargetKpi,
        /// The figure must be at least this
        #[arg(long, value_name = "V", group = "goal", allow_hyphen_values = true)]
        at_least: Option<f64>,
        /// The figure must be at most this
        #[arg(long, value_name = "V", group = "goal", allow_hyphen_values = true)]
        at_most: Option<f64>,
        /// Better by this much than over the same length of time before
        /// --from (up for satisfaction, down for times): `10%`
        #[arg(long, value_name = "P%", group = "goal", value_parser = parse_percent)]
        improve: Option<f64>,
        /// The deadline
        #[arg(long, value_name = "DATE")]
        by: String,
        /// The start (default: now)
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// For one team's requests
        #[arg(long, conflicts_with = "dept")]
        team: Option<String>,
        /// For one department's requests
        #[arg(long)]
        dept: Option<String>,
    },
    /// Each target: scope, start, goal, now, deadline, progress and verdict
    List {
        #[arg(long, value_enum, default_value_t = TableFormat::Table)]
        format: TableFormat,
    },
    /// Remove a target (a lead)
    Remove { name: String },
}

/// `10%` or `10`: a percentage.
fn parse_percent(s: &str) -> Result<f64, String> {
    s.trim()
        .trim_end_matches('%')
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a percentage (e.g. 10%)"))
}

#[derive(Debug, Subcommand)]
pub enum ViewsCommand {
    /// Keep a query under a name: `views add urgent --query "priority:P1,P2 status:open" --key 4`
    Add {
        name: String,
        #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
        query: String,
        #[arg(long, value_parser = parse_sort)]
        sort: Option<QueueSort>,
        /// The number key (1-9) that opens it in the app, in place of the
        /// built-in view there
        #[arg(long, value_parser = clap::value_parser!(u8).range(1..=9))]
        key: Option<u8>,
        /// Share it with the team rather than keep it for yourself
        #[arg(long)]
        shared: bool,
    },
    /// Your views and the team's
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Remove one of your views (or a shared one you made; leads any)
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// Add a person or change what is known about them
    Add {
        name: String,
        #[arg(long, value_parser = parse::<Role>)]
        role: Option<Role>,
        #[arg(long)]
        dept: Option<String>,
        #[arg(long)]
        contact: Option<String>,
        #[arg(long, add = ArgValueCompleter::new(super::complete::teams))]
        team: Option<String>,
        /// Flag as a key customer (their requests are raised one priority level)
        #[arg(long)]
        key: bool,
        /// The login they act through (their database login on a server desk)
        #[arg(long, value_name = "LOGIN")]
        login: Option<String>,
    },
    /// List people
    List {
        #[arg(long, value_parser = parse::<Role>)]
        role: Option<Role>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// What was changed about a person (roles above all), by whom and when
    History {
        name: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Record that someone is away (yourself, or anyone as a lead): they get
    /// no new work by turn, and a cover sees their open requests meanwhile
    Away {
        #[arg(add = ArgValueCompleter::new(super::complete::staff))]
        name: String,
        /// The last day away (YYYY-MM-DD), or the moment they are back
        #[arg(long, value_name = "DATE")]
        until: String,
        /// Who takes their requests meanwhile
        #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(super::complete::staff))]
        cover: Option<String>,
    },
    /// Record that someone is back
    Back {
        #[arg(add = ArgValueCompleter::new(super::complete::staff))]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Keep a template (replacing one of the same name)
    Add {
        name: String,
        #[arg(long)]
        subject: Option<String>,
        #[arg(long)]
        body: Option<String>,
        #[arg(long)]
        category: Option<String>,
        #[arg(long, add = ArgValueCompleter::new(super::complete::teams))]
        team: Option<String>,
        #[arg(long, value_parser = parse::<Urgency>)]
        urgency: Option<Urgency>,
        #[arg(long, value_parser = parse::<Impact>)]
        impact: Option<Impact>,
        /// A checklist item (again for each)
        #[arg(long = "item", value_name = "TEXT")]
        items: Vec<String>,
    },
    /// The templates and their checklists
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    Remove {
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum FieldsCommand {
    /// Define a field (a lead's), or give a choice field new choices
    Add {
        /// Letters and hyphens: `site`, `cost-centre`
        name: String,
        /// text, number, date or choice
        #[arg(long = "type", value_name = "TYPE", value_parser = parse::<FieldType>)]
        kind: FieldType,
        /// A choice field's choices: `--choices mac,thinkpad`
        #[arg(long, value_delimiter = ',')]
        choices: Vec<String>,
    },
    /// The fields, their types and choices
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Remove a field and every value kept in it (a lead's)
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum AnswersCommand {
    /// Keep an answer: its text, or what a resolved request teaches (its resolution and last reply)
    Add {
        title: String,
        #[arg(long, conflicts_with = "from", required_unless_present = "from")]
        body: Option<String>,
        #[arg(long, value_name = "ID")]
        from: Option<RequestId>,
    },
    /// Every answer, most used first
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    Show {
        number: i64,
    },
    Remove {
        number: i64,
    },
    /// The answers whose title or text hold every word (Chinese inside words too)
    Search {
        #[arg(required = true)]
        words: Vec<String>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecurringCommand {
    /// Record TEMPLATE's request on a schedule: `--cron "0 9 * * 1"` is
    /// every Monday at 09:00 (five fields: minute hour day month weekday,
    /// in the desk's time zone)
    Add {
        name: String,
        #[arg(long)]
        template: String,
        #[arg(long)]
        cron: String,
    },
    /// Each rule and when it falls due next
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Stop a rule (what it made stays)
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// Add an item
    Add { text: String },
    /// Remove item N (it keeps its number, marked removed)
    Remove { number: i64 },
    /// Skip item N, saying why
    Skip {
        number: i64,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamsCommand {
    /// Each team, its members, how its work is assigned, and who is away
    List {
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// How new work for TEAM is assigned (a lead): round-robin takes the
    /// members in turn, least-loaded the one with the fewest open requests
    Auto {
        #[arg(add = ArgValueCompleter::new(super::complete::teams))]
        team: String,
        #[arg(value_name = "MODE", value_parser = parse::<crate::domain::team::AssignMode>)]
        mode: crate::domain::team::AssignMode,
    },
}

fn parse<T: std::str::FromStr>(s: &str) -> Result<T, String>
where
    T::Err: std::fmt::Display,
{
    s.parse::<T>().map_err(|e| e.to_string())
}

fn parse_sort(s: &str) -> Result<QueueSort, String> {
    s.parse()
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Required unless the template gives one
    #[arg(long, required_unless_present = "template")]
    pub subject: Option<String>,
    /// Start from a template: its subject, description, category, team,
    /// urgency, impact and checklist (any flag given here wins)
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    #[arg(long)]
    pub requester: String,
    #[arg(long)]
    pub dept: Option<String>,
    #[arg(long)]
    pub contact: Option<String>,
    #[arg(long, value_parser = parse::<Channel>, default_value = "phone")]
    pub channel: Channel,
    #[arg(long, value_parser = parse::<Kind>, default_value = "request")]
    pub kind: Kind,
    #[arg(long)]
    pub category: Option<String>,
    /// low, medium, high, critical (default medium, or the template's)
    #[arg(long, value_parser = parse::<Urgency>)]
    pub urgency: Option<Urgency>,
    /// low, medium, high (default medium, or the template's)
    #[arg(long, value_parser = parse::<Impact>)]
    pub impact: Option<Impact>,
    /// The requester is a key customer
    #[arg(long)]
    pub key: bool,
    /// When the requester needs an answer (RFC 3339, or YYYY-MM-DD HH:MM local)
    #[arg(long, value_name = "DATETIME")]
    pub reply_by: Option<String>,
    /// The team it is for (one that assigns automatically gives it an owner at once)
    #[arg(long, add = ArgValueCompleter::new(super::complete::teams))]
    pub team: Option<String>,
    /// A custom field's value, `NAME=VALUE` (again for each; `fields list`)
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// text: the id (possible duplicates on stderr); json: `{"id": N, "possible_duplicates": [ids]}`
    #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
    #[arg(long, conflicts_with = "body_file")]
    pub body: Option<String>,
    /// Read the description from a file, or - for standard input
    #[arg(long, value_name = "PATH")]
    pub body_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_delimiter = ',', value_parser = parse::<Status>)]
    pub status: Vec<Status>,
    #[arg(long, conflicts_with_all = ["mine", "unassigned"], add = ArgValueCompleter::new(super::complete::staff))]
    pub assignee: Option<String>,
    #[arg(long, conflicts_with = "unassigned")]
    pub mine: bool,
    #[arg(long)]
    pub unassigned: bool,
    #[arg(long)]
    pub dept: Option<String>,
    #[arg(long, add = ArgValueCompleter::new(super::complete::teams))]
    pub team: Option<String>,
    #[arg(long, value_delimiter = ',', value_parser = parse::<Priority>)]
    pub priority: Vec<Priority>,
    #[arg(long)]
    pub escalated: bool,
    /// Only requests past their due time
    #[arg(long)]
    pub breached: bool,
    /// Only requests past 75% of their target and not yet breached
    #[arg(long)]
    pub at_risk: bool,
    /// Words (prefixes, all must match), "exact phrases", -word to leave
    /// out, OR between terms; `--search -printer` works as written
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    pub search: Option<String>,
    /// The query language: `status:open,waiting team:Network assignee:me
    /// tag:vpn -tag:printer due:<4h age:>2d words "a phrase" -excluded`
    /// (README: Working fast)
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// A saved view (`views list`): its query, with --query and the
    /// other filters on top, and its sort unless --sort says otherwise
    #[arg(long, value_name = "NAME")]
    pub view: Option<String>,
    /// created (the default), updated, priority or due
    #[arg(long, value_parser = parse_sort)]
    pub sort: Option<QueueSort>,
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub limit: u32,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// One request, or several: `12,15,20-25`
    #[arg(required_unless_present = "query", conflicts_with = "query", add = ArgValueCompleter::new(super::complete::request_ids))]
    pub ids: Option<String>,
    /// Every request the query finds (README: Working fast); without
    /// --yes, only says what would change
    #[arg(long, value_name = "QUERY", allow_hyphen_values = true)]
    pub query: Option<String>,
    /// Change what --query finds, rather than only say what it would
    #[arg(long)]
    pub yes: bool,
    /// With --yes: change nothing (exit 3) unless the query still finds
    /// exactly N requests, as many as the preview showed
    #[arg(long, value_name = "N", requires = "query")]
    pub expect: Option<usize>,
    #[arg(long, value_parser = parse::<Status>)]
    pub status: Option<Status>,
    #[arg(long, value_name = "NAME", conflicts_with = "unassign", add = ArgValueCompleter::new(super::complete::staff))]
    pub assign: Option<String>,
    #[arg(long)]
    pub unassign: bool,
    #[arg(long, value_parser = parse::<Urgency>)]
    pub urgency: Option<Urgency>,
    #[arg(long, value_parser = parse::<Impact>)]
    pub impact: Option<Impact>,
    /// Transfer to another team
    #[arg(long, add = ArgValueCompleter::new(super::complete::teams))]
    pub team: Option<String>,
    #[arg(long)]
    pub category: Option<String>,
    /// Correct the subject
    #[arg(long)]
    pub subject: Option<String>,
    /// Correct the description
    #[arg(long)]
    pub body: Option<String>,
    /// Correct the requester's contact (empty clears it)
    #[arg(long)]
    pub contact: Option<String>,
    /// Change when the requester needs an answer (empty clears it)
    #[arg(long, value_name = "WHEN")]
    pub reply_by: Option<String>,
    /// Set a custom field, `NAME=VALUE` (again for each; `NAME=` clears it)
    #[arg(long = "field", value_name = "NAME=VALUE")]
    pub fields: Vec<String>,
    /// Why (kept with a status change or a transfer)
    #[arg(long)]
    pub reason: Option<String>,
    /// Refuse (exit 3) unless the request is still at this version
    #[arg(long, value_name = "N")]
    pub if_version: Option<Version>,
}

#[derive(Debug, Args)]
pub struct RateArgs {
    #[arg(add = ArgValueCompleter::new(super::complete::request_ids))]
    pub id: RequestId,
    #[arg(long, value_parser = clap::value_parser!(i64).range(1..=5))]
    pub score: i64,
    #[arg(long, value_parser = clap::value_parser!(i64).range(1..=5))]
    pub speed: Option<i64>,
    #[arg(long, value_parser = clap::value_parser!(i64).range(1..=5))]
    pub quality: Option<i64>,
    #[arg(long, value_parser = clap::value_parser!(i64).range(1..=5))]
    pub communication: Option<i64>,
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..=10))]
    pub recommend: Option<i64>,
    #[arg(long)]
    pub comment: Option<String>,
    /// Close the request too, as the follow-up call ends
    #[arg(long)]
    pub close: bool,
    #[arg(long, value_name = "N")]
    pub if_version: Option<Version>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ListFormat {
    Table,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TableFormat {
    Table,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ShowFormat {
    Text,
    Json,
}

fn parse_group(s: &str) -> Result<KpiGroup, String> {
    s.parse()
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}
