//! The request queue: filtered, sorted windows of requests.

use crate::domain::ids::RequestId;
use crate::store::sql::OptionalExtension;
use rusqlite::types::Value;

use super::conditions::{marks, Conditions};
use super::error::StoreResult;
use super::query_sql::add_query;
use super::rows::{self, REQUEST_COLUMNS, REQUEST_FROM};
use super::search::{ts_query, FtsQuery};
use super::search_hits::HIT_FUNCTION;
use super::Store;
use crate::domain::query::Query;
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

    fn order(self) -> Order {
        let (keys, descending): (&'static [&'static str], bool) = match self {
            QueueSort::Created => (&["r.created_at", "r.id"], true),
            QueueSort::Updated => (&["r.updated_at", "r.id"], true),
            QueueSort::Priority => (&["r.priority", "r.created_at", "r.id"], false),
            // Open work first, most overdue first; waiting (paused) after;
            // one indexed key (schema 6), so windows come from the index.
            QueueSort::Due => (&["r.triage_key", "r.status", "r.id"], false),
            QueueSort::FollowUp => (&["r.follow_up_at IS NULL", "r.follow_up_at", "r.id"], false),
        };
        let index = (self == QueueSort::Due).then_some("requests_by_triage");
        Order {
            keys,
            descending,
            index,
        }
    }
}

/// A queue's order: its sort key, every part in the same direction (so a
/// position in it is one row-value comparison the index can seek to).
#[derive(Debug, Clone, Copy)]
struct Order {
    keys: &'static [&'static str],
    descending: bool,
    /// The index that holds the rows in this order, when it is the only
    /// sensible plan for a queue filtered by status alone.
    index: Option<&'static str>,
}

impl Order {
    /// `ORDER BY` text, or the reverse order.
    fn sql(self, reversed: bool) -> String {
        let direction = if self.descending == reversed { "" } else { " DESC" };
        self.keys
            .iter()
            .map(|k| format!("{k}{direction}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The comparison that keeps rows after a key (before it, reversed).
    fn beyond(self, reversed: bool) -> &'static str {
        if self.descending == reversed {
            ">"
        } else {
            "<"
        }
    }
}

/// How a filtered queue reads its search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SearchPlan {
    /// No search.
    None,
    /// The matches are kept (see `search_hits`). `requests_first`: there
    /// are so many (a broad search such as "prin" on a large desk) that the
    /// requests the other conditions pick are read and checked against
    /// them, rather than each match looked up.
    Hits { requests_first: bool },
    /// On a server: the search is a condition on its text index.
    Server,
}

/// Where a window of the queue starts. A window next to one already shown
/// is read from the position of a request in it (keyset paging): the
/// index seeks straight there, however deep in the queue it is, rather
/// than counting its way past every row before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// From the top, passing over `skip` rows.
    Top { skip: usize },
    /// After request `id` (at `index` in the queue), passing over `skip`.
    After {
        id: RequestId,
        index: usize,
        skip: usize,
    },
    /// Before request `id` (at `index`), the nearest last, passing over `skip`.
    Before {
        id: RequestId,
        index: usize,
        skip: usize,
    },
    /// The last rows of the queue.
    Bottom,
}

/// Who a request is assigned to, as a filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AssigneeFilter {
    #[default]
    Anyone,
    Named(String),
    /// The person's own, and those of anyone away whom they cover for.
    Covering(String),
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
    /// A query's field terms, on top of the rest (its words go to
    /// `search`).
    pub refine: Query,
}

/// The values a filter keeps (`have`, empty for any) and the ones a
/// query wants, both: what is left goes to `have`. When nothing is left,
/// the query's terms are made to match nothing (`nothing` wanted and
/// left out at once).
fn meet<T: Copy + PartialEq>(have: &mut Vec<T>, terms: &mut crate::domain::query::Terms<T>, nothing: T) {
    if terms.any.is_empty() {
        return;
    }
    let wanted = std::mem::take(&mut terms.any);
    *have = if have.is_empty() {
        wanted
    } else {
        have.iter().copied().filter(|v| wanted.contains(v)).collect()
    };
    if have.is_empty() {
        terms.any = vec![nothing];
        terms.none = vec![nothing];
    }
}

impl QueueFilter {
    /// This filter narrowed by `query`: its words are the search (with
    /// any search already here), and the fields the filter has a place
    /// for go there, where the queue's plans can use their indexes
    /// (statuses and priorities meet those already set); the rest stay in
    /// `refine`.
    pub fn refined(mut self, mut query: Query) -> QueueFilter {
        let words = [
            self.search.take().unwrap_or_default(),
            std::mem::take(&mut query.words),
        ]
        .join(" ")
        .trim()
        .to_string();
        self.search = Some(words).filter(|w| !w.is_empty());
        meet(&mut self.statuses, &mut query.statuses, Status::New);
        meet(&mut self.priorities, &mut query.priorities, Priority::P1);
        if let ([dept], None) = (query.departments.any.as_slice(), &self.department) {
            self.department = Some(dept.clone());
            query.departments.any.clear();
        }
        if let ([team], None) = (query.teams.any.as_slice(), &self.team) {
            self.team = Some(team.clone());
            query.teams.any.clear();
        }
        // What the view itself narrows by (awaiting my approval) stays,
        // unless the query says otherwise.
        query.approval = query.approval.or(self.refine.approval);
        query.approver = query.approver.or(self.refine.approver.take());
        self.refine = query;
        self
    }

    /// Whether it picks only work in progress (statuses none of which is
    /// done): requests that have no ratings yet.
    pub fn in_progress_only(&self) -> bool {
        !self.statuses.is_empty() && self.statuses.iter().all(|s| !s.is_done())
    }

    /// Whether nothing but status (and the due state) narrows the queue;
    /// a broad search read request by request (`plan`) counts as nothing,
    /// since it is only checked on the rows the order's index gives.
    fn by_status_alone(&self, plan: SearchPlan) -> bool {
        let QueueFilter {
            statuses,
            assignee,
            department,
            team,
            priorities,
            escalated,
            search,
            follow_up,
            rated,
            due: _,
            now: _,
            refine,
        } = self;
        !statuses.is_empty()
            && *assignee == AssigneeFilter::Anyone
            && department.is_none()
            && team.is_none()
            && priorities.is_empty()
            && !escalated
            && (search.is_none() || plan == SearchPlan::Hits { requests_first: true })
            && !follow_up
            && rated.is_none()
            && !refine.has_fields()
    }

    /// The conditions and their parameters, the search as `search` says.
    pub(super) fn to_sql(&self, search: SearchPlan) -> Conditions {
        let mut c = Conditions::default();
        let mut push = |clause: &str, v: Vec<Value>| c.and(clause, v);
        if !self.statuses.is_empty() {
            push(
                &format!("r.status IN ({})", marks(self.statuses.len())),
                self.statuses.iter().map(|s| Value::Text(s.to_string())).collect(),
            );
        }
        if !self.priorities.is_empty() {
            push(
                &format!("r.priority IN ({})", marks(self.priorities.len())),
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
            AssigneeFilter::Covering(name) => push(
                "r.assignee_id IN (SELECT p.id FROM people p JOIN people me ON me.name = ?
                 WHERE p.id = me.id OR (p.cover_id = me.id AND p.away_until > ?))",
                vec![Value::Text(name.clone()), Value::Integer(self.now)],
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
        let (breached, at_risk) = (super::query_sql::BREACHED, super::query_sql::AT_RISK);
        let now = || Value::Integer(self.now);
        match self.due {
            None => {}
            Some(DueFilter::Breached) => push(breached, vec![now()]),
            Some(DueFilter::AtRisk) => push(at_risk, vec![now(), now()]),
            Some(DueFilter::BreachedOrAtRisk) => {
                push(&format!("({breached} OR {at_risk})"), vec![now(), now(), now()]);
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
        match search {
            SearchPlan::None => {}
            // A function cannot drive the query: the requests are read by
            // the other conditions and each is checked.
            SearchPlan::Hits { requests_first: true } => push(&format!("{HIT_FUNCTION}(r.id)"), vec![]),
            SearchPlan::Hits {
                requests_first: false,
            } => push("r.id IN temp.search_hits", vec![]),
            SearchPlan::Server => {
                let matching = "SELECT t.request_id FROM request_text t
                     WHERE t.tsv @@ to_tsquery('simple', ?)";
                match self.search.as_deref().and_then(ts_query) {
                    None => {}
                    Some(FtsQuery::Matching(q)) => {
                        push(&format!("r.id IN ({matching})"), vec![Value::Text(q)]);
                    }
                    Some(FtsQuery::Except(q)) => {
                        push(&format!("r.id NOT IN ({matching})"), vec![Value::Text(q)]);
                    }
                    Some(FtsQuery::Nothing) => push("r.id IS NULL", vec![]),
                }
            }
        }
        add_query(&mut c, &self.refine, self.now);
        c
    }
}

impl Store {
    /// For one status, the due time alone orders the queue, and the
    /// (status, due_at) index holds it in that order; for several, the
    /// triage key does (open work first, then waiting, then done).
    fn order_for(sort: QueueSort, filter: &QueueFilter) -> Order {
        if sort == QueueSort::Due && filter.statuses.len() == 1 {
            Order {
                keys: &["r.due_at", "r.id"],
                descending: false,
                index: Some("requests_by_due"),
            }
        } else {
            sort.order()
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
        self.queue_page(filter, sort, Page::Top { skip: offset }, limit)
    }

    /// One window of the queue: up to `limit` rows where `page` says, in
    /// the queue's order.
    pub fn queue_page(
        &self,
        filter: &QueueFilter,
        sort: QueueSort,
        page: Page,
        limit: usize,
    ) -> StoreResult<Vec<Request>> {
        let order = Self::order_for(sort, filter);
        let plan = self.prepare_search(filter)?;
        let mut c = filter.to_sql(plan);
        let (reversed, skip, limit) = match page {
            Page::Top { skip } => (false, skip, limit),
            Page::Bottom => (true, 0, limit),
            Page::After { id, index, skip } | Page::Before { id, index, skip } => {
                let reversed = matches!(page, Page::Before { .. });
                match self.queue_key(order, id)? {
                    Some(key) => {
                        let keyset = format!(
                            "({}) {} ({})",
                            order.keys.join(", "),
                            order.beyond(reversed),
                            marks(key.len())
                        );
                        c.and(&keyset, key);
                        (reversed, skip, limit)
                    }
                    // Gone, or a key with no value (NULL compares with
                    // nothing): count from the top instead.
                    None if reversed => {
                        let end = index.saturating_sub(skip);
                        (false, end.saturating_sub(limit), limit.min(end))
                    }
                    None => (false, index + 1 + skip, limit),
                }
            }
        };
        let filter_sql = c.where_sql();
        let limit = c.param(Value::Integer(limit as i64));
        let offset = c.param(Value::Integer(skip as i64));
        // Status has five values: the planner's statistics, sampled from
        // one end of an index, can make it think a status picks out a few
        // rows, and sort a hundred thousand open requests for each window.
        // Filtered by status alone, the order's own index is the plan: so
        // too with a broad search, checked on each row the index gives
        // until the window is full (SQLite 3.50 would otherwise read every
        // open request by status and sort them all, 80 ms at 1,000,000).
        let hint = match order.index {
            Some(index) if filter.by_status_alone(plan) && self.db().file().is_some() => {
                format!(" INDEXED BY {index}")
            }
            _ => String::new(),
        };
        // The window's ids are picked from `requests` alone (index-only
        // for indexed sorts), and only those rows are joined and read.
        let sql = format!(
            "SELECT {REQUEST_COLUMNS} FROM {REQUEST_FROM} WHERE r.id IN
             (SELECT r.id FROM requests r{hint}{filter_sql} ORDER BY {} LIMIT {limit} OFFSET {offset}) ORDER BY {}",
            order.sql(reversed),
            order.sql(false),
        );
        let mut stmt = self.db().prepare_cached(&sql)?;
        let found = stmt
            .query_map(c.values(), rows::request)?
            .collect::<Result<Vec<_>, _>>()?;
        super::tags::with_details(&self.db(), found)
    }

    /// The values of the order's key for request `id`, if it exists and
    /// none of them is NULL.
    fn queue_key(&self, order: Order, id: RequestId) -> StoreResult<Option<Vec<Value>>> {
        let sql = format!("SELECT {} FROM requests r WHERE r.id = ?1", order.keys.join(", "));
        let key: Option<Vec<Value>> = self
            .db()
            .prepare_cached(&sql)?
            .query_row([id], |row| {
                (0..order.keys.len()).map(|i| row.get::<_, Value>(i)).collect()
            })
            .optional()?;
        Ok(key.filter(|k| !k.contains(&Value::Null)))
    }

    /// How many requests the filter matches.
    pub fn queue_len(&self, filter: &QueueFilter) -> StoreResult<usize> {
        let c = filter.to_sql(self.prepare_search(filter)?);
        let sql = format!("SELECT count(*) FROM requests r{}", c.where_sql());
        let n: i64 = self
            .db()
            .prepare_cached(&sql)?
            .query_row(c.values(), |r| r.get(0))?;
        Ok(n as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_querys_fields_go_where_the_queue_can_index_them() {
        let q = |text: &str| Query::parse(text).unwrap();
        let open = QueueFilter {
            statuses: vec![Status::New, Status::Open, Status::Waiting],
            search: Some("vpn".into()),
            ..QueueFilter::default()
        };
        let f = open
            .clone()
            .refined(q("status:open,resolved priority:p1 dept:Finance tag:x printer"));
        assert_eq!(
            f.statuses,
            vec![Status::Open],
            "the view's statuses and the query's, both"
        );
        assert_eq!(f.priorities, vec![Priority::P1]);
        assert_eq!(f.department.as_deref(), Some("Finance"));
        assert_eq!(f.search.as_deref(), Some("vpn printer"));
        assert!(f.refine.statuses.is_empty() && f.refine.departments.is_empty());
        assert_eq!(f.refine.tags, vec![vec!["x".to_string()]]);
        // Statuses that do not meet leave nothing to show.
        let none = open.refined(q("status:closed"));
        assert_eq!(none.refine.statuses.any, none.refine.statuses.none);
    }
    use crate::store::{demo, OpenOptions};

    fn ids(rows: &[Request]) -> Vec<crate::domain::RequestId> {
        rows.iter().map(|r| r.id).collect()
    }

    /// Walking a queue from window to window by keys gives exactly what
    /// counting rows from the top gives, in every order, both ways.
    #[test]
    fn keyset_pages_match_offset_pages() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("desk.db"), &OpenOptions::default()).unwrap();
        let now = 1_795_392_000;
        demo::generate(&mut store, 1_000, now, 3).unwrap();
        let filters = [
            QueueFilter::default(),
            QueueFilter {
                statuses: vec![Status::New, Status::Open],
                ..Default::default()
            },
            QueueFilter {
                follow_up: true,
                ..Default::default()
            },
            QueueFilter {
                search: Some("printer".into()),
                ..Default::default()
            },
        ];
        let sorts = [
            QueueSort::Created,
            QueueSort::Updated,
            QueueSort::Priority,
            QueueSort::Due,
            QueueSort::FollowUp,
        ];
        for filter in &filters {
            for sort in sorts {
                let all = ids(&store.queue(filter, sort, 0, 10_000).unwrap());
                assert!(all.len() > 10, "{filter:?} matches enough to page through");
                let step = 7;
                // Forwards: each window after the last row of the one before.
                let mut walked = ids(&store
                    .queue_page(filter, sort, Page::Top { skip: 0 }, step)
                    .unwrap());
                while walked.len() < all.len() {
                    let (id, index) = (*walked.last().unwrap(), walked.len() - 1);
                    let page = store
                        .queue_page(filter, sort, Page::After { id, index, skip: 0 }, step)
                        .unwrap();
                    assert!(!page.is_empty(), "{sort:?} stalled at {index}");
                    walked.extend(ids(&page));
                }
                assert_eq!(walked, all, "forwards by {sort:?}, {filter:?}");
                // Backwards from the bottom.
                let mut walked = ids(&store.queue_page(filter, sort, Page::Bottom, step).unwrap());
                while walked.len() < all.len() {
                    let index = all.len() - walked.len();
                    let page = store
                        .queue_page(
                            filter,
                            sort,
                            Page::Before {
                                id: walked[0],
                                index,
                                skip: 0,
                            },
                            step,
                        )
                        .unwrap();
                    assert!(!page.is_empty(), "{sort:?} stalled at {index}");
                    walked.splice(0..0, ids(&page));
                }
                assert_eq!(walked, all, "backwards by {sort:?}, {filter:?}");
                // A jump past rows, either way.
                let (id, index) = (all[3], 3);
                let after = store
                    .queue_page(filter, sort, Page::After { id, index, skip: 2 }, 4)
                    .unwrap();
                assert_eq!(ids(&after), all[6..10], "after, skipping, by {sort:?}");
                let (id, index) = (all[9], 9);
                let before = store
                    .queue_page(filter, sort, Page::Before { id, index, skip: 2 }, 4)
                    .unwrap();
                assert_eq!(ids(&before), all[3..7], "before, skipping, by {sort:?}");
            }
        }
    }

    fn zebra(n: usize) -> crate::domain::NewRequest {
        crate::domain::NewRequest {
            subject: format!("zebra crossing {n}"),
            requester: "Ben".into(),
            ..Default::default()
        }
    }

    /// The search's matches are found once and kept; writes by this
    /// connection or any other bring them up to date.
    #[test]
    fn kept_search_matches_follow_every_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
        demo::generate(&mut store, 200, 1_795_392_000, 5).unwrap();
        let zebras = QueueFilter {
            statuses: vec![Status::New, Status::Open, Status::Waiting],
            search: Some("zebr".into()),
            ..Default::default()
        };
        assert_eq!(store.queue_len(&zebras).unwrap(), 0);
        store.create_request("ana", zebra(1), 1_795_392_000).unwrap();
        assert_eq!(
            store.queue_len(&zebras).unwrap(),
            1,
            "after this connection's write"
        );
        let mut other = Store::open(&path, &OpenOptions::default()).unwrap();
        other.create_request("bob", zebra(2), 1_795_392_100).unwrap();
        assert_eq!(
            store.queue_len(&zebras).unwrap(),
            2,
            "after another connection's write"
        );
        assert_eq!(
            ids(&store.queue(&zebras, QueueSort::Created, 0, 10).unwrap()).len(),
            2
        );
        // Read either way round, a broad search finds the same requests.
        let printers = QueueFilter {
            search: Some("print".into()),
            statuses: Vec::new(),
            ..zebras.clone()
        };
        store.prepare_search(&printers).unwrap();
        let count = |plan| {
            let c = printers.to_sql(plan);
            store
                .db()
                .query_row(
                    &format!("SELECT count(*) FROM requests r{}", c.where_sql()),
                    c.values(),
                    |r| r.get::<_, i64>(0),
                )
                .unwrap()
        };
        let by_matches = count(SearchPlan::Hits {
            requests_first: false,
        });
        assert!(by_matches > 0);
        assert_eq!(count(SearchPlan::Hits { requests_first: true }), by_matches);
    }
}
