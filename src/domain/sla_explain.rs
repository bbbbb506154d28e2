//! Why a request is due when it is: its clock from start to due (or to
//! now, when that is later), cut into what each stretch of time counted
//! as — running, paused while waiting on the requester, outside business
//! hours, a day off, a holiday — so a lead can answer "why is this
//! breached?" with the calendar and the history in front of them.

use serde::Serialize;

use super::calendar::{Calendar, DayPart};
use super::event::{Event, EventKind};
use super::sla::{DueSource, DueState, SlaPolicy};
use super::text::inert_line;
use super::time::{local_short, short_duration};
use super::Request;

/// What a stretch of the clock counted as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stretch {
    /// Business time, counted against the target.
    Running,
    /// Waiting on the requester in business time: not counted.
    Paused,
    OutsideHours,
    DayOff,
    Holiday(String),
}

impl Stretch {
    pub fn label(&self) -> String {
        match self {
            Stretch::Running => "running".into(),
            Stretch::Paused => "paused (waiting)".into(),
            Stretch::OutsideHours => "outside business hours".into(),
            Stretch::DayOff => "day off".into(),
            Stretch::Holiday(name) => format!("holiday: {name}"),
        }
    }
}

/// One stretch: `[from, to)`, what it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub from: i64,
    pub to: i64,
    pub stretch: Stretch,
}

/// The times a request waited on its requester, from its history: from
/// each move to `waiting` to the next move away (or `now`).
pub fn waiting_spans(events: &[Event], now: i64) -> Vec<(i64, i64)> {
    let mut spans = Vec::new();
    let mut since: Option<i64> = None;
    for e in events.iter().filter(|e| e.kind == EventKind::Status) {
        match (e.new_value.as_deref(), since) {
            (Some("waiting"), None) => since = Some(e.at),
            (Some(other), Some(start)) if other != "waiting" => {
                spans.push((start, e.at));
                since = None;
            }
            _ => {}
        }
    }
    if let Some(start) = since {
        spans.push((start, now.max(start)));
    }
    spans
}

/// The clock from `from` to `to`, each stretch what it counted as, with
/// neighbours of the same kind joined.
pub fn segments(calendar: &Calendar, from: i64, to: i64, waiting: &[(i64, i64)]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (a, b, part) in calendar.day_parts(from, to) {
        // A working stretch splits where waiting starts and ends.
        let mut cuts = vec![a, b];
        if part == DayPart::Working {
            for &(w0, w1) in waiting {
                cuts.extend([w0, w1].into_iter().filter(|t| *t > a && *t < b));
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (s, e) = (pair[0], pair[1]);
            let waits = waiting.iter().any(|&(w0, w1)| w0 <= s && e <= w1);
            let stretch = match &part {
                DayPart::Working if waits => Stretch::Paused,
                DayPart::Working => Stretch::Running,
                DayPart::Outside => Stretch::OutsideHours,
                DayPart::DayOff => Stretch::DayOff,
                DayPart::Holiday(name) => Stretch::Holiday(name.clone()),
            };
            match out.last_mut() {
                Some(last) if last.stretch == stretch && last.to == s => last.to = e,
                _ => out.push(Segment {
                    from: s,
                    to: e,
                    stretch,
                }),
            }
        }
    }
    out
}

/// Seconds of each kind: running, paused.
pub fn totals(segments: &[Segment]) -> (i64, i64) {
    segments.iter().fold((0, 0), |(run, pause), s| match s.stretch {
        Stretch::Running => (run + s.to - s.from, pause),
        Stretch::Paused => (run, pause + s.to - s.from),
        _ => (run, pause),
    })
}

/// A request's clock explained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    pub id: super::RequestId,
    pub subject: String,
    pub priority: super::Priority,
    /// The target as written (`8h`, `2d`), its business seconds, and what
    /// it is the target for.
    pub target: String,
    pub target_seconds: i64,
    pub source: DueSource,
    pub around_the_clock: bool,
    pub from: i64,
    pub due_at: i64,
    pub state: DueState,
    /// Up to the due time: counted, and paused while waiting.
    pub running: i64,
    pub paused: i64,
    /// From the clock's start to the due time or now, whichever is later.
    pub segments: Vec<Segment>,
    pub now: i64,
}

/// Explains request `r`'s due time from its history and the policy; None
/// when it has no due time.
pub fn explain(r: &Request, events: &[Event], policy: &SlaPolicy, now: i64) -> Option<Explanation> {
    let due = r.due(now)?;
    let calendar = policy.calendar_for(r.priority);
    let targets = policy.targets_for(r.priority);
    let day = calendar.workday_seconds();
    let (from, target) = match due.source {
        DueSource::Response | DueSource::ReplyBy => (r.created_at, targets.response),
        DueSource::Resolve => (r.clock.started_at.max(r.created_at), targets.resolve),
    };
    let end = r.resolved_at.unwrap_or(now).max(due.due_at);
    let waiting = waiting_spans(events, now);
    let (running, paused) = totals(&segments(&calendar, from, due.due_at, &waiting));
    Some(Explanation {
        id: r.id,
        subject: r.subject.clone(),
        priority: r.priority,
        target: target.to_string(),
        target_seconds: target.seconds(day),
        source: due.source,
        around_the_clock: day == 86_400 && calendar.workdays.len() == 7,
        from,
        due_at: due.due_at,
        state: due.state,
        running,
        paused,
        segments: segments(&calendar, from, end, &waiting),
        now,
    })
}

impl Explanation {
    /// The explanation as lines of text, made inert.
    pub fn lines(&self) -> Vec<String> {
        let what = match self.source {
            DueSource::Response => "first-response target",
            DueSource::Resolve => "resolution target",
            DueSource::ReplyBy => "the reply-by the requester asked for",
        };
        let clock = if self.around_the_clock {
            "around the clock"
        } else {
            "in business hours"
        };
        let state = match self.state {
            DueState::Breached if self.now > self.due_at => {
                format!("breached by {}", short_duration(self.now - self.due_at))
            }
            other => other.label().to_string(),
        };
        let mut out = vec![
            format!(
                "#{} {} · {} · {what} {} {clock}",
                self.id,
                inert_line(&self.subject),
                self.priority,
                self.target
            ),
            format!(
                "clock from {} · due {} · {state}",
                local_short(self.from),
                local_short(self.due_at)
            ),
        ];
        for s in &self.segments {
            let due = if s.from < self.due_at && self.due_at <= s.to {
                "  ← due"
            } else {
                ""
            };
            out.push(format!(
                "  {} → {}  {:>8}  {}{due}",
                local_short(s.from),
                local_short(s.to),
                short_duration(s.to - s.from),
                inert_line(&s.stretch.label())
            ));
        }
        out.push(format!(
            "until due: running {} (the {} target), paused {} while waiting on the requester",
            short_duration(self.running),
            short_duration(self.target_seconds),
            short_duration(self.paused)
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    fn at(t: &str) -> i64 {
        parse_rfc3339(t).unwrap()
    }

    fn utc() -> Calendar {
        let mut c = Calendar {
            zone: "UTC".into(),
            ..Calendar::default()
        };
        c.holidays.insert(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            "Staff day".into(),
        );
        c
    }

    #[test]
    fn a_clock_over_a_weekend_a_holiday_and_a_wait_is_cut_into_what_counted() {
        // Friday 16:00 to Tuesday 11:00; waiting on the requester Friday
        // 17:00 to Tuesday 10:00; Monday is a holiday.
        let waiting = [(at("2026-11-27T17:00:00Z"), at("2026-12-01T10:00:00Z"))];
        let s = segments(
            &utc(),
            at("2026-11-27T16:00:00Z"),
            at("2026-12-01T11:00:00Z"),
            &waiting,
        );
        let kinds: Vec<(String, i64)> = s
            .iter()
            .map(|s| (s.stretch.label(), (s.to - s.from) / 3600))
            .collect();
        assert_eq!(
            kinds,
            [
                ("running".to_string(), 1),
                ("paused (waiting)".to_string(), 1),
                ("outside business hours".to_string(), 6),
                ("day off".to_string(), 48),
                ("holiday: Staff day".to_string(), 24),
                ("outside business hours".to_string(), 9),
                ("paused (waiting)".to_string(), 1),
                ("running".to_string(), 1),
            ]
        );
        assert_eq!(totals(&s), (2 * 3600, 2 * 3600));
    }

    #[test]
    fn waiting_comes_from_the_status_moves_of_the_history() {
        let status = |at: i64, old: &str, new: &str| Event {
            id: 0,
            request_id: crate::domain::RequestId(1),
            at,
            actor: "ana".into(),
            kind: EventKind::Status,
            old_value: Some(old.into()),
            new_value: Some(new.into()),
            body: None,
            login: None,
            host: None,
            hash: None,
            attachments: Vec::new(),
        };
        let events = [
            status(10, "open", "waiting"),
            status(20, "waiting", "open"),
            status(30, "open", "waiting"),
        ];
        assert_eq!(waiting_spans(&events, 50), [(10, 20), (30, 50)]);
    }
}
