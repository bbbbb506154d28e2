//! Mail that does not say its charset, or says the wrong one: old Chinese
//! clients send raw GBK or Big5 in headers and bodies with no label, and
//! many programs label UTF-8 text as ISO-8859-1. Such text is read by the
//! charset it decodes in cleanly and plausibly, never left as mojibake.

use encoding_rs::{Encoding, BIG5, GB18030, SHIFT_JIS, WINDOWS_1252};

/// Whether a character is what CJK text is made of (ideographs, kana,
/// Hangul, their punctuation and full-width forms).
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Decodes without replacement, or None when the bytes are not valid in
/// the charset.
fn clean(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(std::borrow::Cow::into_owned)
}

/// Whether text read as Windows-1252 looks like a European language: its
/// accented letters are letters, one to three at a time inside words
/// (`Grüße`, `Köln`). Chinese bytes read that way give long runs with
/// signs among them (`´òÓ¡»ú`).
fn is_plausible_latin(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_ascii() {
            run = 0;
            continue;
        }
        run += 1;
        if run > 3 {
            return false;
        }
        if !c.is_alphabetic()
            && !matches!(
                c,
                '€' | '–'
                    | '—'
                    | '‘'
                    | '’'
                    | '“'
                    | '”'
                    | '…'
                    | '•'
                    | '°'
                    | '§'
                    | '£'
                    | '«'
                    | '»'
                    | '\u{a0}'
            )
        {
            return false;
        }
    }
    true
}

/// Text in bytes whose charset nobody named: UTF-8 if it is UTF-8;
/// Windows-1252 (which covers ISO-8859-1) if it reads as a European
/// language; else the CJK charset it decodes in to CJK text only
/// (GB18030 covers GB2312 and GBK); else Windows-1252 after all.
pub fn guess_text(bytes: &[u8]) -> String {
    match read_text(bytes) {
        Some((text, _)) => text,
        None => WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The text in `bytes` and the charset it was read as, when one reads it
/// plausibly (the order `guess_text` tries); None when none does.
pub fn read_text(bytes: &[u8]) -> Option<(String, &'static str)> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((text.to_string(), "UTF-8"));
    }
    let western = WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned();
    if is_plausible_latin(&western) {
        return Some((western, "Windows-1252"));
    }
    for (encoding, name) in [
        (GB18030, "GBK (GB18030)"),
        (BIG5, "Big5"),
        (SHIFT_JIS, "Shift_JIS"),
    ] {
        if let Some(text) = clean(encoding, bytes) {
            let non_ascii: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
            if !non_ascii.is_empty() && non_ascii.iter().all(|c| is_cjk(*c)) {
                return Some((text, name));
            }
        }
    }
    None
}

/// UTF-8 read as ISO-8859-1 or Windows-1252 (`GrÃ¼ÃŸe`) put right
/// (`Grüße`); any other text is returned as it is.
pub fn repair_mojibake(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
    if unmappable {
        return text.to_string();
    }
    match std::str::from_utf8(&bytes) {
        Ok(fixed) if fixed != text => fixed.to_string(),
        _ => text.to_string(),
    }
}

/// A header's raw value (unfolded), from a message's header block.
pub fn raw_header(raw: &[u8], name: &str) -> Option<Vec<u8>> {
    let end = find(raw, b"\r\n\r\n")
        .or_else(|| find(raw, b"\n\n"))
        .unwrap_or(raw.len());
    let head = &raw[..end];
    let mut value: Option<Vec<u8>> = None;
    for line in head.split(|b| *b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(v) = value.as_mut() {
            if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
                v.push(b' ');
                v.extend_from_slice(line.trim_ascii());
                continue;
            }
            break;
        }
        let Some(colon) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        if line[..colon].trim_ascii().eq_ignore_ascii_case(name.as_bytes()) {
            value = Some(line[colon + 1..].trim_ascii().to_vec());
        }
    }
    value
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Decodes the encoded words of a header (RFC 2047) with their bytes
/// joined first: mailers that cut a subject into words at a fixed length
/// split a Chinese character between two of them, which a word-by-word
/// decoder turns into `��`. Words of one charset next to each other (only
/// space between them) are one run of bytes.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    // The undecoded bytes of the run being joined, and its charset.
    let mut run: Option<(String, Vec<u8>)> = None;
    let mut pending_space = String::new();
    let flush = |run: &mut Option<(String, Vec<u8>)>, out: &mut String| {
        if let Some((charset, bytes)) = run.take() {
            let encoding = Encoding::for_label(charset.as_bytes()).unwrap_or(encoding_rs::UTF_8);
            out.push_str(&encoding.decode_without_bom_handling(&bytes).0);
        }
    };
    let mut rest = value;
    while let Some(c) = rest.chars().next() {
        if let Some((charset, bytes, used)) = encoded_word(rest) {
            match &mut run {
                Some((open, joined)) if open.eq_ignore_ascii_case(&charset) => joined.extend(bytes),
                // Space between encoded words is never text (RFC 2047).
                _ => {
                    flush(&mut run, &mut out);
                    run = Some((charset, bytes));
                }
            }
            pending_space.clear();
            rest = &rest[used..];
            continue;
        }
        if c.is_whitespace() && run.is_some() {
            pending_space.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push_str(&pending_space);
            pending_space.clear();
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    flush(&mut run, &mut out);
    out.push_str(&pending_space);
    out
}

/// The bytes of text whose bytes are written `<escape>XX` in hex (`=E5`
/// in an encoded word, `%E5` in a MIME parameter), `_` a space where
/// `underscore_is_space` (Q encoding); an escape that is not one stays.
pub(super) fn unescaped(data: &str, escape: u8, underscore_is_space: bool) -> Vec<u8> {
    let raw = data.as_bytes();
    let mut bytes = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'_', _) if underscore_is_space => bytes.push(b' '),
            (b, Some(byte)) if b == escape => {
                bytes.push(byte);
                i += 2;
            }
            (other, _) => bytes.push(other),
        }
        i += 1;
    }
    bytes
}

/// `=?charset?B|Q?text?=` at the start of `text`: its charset, its bytes,
/// and how much of `text` it took.
fn encoded_word(text: &str) -> Option<(String, Vec<u8>, usize)> {
    use base64::Engine;
    let body = text.strip_prefix("=?")?;
    let q1 = body.find('?')?;
    let after_charset = &body[q1 + 1..];
    let q2 = after_charset.find('?')?;
    let kind = &after_charset[..q2];
    let after_kind = &after_charset[q2 + 1..];
    let end = after_kind.find("?=")?;
    let data = &after_kind[..end];
    let used = 2 + q1 + 1 + q2 + 1 + end + 2;
    // RFC 2231 adds a language: `utf-8*zh`.
    let charset = body[..q1].split('*').next().unwrap_or("").to_string();
    if charset.is_empty() || data.contains(char::is_whitespace) {
        return None;
    }
    let bytes = match kind {
        "B" | "b" => base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(data.trim_end_matches('='))
            .ok()?,
        "Q" | "q" => unescaped(data, b'=', true),
        _ => return None,
    };
    Some((charset, bytes, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlabelled_chinese_is_read_in_its_own_charset() {
        let gbk = GB18030.encode("打印机坏了，请帮忙").0;
        assert_eq!(guess_text(&gbk), "打印机坏了，请帮忙");
        let big5 = BIG5.encode("印表機無法列印").0;
        assert_eq!(guess_text(&big5), "印表機無法列印");
        let latin = WINDOWS_1252.encode("Grüße aus Köln").0;
        assert_eq!(guess_text(&latin), "Grüße aus Köln", "not read as Chinese");
        assert_eq!(guess_text("déjà vu".as_bytes()), "déjà vu");
        let french = WINDOWS_1252.encode("Problème d’accès – « urgent »").0;
        assert_eq!(guess_text(&french), "Problème d’accès – « urgent »");
        let two = GB18030.encode("中文").0;
        assert_eq!(guess_text(&two), "中文");
    }

    #[test]
    fn utf8_read_as_latin1_is_put_right_and_real_latin1_is_left() {
        assert_eq!(repair_mojibake("GrÃ¼ÃŸe"), "Grüße");
        assert_eq!(repair_mojibake("Grüße"), "Grüße");
        assert_eq!(repair_mojibake("打印机"), "打印机");
        assert_eq!(repair_mojibake("plain"), "plain");
    }

    #[test]
    fn a_character_split_between_encoded_words_is_joined() {
        // 打 is E6 89 93: cut after two bytes, as some mailers cut.
        assert_eq!(decode_words("=?UTF-8?B?5ok=?= =?UTF-8?B?kw==?= ok"), "打 ok");
        assert_eq!(
            decode_words("=?gb2312?B?tPLTobv6?=\r\n =?gb2312?B?v6jWvQ==?="),
            "打印机卡纸"
        );
        assert_eq!(
            decode_words("Re: =?utf-8?q?caf=C3=A9_au_lait?= [#3]"),
            "Re: café au lait [#3]"
        );
        assert_eq!(
            decode_words("=?iso-8859-1?Q?a?= =?utf-8?Q?=C3=A9?="),
            "aé",
            "charsets apart"
        );
        assert_eq!(decode_words("no words here =? ?="), "no words here =? ?=");
    }

    #[test]
    fn a_raw_header_is_unfolded() {
        let raw = b"From: a@b\r\nSubject: one\r\n two\r\nX: y\r\n\r\nSubject: body";
        assert_eq!(raw_header(raw, "subject").as_deref(), Some(&b"one two"[..]));
        assert_eq!(raw_header(raw, "missing"), None);
    }
}
