//! Which database and who is acting: flags, then the environment, then the
//! config file, then the platform defaults.

use std::path::{Path, PathBuf};
use std::time::Duration;

use directories::ProjectDirs;
use serde::Deserialize;

/// The TOML config file. Every key is optional; a missing file is fine.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The database file, e.g. on a shared drive.
    pub db_path: Option<PathBuf>,
    /// The name to act as, when it differs from the login name.
    pub user: Option<String>,
    /// How long a write waits for another user's lock.
    pub busy_timeout_ms: Option<u64>,
    /// Once switched the file to WAL. Read and ignored: the journal mode
    /// belongs to the file, and one person's setting must not lock the
    /// others out; `doctor` says so when it is set.
    pub local_only: Option<bool>,
    /// Log file verbosity (`info`, `debug`); logging is off without it.
    pub log: Option<String>,
    /// Clicks and the mouse wheel in the app (default on); off leaves the
    /// terminal's own text selection to plain dragging.
    pub mouse: Option<bool>,
    /// Keys for the app's commands, by the name help shows in brackets:
    /// `reply = "R"`, `page_down = ["PgDn", "C-f"]`.
    #[serde(default)]
    pub keys: std::collections::BTreeMap<String, KeyNames>,
    /// E-mail in and out (`[mail]`).
    #[serde(default)]
    pub mail: MailConfig,
    /// How the open app tells of news in the person's inbox: `bell` rings
    /// the terminal, `osc9` asks it for a desktop notification (off
    /// without it).
    pub notify: Option<Notify>,
    /// Programs told of changes (`[[hooks]]`): each is run, with the
    /// change as JSON on its standard input, after a change it subscribes
    /// to commits.
    #[serde(default)]
    pub hooks: Vec<HookConfig>,
}

/// `[[hooks]]`: what to run, and on which changes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HookConfig {
    /// The changes it hears of (see `domain::hook::HOOK_EVENTS`).
    pub on: Vec<String>,
    /// A command line, run by `sh -c`.
    pub run: String,
}

/// A terminal's ways of saying something arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Notify {
    Bell,
    Osc9,
}

impl Notify {
    /// What to write to the terminal to give `text` (control characters
    /// in it neutralised, so a subject cannot end the sequence early).
    pub fn sequence(self, text: &str) -> String {
        match self {
            Notify::Bell => "\x07".into(),
            Notify::Osc9 => format!("\x1b]9;{}\x07", crate::domain::text::inert_line(text)),
        }
    }
}

/// `[mail]`: the desk's address, how replies leave, and how mail is taken.
/// Credentials never go in the desk: they come from the environment
/// (`FRONTDESK_SMTP_USER`, `FRONTDESK_SMTP_PASSWORD`) or a file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailConfig {
    /// The desk's address, as replies show it: `IT Service Desk <it@example.org>`.
    pub from: Option<String>,
    /// Where replies leave: `smtp://host:port` (STARTTLS when offered; add
    /// `?tls=required` to insist, `?tls=none` for plain SMTP),
    /// `smtps://host:port` (TLS from the start).
    pub smtp: Option<String>,
    /// The SMTP login; `$FRONTDESK_SMTP_USER` wins.
    pub user: Option<String>,
    /// A file holding the SMTP password; `$FRONTDESK_SMTP_PASSWORD` wins.
    pub password_file: Option<PathBuf>,
    /// Send a receipt with the request number when mail makes a request.
    #[serde(default)]
    pub acknowledge: bool,
    /// The receipt's text, with `{id}`, `{subject}` and `{first_name}`
    /// (a plain English one when not set).
    pub receipt_text: Option<String>,
    /// The receipt to requesters who wrote in Chinese (a plain Chinese one
    /// when not set).
    pub receipt_text_zh: Option<String>,
    /// Mail a satisfaction survey when a request with an address is
    /// resolved (by the copy that sends the desk's mail).
    #[serde(default)]
    pub survey: bool,
    /// The survey's question, with `{first_name}`, `{id}` and `{subject}`
    /// (a plain English one when not set).
    pub survey_text: Option<String>,
    /// The survey to requesters who wrote in Chinese.
    pub survey_text_zh: Option<String>,
    /// More addresses of the desk's own (aliases): mail from them is
    /// never taken.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// Mail about a request closed more than this many days ago starts a
    /// new request, linked to it (default 14).
    pub closed_days: Option<i64>,
    /// Attachments over this many megabytes keep only their name and
    /// size (default 10).
    pub attachment_limit_mb: Option<u64>,
    /// Working hours without mail after which the header and `doctor`
    /// warn that mail may have stopped arriving (default 4; 0 is off).
    pub silence_hours: Option<u32>,
    /// Filters for new requests: `[[mail.rule]]` with `from_domain`, `to`
    /// or `subject` words, setting `team`, `category` or `urgency`.
    #[serde(default, rename = "rule")]
    pub rules: Vec<crate::domain::mail::MailRule>,
}

/// One key or several, as written in the config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum KeyNames {
    One(String),
    Many(Vec<String>),
}

impl KeyNames {
    pub fn names(&self) -> Vec<&str> {
        match self {
            KeyNames::One(k) => vec![k.as_str()],
            KeyNames::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path}: {message}")]
    Broken { path: String, message: String },
    #[error("cannot find a home directory for the default database; pass --db PATH or set FRONTDESK_DB")]
    NoHome,
    #[error("cannot create {0}: {1}")]
    CreateDir(String, std::io::Error),
    #[error("{0}")]
    Setting(String),
}

/// Ten minutes: longer than anyone waits at a terminal, and within what
/// SQLite can be given.
pub const MAX_BUSY_TIMEOUT_MS: u64 = 600_000;

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "frontdesk")
}

/// `$FRONTDESK_CONFIG`, or `config.toml` in the platform config directory.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FRONTDESK_CONFIG") {
        return Some(PathBuf::from(p));
    }
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// Where logs go when logging is on: the platform state (or data) directory.
pub fn log_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.state_dir().unwrap_or(d.data_local_dir()).to_path_buf())
}

impl Config {
    /// Reads the config file; a broken file is an error that names the line.
    pub fn load() -> Result<Config, ConfigError> {
        match config_path() {
            Some(path) => Config::load_from(&path),
            None => Ok(Config::default()),
        }
    }

    pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(ConfigError::Broken {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })
            }
        };
        toml::from_str(&text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
                .map(|l| format!("line {l}: "))
                .unwrap_or_default();
            ConfigError::Broken {
                path: path.display().to_string(),
                message: format!("{line}{}", e.message()),
            }
        })
    }

    /// `--db` > `$FRONTDESK_DB` > `db_path` > `frontdesk.db` in the data
    /// directory (created when needed).
    pub fn database(&self, flag: Option<&Path>) -> Result<PathBuf, ConfigError> {
        if let Some(p) = flag {
            return Ok(p.to_path_buf());
        }
        if let Some(p) = std::env::var_os("FRONTDESK_DB").filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        if let Some(p) = &self.db_path {
            return Ok(p.clone());
        }
        let dirs = project_dirs().ok_or(ConfigError::NoHome)?;
        let dir = dirs.data_dir();
        std::fs::create_dir_all(dir).map_err(|e| ConfigError::CreateDir(dir.display().to_string(), e))?;
        Ok(dir.join("frontdesk.db"))
    }

    /// `--as` > `$FRONTDESK_USER` > `user` > the login name.
    pub fn actor(&self, flag: Option<&str>) -> String {
        flag.map(str::to_string)
            .or_else(|| std::env::var("FRONTDESK_USER").ok())
            .or_else(|| self.user.clone())
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "agent".to_string())
    }

    /// `$FRONTDESK_BUSY_TIMEOUT_MS`, else `busy_timeout_ms`, else 10 s;
    /// anything that is not a number of milliseconds in range is an error
    /// naming the setting, never ignored.
    pub fn busy_timeout(&self) -> Result<Duration, ConfigError> {
        let ms = match std::env::var("FRONTDESK_BUSY_TIMEOUT_MS") {
            Ok(v) => v.trim().parse::<u64>().ok().filter(|ms| *ms <= MAX_BUSY_TIMEOUT_MS).ok_or_else(|| {
                ConfigError::Setting(format!(
                    "FRONTDESK_BUSY_TIMEOUT_MS must be a number of milliseconds from 0 to {MAX_BUSY_TIMEOUT_MS} (it is '{}')",
                    crate::domain::text::inert_line(&v)
                ))
            })?,
            Err(_) => match self.busy_timeout_ms {
                Some(ms) if ms > MAX_BUSY_TIMEOUT_MS => {
                    return Err(ConfigError::Setting(format!(
                        "busy_timeout_ms in the config file must be from 0 to {MAX_BUSY_TIMEOUT_MS} (it is {ms})"
                    )))
                }
                Some(ms) => ms,
                None => 10_000,
            },
        };
        Ok(Duration::from_millis(ms))
    }

    /// Checks the settings that are read later, so a bad one stops the
    /// command at once with one line instead of being ignored.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.busy_timeout()?;
        if let Ok(now) = std::env::var("FRONTDESK_NOW") {
            crate::domain::time::parse_rfc3339(&now).map_err(|_| {
                ConfigError::Setting(format!(
                    "FRONTDESK_NOW must be a time like 2026-11-25T10:00:00Z (it is '{}')",
                    crate::domain::text::inert_line(&now)
                ))
            })?;
        }
        for hook in &self.hooks {
            if hook.run.trim().is_empty() {
                return Err(ConfigError::Setting("a [[hooks]] entry has an empty run".into()));
            }
            if let Some(bad) = hook
                .on
                .iter()
                .find(|name| !crate::domain::hook::HOOK_EVENTS.contains(&name.as_str()))
            {
                return Err(ConfigError::Setting(format!(
                    "hooks: '{}' is not a change a hook can hear of (valid: {})",
                    crate::domain::text::inert_line(bad),
                    crate::domain::hook::HOOK_EVENTS.join(", ")
                )));
            }
        }
        let level = std::env::var("FRONTDESK_LOG").ok().or_else(|| self.log.clone());
        if let Some(level) = level.filter(|l| {
            l.trim()
                .parse::<tracing_subscriber::filter::LevelFilter>()
                .is_err()
        }) {
            return Err(ConfigError::Setting(format!(
                "the log level must be one of error, warn, info, debug, trace or off (it is '{}')",
                crate::domain::text::inert_line(&level)
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_config_is_fine() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load_from(&dir.path().join("none.toml")).unwrap();
        assert!(c.db_path.is_none());
    }

    #[test]
    fn a_broken_config_names_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "user = \"ana\"\ndb_path = [oops\n").unwrap();
        let err = Config::load_from(&path).unwrap_err().to_string();
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }

    #[test]
    fn unknown_keys_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "usr = \"ana\"\n").unwrap();
        assert!(Config::load_from(&path)
            .unwrap_err()
            .to_string()
            .contains("line 1"));
    }
}
