//! Answers: the knowledge base a desk grows from its resolved requests —
//! what to tell the fortieth person who asks how to reset a VPN token —
//! found by their words (Chinese inside words too) and counted each time
//! one goes into a reply.

use serde::Serialize;

use super::duplicates::{likeness, subject_words};
use super::request::required_text;
use super::{DomainError, RequestId};

/// An answer as kept in the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub number: i64,
    pub title: String,
    pub body: String,
    /// The resolved request it was taken from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<RequestId>,
    /// How many replies it went into.
    pub uses: i64,
}

/// A title and body, trimmed and checked.
pub fn checked(title: &str, body: &str) -> Result<(String, String), DomainError> {
    let title = required_text("title", title)?;
    let body = body.trim().to_string();
    if body.is_empty() {
        return Err(DomainError::Rule(
            "an answer needs its text (--body TEXT, or --from ID)".into(),
        ));
    }
    super::request::check_length("body", &body)?;
    Ok((title, body))
}

/// Whether every word of `query` is in the answer's title or text (any
/// case; a word of Chinese, Japanese or Korean inside a longer one too).
pub fn matches(a: &Answer, query: &str) -> bool {
    let text = format!("{} {}", a.title, a.body).to_lowercase();
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    !words.is_empty() && words.iter().all(|w| text.contains(w.as_str()))
}

/// The answers that speak to a request about `subject`, best first: those
/// sharing half its words or more.
pub fn offered_for<'a>(subject: &str, answers: &'a [Answer]) -> Vec<&'a Answer> {
    let words = subject_words(subject);
    let mut found: Vec<(f64, &Answer)> = answers
        .iter()
        .map(|a| (likeness(&words, &format!("{} {}", a.title, a.body)), a))
        .filter(|(l, _)| *l >= 0.5)
        .collect();
    found.sort_by(|(la, a), (lb, b)| lb.total_cmp(la).then(b.uses.cmp(&a.uses)));
    found.into_iter().map(|(_, a)| a).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(number: i64, title: &str, body: &str, uses: i64) -> Answer {
        Answer {
            number,
            title: title.into(),
            body: body.into(),
            source: None,
            uses,
        }
    }

    #[test]
    fn words_match_anywhere_in_title_or_text_chinese_inside_words_too() {
        let a = answer(1, "Reset a VPN token", "Open 令牌管理 and press Reset.", 0);
        assert!(matches(&a, "vpn reset"));
        assert!(matches(&a, "令牌"));
        assert!(!matches(&a, "printer"));
        assert!(!matches(&a, "  "));
    }

    #[test]
    fn a_requests_subject_is_offered_the_answers_that_speak_to_it() {
        let all = [
            answer(1, "Reset a VPN token", "Open the token page.", 3),
            answer(2, "Printer jams", "Open tray 2.", 9),
        ];
        let offered = offered_for("VPN token expired", &all);
        assert_eq!(offered.iter().map(|a| a.number).collect::<Vec<_>>(), [1]);
        assert!(checked("t", " ").is_err());
    }
}
