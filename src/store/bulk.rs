//! Multi-row INSERTs for bulk loads. Running a statement has a fixed cost
//! (open the table, check, close) that is most of the cost of a small row;
//! one statement for a hundred rows pays it once.

use rusqlite::types::{ToSqlOutput, Value, ValueRef};
use rusqlite::{params_from_iter, Connection, Statement};

use super::error::StoreResult;

/// A value to insert, borrowed from text that outlives the load when it can.
pub type Cell<'a> = ToSqlOutput<'a>;

pub fn text(s: &str) -> Cell<'_> {
    ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
}

pub fn owned(s: String) -> Cell<'static> {
    ToSqlOutput::Owned(Value::Text(s))
}

pub fn blob(b: Vec<u8>) -> Cell<'static> {
    ToSqlOutput::Owned(Value::Blob(b))
}

pub fn int(i: i64) -> Cell<'static> {
    ToSqlOutput::Owned(Value::Integer(i))
}

pub fn opt_text(s: Option<&str>) -> Cell<'_> {
    s.map_or(ToSqlOutput::Owned(Value::Null), text)
}

/// Text that may have been made for this row only.
pub fn opt_cow<'a>(s: &Option<std::borrow::Cow<'a, str>>) -> Cell<'a> {
    match s {
        Some(std::borrow::Cow::Borrowed(b)) => text(b),
        Some(std::borrow::Cow::Owned(o)) => owned(o.clone()),
        None => ToSqlOutput::Owned(Value::Null),
    }
}

pub fn opt_int(i: Option<i64>) -> Cell<'static> {
    i.map_or(ToSqlOutput::Owned(Value::Null), int)
}

/// Rows waiting to go into one table, written a statement-full at a time.
pub struct Bulk<'c, 'a> {
    conn: &'c Connection,
    head: String,
    columns: usize,
    rows_per_statement: usize,
    full: Statement<'c>,
    pending: Vec<Cell<'a>>,
}

impl<'c, 'a> Bulk<'c, 'a> {
    /// `INSERT INTO table (columns…)`, `rows_per_statement` rows at a time
    /// (keep rows × columns well under SQLite's limit of 32,766 values).
    pub fn new(
        conn: &'c Connection,
        table: &str,
        columns: &[&str],
        rows_per_statement: usize,
    ) -> StoreResult<Self> {
        let head = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let full = conn.prepare(&values_sql(&head, columns.len(), rows_per_statement))?;
        Ok(Bulk {
            conn,
            head,
            columns: columns.len(),
            rows_per_statement,
            full,
            pending: Vec::with_capacity(columns.len() * rows_per_statement * 2),
        })
    }

    /// Adds one row (its values in the order of the columns).
    pub fn push(&mut self, row: impl IntoIterator<Item = Cell<'a>>) {
        let before = self.pending.len();
        self.pending.extend(row);
        debug_assert_eq!(self.pending.len() - before, self.columns, "one value per column");
    }

    /// Rows added and not yet written.
    pub fn pending_rows(&self) -> usize {
        self.pending.len() / self.columns
    }

    /// Writes every full statement's worth of rows; the rest waits.
    pub fn flush(&mut self) -> StoreResult<()> {
        let chunk = self.columns * self.rows_per_statement;
        let full = self.pending.len() / chunk * chunk;
        for rows in self.pending[..full].chunks(chunk) {
            self.full.execute(params_from_iter(rows))?;
        }
        self.pending.drain(..full);
        Ok(())
    }

    /// Writes everything still waiting.
    pub fn finish(mut self) -> StoreResult<()> {
        self.flush()?;
        let rows = self.pending_rows();
        if rows > 0 {
            self.conn
                .prepare(&values_sql(&self.head, self.columns, rows))?
                .execute(params_from_iter(&self.pending))?;
        }
        Ok(())
    }
}

/// `head` followed by `rows` groups of `columns` placeholders.
fn values_sql(head: &str, columns: usize, rows: usize) -> String {
    let group = format!("({})", vec!["?"; columns].join(", "));
    format!("{head}{}", vec![group; rows].join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_written_in_full_statements_then_the_rest() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (n INTEGER, s TEXT, o TEXT)")
            .unwrap();
        let words: Vec<String> = (0..10).map(|i| format!("w{i}")).collect();
        let mut bulk = Bulk::new(&conn, "t", &["n", "s", "o"], 4).unwrap();
        for (i, w) in words.iter().enumerate() {
            let odd = (i % 2 == 1).then_some(w.as_str());
            bulk.push([int(i as i64), text(w), opt_text(odd)]);
            if i == 8 {
                bulk.flush().unwrap();
                // Two statements of four rows went out; one row waits.
                assert_eq!(bulk.pending_rows(), 1);
            }
        }
        let count = |conn: &Connection| conn.query_row("SELECT count(*) FROM t", [], |r| r.get::<_, i64>(0));
        assert_eq!(count(&conn).unwrap(), 8);
        bulk.finish().unwrap();
        let rows: Vec<(i64, String, Option<String>)> = conn
            .prepare("SELECT n, s, o FROM t ORDER BY n")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows.len(), 10);
        assert_eq!(rows[9], (9, "w9".into(), Some("w9".into())));
        assert_eq!(rows[4], (4, "w4".into(), None));
        assert_eq!(
            values_sql("INSERT INTO t (a, b) VALUES ", 2, 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
    }
}
