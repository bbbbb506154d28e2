//! The request queue: filtered, sorted windows of requests.

use rusqlite::types::Value;

use super::error::StoreResult;
use super::rows::{self, REQUEST_COLUMNS, REQUEST_FROM};
use super::search::fts_query;
use super::Store;
use crate::domain::sla::triage_key;
use crate::domain::{Priority, Request, Status};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueSort {
    /// Newest first.
    #[default]
    Created,
    /// Most recently changed first.
    Updated,
    /// P1 first, oldest first within a priority.
    Priority,
    /// Soonest due first.
    Due,
    /// Follow-up calls, soonest first.
    FollowUp,
}

impl std::str::FromStr for QueueSort {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "created" => Ok(QueueSort::Created),
            "updated" => Ok(QueueSort::Updated),
            "priority" => Ok(QueueSort::Priority),
            "due" => Ok(QueueSort::Due),
            "follow-up" => Ok(QueueSort::FollowUp),
            other => Err(format!(
                "invalid sort '{other}' (valid: created, updated, priority, due)"
            )),
        }
    }
}

impl QueueSort {
    pub const ALL: [QueueSort; 4] = [
        QueueSort::Priority,
        QueueSort::Due,
        QueueSort::Created,
        QueueSort::Updated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            QueueSort::Created => "created",
            QueueSort::Updated => "updated",
            QueueSort::Priority => "priority",
            QueueSort::Due => "due",
            QueueSort::FollowUp => "follow-up",
        }
    }

    fn order_by(self) -> &'static str {
        match self {
            QueueSort::Created => "r.created_at DESC, r.id DESC",
            QueueSort::Updated => "r.updated_at DESC, r.id DESC",
            QueueSort::Priority => "r.priority, r.created_at, r.id",
            // Open work first, most overdue first; waiting (paused) after;
            // one indexed key (schema 6), so windows come from the index.
            QueueSort::Due => "r.triage_key, r.status, r.id",
            QueueSort::FollowUp => "r.follow_up_at IS NULL, r.follow_up_at, r.id",
        }
    }
}

/// Who a request is assigned to, as a filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Named(String),
    Unassigned,
}

/// Requests by where they stand against their promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueFilter {
    Breached,
    AtRisk,
    BreachedOrAtRisk,
}

/// What the queue shows. Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueueFilter {
    pub statuses: Vec<Status>,
    pub assignee: AssigneeFilter,
    pub department: Option<String>,
    pub team: Option<String>,
    pub priorities: Vec<Priority>,
    pub escalated: bool,
    pub search: Option<String>,
    /// Only requests with a follow-up call pending.
    pub follow_up: bool,
    /// Only rated (`Some(true)`) or not yet rated (`Some(false)`) requests.
    pub rated: Option<bool>,
    /// Due state as of `now`.
    pub due: Option<DueFilter>,
    pub now: i64,
}

impl QueueFilter {
    /// The WHERE clause and its parameters.
    pub(super) fn to_sql(&self) -> (String, Vec<Value>) {
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        // Each `?` in a clause becomes the numbered parameter of its value.
        let mut push = |clause: &str, v: Vec<Value>| {
            let mut numbered = String::new();
            let mut pieces = clause.split('?');
            numbered.push_str(pieces.next().unwrap_or_default());
            for (piece, value) in pieces.zip(v) {
                values.push(value);
                numbered.push_str(&format!("?{}{piece}", values.len()));
            }
            clauses.push(numbered);
        };
        if !self.statuses.is_empty() {
            let marks = vec!["?"; self.statuses.len()].join(", ");
            push(
                &format!("r.status IN ({marks})"),
                self.statuses.iter().map(|s| Value::Text(s.to_string())).collect(),
            );
        }
        if !self.priorities.is_empty() {
            let marks = vec!["?"; self.priorities.len()].join(", ");
            push(
                &format!("r.priority IN ({marks})"),
                self.priorities
                    .iter()
                    .map(|p| Value::Text(p.to_string()))
                    .collect(),
            );
        }
        match &self.assignee {
            AssigneeFilter::Anyone => {}
            AssigneeFilter::Unassigned => push("r.assignee_id IS NULL", vec![]),
            AssigneeFilter::Named(name) => push(
                "r.assignee_id = (SELECT id FROM people WHERE name = ?)",
                vec![Value::Text(name.clone())],
            ),
        }
        if let Some(dept) = &self.department {
            push("r.department = ? COLLATE NOCASE", vec![Value::Text(dept.clone())]);
        }
        if let Some(team) = &self.team {
            push("r.team = ? COLLATE NOCASE", vec![Value::Text(team.clone())]);
        }
        if self.escalated {
            push("r.escalation_level > 0", vec![]);
        }
        let breached = "((r.status IN ('new', 'open') AND r.due_at <= ?) OR (r.status = 'waiting' AND r.due_at <= r.waiting_since))";
        let at_risk = "(r.status IN ('new', 'open') AND r.risk_at <= ? AND r.due_at > ?)";
        let now = || Value::Integer(self.now);
        match self.due {
            None => {}
            Some(DueFilter::Breached) => push(breached, vec![now()]),
            Some(DueFilter::AtRisk) => push(at_risk, vec![now(), now()]),
            Some(DueFilter::BreachedOrAtRisk) => {
                push(&format!("({breached} OR {at_risk})"), vec![now(), now(), now()])
            }
        }
        if self.follow_up {
            push("r.follow_up_at IS NOT NULL", vec![]);
        }
        match self.rated {
            None => {}
            Some(true) => push(
                "EXISTS (SELECT 1 FROM ratings g WHERE g.request_id = r.id)",
                vec![],
            ),
            Some(false) => push(
                "NOT EXISTS (SELECT 1 FROM ratings g WHERE g.request_id = r.id)",
                vec![],
            ),
        }
        if let Some(q) = self.search.as_deref().and_then(fts_query) {
            push(
                "r.id IN (SELECT rowid FROM request_text WHERE request_text MATCH ?)",
                vec![Value::Text(q)],
            );
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        (sql, values)
    }
}

impl Store {
    /// When every status asked for is in one triage group (all open, or
    /// all waiting, …), the due time alone orders them, and the (status,
    /// due_at) index serves it; otherwise the triage key does.
    fn order_for(sort: QueueSort, filter: &QueueFilter) -> &'static str {
        let group = |s: &Status| triage_key(*s, Some(0));
        let one_group = filter
            .statuses
            .first()
            .is_some_and(|f| filter.statuses.iter().all(|s| group(s) == group(f)));
        if sort == QueueSort::Due && one_group {
            "r.due_at, r.id"
        } else {
            sort.order_by()
        }
    }

    /// One window of the queue, `limit` rows from `offset`.
    pub fn queue(
        &self,
        filter: &QueueFilter,
        sort: QueueSort,
        offset: usize,
        limit: usize,
    ) -> StoreResult<Vec<Request>> {
        let (filter_sql, mut values) = filter.to_sql();
        values.push(Value::Integer(limit as i64));
        values.push(Value::Integer(offset as i64));
        let n = values.len();
        // The window's ids are picked from `requests` alone (index-only
        // for indexed sorts), and only those rows are joined and read, so
        // a window deep in a long queue costs milliseconds.
        let order = Self::order_for(sort, filter);
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id IN
             (SELECT r.id FROM requests r{filter_sql} ORDER BY {order} LIMIT ?{} OFFSET ?{n}) ORDER BY {order}",
            n - 1,
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let found = stmt
            .query_map(rusqlite::params_from_iter(values), rows::request)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(found)
    }

    /// How many requests the filter matches.
    pub fn queue_len(&self, filter: &QueueFilter) -> StoreResult<usize> {
        let (filter_sql, values) = filter.to_sql();
        let sql = format!("SELECT count(*) FROM requests r{filter_sql}");
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values), |r| r.get(0))?;
        Ok(n as usize)
    }
}
