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

/// The longest file name most file systems take, in bytes.
const NAME_BYTES: usize = 255;

/// Characters that change how a name reads without being seen: bidi
/// overrides and isolates (`invoice\u{202e}fdp.exe` shows as
/// `invoiceexe.pdf`) and zero-width ones.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{061c}' | '\u{feff}')
}

/// A name a file can be saved under in a folder of the person's choosing,
/// whatever the name that came with it: no folders (`/`, `\\`), no
/// control or invisible characters, not hidden, never `.` or `..`, at
/// most 255 bytes with its extension kept.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|&c| !is_invisible(c))
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
        numbered_file_name(&cleaned, 1)
    }
}

/// The `n`th name to try for a file called `name` (a safe one) in a
/// folder that may hold it already: `notes.txt`, `notes (2).txt`, …,
/// shortened to fit 255 bytes with the number and extension kept.
pub fn numbered_file_name(name: &str, n: u32) -> String {
    let (stem, ext) = match name.rsplit_once('.') {
        // An "extension" as long as a name is part of the name.
        Some((s, e)) if !s.is_empty() && e.len() <= 16 => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    let number = if n > 1 { format!(" ({n})") } else { String::new() };
    let room = NAME_BYTES.saturating_sub(number.len() + ext.len());
    let mut end = stem.len().min(room);
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{number}{ext}", &stem[..end])
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
        assert_eq!(safe_file_name("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_eq!(safe_file_name("a\u{200b}b\u{2066}c\u{feff}.txt"), "abc.txt");
    }

    #[test]
    fn long_names_are_shortened_keeping_the_extension_and_number() {
        use super::{numbered_file_name, safe_file_name};
        let long = format!("{}.pdf", "发".repeat(200));
        let safe = safe_file_name(&long);
        assert!(
            safe.len() <= 255 && safe.rsplit_once('.').map(|p| p.1) == Some("pdf"),
            "{safe}"
        );
        assert_eq!(safe.chars().count(), 83 + 4);
        let second = numbered_file_name(&safe, 2);
        assert!(second.len() <= 255 && second.ends_with(" (2).pdf"), "{second}");
        assert_eq!(numbered_file_name("notes.txt", 2), "notes (2).txt");
        assert_eq!(numbered_file_name("README", 3), "README (3)");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(14 * 1024 + 100), "14 KB");
        assert_eq!(human_size(3_355_443), "3.2 MB");
    }
}
