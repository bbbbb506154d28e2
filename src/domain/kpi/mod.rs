//! Service KPIs, computed one way for the app, the CLI and the reports.
//! Pure: the store hands over plain rows, the maths happens here.
//!
//! Definitions (also in the README):
//! - volume: requests created in the window;
//! - backlog: requests created before the window's end and neither resolved
//!   nor closed by then; its age is the median time since creation;
//! - first-response time: creation → first reply the requester saw;
//! - resolution time: creation → resolution, minus time spent waiting;
//! - medians and p90 use the nearest-rank method;
//! - resolution rate: share of the window's requests resolved;
//! - SLA compliance: share of the window's requests whose target has
//!   fallen due (or was met) that met it;
//! - reopen and escalation rates: share of the window's resolved (reopen)
//!   or created (escalation) requests that were reopened or escalated;
//! - CSAT: share of 4–5 overall scores among ratings given in the window;
//! - NPS: % promoters (9–10) − % detractors (0–6) among recommend answers.

use chrono::Datelike;
use serde::Serialize;

use crate::domain::time::to_utc;
use crate::domain::Priority;

mod dashboard;
mod report;
pub mod shown;

pub use dashboard::{dashboard, dashboard_window, Dashboard};
pub mod themes;
pub use report::{by_group, report, Named, Report, SurveyCounts};

/// What the KPIs need to know about one request. Small and without heap
/// parts: a report over a million requests holds a million of these.
#[derive(Debug, Clone, PartialEq)]
pub struct KpiRequest {
    pub created_at: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub closed_unresolved: bool,
    pub response_due_at: Option<i64>,
    pub resolve_due_at: Option<i64>,
    pub paused_wall_seconds: i64,
    pub escalated: bool,
    pub reopened: bool,
    pub priority: Priority,
    /// Which of `KpiRows::groups` (department, team, …) it falls in.
    pub group: u32,
}

impl Default for KpiRequest {
    fn default() -> Self {
        KpiRequest {
            created_at: 0,
            first_response_at: None,
            resolved_at: None,
            closed_unresolved: false,
            response_due_at: None,
            resolve_due_at: None,
            paused_wall_seconds: 0,
            escalated: false,
            reopened: false,
            priority: Priority::P3,
            group: 0,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiRating {
    pub rated_at: i64,
    pub overall: u8,
    pub speed: Option<u8>,
    pub quality: Option<u8>,
    pub communication: Option<u8>,
    pub recommend: Option<u8>,
    pub group: u32,
    /// The priority of the rated request, for the per-priority figures.
    pub priority: Option<Priority>,
}

/// The rows a report is computed from, with the names their `group`
/// indexes stand for (one empty name when the report is not split).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KpiRows {
    pub requests: Vec<KpiRequest>,
    pub ratings: Vec<KpiRating>,
    pub groups: Vec<String>,
}

/// A half-open span of time, `[since, until)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    #[serde(with = "crate::domain::time::rfc3339")]
    pub since: i64,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub until: i64,
}

impl Window {
    pub fn contains(&self, t: i64) -> bool {
        t >= self.since && t < self.until
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kpis {
    pub volume: u64,
    pub backlog: u64,
    pub backlog_age_median: Option<i64>,
    pub first_response_median: Option<i64>,
    pub first_response_p90: Option<i64>,
    pub resolution_median: Option<i64>,
    pub resolution_p90: Option<i64>,
    pub resolution_rate: Option<f64>,
    pub sla_response: Option<f64>,
    pub sla_resolution: Option<f64>,
    pub reopen_rate: Option<f64>,
    pub escalation_rate: Option<f64>,
    pub ratings: u64,
    pub csat: Option<f64>,
    pub average_overall: Option<f64>,
    pub average_speed: Option<f64>,
    pub average_quality: Option<f64>,
    pub average_communication: Option<f64>,
    pub nps: Option<f64>,
    /// How many gave each overall score, 1 to 5.
    pub distribution: [u64; 5],
}

/// The value at quantile `q` by nearest rank: the smallest value with at
/// least `q` of the values at or below it. Reorders `values` (a selection
/// in linear time rather than a full sort).
pub fn nearest_rank(values: &mut [i64], q: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let rank = (q * values.len() as f64).ceil().max(1.0) as usize;
    let index = rank.min(values.len()) - 1;
    Some(*values.select_nth_unstable(index).1)
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

fn average(values: impl Iterator<Item = Option<u8>>) -> Option<f64> {
    let (sum, n) = values
        .flatten()
        .fold((0u64, 0u64), |(s, n), v| (s + v as u64, n + 1));
    (n > 0).then(|| sum as f64 / n as f64)
}

/// The KPIs of the requests and ratings given, over `window`, as known at `now`.
pub fn compute<'a>(
    requests: impl IntoIterator<Item = &'a KpiRequest>,
    ratings: impl IntoIterator<Item = &'a KpiRating>,
    window: Window,
    now: i64,
) -> Kpis {
    let end = window.until.min(now);
    let mut k = Kpis::default();
    let (mut first, mut resolution, mut ages) = (Vec::new(), Vec::new(), Vec::new());
    let (mut resolved, mut reopened, mut escalated) = (0u64, 0u64, 0u64);
    let (mut resp_due, mut resp_met, mut res_due, mut res_met) = (0u64, 0u64, 0u64, 0u64);
    for r in requests {
        let done_by_end = r.resolved_at.is_some_and(|t| t < window.until) || r.closed_unresolved;
        if r.created_at < window.until && !done_by_end {
            k.backlog += 1;
            ages.push(end - r.created_at);
        }
        if !window.contains(r.created_at) {
            continue;
        }
        k.volume += 1;
        if let Some(f) = r.first_response_at {
            first.push(f - r.created_at);
        }
        if let Some(t) = r.resolved_at {
            resolved += 1;
            resolution.push((t - r.created_at - r.paused_wall_seconds).max(0));
            reopened += u64::from(r.reopened);
        }
        escalated += u64::from(r.escalated);
        if let Some(due) = r.response_due_at {
            match r.first_response_at {
                Some(f) => {
                    resp_due += 1;
                    resp_met += u64::from(f <= due);
                }
                None if due <= end => resp_due += 1,
                None => {}
            }
        }
        if let Some(due) = r.resolve_due_at {
            match r.resolved_at {
                Some(t) => {
                    res_due += 1;
                    res_met += u64::from(t <= due);
                }
                None if due <= end && !r.closed_unresolved => res_due += 1,
                None => {}
            }
        }
    }
    k.backlog_age_median = nearest_rank(&mut ages, 0.5);
    k.first_response_median = nearest_rank(&mut first, 0.5);
    k.first_response_p90 = nearest_rank(&mut first, 0.9);
    k.resolution_median = nearest_rank(&mut resolution, 0.5);
    k.resolution_p90 = nearest_rank(&mut resolution, 0.9);
    k.resolution_rate = share(resolved, k.volume);
    k.sla_response = share(resp_met, resp_due);
    k.sla_resolution = share(res_met, res_due);
    k.reopen_rate = share(reopened, resolved);
    k.escalation_rate = share(escalated, k.volume);

    let rated: Vec<&KpiRating> = ratings
        .into_iter()
        .filter(|g| window.contains(g.rated_at))
        .collect();
    k.ratings = rated.len() as u64;
    for g in &rated {
        if (1..=5).contains(&g.overall) {
            k.distribution[g.overall as usize - 1] += 1;
        }
    }
    k.csat = share(k.distribution[3] + k.distribution[4], k.ratings);
    k.average_overall = average(rated.iter().map(|g| Some(g.overall)));
    k.average_speed = average(rated.iter().map(|g| g.speed));
    k.average_quality = average(rated.iter().map(|g| g.quality));
    k.average_communication = average(rated.iter().map(|g| g.communication));
    let answers: Vec<u8> = rated.iter().filter_map(|g| g.recommend).collect();
    let promoters = answers.iter().filter(|v| **v >= 9).count() as f64;
    let detractors = answers.iter().filter(|v| **v <= 6).count() as f64;
    k.nps = (!answers.is_empty()).then(|| (promoters - detractors) * 100.0 / answers.len() as f64);
    k
}

/// The Monday 00:00 UTC that starts the ISO week of `t`.
pub fn week_start(t: i64) -> i64 {
    // Plain arithmetic (it runs once per row of a report): weeks are whole
    // 7-day spans from a Monday, and 1969-12-29 00:00 UTC was one.
    const MONDAY: i64 = -3 * 86_400;
    t - (t - MONDAY).rem_euclid(7 * 86_400)
}

/// `2026-W48` for the ISO week of `t`.
pub fn week_label(t: i64) -> String {
    let w = to_utc(t).iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// Whether a move from `before` to `after` is good news, for the arrows:
/// more of most things is better, but less time and backlog is better;
/// None when it did not move, or for a figure that is neither (more
/// requests is not better service, nor worse).
pub fn better(metric: &str, before: f64, after: f64) -> Option<bool> {
    if (after - before).abs() < f64::EPSILON || matches!(metric, "volume") {
        return None;
    }
    let lower_is_better = matches!(
        metric,
        "backlog"
            | "backlog_age_median"
            | "first_response_median"
            | "first_response_p90"
            | "resolution_median"
            | "resolution_p90"
            | "reopen_rate"
            | "escalation_rate"
    );
    Some((after < before) == lower_is_better)
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: i64 = 3600;
    const D: i64 = 86_400;
    /// Monday 2026-11-23 00:00 UTC.
    const MON: i64 = 1_795_392_000;

    fn req(created: i64) -> KpiRequest {
        KpiRequest {
            created_at: MON + created,
            ..Default::default()
        }
    }

    fn week() -> Window {
        Window {
            since: MON,
            until: MON + 7 * D,
        }
    }

    #[test]
    fn monday_is_what_we_think() {
        assert_eq!(week_start(MON + 3 * D + 5), MON);
        assert_eq!(week_start(MON), MON);
        assert_eq!(week_start(MON - 1), MON - 7 * D);
        assert_eq!(week_label(MON), "2026-W48");
        // Before 1970 too: Monday 1969-12-29 and the Thursday after it.
        assert_eq!(week_start(0), -3 * D);
        assert_eq!(week_start(-3 * D - 1), -10 * D);
    }

    #[test]
    fn nearest_rank_percentiles_by_hand() {
        let mut v = [100, 20, 90, 40, 10, 60, 70, 80, 50, 30];
        assert_eq!(nearest_rank(&mut v, 0.5), Some(50));
        assert_eq!(nearest_rank(&mut v, 0.9), Some(90));
        assert_eq!(nearest_rank(&mut [7], 0.9), Some(7));
        assert_eq!(nearest_rank(&mut [], 0.5), None);
        assert_eq!(nearest_rank(&mut [3, 1, 2], 0.5), Some(2));
    }

    /// Five requests worked out by hand:
    /// A: created Mon 09:00, replied 09:30 (due 09:30: met), resolved 13:00 (due 13:00: met), 1h waiting.
    /// B: created Mon 10:00, replied 12:00 (due 11:00: missed), resolved Tue 10:00 (due Mon 18:00: missed), reopened, escalated.
    /// C: created Tue 09:00, never replied (due Tue 10:00, passed: missed), open.
    /// D: created Wed 09:00, replied 09:10 (due 13:00), open, resolution not yet due.
    /// E: created the week before, still open: backlog only.
    fn desk() -> Vec<KpiRequest> {
        vec![
            KpiRequest {
                first_response_at: Some(MON + 9 * H + 1800),
                resolved_at: Some(MON + 13 * H),
                response_due_at: Some(MON + 9 * H + 1800),
                resolve_due_at: Some(MON + 13 * H),
                paused_wall_seconds: H,
                ..req(9 * H)
            },
            KpiRequest {
                first_response_at: Some(MON + 12 * H),
                resolved_at: Some(MON + D + 10 * H),
                response_due_at: Some(MON + 11 * H),
                resolve_due_at: Some(MON + 18 * H),
                reopened: true,
                escalated: true,
                ..req(10 * H)
            },
            KpiRequest {
                response_due_at: Some(MON + D + 10 * H),
                resolve_due_at: Some(MON + 4 * D),
                ..req(D + 9 * H)
            },
            KpiRequest {
                first_response_at: Some(MON + 2 * D + 9 * H + 600),
                response_due_at: Some(MON + 2 * D + 13 * H),
                resolve_due_at: Some(MON + 9 * D),
                ..req(2 * D + 9 * H)
            },
            req(-3 * D),
        ]
    }

    fn ratings() -> Vec<KpiRating> {
        let g = |overall, recommend, speed| KpiRating {
            rated_at: MON + D,
            overall,
            recommend,
            speed,
            ..Default::default()
        };
        vec![
            g(5, Some(10), Some(5)),
            g(4, Some(9), Some(3)),
            g(2, Some(3), None),
            g(5, None, None),
            KpiRating {
                rated_at: MON - D,
                overall: 1,
                ..Default::default()
            },
        ]
    }

    #[test]
    fn kpis_of_a_hand_worked_week() {
        // Thursday noon.
        let now = MON + 3 * D + 12 * H;
        let k = compute(&desk(), &ratings(), week(), now);
        assert_eq!(k.volume, 4);
        // Backlog: C, D and E are neither resolved nor closed.
        assert_eq!(k.backlog, 3);
        // Ages at Thursday noon: D 27h, C 51h, E (the Friday before) 156h → median 51h.
        assert_eq!(k.backlog_age_median, Some(51 * H));
        // First responses: A 30m, B 2h, D 10m → sorted 10m, 30m, 2h.
        assert_eq!(k.first_response_median, Some(1800));
        assert_eq!(k.first_response_p90, Some(2 * H));
        // Resolution: A 4h − 1h waiting = 3h; B 24h → median 3h, p90 24h.
        assert_eq!(k.resolution_median, Some(3 * H));
        assert_eq!(k.resolution_p90, Some(24 * H));
        assert_eq!(k.resolution_rate, Some(50.0));
        // Response SLA: A met, B missed, C missed (due and unanswered), D met → 2 of 4.
        assert_eq!(k.sla_response, Some(50.0));
        // Resolution SLA: A met, B missed; C and D not yet due → 1 of 2.
        assert_eq!(k.sla_resolution, Some(50.0));
        assert_eq!(k.reopen_rate, Some(50.0));
        assert_eq!(k.escalation_rate, Some(25.0));
        // Ratings in the window: 5, 4, 2, 5 → CSAT 3 of 4.
        assert_eq!(k.ratings, 4);
        assert_eq!(k.csat, Some(75.0));
        assert_eq!(k.distribution, [0, 1, 0, 1, 2]);
        assert_eq!(k.average_overall, Some(4.0));
        assert_eq!(k.average_speed, Some(4.0));
        // Recommend 10, 9, 3 → (2 − 1) / 3 = 33.3.
        assert!((k.nps.unwrap() - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn an_empty_window_has_no_rates() {
        let k = compute(&[], &[], week(), MON);
        assert_eq!(k.volume, 0);
        assert_eq!(k.csat, None);
        assert_eq!(k.sla_response, None);
        assert_eq!(k.first_response_median, None);
    }

    #[test]
    fn groups_and_weeks_split_the_same_data() {
        let mut requests = desk();
        requests[0].group = 1;
        requests[1].group = 2;
        requests[2].group = 2;
        let rows = KpiRows {
            requests,
            ratings: ratings(),
            groups: vec!["(none)".into(), "Finance".into(), "Sales".into()],
        };
        let two_weeks = Window {
            since: MON - 7 * D,
            until: MON + 7 * D,
        };
        let r = report(&rows, two_weeks, MON + 6 * D, Some("department"));
        let names: Vec<(&str, u64)> = r
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.kpis.volume))
            .collect();
        // D and E have no department; E was created the week before.
        assert_eq!(names, [("(none)", 2), ("Finance", 1), ("Sales", 2)]);
        let weeks: Vec<(&str, u64, u64)> = r
            .weekly
            .iter()
            .map(|w| (w.name.as_str(), w.kpis.volume, w.kpis.ratings))
            .collect();
        assert_eq!(weeks, [("2026-W47", 1, 1), ("2026-W48", 4, 4)]);
        let by_priority: Vec<u64> = r.by_priority.iter().map(|p| p.kpis.volume).collect();
        assert_eq!(by_priority, [0, 0, 5, 0]);
    }

    proptest::proptest! {
        #[test]
        fn nearest_rank_is_the_value_at_that_rank_once_sorted(
            mut values in proptest::collection::vec(-1000i64..1000, 1..200),
            q in 0.0f64..=1.0,
        ) {
            let mut sorted = values.clone();
            sorted.sort_unstable();
            let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
            proptest::prop_assert_eq!(nearest_rank(&mut values, q), Some(sorted[rank - 1]));
        }
    }

    #[test]
    fn arrows_know_which_way_is_better() {
        assert_eq!(better("csat", 70.0, 80.0), Some(true));
        assert_eq!(better("backlog", 10.0, 12.0), Some(false));
        assert_eq!(better("first_response_median", 600.0, 300.0), Some(true));
        assert_eq!(better("volume", 5.0, 5.0), None);
        assert_eq!(better("volume", 5.0, 9.0), None, "more requests is neither");
    }
}
