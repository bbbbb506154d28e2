//! Export and import: every request with its whole history and rating, as
//! JSON or CSV. Ids and history survive a round trip.

use std::io::{Read, Write};

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::error::{StoreError, StoreResult};
use super::migrations::SCHEMA_VERSION;
use super::people::{ensure_requester, person_id};
use super::rows::{self, REQUEST_COLUMNS, REQUEST_FROM};
use super::sla::{load_policy, refresh_clock};
use super::work::rating_in;
use super::Store;
use crate::domain::request::required_text;
use crate::domain::text::escape_json_hazards;
use crate::domain::time::rfc3339;
use crate::domain::{Event, Person, Rating, Request};

pub const EXPORT_FORMAT: &str = "frontdesk-export";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportedRequest {
    #[serde(flatten)]
    pub request: Request,
    pub events: Vec<Event>,
    pub rating: Option<Rating>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub schema: i64,
    pub exported_at: String,
    pub people: Vec<Person>,
    pub requests: Vec<ExportedRequest>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub requests: usize,
    pub events: usize,
    pub ratings: usize,
}

/// The CSV columns that carry what a flat row cannot: the history and the
/// rating, as JSON text.
#[derive(Deserialize)]
struct CsvNested {
    events: String,
    #[serde(default)]
    rating: String,
}

fn csv_cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Export {
    pub fn write_json(&self, out: &mut dyn Write) -> StoreResult<()> {
        let json = serde_json::to_string_pretty(self).map_err(|e| StoreError::Invalid(e.to_string()))?;
        writeln!(out, "{}", escape_json_hazards(&json))?;

        Ok(())
    }

    /// One row per request; `events` and `rating` hold JSON.
    pub fn write_csv(&self, out: &mut dyn Write) -> StoreResult<()> {
        let mut w = csv::Writer::from_writer(out);
        let bad = |e: csv::Error| StoreError::Invalid(e.to_string());
        let mut wrote_header = false;
        for item in &self.requests {
            let fields = match serde_json::to_value(&item.request) {
                Ok(serde_json::Value::Object(map)) => map,
                _ => return Err(StoreError::Invalid("request did not serialise".into())),
            };
            if !wrote_header {
                let mut header: Vec<&str> = fields.keys().map(String::as_str).collect();
                header.extend(["events", "rating"]);
                w.write_record(&header).map_err(bad)?;
                wrote_header = true;
            }
            let mut record: Vec<String> = fields.values().map(csv_cell).collect();
            record.push(serde_json::to_string(&item.events).unwrap_or_default());
            record.push(
                item.rating
                    .as_ref()
                    .map(|r| serde_json::to_string(r).unwrap_or_default())
                    .unwrap_or_default(),
            );
            w.write_record(&record).map_err(bad)?;
        }
        w.flush()?;
        Ok(())
    }

    /// Reads what `write_json` or `write_csv` wrote; JSON is told apart by
    /// its opening brace.
    pub fn read(input: &mut dyn Read) -> StoreResult<Export> {
        let mut text = String::new();
        input
            .read_to_string(&mut text)
            .map_err(|e| StoreError::Invalid(format!("import file is not UTF-8 text: {e}")))?;
        if text.trim_start().starts_with('{') {
            let export: Export =
                serde_json::from_str(&text).map_err(|e| StoreError::Invalid(format!("import file: {e}")))?;
            if export.format != EXPORT_FORMAT {
                return Err(StoreError::Invalid(format!(
                    "import file is not a Frontdesk export (format '{}')",
                    export.format
                )));
            }
            return Ok(export);
        }
        Export::read_csv(&text)
    }

    fn read_csv(text: &str) -> StoreResult<Export> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| StoreError::Invalid(format!("import file: {e}")))?
            .clone();
        let mut requests = Vec::new();
        for (n, record) in reader.records().enumerate() {
            let line = n + 2;
            let bad = |what: String| StoreError::Invalid(format!("import file line {line}: {what}"));
            let record = record.map_err(|e| bad(e.to_string()))?;
            let request: Request = record
                .deserialize(Some(&headers))
                .map_err(|e| bad(e.to_string()))?;
            let nested: CsvNested = record
                .deserialize(Some(&headers))
                .map_err(|e| bad(e.to_string()))?;
            let events: Vec<Event> =
                serde_json::from_str(&nested.events).map_err(|e| bad(format!("events: {e}")))?;
            let rating: Option<Rating> = if nested.rating.trim().is_empty() {
                None
            } else {
                Some(serde_json::from_str(&nested.rating).map_err(|e| bad(format!("rating: {e}")))?)
            };
            requests.push(ExportedRequest {
                request,
                events,
                rating,
            });
        }
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            schema: SCHEMA_VERSION,
            exported_at: String::new(),
            people: Vec::new(),
            requests,
        })
    }
}

impl Store {
    /// Everything, in id order, for `export`.
    pub fn export(&self, now: i64) -> StoreResult<Export> {
        let people = self.people(&[])?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} ORDER BY r.id"
        ))?;
        let all: Vec<Request> = stmt.query_map([], rows::request)?.collect::<Result<_, _>>()?;
        let mut requests = Vec::with_capacity(all.len());
        for request in all {
            let events = self.events(request.id)?;
            let rating = rating_in(&self.conn, request.id)?;
            requests.push(ExportedRequest {
                request,
                events,
                rating,
            });
        }
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            schema: SCHEMA_VERSION,
            exported_at: rfc3339(now),
            people,
            requests,
        })
    }

    /// Adds an export to this database in one transaction: either all of
    /// it goes in, or (on any bad row or clashing id) none of it.
    pub fn import(&mut self, export: &Export) -> StoreResult<ImportSummary> {
        self.write(|tx| {
            let policy = load_policy(tx)?;
            let mut summary = ImportSummary { requests: 0, events: 0, ratings: 0 };
            for p in &export.people {
                if person_id(tx, &p.name)?.is_none() {
                    tx.execute(
                        "INSERT INTO people (name, department, contact, team, key_customer, role) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![p.name, p.department, p.contact, p.team, p.key_customer, p.role.as_str()],
                    )?;
                }
            }
            for (n, item) in export.requests.iter().enumerate() {
                let r = &item.request;
                let bad = |what: String| StoreError::Invalid(format!("import: request {} (record {}): {what}; nothing was imported", r.id, n + 1));
                let exists: Option<i64> = tx
                    .query_row("SELECT id FROM requests WHERE id = ?1", [r.id], |row| row.get(0))
                    .optional()?;
                if exists.is_some() {
                    return Err(bad("a request with this id already exists here".into()));
                }
                let subject = required_text("subject", &r.subject).map_err(|e| bad(e.to_string()))?;
                let requester = ensure_requester(tx, &required_text("requester", &r.requester).map_err(|e| bad(e.to_string()))?, None, None, false)?;
                let assignee = match &r.assignee {
                    Some(name) => Some(match person_id(tx, name)? {
                        Some(id) => id,
                        None => {
                            tx.execute("INSERT INTO people (name, role) VALUES (?1, 'agent')", [name])?;
                            tx.last_insert_rowid()
                        }
                    }),
                    None => None,
                };
                tx.execute(
                    "INSERT INTO requests (id, subject, body, requester_id, department, contact, channel, kind, category,
                     urgency, impact, key_customer, priority, status, assignee_id, team, escalation_level, created_at,
                     first_response_at, resolved_at, reply_by, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
                    params![
                        r.id, subject, r.body, requester, r.department, r.contact, r.channel.as_str(), r.kind.as_str(),
                        r.category, r.urgency.as_str(), r.impact.as_str(), r.key_customer, r.priority.as_str(),
                        r.status.as_str(), assignee, r.team, r.escalation_level.min(2), r.created_at,
                        r.first_response_at, r.resolved_at, r.reply_by, r.updated_at, r.version
                    ],
                )
                .map_err(|e| bad(e.to_string()))?;
                for e in &item.events {
                    tx.prepare_cached(
                        "INSERT INTO events (request_id, at, actor, kind, old_value, new_value, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![r.id, e.at, e.actor, e.kind.as_str(), e.old_value, e.new_value, e.body])?;
                    summary.events += 1;
                }
                if let Some(g) = &item.rating {
                    tx.execute(
                        "INSERT INTO ratings (request_id, overall, speed, quality, communication, recommend, comment, rated_at, rated_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![r.id, g.overall, g.speed, g.quality, g.communication, g.recommend, g.comment, g.rated_at, g.rated_by],
                    )
                    .map_err(|e| bad(format!("rating: {e}")))?;
                    summary.ratings += 1;
                }
                // The clock is recomputed from this file's shared policy.
                let follow_up_owner = match &r.follow_up_owner {
                    Some(name) => person_id(tx, name)?,
                    None => None,
                };
                tx.execute(
                    "UPDATE requests SET clock_started_at = created_at, paused_seconds = ?2,
                     waiting_since = CASE WHEN status = 'waiting' THEN updated_at END,
                     follow_up_at = ?3, follow_up_kind = ?4, follow_up_owner_id = ?5 WHERE id = ?1",
                    params![r.id, r.paused_seconds, r.follow_up_at, r.follow_up_kind.map(|k| k.as_str()), follow_up_owner],
                )?;
                refresh_clock(tx, &policy, r.id)?;
                // The KPI counters, from the imported history.
                tx.execute(
                    "UPDATE requests SET
                     escalated_ever = EXISTS (SELECT 1 FROM events WHERE request_id = ?1 AND kind = 'escalation'
                                              AND CAST(new_value AS INTEGER) > CAST(old_value AS INTEGER)),
                     reopen_count = (SELECT count(*) FROM events WHERE request_id = ?1 AND kind = 'status'
                                     AND new_value = 'open' AND old_value IN ('resolved', 'closed'))
                     WHERE id = ?1",
                    [r.id],
                )?;
                summary.requests += 1;
            }
            Ok(summary)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_import_text_is_read_or_refused_without_panicking(input in "\\PC{0,300}") {
            let _ = Export::read(&mut input.as_bytes());
        }

        #[test]
        fn csv_rows_with_random_cells_are_refused_cleanly(cells in proptest::collection::vec("[a-z0-9,\"]{0,8}", 0..30)) {
            let header = "id,subject,body,requester,department,contact,channel,kind,category,urgency,impact,key_customer,priority,status,assignee,team,escalation_level,created_at,first_response_at,resolved_at,reply_by,updated_at,version,events,rating";
            let text = format!("{header}\n{}\n", cells.join(","));
            let _ = Export::read(&mut text.as_bytes());
        }
    }
}
