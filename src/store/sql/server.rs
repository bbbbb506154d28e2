//! The server's side of the seam: one connection to PostgreSQL, its
//! prepared statements kept by their text, placeholders numbered the
//! server's way, and values converted to and from the types of the
//! server's columns.

use std::cell::{Cell, RefCell, RefMut};
use std::collections::{HashMap, HashSet};
use std::error::Error;

use postgres::types::private::BytesMut;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use rusqlite::types::Value;

use crate::store::error::{StoreError, StoreResult};
use crate::store::postgres::server;

/// A connection to a desk on a server.
pub struct Session {
    /// Where the desk is, as given (a second connection may be needed).
    address: String,
    client: RefCell<postgres::Client>,
    statements: RefCell<HashMap<String, postgres::Statement>>,
    /// Keyed queries run once unprepared (see `query_keyed`).
    keyed_once: RefCell<HashSet<String>>,
    /// This connection's server process, whose own notices are no news.
    backend_pid: i32,
    /// Whether this connection listens for other copies' changes yet.
    listening: Cell<bool>,
    /// How many changes by other copies this one has heard of.
    heard: Cell<i64>,
}

/// The channel every write on a server announces itself on.
pub const CHANGED: &str = "frontdesk_changed";

impl Session {
    /// A session on `client`, which is connected to `address`, with
    /// `opening` (SQL without parameters) run in the same round trip as
    /// asking for the server process: a command pays for every round trip,
    /// so opening takes one. Answers the rows of `opening`.
    pub fn new(
        address: &str,
        mut client: postgres::Client,
        opening: &str,
    ) -> StoreResult<(Session, Vec<Vec<Option<String>>>)> {
        let mut rows = simple(&mut client, &format!("{opening}; SELECT pg_backend_pid()"))?;
        let backend_pid = rows
            .pop()
            .and_then(|row| row.into_iter().next().flatten())
            .and_then(|pid| pid.parse().ok())
            .ok_or_else(|| StoreError::Server("the server did not say which process serves it".into()))?;
        let session = Session {
            address: address.to_string(),
            client: RefCell::new(client),
            statements: RefCell::new(HashMap::new()),
            keyed_once: RefCell::new(HashSet::new()),
            backend_pid,
            listening: Cell::new(false),
            heard: Cell::new(0),
        };
        Ok((session, rows))
    }

    /// The rows of `sql` (statements without parameters, run in one round
    /// trip) as text, every statement's rows in turn.
    pub fn simple(&self, sql: &str) -> StoreResult<Vec<Vec<Option<String>>>> {
        simple(&mut self.client(), sql)
    }

    /// Starts hearing other copies' changes as they commit (see
    /// `postgres::listen`).
    pub fn listen(&self, heard: impl FnMut() -> bool + Send + 'static) -> StoreResult<()> {
        crate::store::postgres::listen(&self.address, self.backend_pid, heard).map(drop)
    }

    /// A count that moves whenever another copy commits a change, as a
    /// file's `data_version` does: the server tells listeners (LISTEN /
    /// NOTIFY), so nothing is polled but this connection's own buffer.
    pub fn changes_heard(&self) -> StoreResult<i64> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut client = self.client();
        if !self.listening.get() {
            client
                .batch_execute(&format!("LISTEN {CHANGED}"))
                .map_err(server)?;
            self.listening.set(true);
        }
        let mut notices = client.notifications();
        let mut pending = notices.iter();
        while let Some(notice) = pending.next().map_err(server)? {
            if notice.process_id() != self.backend_pid {
                self.heard.set(self.heard.get() + 1);
            }
        }
        Ok(self.heard.get())
    }

    /// The connection itself, for what the seam does not cover (COPY).
    pub fn client(&self) -> RefMut<'_, postgres::Client> {
        self.client.borrow_mut()
    }

    pub(super) fn prepare(&self, sql: &str) -> StoreResult<postgres::Statement> {
        if let Some(stmt) = self.statements.borrow().get(sql) {
            return Ok(stmt.clone());
        }
        let stmt = self.client().prepare(&numbered(sql)).map_err(server)?;
        self.statements.borrow_mut().insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    /// Hands the rows of `sql`, whose parameters are all numbers (keys)
    /// or text, to `f`. Preparing a statement is a round trip of its own,
    /// which a command pays for every query it makes once: the first time
    /// the query goes in one trip, its parameters' types given rather than
    /// asked. A query made again in this session (the app's) is prepared
    /// then, and planned once.
    pub(super) fn query_keyed(
        &self,
        sql: &str,
        values: &[Value],
        mut f: impl FnMut(&postgres::Row) -> StoreResult<bool>,
    ) -> StoreResult<()> {
        let seen = self.statements.borrow().contains_key(sql)
            || !self.keyed_once.borrow_mut().insert(sql.to_string());
        if seen {
            let stmt = self.prepare(sql)?;
            return self.for_each(&stmt, values, f);
        }
        let params = adapted(values);
        let typed = params
            .iter()
            .map(|p| match p.0 {
                Value::Integer(_) => Ok((p as &(dyn ToSql + Sync), Type::INT8)),
                Value::Text(_) => Ok((p as &(dyn ToSql + Sync), Type::TEXT)),
                other => Err(StoreError::Invalid(format!(
                    "a keyed query takes numbers and text, not {other:?}"
                ))),
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let rows = self
            .client()
            .query_typed(&numbered(sql), &typed)
            .map_err(server)?;
        for row in &rows {
            if !f(row)? {
                break;
            }
        }
        Ok(())
    }

    pub(super) fn execute(&self, stmt: &postgres::Statement, values: &[Value]) -> StoreResult<usize> {
        let params = adapted(values);
        let changed = self.client().execute(stmt, &refs(&params)).map_err(server)?;
        Ok(usize::try_from(changed).unwrap_or(usize::MAX))
    }

    pub(super) fn query(
        &self,
        stmt: &postgres::Statement,
        values: &[Value],
        limit: Option<usize>,
    ) -> StoreResult<Vec<postgres::Row>> {
        let params = adapted(values);
        let mut rows = self.client().query(stmt, &refs(&params)).map_err(server)?;
        if let Some(limit) = limit {
            rows.truncate(limit);
        }
        Ok(rows)
    }

    pub(super) fn for_each(
        &self,
        stmt: &postgres::Statement,
        values: &[Value],
        mut f: impl FnMut(&postgres::Row) -> StoreResult<bool>,
    ) -> StoreResult<()> {
        use postgres::fallible_iterator::FallibleIterator;
        let params = adapted(values);
        let mut client = self.client();
        let mut rows = client.query_raw(stmt, refs(&params)).map_err(server)?;
        while let Some(row) = rows.next().map_err(server)? {
            if !f(&row)? {
                break;
            }
        }
        Ok(())
    }

    pub(super) fn batch(&self, sql: &str) -> StoreResult<()> {
        self.client().batch_execute(sql).map_err(server)
    }
}

fn simple(client: &mut postgres::Client, sql: &str) -> StoreResult<Vec<Vec<Option<String>>>> {
    Ok(client
        .simple_query(sql)
        .map_err(server)?
        .into_iter()
        .filter_map(|message| match message {
            postgres::SimpleQueryMessage::Row(row) => {
                Some((0..row.len()).map(|i| row.get(i).map(str::to_string)).collect())
            }
            _ => None,
        })
        .collect())
}

/// SQLite's `?N` (and bare `?`) as PostgreSQL's `$N`, outside quotes.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut next = 0;
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    digits = next.to_string();
                }
                out.push('$');
                out.push_str(&digits);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A value sent as whatever type the server expects in its place: a
/// file's 0/1 flag as a boolean, an integer as a smallint, and so on.
#[derive(Debug)]
struct Adapted<'v>(&'v Value);

fn adapted(values: &[Value]) -> Vec<Adapted<'_>> {
    values.iter().map(Adapted).collect()
}

fn refs<'p>(params: &'p [Adapted<'_>]) -> Vec<&'p (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl ToSql for Adapted<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(i) => match *ty {
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => i.to_string().to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                _ => f.to_sql(ty, out),
            },
            Value::Text(s) => s.to_sql(ty, out),
            Value::Blob(b) => b.to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A column of a server's row as the value a file would have given.
pub(super) fn column_value(row: &postgres::Row, idx: usize) -> StoreResult<Value> {
    let ty = row.columns()[idx].type_().clone();
    let fail = |e: postgres::Error| server(e);
    Ok(match ty {
        Type::BOOL => row
            .try_get::<_, Option<bool>>(idx)
            .map_err(fail)?
            .map(i64::from)
            .into(),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(idx)
            .map_err(fail)?
            .map(i64::from)
            .into(),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(idx)
            .map_err(fail)?
            .map(i64::from)
            .into(),
        Type::INT8 => row.try_get::<_, Option<i64>>(idx).map_err(fail)?.into(),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(idx)
            .map_err(fail)?
            .map(f64::from)
            .into(),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(idx).map_err(fail)?.into(),
        Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(idx).map_err(fail)?.into(),
        Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR => {
            row.try_get::<_, Option<String>>(idx).map_err(fail)?.into()
        }
        other => {
            return Err(StoreError::Server(format!(
                "column {} of the answer is of type {other}, which Frontdesk does not read",
                row.columns()[idx].name()
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn placeholders_become_the_servers_outside_quotes() {
        assert_eq!(
            numbered("SELECT ?1, '?', x FROM t WHERE a = ?2 AND b = ?10"),
            "SELECT $1, '?', x FROM t WHERE a = $2 AND b = $10"
        );
        assert_eq!(numbered("VALUES (?, ?)"), "VALUES ($1, $2)");
    }
}
