//! What unhappy requesters say: the words and short phrases the comments
//! of low ratings and the reasons requests were reopened share most.
//! Chinese is written without spaces, so its themes are runs of two to
//! six characters (响应慢, 等太久, 没人回电话), and a run that starts or
//! ends with a particle (了, 的, 吗) is not a theme of its own; a part of a
//! longer theme (人回 of 没人回电话) is one only when it is said well
//! beyond it. Words every subject uses (the desk's printers, its VPN) say what
//! the request was about, not what went wrong, and are left out.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::Window;
use crate::domain::ids::RequestId;
use crate::domain::text::is_han;

/// One comment to read: a low rating's, or a reopened request's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub request: RequestId,
    pub text: String,
    /// From a low rating (1–3), rather than a reopen.
    pub low_rating: bool,
    /// The category, department or team it is split by, when asked.
    pub group: Option<String>,
}

/// A theme: how many comments say it, the share of the low ratings it
/// appears in, and up to three requests that say it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Theme {
    pub theme: String,
    pub count: usize,
    /// Percent of the low ratings (with or without a comment).
    pub share_of_low: Option<f64>,
    pub examples: Vec<RequestId>,
}

/// The most shared themes first (ties: the longer, then in text order).
pub const SHOWN: usize = 15;
/// Said by fewer comments than this, a phrase is one person's, not a theme.
const AT_LEAST: usize = 2;
const LONGEST_RUN: usize = 6;

const ENGLISH_STOP: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "got", "had",
    "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "my",
    "of", "on", "once", "one", "or", "our", "out", "she", "so", "still", "than", "that", "the", "their",
    "them", "then", "there", "they", "this", "to", "too", "up", "us", "very", "was", "we", "were", "what",
    "when", "which", "while", "who", "will", "with", "would", "you", "your", "ok", "okay", "thanks", "thank",
    "please", "whether", "because", "since", "only", "even", "much", "more", "some", "other",
];

/// Characters that do not begin or end a Chinese theme: particles,
/// pronouns and the like.
const CHINESE_EDGE: &str = "了的吗呢啊吧呀哦嘛很也都就还是我你他她它们这那在和与及又但而却把被给让";

/// The terms a text says, each once: English words and two-word phrases
/// (stop-words left out), Chinese runs of two to six characters.
fn terms(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let lower = text.to_lowercase();
    // English: words of letters, and pairs of neighbouring ones within a
    // clause (punctuation ends a phrase).
    for clause in lower.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c.is_whitespace()) || is_han(c))
    {
        let mut previous: Option<&str> = None;
        for word in clause.split_whitespace() {
            let word = word.trim_matches('\'');
            let keep = word.chars().count() >= 3
                && word.chars().all(char::is_alphabetic)
                && !ENGLISH_STOP.contains(&word);
            if !keep {
                previous = None;
                continue;
            }
            out.insert(word.to_string());
            if let Some(p) = previous {
                out.insert(format!("{p} {word}"));
            }
            previous = Some(word);
        }
    }
    // Chinese: every run of two to four characters within a stretch of
    // Han, not beginning or ending with a particle.
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !is_han(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_han(chars[i]) {
            i += 1;
        }
        let stretch = &chars[start..i];
        let edge = |c: &char| CHINESE_EDGE.contains(*c);
        for from in 0..stretch.len() {
            for len in 2..=LONGEST_RUN {
                let Some(run) = stretch.get(from..from + len) else {
                    break;
                };
                if run.first().is_some_and(edge) || run.last().is_some_and(edge) {
                    continue;
                }
                // Two characters from the middle of a stretch are as often
                // the ends of two words (人回 of 没人回电话) as a word: a
                // pair counts where it begins or ends a stretch or meets a
                // particle (电话。, 没人回…).
                let bounded = from == 0
                    || from + len == stretch.len()
                    || stretch.get(from - 1).is_some_and(edge)
                    || stretch.get(from + len).is_some_and(edge);
                if len == 2 && !bounded {
                    continue;
                }
                out.insert(run.iter().collect());
            }
        }
    }
    out
}

/// Whether `short` is part of `long`: a word of a phrase, or a run within
/// a longer run.
fn within(short: &str, long: &str) -> bool {
    if short.len() >= long.len() {
        return false;
    }
    if long.contains(' ') {
        long.split(' ').any(|w| w == short)
    } else {
        long.contains(short)
    }
}

/// The themes `comments` share, most said first. `subjects` are the
/// subjects of the desk's requests in the same span: a term that is in at
/// least one in fifty of them (and three) is what requests are about, not
/// a complaint, and is left out.
pub fn themes(comments: &[Comment], subjects: &[String], low_ratings: usize) -> Vec<Theme> {
    let mut about: HashMap<String, usize> = HashMap::new();
    for s in subjects {
        for t in terms(s) {
            *about.entry(t).or_default() += 1;
        }
    }
    let common = |t: &str| about.get(t).is_some_and(|&n| n >= 3 && n * 50 >= subjects.len());
    // For each term: the comments that say it, in order.
    let mut said: HashMap<String, Vec<&Comment>> = HashMap::new();
    for c in comments {
        for t in terms(&c.text) {
            if !common(&t) {
                said.entry(t).or_default().push(c);
            }
        }
    }
    let mut found: Vec<(String, Vec<&Comment>)> =
        said.into_iter().filter(|(_, cs)| cs.len() >= AT_LEAST).collect();
    // A word or run said little more often than a longer theme holding
    // it is that theme (人回 is mostly 没人回电话): longest first, each
    // part goes unless it is said half as often again as a kept whole.
    found.sort_by_key(|(t, _)| std::cmp::Reverse(t.chars().count()));
    let mut kept: Vec<(String, Vec<&Comment>)> = Vec::new();
    for (t, cs) in found {
        let explained = kept
            .iter()
            .any(|(whole, by)| within(&t, whole) && cs.len() * 2 <= by.len() * 3);
        if !explained {
            kept.push((t, cs));
        }
    }
    let mut found = kept;
    found.sort_by(|(a, x), (b, y)| {
        y.len()
            .cmp(&x.len())
            .then(b.chars().count().cmp(&a.chars().count()))
            .then(a.cmp(b))
    });
    found
        .into_iter()
        .take(SHOWN)
        .map(|(theme, cs)| {
            let low = cs.iter().filter(|c| c.low_rating).count();
            let mut examples: Vec<RequestId> = Vec::new();
            for c in &cs {
                if !examples.contains(&c.request) && examples.len() < 3 {
                    examples.push(c.request);
                }
            }
            Theme {
                count: cs.len(),
                share_of_low: super::share(low as u64, low_ratings as u64),
                examples,
                theme,
            }
        })
        .collect()
}

/// The themes of a span: overall, and for each group when split.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeReport {
    pub window: Window,
    pub low_ratings: usize,
    pub reopened: usize,
    pub themes: Vec<Theme>,
    pub group_by: Option<String>,
    pub groups: Vec<GroupThemes>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupThemes {
    pub name: String,
    pub low_ratings: usize,
    pub themes: Vec<Theme>,
}

/// The themes of `comments` (a low rating without words is a comment with
/// no text: it counts as a low rating and says nothing), split by their
/// group when `group_by` names one.
pub fn theme_report(
    window: Window,
    comments: &[Comment],
    subjects: &[String],
    group_by: Option<&str>,
) -> ThemeReport {
    let lows = |cs: &[Comment]| cs.iter().filter(|c| c.low_rating).count();
    let mut groups = Vec::new();
    if group_by.is_some() {
        let mut names: Vec<String> = comments
            .iter()
            .map(|c| c.group.clone().unwrap_or_else(|| "(none)".into()))
            .collect();
        names.sort();
        names.dedup();
        for name in names {
            let mine: Vec<Comment> = comments
                .iter()
                .filter(|c| c.group.as_deref().unwrap_or("(none)") == name)
                .cloned()
                .collect();
            groups.push(GroupThemes {
                low_ratings: lows(&mine),
                themes: themes(&mine, subjects, lows(&mine)),
                name,
            });
        }
    }
    ThemeReport {
        window,
        low_ratings: lows(comments),
        reopened: comments.iter().filter(|c| !c.low_rating).count(),
        themes: themes(comments, subjects, lows(comments)),
        group_by: group_by.map(str::to_string),
        groups,
    }
}

/// The top themes in a line, for the scores pane: `响应慢 12 · 没人回电话 5`.
pub fn in_a_line(themes: &[Theme], most: usize) -> String {
    themes
        .iter()
        .take(most)
        .map(|t| format!("{} {}", t.theme, t.count))
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn low(id: i64, text: &str) -> Comment {
        Comment {
            request: RequestId(id),
            text: text.into(),
            low_rating: true,
            group: None,
        }
    }

    #[test]
    fn the_phrase_most_comments_share_is_the_first_theme_chinese_included() {
        let tails = [
            "问题还在",
            "打了好几次电话",
            "最后解决了",
            "",
            "一直没消息",
            "还可以",
            "下次快点",
        ];
        let mut comments: Vec<Comment> = (1..=7)
            .map(|i| low(i, &format!("等太久了，{}", tails[i as usize - 1])))
            .collect();
        comments.push(low(8, "响应慢"));
        comments.push(low(9, "响应慢，没人回电话"));
        comments.push(low(10, "Passed around between teams."));
        comments.push(low(11, "I was passed around, then waited."));
        let found = themes(&comments, &[], 12);
        assert_eq!(found[0].theme, "等太久");
        assert_eq!(found[0].count, 7);
        assert_eq!(found[0].examples, [RequestId(1), RequestId(2), RequestId(3)]);
        let share = found[0].share_of_low.unwrap();
        assert!((share - 58.3).abs() < 0.1, "{share}");
        let names: Vec<&str> = found.iter().map(|t| t.theme.as_str()).collect();
        assert!(
            names.contains(&"响应慢") && names.contains(&"passed around"),
            "{names:?}"
        );
        // Parts of a phrase said as often are not themes of their own.
        assert!(
            !names.contains(&"等太") && !names.contains(&"太久") && !names.contains(&"passed"),
            "{names:?}"
        );
        // A particle does not end a theme.
        assert!(!names.contains(&"等太久了"), "{names:?}");
        // Two characters from the middle of phrases are not a word.
        let fragments = [low(1, "没人回电话"), low(2, "才有人回复"), low(3, "没人回电话")];
        let found = themes(&fragments, &[], 3);
        let names: Vec<&str> = found.iter().map(|t| t.theme.as_str()).collect();
        assert!(
            !names.contains(&"人回") && names.contains(&"没人回电话"),
            "{names:?}"
        );
    }

    #[test]
    fn what_the_desks_requests_are_about_is_not_a_complaint() {
        let comments = vec![
            low(1, "printer still jams, waited long"),
            low(2, "the printer jams; waited long"),
        ];
        let subjects: Vec<String> = (0..10).map(|i| format!("Printer {i} jams")).collect();
        let found = themes(&comments, &subjects, 2);
        let names: Vec<&str> = found.iter().map(|t| t.theme.as_str()).collect();
        assert_eq!(names, ["waited long"]);
    }
}
