//! The app's state and its one update function. Nothing here draws or
//! touches the database: reads and writes go to the worker as jobs, and
//! their results come back as actions.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::{Position, Rect};

use super::action::Action;
use super::dialogs::{self, Submit};
use super::form::{FieldId, Form, FormOutcome, Purpose, Suggest};
use super::keymap::{self, Binding};
use super::layout::{self, Pane};
use super::openers::{OnRequest, Opened};
use super::popup::conflict::{Conflict, ConflictOutcome};
use super::popup::help::{Help, HelpOutcome};
use super::popup::inbox::{InboxList, InboxOutcome};
use super::popup::palette::{Palette, PaletteOutcome};
use super::queue_window::QueueWindow;
use super::ui::theme::Theme;
use super::view::ViewId;

use super::worker::{Answer, Command, Detail, FileFacts, Job, MailFacts, Work, WriteFailure};
use crate::domain::command::Done;
use crate::domain::ids::{RequestId, Version};
use crate::domain::kpi::Dashboard;
use crate::domain::query::Query;
use crate::domain::query_completion::{complete, Names};
use crate::domain::saved_view::SavedView;
use crate::domain::{Person, Request, Role};
use crate::store::share::{Activity, Announcement};
use crate::store::{AssigneeFilter, Escalation, Page, QueueFilter, QueueSort, Satisfaction};

/// A write that has not finished after this long is waiting on someone
/// else's lock, and the header says so.
const LOCK_WAIT_NOTICE: Duration = Duration::from_millis(400);

/// How far back the satisfaction pane looks for a view of open requests.
pub const SCORES_DAYS: i64 = 30;

/// The requests whose ratings the satisfaction pane shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoresScope {
    pub filter: QueueFilter,
    /// Only ratings given since then.
    pub rated_since: Option<i64>,
}

/// Filters the user added on top of the view (`f`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraFilter {
    pub status: Option<crate::domain::Status>,
    pub priority: Option<crate::domain::Priority>,
    pub department: Option<String>,
    pub team: Option<String>,
    pub assignee: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Modal {
    Help(Help),
    /// The lead's KPI dashboard; None while it loads.
    Dashboard(Option<Box<Dashboard>>),
    /// Every command by name (`:` or Ctrl-P).
    Palette(Palette),
    Form(Box<Form>),
    Conflict(Box<Conflict>),
    /// The selected request's SLA clock explained, as lines.
    Explain(Vec<String>),
    /// The person's inbox.
    Inbox(InboxList),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    pub until: i64,
}

/// Demo data is loaded into a file: a team's server desk is no place to
/// look around in.
pub const DEMO_ON_A_SERVER: &str = "To look around first: frontdesk --db demo.db init --demo 300";

pub struct App {
    pub db_label: String,
    pub actor: String,
    pub facts: FileFacts,
    pub now: i64,
    pub size: (u16, u16),
    pub view: ViewId,
    pub extra: ExtraFilter,
    pub search: String,
    pub searching: bool,
    /// The search box read as the query language: its last reading that
    /// made sense (a half-typed `status:op` keeps the one before), and
    /// why the text as it stands does not.
    pub query: Query,
    pub query_error: Option<String>,
    /// The person's saved views and the team's (from the desk), and the
    /// one open, if any: its query is the queue's, the search adds to it.
    pub saved_views: Vec<SavedView>,
    pub saved: Option<SavedView>,
    /// The scores pane waits for the search being typed.
    scores_wanted: bool,
    pub sort: QueueSort,
    pub queue: QueueWindow,
    pub escalations: Vec<Escalation>,
    /// The service targets at risk or missed, named in the lead's view.
    pub targets_at_risk: Vec<String>,
    /// The requester and subject last asked about for possible duplicates.
    duplicates_asked: Option<(String, String)>,
    /// How each team with a setting assigns its work.
    pub assign_modes: Vec<(String, crate::domain::team::AssignMode)>,
    /// The team's templates (`n` offers them).
    pub templates: Vec<crate::domain::template::Template>,
    /// The custom fields the desk defines (the new-request form asks for
    /// each; the search box knows them).
    pub custom_fields: Vec<crate::domain::custom_field::CustomField>,
    /// The knowledge base (a reply offers what speaks to its request).
    pub answers: Vec<crate::domain::answer::Answer>,
    /// Unread items in the person's inbox (None until first read).
    pub unread: Option<i64>,
    /// How the person asked to hear of news while the app is open.
    pub notify: Option<crate::config::Notify>,
    /// A notification for the terminal to give (the runtime takes it).
    pub ring: Option<String>,
    /// Absolute index of the selected row, and the first row shown.
    pub selected: usize,
    pub top: usize,
    pub selected_id: Option<RequestId>,
    pub detail: Option<Detail>,
    pub detail_scroll: u16,
    pub scores: Option<Satisfaction>,
    pub people: Vec<Person>,
    /// Staff with an absence on record (whether it is over is asked at
    /// `now`).
    absent: Vec<Person>,
    pub teams: Vec<String>,
    /// Categories in use, to complete the field with.
    pub categories: Vec<String>,
    /// Tags in use, most used first, to complete queries with.
    pub tags: Vec<String>,
    /// The team's macros (`M`).
    pub macros: Vec<crate::domain::canned::Macro>,
    /// The desk's SLA targets, once loaded.
    pub sla: Option<crate::domain::sla::SlaPolicy>,
    /// Requests in the whole file, for the empty state.
    pub request_count: Option<usize>,
    pub focus: Pane,
    pub modal: Option<Modal>,
    pub message: Option<Message>,
    pub lock_wait: bool,
    /// The other copies that have the desk open, from their announcements.
    pub others: Vec<Announcement>,
    /// What the others were last told this copy is doing.
    announced_activity: Option<Activity>,
    /// Text from writes that were dropped (a lost race), by request and
    /// dialog: the dialog opens with it again, so nothing typed is lost.
    drafts: std::collections::HashMap<(RequestId, Purpose), String>,
    /// Text waiting to be written in the person's editor (Ctrl-E in a
    /// multi-line field); the runtime takes it, runs the editor and sends
    /// the result back as `Action::EditedExternally`.
    pub external_edit: Option<String>,
    /// Ctrl-Z was pressed: the runtime hands the terminal back to the
    /// shell, stops, and restores everything on `fg`.
    pub suspend: bool,
    /// What the request a dialog names is (the merge target as it is
    /// typed): its id, and its subject and status, or None if none.
    pub peeked: Option<(RequestId, Option<String>)>,
    /// A reply or note was just added: show the history's end when the
    /// request comes back, so the new event is on screen.
    show_history_end: Option<RequestId>,
    pub quit_asked: bool,
    /// Requests marked for a bulk change (Space, v, *), with the version
    /// each was at when marked: a bulk change is based on those.
    pub marked: std::collections::BTreeMap<RequestId, Version>,
    /// Where the last Space was, for `v` to mark up to.
    mark_anchor: Option<usize>,
    /// A change waiting for `y` to be applied to every marked request.
    pub bulk_asked: Option<Command>,
    pub should_quit: bool,
    /// Replies waiting in the outbox, and when mail last arrived.
    pub mail: MailFacts,
    /// Working hours without mail before the header says so (0: never).
    pub silence_hours: u32,
    /// Where attachments are saved (the downloads folder).
    pub downloads: std::path::PathBuf,
    /// Something changed since the last frame.
    pub dirty: bool,
    pub bindings: Vec<Binding>,
    pub theme: Theme,
    writing_since: Option<Instant>,
    pending_select: Option<RequestId>,
    jobs: Sender<Job>,
    sent_seq: u64,
    done_seq: u64,
}

impl App {
    pub fn new(
        db_label: String,
        actor: String,
        facts: FileFacts,
        jobs: Sender<Job>,
        now: i64,
        size: (u16, u16),
        view: ViewId,
    ) -> App {
        let mut app = App {
            db_label,
            actor,
            facts,
            now,
            size,
            view,
            extra: ExtraFilter::default(),
            search: String::new(),
            query: Query::default(),
            query_error: None,
            saved_views: Vec::new(),
            saved: None,
            searching: false,
            scores_wanted: false,
            sort: view.default_sort(),
            queue: QueueWindow::default(),
            escalations: Vec::new(),
            targets_at_risk: Vec::new(),
            duplicates_asked: None,
            assign_modes: Vec::new(),
            templates: Vec::new(),
            custom_fields: Vec::new(),
            answers: Vec::new(),
            unread: None,
            notify: None,
            ring: None,
            selected: 0,
            top: 0,
            selected_id: None,
            detail: None,
            detail_scroll: 0,
            scores: None,
            people: Vec::new(),
            absent: Vec::new(),
            teams: Vec::new(),
            categories: Vec::new(),
            tags: Vec::new(),
            macros: Vec::new(),
            sla: None,
            request_count: None,
            focus: Pane::Queue,
            modal: None,
            message: None,
            lock_wait: false,
            others: Vec::new(),
            announced_activity: None,
            show_history_end: None,
            external_edit: None,
            suspend: false,
            peeked: None,
            drafts: Default::default(),
            quit_asked: false,
            marked: std::collections::BTreeMap::new(),
            mark_anchor: None,
            bulk_asked: None,
            should_quit: false,
            mail: MailFacts::default(),
            silence_hours: crate::domain::mail::DEFAULT_SILENCE_HOURS,
            downloads: default_downloads(),
            dirty: true,
            bindings: keymap::bindings(),
            theme: Theme::default(),
            writing_since: None,
            pending_select: None,
            jobs,
            sent_seq: 0,
            done_seq: 0,
        };
        app.send(Work::Directory);
        if view == ViewId::Escalations {
            app.send(Work::TargetsAtRisk { now });
        }
        app.reload_queue();
        app
    }

    /// Replies to requests that came by mail leave through `mailer`.
    /// This copy's changes are told to `hooks` as they commit.
    pub fn use_hooks(&mut self, hooks: Vec<crate::config::HookConfig>) {
        let _ = self.jobs.send(Job {
            seq: 0,
            work: Work::UseHooks(hooks),
        });
    }

    pub fn use_mailer(&mut self, mailer: crate::mail::Mailer) {
        let _ = self.jobs.send(Job {
            seq: 0,
            work: Work::UseMailer(Box::new(mailer)),
        });
    }

    /// The worker has answered every job sent so far.
    pub fn is_idle(&self) -> bool {
        self.done_seq >= self.sent_seq
    }

    fn send(&mut self, work: Work) {
        self.sent_seq += 1;
        // A closed channel means the worker died; the next draw shows the
        // error it sent before it went.
        let _ = self.jobs.send(Job {
            seq: self.sent_seq,
            work,
        });
    }

    /// The filter of the view, the user's extra filters and the search.
    pub fn filter(&self) -> QueueFilter {
        // A saved view says everything in its query.
        let mut f = if self.saved.is_some() {
            QueueFilter {
                now: self.now,
                ..QueueFilter::default()
            }
        } else {
            self.view.filter(&self.actor, self.now)
        };
        let e = &self.extra;
        if let Some(s) = e.status {
            f.statuses = vec![s];
        }
        if let Some(p) = e.priority {
            f.priorities = vec![p];
        }
        if e.department.is_some() {
            f.department = e.department.clone();
        }
        if e.team.is_some() {
            f.team = e.team.clone();
        }
        if let Some(a) = &e.assignee {
            f.assignee = AssigneeFilter::Named(a.clone());
        }
        f.refined(self.query.clone())
    }

    /// Whether member of staff `name` is away now, and until when (with
    /// their cover), as the screens say it.
    pub fn absence_of(&self, name: &str) -> Option<String> {
        let p = self.absent.iter().find(|p| p.name.eq_ignore_ascii_case(name))?;
        crate::domain::team::absence(p.away_until, p.cover.as_deref(), self.now)
    }

    /// An assignee as a queue row shows them: marked ✈ when they are
    /// away (their requests are covered meanwhile), before the name so a
    /// narrow column keeps the mark.
    pub fn assignee_cell(&self, name: Option<&str>) -> String {
        match name {
            None => "-".into(),
            Some(n) if self.absence_of(n).is_some() => format!("✈ {n}"),
            Some(n) => n.to_string(),
        }
    }

    /// The macros' names, for completing the macro field.
    fn macro_names(&self) -> Vec<String> {
        self.macros.iter().map(|m| m.name.clone()).collect()
    }

    /// The desk's names the search box completes values from.
    fn names(&self) -> Names {
        let mut departments: Vec<String> = self.people.iter().filter_map(|p| p.department.clone()).collect();
        departments.sort();
        departments.dedup();
        let (staff, requesters): (Vec<&Person>, Vec<&Person>) =
            self.people.iter().partition(|p| p.role != Role::Requester);
        Names {
            staff: staff.iter().map(|p| p.name.clone()).collect(),
            requesters: requesters.iter().map(|p| p.name.clone()).collect(),
            teams: self.teams.clone(),
            departments,
            categories: self.categories.clone(),
            tags: self.tags.clone(),
        }
    }

    /// The question the footer asks before a bulk change.
    pub fn bulk_question(&self) -> Option<String> {
        let template = self.bulk_asked.as_ref()?;
        let n = self.marked.len();
        // Short enough for an 80-column footer: the count and the change
        // first, the keys after (all or none: one changed meanwhile stops
        // them all).
        Some(format!(
            "{n} marked: {}? y all (or none) · other key: cancel",
            template.describe()
        ))
    }

    /// Sends `template` for every marked request, each at the version it
    /// was marked at, as one change.
    fn send_bulk(&mut self, template: &Command) {
        let commands: Vec<(Command, Option<Version>)> = self
            .marked
            .iter()
            .filter_map(|(&id, &version)| template.for_request(id).map(|c| (c, Some(version))))
            .collect();
        self.writing_since = Some(Instant::now());
        let now = self.now;
        self.send(Work::Bulk { commands, now });
    }

    /// Marks or unmarks the selected request (Space), marks every request
    /// from the last Space to here (`v`), or every request of the view
    /// (`*`, asked of the worker).
    fn mark(&mut self, action: &Action) {
        let row = |app: &App, index: usize| {
            index
                .checked_sub(app.queue.offset)
                .and_then(|i| app.queue.rows.get(i))
                .map(|r| (r.id, r.version))
        };
        match action {
            Action::Mark => {
                if let Some((id, version)) = row(self, self.selected) {
                    if self.marked.remove(&id).is_none() {
                        self.marked.insert(id, version);
                    }
                    self.mark_anchor = Some(self.selected);
                    self.move_to(self.selected + 1);
                }
            }
            Action::MarkRange => {
                let from = self.mark_anchor.unwrap_or(self.selected);
                let (a, b) = (from.min(self.selected), from.max(self.selected));
                for index in a..=b {
                    if let Some((id, version)) = row(self, index) {
                        self.marked.insert(id, version);
                    }
                }
                self.mark_anchor = Some(self.selected);
            }
            _ => {
                let filter = self.filter();
                let sort = self.sort;
                self.send(Work::MarkAll { filter, sort });
            }
        }
    }

    /// Reads the search box as a query; a reading that fails keeps the
    /// last one and says why.
    fn read_query(&mut self) {
        let saved = self.saved.as_ref().map(|v| v.query.as_str()).unwrap_or_default();
        let text = format!("{saved} {}", self.search_in_force().unwrap_or_default());
        match Query::parse_with(&text, &self.custom_fields) {
            Ok(q) => (self.query, self.query_error) = (q.for_person(&self.actor), None),
            Err(e) => {
                // A term still being typed (`status:op`) leaves in force
                // what the line says without it, never a half-word search.
                if self.searching {
                    let before = text
                        .trim_end()
                        .rsplit_once(char::is_whitespace)
                        .map_or("", |(b, _)| b);
                    if let Ok(q) = Query::parse_with(before, &self.custom_fields) {
                        self.query = q.for_person(&self.actor);
                    }
                }
                self.query_error = Some(e.to_string());
            }
        }
    }

    /// What the queue shows, in the query language: the view's scope (or
    /// the saved view's own query), the filters on top, and the search —
    /// what `V` keeps, so the saved view shows the requests on screen.
    fn shown_as_query(&self) -> Result<String, String> {
        use crate::domain::query::quoted;
        let scope = match &self.saved {
            Some(v) => v.query.clone(),
            None => self
                .view
                .scope_query()
                .ok_or("the follow-up calls' view cannot be kept as a query; search in another view")?
                .to_string(),
        };
        let e = &self.extra;
        // A filter's status or assignee stands in for the scope's.
        let replaced = |term: &str| {
            (e.status.is_some() && term.starts_with("status:"))
                || (e.assignee.is_some() && term.starts_with("assignee:"))
        };
        let mut terms: Vec<String> = scope
            .split_whitespace()
            .filter(|t| !replaced(t))
            .map(str::to_string)
            .collect();
        if let Some(s) = e.status {
            terms.push(format!("status:{s}"));
        }
        if let Some(p) = e.priority {
            terms.push(format!("priority:{p}"));
        }
        if let Some(d) = &e.department {
            terms.push(format!("dept:{}", quoted(d)));
        }
        if let Some(t) = &e.team {
            terms.push(format!("team:{}", quoted(t)));
        }
        if let Some(a) = &e.assignee {
            terms.push(format!("assignee:{}", quoted(a)));
        }
        terms.push(self.search.trim().to_string());
        Ok(terms.join(" "))
    }

    /// What the queue shows, by name: the saved view open, or the
    /// built-in one.
    pub fn view_title(&self) -> &str {
        self.saved.as_ref().map_or(self.view.title(), |v| v.name.as_str())
    }

    /// Opens the saved view the number key `digit` stands for, if the
    /// person has one there; whether there was one.
    fn open_saved_view(&mut self, digit: u8) -> bool {
        let Some(view) = self.saved_views.iter().find(|v| v.key == Some(digit)).cloned() else {
            return false;
        };
        self.sort = view
            .sort
            .as_deref()
            .and_then(|s| s.parse().ok())
            .unwrap_or_default();
        self.saved = Some(view);
        self.focus = Pane::Queue;
        self.restart_queue();
        true
    }

    /// The search the queue is filtered by. While it is being typed, one
    /// letter is not searched for yet: a word starting with `p` is half of
    /// a large desk, and the second letter comes a moment later. One
    /// Chinese, Japanese or Korean character is a word, and is searched.
    pub fn search_in_force(&self) -> Option<&str> {
        let typed = self.search.trim();
        let mut chars = typed.chars();
        let one_letter = match (chars.next(), chars.next()) {
            (None, _) => return None,
            (Some(c), None) => !crate::domain::text::is_unspaced_script(c),
            _ => false,
        };
        (!(self.searching && one_letter)).then_some(typed)
    }

    /// A search is typed but not yet in force (one letter so far).
    pub fn search_waits(&self) -> bool {
        self.search_in_force().is_none() && !self.search.trim().is_empty()
    }

    /// Whose ratings the satisfaction pane shows. Work in progress has
    /// none yet, so for a view of open requests it shows the ratings of the
    /// same people, team or department over the last 30 days, whatever the
    /// requests' status now.
    pub fn scores_scope(&self) -> ScoresScope {
        let mut filter = self.filter();
        if !filter.in_progress_only() {
            return ScoresScope {
                filter,
                rated_since: None,
            };
        }
        filter.statuses.clear();
        filter.due = None;
        filter.follow_up = false;
        filter.rated = None;
        ScoresScope {
            filter,
            rated_since: Some(self.now - SCORES_DAYS * 86_400),
        }
    }

    fn queue_height(&self) -> usize {
        layout::queue_rows(self.size.0, self.size.1, self.focus, self.facts.refusal.is_some())
    }

    fn reload_queue(&mut self) {
        if self.view == ViewId::Escalations {
            self.send(Work::Escalations);
        } else {
            self.fetch_window();
        }
        // Scores are slower than the queue and matter less while a search
        // is typed: they follow once the typing stops (next tick, or Enter).
        if self.searching {
            self.scores_wanted = true;
        } else {
            self.reload_scores();
        }
    }

    fn reload_scores(&mut self) {
        self.scores_wanted = false;
        let ScoresScope { filter, rated_since } = self.scores_scope();
        self.send(Work::Scores { filter, rated_since });
    }

    /// Asks for the window of the queue that starts at `queue.offset`,
    /// read afresh.
    fn fetch_window(&mut self) {
        let skip = self.queue.offset;
        self.fetch_page(Page::Top { skip }, super::queue_window::WINDOW, None);
    }

    fn fetch_page(&mut self, page: Page, limit: usize, total: Option<usize>) {
        let (filter, sort) = (self.filter(), self.sort);
        self.send(Work::Queue {
            filter,
            sort,
            page,
            limit,
            total,
        });
    }

    /// Asks for the rows around the selection that the window lacks.
    fn scroll_window(&mut self) {
        let (page, limit) = self.queue.page_around(self.selected);
        self.queue.loaded = false;
        // Scrolling does not change the queue's length; a change by anyone
        // reloads the window, and counts again.
        let total = self.queue.total;
        self.fetch_page(page, limit, Some(total));
    }

    /// Starts the queue again from the top (new view, filter, search or sort).
    fn restart_queue(&mut self) {
        self.read_query();
        self.queue.offset = 0;
        self.selected = 0;
        self.top = 0;
        self.pending_select = None;
        self.reload_queue();
    }

    fn reload_detail(&mut self) {
        if let Some(id) = self.selected_id {
            self.send(Work::Detail { id });
        }
    }

    fn reload_everything(&mut self) {
        self.reload_queue();
        self.reload_detail();
        self.send(Work::Directory);
        if matches!(self.modal, Some(Modal::Inbox(_))) {
            self.send(Work::Inbox);
        }
    }

    /// Puts the next answer the reply was offered (after the one in it
    /// now) in the reply, its variables filled, for editing.
    fn insert_answer(&mut self, form: &mut Form) {
        if form.offered.is_empty() {
            form.error = Some("no answer speaks to this request's subject (`frontdesk answers add`)".into());
            return;
        }
        let next = form
            .answer
            .and_then(|n| form.offered.iter().position(|(number, _)| *number == n))
            .map_or(0, |i| (i + 1) % form.offered.len());
        let number = form.offered[next].0;
        let Some(a) = self.answers.iter().find(|a| a.number == number) else {
            return;
        };
        let text = match self.current() {
            Some(r) => crate::domain::canned::Macro::fill(&a.body, r, &self.actor, self.now),
            None => a.body.clone(),
        };
        if let Some(f) = form.field_mut(FieldId::Reply) {
            f.set_text(&text);
        }
        form.answer = Some(number);
        form.error = None;
    }

    /// Shows request `id` in the detail pane.
    fn go_to_request(&mut self, id: RequestId) {
        self.selected_id = Some(id);
        self.focus = Pane::Detail;
        self.send(Work::Detail { id });
    }

    /// The selected request as last loaded (the detail if it is loaded, so
    /// writes name the version the user is looking at).
    pub fn current(&self) -> Option<&Request> {
        let id = self.selected_id?;
        match &self.detail {
            Some(d) if d.request.id == id => Some(&d.request),
            _ => self.queue.get(self.selected).filter(|r| r.id == id),
        }
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
            until: self.now + 5,
        });
    }

    fn complain(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
            until: self.now + 8,
        });
    }

    pub fn update(&mut self, action: Action) {
        self.handle(action);
        self.announce_activity();
    }

    /// Tells the other copies when this one starts or stops writing a
    /// reply or a note, so two people do not answer one caller twice.
    fn announce_activity(&mut self) {
        let activity = match &self.modal {
            Some(Modal::Form(f)) if !f.sending => match (f.purpose, f.request) {
                (Purpose::Reply, Some((id, _))) => Some(Activity::Replying(id)),
                (Purpose::Note, Some((id, _))) => Some(Activity::Noting(id)),
                _ => None,
            },
            _ => None,
        };
        if activity != self.announced_activity {
            self.announced_activity = activity;
            self.send(Work::Announce { activity });
        }
    }

    /// Every filter and search on top of the view, as short chips for the
    /// header and the empty state: what hides requests is always shown.
    pub fn chips(&self) -> Vec<String> {
        let e = &self.extra;
        let mut chips = Vec::new();
        if let Some(s) = e.status {
            chips.push(format!("status {s}"));
        }
        if let Some(p) = e.priority {
            chips.push(p.to_string());
        }
        if let Some(d) = &e.department {
            chips.push(format!("dept {d}"));
        }
        if let Some(t) = &e.team {
            chips.push(format!("team {t}"));
        }
        if let Some(a) = &e.assignee {
            chips.push(format!("@{a}"));
        }
        if self.searching {
            chips.push(format!("/{}▏", self.search));
        } else if !self.search.is_empty() {
            // Once typed, the query as it was read, a chip per field.
            chips.extend(self.query.chips().into_iter().map(|c| {
                if c.contains(':') {
                    c
                } else {
                    format!("/{c}")
                }
            }));
        }
        chips
    }

    /// What another copy is doing on the request `id`, for the detail pane.
    pub fn others_on(&self, id: RequestId) -> Vec<String> {
        self.others
            .iter()
            .filter_map(|a| match a.activity {
                Some(Activity::Replying(r)) if r == id => Some(format!("{} is replying…", a.user)),
                Some(Activity::Noting(r)) if r == id => Some(format!("{} is writing a note…", a.user)),
                _ => None,
            })
            .collect()
    }

    fn handle(&mut self, action: Action) {
        let was_dirty = self.dirty;
        self.dirty = true;
        match action {
            Action::Key(key) => self.on_key(key),
            Action::Paste(text) => self.on_paste(&text),
            Action::Suspend => self.suspend = true,
            Action::Mouse(m) => self.on_mouse(m),
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.keep_selection_visible();
            }
            Action::Tick(now) => {
                let changed = self.on_tick(now);
                self.dirty = was_dirty || changed;
            }
            Action::Answer(answer) => self.on_answer(answer, was_dirty),
            Action::EditedExternally(result) => match (result, &mut self.modal) {
                (Ok(text), Some(Modal::Form(form))) => {
                    let at = form.focus;
                    if let Some(field) = form.fields.get_mut(at).filter(|f| f.is_multiline()) {
                        field.set_text(text.trim_end_matches('\n'));
                    }
                }
                (Err(why), _) => self.complain(format!("the editor did not run: {why}")),
                _ => {}
            },
            other => self.on_command(other),
        }
    }

    /// What the worker answered.
    fn on_answer(&mut self, answer: Answer, was_dirty: bool) {
        match answer {
            Answer::Done(seq) => {
                self.done_seq = self.done_seq.max(seq);
                self.dirty = was_dirty;
            }
            Answer::QueueLoaded {
                offset,
                rows,
                total,
                next_to,
            } => self.on_queue(offset, rows, total, next_to),
            Answer::TargetsAtRisk(names) => self.targets_at_risk = names,
            Answer::EscalationsLoaded(rows) => {
                let requests = rows.iter().map(|e| e.request.clone()).collect::<Vec<_>>();
                let total = requests.len();
                self.escalations = rows;
                self.on_queue(0, requests, total, None);
            }
            Answer::DetailLoaded(detail) => {
                if Some(detail.request.id) == self.selected_id {
                    let same = self
                        .detail
                        .as_ref()
                        .is_some_and(|d| d.request.id == detail.request.id);
                    if !same {
                        self.detail_scroll = 0;
                    }
                    let id = detail.request.id;
                    self.detail = Some(*detail);
                    if self.show_history_end == Some(id) {
                        self.show_history_end = None;
                        self.detail_scroll = self.detail_end();
                    }
                }
            }
            Answer::Peeked(id, found) => self.peeked = Some((id, found)),
            Answer::Duplicates {
                requester,
                subject,
                found,
            } => {
                let now = self.now;
                if let Some(Modal::Form(form)) = &mut self.modal {
                    let still = form.purpose == Purpose::NewRequest
                        && form.value(FieldId::Requester) == requester
                        && form.value(FieldId::Subject) == subject;
                    if still {
                        dialogs::offer_duplicates(form, &found, now);
                    }
                }
            }
            Answer::DetailGone(id) => {
                if self.selected_id == Some(id) {
                    self.detail = None;
                }
            }
            Answer::ScoresLoaded(s) => self.scores = Some(*s),
            Answer::DashboardLoaded(d) => {
                if let Some(Modal::Dashboard(slot)) = &mut self.modal {
                    *slot = Some(d);
                }
            }
            Answer::DirectoryLoaded {
                unread,
                team_kept,
                people,
                teams,
                categories,
                tags,
                views,
                macros,
                requests,
                policy,
            } => {
                self.tags = tags;
                self.macros = macros;
                self.saved_views = views;
                self.sla = Some(*policy);
                // The few with an absence on record, so each queue row
                // drawn does not search everyone the desk knows.
                self.absent = people
                    .iter()
                    .filter(|p| p.away_until.is_some())
                    .cloned()
                    .collect();
                self.people = people;
                self.teams = teams;
                self.categories = categories;
                self.request_count = Some(requests);
                let kept = *team_kept;
                self.assign_modes = kept.assign_modes;
                self.templates = kept.templates;
                self.custom_fields = kept.fields;
                self.answers = kept.answers;
                // News while the app is open rings, when the person asked.
                if self.unread.is_some_and(|before| unread > before) {
                    self.ring = self
                        .notify
                        .map(|_| format!("{unread} unread in your Frontdesk inbox"));
                }
                self.unread = Some(unread);
            }
            Answer::InboxLoaded(items) => {
                if let Some(Modal::Inbox(inbox)) = &mut self.modal {
                    inbox.selected = inbox.selected.min(items.len().saturating_sub(1));
                    inbox.items = Some(items);
                }
            }
            Answer::ChangedElsewhere => self.reload_everything(),
            Answer::MailState(mail) => self.mail = mail,
            Answer::Told(text) => self.say(text),
            Answer::Saved(saved) => match *saved {
                Ok(path) => {
                    self.form_answered(Ok(()));
                    self.say(format!("saved to {}", crate::domain::text::inert_line(&path)));
                }
                Err(why) => self.form_answered(Err(why)),
            },
            Answer::MarkedAll(all) => {
                self.marked.extend(all);
                self.say(format!("{} marked", self.marked.len()));
            }
            Answer::BulkDone(result) => {
                self.writing_since = None;
                match *result {
                    Ok(n) => {
                        self.say(format!("{n} of {} marked requests changed", self.marked.len()));
                        self.marked.clear();
                        self.reload_everything();
                    }
                    Err(why) => self.complain(format!("{why}; nothing was applied, the marks are kept")),
                }
            }
            Answer::TeamSeen { refusal, others } => {
                let changed = (&self.facts.refusal, &self.others) != (&refusal, &others);
                self.facts.refusal = refusal;
                self.others = others;
                self.dirty = was_dirty || changed;
            }
            Answer::Written { write, result } => self.on_written(*write, *result),
            Answer::Failed(text) => self.complain(text),
        }
    }

    /// Polls for others' changes; returns whether the screen must be
    /// redrawn (due times move by the minute; notices come and go).
    fn on_tick(&mut self, now: i64) -> bool {
        let before = (self.now / 60, self.lock_wait, self.message.is_some());
        self.now = now;
        self.send(Work::Poll { now });
        if self.scores_wanted {
            self.reload_scores();
        }
        self.lock_wait = self
            .writing_since
            .is_some_and(|t| t.elapsed() >= LOCK_WAIT_NOTICE);
        if self.message.as_ref().is_some_and(|m| m.until <= now) {
            self.message = None;
        }
        before != (self.now / 60, self.lock_wait, self.message.is_some())
    }

    fn on_queue(&mut self, offset: usize, rows: Vec<Request>, total: usize, next_to: Option<RequestId>) {
        self.queue.receive(offset, rows, total, next_to, self.selected);
        let want = self.pending_select.or(self.selected_id);
        if let Some(i) = want.and_then(|id| self.queue.rows.iter().position(|r| r.id == id)) {
            self.selected = offset + i;
            if self.pending_select.take().is_some() {
                self.keep_selection_visible();
            }
        }
        self.selected = self.selected.min(total.saturating_sub(1));
        self.keep_selection_visible();
        self.sync_selected_id();
    }

    /// After the selection moved: remember which request it is, fetch its
    /// detail, and fetch another window if the selection nears the edge.
    fn sync_selected_id(&mut self) {
        let id = self.queue.get(self.selected).map(|r| r.id);
        if id.is_some() && id != self.selected_id {
            self.selected_id = id;
            self.detail_scroll = 0;
            self.reload_detail();
        } else if self.queue.total == 0 {
            self.selected_id = None;
            self.detail = None;
        }
        if self.view != ViewId::Escalations && self.queue.wants_rows_around(self.selected) {
            self.scroll_window();
        }
    }

    fn keep_selection_visible(&mut self) {
        let h = self.queue_height();
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + h {
            self.top = self.selected + 1 - h;
        }
        let max_top = self.queue.total.saturating_sub(h);
        self.top = self.top.min(max_top);
    }

    fn move_to(&mut self, index: usize) {
        let last = self.queue.total.saturating_sub(1);
        self.selected = index.min(last);
        self.keep_selection_visible();
        self.sync_selected_id();
    }

    /// As the merge target is typed, asks what request it is, so the
    /// dialog names it before anything is merged.
    fn peek_target(&mut self, form: &Form) {
        if form.purpose == Purpose::NewRequest {
            // What the request may repeat, as its requester and subject
            // are typed.
            let asked = (form.value(FieldId::Requester), form.value(FieldId::Subject));
            if self.duplicates_asked.as_ref() != Some(&asked) && !asked.1.trim().is_empty() {
                self.duplicates_asked = Some(asked.clone());
                self.send(Work::Duplicates {
                    requester: asked.0,
                    subject: asked.1,
                    now: self.now,
                });
            }
            return;
        }
        if form.purpose != Purpose::Merge {
            return;
        }
        let Ok(id) = form
            .value(FieldId::Target)
            .trim()
            .trim_start_matches('#')
            .parse::<RequestId>()
        else {
            return;
        };
        if self.peeked.as_ref().is_none_or(|(p, _)| *p != id) {
            self.send(Work::Peek { id });
        }
    }

    /// Pasted text goes whole into what is being typed (a dialog's field,
    /// the search box) and is never read as keys: a pasted `q` or newline
    /// must not quit, submit or move the queue.
    fn on_paste(&mut self, text: &str) {
        match &mut self.modal {
            Some(Modal::Form(form)) => form.paste(text),
            Some(_) => {}
            None if self.searching => {
                let joined: String = text.split(['\n', '\r']).collect::<Vec<_>>().join(" ");
                // The search box holds at most 200 characters, as typed.
                let room = 200usize.saturating_sub(self.search.chars().count());
                self.search
                    .extend(joined.chars().filter(|c| !c.is_control()).take(room));
                self.message = None;
                self.restart_queue();
            }
            None => self.say("nothing takes a paste here: open a dialog or the search box first"),
        }
    }

    fn on_key(&mut self, key: KeyEvent) {
        // Ctrl-Z suspends from anywhere, a dialog included, as in vim.
        if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
            self.suspend = true;
            return;
        }
        if let Some(template) = self.bulk_asked.take() {
            if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                self.send_bulk(&template);
            } else {
                self.say("nothing was changed; the marks are kept");
            }
            return;
        }
        if self.quit_asked {
            self.quit_asked = false;
            if matches!(key.code, KeyCode::Char('y' | 'Y')) {
                self.should_quit = true;
            }
            return;
        }
        let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl_c {
            let unsaved = matches!(&self.modal, Some(Modal::Form(f)) if f.has_typed_text());
            if unsaved {
                self.quit_asked = true;
            } else {
                self.should_quit = true;
            }
            return;
        }
        match self.modal.take() {
            Some(Modal::Help(mut help)) => {
                if help.handle_key(key, |filter| self.help_end(filter)) == HelpOutcome::Open {
                    self.modal = Some(Modal::Help(help));
                }
                return;
            }
            Some(Modal::Dashboard(_) | Modal::Explain(_)) => return,
            Some(Modal::Inbox(mut inbox)) => {
                match inbox.handle_key(key) {
                    InboxOutcome::Open => self.modal = Some(Modal::Inbox(inbox)),
                    InboxOutcome::Closed => {}
                    InboxOutcome::Chosen(item) => {
                        if !item.read {
                            self.send_write(
                                Command::MarkRead {
                                    events: vec![item.event],
                                },
                                None,
                            );
                        }
                        self.go_to_request(item.request);
                    }
                    InboxOutcome::MarkAll => {
                        self.send_write(Command::MarkRead { events: Vec::new() }, None);
                        self.modal = Some(Modal::Inbox(inbox));
                    }
                }
                return;
            }
            Some(Modal::Palette(mut palette)) => {
                match palette.handle_key(key, &self.bindings) {
                    PaletteOutcome::Open => self.modal = Some(Modal::Palette(palette)),
                    PaletteOutcome::Closed => {}
                    PaletteOutcome::Run(action) => self.on_command(action),
                }
                return;
            }
            Some(Modal::Conflict(c)) => {
                match c.handle_key(key) {
                    ConflictOutcome::Open => self.modal = Some(Modal::Conflict(c)),
                    ConflictOutcome::Apply => self.send_write(c.write.clone(), Some(c.found)),
                    ConflictOutcome::Drop => match c.write.draft() {
                        Some((id, purpose, text)) => {
                            self.drafts.insert((id, purpose), text.to_string());
                            self.say("not sent; your text is kept and opens again with the same key");
                        }
                        None => self.say("your change was dropped"),
                    },
                }
                return;
            }
            Some(Modal::Form(mut form)) => {
                match form.handle_key(key) {
                    FormOutcome::Editing => {
                        self.peek_target(&form);
                        self.modal = Some(Modal::Form(form));
                    }
                    FormOutcome::Cancelled => {}
                    FormOutcome::Complete(i) => {
                        let macros = self.macro_names();
                        let templates: Vec<String> = self.templates.iter().map(|t| t.name.clone()).collect();
                        dialogs::complete(
                            &mut form,
                            i,
                            &self.people,
                            &self.teams,
                            &self.categories,
                            &macros,
                            &templates,
                        );
                        dialogs::apply_template(&mut form, i, &self.templates);
                        self.modal = Some(Modal::Form(form));
                    }
                    FormOutcome::Submit => self.submit(form),
                    FormOutcome::InsertAnswer => {
                        self.insert_answer(&mut form);
                        self.modal = Some(Modal::Form(form));
                    }
                    FormOutcome::EditExternally(i) => {
                        // The runtime leaves the screen to the editor, then
                        // comes back with the text.
                        self.external_edit = Some(form.fields[i].value());
                        self.modal = Some(Modal::Form(form));
                    }
                }
                return;
            }
            None => {}
        }
        if self.searching {
            match key.code {
                KeyCode::Esc => {
                    self.searching = false;
                    self.search.clear();
                    self.restart_queue();
                }
                KeyCode::Enter => {
                    // A one-letter search waits for Enter; the scores
                    // waited for the typing to stop.
                    let one_letter = self.search_waits();
                    self.searching = false;
                    if one_letter {
                        self.restart_queue();
                    } else if self.scores_wanted {
                        self.reload_scores();
                    }
                }
                KeyCode::Backspace => {
                    self.search.pop();
                    self.message = None;
                    self.restart_queue();
                }
                // As in every text field and a shell: Ctrl-U clears, Ctrl-W
                // takes the last word off.
                KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    self.search.clear();
                    self.message = None;
                    self.restart_queue();
                }
                KeyCode::Char('w') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    let kept = self.search.trim_end().len();
                    let word_start = self.search[..kept]
                        .rfind(char::is_whitespace)
                        .map_or(0, |i| i + 1);
                    self.search.truncate(word_start);
                    self.message = None;
                    self.restart_queue();
                }
                KeyCode::Tab => {
                    let done = complete(&self.search, &self.names());
                    if done.line != self.search {
                        self.search = done.line;
                        self.restart_queue();
                    }
                    if !done.options.is_empty() {
                        self.say(done.options.join("  "));
                    }
                }
                KeyCode::Char(c)
                    if !key.modifiers.contains(KeyModifiers::CONTROL)
                        && self.search.chars().count() < 200 =>
                {
                    self.search.push(c);
                    // What Tab offered was for the text before.
                    self.message = None;
                    self.restart_queue();
                }

                _ => {}
            }
            return;
        }
        if keymap::BACK.matches(&key) {
            if !self.marked.is_empty() {
                self.marked.clear();
                self.say("marks cleared");
            } else if self.focus != Pane::Queue {
                self.focus = Pane::Queue;
            } else if !self.search.is_empty() {
                self.search.clear();
                self.restart_queue();
            }
            return;
        }
        // A number key the person gave one of their views opens it.
        if let KeyCode::Char(c @ '1'..='9') = key.code {
            if key.modifiers.is_empty() && self.open_saved_view(c as u8 - b'0') {
                return;
            }
        }
        if let Some(action) = keymap::action_for(&self.bindings, &key) {
            self.update(action);
        }
    }

    /// A click picks the request under it (or focuses the pane); the wheel
    /// scrolls the pane under it. Dialogs are for the keyboard.
    fn on_mouse(&mut self, m: MouseEvent) {
        if self.modal.is_some() || self.searching {
            return;
        }
        let screen = layout::screen(
            Rect::new(0, 0, self.size.0, self.size.1),
            self.focus,
            self.facts.refusal.is_some(),
        );
        let at = Position::new(m.column, m.row);
        let over = |pane: Option<Rect>| pane.filter(|r| r.contains(at));
        let wheel = match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Down),
            MouseEventKind::ScrollUp => Some(Action::Up),
            _ => None,
        };
        if let Some(step) = wheel {
            // The wheel scrolls (and focuses) the pane it is over.
            self.focus = if over(screen.detail).is_some() {
                Pane::Detail
            } else if over(screen.queue).is_some() {
                Pane::Queue
            } else {
                return;
            };
            for _ in 0..3 {
                self.on_command(step.clone());
            }
            return;
        }
        if let Some(queue) = over(screen.queue) {
            self.focus = Pane::Queue;
            // Inside the border and below the column heading.
            let first = queue.y + 2;
            let last = queue.y + queue.height.saturating_sub(1);
            if m.row >= first && m.row < last {
                let index = self.top + (m.row - first) as usize;
                if index < self.queue.total {
                    self.move_to(index);
                }
            }
        } else if over(screen.detail).is_some() {
            self.focus = Pane::Detail;
        } else if over(screen.scores).is_some() {
            self.focus = Pane::Scores;
        }
    }

    /// How far the help can scroll at this size with this filter.
    fn help_end(&self, filter: &str) -> u16 {
        let body = Rect::new(0, 1, self.size.0, self.size.1.saturating_sub(2));
        super::popup::help::furthest_scroll(self, body, filter)
    }

    /// How far the detail pane can scroll at this size: its history's end.
    fn detail_end(&self) -> u16 {
        let screen = layout::screen(
            Rect::new(0, 0, self.size.0, self.size.1),
            Pane::Detail,
            self.facts.refusal.is_some(),
        );
        screen
            .detail
            .map_or(0, |area| super::ui::detail::furthest_scroll(self, area))
    }

    /// Actions bound to keys.
    fn on_command(&mut self, action: Action) {
        let page = self.queue_height().max(1);
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.modal = Some(Modal::Help(Help::default())),
            Action::Palette => self.modal = Some(Modal::Palette(Palette::default())),
            // Keys act on the focused pane: in the detail they scroll it.
            Action::Down if self.focus == Pane::Detail => {
                self.detail_scroll = self.detail_scroll.saturating_add(1).min(self.detail_end());
            }
            Action::Up if self.focus == Pane::Detail => {
                self.detail_scroll = self.detail_scroll.min(self.detail_end()).saturating_sub(1);
            }
            Action::PageDown if self.focus == Pane::Detail => {
                self.detail_scroll = self.detail_scroll.saturating_add(10).min(self.detail_end());
            }
            Action::PageUp if self.focus == Pane::Detail => {
                self.detail_scroll = self.detail_scroll.min(self.detail_end()).saturating_sub(10);
            }
            Action::Top if self.focus == Pane::Detail => self.detail_scroll = 0,
            Action::Bottom if self.focus == Pane::Detail => self.detail_scroll = self.detail_end(),
            Action::Down => self.move_to(self.selected + 1),
            Action::Up => self.move_to(self.selected.saturating_sub(1)),
            Action::PageDown => self.move_to(self.selected + page),
            Action::PageUp => self.move_to(self.selected.saturating_sub(page)),
            Action::Top => self.move_to(0),
            Action::Bottom => self.move_to(self.queue.total.saturating_sub(1)),
            Action::NextPane => self.focus = self.focus.next(),
            Action::PrevPane => self.focus = self.focus.prev(),
            Action::Open => {
                // Enter on the detail pane follows its links.
                let has_links = self.detail.as_ref().is_some_and(|d| !d.request.links.is_empty());
                if self.focus == Pane::Detail && has_links {
                    self.on_request_command(Action::FollowLink);
                } else if self.selected_id.is_some() {
                    // Opened from the queue, a request starts at its top:
                    // subject and status first, whatever was read before.
                    if self.focus == Pane::Queue {
                        self.detail_scroll = 0;
                    }
                    self.focus = Pane::Detail;
                }
            }
            Action::ShowView(view) => {
                self.saved = None;
                self.view = view;
                if view == ViewId::Escalations {
                    self.send(Work::TargetsAtRisk { now: self.now });
                }
                self.sort = view.default_sort();
                self.focus = Pane::Queue;
                self.restart_queue();
            }
            Action::Search => self.searching = true,
            Action::ClearFilters => {
                self.extra = ExtraFilter::default();
                self.search.clear();
                self.searching = false;
                self.restart_queue();
            }
            Action::CycleSort => {
                let all = QueueSort::ALL;
                let i = all.iter().position(|s| *s == self.sort).unwrap_or(0);
                self.sort = all[(i + 1) % all.len()];
                self.restart_queue();
            }
            Action::Filter => self.modal = Some(Modal::Form(Box::new(dialogs::filter(&self.extra)))),
            Action::Mark | Action::MarkRange | Action::MarkAll => self.mark(&action),
            Action::SaveView => {
                if self.search.trim().is_empty() {
                    self.complain("type a query with / first; V keeps it as a view");
                } else if let Some(why) = &self.query_error {
                    self.complain(format!("the search does not read as a query yet: {why}"));
                } else {
                    match self.shown_as_query() {
                        Ok(query) => self.modal = Some(Modal::Form(Box::new(dialogs::save_view(&query)))),
                        Err(why) => self.complain(why),
                    }
                }
            }
            Action::Refresh => self.reload_everything(),
            Action::Dashboard => {
                self.modal = Some(Modal::Dashboard(None));
                let now = self.now;
                let (team, department) = (self.extra.team.clone(), self.extra.department.clone());
                self.send(Work::Dashboard {
                    now,
                    team,
                    department,
                });
            }
            Action::Inbox => {
                self.modal = Some(Modal::Inbox(InboxList::default()));
                self.send(Work::Inbox);
            }
            Action::Away => self.modal = Some(Modal::Form(Box::new(dialogs::away(&self.actor)))),
            Action::TeamMode => {
                // The team of the request in view, or else the person's own.
                let team = self.current().and_then(|r| r.team.clone()).or_else(|| {
                    self.people
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case(&self.actor))
                        .and_then(|p| p.team.clone())
                });
                let now = team
                    .as_deref()
                    .and_then(|t| self.assign_modes.iter().find(|(name, _)| name == t))
                    .map_or(crate::domain::team::AssignMode::Off, |(_, mode)| *mode);
                self.modal = Some(Modal::Form(Box::new(dialogs::team_mode(team.as_deref(), now))));
            }
            Action::LoadDemo => {
                if self.facts.on_server {
                    self.complain(format!(
                        "demo data is for a desk file, not a team's server; {}",
                        DEMO_ON_A_SERVER.to_lowercase()
                    ));
                } else if self.request_count == Some(0) {
                    self.send_write(Command::LoadDemo { requests: 300 }, None);
                    self.say("loading demo data…");
                } else {
                    self.complain("demo data can only be loaded into an empty database");
                }
            }
            Action::NewRequest => {
                if self.refuse_if_read_only() {
                    return;
                }
                self.modal = Some(Modal::Form(Box::new(dialogs::new_request(&self.custom_fields))));
            }
            other => self.on_request_command(other),
        }
    }

    fn refuse_if_read_only(&mut self) -> bool {
        let refused = self.facts.read_only || self.facts.refusal.is_some();
        if let (true, Some(Modal::Form(f))) = (refused, &mut self.modal) {
            // Nothing was sent: the dialog stays as it was, to be left.
            f.sending = false;
        }
        if self.facts.refusal.is_some() {
            self.complain("nothing can be written from here now: the red banner says why");
        } else if self.facts.read_only {
            self.complain("this database is read-only: you can look, but nothing can be changed");
        }
        self.facts.read_only || self.facts.refusal.is_some()
    }

    /// Actions on the selected request.
    fn on_request_command(&mut self, action: Action) {
        // Saving a file is a read, allowed on a read-only desk too. In the
        // request pane `o` is about the files a request came with; on the
        // queue it reopens, as it always has.
        let selected = self.current().map(|r| r.id);
        let wants_file = matches!(action, Action::SaveAttachment)
            || (matches!(action, Action::Reopen)
                && self.focus == Pane::Detail
                && selected.is_some_and(|id| self.detail_has_attachments(id)));
        if wants_file {
            match selected {
                Some(id) => self.save_attachment(id),
                None => self.complain("select a request first"),
            }
            return;
        }
        if self.refuse_if_read_only() {
            return;
        }
        let Some(r) = self.current().cloned() else {
            self.complain("select a request first");
            return;
        };
        // Request actions carry no data: the variant names the binding.
        let wanted = std::mem::discriminant(&action);
        let opener = self
            .bindings
            .iter()
            .find(|b| std::mem::discriminant(&b.action) == wanted)
            .and_then(|b| b.open);
        let Some(open) = opener else {
            return;
        };
        let on = OnRequest {
            request: &r,
            detail: self.detail.as_ref().filter(|d| d.request.id == r.id),
            actor: &self.actor,
            role: self
                .people
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(&self.actor))
                .map(|p| p.role),
            has_macros: !self.macros.is_empty(),
            answers: &self.answers,
            custom_fields: &self.custom_fields,
            sla: self.sla.as_ref(),
            now: self.now,
        };
        let form = match open(&on) {
            Opened::Form(form) => form,
            Opened::Write(write) => return self.send_write(write, Some(r.version)),
            Opened::Explanation(lines) => {
                self.modal = Some(Modal::Explain(lines));
                return;
            }
            Opened::Refused(why) => return self.complain(why),
        };
        let mut form = form;
        if let Some(draft) = self.drafts.get(&(r.id, form.purpose)) {
            if let Some(field) = form.fields.iter_mut().find(|f| f.is_multiline()) {
                field.set_text(draft);
            }
        }
        self.modal = Some(Modal::Form(Box::new(form)));
    }

    fn detail_has_attachments(&self, id: RequestId) -> bool {
        self.detail
            .as_ref()
            .is_some_and(|d| d.request.id == id && !d.request.attachments.is_empty())
    }

    /// Saves the request's one attachment, or asks which of several.
    fn save_attachment(&mut self, id: RequestId) {
        let Some(d) = self.detail.as_ref().filter(|d| d.request.id == id) else {
            return;
        };
        match d.request.attachments.as_slice() {
            [] => self.complain(format!("#{id} has no attachments")),
            [only] => {
                let (number, folder) = (only.number, self.downloads.clone());
                self.send(Work::SaveAttachment { id, number, folder });
            }
            _ => {
                let form = dialogs::pick_attachment(&d.request, &self.downloads.display().to_string());
                self.modal = Some(Modal::Form(Box::new(form)));
            }
        }
    }

    /// What the header says when mail has stopped arriving.
    pub fn mail_silence(&self) -> Option<String> {
        let calendar = &self.sla.as_ref()?.calendar;
        let quiet =
            crate::domain::mail::quiet_for(self.mail.last_arrival, self.now, calendar, self.silence_hours)?;
        Some(format!(
            "no mail for {}",
            crate::domain::time::short_duration(quiet)
        ))
    }

    fn submit(&mut self, mut form: Box<Form>) {
        form.clear_errors();
        let bindings = &self.bindings;
        let built_in_view = |key: u8| {
            let pressed = KeyEvent::new(KeyCode::Char(char::from(b'0' + key)), KeyModifiers::NONE);
            bindings
                .iter()
                .filter(|b| b.keys.iter().any(|k| k.matches(&pressed)))
                .find_map(|b| match b.action {
                    Action::ShowView(v) => Some(format!("“{}”", v.title())),
                    _ => None,
                })
        };
        let shown_query = self.shown_as_query().unwrap_or_default();
        let seen = dialogs::Seen {
            people: &self.people,
            macros: &self.macros,
            templates: &self.templates,
            custom_fields: &self.custom_fields,
            request: self.detail.as_ref().map(|d| &d.request),
            actor: &self.actor,
            now: self.now,
            shown_query: &shown_query,
            sort: self.sort.as_str(),
            peeked: self.peeked.as_ref().map(|(id, what)| (*id, what.as_deref())),
            built_in_view: &built_in_view,
        };
        match dialogs::read(&mut form, &seen) {
            Submit::Stay => self.modal = Some(Modal::Form(form)),
            Submit::Write(write) => {
                let version = form.request.map(|(_, v)| v);
                form.sending = true;
                self.modal = Some(Modal::Form(form));
                self.send_write(write, version);
            }
            Submit::Filter(extra) => {
                self.extra = extra;
                self.restart_queue();
            }
            Submit::Select(id) => self.go_to_request(id),
            Submit::SaveFile { id, number } => {
                form.sending = true;
                self.modal = Some(Modal::Form(form));
                let folder = self.downloads.clone();
                self.send(Work::SaveAttachment { id, number, folder });
            }
            Submit::Next(next) => self.modal = Some(Modal::Form(next)),
        }
    }

    fn send_write(&mut self, write: Command, expected_version: Option<Version>) {
        if self.refuse_if_read_only() {
            return;
        }
        // With requests marked, a change that can go to many asks first.
        if !self.marked.is_empty() && write.is_bulk() {
            if matches!(&self.modal, Some(Modal::Form(_))) {
                self.modal = None;
            }
            self.bulk_asked = Some(write);
            return;
        }
        self.writing_since = Some(Instant::now());
        let now = self.now;
        // Minutes spent, when the dialog that asked for the write has them.
        let minutes = match &self.modal {
            Some(Modal::Form(f)) => f.value(FieldId::Minutes).trim().parse().ok(),
            _ => None,
        };
        self.send(Work::Command {
            write,
            expected_version,
            now,
            minutes,
        });
    }

    /// The answer to what a dialog sent that is not a write (a file to
    /// save): done closes the dialog; refused
    /// keeps it open with why and everything typed, as a write's does.
    fn form_answered(&mut self, result: Result<(), String>) {
        let sending = matches!(&self.modal, Some(Modal::Form(f)) if f.sending);
        match result {
            Ok(()) if sending => self.modal = None,
            Ok(()) => {}
            Err(why) => match &mut self.modal {
                Some(Modal::Form(f)) if sending => {
                    f.sending = false;
                    f.error = Some(format!("not done: {why} — what you typed is kept"));
                }
                _ => self.complain(why),
            },
        }
    }

    fn on_written(&mut self, write: Command, result: super::worker::WriteResult) {
        self.writing_since = None;
        self.lock_wait = false;
        let sending_form = matches!(&self.modal, Some(Modal::Form(f)) if f.sending);
        match result {
            Ok(done) => {
                if sending_form {
                    self.modal = None;
                }
                let said = write.done(&done);
                match (&write, done) {
                    (Command::Create(_), Done::Request(r)) => {
                        self.pending_select = Some(r.id);
                        self.selected_id = Some(r.id);
                        let owner = r
                            .assignee
                            .as_ref()
                            .map(|a| format!(", assigned to {a} by turn"))
                            .unwrap_or_default();
                        self.say(format!("request #{} recorded ({}){owner}", r.id, r.priority));
                    }
                    (Command::LoadDemo { requests }, _) => {
                        self.say(format!("{requests} demo requests loaded"));
                    }
                    (Command::SaveView(_), Done::View(v)) => {
                        let key = v.key.map(|k| format!("; key {k} opens it")).unwrap_or_default();
                        self.say(format!("view {} saved{key}", v.name));
                    }
                    (w, Done::Request(r)) => {
                        if let Some((id, purpose, _)) = w.draft() {
                            self.drafts.remove(&(id, purpose));
                        }
                        // After a merge the request worked on is the one
                        // it went into.
                        if matches!(w, Command::Merge { .. }) {
                            self.selected_id = Some(r.id);
                        }
                        if matches!(w, Command::Reply { .. } | Command::Note { .. }) {
                            self.show_history_end = Some(r.id);
                        }
                        self.say(said);
                    }
                    (_, _) => self.say(said),
                }
                self.reload_everything();
            }
            Err(WriteFailure::Conflict { message, found }) => {
                if sending_form {
                    self.modal = None;
                }
                self.modal = Some(Modal::Conflict(Box::new(Conflict {
                    write,
                    message,
                    found,
                })));
                self.reload_everything();
            }
            Err(failure) => {
                let text = failure.message().to_string();
                match &mut self.modal {
                    Some(Modal::Form(f)) if f.sending => {
                        f.sending = false;
                        f.error = Some(format!(
                            "not saved: {text} — your text is kept, press Ctrl-S to try again"
                        ));
                    }
                    _ => self.complain(text),
                }
            }
        }
    }

    /// Suggestions for a text field: names or teams starting with what was typed.
    pub fn suggestions(&self, source: Suggest, typed: &str) -> Vec<String> {
        let templates: Vec<String> = self.templates.iter().map(|t| t.name.clone()).collect();
        dialogs::suggestions(
            source,
            typed,
            &self.people,
            &self.teams,
            &self.categories,
            &self.macro_names(),
            &templates,
        )
    }
}

/// The downloads folder, else the home folder, else where the app runs.
fn default_downloads() -> std::path::PathBuf {
    directories::UserDirs::new().map_or_else(
        || std::path::PathBuf::from("."),
        |u| u.download_dir().unwrap_or(u.home_dir()).to_path_buf(),
    )
}
