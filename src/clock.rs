//! The one place that reads the wall clock. `FRONTDESK_NOW` (RFC 3339)
//! pins it, so tests and demos are repeatable.

pub fn now() -> i64 {
    std::env::var("FRONTDESK_NOW")
        .ok()
        .and_then(|t| crate::domain::time::parse_rfc3339(&t).ok())
        .unwrap_or_else(|| chrono::Utc::now().timestamp())
}
