//! Deciding, from what one copy sees of the others' announcements, whether
//! the locks of this desk's folder are shared. Plain logic, no I/O.

use serde::Serialize;

use super::announcement::Announcement;

/// An announcement whose file has not been rewritten for this long, by
/// the share's own clock, belongs to a copy that died (killed, crashed, or
/// its machine lost the share). Machines' clocks need not agree: every
/// copy reads the same clock, the one that stamps the share's files.
pub const STALE_MS: i64 = 30_000;

/// How far ahead of the share's clock a file's modification time may be
/// and still be a running copy's (a clock read a moment before another
/// copy's write). Past this, only a planted file is that new.
pub const FUTURE_SLACK_MS: i64 = 5_000;

/// How often a running copy rewrites its announcement.
pub const HEARTBEAT_MS: u64 = 2_000;

/// What one copy found in another's announcement file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub file: String,
    /// None when the file cannot be read as an announcement.
    pub announcement: Option<Announcement>,
    /// Its lock is visible from here.
    pub lock_seen: bool,
    /// For a copy on this machine: whether its process still runs (and
    /// is the one that started then).
    pub running: Option<bool>,
    /// How long ago the file last changed, by the share's clock.
    pub modified_ms_ago: i64,
}

/// What a sighting means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// A running copy whose lock is seen from here.
    Visible,
    /// A copy that is gone: its announcement is left over.
    Gone,
    /// A running copy whose lock cannot be seen from here.
    Hidden,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub sighting: Sighting,
    pub standing: Standing,
    /// For a copy taken for gone: why.
    pub gone_because: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict", content = "why")]
pub enum Verdict {
    /// No other copy is using the desk.
    Alone,
    /// Other copies use it, and each one's lock is seen from here.
    Shared,
    /// Another copy uses the desk, but its lock cannot be seen from here:
    /// two writers could both believe they hold the file.
    NotShared(String),
    /// Locks do not work in this folder at all.
    Broken(String),
}

impl Verdict {
    /// Why writing is not safe, if it is not.
    pub fn refusal(&self) -> Option<&str> {
        match self {
            Verdict::Alone | Verdict::Shared => None,
            Verdict::NotShared(why) | Verdict::Broken(why) => Some(why),
        }
    }

    /// One word for the doctor's and `who`'s output.
    pub fn word(&self) -> &'static str {
        match self {
            Verdict::Alone => "alone",
            Verdict::Shared => "shared",
            Verdict::NotShared(_) => "not shared",
            Verdict::Broken(_) => "broken",
        }
    }
}

/// The site a copy reaches the file through, on its machine.
fn site(a: &Announcement) -> (&str, &str, &str) {
    (&a.host, &a.boot, &a.site)
}

/// Judges every sighting as `me` sees it. Nothing written inside an
/// announcement keeps a copy alive: a copy lives while its lock is seen,
/// or while its file is being rewritten (by the share's clock) and, on
/// this machine, its very process runs.
pub fn judge(me: &Announcement, sightings: Vec<Sighting>) -> (Vec<Peer>, Verdict) {
    // A site with one copy whose lock is seen shares locks with us: an
    // unlocked announcement from there is a dead copy's, not a hidden one.
    let proven: Vec<(String, String, String)> = sightings
        .iter()
        .filter(|s| s.lock_seen)
        .filter_map(|s| s.announcement.as_ref())
        .map(|a| {
            let (h, b, s) = site(a);
            (h.to_string(), b.to_string(), s.to_string())
        })
        .collect();
    let standing = |s: &Sighting| -> (Standing, Option<&'static str>) {
        if s.lock_seen {
            return (Standing::Visible, None);
        }
        if s.modified_ms_ago < -FUTURE_SLACK_MS {
            return (Standing::Gone, Some("its modification time is in the future"));
        }
        if s.modified_ms_ago > STALE_MS {
            return (
                Standing::Gone,
                Some("not rewritten for longer than a copy lives without"),
            );
        }
        let Some(a) = &s.announcement else {
            // Unreadable and fresh: it may be a copy we cannot read.
            return (Standing::Hidden, None);
        };
        if me.same_machine(a) {
            return match s.running {
                Some(true) => (Standing::Hidden, None),
                _ => (Standing::Gone, Some("no such process runs on this machine")),
            };
        }
        let (h, b, st) = site(a);
        if proven.iter().any(|(ph, pb, ps)| ph == h && pb == b && ps == st) {
            (
                Standing::Gone,
                Some("unlocked, from a place whose locks are seen"),
            )
        } else {
            (Standing::Hidden, None)
        }
    };
    let peers: Vec<Peer> = sightings
        .into_iter()
        .map(|s| {
            let (standing, gone_because) = standing(&s);
            Peer {
                standing,
                gone_because,
                sighting: s,
            }
        })
        .collect();
    let verdict = match peers.iter().find(|p| p.standing == Standing::Hidden) {
        Some(hidden) => Verdict::NotShared(hidden_reason(me, &hidden.sighting)),
        None if peers.iter().any(|p| p.standing == Standing::Visible) => Verdict::Shared,
        None => Verdict::Alone,
    };
    (peers, verdict)
}

fn hidden_reason(me: &Announcement, s: &Sighting) -> String {
    match &s.announcement {
        Some(a) if me.same_machine(a) => format!(
            "the locks of this mount do not reach {}, who uses the desk through another mount of this machine",
            a.describe()
        ),
        Some(a) => format!(
            "the locks of this share do not reach {}, who uses the desk from another machine",
            a.describe()
        ),
        None => format!(
            "the locks of this share do not reach the copy that left an unreadable announcement ({}) beside the desk",
            s.file
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn me() -> Announcement {
        Announcement {
            user: "ana".into(),
            login: "ana".into(),
            host: "desk1".into(),
            boot: "boot-1".into(),
            pid: 100,
            pid_start: 5,
            program: "app".into(),
            site: "0:39 /mnt/a".into(),
            started: NOW - 60_000,
            heartbeat: NOW - 1_000,
            activity: None,
        }
    }

    fn elsewhere(user: &str, heartbeat_ago: i64) -> Announcement {
        Announcement {
            user: user.into(),
            host: "desk2".into(),
            boot: "boot-2".into(),
            pid: 4242,
            site: "0:50 /mnt/share".into(),
            heartbeat: NOW - heartbeat_ago,
            ..me()
        }
    }

    /// A sighting of `a`, its file last written at its heartbeat.
    fn seen(a: Announcement, lock_seen: bool, running: Option<bool>) -> Sighting {
        Sighting {
            file: format!("{}.json", a.user),
            modified_ms_ago: NOW - a.heartbeat,
            announcement: Some(a),
            lock_seen,
            running,
        }
    }

    fn verdict(sightings: Vec<Sighting>) -> Verdict {
        judge(&me(), sightings).1
    }

    #[test]
    fn nobody_else_is_alone_and_visible_locks_are_shared() {
        assert_eq!(verdict(vec![]), Verdict::Alone);
        assert_eq!(
            verdict(vec![seen(elsewhere("bruno", 1_000), true, None)]),
            Verdict::Shared
        );
    }

    #[test]
    fn a_live_copy_elsewhere_whose_lock_is_hidden_means_not_shared() {
        let v = verdict(vec![seen(elsewhere("bruno", 1_000), false, None)]);
        let Verdict::NotShared(why) = v else {
            panic!("{v:?}")
        };
        assert!(why.contains("bruno (app on desk2, pid 4242)"), "{why}");
    }

    #[test]
    fn a_file_from_the_future_or_a_heartbeat_far_ahead_keeps_nobody_alive() {
        let (peers, v) = judge(&me(), vec![seen(elsewhere("bruno", -20_000), false, None)]);
        assert_eq!(v, Verdict::Alone);
        assert_eq!(
            peers[0].gone_because,
            Some("its modification time is in the future")
        );
        // Written in 2099, last touched a minute ago: the file's age counts.
        let planted = Sighting {
            modified_ms_ago: 60_000,
            ..seen(elsewhere("mallory", -2_000_000_000_000), false, None)
        };
        assert_eq!(verdict(vec![planted]), Verdict::Alone);
        // A moment ahead is a copy that wrote just after the clock was read.
        assert!(matches!(
            verdict(vec![seen(elsewhere("bruno", -2_000), false, None)]),
            Verdict::NotShared(_)
        ));
    }

    #[test]
    fn a_process_of_this_machine_that_runs_but_stopped_writing_is_gone() {
        let other_mount = Announcement {
            pid: 1,
            site: "0:40 /mnt/b".into(),
            ..me()
        };
        let silent = Sighting {
            modified_ms_ago: STALE_MS + 1,
            ..seen(other_mount, false, Some(true))
        };
        assert_eq!(verdict(vec![silent]), Verdict::Alone);
    }

    #[test]
    fn a_silent_copy_elsewhere_is_gone() {
        let (peers, v) = judge(&me(), vec![seen(elsewhere("bruno", STALE_MS + 1), false, None)]);
        assert_eq!(v, Verdict::Alone);
        assert_eq!(peers[0].standing, Standing::Gone);
    }

    #[test]
    fn on_this_machine_the_process_decides() {
        let other_mount = Announcement {
            pid: 200,
            site: "0:40 /mnt/b".into(),
            ..me()
        };
        assert!(matches!(
            verdict(vec![seen(other_mount.clone(), false, Some(true))]),
            Verdict::NotShared(why) if why.contains("through another mount of this machine")
        ));
        assert_eq!(
            verdict(vec![seen(other_mount, false, Some(false))]),
            Verdict::Alone
        );
    }

    #[test]
    fn a_dead_copy_from_a_site_whose_locks_we_see_is_gone_at_once() {
        let alive = Announcement {
            pid: 1,
            ..elsewhere("bruno", 1_000)
        };
        let crashed = Announcement {
            pid: 2,
            ..elsewhere("carla", 1_000)
        };
        let (peers, v) = judge(&me(), vec![seen(alive, true, None), seen(crashed, false, None)]);
        assert_eq!(v, Verdict::Shared);
        assert_eq!(peers[1].standing, Standing::Gone);
    }

    #[test]
    fn an_unreadable_file_is_hidden_while_fresh_and_litter_when_old() {
        let unreadable = |age| Sighting {
            file: "x.json".into(),
            announcement: None,
            lock_seen: false,
            running: None,
            modified_ms_ago: age,
        };
        assert!(matches!(verdict(vec![unreadable(1_000)]), Verdict::NotShared(_)));
        assert_eq!(verdict(vec![unreadable(STALE_MS + 1)]), Verdict::Alone);
        let locked = Sighting {
            lock_seen: true,
            ..unreadable(1_000)
        };
        assert_eq!(verdict(vec![locked]), Verdict::Shared);
    }
}
