//! A team and how its new work finds an owner: by turn (round-robin),
//! by load (least-loaded), or by hand (off). Who is away is skipped.
//! Deciding whose turn it is is pure, so it is tested here by hand; the
//! store asks it inside the write that records the request, so two
//! copies recording at once never hand out the same turn twice.

use chrono::{Local, LocalResult, NaiveDate, TimeZone};
use serde::Serialize;

use super::labels::labelled_enum;
use super::time::{parse_datetime, to_utc};
use super::{DomainError, Role};

labelled_enum!(
    /// How work that enters a team with no assignee is given an owner.
    AssignMode, "assignment mode" { Off => "off", RoundRobin => "round-robin", LeastLoaded => "least-loaded" }
);

/// A member of a team as assignment sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub name: String,
    pub role: Role,
    /// When they are back, while they are away.
    #[serde(with = "super::time::rfc3339_opt", skip_serializing_if = "Option::is_none")]
    pub away_until: Option<i64>,
    /// Who covers for them while they are away.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
    /// Their open requests (new, open or waiting).
    pub open: i64,
}

/// A team: its members (staff whose team it is), how its work is
/// assigned, and whose turn came last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub name: String,
    pub assign: AssignMode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_turn: Option<String>,
    pub members: Vec<Member>,
}

impl Member {
    /// Whether they are away at `now`.
    pub fn is_away(&self, now: i64) -> bool {
        self.away_until.is_some_and(|t| t > now)
    }
}

/// Who gets the next request of a team assigned as `mode`: members who
/// are not away, taken in the order of their names. Round-robin takes
/// the first after `last` (the one the last turn went to), wrapping
/// round; least-loaded takes whoever has the fewest open requests, ties
/// going by the same turn. None when the mode is off or nobody is in.
pub fn next_assignee<'m>(
    mode: AssignMode,
    members: &'m [Member],
    last: Option<&str>,
    now: i64,
) -> Option<&'m Member> {
    let mut present: Vec<&Member> = members.iter().filter(|m| !m.is_away(now)).collect();
    present.sort_by_key(|m| m.name.to_lowercase());
    if present.is_empty() || mode == AssignMode::Off {
        return None;
    }
    // The turn order starts just after the last one to be given work.
    let start = last
        .map(str::to_lowercase)
        .and_then(|l| present.iter().position(|m| m.name.to_lowercase() > l))
        .unwrap_or(0);
    let in_turn = present[start..].iter().chain(&present[..start]).copied();
    match mode {
        AssignMode::RoundRobin => in_turn.into_iter().next(),
        AssignMode::LeastLoaded => {
            let fewest = present.iter().map(|m| m.open).min()?;
            in_turn.into_iter().find(|m| m.open == fewest)
        }
        AssignMode::Off => None,
    }
}

/// When someone away `--until` `input` is back: a date means away all
/// that day, back at the start of the next (local time); a date and time
/// is the moment itself.
pub fn back_at(input: &str) -> Result<i64, DomainError> {
    if let Ok(day) = NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d") {
        let next = day.succ_opt().and_then(|d| d.and_hms_opt(0, 0, 0));
        if let Some(next) = next {
            if let LocalResult::Single(t) | LocalResult::Ambiguous(t, _) = Local.from_local_datetime(&next) {
                // Checked like any typed date (the years 2000 to 2099).
                parse_datetime(&day.format("%Y-%m-%d").to_string())?;
                return Ok(t.timestamp());
            }
        }
    }
    parse_datetime(input)
}

/// "away until 2026-12-24": the last day away, as a person would say it.
pub fn away_label(back: i64) -> String {
    let last = to_utc(back - 1).with_timezone(&Local);
    format!("away until {}", last.format("%Y-%m-%d"))
}

/// "away until 2026-12-24, cover bo" while someone back at `back` is
/// away at `now`; None when they are in.
pub fn absence(back: Option<i64>, cover: Option<&str>, now: i64) -> Option<String> {
    let back = back.filter(|b| *b > now)?;
    Some(match cover {
        Some(c) => format!("{}, cover {c}", away_label(back)),
        None => away_label(back),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, open: i64, away_until: Option<i64>) -> Member {
        Member {
            name: name.into(),
            role: Role::Agent,
            away_until,
            cover: None,
            open,
        }
    }

    #[test]
    fn round_robin_goes_on_after_the_last_turn_and_wraps() {
        let team = [
            member("cy", 0, None),
            member("ana", 0, None),
            member("Bo", 0, None),
        ];
        let next = |last| next_assignee(AssignMode::RoundRobin, &team, last, 0).map(|m| m.name.as_str());
        assert_eq!(next(None), Some("ana"));
        assert_eq!(next(Some("ana")), Some("Bo"));
        assert_eq!(next(Some("bo")), Some("cy"));
        assert_eq!(next(Some("cy")), Some("ana"));
        // Someone who left the team since still leaves the turn in place.
        assert_eq!(next(Some("bea")), Some("Bo"));
    }

    #[test]
    fn whoever_is_away_is_skipped_until_they_are_back() {
        let team = [member("ana", 0, Some(100)), member("bo", 5, None)];
        assert_eq!(
            next_assignee(AssignMode::RoundRobin, &team, Some("bo"), 50).map(|m| m.name.as_str()),
            Some("bo")
        );
        assert_eq!(
            next_assignee(AssignMode::RoundRobin, &team, Some("bo"), 100).map(|m| m.name.as_str()),
            Some("ana")
        );
        let all_away = [member("ana", 0, Some(100))];
        assert_eq!(next_assignee(AssignMode::RoundRobin, &all_away, None, 50), None);
    }

    #[test]
    fn least_loaded_takes_the_fewest_open_and_breaks_ties_by_turn() {
        let team = [
            member("ana", 3, None),
            member("bo", 1, None),
            member("cy", 1, None),
        ];
        let next = |last| next_assignee(AssignMode::LeastLoaded, &team, last, 0).map(|m| m.name.as_str());
        assert_eq!(next(None), Some("bo"));
        assert_eq!(next(Some("bo")), Some("cy"));
        assert_eq!(next(Some("cy")), Some("bo"));
    }

    #[test]
    fn off_assigns_nobody() {
        let team = [member("ana", 0, None)];
        assert_eq!(next_assignee(AssignMode::Off, &team, None, 0), None);
    }

    #[test]
    fn a_date_means_away_all_that_day() {
        let back = back_at("2026-12-24").unwrap();
        let local = to_utc(back).with_timezone(&Local);
        assert_eq!(local.format("%Y-%m-%d %H:%M").to_string(), "2026-12-25 00:00");
        assert_eq!(away_label(back), "away until 2026-12-24");
        assert!(back_at("someday").is_err());
        assert!(back_at("1999-01-01").is_err());
    }
}
