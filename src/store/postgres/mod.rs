//! A desk on a PostgreSQL server. For now `migrate` moves desks between a
//! file and a server, either way: the schema
//! (`assets/migrations/postgres/`) and the copy. Opening a server desk for
//! the commands and the app is still to come.

mod copy;
mod doctor;

pub use copy::{move_file_to_server, move_server_to_file, MoveSummary};
pub use doctor::doctor;

use super::error::{StoreError, StoreResult};

/// Whether `--db` or `--to` names a server rather than a file.
pub fn is_server_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// A connection to the server at `address` (`postgres://user@host:port/db`,
/// also `?host=/run/postgresql` for a socket folder).
pub fn connect(address: &str) -> StoreResult<postgres::Client> {
    let config: postgres::Config = address
        .parse()
        .map_err(|e| StoreError::Invalid(format!("{address} is not a PostgreSQL address: {e}")))?;
    config.connect(postgres::NoTls).map_err(server)
}

/// The server's own words for what went wrong.
pub(super) fn server(e: postgres::Error) -> StoreError {
    let text = match (e.as_db_error(), std::error::Error::source(&e)) {
        (Some(db), _) => db.message().to_string(),
        // "error connecting to server" says little without its cause.
        (None, Some(cause)) => format!("{e}: {cause}"),
        (None, None) => e.to_string(),
    };
    StoreError::Server(text)
}
