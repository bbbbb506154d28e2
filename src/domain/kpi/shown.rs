//! KPI figures as people read them, one way for the reports, the
//! dashboard and the scores pane: "–" where there is no figure.

use crate::domain::time::short_duration;

const NONE: &str = "–";

/// `86.8%`
pub fn percent(v: Option<f64>) -> String {
    v.map(|p| format!("{p:.1}%")).unwrap_or_else(|| NONE.into())
}

/// `87%`, where space is short.
pub fn rounded_percent(v: Option<f64>) -> String {
    v.map(|p| format!("{p:.0}%")).unwrap_or_else(|| NONE.into())
}

/// `3h 08m`
pub fn duration(v: Option<i64>) -> String {
    v.map(short_duration).unwrap_or_else(|| NONE.into())
}

/// `4.02`
pub fn score(v: Option<f64>) -> String {
    v.map(|s| format!("{s:.2}")).unwrap_or_else(|| NONE.into())
}

/// `+20`
pub fn nps(v: Option<f64>) -> String {
    v.map(|n| format!("{n:+.0}")).unwrap_or_else(|| NONE.into())
}
