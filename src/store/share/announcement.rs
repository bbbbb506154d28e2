//! What a running copy of Frontdesk writes about itself next to the desk
//! file: who, where, since when, a heartbeat, and what it is doing.

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;

use serde::{Deserialize, Serialize};

/// Every announcement file is exactly this long (JSON padded with spaces),
/// so a heartbeat rewrites it in place with one write and a reader never
/// finds it shorter or longer than before.
pub const SIZE: usize = 1024;

/// Longest name kept in an announcement.
const NAME_LIMIT: usize = 64;

/// What a copy is doing that others should see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "doing", content = "request")]
pub enum Activity {
    /// Writing a reply to the requester of this request.
    Replying(crate::domain::RequestId),
    /// Writing an internal note on this request.
    Noting(crate::domain::RequestId),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    /// The name the copy acts as.
    pub user: String,
    /// The operating-system login that runs it.
    pub login: String,
    pub host: String,
    /// The kernel's boot id: with the host, names one running machine.
    pub boot: String,
    pub pid: u32,
    /// When the process started, in clock ticks since boot, so a reused
    /// process id is not mistaken for the copy.
    pub pid_start: u64,
    /// `app`, or the command being run.
    pub program: String,
    /// The mount this copy reaches the file through (device and mount
    /// point): copies with the same site see each other's locks.
    pub site: String,
    /// Unix milliseconds, by the announcing machine's clock.
    pub started: i64,
    pub heartbeat: i64,
    #[serde(default)]
    pub activity: Option<Activity>,
}

fn short(s: &str) -> String {
    crate::domain::text::inert_line(s)
        .chars()
        .take(NAME_LIMIT)
        .collect()
}

impl Announcement {
    /// This process, about to use the desk as `user` running `program`.
    pub fn of_this_process(user: &str, program: &str, site: String, now_ms: i64) -> Announcement {
        Announcement {
            user: short(user),
            login: short(&login_named()),
            host: short(&host()),
            boot: boot_id(),
            pid: std::process::id(),
            pid_start: process_start(std::process::id()).unwrap_or(0),
            program: short(program),
            site: short(&site),
            started: now_ms,
            heartbeat: now_ms,
            activity: None,
        }
    }

    /// The same machine as `other`, so its process can be asked after.
    pub fn same_machine(&self, other: &Announcement) -> bool {
        self.host == other.host && self.boot == other.boot && !self.boot.is_empty()
    }

    /// `bruno (app on desk2, pid 4242)`, for messages.
    pub fn describe(&self) -> String {
        format!(
            "{} ({} on {}, pid {})",
            self.user, self.program, self.host, self.pid
        )
    }

    /// The padded bytes of the file.
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).unwrap_or_default();
        bytes.truncate(SIZE);
        bytes.resize(SIZE, b' ');
        bytes
    }

    pub fn decode(bytes: &[u8]) -> Option<Announcement> {
        serde_json::from_slice(bytes).ok()
    }

    pub fn write_to(&self, file: &File) -> io::Result<()> {
        file.write_all_at(&self.encode(), 0)
    }

    pub fn read_from(file: &File) -> io::Result<Option<Announcement>> {
        let mut bytes = Vec::with_capacity(SIZE);
        file.take(SIZE as u64 * 4).read_to_end(&mut bytes)?;
        Ok(Announcement::decode(&bytes))
    }
}

pub fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown-host".into())
}

/// The login as the environment names it, for announcements: what others
/// see of a running copy is informational, and asking the password
/// database (which may ask a name service) would cost every command.
/// Events record `login()`, which asks it.
fn login_named() -> String {
    ["USER", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.is_empty()))
        .unwrap_or_else(login)
}

/// The operating-system login of this process, from the password
/// database (the environment's `USER` can say anything); the environment
/// only where the database has no entry.
pub fn login() -> String {
    // SAFETY: getuid cannot fail; getpwuid returns a pointer into static
    // storage that is read before any other call could reuse it.
    let from_passwd = unsafe {
        let pw = libc::getpwuid(libc::getuid());
        (!pw.is_null() && !(*pw).pw_name.is_null()).then(|| {
            std::ffi::CStr::from_ptr((*pw).pw_name)
                .to_string_lossy()
                .into_owned()
        })
    };
    from_passwd
        .or_else(|| {
            ["USER", "LOGNAME"]
                .iter()
                .find_map(|v| std::env::var(v).ok().filter(|n| !n.is_empty()))
        })
        .unwrap_or_else(|| format!("uid {}", unsafe { libc::getuid() }))
}

fn boot_id() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|b| b.trim().to_string())
        .unwrap_or_default()
}

/// The state (field 3) and start time (field 22) of `/proc/PID/stat`,
/// read after the command name, which may itself hold spaces and
/// parentheses.
fn process_stat(pid: u32) -> Option<(char, u64)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let mut fields = stat[stat.rfind(')')? + 1..].split_whitespace();
    let state = fields.next()?.chars().next()?;
    let start = fields.nth(18)?.parse().ok()?;
    Some((state, start))
}

pub fn process_start(pid: u32) -> Option<u64> {
    process_stat(pid).map(|(_, start)| start)
}

/// Whether the process an announcement of this machine names still runs:
/// it exists, is not a zombie that has exited but is not yet reaped, and
/// is the same process (a reused id starts at another time).
pub fn still_running(a: &Announcement) -> bool {
    if let Some((state, start)) = process_stat(a.pid) {
        // The very process: one that reused the id, or an announcement
        // naming process 1 with any start time, is not it.
        !matches!(state, 'Z' | 'X') && start == a.pid_start
    } else {
        // No /proc: ask the kernel whether the id is in use at all.
        // SAFETY: kill with signal 0 only checks the process exists.
        let exists = unsafe { libc::kill(a.pid as libc::pid_t, 0) == 0 };
        exists || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_announcement_is_a_fixed_size_and_reads_back() {
        let mut a = Announcement::of_this_process("ana", "app", "0:39 /srv".into(), 1_000);
        a.activity = Some(Activity::Replying(crate::domain::RequestId(301)));
        let bytes = a.encode();
        assert_eq!(bytes.len(), SIZE);
        assert_eq!(Announcement::decode(&bytes), Some(a));
    }

    #[test]
    fn names_are_cut_and_made_inert() {
        let a = Announcement::of_this_process(&"x\u{1b}]0;pwn\u{7}".repeat(50), "new", String::new(), 0);
        assert!(a.user.chars().count() <= NAME_LIMIT);
        assert!(!a.user.contains('\u{1b}'));
        assert!(a.encode().len() == SIZE);
    }

    #[test]
    fn this_process_is_running_and_a_made_up_one_is_not() {
        let me = Announcement::of_this_process("ana", "app", String::new(), 0);
        assert!(still_running(&me));
        assert!(me.pid_start > 0);
        let reused = Announcement {
            pid_start: me.pid_start + 1,
            ..me.clone()
        };
        assert!(!still_running(&reused), "a reused pid is not the copy");
        let gone = Announcement {
            pid: i32::MAX as u32 - 7,
            ..me
        };
        assert!(!still_running(&gone));
    }

    #[test]
    fn an_exited_process_not_yet_reaped_is_not_running() {
        let child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        // Not waited for: once it exits it stays a zombie until reaped.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while process_stat(pid).is_some_and(|(state, _)| state != 'Z') {
            assert!(std::time::Instant::now() < deadline, "true did not exit");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let a = Announcement {
            pid,
            pid_start: process_start(pid).unwrap(),
            ..Announcement::of_this_process("ana", "app", String::new(), 0)
        };
        assert!(!still_running(&a));
        drop(child);
    }
}
