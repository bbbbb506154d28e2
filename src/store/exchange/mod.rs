//! Export and import. The JSON export carries the whole desk — people with
//! their roles, teams and flags, the SLA targets, calendar and holidays,
//! every request with its history, rating, follow-up and files, the mail
//! messages it has handled, saved views and macros (`kept.rs`) — and
//! imports back whole. Mail waiting in the outbox is not carried: it is
//! sent (`mail send`) from the desk that queued it. The CSV export is one row per request for spreadsheets; it
//! cannot carry the rest, so it is refused as an import.

mod kept;

use std::collections::HashMap;
use std::io::Read;

pub use kept::{ExportedFile, ExportedMacro, ExportedMessage, ExportedView};

use crate::store::sql::OptionalExtension;
use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::domain::custom_field::CustomField;
use crate::domain::history::{from_hex, link, Chained, SealedFile};
use crate::domain::imported::{check_event, check_person, check_rating, check_request};
use crate::domain::request::required_text;
use crate::domain::sla::SlaPolicy;
use crate::domain::text::escape_json_hazards;
use crate::domain::time::rfc3339;
use crate::domain::{Event, Person, Rating, Request, Role};
use crate::store::error::{StoreError, StoreResult};
use crate::store::follow_ups::auto_close_days;
use crate::store::history::{record_from, NewEvent};
use crate::store::kernel::{
    acting_name, ensure_requester, lead_rights, load_policy, person_id, record_change, refresh_clock,
};
use crate::store::migrations::SCHEMA_VERSION;
use crate::store::rows::{self, REQUEST_COLUMNS, REQUEST_FROM};
use crate::store::work::rating_in;
use crate::store::Store;

pub const EXPORT_FORMAT: &str = "frontdesk-export";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportedRequest {
    #[serde(flatten)]
    pub request: Request,
    pub events: Vec<Event>,
    pub rating: Option<Rating>,
    /// Absent from exports made before files were carried.
    #[serde(default)]
    pub files: Vec<ExportedFile>,
}

/// What the desk shares besides its requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSettings {
    /// SLA targets per priority, the business calendar and its holidays.
    pub sla: SlaPolicy,
    /// After how many days resolved requests nobody rated close themselves.
    pub auto_close_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Export {
    pub format: String,
    pub schema: i64,
    pub exported_at: String,
    pub people: Vec<Person>,
    /// Absent from exports made before settings were carried.
    #[serde(default)]
    pub settings: Option<DeskSettings>,
    pub requests: Vec<ExportedRequest>,
    /// These three are absent from exports made before they were carried.
    #[serde(default)]
    pub mail_messages: Vec<ExportedMessage>,
    #[serde(default)]
    pub views: Vec<ExportedView>,
    #[serde(default)]
    pub macros: Vec<ExportedMacro>,
    /// The custom fields the requests' `fields` are kept in (absent from
    /// exports made before there were any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<CustomField>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub requests: usize,
    pub events: usize,
    pub ratings: usize,
    /// People the desk did not know yet.
    pub people: usize,
    /// Files kept with the requests' events.
    pub files: usize,
    /// The export's settings were taken (the desk had no requests of its
    /// own, so nothing of its own was set against them).
    pub settings: bool,
}

/// Why a CSV cannot be imported.
const CSV_IS_NOT_A_DESK: &str =
    "a CSV export is for spreadsheets: it does not carry the people, the SLA settings or \
     the calendar, so it cannot be imported as a desk; move a desk with `frontdesk export --format json`";

impl Export {
    /// The export as JSON text, with anything that could move a terminal's
    /// cursor escaped.
    pub fn json(&self) -> StoreResult<String> {
        let json = serde_json::to_string_pretty(self).map_err(|e| StoreError::Invalid(e.to_string()))?;
        Ok(escape_json_hazards(&json) + "\n")
    }

    /// Reads what `json` wrote. Anything else — empty input, `null`,
    /// a list, a CSV export, an export from a newer Frontdesk — is refused.
    pub fn read(input: &mut dyn Read) -> StoreResult<Export> {
        let mut text = String::new();
        input
            .read_to_string(&mut text)
            .map_err(|e| StoreError::Invalid(format!("import file is not UTF-8 text: {e}")))?;
        let start = text.trim_start();
        if start.is_empty() {
            return Err(StoreError::Invalid("import file is empty".into()));
        }
        if !start.starts_with('{') {
            if start
                .lines()
                .next()
                .is_some_and(|l| l.split(',').any(|c| c == "subject"))
            {
                return Err(StoreError::Invalid(CSV_IS_NOT_A_DESK.into()));
            }
            return Err(StoreError::Invalid(
                "import file is not a Frontdesk export (it must be the JSON that `frontdesk export` writes)"
                    .into(),
            ));
        }
        let export: Export =
            serde_json::from_str(&text).map_err(|e| StoreError::Invalid(format!("import file: {e}")))?;
        if export.format != EXPORT_FORMAT {
            return Err(StoreError::Invalid(format!(
                "import file is not a Frontdesk export (format '{}')",
                export.format
            )));
        }
        if !(1..=SCHEMA_VERSION).contains(&export.schema) {
            return Err(StoreError::Invalid(format!(
                "import file is of schema {}, which this Frontdesk does not know (it knows 1 to {SCHEMA_VERSION})",
                export.schema
            )));
        }
        Ok(export)
    }

    /// The history's hash chain as exported: every event must follow from
    /// the ones before it, or the file was edited after it was exported.
    /// (An export from before the chain existed carries no links.)
    fn check_chain(&self) -> Result<(), String> {
        // The files each event's link covers, checked against their bytes.
        let mut files: HashMap<i64, Vec<SealedFile>> = HashMap::new();
        for item in &self.requests {
            for f in &item.files {
                let sealed = f
                    .sealed()
                    .map_err(|why| format!("request {}: {why}", item.request.id))?;
                if let (Some(sealed), Some(event)) = (sealed, item.events.get(f.event)) {
                    files.entry(event.id).or_default().push(sealed);
                }
            }
        }
        let mut events: Vec<&Event> = self.requests.iter().flat_map(|r| &r.events).collect();
        if events.iter().all(|e| e.hash.is_none()) {
            return Ok(());
        }
        events.sort_by_key(|e| e.id);
        let mut previous = None;
        for e in events {
            let expected = link(
                previous.as_ref(),
                &Chained {
                    request_id: e.request_id,
                    at: e.at,
                    actor: &e.actor,
                    login: e.login.as_deref(),
                    host: e.host.as_deref(),
                    kind: e.kind.as_str(),
                    old_value: e.old_value.as_deref(),
                    new_value: e.new_value.as_deref(),
                    body: e.body.as_deref(),
                    files: files.get(&e.id).map_or(&[], Vec::as_slice),
                },
            );
            if e.hash.as_deref().and_then(from_hex) != Some(expected) {
                return Err(format!(
                    "the history in the file was changed after it was exported (event {} of request {} does not follow from the ones before it)",
                    e.id, e.request_id
                ));
            }
            previous = Some(expected);
        }
        Ok(())
    }

    /// Every rule of the domain, before anything is written: the first
    /// record that breaks one is named.
    /// What it gives back is the file's custom fields, checked (names
    /// and choices in the form a desk keeps them).
    fn check(&self) -> StoreResult<Vec<CustomField>> {
        let bad = |what: String| StoreError::Invalid(format!("import: {what}; nothing was imported"));
        for (n, p) in self.people.iter().enumerate() {
            check_person(p).map_err(|why| bad(format!("person {} (record {}): {why}", p.name, n + 1)))?;
        }
        if let Some(s) = &self.settings {
            s.sla.validate().map_err(|e| bad(format!("SLA settings: {e}")))?;
            if !(1..=365).contains(&s.auto_close_days) {
                return Err(bad(format!(
                    "auto-close after {} days is outside 1–365",
                    s.auto_close_days
                )));
            }
        }
        self.check_chain().map_err(bad)?;
        let mut fields: Vec<CustomField> = Vec::new();
        for f in &self.fields {
            let f = f
                .clone()
                .checked()
                .map_err(|e| bad(format!("field {}: {e}", f.name)))?;
            if fields.iter().any(|k| k.name == f.name) {
                return Err(bad(format!("the field {} is defined twice", f.name)));
            }
            fields.push(f);
        }
        if let Some(why) = self
            .views
            .iter()
            .find_map(|v| v.refusal(&self.fields))
            .or_else(|| self.macros.iter().find_map(ExportedMacro::refusal))
            .or_else(|| self.mail_messages.iter().find_map(ExportedMessage::refusal))
            .or_else(|| kept::clash(&self.views, &self.macros))
        {
            return Err(bad(why));
        }
        let mut ids = std::collections::HashSet::new();
        for (n, item) in self.requests.iter().enumerate() {
            let r = &item.request;
            let in_record = |why: String| bad(format!("request {} (record {}): {why}", r.id, n + 1));
            check_request(r).map_err(in_record)?;
            for (name, value) in &r.fields {
                let field =
                    crate::domain::custom_field::find(&fields, name).map_err(|e| in_record(e.to_string()))?;
                field.value(value).map_err(|e| in_record(e.to_string()))?;
            }
            if !ids.insert(r.id) {
                return Err(in_record("the id appears twice".into()));
            }
            for e in &item.events {
                check_event(r, e).map_err(in_record)?;
            }
            if let Some(g) = &item.rating {
                check_rating(r, g).map_err(in_record)?;
            }
        }
        Ok(fields)
    }
}

impl Store {
    /// Everything, in id order, for `export`.
    pub fn export(&self, now: i64) -> StoreResult<Export> {
        let people = self.people(&[])?;
        let mut stmt = self.db().prepare(&format!(
            "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} ORDER BY r.id"
        ))?;
        let all: Vec<Request> = stmt.query_map([], rows::request)?.collect::<Result<_, _>>()?;
        let all = crate::store::tags::with_details(&self.db(), all)?;
        let mut values = crate::store::custom_fields::all_values(&self.db())?;
        let mut requests = Vec::with_capacity(all.len());
        for mut request in all {
            request.fields = values.remove(&request.id).unwrap_or_default();
            // The request's attachments were read with it.
            let events = self.history_with(request.id, request.attachments.clone())?;
            let rating = rating_in(&self.db(), request.id)?;
            let event_ids: Vec<i64> = events.iter().map(|e| e.id).collect();
            let files = kept::files_of(&self.db(), request.id, &event_ids)?;
            requests.push(ExportedRequest {
                request,
                events,
                rating,
                files,
            });
        }
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            schema: SCHEMA_VERSION,
            exported_at: rfc3339(now),
            people,
            settings: Some(DeskSettings {
                sla: load_policy(&self.db())?,
                auto_close_days: auto_close_days(&self.db())?,
            }),
            requests,
            mail_messages: kept::messages(&self.db())?,
            views: kept::views(&self.db())?,
            macros: kept::macros(&self.db())?,
            fields: crate::store::custom_fields::fields_in(&self.db())?,
        })
    }

    /// Adds an export to this database in one transaction: either all of
    /// it goes in, or (on any bad row or clashing id) none of it.
    ///
    /// Whoever imports is `actor`: the people it adds are history in
    /// their name, and one who is not a lead adds requesters only (a
    /// hand-edited export would otherwise make anyone a lead).
    pub fn import(&mut self, export: &Export, actor: &str, now: i64) -> StoreResult<ImportSummary> {
        let fields = export.check()?;
        let actor = acting_name(actor)?;
        self.write(|tx| {
            let staff_refusal = lead_rights(tx, &actor, "import staff").err();
            let add_person = |record: String, name: &str, role: Role| -> StoreResult<()> {
                if let (Some(refusal), false) = (&staff_refusal, role == Role::Requester) {
                    return Err(StoreError::Invalid(format!(
                        "import: {record} would add {name} as {}: {refusal}; nothing was imported",
                        if role == Role::Lead { "a lead" } else { "an agent" }
                    )));
                }
                record_change(tx, name, now, &actor, "role", None, Some(&format!("{} (imported)", role.as_str())))
            };
            let mut summary = ImportSummary { requests: 0, events: 0, ratings: 0, people: 0, files: 0, settings: false };
            // A desk with no requests yet takes the export's settings whole;
            // one with its own keeps them.
            let fresh: bool = tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM requests)", [], |r| r.get(0))?;
            if let (Some(settings), true) = (&export.settings, fresh) {
                let policy = serde_json::to_string(&settings.sla).map_err(|e| StoreError::Invalid(e.to_string()))?;
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES ('sla_policy', ?1), ('auto_close_days', ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![policy, settings.auto_close_days.to_string()],
                )?;
                summary.settings = true;
            }
            let policy = load_policy(tx)?;
            crate::store::custom_fields::import_fields(tx, &actor, &fields, now)?;
            // What the values are checked against: the desk's fields, the
            // file's now among them.
            let fields = crate::store::custom_fields::fields_in(tx)?;
            for (n, p) in export.people.iter().enumerate() {
                if person_id(tx, &p.name)?.is_none() {
                    add_person(format!("person {} (record {})", p.name, n + 1), &p.name, p.role)?;
                    tx.execute(
                        "INSERT INTO people (name, department, contact, team, key_customer, role, login) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                        params![p.name, p.department, p.contact, p.team, p.key_customer, p.role.as_str(), p.login],
                    )?;
                    summary.people += 1;
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
                    Some(name) => Some(if let Some(id) = person_id(tx, name)? { id } else {
                        add_person(format!("request {} (record {}), its assignee", r.id, n + 1), name, Role::Agent)?;
                        tx.execute("INSERT INTO people (name, role) VALUES (?1, 'agent')", [name])?;
                        tx.last_insert_rowid()?
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
                        r.status.as_str(), assignee, r.team, r.escalation_level, r.created_at,
                        r.first_response_at, r.resolved_at, r.reply_by, r.updated_at, r.version
                    ],
                )
                .map_err(|e| bad(e.to_string()))?;
                for e in &item.events {
                    record_from(
                        tx,
                        NewEvent {
                            request_id: r.id,
                            at: e.at,
                            actor: &e.actor,
                            kind: e.kind.as_str(),
                            old_value: e.old_value.as_deref(),
                            new_value: e.new_value.as_deref(),
                            body: e.body.as_deref(),
                        },
                        e.login.as_deref(),
                        e.host.as_deref(),
                    )?;
                    summary.events += 1;
                }
                if !item.files.is_empty() {
                    let event_ids: Vec<i64> = tx
                        .prepare_cached("SELECT id FROM events WHERE request_id = ?1 ORDER BY id")?
                        .query_map([r.id], |row| row.get(0))?
                        .collect::<StoreResult<_>>()?;
                    kept::keep_files(tx, r.id, &event_ids, &item.files).map_err(|e| bad(e.to_string()))?;
                    summary.files += item.files.len();
                }
                let values: Vec<(String, String)> = r.fields.clone().into_iter().collect();
                crate::store::custom_fields::keep_new_values(tx, &fields, r.id, &values)
                    .map_err(|e| bad(e.to_string()))?;
                for t in &r.tags {
                    let t = crate::domain::request::tag(t).map_err(|e| bad(e.to_string()))?;
                    tx.execute(
                        "INSERT INTO request_tags (request_id, tag) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                        params![r.id, t],
                    )?;
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
                    params![r.id, r.paused_seconds, r.follow_up_at, r.follow_up_kind.map(crate::domain::request::FollowUpKind::as_str), follow_up_owner],
                )?;
                refresh_clock(tx, &policy, r.id)?;
                if r.status.is_done() {
                    // A finished request keeps the targets it was held to,
                    // whatever this desk's policy says now.
                    tx.execute(
                        "UPDATE requests SET response_due_at = coalesce(?2, response_due_at),
                         resolve_due_at = coalesce(?3, resolve_due_at) WHERE id = ?1",
                        params![r.id, r.response_due_at, r.resolve_due_at],
                    )?;
                }
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
            // Links and copied people once every request is in: each link
            // is kept from the side that owns it (a related one once).
            for item in &export.requests {
                let r = &item.request;
                for l in &r.links {
                    let kind = match l.relation.as_str() {
                        "parent of" => "parent",
                        "duplicate of" => "duplicate",
                        "related to" if r.id < l.id => "related",
                        _ => continue,
                    };
                    if kind == "parent" {
                        super::links::refuse_a_loop(tx, r.id, l.id)?;
                    }
                    tx.execute(
                        "INSERT INTO request_links (from_id, to_id, kind) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                        params![r.id, l.id, kind],
                    )?;
                }
                for name in &r.cc {
                    let person = ensure_requester(tx, name, None, None, false)?;
                    tx.execute(
                        "INSERT INTO request_ccs (request_id, person_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                        params![r.id, person],
                    )?;
                }
            }
            kept::keep_messages(tx, &export.mail_messages)?;
            kept::keep_views(tx, &export.views)?;
            kept::keep_macros(tx, &export.macros)?;
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
