//! Satisfaction figures for whatever the queue is showing.

use serde::Serialize;

use super::error::StoreResult;
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
}

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
    pub fn satisfaction(&self, filter: &QueueFilter) -> StoreResult<Satisfaction> {
        let (filter_sql, values) = filter.to_sql();
        let sql = format!(
            "SELECT count(*), sum(g.overall = 1), sum(g.overall = 2), sum(g.overall = 3), sum(g.overall = 4),
                    sum(g.overall = 5), avg(g.overall), avg(g.speed), avg(g.quality), avg(g.communication),
                    count(g.recommend), sum(g.recommend >= 9), sum(g.recommend <= 6)
             FROM ratings g JOIN requests r ON r.id = g.request_id{filter_sql}"
        );
        let s = self
            .conn
            .prepare_cached(&sql)?
            .query_row(rusqlite::params_from_iter(values), |row| {
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
                })
            })?;
        Ok(s)
    }

    /// Teams named on requests or staff, for completion.
    pub fn teams(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT team FROM people WHERE team IS NOT NULL UNION SELECT DISTINCT team FROM requests WHERE team IS NOT NULL ORDER BY 1",
        )?;
        let teams = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(teams)
    }
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
}
