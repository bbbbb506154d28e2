//! Where a message belongs: the request tag a subject carries (`[#123]`),
//! the subject without the prefixes mail clients add in many languages,
//! and the subject a reply from the desk is sent under.

/// Prefixes mail clients put before a subject when answering or
/// forwarding: English, German, Nordic, Dutch, Chinese and others.
const PREFIXES: &[&str] = &[
    "re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "doorst", "rif", "r", "res", "enc", "tr", "odp",
    "回复", "答复", "回覆", "答覆", "转发", "轉寄", "转寄", "轉發",
];

/// The request a subject names with its tag, `[#123]`, wherever it
/// stands (clients add "Re:", "AW:" or "回复:" before it).
pub fn request_tag(subject: &str) -> Option<crate::domain::RequestId> {
    let mut rest = subject;
    while let Some(start) = rest.find("[#") {
        let after = &rest[start + 2..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with(']') {
            if let Ok(id) = digits.parse() {
                return Some(id);
            }
        }
        rest = after;
    }
    None
}

/// The subject as the requester meant it: without reply and forward
/// prefixes (any number, with `:` or the full-width `：`) and without
/// the request tag.
pub fn plain_subject(subject: &str) -> String {
    let mut text = without_tag(subject).trim().to_string();
    while let Some(rest) = without_prefix(&text) {
        text = rest.trim_start().to_string();
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn without_tag(subject: &str) -> String {
    let mut out = String::with_capacity(subject.len());
    let mut rest = subject;
    while let Some(start) = rest.find("[#") {
        let after = &rest[start + 2..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        out.push_str(&rest[..start]);
        if digits > 0 && after[digits..].starts_with(']') {
            rest = &after[digits + 1..];
        } else {
            out.push_str("[#");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `Re: x` → `x`; also `RE[2]: x` as some clients count.
fn without_prefix(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for prefix in PREFIXES {
        if !lower.starts_with(prefix) {
            continue;
        }
        let mut rest = &text[prefix.len()..];
        if let Some(counted) = rest.strip_prefix('[') {
            let n = counted.chars().take_while(char::is_ascii_digit).count();
            if n > 0 && counted[n..].starts_with(']') {
                rest = &counted[n + 1..];
            }
        }
        let rest = rest.trim_start_matches(' ');
        if let Some(r) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) {
            return Some(r.to_string());
        }
    }
    None
}

/// The subject of a mail the desk sends about request `id`: `Re:`, the
/// requester's own subject and the tag that threads their answer back.
pub fn reply_subject(subject: &str, id: crate::domain::RequestId) -> String {
    format!("Re: {} [#{id}]", plain_subject(subject))
}

/// A Message-ID as kept: without the angle brackets and spaces, so that
/// `<a@b>` in one header and `a@b` in another are one message.
pub fn normal_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RequestId;

    #[test]
    fn the_tag_is_found_after_prefixes_in_any_language() {
        assert_eq!(request_tag("Re: Printer jam [#123]"), Some(RequestId(123)));
        assert_eq!(request_tag("AW: [#7] Drucker"), Some(RequestId(7)));
        assert_eq!(request_tag("回复: 打印机卡纸 [#42]"), Some(RequestId(42)));
        assert_eq!(request_tag("答复：[#42]"), Some(RequestId(42)));
        assert_eq!(request_tag("Invoice [#12a] and [#9]"), Some(RequestId(9)));
        assert_eq!(request_tag("Order #123"), None);
        assert_eq!(request_tag("[#]"), None);
    }

    #[test]
    fn prefixes_and_the_tag_leave_the_subject() {
        assert_eq!(plain_subject("Re: RE: Fwd: Printer jam [#123]"), "Printer jam");
        assert_eq!(plain_subject("AW: WG: Drucker"), "Drucker");
        assert_eq!(plain_subject("回复：答复: 打印机卡纸"), "打印机卡纸");
        assert_eq!(plain_subject("RE[2]: Budget"), "Budget");
        assert_eq!(plain_subject("Recovery of files"), "Recovery of files");
        assert_eq!(plain_subject("Resume: not a prefix"), "Resume: not a prefix");
    }

    #[test]
    fn a_reply_subject_carries_one_prefix_and_the_tag() {
        assert_eq!(
            reply_subject("Re: Printer jam [#5]", RequestId(5)),
            "Re: Printer jam [#5]"
        );
        assert_eq!(reply_subject("VPN", RequestId(12)), "Re: VPN [#12]");
    }

    #[test]
    fn ids_are_kept_without_brackets() {
        assert_eq!(normal_id(" <abc@example.org> "), "abc@example.org");
    }
}
