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

/// A search as FTS5 runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FtsQuery {
    /// The requests that match.
    Matching(String),
    /// Every request but those that match (a search of `-word`s only).
    Except(String),
    /// Text with no word in it (`*`, `(`): it is searched for as typed,
    /// and no request holds it as a word.
    Nothing,
}

/// One term of what a person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Term {
    /// A word, found by its start: `print` finds `printer`.
    Word(String),
    /// `"exact phrase"`: these words, in this order.
    Phrase(String),
    Or,
}

/// Splits the search box into words, `"phrases"`, `OR` and `-excluded`
/// terms. A quote left open, and characters that are not words (`*`,
/// `(`, a lone `-`), are read as text, which the index ignores.
fn terms(input: &str) -> Vec<(bool, Term)> {
    let mut out = Vec::new();
    let mut rest = input;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        let negated =
            rest.starts_with('-') && rest[1..].starts_with(|c: char| c.is_alphanumeric() || c == '"');
        if negated {
            rest = &rest[1..];
        }
        if let Some(inner) = rest.strip_prefix('"') {
            if let Some(end) = inner.find('"') {
                out.push((negated, Term::Phrase(inner[..end].to_string())));
                rest = &inner[end + 1..];
                continue;
            }
            // A quote never closed is text.
            rest = inner;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = rest[..end].replace('"', "");
        rest = &rest[end..];
        if word == "OR" && !negated {
            out.push((false, Term::Or));
        } else {
            out.push((negated, Term::Word(word)));
        }
    }
    out
}

/// How a search engine spells a query: FTS5 in a file, `tsquery` on a
/// server. Both get the same terms, so a search finds the same requests.
struct Syntax {
    /// A term's words (as `search_words` makes them) as a phrase, the last
    /// one a prefix when `prefix`.
    phrase: fn(&[&str], bool) -> String,
    and: &'static str,
    or: &'static str,
    not: &'static str,
}

const FTS5: Syntax = Syntax {
    phrase: |words, prefix| format!("\"{}\"{}", words.join(" "), if prefix { "*" } else { "" }),
    and: " AND ",
    or: " OR ",
    not: " NOT ",
};

/// PostgreSQL's `tsquery`: each word quoted (so nothing in it is read as
/// syntax), `<->` between the words of a phrase, `:*` for a prefix.
const TSQUERY: Syntax = Syntax {
    phrase: |words, prefix| {
        let quoted: Vec<String> = words
            .iter()
            .map(|w| format!("'{}'", w.replace('\\', "\\\\").replace('\'', "''")))
            .collect();
        format!("{}{}", quoted.join(" <-> "), if prefix { ":*" } else { "" })
    },
    and: " & ",
    or: " | ",
    not: " & !",
};

/// One term in `syntax`: its words as the index sees them; None when it
/// holds no word.
fn term_in(term: &Term, syntax: &Syntax) -> Option<String> {
    let (text, prefix) = match term {
        Term::Word(w) => (w, true),
        Term::Phrase(p) => (p, false),
        Term::Or => return None,
    };
    let words = search_words(text);
    if !words.chars().any(char::is_alphanumeric) {
        return None;
    }
    let words: Vec<&str> = words.split_whitespace().collect();
    Some((syntax.phrase)(&words, prefix))
}

/// What the search box says, as an FTS5 query: words are prefixes, all of
/// which must match (`printer vpn` → `"printer"* AND "vpn"*`);
/// `"exact phrase"`, `-word` to leave out and `OR` between terms work as
/// people expect. Han, kana and Hangul are indexed a character at a time,
/// so a run of them is a phrase of its characters: `卡纸` → `"卡 纸"*`
/// finds it inside `打印机卡纸`.
pub fn fts_query(input: &str) -> Option<FtsQuery> {
    query_in(input, &FTS5)
}

/// The same search as PostgreSQL's `tsquery` (`'printer':* & 'vpn':*`).
pub fn ts_query(input: &str) -> Option<FtsQuery> {
    query_in(input, &TSQUERY)
}

fn query_in(input: &str, syntax: &Syntax) -> Option<FtsQuery> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut excluded: Vec<String> = Vec::new();
    let mut or_next = false;
    for (negated, term) in terms(input) {
        if term == Term::Or {
            or_next = !groups.is_empty();
            continue;
        }
        let Some(text) = term_in(&term, syntax) else {
            continue;
        };
        if negated {
            excluded.push(text);
        } else if or_next {
            if let Some(last) = groups.last_mut() {
                last.push(text);
            }
            or_next = false;
        } else {
            groups.push(vec![text]);
        }
    }
    let either = |alternatives: &[String]| match alternatives {
        [one] => one.clone(),
        many => format!("({})", many.join(syntax.or)),
    };
    let wanted: Vec<String> = groups.iter().map(|g| either(g)).collect();
    match (wanted.is_empty(), excluded.is_empty()) {
        (true, true) if input.trim().is_empty() => None,
        (true, true) => Some(FtsQuery::Nothing),
        (true, false) => Some(FtsQuery::Except(either(&excluded))),
        (false, true) => Some(FtsQuery::Matching(wanted.join(syntax.and))),
        (false, false) => Some(FtsQuery::Matching(format!(
            "{}{}{}",
            wanted.join(syntax.and),
            syntax.not,
            either(&excluded)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matching(q: &str) -> Option<FtsQuery> {
        Some(FtsQuery::Matching(q.into()))
    }

    #[test]
    fn unspaced_scripts_become_phrases_of_their_characters() {
        assert_eq!(fts_query("卡纸"), matching("\"卡 纸\"*"));
        assert_eq!(fts_query("登录VPN vpn"), matching("\"登 录 VPN\"* AND \"vpn\"*"));
    }

    #[test]
    fn words_become_quoted_prefix_terms() {
        assert_eq!(fts_query("printer vpn"), matching("\"printer\"* AND \"vpn\"*"));
        assert_eq!(fts_query("  "), None);
    }

    #[test]
    fn phrases_exclusions_and_or() {
        assert_eq!(
            fts_query("\"paper jam\" tray"),
            matching("\"paper jam\" AND \"tray\"*")
        );
        assert_eq!(
            fts_query("printer -toner"),
            matching("\"printer\"* NOT \"toner\"*")
        );
        assert_eq!(
            fts_query("vpn OR wifi slow"),
            matching("(\"vpn\"* OR \"wifi\"*) AND \"slow\"*")
        );
        assert_eq!(
            fts_query("-printer"),
            Some(FtsQuery::Except("\"printer\"*".into()))
        );
        assert_eq!(
            fts_query("-printer -toner"),
            Some(FtsQuery::Except("(\"printer\"* OR \"toner\"*)".into()))
        );
    }

    #[test]
    fn lone_syntax_characters_are_text_never_an_error_or_everything() {
        for lone in ["\"", "*", "(", "-", ")", "OR", "\" \"", "- * ("] {
            assert_eq!(fts_query(lone), Some(FtsQuery::Nothing), "{lone:?}");
        }
        assert_eq!(fts_query("\"open quote"), matching("\"open\"* AND \"quote\"*"));
        assert_eq!(fts_query("vpn*"), matching("\"vpn*\"*"));
    }

    #[test]
    fn the_server_gets_the_same_search_as_a_tsquery() {
        assert_eq!(
            ts_query("vpn OR wifi \"paper jam\" -toner 卡纸"),
            matching("('vpn':* | 'wifi':*) & 'paper' <-> 'jam' & '卡' <-> '纸':* & !'toner':*")
        );
        assert_eq!(ts_query("it's"), matching("'it''s':*"));
        assert_eq!(ts_query("-printer"), Some(FtsQuery::Except("'printer':*".into())));
        assert_eq!(ts_query("*"), Some(FtsQuery::Nothing));
    }

    proptest! {
        #[test]
        fn any_input_gives_balanced_quotes(input in ".{0,60}") {
            if let Some(FtsQuery::Matching(q) | FtsQuery::Except(q)) = fts_query(&input) {
                prop_assert_eq!(q.matches('"').count() % 2, 0);
            }
        }
    }
}
