//! Time is stored as unix seconds (UTC) everywhere, printed as RFC 3339 UTC
//! in machine output and in local time on screen.

use chrono::{DateTime, Local, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};

use super::DomainError;

pub fn to_utc(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

pub fn rfc3339(ts: i64) -> String {
    to_utc(ts).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Local wall-clock time for screens, e.g. `2026-11-25 14:05`.
pub fn local_short(ts: i64) -> String {
    to_utc(ts)
        .with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Parses what a person types for a date and time: RFC 3339, or
/// `YYYY-MM-DD HH:MM` / `YYYY-MM-DDTHH:MM` / `YYYY-MM-DD` in local time.
/// The years a date typed for a help desk can fall in (2000–2099): a year
/// like 0000 is a slip of the keyboard, not a deadline.
pub const FIRST_DATE: i64 = 946_684_800;
pub const AFTER_LAST_DATE: i64 = 4_102_444_800;

pub fn parse_datetime(input: &str) -> Result<i64, DomainError> {
    let at = parse_any_datetime(input)?;
    if !(FIRST_DATE..AFTER_LAST_DATE).contains(&at) {
        return Err(DomainError::InvalidValue {
            field: "date",
            value: input.to_string(),
            valid: "a date in the years 2000 to 2099".into(),
        });
    }
    Ok(at)
}

fn parse_any_datetime(input: &str) -> Result<i64, DomainError> {
    let s = input.trim();
    let bad = || DomainError::InvalidValue {
        field: "date",
        value: input.to_string(),
        valid: "RFC 3339, YYYY-MM-DD HH:MM or YYYY-MM-DD".into(),
    };
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.timestamp());
    }
    let naive = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(17, 0, 0))
    })
    .ok_or_else(bad)?;
    match Local.from_local_datetime(&naive) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.timestamp()),
        LocalResult::None => Err(bad()),
    }
}

pub fn parse_rfc3339(input: &str) -> Result<i64, DomainError> {
    DateTime::parse_from_rfc3339(input.trim())
        .map(|d| d.timestamp())
        .map_err(|_| DomainError::InvalidValue {
            field: "time",
            value: input.to_string(),
            valid: "RFC 3339 such as 2026-11-25T09:30:00Z".into(),
        })
}

/// `3d 4h`, `2h 05m`, `12m`: how long, for ages and time left.
pub fn short_duration(seconds: i64) -> String {
    let s = seconds.abs();
    let (d, h, m) = (s / 86_400, (s % 86_400) / 3_600, (s % 3_600) / 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else {
        format!("{m}m")
    }
}

pub mod rfc3339 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ts: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::rfc3339(*ts))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

pub mod rfc3339_opt {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ts: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match ts {
            Some(t) => s.serialize_str(&super::rfc3339(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        match text.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(t) => super::parse_rfc3339(t)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trips() {
        let t = parse_rfc3339("2026-11-25T09:30:00Z").unwrap();
        assert_eq!(rfc3339(t), "2026-11-25T09:30:00Z");
        assert_eq!(parse_datetime("2026-11-25T10:30:00+01:00").unwrap(), t);
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(parse_datetime("2026-02-30").is_err());
        assert!(parse_datetime("tomorrow-ish").is_err());
        assert!(parse_datetime("2026-11-25 25:00").is_err());
    }

    #[test]
    fn durations_read_shortly() {
        assert_eq!(short_duration(59), "0m");
        assert_eq!(short_duration(3_600 + 300), "1h 05m");
        assert_eq!(short_duration(3 * 86_400 + 7_200), "3d 2h");
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panicking(input in "\\PC{0,40}") {
            let _ = parse_datetime(&input);
            let _ = parse_rfc3339(&input);
        }

        #[test]
        fn every_valid_minute_round_trips(secs in FIRST_DATE..AFTER_LAST_DATE) {
            let t = secs - secs % 60;
            prop_assert_eq!(parse_rfc3339(&rfc3339(t)).unwrap(), t);
            prop_assert_eq!(parse_datetime(&rfc3339(t)).unwrap(), t);
        }
    }
}
