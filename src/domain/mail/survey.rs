//! Reading the score out of the requester's answer to the satisfaction
//! survey (`Letter::survey`), however they wrote it:
//! `4`, `４`, `4分`, `五`, `4/5`, `满意度：4`, with a second number for
//! "would you recommend us" and the rest as their words.

use crate::domain::rating::Scores;

/// A number as the requester wrote it: ASCII or full-width digits, or a
/// Chinese numeral from 零 to 十.
fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn chinese_numeral(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        '十' => 10,
        _ => return None,
    })
}

/// One number found in the answer: its value and where it lies (in
/// characters), so the words around it can be kept as the comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Found {
    value: u32,
    start: usize,
    end: usize,
}

/// The numbers of `text` in order: runs of digits, and a Chinese numeral
/// that stands as a score (followed by 分 or 星, or alone between
/// punctuation and spaces) — so 一直 or 十分 in a sentence is a word, not
/// a score.
fn numbers(chars: &[char]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some(first) = digit_value(chars[i]) {
            let start = i;
            let mut value = first;
            i += 1;
            while i < chars.len() {
                let Some(d) = digit_value(chars[i]) else { break };
                value = value.saturating_mul(10).saturating_add(d);
                i += 1;
            }
            // A decimal (4.5) is read as its whole part.
            if i + 1 < chars.len() && chars[i] == '.' && digit_value(chars[i + 1]).is_some() {
                i += 1;
                while i < chars.len() && digit_value(chars[i]).is_some() {
                    i += 1;
                }
            }
            found.push(Found { value, start, end: i });
            continue;
        }
        if let Some(value) = chinese_numeral(chars[i]) {
            let before_ok = i == 0 || !is_word(chars[i - 1]);
            let next = chars.get(i + 1).copied();
            let scored = matches!(next, Some('分' | '星' | '颗'));
            let after_ok = next.is_none_or(|c| !is_word(c));
            // 十分 is "very": a score only when it is the whole answer.
            let very = chars[i] == '十' && next == Some('分') && chars.len() > 2;
            if before_ok && (scored || after_ok) && !very {
                found.push(Found {
                    value,
                    start: i,
                    end: i + 1,
                });
            }
        }
        i += 1;
    }
    found
}

/// A letter or ideograph: part of a word, unlike digits, punctuation and
/// spaces.
fn is_word(c: char) -> bool {
    c.is_alphabetic() && chinese_numeral(c).is_none()
}

/// What the requester's answer says: the first number from 1 to 5 is the
/// overall score (`4/5` is 4 of 5, not a recommend of 5); a number from 0
/// to 10 after it is how likely they are to recommend the desk; the rest
/// is their comment. None when there is no score in it.
pub fn read_answer(new_text: &str) -> Option<Scores> {
    let chars: Vec<char> = new_text.chars().collect();
    let found = numbers(&chars);
    let (at, overall) = found
        .iter()
        .enumerate()
        .find(|(_, f)| (1..=5).contains(&f.value))?;
    let mut used = vec![*overall];
    let mut rest = found[at + 1..].iter().peekable();
    // "4/5", "4 / 5", "4 of 5": the scale, not another answer.
    if let Some(next) = rest.peek() {
        let between: String = chars[overall.end..next.start].iter().collect();
        let between = between.trim().to_lowercase();
        if next.value == 5 && matches!(between.as_str(), "/" | "／" | "of" | "out of") {
            // The words between go with the scale.
            used.push(Found {
                start: overall.end,
                ..**next
            });
            rest.next();
        }
    }
    let recommend = rest.next().filter(|f| f.value <= 10).copied();
    used.extend(recommend);
    let mut comment = String::new();
    let mut from = 0;
    for f in &used {
        comment.extend(&chars[from..f.start]);
        from = f.end;
        // The unit that goes with a score: 4分, 5星.
        if chars.get(from).is_some_and(|c| matches!(c, '分' | '星' | '颗')) {
            from += 1;
        }
    }
    comment.extend(&chars[from..]);
    Some(Scores {
        overall: i64::from(overall.value),
        speed: None,
        quality: None,
        communication: None,
        recommend: recommend.map(|f| i64::from(f.value)),
        comment: Some(tidy_comment(&comment)).filter(|c| !c.is_empty()),
    })
}

/// The words left once the numbers are taken out, without the labels and
/// punctuation that stood around them (`满意度：`, `score:`, a leading
/// comma).
fn tidy_comment(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut t = joined.as_str();
    for label in [
        "满意度",
        "评分",
        "打分",
        "分数",
        "score",
        "Score",
        "rating",
        "Rating",
    ] {
        if let Some(rest) = t.trim_start().strip_prefix(label) {
            t = rest;
        }
    }
    let punctuation = |c: char| c.is_whitespace() || ",.;:!?/，。；：！？、／-".contains(c);
    t.trim_matches(punctuation).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (i64, Option<i64>, Option<String>) {
        let s = read_answer(text).unwrap_or_else(|| panic!("no score in {text:?}"));
        (s.overall, s.recommend, s.comment)
    }

    #[test]
    fn a_score_is_read_however_it_is_written() {
        assert_eq!(read("4"), (4, None, None));
        assert_eq!(read("４"), (4, None, None));
        assert_eq!(read("4分"), (4, None, None));
        assert_eq!(read("五"), (5, None, None));
        assert_eq!(read("4/5"), (4, None, None));
        assert_eq!(read("满意度：4"), (4, None, None));
        assert_eq!(read("5星"), (5, None, None));
        assert_eq!(read("Score: 3 out of 5"), (3, None, None));
    }

    #[test]
    fn the_rest_of_the_answer_is_the_comment_and_a_second_number_the_recommendation() {
        assert_eq!(
            read("４分，还可以但是等太久了"),
            (4, None, Some("还可以但是等太久了".into()))
        );
        assert_eq!(
            read("4 9 quick, but I had to call twice"),
            (4, Some(9), Some("quick, but I had to call twice".into()))
        );
        assert_eq!(read("2"), (2, None, None));
        assert_eq!(
            read("三分 推荐 6 等了一直没人回电话"),
            (3, Some(6), Some("推荐 等了一直没人回电话".into()))
        );
    }

    #[test]
    fn words_that_hold_numerals_are_not_scores() {
        assert_eq!(read_answer("thanks, all good now"), None);
        assert_eq!(read_answer("一直没人回电话"), None);
        assert_eq!(read_answer("十分满意"), None);
        // A number outside the scale is not a score; the next one is.
        assert_eq!(read("I waited 30 minutes, 3").0, 3);
    }
}
