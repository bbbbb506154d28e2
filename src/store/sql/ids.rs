//! The desk's numbers in the database: plain integers on both backends.

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::ids::{RequestId, Version};

impl ToSql for RequestId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for RequestId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(RequestId)
    }
}

impl ToSql for Version {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for Version {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(Version)
    }
}

impl From<RequestId> for rusqlite::types::Value {
    fn from(id: RequestId) -> Self {
        rusqlite::types::Value::Integer(id.0)
    }
}

impl From<Version> for rusqlite::types::Value {
    fn from(version: Version) -> Self {
        rusqlite::types::Value::Integer(version.0)
    }
}
