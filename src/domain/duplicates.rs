//! Possible duplicates at intake: the same requester's open requests, and
//! open requests whose subject shares most of the new one's words. Only
//! offered — nothing is merged by itself.

use std::collections::BTreeSet;

use serde::Serialize;

use super::time::short_duration;
use super::RequestId;

/// At most this many are offered.
pub const OFFERED: usize = 3;

/// Words too common to say two subjects are about the same thing.
const COMMON: &[&str] = &[
    "a", "an", "and", "are", "at", "be", "can", "cannot", "cant", "does", "doesn", "for", "from", "has",
    "have", "in", "is", "it", "my", "no", "not", "of", "on", "or", "our", "please", "the", "to", "was", "we",
    "with", "won", "work", "working",
];

/// An open request the new one may repeat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PossibleDuplicate {
    pub id: RequestId,
    pub subject: String,
    pub requester: String,
    #[serde(with = "super::time::rfc3339")]
    pub created_at: i64,
    /// The share of the new subject's words it shares (0 to 1).
    pub likeness: f64,
}

impl PossibleDuplicate {
    /// "#12 VPN down, ana, 2h ago"
    pub fn line(&self, now: i64) -> String {
        format!(
            "#{} {}, {}, {} ago",
            self.id,
            self.subject,
            self.requester,
            short_duration((now - self.created_at).max(0))
        )
    }
}

/// What a subject is about: its words (lowercase, two letters or more,
/// common ones left out), and each pair of characters of a run of Chinese,
/// Japanese or Korean (which has no spaces between words).
pub fn subject_words(subject: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let lower = subject.to_lowercase();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut BTreeSet<String>| {
        match cjk.len() {
            0 => {}
            1 => {
                out.insert(cjk[0].to_string());
            }
            _ => {
                for pair in cjk.windows(2) {
                    out.insert(pair.iter().collect());
                }
            }
        }
        cjk.clear();
    };
    let flush_word = |word: &mut String, out: &mut BTreeSet<String>| {
        if word.chars().count() >= 2 && !COMMON.contains(&word.as_str()) {
            out.insert(word.clone());
        }
        word.clear();
    };
    for c in lower.chars() {
        if super::text::is_unspaced_script(c) {
            flush_word(&mut word, &mut out);
            cjk.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut cjk, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut cjk, &mut out);
    out
}

/// The share of `new`'s words `other` has too.
pub fn likeness(new: &BTreeSet<String>, other: &str) -> f64 {
    if new.is_empty() {
        return 0.0;
    }
    let other = subject_words(other);
    new.intersection(&other).count() as f64 / new.len() as f64
}

/// A search for any of the subject's words (`vpn OR drops`), to find
/// candidates with the desk's own search.
pub fn search_for(subject: &str) -> Option<String> {
    let words = subject_words(subject);
    (!words.is_empty()).then(|| words.into_iter().collect::<Vec<_>>().join(" OR "))
}

/// The ones to offer, best first: alike in subject (half the words or
/// more) and from the same requester first, then alike, then the same
/// requester's other open requests; each once, at most `OFFERED`.
pub fn offered(
    subject: &str,
    requester: &str,
    candidates: impl IntoIterator<Item = PossibleDuplicate>,
) -> Vec<PossibleDuplicate> {
    let words = subject_words(subject);
    let mut scored: Vec<(u8, PossibleDuplicate)> = Vec::new();
    for mut c in candidates {
        if scored.iter().any(|(_, s)| s.id == c.id) {
            continue;
        }
        c.likeness = likeness(&words, &c.subject);
        let same = c.requester.eq_ignore_ascii_case(requester.trim());
        let alike = c.likeness >= 0.5;
        let rank = match (alike, same) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => continue,
        };
        scored.push((rank, c));
    }
    scored.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then(b.likeness.total_cmp(&a.likeness))
            .then(b.created_at.cmp(&a.created_at))
    });
    scored.into_iter().map(|(_, c)| c).take(OFFERED).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(id: i64, subject: &str, requester: &str, created_at: i64) -> PossibleDuplicate {
        PossibleDuplicate {
            id: RequestId(id),
            subject: subject.into(),
            requester: requester.into(),
            created_at,
            likeness: 0.0,
        }
    }

    #[test]
    fn words_leave_out_the_common_ones_and_pair_chinese_characters() {
        let w: Vec<String> = subject_words("The VPN does not work on my laptop")
            .into_iter()
            .collect();
        assert_eq!(w, ["laptop", "vpn"]);
        let w: Vec<String> = subject_words("打印机卡纸 again").into_iter().collect();
        assert_eq!(w, ["again", "卡纸", "印机", "打印", "机卡"]);
        assert_eq!(search_for("VPN drops"), Some("drops OR vpn".into()));
        assert_eq!(search_for("the a"), None);
    }

    #[test]
    fn alike_and_same_requester_come_first_and_strangers_unlike_not_at_all() {
        let found = offered(
            "VPN drops every hour",
            "Ana",
            [
                candidate(1, "Printer jams", "ana", 10),
                candidate(2, "VPN drops", "ben", 20),
                candidate(3, "vpn drops hourly", "ana", 5),
                candidate(4, "Outlook slow", "cy", 30),
                candidate(2, "VPN drops", "ben", 20),
            ],
        );
        let ids: Vec<i64> = found.iter().map(|c| c.id.0).collect();
        assert_eq!(ids, [3, 2, 1]);
        assert_eq!(found[1].line(20 + 7200), "#2 VPN drops, ben, 2h 00m ago");
        let chinese = offered(
            "打印机卡纸",
            "李娜",
            [candidate(9, "三楼打印机又卡纸了", "王芳", 1)],
        );
        assert_eq!(chinese.len(), 1, "{chinese:?}");
    }
}
