//! A saved view: a query kept under a name, for its owner or shared with
//! the team, with the sort and the number key it opens under in the app.

use serde::Serialize;

use super::query::Query;
use super::DomainError;

/// A view as kept in the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedView {
    pub name: String,
    pub query: String,
    pub sort: Option<String>,
    /// The number key (1–9) that opens it in the app.
    pub key: Option<u8>,
    /// Shared with the team, rather than its owner's own.
    pub shared: bool,
    pub owner: String,
}

impl SavedView {
    /// A view to keep: a name of up to 40 characters, a query that reads.
    /// `custom` are the desk's fields, which its query may name.
    pub fn checked(mut self, custom: &[super::custom_field::CustomField]) -> Result<SavedView, DomainError> {
        self.name = super::request::required_text("view name", &self.name)?;
        if self.name.chars().count() > 40 {
            return Err(DomainError::TooLong {
                field: "view name",
                chars: self.name.chars().count(),
                max: 40,
            });
        }
        Query::parse_with(&self.query, custom)
            .map_err(|e| DomainError::Rule(format!("the view's query: {e}")))?;
        if let Some(k) = self.key.filter(|k| !(1..=9).contains(k)) {
            return Err(DomainError::InvalidValue {
                field: "key",
                value: k.to_string(),
                valid: "1 to 9".into(),
            });
        }
        Ok(self)
    }
}
