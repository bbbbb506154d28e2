//! The desk's numbers in the database: plain integers on both backends.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, Value, ValueRef};

use crate::domain::ids::{RequestId, Version};

/// A number of the desk's as the integer column it is kept in.
macro_rules! kept_as_integer {
    ($($number:ident)*) => {$(
        impl ToSql for $number {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }

        impl FromSql for $number {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                i64::column_result(value).map($number)
            }
        }

        impl From<$number> for Value {
            fn from(number: $number) -> Self {
                Value::Integer(number.0)
            }
        }
    )*};
}

kept_as_integer!(RequestId Version);
