//! A temporary desk: a fresh database file and a `frontdesk` command bound
//! to it with a fixed clock and user.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub const NOW: &str = "2026-11-25T10:00:00Z";

pub struct Desk {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Desk {
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("desk.db");
        Desk { dir, db }
    }

    /// A desk kept in the database at a server `address` rather than in a
    /// file (the temporary folder still holds the home and config).
    pub fn on_server(address: &str) -> Desk {
        Desk {
            dir: tempfile::tempdir().expect("temp dir"),
            db: PathBuf::from(address),
        }
    }

    /// `frontdesk` acting as `ana` on this desk's file.
    pub fn cmd(&self) -> Command {
        self.cmd_as("ana")
    }

    pub fn cmd_as(&self, user: &str) -> Command {
        let mut c = Command::cargo_bin("frontdesk").expect("binary");
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("FRONTDESK_DB", &self.db)
            .env("FRONTDESK_USER", user)
            .env("FRONTDESK_NOW", NOW)
            .env("TZ", "UTC");
        c
    }

    /// Runs and returns stdout, failing the test on a non-zero exit.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert!(
            out.status.success(),
            "frontdesk {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("run")
    }

    /// Records a request and returns its id.
    pub fn new_request(&self, subject: &str) -> i64 {
        self.ok(&[
            "new",
            "--subject",
            subject,
            "--requester",
            "Ben Carter",
            "--dept",
            "Finance",
        ])
        .trim()
        .parse()
        .expect("id")
    }

    /// How many requests `list` shows, narrowed by `args`.
    pub fn listed(&self, args: &[&str]) -> usize {
        let mut full = vec!["list", "--limit", "100000", "--format", "json"];
        full.extend_from_slice(args);
        self.json(&full).as_array().expect("a list").len()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("json")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// `frontdesk` on `db` as `user`, with the fixed clock and no config file,
/// its output piped: for tests that run many copies at once.
pub fn frontdesk(db: &Path, user: &str) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("frontdesk"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FRONTDESK_DB", db)
        .env("FRONTDESK_USER", user)
        .env("FRONTDESK_NOW", NOW)
        .env("FRONTDESK_CONFIG", db.with_extension("no-config"))
        .env("TZ", "UTC")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    c
}

/// One line on stderr, naming the cause; never a panic or backtrace.
pub fn one_line_error(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err:?}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    err
}

pub fn code(out: &Output) -> i32 {
    out.status.code().expect("exit code")
}

pub fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

impl Desk {
    /// Runs at another moment of the fixed clock; fails the test on error.
    pub fn ok_at(&self, now: &str, args: &[&str]) -> String {
        let out = self
            .cmd()
            .env("FRONTDESK_NOW", now)
            .args(args)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "frontdesk {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    pub fn json_at(&self, now: &str, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok_at(now, args)).expect("json")
    }

    pub fn ids_at(&self, now: &str, args: &[&str]) -> Vec<i64> {
        let mut full = vec!["list", "--format", "json"];
        full.extend_from_slice(args);
        self.json_at(now, &full)
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["id"].as_i64().expect("id"))
            .collect()
    }
}

/// Says why a test that needs something this machine lacks is skipped;
/// in CI (`CI` set), where `.ci/run` installs what the tests need, fails.
pub fn skip_unless_ci(why: &str) {
    assert!(std::env::var_os("CI").is_none(), "{why}: CI must provide it");
    eprintln!("skipped: {why}");
}

pub mod mounts;
pub mod pooler;
pub mod postgres;
pub mod screen;
pub mod smtp;
pub mod writers;
