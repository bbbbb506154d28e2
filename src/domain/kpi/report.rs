//! The report: a window's figures overall, per group, per week and per
//! priority.

use serde::Serialize;

use super::{compute, week_label, week_start, KpiRating, KpiRequest, KpiRows, Kpis, Window};
use crate::domain::Priority;

/// Everything a report shows: the window's figures, per group, per week,
/// and SLA compliance per priority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub window: Window,
    #[serde(with = "crate::domain::time::rfc3339")]
    pub generated_at: i64,
    pub group_by: Option<String>,
    pub overall: Kpis,
    pub groups: Vec<Named>,
    pub weekly: Vec<Named>,
    pub by_priority: Vec<Named>,
    /// The satisfaction surveys mailed in the window, and how many were
    /// answered.
    pub surveys: SurveyCounts,
}

/// Surveys sent and answered, and the response rate (a percentage; None
/// when none was sent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SurveyCounts {
    pub sent: i64,
    pub answered: i64,
    pub response_rate: Option<f64>,
}

impl SurveyCounts {
    pub fn new(sent: i64, answered: i64) -> SurveyCounts {
        SurveyCounts {
            sent,
            answered,
            response_rate: super::share(answered as u64, sent as u64),
        }
    }
}

/// The KPIs of one group, week or priority.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub name: String,
    #[serde(flatten)]
    pub kpis: Kpis,
}

/// Whether a request was done (resolved or closed without resolution) by `t`.
fn done_by(r: &KpiRequest, t: i64) -> bool {
    r.resolved_at.is_some_and(|d| d < t) || r.closed_unresolved
}

/// KPIs week by week. Each week looks only at the requests created in it
/// and those still open when it began (carried from week to week), not at
/// every request: the same figures as `compute` over all rows, far faster.
fn weekly_in(requests: &[KpiRequest], ratings: &[KpiRating], window: Window, now: i64) -> Vec<Named> {
    const WEEK: i64 = 7 * 86_400;
    let mut by_time: Vec<&KpiRequest> = requests.iter().collect();
    by_time.sort_by_key(|r| r.created_at);
    let first_week = week_start(window.since);
    let weeks = (((window.until - first_week) + WEEK - 1) / WEEK).clamp(1, 53) as usize;
    let split = by_time.partition_point(|r| r.created_at < first_week.max(window.since));
    let mut carry: Vec<&KpiRequest> = by_time[..split]
        .iter()
        .copied()
        .filter(|r| !done_by(r, window.since))
        .collect();
    let mut next = split;
    (0..weeks)
        .map(|i| {
            let start = first_week + i as i64 * WEEK;
            let w = Window {
                since: start.max(window.since),
                until: (start + WEEK).min(window.until),
            };
            let end = next + by_time[next..].partition_point(|r| r.created_at < w.until);
            let week_rows = &by_time[next..end];
            let scope = carry.iter().copied().chain(week_rows.iter().copied());
            let kpis = compute(scope, ratings.iter().filter(|g| w.contains(g.rated_at)), w, now);
            carry = carry
                .iter()
                .chain(week_rows)
                .copied()
                .filter(|r| !done_by(r, w.until))
                .collect();
            next = end;
            Named {
                name: week_label(start),
                kpis,
            }
        })
        .collect()
}

/// KPIs per value of the grouping, in the order of the names.
pub fn by_group(rows: &KpiRows, window: Window, now: i64) -> Vec<Named> {
    let mut groups: Vec<(Vec<&KpiRequest>, Vec<&KpiRating>)> = vec![Default::default(); rows.groups.len()];
    for r in &rows.requests {
        if let Some(g) = groups.get_mut(r.group as usize) {
            g.0.push(r);
        }
    }
    for g in &rows.ratings {
        if let Some(group) = groups.get_mut(g.group as usize) {
            group.1.push(g);
        }
    }
    let mut named: Vec<Named> = rows
        .groups
        .iter()
        .zip(groups)
        .filter(|(_, (rs, gs))| !rs.is_empty() || !gs.is_empty())
        .map(|(name, (rs, gs))| Named {
            name: name.clone(),
            kpis: compute(rs, gs, window, now),
        })
        .collect();
    named.sort_by(|a, b| a.name.cmp(&b.name));
    named
}

/// KPIs per priority (P1 first), from one pass over the rows.
pub(super) fn by_priority(
    requests: &[KpiRequest],
    ratings: &[KpiRating],
    window: Window,
    now: i64,
) -> Vec<Named> {
    let mut per: [Vec<&KpiRequest>; 4] = Default::default();
    for r in requests {
        per[r.priority as usize].push(r);
    }
    // The ratings go with their request's priority, so CSAT and NPS per
    // priority agree with a report split by priority.
    let mut rated: [Vec<&KpiRating>; 4] = Default::default();
    for g in ratings {
        if let Some(p) = g.priority {
            rated[p as usize].push(g);
        }
    }
    Priority::ALL
        .iter()
        .zip(per.into_iter().zip(rated))
        .map(|(p, (rs, gs))| Named {
            name: p.to_string(),
            kpis: compute(rs, gs, window, now),
        })
        .collect()
}

/// Builds the report from rows read for `window` (grouped by `group_by`).
/// The week-by-week figures are worked out on a second core meanwhile: over
/// a million rows each part takes a noticeable fraction of a second.
pub fn report(rows: &KpiRows, window: Window, now: i64, group_by: Option<&str>) -> Report {
    std::thread::scope(|scope| {
        let weekly = scope.spawn(|| weekly_in(&rows.requests, &rows.ratings, window, now));
        let overall = compute(&rows.requests, &rows.ratings, window, now);
        let by_priority = by_priority(&rows.requests, &rows.ratings, window, now);
        let groups = if group_by.is_some() {
            by_group(rows, window, now)
        } else {
            Vec::new()
        };
        Report {
            window,
            generated_at: now,
            group_by: group_by.map(str::to_string),
            overall,
            groups,
            weekly: weekly.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            by_priority,
            // Counted from the surveys, which the rows do not carry.
            surveys: SurveyCounts::default(),
        }
    })
}

#[cfg(test)]
mod report_tests {
    use super::*;

    #[test]
    fn a_report_splits_by_week_and_priority() {
        let mon = 1_795_392_000;
        let requests = vec![
            KpiRequest {
                created_at: mon + 3600,
                priority: Priority::P1,
                ..Default::default()
            },
            KpiRequest {
                created_at: mon + 8 * 86_400,
                priority: Priority::P3,
                ..Default::default()
            },
        ];
        let window = Window {
            since: mon,
            until: mon + 14 * 86_400,
        };
        let rows = KpiRows {
            requests: requests.clone(),
            groups: vec![String::new()],
            ..Default::default()
        };
        let r = report(&rows, window, mon + 14 * 86_400, None);
        // The fast weekly split gives what a full pass per week gives.
        for w in &r.weekly {
            let i = r.weekly.iter().position(|x| x.name == w.name).unwrap() as i64;
            let win = Window {
                since: mon + i * 7 * 86_400,
                until: mon + (i + 1) * 7 * 86_400,
            };
            assert_eq!(w.kpis, compute(&requests, &[], win, mon + 14 * 86_400));
        }
        assert_eq!(r.overall.volume, 2);
        assert_eq!(r.weekly.iter().map(|w| w.kpis.volume).collect::<Vec<_>>(), [1, 1]);
        assert_eq!(r.by_priority[0].kpis.volume, 1);
        assert_eq!(r.by_priority[2].kpis.volume, 1);
        assert!(r.groups.is_empty());
    }
}
