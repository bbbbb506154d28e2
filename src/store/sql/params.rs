//! The values a statement is run with, however the call spells them
//! (`[id]`, `params![…]`, a list built at run time), as values either
//! backend can take.

use rusqlite::types::{ToSql, ToSqlOutput, Value};

use crate::store::error::{StoreError, StoreResult};

/// What a statement may be run with.
pub trait Params {
    fn values(self) -> StoreResult<Vec<Value>>;
}

fn value_of(param: &dyn ToSql) -> StoreResult<Value> {
    match param.to_sql()? {
        ToSqlOutput::Borrowed(v) => Ok(v.into()),
        ToSqlOutput::Owned(v) => Ok(v),
        _ => Err(StoreError::Invalid(
            "a value of a kind the desk does not store".into(),
        )),
    }
}

impl Params for [&(dyn ToSql + Send + Sync); 0] {
    fn values(self) -> StoreResult<Vec<Value>> {
        Ok(Vec::new())
    }
}

impl Params for &[&dyn ToSql] {
    fn values(self) -> StoreResult<Vec<Value>> {
        self.iter().map(|p| value_of(*p)).collect()
    }
}

impl Params for &[Value] {
    fn values(self) -> StoreResult<Vec<Value>> {
        Ok(self.to_vec())
    }
}

impl Params for Vec<Value> {
    fn values(self) -> StoreResult<Vec<Value>> {
        Ok(self)
    }
}

macro_rules! arrays {
    ($($n:literal)*) => {$(
        impl<T: ToSql> Params for [T; $n] {
            fn values(self) -> StoreResult<Vec<Value>> {
                self.iter().map(|p| value_of(p)).collect()
            }
        }
        impl<T: ToSql> Params for &[&T; $n] {
            fn values(self) -> StoreResult<Vec<Value>> {
                self.iter().map(|p| value_of(*p)).collect()
            }
        }
    )*};
}

arrays!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16);
