//! Recurring requests: a template recorded on a schedule ("0 9 * * 1",
//! every Monday at 09:00, five-field cron in the desk's time zone). Each
//! occurrence is made once, whichever copy opens the desk first after it;
//! occurrences missed while nobody had the desk open are made too, up to
//! a week back.

use chrono::{DateTime, Utc};
use croner::Cron;
use serde::Serialize;

use super::calendar::Calendar;
use super::request::required_text;
use super::DomainError;

/// How far back missed occurrences are still made.
pub const CATCH_UP_SECONDS: i64 = 7 * 86_400;

/// A rule as kept in the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecurringRule {
    pub name: String,
    pub template: String,
    pub cron: String,
    #[serde(with = "super::time::rfc3339")]
    pub created_at: i64,
    /// The last occurrence made.
    #[serde(with = "super::time::rfc3339_opt")]
    pub last_made: Option<i64>,
    /// The next occurrence to make.
    #[serde(with = "super::time::rfc3339")]
    pub next_due: i64,
}

/// A five-field cron expression (minute hour day-of-month month
/// day-of-week), or an error saying what one looks like.
pub fn schedule(expr: &str) -> Result<Cron, DomainError> {
    let bad = |why: String| DomainError::InvalidValue {
        field: "cron",
        value: expr.to_string(),
        valid: format!("five fields, minute hour day month weekday, such as \"0 9 * * 1\" ({why})"),
    };
    if expr.split_whitespace().count() != 5 {
        return Err(bad("it has not five fields".into()));
    }
    Cron::new(expr).parse().map_err(|e| bad(e.to_string()))
}

/// The rule's name, checked: one word.
pub fn rule_name(name: &str) -> Result<String, DomainError> {
    let name = required_text("name", name)?;
    if name.chars().any(char::is_whitespace) {
        return Err(DomainError::Rule(format!(
            "'{name}' cannot name a rule: one word (backup-check, monday-report)"
        )));
    }
    Ok(name)
}

/// The occurrences of `cron` after `after` up to and including `until`,
/// as instants, in `calendar`'s zone; at most `limit` of them.
pub fn occurrences(cron: &Cron, calendar: &Calendar, after: i64, until: i64, limit: usize) -> Vec<i64> {
    // croner walks wall-clock time: the desk's, read as if it were UTC.
    let start: DateTime<Utc> = calendar.local_time(after).and_utc();
    let mut out = Vec::new();
    for local in cron.iter_after(start) {
        let at = calendar.instant_of(local.naive_utc());
        if at > until || out.len() >= limit {
            break;
        }
        if at > after && out.last() != Some(&at) {
            out.push(at);
        }
    }
    out
}

/// When a rule falls due next after `now`.
pub fn next_after(cron: &Cron, calendar: &Calendar, now: i64) -> Option<i64> {
    let start: DateTime<Utc> = calendar.local_time(now).and_utc();
    cron.iter_after(start)
        .map(|local| calendar.instant_of(local.naive_utc()))
        .find(|at| *at > now)
}

/// The occurrences of a rule still to be made at `now`: after the last
/// one made (or the rule's creation), at most a week back.
pub fn due(rule: &RecurringRule, cron: &Cron, calendar: &Calendar, now: i64) -> Vec<i64> {
    let after = rule
        .last_made
        .unwrap_or(rule.created_at)
        .max(rule.created_at)
        .max(now - CATCH_UP_SECONDS);
    occurrences(cron, calendar, after, now, 10_080)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_rfc3339;

    fn utc() -> Calendar {
        Calendar {
            zone: "UTC".into(),
            ..Calendar::default()
        }
    }

    fn t(s: &str) -> i64 {
        parse_rfc3339(s).unwrap()
    }

    #[test]
    fn five_fields_only_and_a_bad_one_says_what_one_looks_like() {
        assert!(schedule("0 9 * * 1").is_ok());
        let e = schedule("0 0 9 * * 1").unwrap_err().to_string();
        assert!(e.contains("five fields"), "{e}");
        assert!(schedule("61 9 * * 1").is_err());
        assert!(rule_name("two words").is_err());
    }

    #[test]
    fn mondays_at_nine_missed_for_a_fortnight_are_made_for_the_last_week_only() {
        let rule = RecurringRule {
            name: "backups".into(),
            template: "backup-check".into(),
            cron: "0 9 * * 1".into(),
            created_at: t("2026-11-01T00:00:00Z"),
            last_made: Some(t("2026-11-09T09:00:00Z")),
            next_due: t("2026-11-16T09:00:00Z"),
        };
        // Mondays 16th and 23rd were missed; only the 23rd is within a week.
        let cron = schedule(&rule.cron).unwrap();
        let due = due(&rule, &cron, &utc(), t("2026-11-25T10:00:00Z"));
        assert_eq!(due, [t("2026-11-23T09:00:00Z")]);
        // Made; nothing more until next Monday.
        let made = RecurringRule {
            last_made: Some(t("2026-11-23T09:00:00Z")),
            ..rule
        };
        assert!(super::due(&made, &cron, &utc(), t("2026-11-25T10:00:00Z")).is_empty());
        assert_eq!(
            next_after(&cron, &utc(), t("2026-11-25T10:00:00Z")),
            Some(t("2026-11-30T09:00:00Z"))
        );
    }

    #[test]
    fn the_desks_zone_says_when_nine_oclock_is() {
        let berlin = Calendar {
            zone: "Europe/Berlin".into(),
            ..Calendar::default()
        };
        let cron = schedule("0 9 * * *").unwrap();
        // 09:00 in Berlin in winter is 08:00 UTC.
        assert_eq!(
            next_after(&cron, &berlin, t("2026-11-25T10:00:00Z")),
            Some(t("2026-11-26T08:00:00Z"))
        );
        let every_hour = schedule("0 * * * *").unwrap();
        let all = occurrences(
            &every_hour,
            &berlin,
            t("2026-11-25T10:00:00Z"),
            t("2026-11-25T13:00:00Z"),
            100,
        );
        assert_eq!(all.len(), 3);
    }
}
