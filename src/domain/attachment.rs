//! A file that came with a request or one of its messages.

use serde::{Deserialize, Serialize};

/// What is known of an attachment without its content. `kept` is false
/// when it was over the desk's size limit: then only its name and size
/// are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Its number on the request, from 1 in the order they arrived.
    pub number: i64,
    pub name: String,
    pub size: i64,
    pub content_type: String,
    pub kept: bool,
    /// The event it came with.
    #[serde(skip)]
    pub event_id: i64,
}

/// A size for people: `812 B`, `14 KB`, `3.2 MB`.
pub fn human_size(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KB {
        format!("{bytes} B")
    } else if b < KB * KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(14 * 1024 + 100), "14 KB");
        assert_eq!(human_size(3_355_443), "3.2 MB");
    }
}
