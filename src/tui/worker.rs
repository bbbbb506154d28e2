//! The database worker: one thread owns the connection the app reads and
//! writes through. The UI sends it jobs and gets results back as actions,
//! so a slow shared drive or another user's lock never freezes the screen.
//! A newer read of the same kind replaces a queued older one.

use crate::domain::ids::RequestId;
use crate::domain::ids::Version;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender};

use crate::domain::kpi::{dashboard, dashboard_window, Dashboard};
use crate::domain::{Event as HistoryEvent, Person, Rating, Request};
use crate::store::share::{Activity, Announcement, FileSystem};
use crate::store::{
    Escalation, OpenOptions, Page, QueueFilter, QueueSort, Satisfaction, Stamp, Store, StoreError,
    WriteRefusal,
};

use super::form::Purpose;

pub use crate::domain::command::Command;

impl Command {
    /// The text a person wrote for this write, with the dialog it came
    /// from: what is kept as a draft when the write is dropped.
    pub fn draft(&self) -> Option<(RequestId, Purpose, &str)> {
        match self {
            Command::Reply { id, text } | Command::ReplyWithAnswer { id, text, .. } => {
                Some((*id, Purpose::Reply, text))
            }
            Command::Note { id, text } => Some((*id, Purpose::Note, text)),
            Command::Escalate { id, reason } => Some((*id, Purpose::Escalate, reason)),
            Command::Resolve { id, resolution } => Some((*id, Purpose::Resolve, resolution)),
            Command::Reopen { id, reason } => Some((*id, Purpose::Reopen, reason)),
            Command::DeEscalate { id, reason } => Some((*id, Purpose::DeEscalate, reason)),
            Command::FollowUpDone { id, note } => Some((*id, Purpose::FollowUpDone, note)),
            Command::Close { id, reason } => Some((*id, Purpose::Close, reason)),
            _ => None,
        }
    }
}

/// Everything the detail pane shows of one request.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub request: Request,
    pub events: Vec<HistoryEvent>,
    pub rating: Option<Rating>,
}

/// One job for the worker: its number (answers say which they are done
/// with) and what to do.
#[derive(Debug)]
pub struct Job {
    pub seq: u64,
    pub work: Work,
}

/// What a job asks of the worker.
#[derive(Debug)]
pub enum Work {
    Queue {
        filter: QueueFilter,
        sort: QueueSort,
        page: Page,
        limit: usize,
        /// The queue's length when the app already knows it (scrolling):
        /// counting a long queue costs more than reading a window.
        total: Option<usize>,
    },
    Escalations,
    /// Which service targets are at risk or missed: read once as the
    /// lead's view opens (each target reads months of the report's rows,
    /// too much for every reload).
    TargetsAtRisk {
        now: i64,
    },
    Detail {
        id: RequestId,
    },
    /// What request `id` is (subject and status), for a dialog that names
    /// one as it is typed.
    Peek {
        id: RequestId,
    },
    Scores {
        filter: QueueFilter,
        rated_since: Option<i64>,
    },
    /// The open requests a new one from `requester` about `subject` may
    /// repeat.
    Duplicates {
        requester: String,
        subject: String,
        now: i64,
    },
    Directory,
    /// The person's inbox, newest first.
    Inbox,
    Dashboard {
        now: i64,
        /// The team and department the view is narrowed to: the targets
        /// shown are the desk's and theirs.
        team: Option<String>,
        department: Option<String>,
    },
    Poll {
        now: i64,
    },
    /// Tell the other copies what this one is doing.
    Announce {
        activity: Option<Activity>,
    },
    Command {
        write: Command,
        expected_version: Option<Version>,
        now: i64,
        /// Minutes spent, from the dialog's field.
        minutes: Option<u32>,
    },
    /// The ids and versions of every request a view shows (to mark them).
    MarkAll {
        filter: QueueFilter,
        sort: QueueSort,
    },
    /// One change to many requests, each at the version given, all or
    /// none.
    Bulk {
        commands: Vec<(Command, Option<Version>)>,
        now: i64,
    },
    /// Another copy committed a change to a server desk (its listener
    /// says so as it happens).
    Heard,
    /// Replies to requests that came by mail leave through this server
    /// (from the config's `[mail]`), sent once the reply is recorded.
    UseMailer(Box<crate::mail::Mailer>),
    /// This copy's changes are told to these programs.
    UseHooks(Vec<crate::config::HookConfig>),
    /// Save attachment `number` of request `id` in `folder`.
    SaveAttachment {
        id: RequestId,
        number: i64,
        folder: PathBuf,
    },
}

/// Kinds of read: a newer job of a kind makes an older one waiting in the
/// queue pointless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JobKind {
    Queue,
    Escalations,
    TargetsAtRisk,
    Detail,
    Peek,
    Duplicates,
    Scores,
    Directory,
    Inbox,
    Poll,
    Dashboard,
    Announce,
    Heard,
}

impl Work {
    /// Reads of the same kind supersede each other; writes never do.
    fn kind(&self) -> Option<JobKind> {
        match self {
            Work::Queue { .. } => Some(JobKind::Queue),
            Work::Escalations => Some(JobKind::Escalations),
            Work::TargetsAtRisk { .. } => Some(JobKind::TargetsAtRisk),
            Work::Detail { .. } => Some(JobKind::Detail),
            Work::Peek { .. } => Some(JobKind::Peek),
            Work::Duplicates { .. } => Some(JobKind::Duplicates),
            Work::Scores { .. } => Some(JobKind::Scores),
            Work::Directory => Some(JobKind::Directory),
            Work::Inbox => Some(JobKind::Inbox),
            Work::Poll { .. } => Some(JobKind::Poll),
            Work::Dashboard { .. } => Some(JobKind::Dashboard),
            Work::Announce { .. } => Some(JobKind::Announce),
            Work::Command { .. }
            | Work::MarkAll { .. }
            | Work::Bulk { .. }
            | Work::UseMailer(_)
            | Work::UseHooks(_)
            | Work::SaveAttachment { .. } => None,
            Work::Heard => Some(JobKind::Heard),
        }
    }
}

/// The most requests `*` marks at once.
pub const MARK_AT_MOST: usize = 10_000;

/// The escalations view shows the top of the lead's queue, not all of it.
pub const ESCALATIONS_SHOWN: usize = 500;

/// What the worker learned about the file when it opened it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFacts {
    /// The file or its folder cannot be written.
    pub read_only: bool,
    /// Why nothing may be written although the file could be: the locks
    /// of its folder are not shared with another copy using it. Changes
    /// as copies come and go.
    pub refusal: Option<WriteRefusal>,
    pub file_system: Option<FileSystem>,
    /// Who acts: on a server, the person the database login belongs to.
    pub actor: String,
    /// The desk is on a database server (demo data is for files).
    pub on_server: bool,
}

/// How mail stands, for the header: replies not mailed yet (and why),
/// and when mail last arrived (None: the desk never took mail).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailFacts {
    pub unsent: i64,
    pub last_error: Option<String>,
    pub last_arrival: Option<i64>,
}

/// What the team keeps for repeatable work and its turns, read with the
/// directory (boxed there: answers travel by value).
#[derive(Debug, Clone, Default)]
pub struct TeamKept {
    /// How each team with a setting assigns its work.
    pub assign_modes: Vec<(String, crate::domain::team::AssignMode)>,
    pub templates: Vec<crate::domain::template::Template>,
    pub answers: Vec<crate::domain::answer::Answer>,
    /// The custom fields the desk defines.
    pub fields: Vec<crate::domain::custom_field::CustomField>,
}

/// What the worker tells the app: the results of its jobs, and what it
/// noticed (others' changes, who else has the desk open).
#[derive(Debug, Clone)]
pub enum Answer {
    QueueLoaded {
        offset: usize,
        rows: Vec<Request>,
        total: usize,
        /// The request these rows continue from (just before them, or
        /// just after), when they extend the window already shown.
        next_to: Option<RequestId>,
    },
    EscalationsLoaded(Vec<Escalation>),
    /// The service targets at risk or missed, by name, for the lead's view.
    TargetsAtRisk(Vec<String>),
    DetailLoaded(Box<Detail>),
    /// The selected request no longer exists.
    DetailGone(RequestId),
    /// What request `id` is, or None when there is none.
    Peeked(RequestId, Option<String>),
    ScoresLoaded(Box<Satisfaction>),
    DashboardLoaded(Box<Dashboard>),
    InboxLoaded(Vec<crate::domain::inbox::InboxItem>),
    /// What a new request being typed may repeat, and for which text.
    Duplicates {
        requester: String,
        subject: String,
        found: Vec<crate::domain::duplicates::PossibleDuplicate>,
    },
    DirectoryLoaded {
        /// Unread items in the person's inbox.
        unread: i64,
        /// How each team with a setting assigns its work, and the
        /// templates (boxed: answers travel by value).
        team_kept: Box<TeamKept>,
        people: Vec<Person>,
        teams: Vec<String>,
        categories: Vec<String>,
        tags: Vec<String>,
        views: Vec<crate::domain::saved_view::SavedView>,
        macros: Vec<crate::domain::canned::Macro>,
        requests: usize,
        /// The desk's SLA targets, for the due time dialogs show live.
        policy: Box<crate::domain::sla::SlaPolicy>,
    },

    /// Someone else committed to the file.
    ChangedElsewhere,
    /// The requests of a view, to mark: id and version.
    MarkedAll(Vec<(RequestId, Version)>),
    /// How many requests a bulk change changed, or why it changed none.
    BulkDone(Box<Result<usize, String>>),
    /// What the other copies' announcements say: who else has the desk
    /// open, and whether this copy may write.
    TeamSeen {
        refusal: Option<crate::store::WriteRefusal>,
        others: Vec<Announcement>,
    },
    Written {
        write: Box<Command>,
        result: Box<WriteResult>,
    },
    Failed(String),
    /// How mail stands: replies waiting in the outbox, the last arrival.
    MailState(MailFacts),
    /// Something done in the background the person should know of (a
    /// reply mailed).
    Told(String),
    /// Where an attachment was saved, or why it was not.
    Saved(Box<Result<String, String>>),
    /// The worker finished every job up to this sequence number.
    Done(u64),
}

/// Where the worker's answers go; false once nobody listens (the app quit).
pub type Sink = Box<dyn Fn(Answer) -> bool + Send>;

/// A started worker: where to send jobs, what it found, and its thread,
/// which ends (closing the file and withdrawing this copy's announcement)
/// once every job sender is dropped.
pub struct Started {
    pub jobs: Sender<Job>,
    pub facts: FileFacts,
    pub thread: std::thread::JoinHandle<()>,
}

/// Opens the store and starts the worker; results come back on `out`.
pub fn start(path: PathBuf, options: OpenOptions, actor: String, out: Sink) -> Result<Started, StoreError> {
    let store = Store::open(&path, &options)?;
    // The whole file is checked once in the background, so damage is
    // found without waiting for someone to run doctor.
    crate::store::damage::check_in_background(path.clone());
    let actor = store.server_actor().map_or(actor, str::to_string);
    let facts = FileFacts {
        read_only: store.is_read_only() && store.refusal().is_none(),
        refusal: store.refusal(),
        file_system: store.file_system(),
        actor: actor.clone(),
        on_server: store.is_server(),
    };
    let (jobs, rx) = std::sync::mpsc::channel::<Job>();
    let heard = jobs.clone();
    // A server tells of others' changes as they commit; a file is polled.
    let listening = store.listen_for_changes(move || {
        heard
            .send(Job {
                seq: 0,
                work: Work::Heard,
            })
            .is_ok()
    })?;
    let thread = std::thread::Builder::new()
        .name("frontdesk-db".into())
        .spawn(move || {
            Worker {
                store,
                actor,
                out,
                last_data_version: None,
                last_team: None,
                listening,
                mailer: None,
                hooks: Vec::new(),
            }
            .run(rx);
        })
        .map_err(StoreError::Io)?;
    Ok(Started { jobs, facts, thread })
}

struct Worker {
    store: Store,
    actor: String,
    out: Sink,
    last_data_version: Option<i64>,
    /// What the app was last told of the other copies.
    last_team: Option<(Option<WriteRefusal>, Vec<Announcement>)>,
    /// Changes by others are heard as they happen, not polled for.
    listening: bool,
    mailer: Option<crate::mail::Mailer>,
    /// Programs told of this copy's changes (`[[hooks]]`).
    hooks: Vec<crate::config::HookConfig>,
}

impl Worker {
    fn run(mut self, rx: Receiver<Job>) {
        while let Ok(first) = rx.recv() {
            let mut batch = vec![first];
            batch.extend(rx.try_iter());
            let last_seq = batch.iter().map(|j| j.seq).max().unwrap_or(0);
            // Keep only the newest read of each kind; writes keep their order.
            let mut keep = Vec::with_capacity(batch.len());
            for (i, job) in batch.iter().enumerate() {
                let superseded = job
                    .work
                    .kind()
                    .is_some_and(|k| batch[i + 1..].iter().any(|later| later.work.kind() == Some(k)));
                keep.push(!superseded);
            }
            for (job, keep) in batch.into_iter().zip(keep) {
                if keep {
                    self.handle(job);
                }
            }
            self.tell_hooks();
            if !(self.out)(Answer::Done(last_seq)) {
                return;
            }
        }
    }

    fn send(&self, answer: Answer) {
        let _ = (self.out)(answer);
    }

    /// A failed read, reported once the file has had a second look.
    fn failed(&mut self, e: StoreError) {
        let e = self.store.second_opinion(e);
        self.send(Answer::Failed(e.to_string()));
    }

    fn tell_mail_state(&self) {
        if let (Ok(outbox), Ok(last_arrival)) = (self.store.outbox_state(), self.store.last_mail_at()) {
            self.send(Answer::MailState(MailFacts {
                unsent: outbox.unsent,
                last_error: outbox.last_error,
                last_arrival,
            }));
        }
    }

    /// After a reply: its mail leaves now when this copy has a mail
    /// server; else, or when the server will not take it, it waits in
    /// the outbox and the header says so.
    fn mail_replies(&mut self, id: RequestId, now: i64) {
        if let Some(mailer) = &self.mailer {
            if let Ok(report) = crate::mail::send_outbox(&mut self.store, mailer, Some(id), || now) {
                if let Some(error) = report.errors.first() {
                    self.send(Answer::Failed(format!(
                        "the reply is recorded; its mail waits in the outbox ({error})"
                    )));
                } else if report.sent > 0 {
                    self.send(Answer::Told(format!(
                        "#{id}: the reply was mailed to the requester"
                    )));
                }
            }
        } else if self.store.unsent_mail_of(id).is_ok_and(|m| !m.is_empty()) {
            // Said, not left to the header alone: "reply sent" would read
            // as mailed.
            self.send(Answer::Told(format!(
                "#{id}: the reply is recorded; its mail waits in the outbox: no mail server is set up here ([mail] smtp in the config)"
            )));
        }
        self.tell_mail_state();
    }

    /// Writes the attachment in `folder` under its own name (numbered when
    /// a file of that name is there already); the path it was saved to.
    fn save_attachment(
        &self,
        id: RequestId,
        number: i64,
        folder: &std::path::Path,
    ) -> Result<String, String> {
        let (attachment, content) = self.store.attachment(id, number).map_err(|e| e.to_string())?;
        let content = content.ok_or_else(|| {
            format!(
                "{} was over the size limit when it arrived: only its name and size were kept",
                crate::domain::text::inert_line(&attachment.name)
            )
        })?;
        std::fs::create_dir_all(folder).map_err(|e| format!("cannot make {}: {e}", folder.display()))?;
        let path = crate::mail::saved_file::save_new(folder, &attachment.name, &content)
            .map_err(|e| format!("cannot save in {}: {e}", folder.display()))?;
        Ok(path.display().to_string())
    }

    /// Runs the hooks for the changes this copy just committed, on a
    /// thread of their own: the app never waits for one.
    fn tell_hooks(&mut self) {
        let recorded = self.store.take_recorded();
        if self.hooks.is_empty() || recorded.is_empty() {
            return;
        }
        match self.store.hook_events(&recorded) {
            Ok(events) if !events.is_empty() => {
                let hooks = self.hooks.clone();
                std::thread::spawn(move || crate::hooks::run(&hooks, &events, crate::clock::now()));
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(target: "frontdesk", "hooks: could not read the changes: {e}"),
        }
    }

    /// Looks at the other copies' announcements and tells the app when
    /// who is here, or whether this copy may write, changed.
    fn survey_team(&mut self) {
        let Ok(Some(survey)) = self.store.survey_team() else {
            return;
        };
        let mut others: Vec<Announcement> = survey.active().cloned().collect();
        others.sort_by(|a, b| (&a.user, a.started).cmp(&(&b.user, b.started)));
        let seen = (self.store.refusal(), others);
        if self.last_team.as_ref() != Some(&seen) {
            self.last_team = Some(seen.clone());
            self.send(Answer::TeamSeen {
                refusal: seen.0,
                others: seen.1,
            });
        }
    }

    fn handle(&mut self, job: Job) {
        match job.work {
            Work::Queue {
                filter,
                sort,
                page,
                limit,
                total,
                ..
            } => {
                let result = self
                    .store
                    .queue_page(&filter, sort, page, limit)
                    .and_then(|rows| {
                        let total = match total {
                            Some(known) => known,
                            None => self.store.queue_len(&filter)?,
                        };
                        Ok((rows, total))
                    });
                match result {
                    Ok((rows, total)) => {
                        let (offset, next_to) = match page {
                            Page::Top { skip } => (skip, None),
                            Page::Bottom => (total.saturating_sub(rows.len()), None),
                            Page::After { id, index, skip } => (index + 1 + skip, (skip == 0).then_some(id)),
                            Page::Before { id, index, skip } => {
                                (index.saturating_sub(skip + rows.len()), (skip == 0).then_some(id))
                            }
                        };
                        self.send(Answer::QueueLoaded {
                            offset,
                            rows,
                            total,
                            next_to,
                        });
                    }
                    Err(e) => self.failed(e),
                }
            }
            Work::Inbox => match self.store.inbox(&self.actor, false) {
                Ok(items) => self.send(Answer::InboxLoaded(items)),
                Err(e) => self.failed(e),
            },
            Work::Escalations => match self.store.escalations(ESCALATIONS_SHOWN) {
                Ok(rows) => self.send(Answer::EscalationsLoaded(rows)),
                Err(e) => self.failed(e),
            },
            Work::TargetsAtRisk { now } => {
                use crate::domain::target::Verdict;
                match self.store.target_standings(now, |_| true) {
                    Ok(all) => self.send(Answer::TargetsAtRisk(
                        all.into_iter()
                            .filter(|(_, s)| matches!(s.verdict, Verdict::AtRisk | Verdict::Missed))
                            .map(|(t, _)| t.name)
                            .collect(),
                    )),
                    Err(e) => self.failed(e),
                }
            }
            Work::Detail { id, .. } => {
                let detail = (|| {
                    let (request, events) = self.store.request_and_history(id)?;
                    Ok::<_, StoreError>(Detail {
                        request,
                        events,
                        rating: self.store.rating(id)?,
                    })
                })();
                match detail {
                    Ok(d) => self.send(Answer::DetailLoaded(Box::new(d))),
                    Err(StoreError::NotFound(_)) => self.send(Answer::DetailGone(id)),
                    Err(e) => self.failed(e),
                }
            }
            Work::Duplicates {
                requester,
                subject,
                now,
            } => match self.store.possible_duplicates(&requester, &subject, None, now) {
                Ok(found) => self.send(Answer::Duplicates {
                    requester,
                    subject,
                    found,
                }),
                Err(e) => self.failed(e),
            },
            Work::Peek { id, .. } => match self.store.request(id) {
                Ok(r) => self.send(Answer::Peeked(
                    id,
                    Some(format!(
                        "“{}” ({})",
                        crate::domain::text::inert_line(&r.subject),
                        r.status
                    )),
                )),
                Err(StoreError::NotFound(_)) => self.send(Answer::Peeked(id, None)),
                Err(e) => self.failed(e),
            },
            Work::Scores {
                filter, rated_since, ..
            } => match self.store.satisfaction(&filter, rated_since) {
                Ok(s) => self.send(Answer::ScoresLoaded(Box::new(s))),
                Err(e) => self.failed(e),
            },
            Work::Directory => {
                let directory = (|| {
                    Ok::<_, StoreError>(Answer::DirectoryLoaded {
                        unread: self.store.unread_count(&self.actor)?,
                        team_kept: Box::new(TeamKept {
                            assign_modes: self.store.assign_modes()?,
                            templates: self.store.templates()?,
                            answers: self.store.answers()?,
                            fields: self.store.custom_fields()?,
                        }),
                        people: self.store.people(&[])?,
                        teams: self.store.teams()?,
                        categories: self.store.categories()?,
                        tags: self.store.tags_in_use()?,
                        views: self.store.views(&self.actor)?,
                        macros: self.store.macros()?,
                        requests: self.store.queue_len(&QueueFilter::default())?,
                        policy: Box::new(self.store.sla_policy()?),
                    })
                })();
                match directory {
                    Ok(a) => self.send(a),
                    Err(e) => self.failed(e),
                }
                self.tell_mail_state();
            }
            Work::Dashboard {
                now,
                team,
                department,
            } => {
                let window = dashboard_window(now);
                let loaded = self.store.kpi_rows(window, None).and_then(|rows| {
                    let mut d = dashboard(&rows, now);
                    use crate::domain::target::Scope;
                    let narrowed_to = |narrowed: &Option<String>, name: &str| {
                        narrowed.as_deref().is_none_or(|n| n.eq_ignore_ascii_case(name))
                    };
                    d.targets = self.store.target_standings(now, |target| match &target.scope {
                        Scope::Desk => true,
                        Scope::Team(t) => department.is_none() && narrowed_to(&team, t),
                        Scope::Department(d) => team.is_none() && narrowed_to(&department, d),
                    })?;
                    Ok(d)
                });
                match loaded {
                    Ok(d) => self.send(Answer::DashboardLoaded(Box::new(d))),
                    Err(e) => self.failed(e),
                }
            }
            Work::Announce { activity, .. } => self.store.announce_activity(activity),
            Work::Heard => self.send(Answer::ChangedElsewhere),
            Work::UseMailer(mailer) => self.mailer = Some(*mailer),
            Work::UseHooks(hooks) => self.hooks = hooks,
            Work::SaveAttachment {
                id, number, folder, ..
            } => {
                let saved = self.save_attachment(id, number, &folder);
                self.send(Answer::Saved(Box::new(saved)));
            }
            Work::MarkAll { filter, sort, .. } => match self.store.queue(&filter, sort, 0, MARK_AT_MOST) {
                Ok(rows) => self.send(Answer::MarkedAll(
                    rows.iter().map(|r| (r.id, r.version)).collect(),
                )),
                Err(e) => self.failed(e),
            },
            Work::Bulk { commands, now, .. } => {
                let done = self
                    .store
                    .execute_all(&commands, &self.actor, now)
                    .map(|changed| changed.len())
                    .map_err(|e| e.to_string());
                self.send(Answer::BulkDone(Box::new(done)));
            }
            Work::Poll { now, .. } => {
                self.survey_team();
                // data_version moves when another connection commits.
                if let Some(Ok(v)) = (!self.listening).then(|| self.store.data_version()) {
                    if self.last_data_version.is_some_and(|last| last != v) {
                        self.send(Answer::ChangedElsewhere);
                    }
                    self.last_data_version = Some(v);
                }
                // Applies automatic escalations; the queue must show them.
                if self.store.sweep(now).is_ok_and(|s| !s.is_empty()) {
                    self.send(Answer::ChangedElsewhere);
                }
            }
            Work::Command {
                write,
                expected_version,
                now,
                minutes,
                ..
            } => {
                let started = std::time::Instant::now();
                let result = self.write(&write, expected_version, now, minutes);
                let ms = started.elapsed().as_millis() as u64;
                tracing::info!(write = %write.describe(), ok = result.is_ok(), ms, "write");
                if let Err(e) = &result {
                    tracing::warn!(error = %e.message(), "write not applied");
                }

                let replied = match (&write, &result) {
                    (Command::Reply { id, .. } | Command::ApplyMacro { id, .. }, Ok(_)) => Some(*id),
                    _ => None,
                };
                self.send(Answer::Written {
                    write: Box::new(write),
                    result: Box::new(result),
                });
                if let Some(id) = replied {
                    self.mail_replies(id, now);
                }
                // A write can find that locks are not (or again) shared.
                self.survey_team();
            }
        }
    }

    fn write(
        &mut self,
        write: &Command,
        expected: Option<Version>,
        now: i64,
        minutes: Option<u32>,
    ) -> WriteResult {
        let actor = self.actor.clone();
        let r = self
            .store
            .execute(write, Stamp::new(&actor, expected, now).spending(minutes));
        match r {
            Ok(done) => Ok(done),
            Err(e @ StoreError::Conflict { found, .. }) => Err(WriteFailure::Conflict {
                message: e.to_string(),
                found,
            }),
            Err(e @ StoreError::Locked) => Err(WriteFailure::Locked(e.to_string())),
            Err(e) => Err(WriteFailure::Failed(self.store.second_opinion(e).to_string())),
        }
    }
}

/// Why a write was not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteFailure {
    /// Someone else changed the request first; `found` is its version now.
    Conflict {
        message: String,
        found: Version,
    },
    /// Another user held the lock for longer than the busy timeout.
    Locked(String),
    Failed(String),
}

impl WriteFailure {
    pub fn message(&self) -> &str {
        match self {
            WriteFailure::Conflict { message, .. }
            | WriteFailure::Locked(message)
            | WriteFailure::Failed(message) => message,
        }
    }
}

pub type WriteResult = Result<crate::domain::command::Done, WriteFailure>;
