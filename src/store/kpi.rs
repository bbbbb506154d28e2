//! The rows the KPI maths needs, read in one pass per table.

use std::collections::HashMap;

use rusqlite::Row;

use super::error::StoreResult;
use super::rows::label;
use super::Store;
use crate::domain::kpi::{week_label, week_start, KpiRating, KpiRequest, KpiRows, Window};

/// How a report splits the figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KpiGroup {
    Department,
    Team,
    Agent,
    Category,
    Priority,
    Channel,
    Week,
}

impl std::str::FromStr for KpiGroup {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "dept" | "department" => KpiGroup::Department,
            "team" => KpiGroup::Team,
            "agent" => KpiGroup::Agent,
            "category" => KpiGroup::Category,
            "priority" => KpiGroup::Priority,
            "channel" => KpiGroup::Channel,
            "week" => KpiGroup::Week,
            other => {
                return Err(format!(
                "invalid grouping '{other}' (valid: dept, team, agent, category, priority, channel, week)"
            ))
            }
        })
    }
}

impl KpiGroup {
    pub fn label(self) -> &'static str {
        match self {
            KpiGroup::Department => "department",
            KpiGroup::Team => "team",
            KpiGroup::Agent => "agent",
            KpiGroup::Category => "category",
            KpiGroup::Priority => "priority",
            KpiGroup::Channel => "channel",
            KpiGroup::Week => "week",
        }
    }

    /// The SQL expression of the group (week is labelled in Rust).
    fn column(self) -> &'static str {
        match self {
            KpiGroup::Department => "r.department",
            KpiGroup::Team => "r.team",
            KpiGroup::Agent => "(SELECT name FROM people WHERE id = r.assignee_id)",
            KpiGroup::Category => "r.category",
            KpiGroup::Priority | KpiGroup::Week => "r.priority",
            KpiGroup::Channel => "r.channel",
        }
    }
}

const NONE: &str = "(none)";

/// Gives each group name (or week) a small number the first time it is
/// seen, so a million rows share a few dozen names.
#[derive(Default)]
struct Groups {
    names: Vec<String>,
    by_name: HashMap<String, u32>,
    by_week: HashMap<i64, u32>,
}

impl Groups {
    fn named(&mut self, name: Option<&str>) -> u32 {
        let name = name.unwrap_or(NONE);
        if let Some(i) = self.by_name.get(name) {
            return *i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.by_name.insert(name.to_string(), i);
        i
    }

    fn week(&mut self, t: i64) -> u32 {
        let start = week_start(t);
        if let Some(i) = self.by_week.get(&start) {
            return *i;
        }
        let i = self.names.len() as u32;
        self.names.push(week_label(start));
        self.by_week.insert(start, i);
        i
    }

    /// The group of a row whose group value is in column `idx`.
    fn of(&mut self, group: Option<KpiGroup>, row: &Row<'_>, idx: usize, at: i64) -> rusqlite::Result<u32> {
        Ok(match group {
            None => 0,
            Some(KpiGroup::Week) => self.week(at),
            Some(_) => self.named(row.get_ref(idx)?.as_str_or_null().unwrap_or(None)),
        })
    }
}

impl Store {
    /// Requests that matter to `window`: created in it, or still open at
    /// its start (for the backlog); and the ratings given in it.
    pub fn kpi_rows(&self, window: Window, group: Option<KpiGroup>) -> StoreResult<KpiRows> {
        let column = group.map_or("''", KpiGroup::column);
        let mut groups = Groups::default();
        if group.is_none() {
            groups.names.push(String::new());
        }
        // Read from the covering index requests_kpi alone.
        let sql = format!(
            "SELECT r.created_at, r.first_response_at, r.resolved_at, r.status = 'closed' AND r.resolved_at IS NULL,
                    r.response_due_at, r.resolve_due_at, r.paused_wall_seconds, r.priority, r.escalated_ever,
                    r.reopen_count > 0, {column}
             FROM requests r
             WHERE r.created_at < ?2 AND (r.created_at >= ?1 OR r.resolved_at IS NULL OR r.resolved_at >= ?1)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([window.since, window.until])?;
        let mut requests = Vec::new();
        while let Some(row) = rows.next()? {
            let created_at: i64 = row.get(0)?;
            requests.push(KpiRequest {
                created_at,
                first_response_at: row.get(1)?,
                resolved_at: row.get(2)?,
                closed_unresolved: row.get(3)?,
                response_due_at: row.get(4)?,
                resolve_due_at: row.get(5)?,
                paused_wall_seconds: row.get(6)?,
                priority: label(row, 7)?,
                escalated: row.get(8)?,
                reopened: row.get(9)?,
                group: groups.of(group, row, 10, created_at)?,
            });
        }
        // Ungrouped, the ratings alone will do: no lookup into each request.
        let join = if group.is_some() {
            " JOIN requests r ON r.id = g.request_id"
        } else {
            ""
        };
        let sql = format!(
            "SELECT g.rated_at, g.overall, g.speed, g.quality, g.communication, g.recommend, {column}
             FROM ratings g{join} WHERE g.rated_at >= ?1 AND g.rated_at < ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([window.since, window.until])?;
        let mut ratings = Vec::new();
        while let Some(row) = rows.next()? {
            let rated_at: i64 = row.get(0)?;
            ratings.push(KpiRating {
                rated_at,
                overall: row.get(1)?,
                speed: row.get(2)?,
                quality: row.get(3)?,
                communication: row.get(4)?,
                recommend: row.get(5)?,
                group: groups.of(group, row, 6, rated_at)?,
            });
        }
        Ok(KpiRows {
            requests,
            ratings,
            groups: groups.names,
        })
    }
}
