//! A WHERE clause built up condition by condition, each `?` numbered as
//! its value is added, so no query numbers its placeholders by hand (and
//! a backend with other placeholders changes one function).

use rusqlite::types::Value;

#[derive(Debug, Clone, Default)]
pub(super) struct Conditions {
    clauses: Vec<String>,
    values: Vec<Value>,
}

impl Conditions {
    /// Adds `clause`, in which each bare `?` stands for the next of
    /// `values` (a numbered `?3` already made by `param` is left alone).
    pub fn and(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        let mut values = values.into_iter();
        let mut numbered = String::with_capacity(clause.len() + 8);
        let mut chars = clause.chars().peekable();
        while let Some(c) = chars.next() {
            let bare = c == '?' && !chars.peek().is_some_and(char::is_ascii_digit);
            match if bare { values.next() } else { None } {
                Some(value) => numbered.push_str(&self.param(value)),
                None => numbered.push(c),
            }
        }
        self.clauses.push(numbered);
    }

    /// A placeholder for one more value, for use outside the conditions
    /// (a LIMIT, an expression in the select list).
    pub fn param(&mut self, value: Value) -> String {
        self.values.push(value);
        format!("?{}", self.values.len())
    }

    /// ` WHERE a AND b`, or nothing when there is no condition.
    pub fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// No condition at all.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }
}

/// `?` repeated `n` times, comma-separated: the places of an `IN` list.
pub(super) fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_the_order_values_come() {
        let mut c = Conditions::default();
        assert_eq!(c.where_sql(), "");
        c.and(
            &format!("r.status IN ({})", marks(2)),
            [Value::Text("new".into()), Value::Text("open".into())],
        );
        c.and("r.escalation_level > 0", []);
        let limit = c.param(Value::Integer(50));
        c.and(
            "r.due_at <= ? AND r.risk_at <= ?",
            [Value::Integer(7), Value::Integer(8)],
        );
        c.and(&format!("r.id > {limit}"), []);
        assert_eq!(
            c.where_sql(),
            " WHERE r.status IN (?1, ?2) AND r.escalation_level > 0 AND r.due_at <= ?4 AND r.risk_at <= ?5 AND r.id > ?3"
        );
        assert_eq!(c.values().len(), 5);
        assert_eq!(c.values()[2], Value::Integer(50));
    }
}
