//! E-mail as a channel: reading what arrives (`message`), where it
//! belongs (`thread`), what the requester wrote this time (`quoted`) and
//! the team's filters (`rules`). Fetching and sending live outside the
//! domain, in `crate::mail`.

pub mod charset;
mod letter;
mod message;
mod parameters;
mod quoted;
pub mod rules;
pub mod survey;
pub mod thread;

pub use letter::Letter;
pub use message::{read_mail, Bounce, IncomingMail, MailAttachment, MailKind};
pub use quoted::without_quoted_reply;
pub use rules::{routing, MailRule, Routing};
pub use survey::read_answer;
pub use thread::{normal_id, plain_subject, reply_subject, request_tag};

/// Whether `text` is an e-mail address (something@somewhere, no spaces).
pub fn is_address(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !text.contains(char::is_whitespace)
        && !domain.contains('@')
}

/// Hours without mail, by default, before the desk says it may have
/// stopped arriving.
pub const DEFAULT_SILENCE_HOURS: u32 = 4;

/// How long, in working seconds on the desk's calendar, mail has not
/// arrived, once that reaches `hours`. None while mail flows, when the
/// desk never took mail, or when the alarm is off (`hours` 0).
pub fn quiet_for(
    last_arrival: Option<i64>,
    now: i64,
    calendar: &crate::domain::calendar::Calendar,
    hours: u32,
) -> Option<i64> {
    let last = last_arrival?;
    if hours == 0 || now <= last {
        return None;
    }
    let quiet = calendar.between(last, now);
    (quiet >= i64::from(hours) * 3600).then_some(quiet)
}

/// What to say when mail has stopped arriving (`quiet_for`): `no mail for
/// 6h 00m of working time (the last arrived …)`.
pub fn silence(
    last_arrival: Option<i64>,
    now: i64,
    calendar: &crate::domain::calendar::Calendar,
    hours: u32,
) -> Option<String> {
    let quiet = quiet_for(last_arrival, now, calendar, hours)?;
    Some(format!(
        "no mail for {} of working time (the last arrived {})",
        crate::domain::time::short_duration(quiet),
        crate::domain::time::local_short(last_arrival?)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Calendar;

    #[test]
    fn silence_counts_working_hours_only() {
        let cal = Calendar {
            zone: "UTC".into(),
            ..Calendar::default()
        };
        // Friday 2026-11-20 16:00 UTC, then Monday 09:30: the weekend and
        // the nights are not silence.
        let friday = 1_795_190_400;
        let monday = friday + 2 * 86_400 + 17 * 3600 + 1800;
        assert_eq!(silence(Some(friday), monday, &cal, 4), None);
        let monday_late = monday + 5 * 3600;
        let said = silence(Some(friday), monday_late, &cal, 4).expect("an alarm");
        assert!(said.starts_with("no mail for"), "{said}");
        assert_eq!(silence(Some(friday), monday_late, &cal, 0), None, "off");
        assert_eq!(silence(None, monday_late, &cal, 4), None, "a desk without mail");
    }

    #[test]
    fn addresses_are_told_from_phone_numbers() {
        assert!(is_address("li.wei@example.org"));
        assert!(!is_address("+44 20 7946 0000"));
        assert!(!is_address("li wei@example.org"));
        assert!(!is_address("@example.org"));
    }
}
