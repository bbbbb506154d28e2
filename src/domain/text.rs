//! Making user text safe and tidy for a terminal. Everything a person typed
//! (subjects, names, comments) passes through here before it is printed, so
//! a subject can never move the cursor, retitle the window, write the
//! clipboard (OSC 52) or reorder the line (bidi overrides).

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Replacement for a character that must not reach the terminal.
const INERT: char = '\u{FFFD}';

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
        || is_tag(c)
        || is_blank_letter(c)
}

/// Unicode tag characters: invisible copies of ASCII that can hide words
/// (outside an emoji flag sequence, where they belong).
fn is_tag(c: char) -> bool {
    ('\u{E0000}'..='\u{E007F}').contains(&c)
}

/// Letters that draw nothing, so a subject of them looks blank.
fn is_blank_letter(c: char) -> bool {
    matches!(
        c,
        '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' | '\u{180E}'
    )
}

/// Line and paragraph separators: line breaks a terminal does not expect.
fn is_separator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// Characters that draw emoji: pictographs, dingbats, regional indicators.
fn is_pictographic(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}' | '\u{3030}' | '\u{303D}' | '\u{00A9}' | '\u{00AE}')
}

/// A grapheme cluster that draws one emoji (a family joined with ZWJ, a
/// flag made of tags, a skin tone): kept whole, never cut or neutralised.
fn is_emoji_sequence(g: &str) -> bool {
    g.chars().next().is_some_and(is_pictographic)
        && g.chars().count() > 1
        && g.chars()
            .all(|c| is_pictographic(c) || matches!(c, '\u{200D}' | '\u{FE0F}' | '\u{20E3}') || is_tag(c))
}

/// Characters a terminal may act on or hide, beyond ASCII controls: C1
/// controls, bidi overrides, invisible characters and line separators.
pub fn is_hazard(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9F}' | '\u{2028}' | '\u{2029}') || is_bidi_control(c) || is_invisible(c)
}

/// JSON text with every hazard written as a `\uXXXX` escape. It is the
/// same JSON (they only occur inside strings), but safe on a terminal.
pub fn escape_json_hazards(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_hazard(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The visible stand-in for a control character: C0 controls become their
/// Unicode control pictures (ESC shows as ␛), so people can see what was
/// pasted; C1 controls, bidi overrides and invisible characters become �.
fn neutralise(c: char) -> Option<char> {
    match c {
        '\t' => Some(' '),
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32),
        '\u{7F}' => Some('\u{2421}'),
        '\u{80}'..='\u{9F}' => Some(INERT),
        c if is_bidi_control(c) || is_invisible(c) => Some(INERT),
        c => Some(c),
    }
}

/// One line of inert text: line breaks become spaces. Works by grapheme
/// cluster, so an emoji sequence stays one emoji while a lone joiner or tag
/// shows as �.
pub fn inert_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for g in s.graphemes(true) {
        if is_emoji_sequence(g) {
            out.push_str(g);
            continue;
        }
        for c in g.chars() {
            let c = if is_separator(c) { ' ' } else { c };
            out.extend(neutralise(c));
        }
    }
    out
}

/// Inert text that keeps its line breaks (for bodies and replies).
pub fn inert_text(s: &str) -> String {
    s.split('\n')
        .map(|line| inert_line(line.strip_suffix('\r').unwrap_or(line)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Han, kana and Hangul: scripts written without spaces between words.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}'
        | '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}'
        | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

/// A Chinese character (a Han ideograph, not kana or Hangul).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Text as the search index sees it: every character of a script written
/// without spaces stands as a word of its own (`打印机卡纸` → `打 印 机 卡
/// 纸`), so any run of them is found as a phrase, wherever it stands, and
/// Latin words next to them (`登录VPN`) are words of their own.
pub fn search_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut spaced = true;
    for c in text.chars() {
        if is_unspaced_script(c) {
            if !spaced {
                out.push(' ');
            }
            out.push(c);
            out.push(' ');
            spaced = true;
        } else {
            out.push(c);
            spaced = c.is_whitespace();
        }
    }
    out
}

/// Characters that make a spreadsheet read a cell as a formula (or, for
/// tab and carriage return, shift it into one).
const FORMULA_STARTS: &[char] = &['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet shows as the text it is: one that would start a
/// formula gets a leading `'`, which spreadsheets hide. Numbers stay
/// numbers (a minus sign starts no formula there).
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(FORMULA_STARTS) && cell.trim().parse::<f64>().is_err();
    if formula {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The text a `spreadsheet_safe` cell stood for, so what went out through
/// a spreadsheet comes back exactly.
pub fn from_spreadsheet(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) && rest.trim().parse::<f64>().is_err() => rest,
        _ => cell,
    }
}

/// Display width in terminal cells (CJK counts two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// One line of inert text as rows of at most `cols` cells: broken at
/// spaces where it can be, and anywhere (between grapheme clusters) in a
/// word longer than a row or a run of Chinese, which has no spaces.
pub fn wrap_line(line: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    for word in line.split_word_bounds() {
        let w = width(word);
        if used + w <= cols {
            row.push_str(word);
            used += w;
            continue;
        }
        if word.trim().is_empty() {
            // A space at the end of a row is where it breaks.
            rows.push(std::mem::take(&mut row));
            used = 0;
            continue;
        }
        if w <= cols && used > 0 {
            rows.push(std::mem::take(&mut row));
            row.push_str(word);
            used = w;
            continue;
        }
        for g in word.graphemes(true) {
            let gw = width(g);
            if used + gw > cols && used > 0 {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            row.push_str(g);
            used += gw;
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// Cuts inert text to at most `max` cells, ending in … when cut. Never
/// splits a wide character or a grapheme cluster.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `fit` then pad with spaces to exactly `cells` cells.
pub fn fit_padded(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let pad = cells.saturating_sub(width(&out));
    out.extend(std::iter::repeat_n(' ', pad));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_wrap_at_spaces_and_chinese_anywhere_within_the_width() {
        assert_eq!(wrap_line("the quick brown fox", 10), ["the quick ", "brown fox"]);
        assert_eq!(wrap_line("打印机卡纸了请帮忙", 8), ["打印机卡", "纸了请帮", "忙"]);
        assert_eq!(wrap_line("abcdefghijkl", 5), ["abcde", "fghij", "kl"]);
        assert_eq!(wrap_line("", 5), [""]);
        for row in wrap_line(
            "Whole team cannot work since the upgrade of the VPN client 打印机卡纸",
            12,
        ) {
            assert!(width(&row) <= 12, "{row:?}");
        }
    }

    #[test]
    fn unspaced_scripts_become_one_word_per_character() {
        assert_eq!(search_words("打印机卡纸"), "打 印 机 卡 纸 ");
        assert_eq!(search_words("无法登录VPN now"), "无 法 登 录 VPN now");
        assert_eq!(search_words("VPN断开了"), "VPN 断 开 了 ");
        assert_eq!(search_words("ログイン できない"), "ロ グ イ ン  で き な い ");
        assert_eq!(search_words("plain words"), "plain words");
    }

    #[test]
    fn hidden_and_blank_text_is_shown_as_something() {
        // Tag characters spelling "evil" after a word.
        let tagged = "ok\u{E0065}\u{E0076}\u{E0069}\u{E006C}";
        assert_eq!(inert_line(tagged), "ok\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}");
        assert_eq!(inert_line("a\u{2028}b\u{2029}c"), "a b c");
        assert_eq!(inert_text("a\u{2028}b"), "a b");
        let fillers = "\u{3164}\u{3164}\u{115F}";
        assert!(inert_line(fillers).chars().all(|c| c == '\u{FFFD}'));
        assert!(
            width(&inert_line(fillers)) > 0,
            "a blank-looking subject takes room"
        );
        assert!(escape_json_hazards("a\u{2028}\u{E0041}").contains("\\u2028"));
    }

    #[test]
    fn emoji_sequences_stay_whole_and_two_cells_wide() {
        for emoji in [
            "👩\u{200D}💻",
            "👨\u{200D}👩\u{200D}👧",
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
            "❤\u{FE0F}",
            "🇩🇪",
        ] {
            let line = format!("{emoji} laptop");
            assert_eq!(inert_line(&line), line);
            assert_eq!(width(&line), 9, "{emoji:?}");
        }
        // Cut before the emoji, never through it.
        let cut = fit("ab👩\u{200D}💻cd", 4);
        assert_eq!(cut, "ab…");
        assert_eq!(fit("ab👩\u{200D}💻cd", 5), "ab👩\u{200D}💻…");
        // A joiner on its own still shows.
        assert_eq!(inert_line("a\u{200D}b"), "a\u{FFFD}b");
    }

    #[test]
    fn cells_that_would_start_a_formula_are_kept_as_text_and_come_back_exactly() {
        for cell in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let safe = spreadsheet_safe(cell);
            assert!(safe.starts_with('\''), "{cell:?}");
            assert_eq!(from_spreadsheet(&safe), cell);
        }
        for cell in ["Printer", "-20", "+3.5", "", "'quoted'", "a=b"] {
            assert_eq!(spreadsheet_safe(cell), cell);
            assert_eq!(from_spreadsheet(cell), cell);
        }
    }

    #[test]
    fn escape_sequences_become_visible_text() {
        assert_eq!(inert_line("a\x1b[2Jb"), "a␛[2Jb");
        assert_eq!(inert_line("\x1b]52;c;aGk=\x07"), "␛]52;c;aGk=␇");
        assert_eq!(inert_line("x\u{9b}31m"), "x\u{FFFD}31m");
        assert_eq!(inert_line("abc\u{202E}def"), "abc\u{FFFD}def");
        assert_eq!(inert_line("a\u{200B}b"), "a\u{FFFD}b");
        assert_eq!(inert_line("one\ntwo\r"), "one two ");
    }

    #[test]
    fn json_hazards_become_escapes_and_stay_json() {
        let json = serde_json::to_string(&"a\u{9b}b\u{202e}c").unwrap();
        let safe = escape_json_hazards(&json);
        assert_eq!(safe, "\"a\\u009bb\\u202ec\"");
        assert_eq!(
            serde_json::from_str::<String>(&safe).unwrap(),
            "a\u{9b}b\u{202e}c"
        );
    }

    #[test]
    fn inert_text_keeps_line_breaks_only() {
        assert_eq!(inert_text("a\r\nb\x1b"), "a\nb␛");
    }

    #[test]
    fn fitting_counts_cells_not_bytes() {
        assert_eq!(fit("打印机坏了", 6), "打印…");
        assert_eq!(width(&fit("打印机坏了", 6)), 5);
        assert_eq!(fit("printer", 7), "printer");
        assert_eq!(fit("printer", 5), "prin…");
        assert_eq!(fit_padded("打印机坏了", 6), "打印… ");
        assert_eq!(fit_padded("ab", 4), "ab  ");
    }
}
