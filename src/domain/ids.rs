//! The numbers that name things at the desk, each its own type so one
//! cannot be passed where the other is meant: a request's number (`#12`)
//! and the version a change was made against (the check that refuses a
//! stale edit). Both read and write as plain numbers (JSON, the CLI, the
//! database).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A request's number, as the desk shows it (`#12`) and every command
/// takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestId(pub i64);

/// How many changes a request has had: a change made against an older
/// one is refused as a conflict rather than overwriting what someone else
/// did meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Version(pub i64);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// `12` or `#12`, as people write a request's number.
impl FromStr for RequestId {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.trim().trim_start_matches('#');
        match digits.parse::<i64>() {
            Ok(n) if n > 0 => Ok(RequestId(n)),
            _ => Err(format!("'{text}' is not a request number (like 12 or #12)")),
        }
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().parse::<i64>() {
            Ok(n) if n >= 0 => Ok(Version(n)),
            _ => Err(format!(
                "'{text}' is not a version (a whole number, as `show` prints it)"
            )),
        }
    }
}

/// Comparing with a plain number, as tests and counts do.
impl PartialEq<i64> for RequestId {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

impl PartialEq<i64> for Version {
    fn eq(&self, other: &i64) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_number_reads_with_or_without_its_hash() {
        assert_eq!("12".parse::<RequestId>(), Ok(RequestId(12)));
        assert_eq!(" #7 ".parse::<RequestId>(), Ok(RequestId(7)));
        assert!("0".parse::<RequestId>().is_err());
        assert!("-3".parse::<RequestId>().is_err());
        assert!("twelve"
            .parse::<RequestId>()
            .unwrap_err()
            .contains("not a request number"));
    }

    #[test]
    fn both_write_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&RequestId(12)).unwrap(), "12");
        assert_eq!(serde_json::from_str::<Version>("3").unwrap(), Version(3));
        assert_eq!(format!("#{}", RequestId(12)), "#12");
    }
}
