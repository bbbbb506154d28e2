//! The lead's dashboard figures.

use serde::Serialize;

use super::report::by_priority;
use super::{compute, week_start, KpiRows, Kpis, Named, Window};

/// The lead's dashboard: this week so far against the same span of last
/// week (Monday to this moment, seven days earlier), and the last 90 days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub this_week: Kpis,
    pub last_week: Kpis,
    pub last_90_days: Kpis,
    pub by_priority: Vec<Named>,
    /// The team's service targets and where each stands (read beside the
    /// figures: the rows do not carry them).
    pub targets: Vec<(crate::domain::target::Target, crate::domain::target::Standing)>,
}

/// The window the dashboard needs rows for: the last 90 days, or from the
/// start of last week if that is earlier.
pub fn dashboard_window(now: i64) -> Window {
    let since = (now - 90 * 86_400).min(week_start(now) - 7 * 86_400);
    Window {
        since,
        until: now + 1,
    }
}

pub fn dashboard(rows: &KpiRows, now: i64) -> Dashboard {
    let (requests, ratings) = (&rows.requests, &rows.ratings);
    let this = week_start(now);
    let last_90 = Window {
        since: now - 90 * 86_400,
        until: now + 1,
    };
    Dashboard {
        this_week: compute(
            requests,
            ratings,
            Window {
                since: this,
                until: now + 1,
            },
            now,
        ),
        // Like with like: a Wednesday morning is compared with last
        // Wednesday morning, not with all of last week.
        last_week: compute(
            requests,
            ratings,
            Window {
                since: this - 7 * 86_400,
                until: now + 1 - 7 * 86_400,
            },
            now - 7 * 86_400,
        ),
        last_90_days: compute(requests, ratings, last_90, now),
        by_priority: by_priority(requests, ratings, last_90, now),
        targets: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::kpi::KpiRequest;

    #[test]
    fn this_week_so_far_is_compared_with_the_same_span_of_last_week() {
        // Wednesday 2026-11-25 10:00 UTC.
        let now = 1_795_600_800;
        let week = week_start(now);
        let created = |at: i64| KpiRequest {
            created_at: at,
            ..Default::default()
        };
        let rows = KpiRows {
            requests: vec![
                // Last Monday: in the same span.
                created(week - 7 * 86_400 + 3_600),
                // Last Friday: after this moment of last week.
                created(week - 3 * 86_400),
            ],
            ..Default::default()
        };
        let d = dashboard(&rows, now);
        assert_eq!(d.last_week.volume, 1);
    }
}
