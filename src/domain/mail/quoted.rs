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
        // Gmail and others in Chinese: `在 … 写道：`, `Li Wei <…> 于2026年11月24日 写道：`.
        || t.ends_with("写道：")
        || t.ends_with("写道:")
}

/// Outlook's header block of the quoted message: `From:` then `Sent:`
/// (in Chinese `发件人:` then `发送时间:`) on the next line.
fn starts_header_block(line: &str, next: Option<&str>) -> bool {
    let field = |l: &str, names: &[&str]| {
        let l = l.trim().to_lowercase();
        names
            .iter()
            .any(|n| l.starts_with(&format!("{n}:")) || l.starts_with(&format!("{n}：")))
    };
    field(line, &["from", "发件人", "寄件者", "von"])
        && next.is_some_and(|n| {
            field(
                n,
                &["sent", "date", "发送时间", "时间", "日期", "寄件日期", "gesendet"],
            )
        })
}

/// The text above the first quote; the whole text when nothing is left
/// above it (a reply written below the quote).
pub fn without_quoted_reply(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let end = (0..lines.len())
        .find(|&i| {
            let l = lines[i];
            starts_quote(l)
                || l.trim_start().starts_with('>')
                || starts_header_block(l, lines.get(i + 1).copied())
        })
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
    fn outlook_and_gmail_quotes_in_chinese_and_english_are_left_out() {
        let outlook =
            "已解决，谢谢！\n\n发件人: IT Desk <desk@example.org>\n发送时间: 2026年11月24日 9:15\n主题: VPN";
        assert_eq!(without_quoted_reply(outlook), "已解决，谢谢！");
        let english = "Works now.\n\nFrom: IT Desk <desk@example.org>\nSent: Tuesday, November 24, 2026 9:15 AM\nSubject: VPN";
        assert_eq!(without_quoted_reply(english), "Works now.");
        let gmail = "好的\n\nLi Wei <li@example.org> 于2026年11月24日周二 09:15写道：\n> 请重试";
        assert_eq!(without_quoted_reply(gmail), "好的");
        // A "From:" that is only a sentence stays.
        let sentence = "From: the third floor, all printers.\nThey all jam.";
        assert_eq!(without_quoted_reply(sentence), sentence);
    }

    #[test]
    fn a_reply_below_the_quote_is_kept_whole() {
        let text = "> Did it work?\nYes it did.";
        assert_eq!(without_quoted_reply(text), text);
    }
}
