//! Satisfaction figures for whatever the queue is showing.

use rusqlite::types::Value;
use serde::Serialize;

use super::error::StoreResult;
use crate::domain::ids::RequestId;
use crate::domain::kpi::week_start;

const WEEK: i64 = 7 * 86_400;
use super::queue::SearchPlan;
use super::{QueueFilter, Store};

/// Ratings of the requests a filter matches.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Satisfaction {
    pub ratings: u64,
    /// How many gave each overall score, 1 to 5.
    pub distribution: [u64; 5],
    pub average_overall: Option<f64>,
    pub average_speed: Option<f64>,
    pub average_quality: Option<f64>,
    pub average_communication: Option<f64>,
    pub recommend_answers: u64,
    pub promoters: u64,
    pub detractors: u64,
    /// CSAT of each of the last 12 weeks, oldest first (None: no ratings).
    pub weekly_csat: Vec<Option<f64>>,
    /// The latest comments, newest first.
    pub comments: Vec<Comment>,
    /// What the low scores' comments say most (`report --themes`).
    pub themes: Vec<crate::domain::kpi::themes::Theme>,
}

/// A requester's comment with its score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comment {
    pub request_id: RequestId,
    pub rated_at: i64,
    pub overall: u8,
    pub requester: String,
    pub text: String,
}

/// Weeks in the CSAT sparkline.
pub const TREND_WEEKS: i64 = 12;

impl Satisfaction {
    /// Share of 4–5 overall scores, in percent.
    pub fn csat(&self) -> Option<f64> {
        (self.ratings > 0)
            .then(|| (self.distribution[3] + self.distribution[4]) as f64 * 100.0 / self.ratings as f64)
    }

    /// Promoters (9–10) minus detractors (0–6), in percent of answers.
    pub fn nps(&self) -> Option<f64> {
        (self.recommend_answers > 0)
            .then(|| (self.promoters as f64 - self.detractors as f64) * 100.0 / self.recommend_answers as f64)
    }
}

impl Store {
    /// The ratings of the requests the filter picks, only those given
    /// since `rated_since` when it is set.
    pub fn satisfaction(&self, filter: &QueueFilter, rated_since: Option<i64>) -> StoreResult<Satisfaction> {
        let search = self.prepare_search(filter)?;
        let broad_search = search == (SearchPlan::Hits { requests_first: true });
        let base = filter.to_sql(search);
        let mut c = base.clone();
        // Nothing asked of the requests (the whole desk, lately): the
        // figures come from the ratings' own index, without visiting a
        // request for each.
        let ratings_alone = c.is_empty();
        if let Some(since) = rated_since {
            c.and("g.rated_at >= ?", [Value::Integer(since)]);
        }
        let filter_sql = c.where_sql();
        // Read from the requests the filter picks, then their ratings, when
        // a broad search would otherwise look up every match, or when the
        // requests are work in progress: few of those have a rating, and
        // going through every rating to find them costs a second at 1M.
        let in_progress = filter.in_progress_only();
        let requests_first = broad_search || in_progress;
        // SQLite takes CROSS JOIN as "read the left side first"; a server
        // plans joins itself.
        let joined = if requests_first && self.db().file().is_some() {
            "requests r CROSS JOIN ratings g ON g.request_id = r.id"
        } else if requests_first {
            "requests r JOIN ratings g ON g.request_id = r.id"
        } else {
            "ratings g JOIN requests r ON r.id = g.request_id"
        };
        let from = if ratings_alone { "ratings g" } else { joined };
        let sql = format!(
            "SELECT count(*), {}, {}, {}, {}, {}, {}, {}, {}, {},
                    count(g.recommend), {}, {}
             FROM {from}{filter_sql}",
            counted("g.overall = 1"),
            counted("g.overall = 2"),
            counted("g.overall = 3"),
            counted("g.overall = 4"),
            counted("g.overall = 5"),
            average("g.overall"),
            average("g.speed"),
            average("g.quality"),
            average("g.communication"),
            counted("g.recommend >= 9"),
            counted("g.recommend <= 6"),
        );
        let mut s = self.db().prepare_cached(&sql)?.query_row(c.values(), |row| {
            let n = |i: usize| row.get::<_, Option<i64>>(i).map(|v| v.unwrap_or(0) as u64);
            Ok(Satisfaction {
                ratings: n(0)?,
                distribution: [n(1)?, n(2)?, n(3)?, n(4)?, n(5)?],
                average_overall: row.get(6)?,
                average_speed: row.get(7)?,
                average_quality: row.get(8)?,
                average_communication: row.get(9)?,
                recommend_answers: n(10)?,
                promoters: n(11)?,
                detractors: n(12)?,
                weekly_csat: Vec::new(),
                comments: Vec::new(),
                themes: Vec::new(),
            })
        })?;
        // Weekly CSAT: bucket ratings by week in SQL, not in memory.
        let start = week_start(filter.now) - (TREND_WEEKS - 1) * WEEK;
        // The trend covers its twelve weeks whatever the period of the
        // figures above it.
        let mut by_week = base;
        let start = by_week.param(Value::Integer(start));
        by_week.and(&format!("g.rated_at >= {start}"), []);
        let sql = format!(
            "SELECT (g.rated_at - {start}) / {WEEK}, count(*), {}
             FROM {from}{} GROUP BY 1",
            counted("g.overall >= 4"),
            by_week.where_sql()
        );
        let mut weekly = vec![None; TREND_WEEKS as usize];
        let mut stmt = self.db().prepare_cached(&sql)?;
        let rows = stmt.query_map(by_week.values(), |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        })?;
        for row in rows {
            let (week, count, good) = row?;
            if let Some(slot) = usize::try_from(week).ok().and_then(|w| weekly.get_mut(w)) {
                *slot = (count > 0).then(|| good as f64 * 100.0 / count as f64);
            }
        }
        s.weekly_csat = weekly;
        let people = if requests_first {
            "CROSS JOIN people"
        } else {
            "JOIN people"
        };
        s.themes = self.low_score_themes(&c, joined, s.distribution[..3].iter().sum())?;
        let mut commented = c;
        commented.and("g.comment IS NOT NULL", []);
        let sql = format!(
            "SELECT g.request_id, g.rated_at, g.overall, p.name, g.comment
             FROM {joined} {people} p ON p.id = r.requester_id{} ORDER BY g.rated_at DESC LIMIT 5",
            commented.where_sql()
        );
        let mut stmt = self.db().prepare_cached(&sql)?;
        s.comments = stmt
            .query_map(commented.values(), |r| {
                Ok(Comment {
                    request_id: r.get(0)?,
                    rated_at: r.get(1)?,
                    overall: r.get(2)?,
                    requester: r.get(3)?,
                    text: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(s)
    }

    /// The themes of the latest low scores' comments in the scope `c` (the
    /// subjects of their requests say what they are about).
    fn low_score_themes(
        &self,
        c: &super::conditions::Conditions,
        joined: &str,
        low_ratings: u64,
    ) -> StoreResult<Vec<crate::domain::kpi::themes::Theme>> {
        use crate::domain::kpi::themes::{themes, Comment as Said};
        let mut low = c.clone();
        low.and("g.overall <= 3 AND g.comment IS NOT NULL", []);
        let sql = format!(
            "SELECT g.request_id, g.comment, r.subject FROM {joined}{} ORDER BY g.rated_at DESC LIMIT 500",
            low.where_sql()
        );
        let mut subjects = Vec::new();
        let said: Vec<Said> = self
            .db()
            .prepare_cached(&sql)?
            .query_map(low.values(), |r| {
                subjects.push(r.get::<_, String>(2)?);
                Ok(Said {
                    request: r.get(0)?,
                    text: r.get(1)?,
                    low_rating: true,
                    group: None,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(themes(&said, &subjects, low_ratings as usize))
    }

    /// Teams named on requests or staff, for completion.
    /// Categories in use, for completing the field: read from the most
    /// recent requests only, so a large desk pays nothing for it.
    pub fn categories(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.db().prepare_cached(
            "SELECT DISTINCT category FROM (SELECT category FROM requests ORDER BY id DESC LIMIT 5000) recent
             WHERE category IS NOT NULL ORDER BY 1",
        )?;
        let categories = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(categories)
    }

    pub fn teams(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.db().prepare_cached(
            "SELECT team FROM people WHERE team IS NOT NULL UNION SELECT DISTINCT team FROM requests WHERE team IS NOT NULL ORDER BY 1",
        )?;
        let teams = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(teams)
    }
}

/// How many rows meet `condition`, in SQL both backends count alike.
fn counted(condition: &str) -> String {
    format!("count(CASE WHEN {condition} THEN 1 END)")
}

/// The mean of `column` as a real number on both backends (a server's
/// average of whole numbers is otherwise a decimal).
fn average(column: &str) -> String {
    format!("CAST(avg({column}) AS DOUBLE PRECISION)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csat_and_nps_by_hand() {
        // Scores 5, 4, 2, 1 → CSAT 2 of 4 = 50%. Recommend 10, 9, 7, 3 → (2 − 1) / 4 = 25.
        let s = Satisfaction {
            ratings: 4,
            distribution: [1, 1, 0, 1, 1],
            recommend_answers: 4,
            promoters: 2,
            detractors: 1,
            ..Default::default()
        };
        assert_eq!(s.csat(), Some(50.0));
        assert_eq!(s.nps(), Some(25.0));
        assert_eq!(Satisfaction::default().csat(), None);
    }

    /// The figures of the last 30 days, with a trend of twelve weeks: the
    /// period bounds the figures, not the trend under them.
    #[test]
    fn recent_figures_keep_a_twelve_week_trend() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = crate::store::Store::open(&dir.path().join("desk.db"), &Default::default()).unwrap();
        let now = 1_795_392_000;
        crate::store::demo::generate(&mut store, 1_500, now, 4).unwrap();
        let all = QueueFilter {
            now,
            ..Default::default()
        };
        let whole = store.satisfaction(&all, None).unwrap();
        let recent = store.satisfaction(&all, Some(now - 30 * 86_400)).unwrap();
        assert!(recent.ratings > 0 && recent.ratings < whole.ratings);
        assert_eq!(recent.weekly_csat, whole.weekly_csat);
        assert!(
            recent.weekly_csat[..6].iter().all(Option::is_some),
            "{:?}",
            recent.weekly_csat
        );
    }
}
