//! Drives the real app (worker thread included) against a temporary
//! database and renders it on ratatui's TestBackend.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use frontdesk::domain::command::{Command, Done};
use frontdesk::domain::rating::Scores;
use frontdesk::domain::time::parse_rfc3339;
use frontdesk::domain::{Channel, Impact, Kind, NewRequest, RequestId, Role, Status, Urgency};
use frontdesk::store::{OpenOptions, PersonUpdate, RequestChange, Stamp, Store};
use frontdesk::tui::action::{answers_to, Action};
use frontdesk::tui::app::App;
use frontdesk::tui::view::ViewId;
use frontdesk::tui::{ui, worker};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn t(text: &str) -> i64 {
    parse_rfc3339(text).expect("time")
}

/// Wednesday 2026-11-25 10:00 UTC, the fixed clock of every screen test.
pub const NOW: &str = "2026-11-25T10:00:00Z";

pub struct Screen {
    pub app: App,
    pub rx: Receiver<Action>,
    pub terminal: Terminal<TestBackend>,
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

pub fn options() -> OpenOptions {
    OpenOptions {
        busy_timeout: Duration::from_millis(300),
        ..OpenOptions::default()
    }
}

/// Does `command` as `actor` at `at`, the one way the app and the
/// command line change a desk.
pub fn run(store: &mut Store, actor: &str, at: i64, command: Command) -> Done {
    store.execute(&command, Stamp::new(actor, None, at)).unwrap()
}

/// Records `new` as `actor` at `at`: its id.
pub fn record(store: &mut Store, actor: &str, at: i64, new: NewRequest) -> RequestId {
    run(store, actor, at, Command::Create(new)).request().unwrap().id
}

/// A small desk with something in every state.
pub fn seed(store: &mut Store) {
    std::env::set_var("TZ", "UTC");
    let person = |name: &str, role, team: &str| Command::SavePerson {
        name: name.into(),
        update: PersonUpdate {
            role: Some(role),
            team: Some(team.into()),
            ..Default::default()
        },
    };
    run(store, "lena", t(NOW), person("lena", Role::Lead, "Service Desk"));
    run(store, "lena", t(NOW), person("bob", Role::Agent, "Network"));
    let new = |subject: &str, requester: &str, dept: &str, urgency, impact, key| NewRequest {
        subject: subject.into(),
        body: format!("{subject}. Called from the front office."),
        requester: requester.into(),
        department: Some(dept.into()),
        contact: Some("ext. 2201".into()),
        channel: Channel::Phone,
        kind: Kind::Incident,
        category: Some("Hardware".into()),
        urgency,
        impact,
        key_customer: key,
        reply_by: None,
        team: None,
        checklist: Vec::new(),
        fields: Vec::new(),
    };
    let day = t("2026-11-24T09:00:00Z");
    let a = record(
        store,
        "ana",
        day,
        new(
            "Printer on floor 3 jams",
            "Ben Carter",
            "Finance",
            Urgency::Medium,
            Impact::Medium,
            false,
        ),
    );
    let b = record(
        store,
        "ana",
        day + 3600,
        new(
            "VPN drops every ten minutes",
            "王芳",
            "研发中心",
            Urgency::High,
            Impact::High,
            false,
        ),
    );
    record(
        store,
        "ana",
        day + 7200,
        NewRequest {
            // Needed before the SLA would say: the reply-by applies.
            reply_by: Some(day + 3 * 3600),
            ..new(
                "CEO laptop will not boot",
                "Dana Boss",
                "Executive Office",
                Urgency::Medium,
                Impact::Low,
                true,
            )
        },
    );
    let d = record(
        store,
        "bob",
        day + 8000,
        new(
            "Need a second monitor",
            "Ben Carter",
            "Finance",
            Urgency::Low,
            Impact::Low,
            false,
        ),
    );
    let e = record(
        store,
        "bob",
        day + 9000,
        new(
            "Projector flickers in room B",
            "Chloe Martin",
            "Sales",
            Urgency::Low,
            Impact::Medium,
            false,
        ),
    );
    let change = |id, change| Command::Update { id, change };
    let assign_bob = RequestChange {
        assignee: Some(Some("bob".into())),
        ..Default::default()
    };
    run(store, "ana", day + 600, change(a, assign_bob));
    let text = "Fuser is worn, part ordered".to_string();
    run(store, "bob", day + 900, Command::Note { id: a, text });
    let text = "A technician comes tomorrow morning.".to_string();
    run(store, "bob", day + 1200, Command::Reply { id: a, text });
    let reason = "Whole team cannot work".to_string();
    run(store, "ana", day + 4000, Command::Escalate { id: b, reason });
    let status = |s| RequestChange {
        status: Some(s),
        ..Default::default()
    };
    run(store, "bob", day + 9000, change(d, status(Status::Waiting)));
    let resolution = "Replaced the lamp".to_string();
    run(store, "bob", day + 20000, Command::Resolve { id: e, resolution });
    let scores = Scores {
        overall: 4,
        speed: Some(5),
        quality: Some(4),
        communication: Some(3),
        recommend: Some(9),
        comment: Some("Quick, thanks".into()),
    };
    run(
        store,
        "bob",
        day + 30000,
        Command::Rate {
            id: e,
            scores,
            close: false,
        },
    );
    run(store, "lena", day + 40000, change(e, status(Status::Closed)));
    let f = record(
        store,
        "ana",
        day + 9500,
        new(
            "Shared drive is read-only",
            "Chloe Martin",
            "Sales",
            Urgency::Medium,
            Impact::Medium,
            false,
        ),
    );
    let resolution = "Permissions fixed".to_string();
    run(store, "ana", day + 25000, Command::Resolve { id: f, resolution });
}

impl Screen {
    /// The app on an empty database.
    pub fn empty(width: u16, height: u16) -> Screen {
        Screen::with(width, height, ViewId::AllOpen, |_| {})
    }

    /// The app on the seeded desk.
    pub fn seeded(width: u16, height: u16) -> Screen {
        Screen::with(width, height, ViewId::AllOpen, seed)
    }

    /// The app at 160×48 on the seeded desk, kept on the server at
    /// `address`.
    pub fn seeded_on_server(address: &str) -> Screen {
        std::env::set_var("TZ", "UTC");
        let address = PathBuf::from(address);
        seed(&mut Store::open(&address, &options()).unwrap());
        Screen::open(
            tempfile::tempdir().unwrap(),
            address,
            160,
            48,
            ViewId::AllOpen,
            "ana",
        )
    }

    pub fn with(width: u16, height: u16, view: ViewId, fill: impl FnOnce(&mut Store)) -> Screen {
        std::env::set_var("TZ", "UTC");
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        {
            let mut store = Store::open(&db, &options()).unwrap();
            fill(&mut store);
        }
        Screen::open(dir, db, width, height, view, "ana")
    }

    pub fn open(
        dir: tempfile::TempDir,
        db: PathBuf,
        width: u16,
        height: u16,
        view: ViewId,
        actor: &str,
    ) -> Screen {
        Screen::open_with(dir, db, width, height, view, actor, options())
    }

    pub fn open_with(
        dir: tempfile::TempDir,
        db: PathBuf,
        width: u16,
        height: u16,
        view: ViewId,
        actor: &str,
        options: OpenOptions,
    ) -> Screen {
        let options = OpenOptions {
            user: actor.into(),
            program: "app".into(),
            ..options
        };
        let (tx, rx) = channel();
        let started = worker::start(db.clone(), options, actor.into(), answers_to(tx)).unwrap();
        let app = App::new(
            "desk.db".into(),
            actor.into(),
            started.facts,
            started.jobs,
            t(NOW),
            (width, height),
            view,
        );
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let mut s = Screen {
            app,
            rx,
            terminal,
            dir,
            db,
        };
        s.settle();
        s
    }

    /// Feeds the worker's answers back until it has answered everything.
    pub fn settle(&mut self) {
        for _ in 0..1000 {
            while let Ok(a) = self.rx.try_recv() {
                self.app.update(a);
            }
            if self.app.is_idle() {
                return;
            }
            match self.rx.recv_timeout(Duration::from_secs(10)) {
                Ok(a) => self.app.update(a),
                Err(e) => panic!("the worker did not answer: {e}"),
            }
        }
    }

    /// Sends a key without waiting for the worker (it may be blocked).
    pub fn press_now(&mut self, code: KeyCode) -> &mut Self {
        self.app
            .update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        while let Ok(a) = self.rx.try_recv() {
            self.app.update(a);
        }
        self
    }

    pub fn press(&mut self, code: KeyCode) -> &mut Self {
        self.app
            .update(Action::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.settle();
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app.update(Action::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
        self.settle();
        self
    }

    /// Types each character as a key press.
    pub fn keys(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            let mods = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            self.app
                .update(Action::Key(KeyEvent::new(KeyCode::Char(c), mods)));
        }
        self.settle();
        self
    }

    pub fn tab(&mut self, times: usize) -> &mut Self {
        for _ in 0..times {
            self.press(KeyCode::Tab);
        }
        self
    }

    pub fn tick(&mut self, now: &str) -> &mut Self {
        self.app.update(Action::Tick(t(now)));
        self.settle();
        self
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Self {
        self.terminal.backend_mut().resize(width, height);
        self.app.update(Action::Resize(width, height));
        self.settle();
        self
    }

    /// The whole screen as text, one line per row, drawn from scratch.
    pub fn text(&mut self) -> String {
        let app = &self.app;
        let area = self.terminal.backend().buffer().area;
        self.terminal = Terminal::new(TestBackend::new(area.width, area.height)).unwrap();
        self.terminal.draw(|f| ui::draw(f, app)).unwrap();

        let buffer = self.terminal.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            let mut x = 0;
            while x < buffer.area.width {
                let symbol = buffer[(x, y)].symbol();
                line.push_str(symbol);
                // A wide character covers the next cell too.
                x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
            }

            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// A second connection to the same file, as another user would have.
    pub fn other_user(&self) -> Store {
        Store::open(&self.db, &options()).unwrap()
    }
}

/// Feeds the app what the worker says until the screen shows `wanted`,
/// for at most `limit`, without a tick; how long it took.
pub fn seen_within(s: &mut Screen, wanted: &str, limit: std::time::Duration) -> Option<std::time::Duration> {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if s.text().contains(wanted) {
            return Some(start.elapsed());
        }
        if let Ok(a) = s.rx.recv_timeout(std::time::Duration::from_millis(20)) {
            s.app.update(a);
        }
    }
    None
}
