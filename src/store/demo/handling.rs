//! How a healthy desk handles a demo request, by its SLA targets: most first
//! replies and resolutions land well inside their targets (a P1 is answered
//! in minutes), a few are late, and what is unfinished at `now` is the
//! backlog. Breaches carry the escalation the sweep would have recorded when
//! they happened, and resolved requests nobody rated were closed when the
//! auto-close would have closed them: the first command after a load finds
//! nothing to sweep and writes nothing.

use std::borrow::Cow;

use super::{moved, Event, Picker, DAY, HOUR};
use crate::domain::sla::Dues;
use crate::domain::time::short_duration;
use crate::domain::Status;
use crate::store::kernel::SYSTEM_ACTOR;

/// The words of the demo's history.
pub(super) struct Texts<'a> {
    pub replies: &'a [&'a str],
    pub notes: &'a [&'a str],
    /// What requesters wrote, each with the overall score it goes with.
    pub comments: &'a [(u8, &'a str)],
    /// Why requesters had a request reopened.
    pub reopens: &'a [&'a str],
}

/// One request as it arrived.
pub(super) struct Case<'a> {
    pub created: i64,
    pub now: i64,
    pub dues: Dues,
    pub agent: &'a str,
    pub complaint: bool,
    pub auto_close_days: i64,
}

/// The requester's answer to the survey.
#[derive(Debug, Clone, Copy)]
pub(super) struct Rating<'a> {
    pub overall: u8,
    pub speed: i64,
    pub quality: i64,
    pub communication: i64,
    pub recommend: i64,
    pub comment: Option<&'a str>,
    pub at: i64,
}

/// What became of the request by `now`.
pub(super) struct Handling<'a> {
    pub status: Status,
    /// Its history after the "created" event, oldest first.
    pub events: Vec<Event<'a>>,
    pub assigned: bool,
    pub first_response: Option<i64>,
    pub resolved_at: Option<i64>,
    pub escalation: u8,
    /// The breaches the sweep has escalated (bit 1 response, bit 2
    /// resolution), as the sweep keeps them.
    pub breaches: i64,
    pub rating: Option<Rating<'a>>,
}

/// A target that passed with the request still unanswered or unresolved.
struct Breach {
    target: &'static str,
    /// The sweep's flag bits for it.
    bits: i64,
    due: i64,
}

/// A moment between `start` and `due`: mostly well inside the window, now
/// and then (`late` of the time) past it.
fn within(pick: &mut Picker, start: i64, due: i64, late: f64) -> i64 {
    let window = (due - start).max(120) as f64;
    let share = if pick.chance(late) {
        1.05 + pick.rng.f64() * 1.5
    } else {
        0.05 + pick.rng.f64().powf(1.4) * 0.8
    };
    start + (share * window) as i64
}

pub(super) fn handle<'a>(pick: &mut Picker, case: &Case<'a>, texts: &Texts<'a>) -> Handling<'a> {
    let Case {
        created,
        now,
        dues,
        agent,
        ..
    } = *case;
    let respond = within(pick, created, dues.response_due_at, 0.04);
    let assign = created + (respond - created) * pick.between(20, 80) / 100;
    let resolve = within(pick, respond, dues.resolve_due_at.max(respond + 600), 0.07);
    let mut events = Vec::new();
    let mut h = Handling {
        status: Status::New,
        events: Vec::new(),
        assigned: false,
        first_response: None,
        resolved_at: None,
        escalation: 0,
        breaches: 0,
        rating: None,
    };
    if assign <= now {
        h.assigned = true;
        h.status = Status::Open;
        events.push(Event {
            at: assign,
            actor: agent,
            kind: "assignee",
            old: None,
            new: Some(agent),
            body: None,
        });
        events.push(moved(assign, agent, "new", "open", None));
    }
    if respond <= now {
        h.first_response = Some(respond);
        events.push(Event {
            at: respond,
            actor: agent,
            kind: "reply",
            old: None,
            new: None,
            body: Some(Cow::Borrowed(*pick.any(texts.replies))),
        });
        if pick.chance(0.4) {
            let at = pick.between(respond, resolve);
            if at <= now {
                events.push(Event {
                    at,
                    actor: agent,
                    kind: "note",
                    old: None,
                    new: None,
                    body: Some(Cow::Borrowed(*pick.any(texts.notes))),
                });
            }
        }
    }

    // Escalations in the order they happened: a breach, caught by the next
    // command's sweep a minute or two after the target passed, and now and
    // then an agent's (most often for a complaint).
    let mut escalations: Vec<(i64, Option<Breach>)> = Vec::new();
    let lag = |pick: &mut Picker| pick.between(30, 5 * 60);
    let response_breach = dues.response_due_at + lag(pick);
    if respond > response_breach {
        let breach = Breach {
            target: "response",
            bits: 1,
            due: dues.response_due_at,
        };
        escalations.push((response_breach, Some(breach)));
    }
    let resolve_breach = dues.resolve_due_at + lag(pick);
    if resolve > resolve_breach {
        // A late resolution with no reply yet breached both.
        let bits = if respond > resolve_breach { 3 } else { 2 };
        let breach = Breach {
            target: "resolution",
            bits,
            due: dues.resolve_due_at,
        };
        escalations.push((resolve_breach, Some(breach)));
    }
    if pick.chance(0.06) || (case.complaint && pick.chance(0.4)) {
        escalations.push((respond + pick.between(HOUR, DAY), None));
    }
    escalations.sort_by_key(|(at, _)| *at);
    for (at, breach) in escalations {
        if at > now || at >= resolve {
            continue;
        }
        let body = match breach {
            Some(Breach { target, bits, due }) => {
                h.breaches |= bits;
                if h.escalation > 0 {
                    // Already escalated: the sweep notes the breach only.
                    continue;
                }
                Some(format!(
                    "{target} target breached by {}",
                    short_duration(at - due)
                ))
            }
            None if h.escalation > 0 => continue,
            None => None,
        };
        h.escalation = 1;
        let (actor, body) = match body {
            Some(text) => (SYSTEM_ACTOR, Cow::Owned(text)),
            None => (agent, Cow::Borrowed("Requester's manager asked for an update")),
        };
        events.push(Event {
            at,
            actor,
            kind: "escalation",
            old: Some("0"),
            new: Some("1"),
            body: Some(body),
        });
    }

    if resolve > now {
        // Still being worked: now and then waiting on the requester, but
        // never with a target already passed (the clock would have run).
        let breached = h.breaches != 0 || dues.resolve_due_at <= now;
        if h.first_response.is_some() && !breached && pick.chance(0.2) {
            let at = pick.between(respond, now);
            events.push(moved(
                at,
                agent,
                "open",
                "waiting",
                Some("Waiting for the requester".into()),
            ));
            h.status = Status::Waiting;
        }
    } else {
        let mut resolved = resolve;
        events.push(moved(
            resolved,
            agent,
            "open",
            "resolved",
            Some("Fixed and confirmed with the requester".into()),
        ));
        // Now and then the problem comes back.
        let back = resolved + pick.between(HOUR, DAY);
        let again = back + pick.between(HOUR, DAY);
        if pick.chance(0.06) && again <= now {
            events.push(moved(
                back,
                agent,
                "resolved",
                "open",
                // Picked by the time rather than drawn, so the rest of the
                // desk comes out as it always has for a seed.
                Some(texts.reopens[back.unsigned_abs() as usize % texts.reopens.len()].into()),
            ));
            events.push(moved(
                again,
                agent,
                "open",
                "resolved",
                Some("Fixed for good this time".into()),
            ));
            resolved = again;
        }
        h.resolved_at = Some(resolved);
        h.status = Status::Resolved;
        let rated_at = resolved + pick.between(HOUR, 2 * DAY);
        if pick.chance(0.55) && rated_at <= now {
            let overall = pick.weighted(&[(5u8, 45), (4, 30), (3, 12), (2, 8), (1, 5)]);
            let near = |p: &mut Picker| (overall as i64 + p.between(-1, 2)).clamp(1, 5);
            let (speed, quality, communication) = (near(pick), near(pick), near(pick));
            let recommend = (overall as i64 * 2 + pick.between(-1, 1)).clamp(0, 10);
            // A comment that fits the score: nobody writes "excellent" with a 1.
            let fitting: Vec<&str> = texts
                .comments
                .iter()
                .filter(|(score, _)| score.abs_diff(overall) <= 1)
                .map(|(_, text)| *text)
                .collect();
            let comment = (pick.chance(0.5) && !fitting.is_empty()).then(|| *pick.any(&fitting));
            h.rating = Some(Rating {
                overall,
                speed,
                quality,
                communication,
                recommend,
                comment,
                at: rated_at,
            });
            events.push(Event {
                at: rated_at,
                actor: agent,
                kind: "rating",
                old: None,
                new: Some(super::OVERALL[overall as usize - 1]),
                body: comment.map(Cow::Borrowed),
            });
            // The follow-up call ends with the request closed.
            if rated_at + DAY <= now {
                events.push(moved(rated_at, agent, "resolved", "closed", None));
                h.status = Status::Closed;
            }
        } else {
            let auto_close = resolved + case.auto_close_days * DAY;
            if auto_close <= now {
                events.push(moved(
                    auto_close,
                    SYSTEM_ACTOR,
                    "resolved",
                    "closed",
                    Some(Cow::Owned(format!(
                        "closed automatically: not rated within {} days",
                        case.auto_close_days
                    ))),
                ));
                h.status = Status::Closed;
            }
        }
    }
    events.sort_by_key(|e| e.at);
    h.events = events;
    h
}
