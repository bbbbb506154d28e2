//! A MIME header's parameters continued over several pieces (RFC 2231:
//! `filename*0*=ISO-2022-JP''%1B%24B…; filename*1*=…`). The pieces' bytes
//! are joined before they are decoded: a stateful charset such as
//! ISO-2022-JP switches to Japanese in one piece and back in another, so
//! decoding each piece alone garbles the name.

use encoding_rs::Encoding;

/// The value of parameter `name` of a header's raw value, when it is
/// written in numbered pieces; `None` when it is not (one piece, or
/// absent), and the parser's own reading stands.
pub fn continued(header: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(header);
    let mut pieces: Vec<(u32, bool, String)> = Vec::new();
    for param in split_params(&text).into_iter().skip(1) {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        let key = key.trim().to_ascii_lowercase();
        let Some(section) = key.strip_prefix(name).and_then(|k| k.strip_prefix('*')) else {
            continue;
        };
        let (number, encoded) = match section.strip_suffix('*') {
            Some(n) => (n, true),
            None => (section, false),
        };
        let Ok(number) = number.parse::<u32>() else {
            continue;
        };
        pieces.push((number, encoded, unquoted(value.trim())));
    }
    if pieces.is_empty() {
        return None;
    }
    pieces.sort_by_key(|p| p.0);
    let mut charset = None;
    let mut bytes = Vec::new();
    for (number, encoded, value) in &pieces {
        if !encoded {
            bytes.extend_from_slice(value.as_bytes());
            continue;
        }
        let mut data = value.as_str();
        if *number == 0 {
            // charset'language'data
            let mut parts = value.splitn(3, '\'');
            if let (Some(c), Some(_), Some(rest)) = (parts.next(), parts.next(), parts.next()) {
                charset = Some(c.to_string());
                data = rest;
            }
        }
        bytes.extend(super::charset::unescaped(data, b'%', false));
    }
    let encoding = charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    Some(encoding.decode_without_bom_handling(&bytes).0.into_owned())
}

/// `a; b="c;d"; e` into its parts, `;` inside quotes kept.
fn split_params(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out
}

fn unquoted(value: &str) -> String {
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stateful_charset_split_over_pieces_is_decoded_whole() {
        let header = "attachment;\r\n filename*0*=ISO-2022-JP''%1B%24%42%3F%37%24%37%24%24;\r\n filename*1*=%25%46%25%2D%25%39%25%48%1B%28%42%20%1B%24%42%25%49;\r\n filename*3=\".txt\";\r\n filename*2*=%25%2D%25%65%25%61%25%73%25%48%1B%28%42";
        let unfolded = header.replace("\r\n", "");
        assert_eq!(
            continued(unfolded.as_bytes(), "filename").as_deref(),
            Some("新しいテキスト ドキュメント.txt")
        );
    }

    #[test]
    fn one_piece_is_left_to_the_parser_and_nonsense_reads_without_panic() {
        assert_eq!(continued(b"attachment; filename=\"a.txt\"", "filename"), None);
        assert_eq!(continued(b"attachment; filename*=utf-8''a.txt", "filename"), None);
        assert_eq!(
            continued(b"inline; filename*0=\"we;ird\"; filename*1=%zz", "filename").as_deref(),
            Some("we;ird%zz")
        );
        assert_eq!(continued(b"; name*0*=%", "name").as_deref(), Some("%"));
    }
}
