//! Time spent on requests, from the `time` events staff record with
//! their changes: per request, per person who spent it, or per team,
//! department, category, priority, channel or week of the request.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::error::StoreResult;
use super::kpi::KpiGroup;
use super::Store;
use crate::domain::kpi::{week_label, week_start};

/// Time spent in one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeSpent {
    pub group: String,
    pub minutes: i64,
    /// How many requests the time went to.
    pub requests: usize,
}

impl Store {
    /// Time recorded in `[since, until)`, by `group` (the person who spent
    /// it for `Agent`), or per request when there is none; most first.
    pub fn time_spent(&self, since: i64, until: i64, group: Option<KpiGroup>) -> StoreResult<Vec<TimeSpent>> {
        let column = match group {
            None => "CAST(r.id AS TEXT) || ' ' || r.subject",
            Some(KpiGroup::Agent) => "e.actor",
            Some(KpiGroup::Department) => "r.department",
            Some(KpiGroup::Team) => "r.team",
            Some(KpiGroup::Category) => "r.category",
            Some(KpiGroup::Priority) => "r.priority",
            Some(KpiGroup::Channel) => "r.channel",
            Some(KpiGroup::Week) => "''",
            Some(KpiGroup::Tag) => "t.tag",
        };
        let join = group.map_or("", KpiGroup::join);
        let mut groups: BTreeMap<String, (i64, BTreeSet<i64>)> = BTreeMap::new();
        let rows = self
            .db()
            .prepare_cached(&format!(
                "SELECT {column}, CAST(e.new_value AS INTEGER), e.request_id, e.at
                 FROM events e JOIN requests r ON r.id = e.request_id{join}
                 WHERE e.kind = 'time' AND e.at >= ?1 AND e.at < ?2"
            ))?
            .query_map([since, until], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?
            .collect::<StoreResult<Vec<_>>>()?;
        for (name, minutes, request, at) in rows {
            let name = match group {
                Some(KpiGroup::Week) => week_label(week_start(at)),
                _ => name.unwrap_or_else(|| "(none)".into()),
            };
            let entry = groups.entry(name).or_default();
            entry.0 += minutes.unwrap_or(0);
            entry.1.insert(request);
        }
        let mut out: Vec<TimeSpent> = groups
            .into_iter()
            .map(|(group, (minutes, requests))| TimeSpent {
                group,
                minutes,
                requests: requests.len(),
            })
            .collect();
        out.sort_by(|a, b| b.minutes.cmp(&a.minutes).then_with(|| a.group.cmp(&b.group)));
        Ok(out)
    }
}
