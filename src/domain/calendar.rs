//! Business time: working days, working hours and holidays in one time
//! zone. Pure arithmetic, so it is tested against hand-worked cases.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use jiff::tz::{AmbiguousOffset, TimeZone};
use serde::{Deserialize, Serialize};

use super::DomainError;

/// The shared definition of when the desk works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// An IANA zone name (`Europe/Berlin`), or `local` for this machine's.
    pub zone: String,
    /// Working days, Monday first.
    pub workdays: Vec<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// Days off, with their names.
    pub holidays: BTreeMap<NaiveDate, String>,
}

impl Default for Calendar {
    /// Monday to Friday, 09:00–18:00, in the local time zone.
    fn default() -> Self {
        Calendar {
            zone: "local".into(),
            workdays: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
            end: NaiveTime::from_hms_opt(18, 0, 0).unwrap_or_default(),
            holidays: BTreeMap::new(),
        }
    }
}

/// What a stretch of time is to the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayPart {
    Working,
    /// Before or after working hours on a working day.
    Outside,
    /// A day that is not a working day of the week.
    DayOff,
    Holiday(String),
}

/// The longest span the arithmetic walks, so a calendar with no working
/// time can never loop for ever.
const MAX_DAYS: i64 = 3_660;

/// A calendar's time zone. Zones come from the system's zoneinfo (with a
/// bundled copy where there is none), read when first used: a binary with
/// every zone's rules compiled in spent a millisecond of each command's
/// start just relocating them.
struct Zone(TimeZone);

impl Zone {
    fn date_of(&self, ts: i64) -> NaiveDate {
        let t = jiff::Timestamp::from_second(ts).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let d = self.0.to_datetime(t).date();
        NaiveDate::from_ymd_opt(d.year().into(), d.month() as u32, d.day() as u32).unwrap_or_default()
    }

    /// The instant of a local wall-clock time. In a DST gap the clock
    /// jumps, so the first valid instant after the gap is taken; a time
    /// that happens twice (the clock goes back) is taken the first time.
    fn instant(&self, naive: NaiveDateTime) -> i64 {
        let at = |n: NaiveDateTime| -> Option<i64> {
            let civil = jiff::civil::DateTime::new(
                i16::try_from(n.year()).ok()?,
                n.month() as i8,
                n.day() as i8,
                n.hour() as i8,
                n.minute() as i8,
                n.second() as i8,
                0,
            )
            .ok()?;
            let ambiguous = self.0.to_ambiguous_timestamp(civil);
            match ambiguous.offset() {
                AmbiguousOffset::Gap { .. } => None,
                AmbiguousOffset::Unambiguous { .. } | AmbiguousOffset::Fold { .. } => {
                    ambiguous.earlier().ok().map(jiff::Timestamp::as_second)
                }
            }
        };
        (0..=180)
            .find_map(|m| at(naive + Duration::minutes(m)))
            .unwrap_or_else(|| naive.and_utc().timestamp())
    }
}

/// `local` is this machine's zone (`$TZ` by name or rule, else the
/// system's); anything else an IANA name.
fn parse_zone(name: &str) -> Result<Zone, DomainError> {
    if name.eq_ignore_ascii_case("local") {
        return Ok(Zone(TimeZone::try_system().unwrap_or(TimeZone::UTC)));
    }
    TimeZone::get(name)
        .map(Zone)
        .map_err(|_| DomainError::InvalidValue {
            field: "time zone",
            value: name.to_string(),
            valid: "local, or an IANA name such as Europe/Berlin".into(),
        })
}

impl Calendar {
    /// Refuses a calendar in which no time is working time.
    pub fn validate(&self) -> Result<(), DomainError> {
        parse_zone(&self.zone)?;
        if self.workdays.is_empty() {
            return Err(DomainError::Rule(
                "the calendar needs at least one working day".into(),
            ));
        }
        if self.start >= self.end {
            return Err(DomainError::Rule(
                "working hours must end after they start".into(),
            ));
        }
        Ok(())
    }

    /// The calendar's wall-clock time at instant `ts`.
    pub fn local_time(&self, ts: i64) -> NaiveDateTime {
        let t = jiff::Timestamp::from_second(ts).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let d = self.zone().0.to_datetime(t);
        NaiveDate::from_ymd_opt(d.year().into(), d.month() as u32, d.day() as u32)
            .and_then(|day| day.and_hms_opt(d.hour() as u32, d.minute() as u32, d.second() as u32))
            .unwrap_or_default()
    }

    /// The instant of wall-clock time `local` in the calendar's zone (past
    /// a DST gap, the first valid instant; a time that happens twice, the
    /// first time).
    pub fn instant_of(&self, local: NaiveDateTime) -> i64 {
        self.zone().instant(local)
    }

    fn zone(&self) -> Zone {
        parse_zone(&self.zone).unwrap_or_else(|_| Zone(TimeZone::try_system().unwrap_or(TimeZone::UTC)))
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.workdays.contains(&date.weekday()) && !self.holidays.contains_key(&date)
    }

    /// The working window of a date as UTC instants, if it is a working day.
    fn window(&self, zone: &Zone, date: NaiveDate) -> Option<(i64, i64)> {
        if !self.is_working_day(date) {
            return None;
        }
        let from = zone.instant(date.and_time(self.start));
        let to = zone.instant(date.and_time(self.end));
        (from < to).then_some((from, to))
    }

    /// Seconds of working time in one full working day.
    pub fn workday_seconds(&self) -> i64 {
        (self.end - self.start).num_seconds().max(0)
    }

    /// The instant `seconds` of working time after `start`. Time outside
    /// working hours does not count, so a request logged on Friday evening
    /// starts its clock on Monday morning.
    pub fn add(&self, start: i64, seconds: i64) -> i64 {
        if seconds <= 0 {
            return start;
        }
        let zone = self.zone();
        let mut remaining = seconds;
        let mut date = zone.date_of(start) - Duration::days(1);
        // Enough calendar days for a year of work on one working day a
        // week, whatever the holidays.
        let reach = MAX_DAYS + 7 * self.holidays.len() as i64;
        for _ in 0..reach {
            if let Some((from, to)) = self.window(&zone, date) {
                let from = from.max(start);
                if from < to {
                    let available = to - from;
                    if remaining <= available {
                        return from + remaining;
                    }
                    remaining -= available;
                }
            }
            date += Duration::days(1);
        }
        start + seconds
    }

    /// Working seconds between two instants (zero when `to` is not after `from`).
    pub fn between(&self, from: i64, to: i64) -> i64 {
        if to <= from {
            return 0;
        }
        let zone = self.zone();
        let last = zone.date_of(to) + Duration::days(1);
        let mut date = zone.date_of(from) - Duration::days(1);
        let mut total = 0;
        let mut days = 0;
        while date <= last && days < MAX_DAYS * 10 {
            if let Some((a, b)) = self.window(&zone, date) {
                let (a, b) = (a.max(from), b.min(to));
                if a < b {
                    total += b - a;
                }
            }
            date += Duration::days(1);
            days += 1;
        }
        total
    }

    /// `[from, to)` cut where the calendar changes: working hours, the
    /// rest of a working day, days off and holidays (with their names).
    pub fn day_parts(&self, from: i64, to: i64) -> Vec<(i64, i64, DayPart)> {
        let zone = self.zone();
        let mut parts: Vec<(i64, i64, DayPart)> = Vec::new();
        let mut push = |a: i64, b: i64, part: DayPart| {
            let (a, b) = (a.max(from), b.min(to));
            if a < b {
                parts.push((a, b, part));
            }
        };
        let mut date = zone.date_of(from);
        let mut days = 0;
        while days < MAX_DAYS {
            let midnight = zone.instant(date.and_time(NaiveTime::MIN));
            let next = zone.instant((date + Duration::days(1)).and_time(NaiveTime::MIN));
            if midnight >= to {
                break;
            }
            match (self.window(&zone, date), self.holidays.get(&date)) {
                (Some((a, b)), _) => {
                    push(midnight, a, DayPart::Outside);
                    push(a, b, DayPart::Working);
                    push(b, next, DayPart::Outside);
                }
                (None, Some(name)) => push(midnight, next, DayPart::Holiday(name.clone())),
                (None, None) => push(midnight, next, DayPart::DayOff),
            }
            date += Duration::days(1);
            days += 1;
        }
        parts
    }

    /// The zone's offset from UTC at an instant, for display.
    pub fn offset_label(&self, ts: i64) -> String {
        let t = jiff::Timestamp::from_second(ts).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let secs = self.zone().0.to_offset(t).seconds();
        format!("UTC{:+03}:{:02}", secs / 3600, (secs.abs() % 3600) / 60)
    }
}

/// Parses `mon,tue,wed` or `mon-fri` into weekdays.
pub fn parse_workdays(text: &str) -> Result<Vec<Weekday>, DomainError> {
    let bad = || DomainError::InvalidValue {
        field: "working days",
        value: text.to_string(),
        valid: "day names such as mon-fri or mon,tue,thu".into(),
    };
    let day = |s: &str| s.trim().parse::<Weekday>().map_err(|_| bad());
    let mut days = Vec::new();
    for part in text.split(',').filter(|p| !p.trim().is_empty()) {
        if let Some((a, b)) = part.split_once('-') {
            let (mut d, end) = (day(a)?, day(b)?);
            loop {
                days.push(d);
                if d == end {
                    break;
                }
                d = d.succ();
            }
        } else {
            days.push(day(part)?);
        }
    }
    days.sort_by_key(chrono::Weekday::num_days_from_monday);
    days.dedup();
    if days.is_empty() {
        return Err(bad());
    }
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn berlin() -> Calendar {
        Calendar {
            zone: "Europe/Berlin".into(),
            ..Calendar::default()
        }
    }

    /// Berlin wall-clock time to an instant.
    fn at(text: &str) -> i64 {
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        parse_zone("Europe/Berlin").unwrap().instant(naive)
    }

    const H: i64 = 3600;

    #[test]
    fn within_one_day() {
        // Wednesday 2026-11-25, 10:00 + 4h = 14:00.
        assert_eq!(
            berlin().add(at("2026-11-25 10:00"), 4 * H),
            at("2026-11-25 14:00")
        );
    }

    #[test]
    fn across_the_night() {
        // 16:00 + 4h: 2h today, 2h tomorrow from 09:00 → 11:00.
        assert_eq!(
            berlin().add(at("2026-11-25 16:00"), 4 * H),
            at("2026-11-26 11:00")
        );
        assert_eq!(
            berlin().between(at("2026-11-25 16:00"), at("2026-11-26 11:00")),
            4 * H
        );
    }

    #[test]
    fn across_a_weekend() {
        // Friday 2026-11-27 17:00 + 3h → Monday 11:00.
        assert_eq!(
            berlin().add(at("2026-11-27 17:00"), 3 * H),
            at("2026-11-30 11:00")
        );
    }

    #[test]
    fn created_outside_hours_starts_next_morning() {
        // Saturday night + 30 min → Monday 09:30.
        assert_eq!(
            berlin().add(at("2026-11-28 23:00"), 30 * 60),
            at("2026-11-30 09:30")
        );
        // 07:00 on a Tuesday + 1h → 10:00.
        assert_eq!(berlin().add(at("2026-12-01 07:00"), H), at("2026-12-01 10:00"));
    }

    #[test]
    fn holidays_are_skipped() {
        let mut cal = berlin();
        cal.holidays
            .insert(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(), "Christmas".into());
        // Thursday 24th 17:00 + 2h: 1h on the 24th, Friday 25th is off → Monday 28th 10:00.
        assert_eq!(cal.add(at("2026-12-24 17:00"), 2 * H), at("2026-12-28 10:00"));
        assert_eq!(
            cal.between(at("2026-12-24 09:00"), at("2026-12-28 18:00")),
            18 * H
        );
    }

    #[test]
    fn a_dst_change_keeps_wall_clock_hours() {
        // Clocks go back on Sunday 2026-10-25 in Berlin. Friday 17:00 + 2h
        // lands on Monday 10:00 local: 2 days 17 hours of wall clock, plus
        // the hour the clocks gave back.
        let from = at("2026-10-23 17:00");
        let to = berlin().add(from, 2 * H);
        assert_eq!(to, at("2026-10-26 10:00"));
        assert_eq!(
            to - from,
            (2 * 24 + 17) * H + H,
            "the extra hour of the night is not working time"
        );
        // And on a 24x7-style calendar across spring forward (29 March 2026).
        let always = Calendar {
            zone: "Europe/Berlin".into(),
            workdays: parse_workdays("mon-sun").unwrap(),
            start: NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
            end: NaiveTime::from_hms_opt(23, 59, 59).unwrap(),
            holidays: BTreeMap::new(),
        };
        assert_eq!(
            always.between(at("2026-03-29 01:00"), at("2026-03-29 04:00")),
            2 * H
        );
    }

    #[test]
    fn workday_lists_parse() {
        assert_eq!(parse_workdays("mon-fri").unwrap().len(), 5);
        assert_eq!(
            parse_workdays("sun,mon").unwrap(),
            vec![Weekday::Mon, Weekday::Sun]
        );
        assert!(parse_workdays("funday").is_err());
    }

    #[test]
    fn empty_calendars_are_refused() {
        let cal = Calendar {
            workdays: vec![],
            ..berlin()
        };
        assert!(cal.validate().is_err());
        let cal = Calendar {
            start: NaiveTime::from_hms_opt(18, 0, 0).unwrap(),
            ..berlin()
        };
        assert!(cal.validate().is_err());
        assert!(Calendar {
            zone: "Mars/Base".into(),
            ..berlin()
        }
        .validate()
        .is_err());
    }

    proptest! {
        #[test]
        fn adding_then_measuring_gives_the_duration_back(
            start in 1_767_225_600i64..1_830_297_600, // 2026-01-01 .. 2028-01-01
            seconds in 0i64..(40 * 9 * 3600),
        ) {
            let mut cal = berlin();
            cal.holidays.insert(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(), "Christmas".into());
            let end = cal.add(start, seconds);
            prop_assert!(end >= start);
            prop_assert_eq!(cal.between(start, end), seconds);
        }

        /// Within the longest target a policy allows (a year of working
        /// days), even on one working day a week with holidays, a longer
        /// target never falls due earlier, and every due time is inside
        /// working hours.
        #[test]
        fn longer_targets_fall_due_later_and_inside_working_hours(
            start in 1_767_225_600i64..1_830_297_600,
            a in 1i64..=crate::domain::sla::MAX_TARGET_DAYS,
            b in 1i64..=crate::domain::sla::MAX_TARGET_DAYS,
            sparse in any::<bool>(),
        ) {
            let mut cal = berlin();
            if sparse {
                cal.workdays = [chrono::Weekday::Wed].into_iter().collect();
                for week in 0..200 {
                    let d = NaiveDate::from_ymd_opt(2027, 1, 6).unwrap() + Duration::weeks(week);
                    cal.holidays.insert(d, "closed".into());
                }
            }
            let day = cal.workday_seconds();
            let (short, long) = (a.min(b) * day, a.max(b) * day);
            let (due_short, due_long) = (cal.add(start, short), cal.add(start, long));
            prop_assert!(due_short <= due_long);
            for due in [due_short, due_long] {
                // Just after `due - 1` is working time: the due instant
                // closes a stretch of business time.
                prop_assert_eq!(cal.between(due - 1, due), 1);
            }
            prop_assert_eq!(cal.between(start, due_long), long);
        }

        #[test]
        fn business_time_never_exceeds_wall_time(a in 1_767_225_600i64..1_830_297_600, len in 0i64..(30 * 86_400)) {
            let cal = berlin();
            let b = a + len;
            prop_assert!(cal.between(a, b) <= len);
            let mid = a + len / 2;
            prop_assert_eq!(cal.between(a, mid) + cal.between(mid, b), cal.between(a, b));
        }
    }
}
