//! A desk on a PostgreSQL server. For now `migrate` moves desks between a
//! file and a server, either way: the schema
//! (`assets/migrations/postgres/`) and the copy. Opening a server desk for
//! the commands and the app is still to come.

mod copy;
mod doctor;
mod listen;
mod open;
pub(crate) mod words;

pub use copy::{move_file_to_server, move_server_to_file, MoveSummary};
pub use doctor::doctor;
pub(crate) use listen::listen;

use super::error::{StoreError, StoreResult};

/// Whether `--db` or `--to` names a server rather than a file.
pub fn is_server_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// An address as it may be shown: any password in it left out.
pub fn shown_address(address: &str) -> String {
    match address.split_once("://").and_then(|(scheme, rest)| {
        let (credentials, place) = rest.split_once('@')?;
        let user = credentials.split(':').next().unwrap_or_default();
        Some(format!("{scheme}://{user}@{place}"))
    }) {
        Some(shown) => crate::domain::text::inert_line(&shown),
        None => crate::domain::text::inert_line(address),
    }
}

/// A short name for the desk at a server address, for the app's header:
/// the database and the server's host (`desk@db.example.com`; a local
/// socket is `local`).
pub fn label(address: &str) -> String {
    let Ok(config) = query_host_wins(address).parse::<postgres::Config>() else {
        return shown_address(address);
    };
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(name)) => name.clone(),
        _ => "local".into(),
    };
    let db = config.get_dbname().or(config.get_user()).unwrap_or("postgres");
    crate::domain::text::inert_line(&format!("{db}@{host}"))
}

/// A connection to the server at `address` (`postgres://user@host:port/db`,
/// also `?host=/run/postgresql` for a socket folder).
pub fn connect(address: &str) -> StoreResult<postgres::Client> {
    let mut config: postgres::Config = query_host_wins(address).parse().map_err(|e| {
        StoreError::Invalid(format!(
            "{} is not a PostgreSQL address: {e}",
            shown_address(address)
        ))
    })?;
    // As psql does: the login one is logged in as, and PGPASSWORD, when
    // the address names neither (so a password need not be written into
    // a config file, and a local socket can use peer authentication).
    if config.get_user().is_none() {
        config.user(&crate::store::share::announcement::login());
    }
    if config.get_password().is_none() {
        if let Some(password) = std::env::var_os("PGPASSWORD") {
            config.password(password.as_encoded_bytes());
        }
    }
    config.connect(postgres::NoTls).map_err(server)
}

/// The address as libpq and psql read it: a `host` in the query (a socket
/// folder) says where the server is, in place of the host before the
/// path. The `postgres` crate would try both, the first over TCP, which
/// costs every command a name lookup and a refused connection.
fn query_host_wins(address: &str) -> String {
    let Some((scheme, rest)) = address.split_once("://") else {
        return address.to_string();
    };
    let Some((place, query)) = rest.split_once('?') else {
        return address.to_string();
    };
    if !query.split('&').any(|pair| pair.starts_with("host=")) {
        return address.to_string();
    }
    let (authority, path) = place.split_at(place.find('/').unwrap_or(place.len()));
    let (user, host_port) = match authority.rsplit_once('@') {
        Some((user, host_port)) => (format!("{user}@"), host_port),
        None => (String::new(), authority),
    };
    // A port written with the host goes to the query (the crate would
    // read a port without a host as a host named "").
    let port = host_port
        .rsplit_once(':')
        .map(|(_, port)| port)
        .filter(|port| !port.is_empty() && port.chars().all(|c| c.is_ascii_digit()))
        .filter(|_| !query.split('&').any(|pair| pair.starts_with("port=")));
    let port = port.map(|p| format!("&port={p}")).unwrap_or_default();
    format!("{scheme}://{user}{path}?{query}{port}")
}

/// The server's own words for what went wrong.
pub(crate) fn server(e: postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    // Waiting longer than the busy timeout for another copy's write is
    // what "locked" means on a file too: try again.
    if let Some(code) = e.code() {
        if [SqlState::LOCK_NOT_AVAILABLE, SqlState::T_R_DEADLOCK_DETECTED].contains(code) {
            return StoreError::Locked;
        }
    }
    let text = match (e.as_db_error(), std::error::Error::source(&e)) {
        (Some(db), _) => db.message().to_string(),
        // "error connecting to server" says little without its cause.
        (None, Some(cause)) => format!("{e}: {cause}"),
        (None, None) => e.to_string(),
    };
    StoreError::Server(text)
}

/// The advisory lock a writer holds for its transaction: one writer at a
/// time, as on a file.
pub const WRITERS_TURN: i64 = 7_061_746_173;

/// Runs `f` as one transaction on the server. Writers take turns (one
/// advisory lock for the desk), as they do on a file: the history's hash
/// chain has one head, and a version checked is a version written.
pub(crate) fn write<T>(
    session: &super::sql::Session,
    f: impl FnOnce(&super::sql::Conn) -> StoreResult<T>,
) -> StoreResult<T> {
    let tx = super::sql::Conn::Server(session);
    tx.execute_batch(&format!("BEGIN; SELECT pg_advisory_xact_lock({WRITERS_TURN})"))?;
    // Copies that listen hear of the change once it commits.
    let notify = format!("NOTIFY {}; COMMIT", super::sql::CHANGED);
    match f(&tx).and_then(|out| tx.execute_batch(&notify).map(|()| out)) {
        Ok(out) => Ok(out),
        Err(e) => {
            // The error is the news; a failed rollback ends the session,
            // which rolls back as well.
            let _ = tx.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::query_host_wins;

    #[test]
    fn a_socket_folder_in_the_query_replaces_the_host_as_in_psql() {
        assert_eq!(
            query_host_wins("postgresql://ana@localhost:5433/desk?host=/run/postgresql"),
            "postgresql://ana@/desk?host=/run/postgresql&port=5433"
        );
        assert_eq!(
            query_host_wins("postgres://db.example.com/desk?sslmode=disable&host=/tmp"),
            "postgres:///desk?sslmode=disable&host=/tmp"
        );
        // Without a host in the query, the address is left as it is.
        for kept in [
            "postgres://ana:secret@db.example.com:6432/desk",
            "postgres://ana@db.example.com/desk?application_name=x",
            "desk.db",
        ] {
            assert_eq!(query_host_wins(kept), kept);
        }
        // What it makes, the crate reads: the socket folder alone.
        let config: postgres::Config =
            query_host_wins("postgresql://ana@localhost:5433/desk?host=/run/postgresql")
                .parse()
                .unwrap();
        assert_eq!(config.get_hosts().len(), 1);
        assert_eq!(config.get_ports(), [5433]);
        assert_eq!(config.get_user(), Some("ana"));
        // The app's header says where the desk is the same way.
        assert_eq!(
            super::label("postgresql://ana@localhost:5433/desk?host=/run/postgresql"),
            "desk@local"
        );
        assert_eq!(
            super::label("postgres://ana@db.example.com/desk"),
            "desk@db.example.com"
        );
    }
}
