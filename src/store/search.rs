//! Turning what a person types into the search box into an FTS5 query.

/// Each word becomes a quoted prefix term, all of which must match:
/// `printer vpn` → `"printer"* "vpn"*`. Quoting keeps FTS5 operators and
/// punctuation in the input from being read as query syntax.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split_whitespace()
        .map(|w| w.replace('"', ""))
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
