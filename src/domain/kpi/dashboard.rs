//! The lead's dashboard figures.

use serde::Serialize;

use super::report::by_priority;
use super::{compute, week_start, KpiRows, Kpis, Named, Window};

/// The lead's dashboard: this week against last week and the last 90 days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    pub this_week: Kpis,
    pub last_week: Kpis,
    pub last_90_days: Kpis,
    pub by_priority: Vec<Named>,
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
        last_week: compute(
            requests,
            ratings,
            Window {
                since: this - 7 * 86_400,
                until: this,
            },
            now,
        ),
        last_90_days: compute(requests, ratings, last_90, now),
        by_priority: by_priority(requests, ratings, last_90, now),
    }
}
