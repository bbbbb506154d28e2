//! The rows the KPI maths needs, read in one pass per table.

use super::error::StoreResult;
use super::Store;
use crate::domain::kpi::{week_label, KpiRating, KpiRequest, Window};

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

impl Store {
    /// Requests that matter to `window`: created in it, or still open at
    /// its start (for the backlog); and the ratings given in it.
    pub fn kpi_rows(
        &self,
        window: Window,
        group: Option<KpiGroup>,
    ) -> StoreResult<(Vec<KpiRequest>, Vec<KpiRating>)> {
        let column = group.map_or("''", KpiGroup::column);
        let sql = format!(
            "SELECT r.created_at, r.first_response_at, r.resolved_at, r.status, r.response_due_at, r.resolve_due_at,
                    r.paused_wall_seconds, r.priority, {column}, r.escalated_ever, r.reopen_count > 0
             FROM requests r
             WHERE r.created_at < ?2 AND (r.created_at >= ?1 OR r.resolved_at IS NULL OR r.resolved_at >= ?1)"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let requests = stmt
            .query_map([window.since, window.until], |row| {
                let created_at: i64 = row.get(0)?;
                let resolved_at: Option<i64> = row.get(2)?;
                let status: String = row.get(3)?;
                let group = match group {
                    Some(KpiGroup::Week) => week_label(created_at),
                    Some(_) => row.get::<_, Option<String>>(8)?.unwrap_or_else(|| NONE.into()),
                    None => String::new(),
                };
                Ok(KpiRequest {
                    created_at,
                    first_response_at: row.get(1)?,
                    resolved_at,
                    closed_unresolved: status == "closed" && resolved_at.is_none(),
                    response_due_at: row.get(4)?,
                    resolve_due_at: row.get(5)?,
                    paused_wall_seconds: row.get(6)?,
                    priority: row.get(7)?,
                    group,
                    escalated: row.get(9)?,
                    reopened: row.get(10)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
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
        let ratings = stmt
            .query_map([window.since, window.until], |row| {
                let rated_at: i64 = row.get(0)?;
                let group = match group {
                    Some(KpiGroup::Week) => week_label(rated_at),
                    Some(_) => row.get::<_, Option<String>>(6)?.unwrap_or_else(|| NONE.into()),
                    None => String::new(),
                };
                Ok(KpiRating {
                    rated_at,
                    overall: row.get(1)?,
                    speed: row.get(2)?,
                    quality: row.get(3)?,
                    communication: row.get(4)?,
                    recommend: row.get(5)?,
                    group,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((requests, ratings))
    }
}
