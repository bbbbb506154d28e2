//! The seam between the desk and the database that keeps it: a
//! connection (`Conn`) to either a SQLite file or a PostgreSQL server,
//! with the few calls the store makes (execute, one row, many rows), so a
//! query is written once and runs on both. Queries are written in the SQL
//! both speak, with `?N` placeholders; the server's side numbers them its
//! own way and converts values to the types of its columns (a flag is a
//! boolean there and 0/1 in a file).

mod ids;
mod params;
mod server;

use rusqlite::types::{FromSql, Value, ValueRef};

pub use params::Params;
pub use server::{Session, CHANGED};

use super::error::{StoreError, StoreResult};

/// Which database a connection speaks to, for the few places the SQL
/// itself differs (planner hints, search).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection, or a transaction on one, to either backend.
#[derive(Clone, Copy)]
pub enum Conn<'a> {
    File(&'a rusqlite::Connection),
    Server(&'a Session),
}

impl<'a> From<&'a rusqlite::Connection> for Conn<'a> {
    fn from(conn: &'a rusqlite::Connection) -> Self {
        Conn::File(conn)
    }
}

impl<'a> Conn<'a> {
    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::File(_) => Dialect::Sqlite,
            Conn::Server(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection, for what only a file has (pragmas, FTS5).
    pub fn file(&self) -> Option<&'a rusqlite::Connection> {
        match self {
            Conn::File(conn) => Some(conn),
            Conn::Server(_) => None,
        }
    }

    /// `hint` on a file (SQLite's `INDEXED BY …`), nothing on a server,
    /// whose planner takes no hints.
    pub fn hint(&self, hint: &'static str) -> &'static str {
        match self {
            Conn::File(_) => hint,
            Conn::Server(_) => "",
        }
    }

    pub fn prepare_cached(&self, sql: &str) -> StoreResult<Statement<'a>> {
        Ok(match self {
            Conn::File(conn) => Statement::File(conn.prepare_cached(sql)?),
            Conn::Server(session) => Statement::Server(session, session.prepare(sql)?),
        })
    }

    /// A query whose parameters are all numbers (request ids and other
    /// keys, compared with bigint columns) or text: on a server it costs
    /// one round trip rather than two the first time this session makes
    /// it. Not for flags or small integers, whose column types the server
    /// would otherwise have named.
    pub fn prepare_keyed(&self, sql: &str) -> StoreResult<Statement<'a>> {
        Ok(match self {
            Conn::File(conn) => Statement::File(conn.prepare_cached(sql)?),
            Conn::Server(session) => Statement::Keyed(session, sql.to_string()),
        })
    }

    pub fn prepare(&self, sql: &str) -> StoreResult<Statement<'a>> {
        self.prepare_cached(sql)
    }

    pub fn execute(&self, sql: &str, params: impl Params) -> StoreResult<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        self.prepare_cached(sql)?.query_row(params, f)
    }

    /// Several statements without parameters.
    pub fn execute_batch(&self, sql: &str) -> StoreResult<()> {
        match self {
            Conn::File(conn) => conn.execute_batch(sql)?,
            Conn::Server(session) => session.batch(sql)?,
        }
        Ok(())
    }

    /// The id the last insert of this connection was given.
    pub fn last_insert_rowid(&self) -> StoreResult<i64> {
        match self {
            Conn::File(conn) => Ok(conn.last_insert_rowid()),
            Conn::Server(_) => self.query_row("SELECT lastval()", [], |r| r.get(0)),
        }
    }
}

/// A prepared statement on either backend.
pub enum Statement<'a> {
    File(rusqlite::CachedStatement<'a>),
    Server(&'a Session, postgres::Statement),
    /// A keyed query on a server (`Conn::prepare_keyed`), by its text.
    Keyed(&'a Session, String),
}

impl Statement<'_> {
    pub fn execute(&mut self, params: impl Params) -> StoreResult<usize> {
        match self {
            Statement::File(stmt) => Ok(stmt.execute(rusqlite::params_from_iter(params.values()?))?),
            Statement::Server(session, stmt) => session.execute(stmt, &params.values()?),
            Statement::Keyed(session, sql) => session.execute(&session.prepare(sql)?, &params.values()?),
        }
    }

    /// The first row, mapped by `f`; `NoRows` when there is none.
    pub fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<T> {
        match self {
            Statement::File(stmt) => {
                let names = column_names(stmt);
                let mut rows = stmt.query(rusqlite::params_from_iter(params.values()?))?;
                match rows.next()? {
                    Some(row) => f(&Row::File(row, &names)),
                    None => Err(StoreError::NoRows),
                }
            }
            Statement::Server(session, stmt) => {
                match session.query(stmt, &params.values()?, Some(1))?.first() {
                    Some(row) => f(&Row::Server(row)),
                    None => Err(StoreError::NoRows),
                }
            }
            Statement::Keyed(..) => {
                let mut f = Some(f);
                let mut out = Err(StoreError::NoRows);
                self.for_each(params, |row| {
                    if let Some(f) = f.take() {
                        out = f(row);
                    }
                    Ok(false)
                })?;
                out
            }
        }
    }

    /// Every row, mapped by `f`, in the order the query gives them.
    pub fn query_map<T>(
        &mut self,
        params: impl Params,
        mut f: impl FnMut(&Row<'_>) -> StoreResult<T>,
    ) -> StoreResult<std::vec::IntoIter<StoreResult<T>>> {
        let mut mapped = Vec::new();
        self.for_each(params, |row| {
            mapped.push(f(row));
            Ok(true)
        })?;
        Ok(mapped.into_iter())
    }

    /// Hands each row to `f` as it arrives, without holding them all,
    /// until `f` says stop (false) or fails.
    pub fn for_each(
        &mut self,
        params: impl Params,
        mut f: impl FnMut(&Row<'_>) -> StoreResult<bool>,
    ) -> StoreResult<()> {
        match self {
            Statement::File(stmt) => {
                let names = column_names(stmt);
                let mut rows = stmt.query(rusqlite::params_from_iter(params.values()?))?;
                while let Some(row) = rows.next()? {
                    if !f(&Row::File(row, &names))? {
                        break;
                    }
                }
            }
            Statement::Server(session, stmt) => {
                session.for_each(stmt, &params.values()?, |row| f(&Row::Server(row)))?;
            }
            Statement::Keyed(session, sql) => {
                session.query_keyed(sql, &params.values()?, |row| f(&Row::Server(row)))?;
            }
        }
        Ok(())
    }
}

/// The names of a file statement's columns, read once per query: looking
/// a name up in SQLite for every value of every row cost more than reading
/// the rows.
fn column_names(stmt: &rusqlite::Statement<'_>) -> Vec<String> {
    stmt.column_names().into_iter().map(str::to_string).collect()
}

/// One row of a result, from either backend (a file's with its columns'
/// names).
pub enum Row<'r> {
    File(&'r rusqlite::Row<'r>, &'r [String]),
    Server(&'r postgres::Row),
}

/// A column of a row: its position, or the name the query gives it.
pub trait Column: Copy {
    fn position(self, row: &Row<'_>) -> StoreResult<usize>;
}

impl Column for usize {
    fn position(self, _: &Row<'_>) -> StoreResult<usize> {
        Ok(self)
    }
}

impl Column for &str {
    fn position(self, row: &Row<'_>) -> StoreResult<usize> {
        let found = match row {
            // As SQLite names them: the exact name, else any case.
            Row::File(_, names) => names
                .iter()
                .position(|c| c == self)
                .or_else(|| names.iter().position(|c| c.eq_ignore_ascii_case(self))),
            Row::Server(r) => r.columns().iter().position(|c| c.name() == self),
        };
        found.ok_or_else(|| StoreError::Invalid(format!("the query gives no column {self}")))
    }
}

impl Row<'_> {
    /// A column as a Rust value: integers, flags (a file's 0/1, a server's
    /// boolean), text, real numbers, bytes, each optional.
    pub fn get<C: Column, T: FromSql>(&self, column: C) -> StoreResult<T> {
        let idx = column.position(self)?;
        match self {
            Row::File(r, _) => Ok(r.get(idx)?),
            Row::Server(r) => {
                let value = server::column_value(r, idx)?;
                T::column_result(ValueRef::from(&value)).map_err(|e| {
                    StoreError::Server(format!("column {} of the answer: {e}", r.columns()[idx].name()))
                })
            }
        }
    }

    /// A column as a value of either kind, for copying whole rows.
    pub fn value<C: Column>(&self, column: C) -> StoreResult<Value> {
        self.get(column)
    }
}

/// `optional()` for a single row that may not be there.
pub trait OptionalExtension<T> {
    fn optional(self) -> StoreResult<Option<T>>;
}

impl<T> OptionalExtension<T> for StoreResult<T> {
    fn optional(self) -> StoreResult<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::NoRows | StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
