//! Schema steps, kept as SQL under `assets/migrations/sqlite` (and, for a
//! desk on a server, `assets/migrations/postgres`) and applied in order.

use rusqlite::{Connection, TransactionBehavior};

use super::error::{StoreError, StoreResult};

/// Marks a SQLite file as Frontdesk's ("FDK1").
pub const APPLICATION_ID: i64 = 0x4644_4B31;

const MIGRATIONS: &[&str] = &[
    include_str!("../../assets/migrations/sqlite/0001_requests.sql"),
    include_str!("../../assets/migrations/sqlite/0002_sla_clock.sql"),
    include_str!("../../assets/migrations/sqlite/0003_follow_ups.sql"),
    include_str!("../../assets/migrations/sqlite/0004_sweep_indexes.sql"),
    include_str!("../../assets/migrations/sqlite/0005_kpi_counters.sql"),
    include_str!("../../assets/migrations/sqlite/0006_triage_order.sql"),
    include_str!("../../assets/migrations/sqlite/0007_unused_history_index.sql"),
    include_str!("../../assets/migrations/sqlite/0008_contentless_search.sql"),
    include_str!("../../assets/migrations/sqlite/0009_who_did_it.sql"),
    include_str!("../../assets/migrations/sqlite/0010_words_of_unspaced_scripts.sql"),
    include_str!("../../assets/migrations/sqlite/0011_staff_logins.sql"),
    include_str!("../../assets/migrations/sqlite/0012_tags.sql"),
    include_str!("../../assets/migrations/sqlite/0013_views.sql"),
    include_str!("../../assets/migrations/sqlite/0014_macros.sql"),
    include_str!("../../assets/migrations/sqlite/0015_links.sql"),
    include_str!("../../assets/migrations/sqlite/0016_mail.sql"),
    include_str!("../../assets/migrations/sqlite/0017_search_vectors.sql"),
    include_str!("../../assets/migrations/sqlite/0018_sealed_files.sql"),
    include_str!("../../assets/migrations/sqlite/0019_request_rows_follow_history.sql"),
    include_str!("../../assets/migrations/sqlite/0020_time_spent_index.sql"),
    include_str!("../../assets/migrations/sqlite/0021_surveys.sql"),
    include_str!("../../assets/migrations/sqlite/0022_targets.sql"),
    include_str!("../../assets/migrations/sqlite/0023_team_day.sql"),
    include_str!("../../assets/migrations/sqlite/0024_templates.sql"),
    include_str!("../../assets/migrations/sqlite/0025_recurring.sql"),
    include_str!("../../assets/migrations/sqlite/0026_answers.sql"),
    include_str!("../../assets/migrations/sqlite/0027_custom_fields.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// A desk on PostgreSQL, by the schema version each step brings it to: a
/// server desk starts at schema 10 whole, and later steps are numbered as
/// the file's are, so a version means the same desk on both.
pub const POSTGRES_MIGRATIONS: &[(i64, &str)] = &[
    (10, include_str!("../../assets/migrations/postgres/0010_desk.sql")),
    (
        11,
        include_str!("../../assets/migrations/postgres/0011_staff_logins.sql"),
    ),
    (12, include_str!("../../assets/migrations/postgres/0012_tags.sql")),
    (
        13,
        include_str!("../../assets/migrations/postgres/0013_views.sql"),
    ),
    (
        14,
        include_str!("../../assets/migrations/postgres/0014_macros.sql"),
    ),
    (
        15,
        include_str!("../../assets/migrations/postgres/0015_links.sql"),
    ),
    (16, include_str!("../../assets/migrations/postgres/0016_mail.sql")),
    (
        17,
        include_str!("../../assets/migrations/postgres/0017_search_vectors.sql"),
    ),
    (
        18,
        include_str!("../../assets/migrations/postgres/0018_sealed_files.sql"),
    ),
    (
        19,
        include_str!("../../assets/migrations/postgres/0019_request_rows_follow_history.sql"),
    ),
    (
        20,
        include_str!("../../assets/migrations/postgres/0020_time_spent_index.sql"),
    ),
    (
        21,
        include_str!("../../assets/migrations/postgres/0021_surveys.sql"),
    ),
    (
        22,
        include_str!("../../assets/migrations/postgres/0022_targets.sql"),
    ),
    (
        23,
        include_str!("../../assets/migrations/postgres/0023_team_day.sql"),
    ),
    (
        24,
        include_str!("../../assets/migrations/postgres/0024_templates.sql"),
    ),
    (
        25,
        include_str!("../../assets/migrations/postgres/0025_recurring.sql"),
    ),
    (
        26,
        include_str!("../../assets/migrations/postgres/0026_answers.sql"),
    ),
    (
        27,
        include_str!("../../assets/migrations/postgres/0027_custom_fields.sql"),
    ),
];

/// Applies the missing steps inside one immediate transaction that rereads
/// the version, so two clients upgrading at once cannot both apply a step.
/// Returns the version the file had.
pub fn migrate(conn: &mut Connection) -> StoreResult<i64> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Applies the steps up to `target` (the schema an older Frontdesk wrote,
/// to compare a file of that version against).
pub fn migrate_to(conn: &mut Connection, target: i64) -> StoreResult<i64> {
    let target = target.clamp(0, SCHEMA_VERSION);
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: String::new(),
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for step in MIGRATIONS.iter().take(target as usize).skip(current as usize) {
        tx.execute_batch(step)?;
    }
    if current < target {
        tx.execute_batch(&format!(
            "PRAGMA user_version = {target}; PRAGMA application_id = {APPLICATION_ID};"
        ))?;
    }
    tx.commit()?;
    Ok(current)
}
