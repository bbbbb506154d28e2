//! KPI figures as people read them, one way for the reports, the
//! dashboard and the scores pane: "–" where there is no figure.

use crate::domain::time::short_duration;

const NONE: &str = "–";

/// `86.8%`
pub fn percent(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |p| format!("{p:.1}%"))
}

/// `87%`, where space is short.
pub fn rounded_percent(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |p| format!("{p:.0}%"))
}

/// `3h 08m`
pub fn duration(v: Option<i64>) -> String {
    v.map_or_else(|| NONE.into(), short_duration)
}

/// `4.02`
pub fn score(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |s| format!("{s:.2}"))
}

/// `+20`
pub fn nps(v: Option<f64>) -> String {
    v.map_or_else(|| NONE.into(), |n| format!("{n:+.0}"))
}
