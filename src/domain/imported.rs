//! The rules a record must keep to come into a desk from an export file:
//! the same ones `new`, `reply` and `rate` apply, and the ones that hold
//! between a request's fields (its priority is its urgency × impact, it
//! cannot be updated before it was created). A file that breaks any of
//! them is refused whole, naming the record.

use super::request::{check_length, check_tag_count};
use super::{priority_for, Event, Person, Rating, Request, Status};

/// Ids above this are not a help desk's: a file claiming one would make
/// every later request's id huge.
pub const MAX_ID: i64 = 999_999_999;

/// Times outside these years are typing or tampering, not history
/// (2000-01-01 and 2100-01-01, UTC).
const EARLIEST: i64 = 946_684_800;
const LATEST: i64 = 4_102_444_800;

type Check = Result<(), String>;

fn length(field: &'static str, value: &str) -> Check {
    check_length(field, value).map_err(|e| e.to_string())
}

fn optional_length(field: &'static str, value: &Option<String>) -> Check {
    value.as_deref().map_or(Ok(()), |v| length(field, v))
}

fn required(field: &'static str, value: &str) -> Check {
    if value.trim().is_empty() {
        return Err(format!("{field} must not be empty"));
    }
    length(field, value)
}

fn time(field: &str, at: i64) -> Check {
    if (EARLIEST..LATEST).contains(&at) {
        Ok(())
    } else {
        Err(format!("{field} {at} is outside 2000–2099"))
    }
}

fn not_before(field: &str, at: Option<i64>, created: i64) -> Check {
    match at {
        Some(t) => {
            time(field, t)?;
            if t < created {
                return Err(format!("{field} is before the request was created"));
            }
            Ok(())
        }
        None => Ok(()),
    }
}

/// A person from an export.
pub fn check_person(p: &Person) -> Check {
    required("name", &p.name)?;
    optional_length("department", &p.department)?;
    optional_length("contact", &p.contact)?;
    optional_length("team", &p.team)
}

/// A request from an export, apart from its history and rating.
pub fn check_request(r: &Request) -> Check {
    if !(1..=MAX_ID).contains(&r.id.0) {
        return Err(format!("id {} is outside 1–{MAX_ID}", r.id));
    }
    required("subject", &r.subject)?;
    length("body", &r.body)?;
    required("requester", &r.requester)?;
    optional_length("department", &r.department)?;
    optional_length("contact", &r.contact)?;
    optional_length("category", &r.category)?;
    optional_length("team", &r.team)?;
    if let Some(a) = &r.assignee {
        required("name", a)?;
    }
    check_tag_count(r.tags.len()).map_err(|e| e.to_string())?;
    for t in &r.tags {
        super::request::tag(t).map_err(|e| e.to_string())?;
    }
    if r.escalation_level > 2 {
        return Err(format!("escalation level {} is outside 0–2", r.escalation_level));
    }
    if r.version.0 < 1 {
        return Err(format!("version {} is below 1", r.version));
    }
    if r.paused_seconds < 0 {
        return Err(format!("paused seconds {} are negative", r.paused_seconds));
    }
    let derived = priority_for(r.urgency, r.impact, r.key_customer);
    if r.priority != derived {
        return Err(format!(
            "priority {} does not follow from urgency {} × impact {}{} (that gives {derived})",
            r.priority,
            r.urgency,
            r.impact,
            if r.key_customer { " for a key customer" } else { "" }
        ));
    }
    time("created_at", r.created_at)?;
    if r.updated_at < r.created_at {
        return Err("updated_at is before created_at".into());
    }
    time("updated_at", r.updated_at)?;
    not_before("first_response_at", r.first_response_at, r.created_at)?;
    not_before("resolved_at", r.resolved_at, r.created_at)?;
    not_before("follow_up_at", r.follow_up_at, r.created_at)?;
    if let Some(t) = r.reply_by {
        time("reply_by", t)?;
    }
    // A closed request may never have been resolved (closed as a
    // duplicate or a mistake); a resolved one has its time.
    if r.status == Status::Resolved && r.resolved_at.is_none() {
        return Err(format!("status {} without resolved_at", r.status));
    }
    Ok(())
}

/// One event of a request's history.
pub fn check_event(r: &Request, e: &Event) -> Check {
    required("name", &e.actor).map_err(|why| format!("event actor: {why}"))?;
    time("event time", e.at)?;
    if e.at < r.created_at {
        return Err("an event is before the request was created".into());
    }
    for v in [&e.old_value, &e.new_value] {
        optional_length("text", v).map_err(|why| format!("event value: {why}"))?;
    }
    optional_length("text", &e.body).map_err(|why| format!("event text: {why}"))
}

/// A request's rating.
pub fn check_rating(r: &Request, g: &Rating) -> Check {
    let score = |field: &str, v: Option<u8>, hi: u8| match v {
        Some(v) if v > hi || (hi == 5 && v < 1) => Err(format!(
            "rating {field} {v} is outside {}–{hi}",
            u8::from(hi == 5)
        )),
        _ => Ok(()),
    };
    score("overall", Some(g.overall), 5)?;
    score("speed", g.speed, 5)?;
    score("quality", g.quality, 5)?;
    score("communication", g.communication, 5)?;
    score("recommend", g.recommend, 10)?;
    optional_length("comment", &g.comment)?;
    required("name", &g.rated_by)?;
    not_before("rated_at", Some(g.rated_at), r.created_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Priority;

    fn good() -> Request {
        Request::example(7)
    }

    fn refused(r: Request) -> String {
        check_request(&r).expect_err("refused")
    }

    #[test]
    fn a_sound_request_passes() {
        assert_eq!(check_request(&good()), Ok(()));
    }

    #[test]
    fn every_rule_of_new_holds_for_an_import() {
        assert!(refused(Request {
            body: "x".repeat(20_001),
            ..good()
        })
        .contains("body is too long"));
        assert!(refused(Request {
            team: Some("t".repeat(100_000)),
            ..good()
        })
        .contains("team is too long"));
        assert!(refused(Request {
            department: Some("d".repeat(101)),
            ..good()
        })
        .contains("department"));
        assert!(refused(Request {
            subject: " ".into(),
            ..good()
        })
        .contains("subject must not be empty"));
        assert!(refused(Request {
            escalation_level: 255,
            ..good()
        })
        .contains("escalation level 255"));
        assert!(refused(Request {
            version: crate::domain::Version(-3),
            ..good()
        })
        .contains("version -3"));
        assert!(refused(Request {
            paused_seconds: -1,
            ..good()
        })
        .contains("negative"));
        assert!(refused(Request {
            priority: Priority::P1,
            ..good()
        })
        .contains("does not follow from urgency low × impact low"));
        assert!(refused(Request {
            updated_at: 1_700_000_000,
            ..good()
        })
        .contains("updated_at is before created_at"));
        assert!(refused(Request {
            id: crate::domain::RequestId(i64::MAX),
            ..good()
        })
        .contains("outside 1–"));
        assert!(refused(Request {
            id: crate::domain::RequestId(0),
            ..good()
        })
        .contains("outside 1–"));
        assert!(refused(Request {
            reply_by: Some(-62_135_596_800),
            ..good()
        })
        .contains("reply_by"));
        assert!(refused(Request {
            status: Status::Resolved,
            ..good()
        })
        .contains("without resolved_at"));
    }

    #[test]
    fn events_and_ratings_keep_their_ranges() {
        let r = good();
        let e = Event {
            id: 1,
            request_id: crate::domain::RequestId(7),
            at: r.created_at,
            actor: "ana".into(),
            kind: crate::domain::EventKind::Note,
            old_value: None,
            new_value: None,
            body: Some("n".repeat(20_001)),
            login: None,
            host: None,
            hash: None,
            attachments: Vec::new(),
        };
        assert!(check_event(&r, &e).unwrap_err().contains("too long"));
        let g = Rating {
            overall: 6,
            speed: None,
            quality: None,
            communication: None,
            recommend: Some(11),
            comment: None,
            rated_at: r.created_at,
            rated_by: "ana".into(),
        };
        assert!(check_rating(&r, &g)
            .unwrap_err()
            .contains("overall 6 is outside 1–5"));
        let g = Rating { overall: 4, ..g };
        assert!(check_rating(&r, &g)
            .unwrap_err()
            .contains("recommend 11 is outside 0–10"));
    }
}
