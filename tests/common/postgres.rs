//! A throw-away PostgreSQL cluster for tests: `initdb` into a temporary
//! folder, a server listening only on a Unix socket in that folder (no TCP
//! port at all), stopped and removed when the `Cluster` is dropped. Run as
//! an unprivileged user when the tests run as root (PostgreSQL refuses to
//! run as root). Debian's `postgresql` package provides the programs; CI
//! installs it. Without it a test says why it is skipped, except in CI
//! (`CI` set), where it fails.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The SQL the README gives an administrator to run once in a desk's
/// database: the staff's rights and their logins.
pub fn staff_sql() -> String {
    let readme = include_str!("../../README.md");
    let block = readme
        .split("<!-- server-staff -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- /server-staff -->").next())
        .expect("the README's server-staff block");
    block.replace("```sql", "").replace("```", "")
}

/// A desk as the README sets one up on `cluster`: made by the
/// administrator (the `Desk` returned acts as them), the staff's rights
/// given, and Alice Martin the lead and Ana Lopez an agent, each with
/// their login (`alice`, `ana`).
pub fn staffed_desk(cluster: &Cluster) -> super::Desk {
    let desk = super::Desk::on_server(&cluster.address());
    desk.ok(&["init"]);
    let mut admin = cluster.config().connect(postgres::NoTls).expect("connect");
    admin.batch_execute(&staff_sql()).expect("staff rights");
    desk.ok(&[
        "people",
        "add",
        "Alice Martin",
        "--role",
        "lead",
        "--login",
        "alice",
    ]);
    desk.ok(&["people", "add", "Ana Lopez", "--role", "agent", "--login", "ana"]);
    desk
}

/// Ana's note on request 1 is recorded as hers, under her login, and she
/// cannot act as Alice: who acts is the login, whatever the command says.
pub fn ana_acts_as_herself(ana: &super::Desk) {
    ana.ok(&["note", "1", "called the vendor"]);
    let show = ana.json(&["show", "1", "--format", "json"]);
    let last = show["events"]
        .as_array()
        .expect("events")
        .last()
        .expect("an event")
        .clone();
    assert_eq!(last["actor"], "Ana Lopez", "{last}");
    assert_eq!(last["login"], "ana", "{last}");
    // --as another person is refused, in one line, before anything runs.
    let out = ana.run(&["--as", "Alice Martin", "note", "1", "pretending"]);
    assert_eq!(super::code(&out), 1);
    let said = super::one_line_error(&out);
    assert!(
        said.contains("act as your database login, which is Ana Lopez"),
        "{said}"
    );
}

/// The user the server runs as when the tests run as root.
const UNPRIVILEGED: &str = "nobody";
/// The database the cluster is made with, and its owner.
pub const DATABASE: &str = "desk";
pub const OWNER: &str = "deskadmin";

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

/// The newest PostgreSQL server programs Debian installed.
fn server_programs() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// A command for `program`, run as the unprivileged user when the tests
/// run as root (PostgreSQL and PgBouncer refuse to run as root).
pub fn unprivileged(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", UNPRIVILEGED, "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

impl Cluster {
    /// A fresh cluster with an empty database, or None (with the reason
    /// printed) when PostgreSQL is not installed on a developer's machine.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = server_programs() else {
            super::skip_unless_ci("PostgreSQL is not installed (Debian package `postgresql`)");
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        // The server's user must own its folder, and reach it.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
        // A port number names the socket file only; nothing listens on TCP.
        let port = 20_000 + (std::process::id() % 20_000) as u16;
        let cluster = Cluster { dir, bin, port };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                path(&data),
                "-U",
                OWNER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        let options = format!(
            "-k {} -c listen_addresses='' -p {} -c fsync=off",
            path(cluster.dir.path()),
            port
        );
        cluster.run(
            "pg_ctl",
            &[
                "-D",
                path(&data),
                "-o",
                &options,
                "-l",
                path(&cluster.log()),
                "-w",
                "start",
            ],
        );
        cluster.run(
            "createdb",
            &[
                "-h",
                path(cluster.dir.path()),
                "-p",
                &port.to_string(),
                "-U",
                OWNER,
                DATABASE,
            ],
        );
        Some(cluster)
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("server.log")
    }

    /// The folder the server's socket is in.
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The cluster's database as `--db` and `--to` take it: the socket
    /// folder in the query, as libpq writes it.
    pub fn address(&self) -> String {
        format!(
            "postgresql://{OWNER}@localhost:{}/{DATABASE}?host={}",
            self.port,
            self.socket_dir().display()
        )
    }

    /// The database's address for another login.
    pub fn address_as(&self, login: &str) -> String {
        self.address().replacen(OWNER, login, 1)
    }

    /// Connection settings for the `postgres` crate.
    pub fn config(&self) -> postgres::Config {
        let mut config = postgres::Config::new();
        config
            .host_path(self.socket_dir())
            .port(self.port)
            .user(OWNER)
            .dbname(DATABASE);
        config
    }

    /// The server's process, from its pid file, while it runs.
    pub fn server_pid(&self) -> Option<i32> {
        std::fs::read_to_string(self.data().join("postmaster.pid"))
            .ok()
            .and_then(|t| t.lines().next().and_then(|l| l.trim().parse::<i32>().ok()))
            .filter(|pid| alive(*pid))
    }

    /// Runs one of the server's programs, as the unprivileged user when
    /// the tests run as root; panics with its output when it fails.
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let out = unprivileged(&self.bin.join(program))
            .args(args)
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect(program);
        assert!(
            out.status.success(),
            "{program} failed: {}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(self.log()).unwrap_or_default()
        );
        out
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if self.server_pid().is_some() {
            let data = self.data();
            let _ = self.run("pg_ctl", &["-D", path(&data), "-m", "immediate", "-w", "stop"]);
        }
    }
}

/// Whether a process exists and has not exited (a zombie waiting for its
/// parent to reap it counts as gone).
pub fn alive(pid: i32) -> bool {
    let zombie = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| s.rsplit_once(") ").map(|(_, rest)| rest.starts_with('Z')))
        .unwrap_or(false);
    // SAFETY: signal 0 only asks whether the process exists.
    !zombie && unsafe { libc::kill(pid, 0) == 0 }
}

pub fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}
