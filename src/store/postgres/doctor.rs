//! `doctor` for a desk on a PostgreSQL server: the server's version, how
//! long a round trip takes, the desk's schema version, that the history is
//! protected by the server's own triggers, and what the connected login
//! may do that it should not.

use std::time::Instant;

use super::{connect, server};
use crate::store::maintenance::{DoctorReport, Finding};
use crate::store::migrations::SCHEMA_VERSION;

/// The triggers that keep the history append-only and in the connected
/// person's name, and the lead's rights the server's own.
const GUARDS: &[(&str, &str)] = &[
    ("events", "events_are_never_edited"),
    ("events", "events_are_never_deleted"),
    ("events", "events_are_never_truncated"),
    ("events", "events_as_connected"),
    ("people_events", "people_events_are_never_edited"),
    ("people_events", "people_events_are_never_deleted"),
    ("people_events", "people_events_are_never_truncated"),
    ("people_events", "people_events_as_connected"),
    ("requests", "requests_de_escalated_by_leads"),
    ("requests", "requests_change_with_history"),
    ("views", "views_made_by_the_connected"),
    ("macros", "macros_made_by_the_connected"),
    ("people", "people_changed_by_leads"),
    ("settings", "settings_changed_by_leads"),
];

fn ok(check: &str, detail: String) -> Finding {
    Finding {
        ok: true,
        warning: false,
        check: check.into(),
        detail,
        advice: None,
    }
}

fn bad(check: &str, detail: String, advice: &str) -> Finding {
    Finding {
        ok: false,
        warning: false,
        check: check.into(),
        detail,
        advice: Some(advice.into()),
    }
}

/// Not a problem yet, but a risk worth knowing.
fn warn(check: &str, detail: String, advice: &str) -> Finding {
    Finding {
        ok: true,
        warning: true,
        ..bad(check, detail, advice)
    }
}

/// Checks the desk at `address` (shown as `shown`).
pub fn doctor(address: &str, shown: &str) -> DoctorReport {
    let mut findings = Vec::new();
    let started = Instant::now();
    let mut db = match connect(address) {
        Ok(db) => db,
        Err(e) => {
            findings.push(bad(
                "server",
                e.to_string(),
                "check the address, that the server runs, and that this login may connect (pg_hba.conf)",
            ));
            return DoctorReport {
                path: shown.into(),
                findings,
            };
        }
    };
    let connected = started.elapsed();
    let round_trip = {
        let t = Instant::now();
        db.simple_query("SELECT 1").map(|_| t.elapsed())
    };
    match (db.query_one("SHOW server_version", &[]), round_trip) {
        (Ok(row), Ok(rt)) => {
            let version: String = row.get(0);
            let ms = rt.as_secs_f64() * 1000.0;
            let detail = format!(
                "PostgreSQL {version}; connected in {:.0} ms, a round trip takes {ms:.1} ms",
                connected.as_secs_f64() * 1000.0
            );
            findings.push(if ms > 50.0 {
                warn(
                    "server",
                    detail,
                    "every screen waits for round trips: put the desk's server near its users",
                )
            } else {
                ok("server", detail)
            });
        }
        (Err(e), _) | (_, Err(e)) => {
            findings.push(bad("server", server(e).to_string(), "check the server's log"));
        }
    }
    let has_desk: Result<bool, _> = db
        .query_one("SELECT to_regclass('frontdesk_schema') IS NOT NULL", &[])
        .map(|r| r.get(0));
    let schema = has_desk.and_then(|has| {
        if has {
            db.query_one("SELECT version FROM frontdesk_schema", &[])
                .map(|r| Some(r.get::<_, i32>(0)))
        } else {
            Ok(None)
        }
    });
    match schema {
        Ok(Some(v)) if i64::from(v) == SCHEMA_VERSION => {
            findings.push(ok(
                "schema",
                format!("version {v}, the one this Frontdesk writes"),
            ));
        }
        Ok(Some(v)) => findings.push(bad(
            "schema",
            format!("version {v}; this Frontdesk writes {SCHEMA_VERSION}"),
            "use the Frontdesk that matches the desk, or move the desk with the newer one",
        )),
        Ok(None) => {
            findings.push(bad(
                "schema",
                "this database holds no desk".into(),
                "move a desk file here with `frontdesk migrate --to ADDRESS`",
            ));
            return DoctorReport {
                path: shown.into(),
                findings,
            };
        }
        Err(e) => findings.push(bad("schema", server(e).to_string(), "check the server's log")),
    }
    // The history is the server's to protect: its triggers, present and
    // enabled.
    let mut missing = Vec::new();
    for (table, trigger) in GUARDS {
        let enabled: Option<String> = db
            .query_opt(
                "SELECT t.tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                 WHERE c.relname = $1 AND t.tgname = $2",
                &[table, trigger],
            )
            .ok()
            .flatten()
            .map(|r| r.get(0));
        if enabled.as_deref() != Some("O") {
            missing.push(format!("{table}.{trigger}"));
        }
    }
    let matrix: bool = db
        .query_opt(
            "SELECT 1 FROM pg_constraint WHERE conname = 'requests_priority_follows_the_matrix'",
            &[],
        )
        .ok()
        .flatten()
        .is_some();
    if !matrix {
        missing.push("requests.requests_priority_follows_the_matrix (a check)".into());
    }
    findings.push(if missing.is_empty() {
        ok(
            "history",
            "append-only, kept by the server's triggers, as are request rows (each change matched by its event), who made views and macros, and the lead's rights".into(),
        )
    } else {
        bad(
            "history",
            format!("not protected: {} missing or disabled", missing.join(", ")),
            "re-enable the triggers (ALTER TABLE … ENABLE TRIGGER …) and find out who disabled them",
        )
    });
    // The login that owns the tables can disable those triggers: staff
    // should connect as logins granted only what they need.
    let owner: Result<bool, _> = db
        .query_one(
            "SELECT coalesce(bool_or(pg_get_userbyid(relowner) = current_user), false)
             FROM pg_class WHERE relname IN ('events', 'people_events') AND relkind = 'r'",
            &[],
        )
        .map(|r| r.get(0));
    match owner {
        Ok(true) => findings.push(warn(
            "grants",
            "this login owns the desk's tables (an administrator's), so it could switch their rules off".into(),
            "work at the desk through staff logins granted only what Frontdesk needs (README: A team desk on PostgreSQL); keep this one for setting up and moving desks",
        )),
        Ok(false) => findings.push(ok(
            "grants",
            "this login does not own the history's tables".into(),
        )),
        Err(e) => findings.push(bad("grants", server(e).to_string(), "check the server's log")),
    }
    DoctorReport {
        path: shown.into(),
        findings,
    }
}
