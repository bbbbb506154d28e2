//! What a desk keeps beside its requests' rows, carried by the JSON export
//! so that a desk moved through it is the same desk: the files that came
//! with mail (their contents too), the Message-IDs that thread the
//! requesters' answers and keep a message from being taken twice, and the
//! team's saved views and macros. Exports made before these were carried
//! read as having none.

use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::domain::history::{file_digest, to_hex, SealedFile};
use crate::domain::ids::RequestId;
use crate::store::error::{StoreError, StoreResult};
use rusqlite::types::Value;

use crate::store::sql::Conn;

/// A file that came with one of a request's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedFile {
    /// Which of the request's events it came with, counted from 0 in the
    /// order `events` lists them.
    pub event: usize,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    /// The bytes, in base64; absent when they were over the size limit
    /// and only the name and size were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// The SHA-256 its event's link covers, in hex; absent for files kept
    /// before files were chained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl ExportedFile {
    /// The bytes, when they were kept.
    pub(super) fn bytes(&self) -> Result<Option<Vec<u8>>, String> {
        self.content
            .as_deref()
            .map(|text| base64::engine::general_purpose::STANDARD.decode(text))
            .transpose()
            .map_err(|_| format!("the file {}: its content is not base64", self.name))
    }

    /// What its event's link covers of it, checked against its bytes:
    /// `None` for a file from before files were chained.
    pub(super) fn sealed(&self) -> Result<Option<SealedFile>, String> {
        let Some(hex) = &self.sha256 else {
            return Ok(None);
        };
        let bytes = self.bytes()?;
        let sha256 = file_digest(bytes.as_deref());
        if to_hex(&sha256) != hex.to_ascii_lowercase() {
            return Err(format!(
                "the file {} was changed after it was exported (its bytes do not have the SHA-256 its history covers)",
                self.name
            ));
        }
        Ok(Some(SealedFile {
            name: self.name.clone(),
            content_type: self.content_type.clone(),
            size: self.size,
            kept: bytes.is_some(),
            sha256,
        }))
    }
}

/// A mail message the desk has handled or sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedMessage {
    pub message_id: String,
    pub direction: String,
    pub request: Option<RequestId>,
    pub outcome: String,
    pub reason: Option<String>,
    pub sender: Option<String>,
    pub at: i64,
}

/// A saved view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedView {
    /// Whose it is; empty for one shared with the team.
    pub owner: String,
    pub name: String,
    pub query: String,
    pub sort: Option<String>,
    pub number: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
}

/// A macro.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedMacro {
    pub name: String,
    pub reply: Option<String>,
    pub note: Option<String>,
    pub status: Option<String>,
    pub assign: Option<String>,
    pub team: Option<String>,
    pub tags: String,
    pub minutes: Option<i64>,
    pub created_by: String,
    pub created_at: i64,
}

impl ExportedMessage {
    /// Why the message could not be kept, if it could not.
    pub(super) fn refusal(&self) -> Option<String> {
        (!matches!(self.direction.as_str(), "in" | "out")).then(|| {
            format!(
                "the message {} goes neither in nor out ('{}')",
                self.message_id, self.direction
            )
        })
    }
}

impl ExportedView {
    /// Why the view could not be kept by `views add`, if it could not;
    /// `fields` are the custom fields its query may name.
    pub(super) fn refusal(&self, fields: &[crate::domain::custom_field::CustomField]) -> Option<String> {
        let view = crate::domain::saved_view::SavedView {
            name: self.name.clone(),
            query: self.query.clone(),
            sort: self.sort.clone(),
            // A number past what a u8 holds is refused as any outside 1–9.
            key: self.number.map(|n| u8::try_from(n).unwrap_or(u8::MAX)),
            shared: self.owner.is_empty(),
            owner: self.owner.clone(),
        };
        view.checked(fields)
            .err()
            .map(|e| format!("view {}: {e}", self.name))
    }
}

/// Why the views and macros of one file could not all be kept: two views
/// of one owner under one name, two shared views on one key, two macros
/// under one name (the second would be dropped, or open in place of the
/// first).
pub(super) fn clash(views: &[ExportedView], macros: &[ExportedMacro]) -> Option<String> {
    let mut names = std::collections::HashSet::new();
    let mut keys = std::collections::HashMap::new();
    for v in views {
        let whose = if v.owner.is_empty() {
            "shared".to_string()
        } else {
            format!("{}'s", v.owner)
        };
        if !names.insert((v.owner.as_str(), v.name.as_str())) {
            return Some(format!("two {whose} views are called '{}'", v.name));
        }
        if let Some(k) = v.number.filter(|_| v.owner.is_empty()) {
            if let Some(first) = keys.insert(k, v.name.as_str()) {
                return Some(format!(
                    "the shared views '{first}' and '{}' both take key {k}",
                    v.name
                ));
            }
        }
    }
    let mut names = std::collections::HashSet::new();
    macros
        .iter()
        .find(|m| !names.insert(m.name.as_str()))
        .map(|m| format!("two macros are called '{}'", m.name))
}

impl ExportedMacro {
    /// Why the macro could not be kept by `macros add`, if it could not.
    pub(super) fn refusal(&self) -> Option<String> {
        let status = match self.status.as_deref().map(str::parse::<crate::domain::Status>) {
            Some(Err(e)) => return Some(format!("macro {}: {e}", self.name)),
            Some(Ok(s)) => Some(s),
            None => None,
        };
        let minutes = match self.minutes.map(u32::try_from) {
            Some(Ok(m)) if (1..=1440).contains(&m) => Some(m),
            Some(_) => return Some(format!("macro {}: minutes outside 1–1440", self.name)),
            None => None,
        };
        let canned = crate::domain::canned::Macro {
            name: self.name.clone(),
            reply: self.reply.clone(),
            note: self.note.clone(),
            status,
            assign: self.assign.clone(),
            team: self.team.clone(),
            tags: self.tags.split_whitespace().map(str::to_string).collect(),
            minutes,
        };
        canned
            .checked()
            .err()
            .map(|e| format!("macro {}: {e}", self.name))
    }
}

/// The files of request `id`, each by the place of its event among
/// `event_ids` (the request's events, in order).
pub(super) fn files_of(conn: &Conn, id: RequestId, event_ids: &[i64]) -> StoreResult<Vec<ExportedFile>> {
    let rows = conn
        .prepare_cached(
            "SELECT event_id, name, content_type, size, content, sha256 FROM attachments WHERE request_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            let content: Option<Vec<u8>> = r.get(4)?;
            let sha256: Option<Vec<u8>> = r.get(5)?;
            let file = ExportedFile {
                event: 0,
                name: r.get(1)?,
                content_type: r.get(2)?,
                size: r.get(3)?,
                content: content.map(|bytes| base64::engine::general_purpose::STANDARD.encode(bytes)),
                sha256: sha256.map(|d| to_hex(&d)),
            };
            Ok((r.get::<_, i64>(0)?, file))
        })?
        .collect::<StoreResult<Vec<_>>>()?;
    rows.into_iter()
        .map(|(event_id, file)| {
            let event = event_ids.iter().position(|e| *e == event_id).ok_or_else(|| {
                StoreError::Invalid(format!(
                    "request {id}: the file {} came with no event of it",
                    file.name
                ))
            })?;
            Ok(ExportedFile { event, ..file })
        })
        .collect()
}

/// Keeps `files` with request `id`, whose events (just written, in the
/// export's order) are `event_ids`.
pub(super) fn keep_files(
    tx: &Conn,
    id: RequestId,
    event_ids: &[i64],
    files: &[ExportedFile],
) -> StoreResult<()> {
    for f in files {
        let bad = |what: &str| StoreError::Invalid(format!("request {id}: the file {}: {what}", f.name));
        let event = event_ids
            .get(f.event)
            .ok_or_else(|| bad("it names an event the request does not have"))?;
        let content = f.bytes().map_err(|_| bad("its content is not base64"))?;
        if content.as_ref().is_some_and(|bytes| bytes.len() as i64 != f.size) {
            return Err(bad("its content is not the size it says"));
        }
        // Chained here as it was there; a file from before files were
        // chained is chained from now on.
        let sha256 = file_digest(content.as_deref());
        tx.execute(
            "INSERT INTO attachments (request_id, event_id, name, content_type, size, content, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            vec![
                Value::from(id),
                Value::Integer(*event),
                Value::Text(f.name.clone()),
                Value::Text(f.content_type.clone()),
                Value::Integer(f.size),
                content.map_or(Value::Null, Value::Blob),
                Value::Blob(sha256),
            ],
        )?;
    }
    Ok(())
}

/// Every message the desk has handled or sent, oldest first.
pub(super) fn messages(conn: &Conn) -> StoreResult<Vec<ExportedMessage>> {
    conn.prepare_cached(
        "SELECT message_id, direction, request_id, outcome, reason, sender, at FROM mail_messages ORDER BY at, message_id",
    )?
    .query_map([], |r| {
        Ok(ExportedMessage {
            message_id: r.get(0)?,
            direction: r.get(1)?,
            request: r.get(2)?,
            outcome: r.get(3)?,
            reason: r.get(4)?,
            sender: r.get(5)?,
            at: r.get(6)?,
        })
    })?
    .collect()
}

/// Takes the messages this desk has not seen.
pub(super) fn keep_messages(tx: &Conn, messages: &[ExportedMessage]) -> StoreResult<()> {
    for m in messages {
        tx.execute(
            "INSERT INTO mail_messages (message_id, direction, request_id, outcome, reason, sender, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
            vec![
                Value::Text(m.message_id.clone()),
                Value::Text(m.direction.clone()),
                m.request.map_or(Value::Null, Value::from),
                Value::Text(m.outcome.clone()),
                m.reason.clone().map_or(Value::Null, Value::Text),
                m.sender.clone().map_or(Value::Null, Value::Text),
                Value::Integer(m.at),
            ],
        )?;
    }
    Ok(())
}

pub(super) fn views(conn: &Conn) -> StoreResult<Vec<ExportedView>> {
    conn.prepare_cached(
        "SELECT owner, name, query, sort, number, created_by, created_at FROM views ORDER BY id",
    )?
    .query_map([], |r| {
        Ok(ExportedView {
            owner: r.get(0)?,
            name: r.get(1)?,
            query: r.get(2)?,
            sort: r.get(3)?,
            number: r.get(4)?,
            created_by: r.get(5)?,
            created_at: r.get(6)?,
        })
    })?
    .collect()
}

/// Takes the views this desk has none of the same owner and name of.
pub(super) fn keep_views(tx: &Conn, views: &[ExportedView]) -> StoreResult<()> {
    for v in views {
        if let Some(k) = v.number.filter(|_| v.owner.is_empty()) {
            crate::store::views::key_is_free(tx, &v.name, k)?;
        }
        tx.execute(
            "INSERT INTO views (owner, name, query, sort, number, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
            vec![
                Value::Text(v.owner.clone()),
                Value::Text(v.name.clone()),
                Value::Text(v.query.clone()),
                v.sort.clone().map_or(Value::Null, Value::Text),
                v.number.map_or(Value::Null, Value::Integer),
                Value::Text(v.created_by.clone()),
                Value::Integer(v.created_at),
            ],
        )?;
    }
    Ok(())
}

pub(super) fn macros(conn: &Conn) -> StoreResult<Vec<ExportedMacro>> {
    conn.prepare_cached(
        "SELECT name, reply, note, status, assign, team, tags, minutes, created_by, created_at FROM macros ORDER BY id",
    )?
    .query_map([], |r| {
        Ok(ExportedMacro {
            name: r.get(0)?,
            reply: r.get(1)?,
            note: r.get(2)?,
            status: r.get(3)?,
            assign: r.get(4)?,
            team: r.get(5)?,
            tags: r.get(6)?,
            minutes: r.get(7)?,
            created_by: r.get(8)?,
            created_at: r.get(9)?,
        })
    })?
    .collect()
}

/// Takes the macros this desk has none of the same name of.
pub(super) fn keep_macros(tx: &Conn, macros: &[ExportedMacro]) -> StoreResult<()> {
    let text = |t: &Option<String>| t.clone().map_or(Value::Null, Value::Text);
    for m in macros {
        tx.execute(
            "INSERT INTO macros (name, reply, note, status, assign, team, tags, minutes, created_by, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
            vec![
                Value::Text(m.name.clone()),
                text(&m.reply),
                text(&m.note),
                text(&m.status),
                text(&m.assign),
                text(&m.team),
                Value::Text(m.tags.clone()),
                m.minutes.map_or(Value::Null, Value::Integer),
                Value::Text(m.created_by.clone()),
                Value::Integer(m.created_at),
            ],
        )?;
    }
    Ok(())
}
