//! Service-level targets and the clock of each request. Targets are in
//! business time; a request is at risk past 75% of its active target and
//! breached past 100%. Waiting pauses the clock.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::calendar::{parse_workdays, Calendar};
use super::{DomainError, Priority};

/// A span of business time: `90m`, `4h`, `3d`, `1h30m`. A day is one
/// working day of the calendar (09:00–18:00 makes it 9 hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessDuration {
    pub days: i64,
    pub minutes: i64,
}

impl BusinessDuration {
    pub fn parse(text: &str) -> Result<BusinessDuration, DomainError> {
        let bad = || DomainError::InvalidValue {
            field: "duration",
            value: text.to_string(),
            valid: "a number with m, h or d, such as 90m, 4h, 2d or 1h30m".into(),
        };
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(bad());
        }
        let (mut days, mut minutes, mut number) = (0i64, 0i64, String::new());
        for c in compact.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let n: i64 = number.parse().map_err(|_| bad())?;
            if n > MAX_TARGET_DAYS * 24 * 60 {
                return Err(bad());
            }
            number.clear();
            match c.to_ascii_lowercase() {
                'm' => minutes += n,
                'h' => minutes += n * 60,
                'd' => days += n,
                _ => return Err(bad()),
            }
        }
        if !number.is_empty() || (days == 0 && minutes == 0) {
            return Err(bad());
        }
        Ok(BusinessDuration { days, minutes })
    }

    /// Seconds of business time for a given working-day length.
    pub fn seconds(self, workday_seconds: i64) -> i64 {
        self.days * workday_seconds + self.minutes * 60
    }
}

impl std::fmt::Display for BusinessDuration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if self.days > 0 {
            parts.push(format!("{}d", self.days));
        }
        let (h, m) = (self.minutes / 60, self.minutes % 60);
        if h > 0 {
            parts.push(format!("{h}h"));
        }
        if m > 0 {
            parts.push(format!("{m}m"));
        }
        f.write_str(&parts.join(""))
    }
}

/// Response and resolution targets of one priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub response: BusinessDuration,
    pub resolve: BusinessDuration,
}

/// The longest target, in working days: a year of work. Longer ones are
/// slips of the keyboard, and keeping within it keeps the business-time
/// arithmetic exact.
pub const MAX_TARGET_DAYS: i64 = 365;

/// The shared promise of the desk: targets per priority on one calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub calendar: Calendar,
    /// P1 to P4, in that order.
    pub targets: [Targets; 4],
    /// P1 runs on the 24×7 clock instead of business hours.
    pub p1_around_the_clock: bool,
}

fn d(text: &str) -> BusinessDuration {
    BusinessDuration::parse(text).unwrap_or(BusinessDuration { days: 1, minutes: 0 })
}

impl Default for SlaPolicy {
    /// P1 30 min / 4 h, P2 1 h / 8 h, P3 4 h / 3 days, P4 1 day / 5 days.
    fn default() -> Self {
        SlaPolicy {
            calendar: Calendar::default(),
            targets: [
                Targets {
                    response: d("30m"),
                    resolve: d("4h"),
                },
                Targets {
                    response: d("1h"),
                    resolve: d("8h"),
                },
                Targets {
                    response: d("4h"),
                    resolve: d("3d"),
                },
                Targets {
                    response: d("1d"),
                    resolve: d("5d"),
                },
            ],
            p1_around_the_clock: false,
        }
    }
}

/// The calendar that runs all day, every day.
fn around_the_clock(zone: &str) -> Calendar {
    Calendar {
        zone: zone.to_string(),
        workdays: parse_workdays("mon-sun").unwrap_or_default(),
        start: NaiveTime::MIN,
        end: NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN),
        holidays: Default::default(),
    }
}

/// Which promise a due time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueSource {
    Response,
    Resolve,
    ReplyBy,
}

impl DueSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DueSource::Response => "response",
            DueSource::Resolve => "resolve",
            DueSource::ReplyBy => "reply_by",
        }
    }

    pub fn parse(s: &str) -> Option<DueSource> {
        [DueSource::Response, DueSource::Resolve, DueSource::ReplyBy]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DueState {
    Breached,
    AtRisk,
    OnTrack,
    Paused,
    Done,
}

impl DueState {
    pub fn label(self) -> &'static str {
        match self {
            DueState::Breached => "breached",
            DueState::AtRisk => "at risk",
            DueState::OnTrack => "on track",
            DueState::Paused => "paused",
            DueState::Done => "done",
        }
    }
}

impl Due {
    /// Time left (`3h 05m`), at risk (`~1h 20m`), overdue (`-2h 05m`),
    /// `paused`, or `-` when done: the due column of every list.
    pub fn short(&self, now: i64) -> String {
        use super::time::short_duration;
        match self.state {
            DueState::Done => "-".into(),
            DueState::Paused => "paused".into(),
            DueState::Breached => format!("-{}", short_duration(now - self.due_at)),
            DueState::AtRisk => format!("~{}", short_duration(self.due_at - now)),
            DueState::OnTrack => short_duration(self.due_at - now),
        }
    }
}

/// When each target falls due and when it turns at risk, as instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dues {
    pub response_due_at: i64,
    pub response_risk_at: i64,
    pub resolve_due_at: i64,
    pub resolve_risk_at: i64,
}

/// What the clock needs to know about a request.
#[derive(Debug, Clone, Copy)]
pub struct ClockInput {
    pub priority: Priority,
    pub created_at: i64,
    /// Creation, or the last reopen: the resolution clock restarts there.
    pub clock_started_at: i64,
    /// Business seconds spent waiting so far (finished pauses).
    pub paused_seconds: i64,
}

impl SlaPolicy {
    pub fn targets_for(&self, p: Priority) -> Targets {
        self.targets[p as usize]
    }

    /// A calendar that works, and targets within a working year whose
    /// resolution does not come before the first response.
    pub fn validate(&self) -> Result<(), DomainError> {
        self.calendar.validate()?;
        for (p, t) in Priority::ALL.iter().zip(&self.targets) {
            let day = self.calendar_for(*p).workday_seconds();
            let (response, resolve) = (t.response.seconds(day), t.resolve.seconds(day));
            if response.max(resolve) > MAX_TARGET_DAYS * day {
                return Err(DomainError::Rule(format!(
                    "{p} targets must be at most {MAX_TARGET_DAYS} working days ({} / {})",
                    t.response, t.resolve
                )));
            }
            if resolve < response {
                return Err(DomainError::Rule(format!(
                    "{p}: the resolution target ({}) must not be shorter than the first-response target ({})",
                    t.resolve, t.response
                )));
            }
        }
        Ok(())
    }

    /// The calendar a priority's clock runs on.
    pub fn calendar_for(&self, p: Priority) -> Calendar {
        if p == Priority::P1 && self.p1_around_the_clock {
            around_the_clock(&self.calendar.zone)
        } else {
            self.calendar.clone()
        }
    }

    /// Due and at-risk instants; paused time pushes both out.
    pub fn dues(&self, input: ClockInput) -> Dues {
        let cal = self.calendar_for(input.priority);
        let day = cal.workday_seconds();
        let t = self.targets_for(input.priority);
        let at = |start: i64, target: i64| {
            let due = cal.add(start, target + input.paused_seconds);
            let risk = cal.add(start, target * 3 / 4 + input.paused_seconds);
            (due, risk)
        };
        let (response_due_at, response_risk_at) = at(input.created_at, t.response.seconds(day));
        let (resolve_due_at, resolve_risk_at) = at(input.clock_started_at, t.resolve.seconds(day));
        Dues {
            response_due_at,
            response_risk_at,
            resolve_due_at,
            resolve_risk_at,
        }
    }
}

/// The state of a request's clock now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub state: DueState,
    pub source: DueSource,
    pub due_at: i64,
}

/// The active promise: the response until the first reply, then the
/// resolution; a requester's reply-by that falls earlier wins. Returns
/// where it comes from, when it falls due and when it turns at risk.
pub fn active_due(
    dues: &Dues,
    first_response_at: Option<i64>,
    created_at: i64,
    reply_by: Option<i64>,
) -> (DueSource, i64, i64) {
    let (source, due_at, risk_at) = if first_response_at.is_none() {
        (DueSource::Response, dues.response_due_at, dues.response_risk_at)
    } else {
        (DueSource::Resolve, dues.resolve_due_at, dues.resolve_risk_at)
    };
    // The requester's reply-by is when they need an answer: once they
    // have one, it no longer applies and the next real target shows.
    match reply_by.filter(|rb| first_response_at.is_none() && *rb < due_at) {
        Some(rb) => (DueSource::ReplyBy, rb, created_at + (rb - created_at) * 3 / 4),
        None => (source, due_at, risk_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    #[test]
    fn a_reply_by_stops_counting_once_the_requester_has_an_answer() {
        let p = policy();
        let dues = p.dues(input(Priority::P3, "2026-11-25 10:00"));
        let reply_by = Some(at("2026-11-25 11:00"));
        let before = active_due(&dues, None, at("2026-11-25 10:00"), reply_by);
        assert_eq!((before.0, before.1), (DueSource::ReplyBy, at("2026-11-25 11:00")));
        let answered = active_due(
            &dues,
            Some(at("2026-11-25 10:30")),
            at("2026-11-25 10:00"),
            reply_by,
        );
        assert_eq!(
            (answered.0, answered.1),
            (DueSource::Resolve, dues.resolve_due_at)
        );
    }

    fn policy() -> SlaPolicy {
        let mut p = SlaPolicy::default();
        p.calendar.zone = "UTC".into();
        p
    }

    fn at(text: &str) -> i64 {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    fn input(priority: Priority, created: &str) -> ClockInput {
        let t = at(created);
        ClockInput {
            priority,
            created_at: t,
            clock_started_at: t,
            paused_seconds: 0,
        }
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(
            BusinessDuration::parse("90m").unwrap(),
            BusinessDuration { days: 0, minutes: 90 }
        );
        assert_eq!(BusinessDuration::parse("1h30m").unwrap().to_string(), "1h30m");
        assert_eq!(
            BusinessDuration::parse("2d").unwrap().seconds(9 * 3600),
            18 * 3600
        );
        for bad in ["", "4", "h", "4x", "-3h", "0m", "99999999999d"] {
            assert!(BusinessDuration::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn default_targets_on_business_hours() {
        let p = policy();
        // P3 created Wednesday 2026-11-25 10:00: response 4h → 14:00; 3 days (27h) → Monday 10:00.
        let d = p.dues(input(Priority::P3, "2026-11-25 10:00"));
        assert_eq!(d.response_due_at, at("2026-11-25 14:00"));
        assert_eq!(d.response_risk_at, at("2026-11-25 13:00"));
        assert_eq!(d.resolve_due_at, at("2026-11-30 10:00"));
        // P4 created Friday 17:00: 1 business day → Monday 17:00.
        let d = p.dues(input(Priority::P4, "2026-11-27 17:00"));
        assert_eq!(d.response_due_at, at("2026-11-30 17:00"));
    }

    #[test]
    fn p1_can_run_around_the_clock() {
        let mut p = policy();
        let d = p.dues(input(Priority::P1, "2026-11-28 22:00"));
        assert_eq!(
            d.response_due_at,
            at("2026-11-30 09:30"),
            "Saturday night waits for Monday"
        );
        p.p1_around_the_clock = true;
        let d = p.dues(input(Priority::P1, "2026-11-28 22:00"));
        assert_eq!(d.response_due_at, at("2026-11-28 22:30"));
    }

    #[test]
    fn paused_time_moves_the_due_time() {
        let p = policy();
        let mut i = input(Priority::P2, "2026-11-25 10:00");
        i.paused_seconds = 2 * 3600;
        // 8h + 2h paused from Wed 10:00 → Thursday 11:00.
        assert_eq!(p.dues(i).resolve_due_at, at("2026-11-26 11:00"));
    }

    #[test]
    fn the_active_target_is_the_response_until_the_first_reply() {
        let p = policy();
        let created = at("2026-11-25 10:00");
        let d = p.dues(input(Priority::P3, "2026-11-25 10:00"));
        assert_eq!(
            active_due(&d, None, created, None),
            (DueSource::Response, d.response_due_at, d.response_risk_at)
        );
        assert_eq!(
            active_due(&d, Some(created + 60), created, None).0,
            DueSource::Resolve
        );
    }

    #[test]
    fn an_earlier_reply_by_wins_and_says_so() {
        let p = policy();
        let created = at("2026-11-25 10:00");
        let d = p.dues(input(Priority::P4, "2026-11-25 10:00"));
        let rb = at("2026-11-25 12:00");
        let (source, due, risk) = active_due(&d, None, created, Some(rb));
        assert_eq!((source, due), (DueSource::ReplyBy, rb));
        assert_eq!(risk, at("2026-11-25 11:30"));
        // A later reply-by does not loosen the SLA.
        assert_eq!(
            active_due(&d, None, created, Some(at("2026-12-20 12:00"))).0,
            DueSource::Response
        );
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_duration_text_parses_or_is_refused(input in "[0-9dhmx \\-]{0,12}") {
            if let Ok(d) = BusinessDuration::parse(&input) {
                // What it prints parses back to the same span.
                let again = BusinessDuration::parse(&d.to_string()).unwrap();
                prop_assert_eq!(again.seconds(32_400), d.seconds(32_400));
            }
        }
    }
}

/// The earliest target of a request that could still breach and has not
/// been escalated for (bit 1: response, bit 2: resolution), or None when
/// the clock is not running.
pub fn next_breach(
    clock_running: bool,
    first_response_at: Option<i64>,
    response_due_at: Option<i64>,
    resolve_due_at: Option<i64>,
    escalated_flags: i64,
) -> Option<i64> {
    if !clock_running {
        return None;
    }
    let response = response_due_at.filter(|_| first_response_at.is_none() && escalated_flags & 1 == 0);
    let resolve = resolve_due_at.filter(|_| escalated_flags & 2 == 0);
    match (response, resolve) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod next_breach_tests {
    use super::next_breach;

    #[test]
    fn the_next_breach_is_the_earliest_unescalated_target() {
        assert_eq!(next_breach(true, None, Some(10), Some(50), 0), Some(10));
        assert_eq!(
            next_breach(true, Some(5), Some(10), Some(50), 0),
            Some(50),
            "answered: only resolution"
        );
        assert_eq!(
            next_breach(true, None, Some(10), Some(50), 1),
            Some(50),
            "response already escalated"
        );
        assert_eq!(next_breach(true, None, Some(10), Some(50), 3), None);
        assert_eq!(
            next_breach(false, None, Some(10), Some(50), 0),
            None,
            "waiting or done"
        );
    }
}

/// The triage order as one number: open work first, by due time; then
/// waiting; then done. Stored and indexed, so the queue reads windows of
/// it straight from the index.
pub fn triage_key(status: crate::domain::Status, due_at: Option<i64>) -> i64 {
    let group = match status {
        crate::domain::Status::New | crate::domain::Status::Open => 0,
        crate::domain::Status::Waiting => 1,
        _ => 2,
    };
    group * 10_000_000_000 + due_at.unwrap_or(9_999_999_999).clamp(0, 9_999_999_999)
}
