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
    /// Where it is kept, and the event it came with.
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub event_id: i64,
}

/// A name a file can be saved under in a folder of the person's choosing,
/// whatever the name that came with it: no folders (`/`, `\\`), no
/// control characters, not hidden, never `.` or `..`.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c == '/' || c == '\\' {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "attachment".into()
    } else {
        cleaned
    }
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
    fn a_hostile_name_cannot_leave_the_folder() {
        use super::safe_file_name;
        assert_eq!(safe_file_name("../../.bashrc"), "_.._.bashrc");
        assert_eq!(safe_file_name(".."), "attachment");
        assert_eq!(safe_file_name("a\u{1b}[2Jb.pdf"), "a_[2Jb.pdf");
        assert_eq!(safe_file_name("C:\\x\\发票.pdf"), "C:_x_发票.pdf");
        assert_eq!(safe_file_name(".hidden"), "hidden");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(14 * 1024 + 100), "14 KB");
        assert_eq!(human_size(3_355_443), "3.2 MB");
    }
}
