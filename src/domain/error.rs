use thiserror::Error;

/// A rule of the help desk was broken by the values given.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum DomainError {
    #[error("invalid {field} '{value}' (valid: {valid})")]
    InvalidValue {
        field: &'static str,
        value: String,
        valid: String,
    },
    #[error("cannot move a request from {from} to {to}; from {from} it can go to: {allowed}")]
    IllegalTransition {
        from: &'static str,
        to: &'static str,
        allowed: String,
    },
    #[error("{field} is too long ({chars} characters, at most {max})")]
    TooLong {
        field: &'static str,
        chars: usize,
        max: usize,
    },
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{0}")]
    Rule(String),
}
