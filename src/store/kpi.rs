//! The rows the KPI maths needs, read in one pass per table.

use crate::domain::Priority;
use std::collections::HashMap;

use crate::store::sql::{Conn, OptionalExtension, Row};

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
    /// Each tag a request has (a request with two counts in both).
    Tag,
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
            "tag" => KpiGroup::Tag,
            other => {
                return Err(format!(
                "invalid grouping '{other}' (valid: dept, team, agent, category, priority, channel, week, tag)"
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
            KpiGroup::Tag => "tag",
        }
    }

    /// The SQL expression of the group (week is labelled in Rust).
    /// The join that brings the group in beside `requests r`: its tags,
    /// one row per tag, when split by tag.
    pub(super) fn join(self) -> &'static str {
        match self {
            KpiGroup::Tag => " LEFT JOIN request_tags t ON t.request_id = r.id",
            _ => "",
        }
    }

    fn column(self) -> &'static str {
        match self {
            KpiGroup::Department => "r.department",
            KpiGroup::Team => "r.team",
            KpiGroup::Agent => "(SELECT name FROM people WHERE id = r.assignee_id)",
            KpiGroup::Category => "r.category",
            KpiGroup::Priority | KpiGroup::Week => "r.priority",
            KpiGroup::Channel => "r.channel",
            KpiGroup::Tag => "t.tag",
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
    fn for_split(group: Option<KpiGroup>) -> Groups {
        let mut groups = Groups::default();
        if group.is_none() {
            // Not split: every row falls in the one nameless group.
            groups.named(Some(""));
        }
        groups
    }

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
        let i = self.named(Some(&week_label(start)));
        self.by_week.insert(start, i);
        i
    }

    /// The group of a row whose group value is in column `idx`.
    fn of(&mut self, group: Option<KpiGroup>, row: &Row<'_>, idx: usize, at: i64) -> StoreResult<u32> {
        Ok(match group {
            None => 0,
            Some(KpiGroup::Week) => self.week(at),
            Some(_) => self.named(row.get::<_, Option<String>>(idx)?.as_deref()),
        })
    }

    /// Takes in the names another reader numbered; returns their new
    /// numbers unless every name kept its number.
    fn absorb(&mut self, other: Groups) -> Option<Vec<u32>> {
        let renumbered: Vec<u32> = other.names.iter().map(|n| self.named(Some(n))).collect();
        renumbered
            .iter()
            .enumerate()
            .any(|(i, n)| i as u32 != *n)
            .then_some(renumbered)
    }
}

/// The requests created in `[from, until)` that matter to `window`: created
/// in it, or still open at its start (for the backlog).
fn kpi_requests(
    conn: &Conn,
    window: Window,
    (from, until): (i64, i64),
    group: Option<KpiGroup>,
    expected: usize,
) -> StoreResult<(Vec<KpiRequest>, Vec<i64>, Groups)> {
    let column = group.map_or("''", KpiGroup::column);
    let join = group.map_or("", KpiGroup::join);
    let mut groups = Groups::for_split(group);
    // Ungrouped, this reads the covering index requests_kpi alone.
    let sql = format!(
        "SELECT r.created_at, r.first_response_at, r.resolved_at, r.status = 'closed' AND r.resolved_at IS NULL,
                r.response_due_at, r.resolve_due_at, r.paused_wall_seconds, r.priority, r.escalated_ever,
                r.reopen_count > 0, {column}, r.id
         FROM requests r{join}
         WHERE r.created_at >= ?3 AND r.created_at < ?2
           AND (r.created_at >= ?1 OR r.resolved_at IS NULL OR r.resolved_at >= ?1)"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut requests = Vec::with_capacity(expected);
    let mut ids = Vec::with_capacity(expected);
    stmt.for_each([window.since, until, from], |row| {
        let created_at: i64 = row.get(0)?;
        ids.push(row.get(11)?);
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
        Ok(true)
    })?;
    Ok((requests, ids, groups))
}

/// The ratings given in `window`, numbering their groups in `groups`.
/// Split by a column of the request, each rating is read with its request;
/// not split, the ratings are read alone (from their covering index) and
/// each is given its request's priority by `priority_of`, since looking up
/// half a million requests one by one costs more than the rest of the
/// report.
fn kpi_ratings(
    conn: &Conn,
    window: Window,
    group: Option<KpiGroup>,
    groups: &mut Groups,
    priority_of: impl Fn(i64) -> StoreResult<Option<Priority>>,
) -> StoreResult<Vec<KpiRating>> {
    let sql = match group {
        Some(g) => format!(
            "SELECT g.rated_at, g.overall, g.speed, g.quality, g.communication, g.recommend, {}, r.priority
             FROM ratings g JOIN requests r ON r.id = g.request_id{} WHERE g.rated_at >= ?1 AND g.rated_at < ?2",
            g.column(),
            g.join()
        ),
        None => "SELECT g.rated_at, g.overall, g.speed, g.quality, g.communication, g.recommend, '', g.request_id
                 FROM ratings g WHERE g.rated_at >= ?1 AND g.rated_at < ?2"
            .to_string(),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut ratings = Vec::new();
    stmt.for_each([window.since, window.until], |row| {
        let rated_at: i64 = row.get(0)?;
        let priority = match group {
            Some(_) => Some(label(row, 7)?),
            None => priority_of(row.get(7)?)?,
        };
        ratings.push(KpiRating {
            rated_at,
            overall: row.get(1)?,
            speed: row.get(2)?,
            quality: row.get(3)?,
            communication: row.get(4)?,
            recommend: row.get(5)?,
            group: groups.of(group, row, 6, rated_at)?,
            priority,
        });
        Ok(true)
    })?;
    Ok(ratings)
}

/// The priorities of the requests a report read, by id: ids are close
/// together (they follow arrival), so a slice from the smallest holds them.
struct Priorities {
    first: i64,
    by_id: Vec<Option<Priority>>,
}

impl Priorities {
    fn new(ids: &[i64], requests: &[KpiRequest]) -> Priorities {
        let first = ids.iter().copied().min().unwrap_or(0);
        let last = ids.iter().copied().max().unwrap_or(first);
        let mut by_id = vec![None; usize::try_from(last - first + 1).unwrap_or(0)];
        for (id, r) in ids.iter().zip(requests) {
            by_id[(id - first) as usize] = Some(r.priority);
        }
        Priorities { first, by_id }
    }

    fn get(&self, id: i64) -> Option<Priority> {
        usize::try_from(id - self.first)
            .ok()
            .and_then(|i| self.by_id.get(i).copied().flatten())
    }
}

/// Where the requests of a window are cut in two, with the rows expected
/// on either side.
#[derive(Debug, Clone, Copy)]
struct Cut {
    at: i64,
    older: usize,
    newer: usize,
}

impl Store {
    /// Requests that matter to `window` and the ratings given in it.
    ///
    /// A long window is read on both cores: the older requests on a second,
    /// read-only connection, the newer ones and the ratings on this one.
    /// The two reads are not one snapshot (nor were the requests and the
    /// ratings before), but each request is read whole, exactly once, so
    /// a write landing meanwhile only makes the report a moment fresher
    /// for part of the rows.
    pub fn kpi_rows(&self, window: Window, group: Option<KpiGroup>) -> StoreResult<KpiRows> {
        self.kpi_rows_split_from(window, group, 50_000)
    }

    /// `kpi_rows`, reading on two connections once the window holds about
    /// `worth_splitting` requests.
    fn kpi_rows_split_from(
        &self,
        window: Window,
        group: Option<KpiGroup>,
        worth_splitting: i64,
    ) -> StoreResult<KpiRows> {
        let split = self.kpi_split(window, worth_splitting)?;
        let helper = split.and_then(|cut| Some((self.reader().ok()?, cut)));
        let (from, newer_expected) = helper
            .as_ref()
            .map_or((i64::MIN, 0), |(_, cut)| (cut.at, cut.newer));
        let (older, newer) = std::thread::scope(|scope| {
            let older = helper.map(|(conn, cut)| {
                // Room for the newer rows too: they are appended to these.
                let room = cut.older + cut.newer;
                scope.spawn(move || kpi_requests(&Conn::File(&conn), window, (i64::MIN, cut.at), group, room))
            });
            let newer = kpi_requests(&self.db(), window, (from, window.until), group, newer_expected);
            let older = older.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            (older, newer)
        });
        let (mut requests, mut ids, mut groups) = match older {
            Some(older) => older?,
            None => (Vec::new(), Vec::new(), Groups::for_split(group)),
        };
        let (mut newer, mut newer_ids, newer_groups) = newer?;
        if let Some(to) = groups.absorb(newer_groups) {
            for r in &mut newer {
                r.group = to[r.group as usize];
            }
        }
        requests.append(&mut newer);
        ids.append(&mut newer_ids);
        // A rating of a request made before the window is looked up alone.
        let known = Priorities::new(&ids, &requests);
        let priority_of = |id: i64| -> StoreResult<Option<Priority>> {
            match known.get(id) {
                Some(p) => Ok(Some(p)),
                None => Ok(self
                    .db()
                    .prepare_cached("SELECT priority FROM requests WHERE id = ?1")?
                    .query_row([id], |r| label(r, 0))
                    .optional()?),
            }
        };
        let ratings = kpi_ratings(&self.db(), window, group, &mut groups, priority_of)?;
        Ok(KpiRows {
            requests,
            ratings,
            groups: groups.names,
        })
    }

    /// Where to cut a window's requests in two, or `None` when the window
    /// holds fewer than `worth_splitting` requests. Ids follow arrival,
    /// so the request at a point between the window's first id and the
    /// last one marks the cut in O(log n), without counting. The older part
    /// is made the larger one, as this connection also reads the ratings.
    /// Were the ids out of step with time (an import), the halves would
    /// only be uneven, never wrong.
    fn kpi_split(&self, window: Window, worth_splitting: i64) -> StoreResult<Option<Cut>> {
        let (first, last): (Option<i64>, Option<i64>) = self
            .db()
            .prepare_cached(
                "SELECT (SELECT id FROM requests WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at LIMIT 1),
                        (SELECT max(id) FROM requests)",
            )?
            .query_row([window.since, window.until], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(None);
        };
        if last - first < worth_splitting {
            return Ok(None);
        }
        let cut = first + (last - first) * 60 / 100;
        let at: Option<i64> = self
            .db()
            .prepare_cached("SELECT created_at FROM requests WHERE id >= ?1 ORDER BY id LIMIT 1")?
            .query_row([cut], |r| r.get(0))
            .optional()?;
        Ok(at.map(|at| Cut {
            at,
            older: (cut - first) as usize,
            newer: (last - cut) as usize,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{demo, OpenOptions};

    /// The rows, each with its group's name rather than its number, in
    /// one order: reads may number the groups and order the rows apart.
    fn named(rows: &KpiRows) -> (Vec<String>, Vec<String>) {
        let name = |g: u32| rows.groups[g as usize].as_str();
        let mut requests: Vec<String> = rows
            .requests
            .iter()
            .map(|r| {
                format!(
                    "{:?} {}",
                    KpiRequest {
                        group: 0,
                        ..r.clone()
                    },
                    name(r.group)
                )
            })
            .collect();
        let mut ratings: Vec<String> = rows
            .ratings
            .iter()
            .map(|g| {
                format!(
                    "{:?} {}",
                    KpiRating {
                        group: 0,
                        ..g.clone()
                    },
                    name(g.group)
                )
            })
            .collect();
        requests.sort_unstable();
        ratings.sort_unstable();
        (requests, ratings)
    }

    #[test]
    fn a_read_split_across_two_connections_gives_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("desk.db"), &OpenOptions::default()).unwrap();
        let now = 1_795_392_000;
        demo::generate(&mut store, 1_500, now, 7).unwrap();
        let window = Window {
            since: now - 30 * 86_400,
            until: now,
        };
        for group in [
            None,
            Some(KpiGroup::Department),
            Some(KpiGroup::Week),
            Some(KpiGroup::Agent),
        ] {
            let whole = store.kpi_rows_split_from(window, group, i64::MAX).unwrap();
            let split = store.kpi_rows_split_from(window, group, 0).unwrap();
            assert!(store.kpi_split(window, 0).unwrap().is_some(), "the window is cut");
            // Requests from before the window that were still open count too.
            assert!(whole.requests.iter().any(|r| r.created_at < window.since));
            assert!(whole.requests.len() > 500 && !whole.ratings.is_empty());
            assert_eq!(named(&whole), named(&split), "grouped by {group:?}");
        }
    }

    /// Not split, ratings take their request's priority from the requests
    /// already read (or, for a request made before the window, one lookup):
    /// the same priorities the read joined with the requests gives.
    #[test]
    fn ratings_carry_their_requests_priority_without_a_join() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("desk.db"), &OpenOptions::default()).unwrap();
        let now = 1_795_392_000;
        demo::generate(&mut store, 1_500, now, 9).unwrap();
        // A short window: some of its ratings are of requests made before.
        let window = Window {
            since: now - 5 * 86_400,
            until: now,
        };
        let count = |rows: &KpiRows| {
            let mut by = std::collections::BTreeMap::new();
            for g in &rows.ratings {
                *by.entry(g.priority.map(crate::domain::priority::Priority::as_str))
                    .or_insert(0) += 1;
            }
            by
        };
        let plain = store.kpi_rows(window, None).unwrap();
        let joined = store.kpi_rows(window, Some(KpiGroup::Priority)).unwrap();
        assert!(plain.ratings.iter().all(|g| g.priority.is_some()));
        assert!(plain.ratings.len() > 50);
        assert_eq!(count(&plain), count(&joined));
        let rated_ids: i64 = store
            .db()
            .query_row(
                "SELECT count(*) FROM ratings g JOIN requests r ON r.id = g.request_id
                 WHERE g.rated_at >= ?1 AND r.created_at < ?1",
                [window.since],
                |r| r.get(0),
            )
            .unwrap();
        assert!(rated_ids > 0, "the window rates requests made before it");
    }
}
