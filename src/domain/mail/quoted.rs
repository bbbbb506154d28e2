//! What the requester wrote this time, without the earlier messages a
//! mail client quotes below (or above) a reply.

/// Lines that start the quoted earlier message in common clients.
fn starts_quote(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    t.starts_with("-----Original Message-----")
        || t.starts_with("-----原始邮件-----")
        || t.starts_with("-----Ursprüngliche Nachricht-----")
        || t.starts_with("________________________________")
        || (lower.starts_with("on ") && lower.ends_with("wrote:"))
        || (lower.starts_with("am ") && lower.ends_with("schrieb:"))
        || (t.starts_with('在') && (t.ends_with("写道：") || t.ends_with("写道:")))
}

/// The text above the first quote; the whole text when nothing is left
/// above it (a reply written below the quote).
pub fn without_quoted_reply(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .iter()
        .position(|l| starts_quote(l) || l.trim_start().starts_with('>'))
        .unwrap_or(lines.len());
    let kept = lines[..end].join("\n").trim_end().to_string();
    if kept.trim().is_empty() {
        text.trim().to_string()
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quoted_message_below_a_reply_is_left_out() {
        let text =
            "Still broken, sorry.\n\nOn Tue, 3 Nov 2026 Ana <desk@example.org> wrote:\n> Try again\n> please";
        assert_eq!(without_quoted_reply(text), "Still broken, sorry.");
        let chinese = "还是不行。\n\n在 2026年11月3日，服务台 写道：\n> 请重试";
        assert_eq!(without_quoted_reply(chinese), "还是不行。");
        let outlook = "Thanks!\n-----Original Message-----\nFrom: desk";
        assert_eq!(without_quoted_reply(outlook), "Thanks!");
    }

    #[test]
    fn a_reply_below_the_quote_is_kept_whole() {
        let text = "> Did it work?\nYes it did.";
        assert_eq!(without_quoted_reply(text), text);
    }
}
