//! After resolution: follow-up calls, service recovery, ratings collected
//! elsewhere, and closing what nobody rated.

use crate::domain::decide::{refusal, Act};
use crate::domain::ids::{RequestId, Version};
use crate::store::sql::{Conn, OptionalExtension};
use rusqlite::params;
use serde::Deserialize;

use super::error::{StoreError, StoreResult};
use super::history::{record, NewEvent};
use super::kernel::Stamp;
use super::kernel::SYSTEM_ACTOR;
use super::rows::{self, REQUEST_COLUMNS, REQUEST_FROM};
use super::Store;
use crate::domain::rating::Scores;
use crate::domain::request::optional_text;
use crate::domain::text::from_spreadsheet;
use crate::domain::{DomainError, EventKind, Rating, Request};

const AUTO_CLOSE_KEY: &str = "auto_close_days";
/// Resolved requests nobody rated close themselves after this many days.
pub const DEFAULT_AUTO_CLOSE_DAYS: i64 = 7;

/// How an import of survey results went: rows in, and rows refused with
/// their line numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingsImport {
    pub imported: usize,
    pub refused: Vec<(usize, String)>,
}

/// One row of a survey export. Column names are matched loosely.
#[derive(Debug, Deserialize)]
struct SurveyRow {
    #[serde(alias = "request", alias = "id", alias = "request id")]
    request_id: String,
    #[serde(alias = "score", alias = "satisfaction")]
    overall: String,
    #[serde(default)]
    speed: String,
    #[serde(default)]
    quality: String,
    #[serde(default)]
    communication: String,
    #[serde(default, alias = "nps")]
    recommend: String,
    #[serde(default)]
    comment: String,
}

fn number(field: &'static str, text: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .map(Some)
        .map_err(|_| format!("{field} '{t}' is not a number"))
}

pub(super) fn auto_close_days(tx: &Conn) -> StoreResult<i64> {
    let v: Option<String> = tx
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([AUTO_CLOSE_KEY], |r| r.get(0))
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_AUTO_CLOSE_DAYS))
}

/// Closes resolved requests that were not rated within the configured
/// days, with an event saying so. Part of every sweep.
pub(super) fn close_unrated(tx: &Conn, now: i64) -> StoreResult<Vec<RequestId>> {
    let days = auto_close_days(tx)?;
    let cutoff = now - days * 86_400;
    let ids: Vec<(RequestId, Version)> = tx
        .prepare_cached(&format!(
            "SELECT id, version FROM requests r {} WHERE status = 'resolved' AND follow_up_kind = 'rating'
             AND resolved_at <= ?1 AND NOT EXISTS (SELECT 1 FROM ratings g WHERE g.request_id = r.id)",
            tx.hint("INDEXED BY requests_unrated")
        ))?
        .query_map([cutoff], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, _) in &ids {
        tx.execute(
            "UPDATE requests SET status = 'closed', version = version + 1, updated_at = ?2,
             triage_key = 20000000000 + coalesce(due_at, 9999999999),
             follow_up_at = CASE WHEN follow_up_kind = 'recovery' THEN follow_up_at END,
             follow_up_owner_id = CASE WHEN follow_up_kind = 'recovery' THEN follow_up_owner_id END,
             follow_up_kind = CASE WHEN follow_up_kind = 'recovery' THEN follow_up_kind END
             WHERE id = ?1",
            params![id, now],
        )?;
        record(
            tx,
            NewEvent {
                request_id: *id,
                at: now,
                actor: SYSTEM_ACTOR,
                kind: "status",
                old_value: Some("resolved"),
                new_value: Some("closed"),
                body: Some(&format!("closed automatically: not rated within {days} days")),
            },
        )?;
    }
    Ok(ids.into_iter().map(|(id, _)| id).collect())
}

/// Whether a sweep has anything to do at `now`: a request past a target
/// not yet escalated for it, or an unrated resolved request to close. One
/// read, no lock: most commands find nothing to do, and ask on every run.
pub(super) fn sweep_due(conn: &Conn, now: i64) -> StoreResult<bool> {
    conn.prepare_keyed(&format!(
        "SELECT EXISTS (SELECT 1 FROM requests WHERE next_breach_at <= ?1)
             OR EXISTS (SELECT 1 FROM recurring WHERE next_due <= ?1)
             OR EXISTS (SELECT 1 FROM requests r {} WHERE status = 'resolved' AND follow_up_kind = 'rating'
                 AND resolved_at <= ?1 - 86400 * CAST(coalesce((SELECT value FROM settings WHERE key = ?2), ?3) AS INTEGER)
                 AND NOT EXISTS (SELECT 1 FROM ratings g WHERE g.request_id = r.id))",
        conn.hint("INDEXED BY requests_unrated")
    ))?
    .query_row(
        params![now, AUTO_CLOSE_KEY, DEFAULT_AUTO_CLOSE_DAYS.to_string()],
        |r| r.get(0),
    )
}

impl Store {
    /// Pending follow-up calls, soonest first.
    pub fn follow_ups(&self) -> StoreResult<Vec<Request>> {
        let mut stmt = self.db().prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.follow_up_at IS NOT NULL ORDER BY r.follow_up_at, r.id"
        ))?;
        let found = stmt
            .query_map([], rows::request)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(found)
    }

    /// The follow-up call happened (for service recovery: things were put right).
    pub(crate) fn follow_up_done(
        &mut self,
        id: RequestId,
        note: Option<&str>,
        stamp: Stamp<'_>,
    ) -> StoreResult<Request> {
        let note = optional_text("text", note)?;
        self.change(id, stamp, |cs| {
            if let Some(why) = refusal(Act::FollowUpDone, &cs.before, None) {
                return Err(DomainError::Rule(why).into());
            }
            cs.clear_follow_up(true);
            cs.event(EventKind::FollowUp, None, Some("done".into()), note.clone());
            Ok(())
        })
    }

    pub fn auto_close_days(&self) -> StoreResult<i64> {
        auto_close_days(&self.db())
    }

    pub(crate) fn set_auto_close_days(&mut self, actor: &str, days: i64) -> StoreResult<()> {
        if !(1..=365).contains(&days) {
            return Err(DomainError::InvalidValue {
                field: "days",
                value: days.to_string(),
                valid: "1 to 365".into(),
            }
            .into());
        }
        self.write(|tx| {
            super::kernel::lead_rights(tx, actor, "change when unrated requests close")?;
            tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![AUTO_CLOSE_KEY, days.to_string()],
            )?;
            Ok(())
        })
    }

    /// Survey results collected elsewhere: a CSV with a request id and
    /// scores per row. Each row goes in on its own; a row for an unknown
    /// request, an already-rated request, an open request, or with scores
    /// out of range is refused and reported by its line number.
    pub fn import_ratings(&mut self, csv_text: &str, actor: &str, now: i64) -> StoreResult<RatingsImport> {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(csv_text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| StoreError::Invalid(format!("ratings file: {e}")))?
            .iter()
            .map(|h| {
                h.to_lowercase()
                    .replace('_', " ")
                    .replace("request id", "request_id")
            })
            .collect::<csv::StringRecord>();
        let mut report = RatingsImport::default();
        let mut imported_ids = std::collections::HashSet::new();
        for record in reader.records() {
            // Where the record starts in the file: a cell may span lines.
            let line = match &record {
                Ok(r) => r.position().map_or(0, |p| p.line() as usize),
                Err(e) => e.position().map_or(0, |p| p.line() as usize),
            };
            let row: Result<SurveyRow, String> = record
                .map_err(|e| e.to_string())
                .and_then(|r| r.deserialize(Some(&headers)).map_err(|e| e.to_string()));
            let outcome = row.and_then(|row| {
                let id: RequestId = row
                    .request_id
                    .parse()
                    .map_err(|_| format!("request id '{}' is not a number", row.request_id))?;
                if imported_ids.contains(&id) {
                    return Err(format!("request {id} appears twice in the file"));
                }
                let scores = Scores {
                    overall: number("overall", &row.overall)?.ok_or("overall score is missing")?,
                    speed: number("speed", &row.speed)?,
                    quality: number("quality", &row.quality)?,
                    communication: number("communication", &row.communication)?,
                    recommend: number("recommend", &row.recommend)?,
                    comment: Some(from_spreadsheet(&row.comment).to_string())
                        .filter(|c| !c.trim().is_empty()),
                };
                Rating::from_scores(scores.clone(), now, actor).map_err(|e| e.to_string())?;
                match self.request(id) {
                    Err(StoreError::NotFound(_)) => return Err(format!("request {id} does not exist")),
                    Err(e) => return Err(e.to_string()),
                    Ok(r) if r.status.is_open() => {
                        return Err(format!(
                            "request {id} is {}; only resolved requests are rated",
                            r.status
                        ))
                    }
                    Ok(_) => {}
                }
                if self.rating(id).map_err(|e| e.to_string())?.is_some() {
                    return Err(format!("request {id} already has a rating"));
                }
                self.rate(id, scores, false, Stamp::new(actor, None, now))
                    .map_err(|e| e.to_string())?;
                imported_ids.insert(id);
                Ok(())
            });
            match outcome {
                Ok(()) => report.imported += 1,
                Err(message) => report.refused.push((line, message)),
            }
        }
        Ok(report)
    }
}
