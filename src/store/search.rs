//! Turning what a person types into the search box into an FTS5 query.

use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;

use crate::domain::text::search_words;

/// The name the search index's triggers call `search_words` by.
pub const SEARCH_WORDS_FUNCTION: &str = "frontdesk_search_words";

/// Makes `search_words` callable from SQL on this connection. The file's
/// own triggers call it, so it is marked innocuous: it only reshapes text
/// (the connection trusts nothing else the file asks it to run).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        SEARCH_WORDS_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| search_words(&t)))
        },
    )
}

/// Each word becomes a quoted prefix term, all of which must match:
/// `printer vpn` → `"printer"* "vpn"*`. Quoting keeps FTS5 operators and
/// punctuation in the input from being read as query syntax. Han, kana
/// and Hangul are indexed a character at a time, so a word holding them is
/// a phrase of its characters: `卡纸` → `"卡 纸"*` finds it inside
/// `打印机卡纸`.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split_whitespace()
        .map(|w| w.replace('"', ""))
        .map(|w| search_words(&w).split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    if terms.is_empty() {
        None
    } else {
        Some(terms.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn unspaced_scripts_become_phrases_of_their_characters() {
        assert_eq!(fts_query("卡纸").as_deref(), Some("\"卡 纸\"*"));
        assert_eq!(
            fts_query("登录VPN vpn").as_deref(),
            Some("\"登 录 VPN\"* \"vpn\"*")
        );
    }

    #[test]
    fn words_become_quoted_prefix_terms() {
        assert_eq!(fts_query("printer vpn").as_deref(), Some("\"printer\"* \"vpn\"*"));
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("a\"b OR c").as_deref(), Some("\"ab\"* \"OR\"* \"c\"*"));
    }

    proptest! {
        #[test]
        fn any_input_gives_balanced_quotes(input in ".{0,60}") {
            if let Some(q) = fts_query(&input) {
                prop_assert_eq!(q.matches('"').count() % 2, 0);
            }
        }
    }
}
