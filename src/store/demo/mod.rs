//! Realistic demo data: requests spread over the last 90 days with
//! replies, notes, escalations and ratings, skewed the way real desks are
//! (a few departments and subjects dominate). Deterministic for a seed.

mod handling;

use std::borrow::Cow;
use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::sql::Conn;
use crate::store::StoreError;

use super::bulk::{blob, int, opt_cow, opt_int, opt_text, owned, text, Bulk};
use super::error::StoreResult;
use super::kernel::load_policy;
use super::search_index::index_conversations;
use super::statistics;
use super::Store;
use crate::domain::history::{link, Chained};
use crate::domain::sla::{active_due, next_breach, triage_key, ClockInput};
use crate::domain::{priority_for, Channel, Impact, Kind, Status, Urgency};

const DEPARTMENTS: &str = include_str!("../../../assets/demo/departments.txt");
const REQUESTERS: &str = include_str!("../../../assets/demo/requesters.txt");
const STAFF: &str = include_str!("../../../assets/demo/staff.txt");
const SUBJECTS: &str = include_str!("../../../assets/demo/subjects.txt");
const REPLIES: &str = include_str!("../../../assets/demo/replies.txt");
const NOTES: &str = include_str!("../../../assets/demo/notes.txt");
const COMMENTS: &str = include_str!("../../../assets/demo/comments.txt");
const REOPENS: &str = include_str!("../../../assets/demo/reopens.txt");

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub requests: usize,
    pub events: usize,
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

struct Picker {
    rng: fastrand::Rng,
}

impl Picker {
    /// Skewed towards the front of the list: the first items are the
    /// busiest departments, commonest subjects and most-called people.
    fn skewed<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let x = self.rng.f64();
        &items[((x * x) * items.len() as f64) as usize % items.len()]
    }

    fn any<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.usize(..items.len())]
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.i64(lo..hi.max(lo + 1))
    }

    fn weighted<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.rng.u32(..total);
        for (item, w) in items {
            if x < *w {
                return *item;
            }
            x -= w;
        }
        items[0].0
    }
}

/// A status change in the generated history.
fn moved<'a>(at: i64, actor: &'a str, from: &'a str, to: &'a str, body: Option<Cow<'a, str>>) -> Event<'a> {
    Event {
        at,
        actor,
        kind: "status",
        old: Some(from),
        new: Some(to),
        body,
    }
}

struct Event<'a> {
    at: i64,
    actor: &'a str,
    kind: &'static str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    body: Option<Cow<'a, str>>,
}

/// What a rating event says, by overall score.
const OVERALL: [&str; 5] = [
    "overall 1/5",
    "overall 2/5",
    "overall 3/5",
    "overall 4/5",
    "overall 5/5",
];

/// Indexes kept up to date while loading: their keys follow arrival (ids
/// and creation times grow), so each row lands at their end, cheaper than
/// sorting them all afterwards. The rest are dropped and rebuilt.
const KEPT_WHILE_LOADING: &[&str] = &["events_by_request", "requests_by_created", "requests_kpi"];

#[rustfmt::skip]
const REQUEST_COLUMNS: &[&str] = &[
    "id", "subject", "body", "requester_id", "department", "contact", "channel", "kind", "category",
    "urgency", "impact", "key_customer", "priority", "status", "assignee_id", "team", "escalation_level",
    "escalated_ever", "created_at", "clock_started_at", "first_response_at", "resolved_at", "reply_by",
    "updated_at", "version", "waiting_since", "response_due_at", "resolve_due_at", "due_at", "risk_at",
    "due_source", "follow_up_at", "follow_up_kind", "follow_up_owner_id", "breaches_escalated", "next_breach_at", "reopen_count",
    "triage_key",
];
#[rustfmt::skip]
const EVENT_COLUMNS: &[&str] = &[
    "request_id", "at", "actor", "kind", "old_value", "new_value", "body", "login", "host", "hash",
];
#[rustfmt::skip]
const RATING_COLUMNS: &[&str] = &[
    "request_id", "overall", "speed", "quality", "communication", "recommend", "comment", "rated_at",
    "rated_by",
];

/// Adds `n` demo requests (and the people they need) in one transaction.
pub fn generate(store: &mut Store, n: usize, now: i64, seed: u64) -> StoreResult<DemoSummary> {
    store.write(|tx| fill(tx, n, now, seed))
}

fn person(
    tx: &Connection,
    cache: &mut HashMap<String, i64>,
    name: &str,
    dept: Option<&str>,
    role: &str,
    team: Option<&str>,
    key: bool,
) -> StoreResult<i64> {
    if let Some(id) = cache.get(name) {
        return Ok(*id);
    }
    tx.execute(
        "INSERT INTO people (name, department, team, role, key_customer) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(name) DO UPDATE SET name = name",
        params![name, dept, team, role, key],
    )?;
    let id: i64 = tx.query_row("SELECT id FROM people WHERE name = ?1", [name], |r| r.get(0))?;
    cache.insert(name.to_string(), id);
    Ok(id)
}

fn fill(conn: &Conn, n: usize, now: i64, seed: u64) -> StoreResult<DemoSummary> {
    // Demo data is written in bulk, the way only a file takes it.
    let tx = conn.file().ok_or_else(|| {
        StoreError::Invalid(
            "demo data is loaded into a desk file; load it there and `frontdesk migrate --to` the server"
                .into(),
        )
    })?;
    let mut clock = std::time::Instant::now();
    let mut pick = Picker {
        rng: fastrand::Rng::with_seed(seed),
    };
    let departments = lines(DEPARTMENTS);
    let base = lines(REQUESTERS);
    let subjects: Vec<Vec<&str>> = lines(SUBJECTS).iter().map(|l| l.split('|').collect()).collect();
    let (replies, notes) = (lines(REPLIES), lines(NOTES));
    // `5|text`: the overall score the comment goes with.
    let comments: Vec<(u8, &str)> = lines(COMMENTS)
        .into_iter()
        .filter_map(|l| {
            let (score, text) = l.split_once('|')?;
            Some((score.parse().ok()?, text))
        })
        .collect();
    let reopens = lines(REOPENS);
    let texts = handling::Texts {
        replies: &replies,
        notes: &notes,
        comments: &comments,
        reopens: &reopens,
    };
    let auto_close_days = super::follow_ups::auto_close_days(conn)?;
    let staff: Vec<Vec<&str>> = lines(STAFF).iter().map(|l| l.split('|').collect()).collect();

    // A larger desk has more callers: cross first and last names.
    let mut requesters: Vec<String> = base.iter().map(std::string::ToString::to_string).collect();
    if n > 200 {
        let firsts: Vec<&str> = base
            .iter()
            .filter_map(|s| s.split_once(' ').map(|p| p.0))
            .collect();
        let lasts: Vec<&str> = base
            .iter()
            .filter_map(|s| s.split_once(' ').map(|p| p.1))
            .collect();
        for f in &firsts {
            for l in &lasts {
                let name = format!("{f} {l}");
                if !requesters.contains(&name) {
                    requesters.push(name);
                }
            }
        }
    }
    let mut cache = HashMap::new();
    for s in &staff {
        let known: Option<i64> = tx
            .query_row("SELECT id FROM people WHERE name = ?1", [s[0]], |r| r.get(0))
            .optional()?;
        person(tx, &mut cache, s[0], Some("IT"), s[1], Some(s[2]), false)?;
        // Staff are history, here as anywhere (doctor compares each role
        // with it).
        if known.is_none() {
            tx.execute(
                "INSERT INTO people_events (person, at, actor, field, old_value, new_value)
                 VALUES (?1, ?2, ?3, 'role', NULL, ?4)",
                params![
                    s[0],
                    now,
                    super::kernel::SYSTEM_ACTOR,
                    format!("{} (demo data)", s[1])
                ],
            )?;
        }
    }
    let policy = load_policy(conn)?;
    // A bulk load wants a large page cache; the usual one comes back after.
    let usual_cache: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    tx.execute_batch("PRAGMA cache_size = -524288;")?;
    let first_new_id: i64 =
        tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM requests", [], |r| r.get(0))?;
    // Most indexes, and the search index, are built once at the end, not
    // row by row: much faster for a bulk load.
    let rebuild = suspend_indexes(tx)?;
    let mut requests_out = Bulk::new(tx, "requests", REQUEST_COLUMNS, 50)?;
    let mut events_out = Bulk::new(tx, "events", EVENT_COLUMNS, 200)?;
    // Demo history reads as the staff it names typed it, on a machine
    // called "demo", so it is never mistaken for real work.
    let host = "demo";
    let mut chain = super::history::head(conn)?;
    let mut ratings_out = Bulk::new(tx, "ratings", RATING_COLUMNS, 100)?;
    let mut summary = DemoSummary {
        requests: 0,
        events: 0,
    };
    // Requests arrive in time order, as on a real desk: ids follow creation
    // time, which also keeps every index append-mostly while loading. They
    // arrive in working hours (people call and write while they work),
    // a little more of them lately (a growing desk, not a flood).
    let start = now - 90 * DAY;
    let working = policy.calendar.between(start, now).max(1);
    let mut offsets: Vec<i64> = (0..n)
        .map(|_| ((1.0 - pick.rng.f64().powf(1.1)) * working as f64) as i64)
        .collect();
    offsets.sort_unstable();
    let (mut arrival, mut worked) = (start, 0);
    let arrivals: Vec<i64> = offsets
        .into_iter()
        .map(|o| {
            arrival = policy.calendar.add(arrival, o - worked).min(now);
            worked = o;
            arrival
        })
        .collect();
    for (i, created) in arrivals.into_iter().enumerate() {
        let ri = requesters.len()
            - 1
            - ((pick.rng.f64().powi(2)) * requesters.len() as f64) as usize % requesters.len();
        let requester = requesters[ri].as_str();
        let dept = departments[ri % departments.len()];
        let key = ri.is_multiple_of(17);
        let requester_id = person(tx, &mut cache, requester, Some(dept), "requester", None, key)?;
        let subject = pick.skewed(&subjects);
        let (title, category, team) = (subject[0], subject[1], subject[2]);
        let agents: Vec<&Vec<&str>> = staff.iter().filter(|s| s[2] == team).collect();
        let agent = if agents.is_empty() {
            pick.any(&staff)[0]
        } else {
            pick.any(&agents)[0]
        };
        let channel = pick.weighted(&[
            (Channel::Phone, 35),
            (Channel::Email, 30),
            (Channel::WalkIn, 10),
            (Channel::Chat, 15),
            (Channel::Web, 10),
        ]);
        let kind = if category == "Service" {
            Kind::Complaint
        } else {
            pick.weighted(&[(Kind::Incident, 40), (Kind::Request, 35), (Kind::Question, 25)])
        };
        let urgency = pick.weighted(&[
            (Urgency::Low, 25),
            (Urgency::Medium, 45),
            (Urgency::High, 22),
            (Urgency::Critical, 8),
        ]);
        let impact = pick.weighted(&[(Impact::Low, 45), (Impact::Medium, 40), (Impact::High, 15)]);
        let priority = priority_for(urgency, impact, key);
        let dues = policy.dues(ClockInput {
            priority,
            created_at: created,
            clock_started_at: created,
            paused_seconds: 0,
        });
        let handled = handling::handle(
            &mut pick,
            &handling::Case {
                created,
                now,
                dues,
                agent,
                complaint: kind == Kind::Complaint,
                auto_close_days,
            },
            &texts,
        );
        let status = handled.status;
        let handled_breaches = handled.breaches;
        let assignee = if handled.assigned {
            Some(person(tx, &mut cache, agent, None, "agent", Some(team), false)?)
        } else {
            None
        };
        let (first_response, resolved_at, escalation, rating) = (
            handled.first_response,
            handled.resolved_at,
            handled.escalation,
            handled.rating,
        );
        let mut events: Vec<Event> = vec![Event {
            at: created,
            actor: agent,
            kind: "created",
            old: None,
            new: Some(priority.as_str()),
            body: None,
        }];
        events.extend(handled.events);
        let reply_by = pick
            .chance(0.2)
            .then(|| created + pick.between(2 * HOUR, 5 * DAY));
        let updated = events.iter().map(|e| e.at).max().unwrap_or(created);
        let version = events.len() as i64;
        // The SLA clock, computed here rather than row by row afterwards.
        let (source, due_at, risk_at) = active_due(&dues, first_response, created, reply_by);
        let waiting_since = (status == Status::Waiting).then_some(updated);
        // Resolved and not yet rated: the follow-up call is pending.
        // Resolved and not yet rated: the follow-up call is pending, a
        // working day later, inside working hours, as the desk schedules it.
        let follow_up = (status == Status::Resolved && rating.is_none()).then(|| {
            policy
                .calendar
                .add(resolved_at.unwrap_or(updated), policy.calendar.workday_seconds())
        });
        let id = first_new_id + i as i64;
        let body = format!("{title}. Reported by {requester} ({dept}) by {channel}.");
        let reopens = events
            .iter()
            .filter(|e| e.kind == "status" && e.old == Some("resolved") && e.new == Some("open"))
            .count();
        requests_out.push([
            int(id),
            text(title),
            owned(body),
            int(requester_id),
            text(dept),
            owned(format!("ext. {}", 2000 + ri)),
            text(channel.as_str()),
            text(kind.as_str()),
            text(category),
            text(urgency.as_str()),
            text(impact.as_str()),
            int(key.into()),
            text(priority.as_str()),
            text(status.as_str()),
            opt_int(assignee),
            text(team),
            int(escalation.into()),
            int(escalation.min(1).into()),
            int(created),
            int(created),
            opt_int(first_response),
            opt_int(resolved_at),
            opt_int(reply_by),
            int(updated),
            int(version),
            opt_int(waiting_since),
            int(dues.response_due_at),
            int(dues.resolve_due_at),
            int(due_at),
            int(risk_at),
            text(source.as_str()),
            opt_int(follow_up),
            opt_text(follow_up.map(|_| "rating")),
            opt_int(follow_up.and(assignee)),
            int(handled_breaches),
            opt_int(next_breach(
                matches!(status, Status::New | Status::Open),
                first_response,
                Some(dues.response_due_at),
                Some(dues.resolve_due_at),
                handled_breaches,
            )),
            int(reopens as i64),
            int(triage_key(status, Some(due_at))),
        ]);
        for e in &events {
            // Linked as they go in, in the order they get their ids, so
            // the transaction has nothing left to seal.
            let next = link(
                chain.as_ref(),
                &Chained {
                    request_id: crate::domain::RequestId(id),
                    at: e.at,
                    actor: e.actor,
                    login: Some(e.actor),
                    host: Some(host),
                    kind: e.kind,
                    old_value: e.old,
                    new_value: e.new,
                    body: e.body.as_deref(),
                    files: &[],
                },
            );
            events_out.push([
                int(id),
                int(e.at),
                text(e.actor),
                text(e.kind),
                opt_text(e.old),
                opt_text(e.new),
                opt_cow(&e.body),
                text(e.actor),
                text(host),
                blob(next.to_vec()),
            ]);
            chain = Some(next);
        }
        if let Some(g) = rating {
            ratings_out.push([
                int(id),
                int(g.overall.into()),
                int(g.speed),
                int(g.quality),
                int(g.communication),
                int(g.recommend),
                opt_text(g.comment),
                int(g.at),
                text(agent),
            ]);
        }
        // Requests first: the history and ratings refer to them.
        if requests_out.pending_rows() == 50 {
            requests_out.flush()?;
            events_out.flush()?;
            ratings_out.flush()?;
        }
        summary.events += events.len();
        summary.requests += 1;
    }
    requests_out.finish()?;
    events_out.finish()?;
    ratings_out.finish()?;
    phase("rows", &mut clock);
    index_conversations(tx, first_new_id)?;
    phase("search index", &mut clock);
    for sql in rebuild {
        tx.execute_batch(&sql)?;
    }
    phase("indexes", &mut clock);
    // Fresh statistics, so the query planner picks the right indexes.
    statistics::analyze(tx)?;
    phase("statistics", &mut clock);
    tx.execute_batch(&format!("PRAGMA cache_size = {usual_cache};"))?;
    Ok(summary)
}

/// Logs how long a step of a large load took (with `FRONTDESK_LOG=info`).
fn phase(name: &str, since: &mut std::time::Instant) {
    tracing::info!(phase = name, ms = since.elapsed().as_millis() as u64, "demo data");
    *since = std::time::Instant::now();
}

/// Drops the secondary indexes of requests and events (but those kept
/// while loading) and the triggers that keep the search index in step,
/// returning the SQL that puts them back (in the same transaction, so no
/// other user ever sees them gone).
fn suspend_indexes(tx: &Connection) -> StoreResult<Vec<String>> {
    let found: Vec<(String, String, String)> = tx
        .prepare(
            "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND (
                (type = 'index' AND tbl_name IN ('requests', 'events'))
                OR (type = 'trigger' AND name IN ('request_text_on_insert', 'request_text_on_event')))",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let found: Vec<_> = found
        .into_iter()
        .filter(|(_, name, _)| !KEPT_WHILE_LOADING.contains(&name.as_str()))
        .collect();
    for (kind, name, _) in &found {
        let kind = if kind == "index" { "INDEX" } else { "TRIGGER" };
        tx.execute_batch(&format!("DROP {kind} IF EXISTS \"{name}\";"))?;
    }
    Ok(found.into_iter().map(|(_, _, sql)| sql).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::OpenOptions;

    #[test]
    fn a_load_leaves_statistics_for_every_index_and_whole_ones_for_status() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("desk.db"), &OpenOptions::default()).unwrap();
        // More rows than the sample (2,000), mostly closed: a sample of
        // requests_by_status would see one status only.
        let summary = generate(&mut store, 3_000, 1_795_392_000, 1).unwrap();
        assert_eq!(summary.requests, 3_000);
        let stat = |index: &str| -> Option<String> {
            store
                .db()
                .query_row("SELECT stat FROM sqlite_stat1 WHERE idx = ?1", [index], |r| {
                    r.get(0)
                })
                .ok()
        };
        for index in [
            "requests_kpi",
            "requests_by_triage",
            "events_by_request",
            "requests_by_status",
        ] {
            assert!(stat(index).is_some(), "{index} has statistics");
        }
        // Read whole: 3,000 rows over five statuses, 600 a status.
        let by_status = stat("requests_by_status").unwrap();
        let per_status: i64 = by_status.split(' ').nth(1).unwrap().parse().unwrap();
        assert_eq!(per_status, 600, "{by_status}");
    }

    /// The demo is a healthy desk in the state the sweep leaves: nothing
    /// to escalate or close on the first command, P1s answered in minutes,
    /// most requests inside their targets, a backlog of days, not months.
    #[test]
    fn demo_data_is_a_healthy_desk_the_sweep_has_nothing_to_do_on() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("desk.db"), &OpenOptions::default()).unwrap();
        let now = 1_795_392_000;
        generate(&mut store, 5_000, now, 7).unwrap();
        let events_before: i64 = store
            .db()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        let sweep = store.sweep(now).unwrap();
        assert!(sweep.breaches.is_empty(), "{:?}", sweep.breaches);
        assert!(sweep.auto_closed.is_empty(), "{:?}", sweep.auto_closed);
        let events_after: i64 = store
            .db()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(events_before, events_after);

        let one = |sql: &str| -> f64 { store.db().query_row(sql, [], |r| r.get(0)).unwrap() };
        let p1_median_reply_minutes = one(
            "SELECT (first_response_at - created_at) / 60.0 FROM requests
             WHERE priority = 'P1' AND first_response_at IS NOT NULL
             ORDER BY first_response_at - created_at
             LIMIT 1 OFFSET (SELECT count(*) / 2 FROM requests WHERE priority = 'P1' AND first_response_at IS NOT NULL)",
        );
        assert!(
            p1_median_reply_minutes < 20.0,
            "P1 median first reply {p1_median_reply_minutes} min"
        );
        for p in ["P1", "P2", "P3", "P4"] {
            let on_time = one(&format!(
                "SELECT avg(resolved_at <= resolve_due_at) FROM requests WHERE priority = '{p}' AND resolved_at IS NOT NULL"
            ));
            assert!((0.85..0.99).contains(&on_time), "{p} resolved on time {on_time}");
        }
        let open = one("SELECT count(*) FROM requests WHERE status IN ('new', 'open', 'waiting')");
        let breached_open = one(&format!(
            "SELECT count(*) FROM requests WHERE status IN ('new', 'open', 'waiting') AND due_at < {now}"
        ));
        let oldest_open_days = one(&format!(
            "SELECT ({now} - min(created_at)) / 86400.0 FROM requests WHERE status IN ('new', 'open', 'waiting')"
        ));
        assert!((20.0..400.0).contains(&open), "open backlog {open}");
        assert!(
            breached_open >= 1.0 && breached_open < open * 0.2,
            "{breached_open} of {open} breached"
        );
        assert!(
            oldest_open_days < 30.0,
            "oldest open request {oldest_open_days} days"
        );
        // Nothing resolved waits longer for a rating than the auto-close allows.
        let stale = one(&format!(
            "SELECT count(*) FROM requests WHERE status = 'resolved' AND resolved_at <= {now} - 7 * 86400"
        ));
        assert!(stale < 0.5, "{stale} resolved requests left past auto-close");
        // Comments fit their scores.
        let scored: HashMap<&str, i64> = lines(COMMENTS)
            .into_iter()
            .filter_map(|l| l.split_once('|').map(|(s, t)| (t, s.parse().unwrap())))
            .collect();
        let mut stmt = store
            .db()
            .prepare("SELECT overall, comment FROM ratings WHERE comment IS NOT NULL")
            .unwrap();
        let rated: Vec<(i64, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        drop(stmt);
        assert!(rated.len() > 100);
        for (overall, comment) in rated {
            assert!(
                (scored[comment.as_str()] - overall).abs() <= 1,
                "{overall}: {comment}"
            );
        }
        // Follow-up calls fall due inside working hours, as the desk
        // schedules them (they fell at night: 01:…, 22:…).
        let policy = store.sla_policy().unwrap();
        let mut calls: Vec<i64> = Vec::new();
        {
            let mut stmt = store
                .db()
                .prepare("SELECT follow_up_at FROM requests WHERE follow_up_at IS NOT NULL")
                .unwrap();
            for at in stmt.query_map([], |r| r.get(0)).unwrap() {
                calls.push(at.unwrap());
            }
        }
        assert!(!calls.is_empty());
        for at in calls {
            assert!(
                policy.calendar.between(at - 60, at) > 0,
                "a call due out of hours at {at}"
            );
        }
        // The history still verifies: the escalations are in the chain.
        let chain = crate::store::history::verify(&store.db()).unwrap();
        assert_eq!(chain.broken_at, None);
        assert_eq!(chain.events as i64, events_after);
    }
}
