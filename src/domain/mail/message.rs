//! One e-mail as the desk reads it, from the bytes a mail fetcher left:
//! who wrote, about what, the readable text, the attachments, how it
//! threads, and whether it is a person writing at all (an auto-reply, a
//! bounce). Broken mail is read as well as it can be, never refused.

use mail_parser::{HeaderValue, Message, MessageParser, MimeHeaders, PartType};
use sha2::{Digest, Sha256};

use super::charset::{decode_words, guess_text, raw_header, repair_mojibake};
use super::quoted::without_quoted_reply;
use super::thread::normal_id;
use crate::domain::request::limit_for;

/// A file that came with a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    pub name: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// What kind of mail it is: a person writing, or a machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailKind {
    Personal,
    /// An automatic answer (out of office, a list, a robot): never a
    /// request and never answered. Says how it was recognised.
    Automatic(String),
    /// A delivery status notification about mail the desk sent.
    Bounce(Bounce),
}

/// What a delivery failure says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bounce {
    /// The Message-IDs of the mail that failed (from the returned copy).
    pub about: Vec<String>,
    pub recipient: Option<String>,
    pub diagnostic: Option<String>,
}

/// One message, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingMail {
    /// Its Message-ID, or one made from its bytes when it has none (so
    /// the same message is still known the second time).
    pub message_id: String,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    pub from_name: Option<String>,
    pub from_address: Option<String>,
    /// Every recipient (To and Cc), lowercase.
    pub recipients: Vec<String>,
    pub subject: String,
    /// Unix seconds from its Date header, when it has a sensible one.
    pub date: Option<i64>,
    /// The readable text: the plain part, or the HTML part as text.
    pub text: String,
    /// The text without the quoted earlier messages below it.
    pub new_text: String,
    pub attachments: Vec<MailAttachment>,
    pub kind: MailKind,
    /// What could not be read as it should (cut text, no sender, ...).
    pub problems: Vec<String>,
}

impl IncomingMail {
    /// The name the sender is known by: the display name, else the address.
    pub fn sender_name(&self) -> Option<String> {
        self.from_name
            .clone()
            .filter(|n| !n.trim().is_empty() && !n.contains('@'))
            .or_else(|| self.from_address.clone())
    }
}

/// The message with the blank line that ends its headers, where it lacks
/// one: before the first line that is not a header (text written straight
/// after the headers, which Python's email also keeps as the body), or at
/// the end of a message of headers only.
fn with_blank_line(raw: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    use std::borrow::Cow;
    let mut at = 0;
    while at < raw.len() {
        let end = raw[at..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(raw.len(), |p| at + p + 1);
        let line = &raw[at..end];
        let crlf = line.ends_with(b"\r\n");
        let content = line.strip_suffix(b"\n").unwrap_or(line);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        if content.is_empty() {
            return Cow::Borrowed(raw);
        }
        let continuation = at > 0 && matches!(content[0], b' ' | b'\t');
        let header = content
            .iter()
            .position(|b| *b == b':')
            .is_some_and(|colon| colon > 0 && content[..colon].iter().all(u8::is_ascii_graphic));
        // An mbox separator left on the first line.
        let separator = at == 0 && content.starts_with(b"From ");
        if !(continuation || header || separator) {
            let blank: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            return Cow::Owned([&raw[..at], blank, &raw[at..]].concat());
        }
        at = end;
    }
    Cow::Owned([raw, b"\r\n\r\n"].concat())
}

/// Reads one message. Never fails: what cannot be read is said in
/// `problems`.
pub fn read_mail(raw: &[u8]) -> IncomingMail {
    let mut problems = Vec::new();
    let mended = with_blank_line(raw);
    let raw = &mended[..];
    let Some(message) = MessageParser::default().parse(raw) else {
        problems.push("not a mail message; kept as text".into());
        let text = String::from_utf8_lossy(raw).into_owned();
        return IncomingMail {
            message_id: made_id(raw),
            in_reply_to: Vec::new(),
            references: Vec::new(),
            from_name: None,
            from_address: None,
            recipients: Vec::new(),
            subject: "(no subject)".into(),
            date: None,
            new_text: text.clone(),
            text,
            attachments: Vec::new(),
            kind: MailKind::Personal,
            problems,
        };
    };
    let message_id = message
        .message_id()
        .map(normal_id)
        .filter(|id| !id.is_empty())
        .unwrap_or_else(|| made_id(raw));
    // Form mailers and systems send as `noreply@` with the person in
    // Reply-To: the person is the requester, the one answers go to.
    let sender = message.from().and_then(|a| a.first());
    let no_reply = sender
        .and_then(|a| a.address())
        .is_some_and(|a| is_no_reply(a.split('@').next().unwrap_or("")));
    let reply_to = message
        .reply_to()
        .and_then(|a| a.first())
        .filter(|r| no_reply && r.address().is_some());
    let from = reply_to.or(sender);
    let raw_from = if reply_to.is_some() { "Reply-To" } else { "From" };
    let from_address = from.and_then(|a| a.address()).map(|a| a.trim().to_lowercase());
    if from_address.is_none() {
        problems.push("no sender address: it cannot be answered by mail".into());
    }
    let from_name = match sender_meant(raw, raw_from, from.and_then(|a| a.name())) {
        Some(HeaderText::Whole(value)) => {
            let name = value
                .split('<')
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .trim()
                .to_string();
            Some(name).filter(|n| !n.is_empty())
        }
        Some(HeaderText::Parsed(name)) => Some(name.trim().to_string()),
        None => None,
    };
    let recipients = message
        .to()
        .into_iter()
        .chain(message.cc())
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address())
        .map(|a| a.trim().to_lowercase())
        .collect();
    let mut subject = match sender_meant(raw, "Subject", message.subject()) {
        Some(HeaderText::Whole(text) | HeaderText::Parsed(text)) => text.trim().to_string(),
        None => String::new(),
    };
    if subject.is_empty() {
        subject = "(no subject)".into();
    }
    let subject = cut(&subject, limit_for("subject"), &mut problems, "subject");
    let date = message
        .date()
        .map(mail_parser::DateTime::to_timestamp)
        .filter(|t| *t > 0);
    let mut text = readable_text(&message);
    if text.trim().is_empty() {
        text = raw_body_text(raw);
        if !text.trim().is_empty() {
            problems.push("its MIME structure could not be read; kept the text as it came".into());
        }
    }
    let text = cut(text.trim(), limit_for("body"), &mut problems, "text");
    let new_text = without_quoted_reply(&text);
    let kind = kind_of(&message, from_address.as_deref(), &subject, &text);
    let attachments = if matches!(kind, MailKind::Bounce(_)) {
        Vec::new()
    } else {
        attachments(&message)
    };
    IncomingMail {
        message_id,
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        from_name,
        from_address,
        recipients,
        subject,
        date,
        text,
        new_text,
        attachments,
        kind,
        problems,
    }
}

/// Whether a mailbox name says nobody reads it (`noreply`, `no-reply`,
/// `donotreply`, `do_not_reply`).
fn is_no_reply(local: &str) -> bool {
    let squashed: String = local
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    squashed == "noreply" || squashed == "donotreply"
}

/// A header as its sender meant it.
enum HeaderText {
    /// The raw value, read here: the parser's reading was not to be
    /// trusted.
    Whole(String),
    /// The parser's reading of it (of a name, only the name).
    Parsed(String),
}

/// Reads header `name` of `raw`, given the parser's reading of it: raw
/// 8-bit bytes in a charset nobody named are guessed; a character the
/// parser lost between two encoded words is read by joining their bytes;
/// otherwise the parser's reading stands, UTF-8 read as Latin-1 put right.
fn sender_meant(raw: &[u8], name: &str, parsed: Option<&str>) -> Option<HeaderText> {
    let value = raw_header(raw, name);
    match (value, parsed) {
        (Some(value), _) if std::str::from_utf8(&value).is_err() => {
            Some(HeaderText::Whole(guess_text(&value)))
        }
        (Some(value), Some(p)) if p.contains('\u{fffd}') => {
            Some(HeaderText::Whole(decode_words(&String::from_utf8_lossy(&value))))
        }
        (_, Some(p)) => Some(HeaderText::Parsed(repair_mojibake(p))),
        (_, None) => None,
    }
}

/// An id for a message that came without one: the same bytes give the
/// same id.
fn made_id(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{hex}@no-message-id.invalid")
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![normal_id(t)],
        HeaderValue::TextList(list) => list.iter().map(|t| normal_id(t)).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|id| !id.is_empty())
    .collect()
}

/// Text over the field's limit is cut, and the cut is said.
fn cut(text: &str, max: usize, problems: &mut Vec<String>, what: &str) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    problems.push(format!("{what} cut to {max} characters"));
    let mark = " […]";
    let mut out: String = text.chars().take(max - mark.chars().count()).collect();
    out.push_str(mark);
    out
}

/// The body of a message whose parts could not be found (a boundary that
/// never comes): its lines as they are, without MIME boundaries and
/// part headers.
fn raw_body_text(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw).replace("\r\n", "\n");
    let Some((_, body)) = text.split_once("\n\n") else {
        return String::new();
    };
    body.lines()
        .filter(|l| {
            let lower = l.trim().to_lowercase();
            !l.starts_with("--") && !lower.starts_with("content-") && !lower.starts_with("mime-version:")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Every text body of the message, HTML ones as text, one after another.
fn readable_text(message: &Message<'_>) -> String {
    let count = message.text_body_count();
    let parts: Vec<String> = (0..count)
        .filter_map(|i| part_text(message, i))
        // No-break spaces (HTML's &nbsp;) are spaces to a reader and to search.
        .map(|t| t.replace("\r\n", "\n").replace('\u{a0}', " "))
        .filter(|t| !t.trim().is_empty())
        .collect();
    parts.join("\n\n")
}

/// Text body `i`, read in the charset it names; one that names none is
/// read in the charset it is most likely in, and UTF-8 labelled as
/// Latin-1 is put right.
fn part_text(message: &Message<'_>, i: usize) -> Option<String> {
    let text = message.body_text(i)?.into_owned();
    let Some(part) = message.text_part(i as u32) else {
        return Some(text);
    };
    // A label no one knows (`x-unknown`) is as good as none.
    let charset = part
        .content_type()
        .and_then(|ct| ct.attribute("charset"))
        .map(str::to_lowercase)
        .filter(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()).is_some());
    let plain_transfer = part
        .content_transfer_encoding()
        .is_none_or(|e| ["7bit", "8bit", "binary"].contains(&e.trim().to_lowercase().as_str()));
    match charset.as_deref() {
        None if plain_transfer && matches!(part.body, PartType::Text(_)) => {
            let raw = message.raw_message();
            let (start, end) = (part.raw_body_offset() as usize, part.raw_end_offset() as usize);
            match raw.get(start..end) {
                Some(bytes) if std::str::from_utf8(bytes).is_err() => Some(guess_text(bytes)),
                _ => Some(text),
            }
        }
        None | Some("iso-8859-1" | "latin1" | "us-ascii" | "windows-1252" | "cp1252") => {
            Some(repair_mojibake(&text))
        }
        Some(_) => Some(text),
    }
}

fn attachments(message: &Message<'_>) -> Vec<MailAttachment> {
    message
        .attachments()
        .enumerate()
        .map(|(n, part)| {
            let content_type = part.content_type().map_or_else(
                || "application/octet-stream".to_string(),
                |ct| match ct.subtype() {
                    Some(sub) => format!("{}/{}", ct.ctype(), sub).to_lowercase(),
                    None => ct.ctype().to_lowercase(),
                },
            );
            let name = continued_name(message.raw_message(), part)
                .or_else(|| part.attachment_name().map(str::to_string))
                .as_deref()
                .map(file_name)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| match &part.body {
                    PartType::Message(_) => format!("message-{}.eml", n + 1),
                    _ => format!("attachment-{}{}", n + 1, extension(&content_type)),
                });
            let content = match &part.body {
                PartType::Message(inner) => inner.raw_message().to_vec(),
                _ => part.contents().to_vec(),
            };
            MailAttachment {
                name,
                content_type,
                content,
            }
        })
        .collect()
}

/// The part's file name when its header continues it over numbered
/// pieces, read whole (`parameters::continued`).
fn continued_name(raw: &[u8], part: &mail_parser::MessagePart<'_>) -> Option<String> {
    let head = raw.get(part.offset_header as usize..part.offset_body as usize)?;
    [("Content-Disposition", "filename"), ("Content-Type", "name")]
        .into_iter()
        .find_map(|(header, param)| {
            super::parameters::continued(&super::charset::raw_header(head, header)?, param)
        })
}

/// A name that is only a name: no folders, no control characters.
fn file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    last.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string()
}

fn extension(content_type: &str) -> &'static str {
    match content_type {
        "application/pdf" => ".pdf",
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "text/plain" => ".txt",
        "text/html" => ".html",
        _ => ".bin",
    }
}

fn header_text<'m>(message: &'m Message<'_>, name: &'static str) -> Option<&'m str> {
    message.header_raw(name).map(str::trim)
}

/// A person writing, a machine answering, or mail that could not be
/// delivered.
fn kind_of(message: &Message<'_>, from: Option<&str>, subject: &str, text: &str) -> MailKind {
    if let Some(bounce) = bounce_of(message, from, subject, text) {
        return MailKind::Bounce(bounce);
    }
    if let Some(value) = header_text(message, "Auto-Submitted") {
        if !value.eq_ignore_ascii_case("no") {
            return MailKind::Automatic(format!("Auto-Submitted: {value}"));
        }
    }
    for header in ["X-Autoreply", "X-Autorespond", "X-Autoresponder"] {
        if message.header_raw(header).is_some() {
            return MailKind::Automatic(format!("{header} header"));
        }
    }
    if let Some(value) = header_text(message, "Precedence") {
        let value = value.to_lowercase();
        if ["bulk", "list", "junk", "auto_reply"].contains(&value.as_str()) {
            return MailKind::Automatic(format!("Precedence: {value}"));
        }
    }
    if header_text(message, "X-Auto-Response-Suppress").is_some_and(|v| v.to_lowercase().contains("oof"))
        || header_text(message, "Return-Path").is_some_and(|v| v.trim() == "<>")
    {
        return MailKind::Automatic("sent by a machine (no return address)".into());
    }
    let lower = subject.to_lowercase();
    for words in [
        "out of office",
        "out of the office",
        "automatic reply",
        "auto reply",
        "autoreply",
        "auto-reply",
        "abwesenheitsnotiz",
        "自动回复",
        "自動回覆",
        "自動回復",
        "不在办公室",
    ] {
        if lower.contains(words) {
            return MailKind::Automatic(format!("subject says \"{words}\""));
        }
    }
    MailKind::Personal
}

/// A delivery status notification (RFC 3464), or mail from a mailer
/// daemon that reads like one.
/// `text` is the message's readable text, already read.
fn bounce_of(message: &Message<'_>, from: Option<&str>, subject: &str, text: &str) -> Option<Bounce> {
    let is_report = message.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("report"))
            && ct
                .attribute("report-type")
                .is_some_and(|t| t.eq_ignore_ascii_case("delivery-status"))
    });
    let daemon = from.is_some_and(|f| {
        let local = f.split('@').next().unwrap_or("");
        local.eq_ignore_ascii_case("mailer-daemon") || local.eq_ignore_ascii_case("postmaster")
    });
    let lower = subject.to_lowercase();
    let says_failed = [
        "undeliver",
        "delivery status notification",
        "delivery failure",
        "mail delivery failed",
        "returned mail",
        "failure notice",
        "退信",
        "无法投递",
        "未送达",
    ]
    .iter()
    .any(|w| lower.contains(w));
    if !(is_report || (daemon && says_failed)) {
        return None;
    }
    let mut bounce = Bounce::default();
    for part in &message.parts {
        let ct = part.content_type();
        let kind = ct.map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or("")).to_lowercase());
        match (&part.body, kind.as_deref()) {
            (PartType::Message(inner), _) => {
                if let Some(id) = inner.message_id() {
                    bounce.about.push(normal_id(id));
                }
            }
            (_, Some("message/delivery-status")) => {
                let text = String::from_utf8_lossy(part.contents()).into_owned();
                read_status(&text, &mut bounce);
            }
            (_, Some("text/rfc822-headers")) => {
                let text = String::from_utf8_lossy(part.contents()).into_owned();
                bounce.about.extend(message_ids_in(&text));
            }
            _ => {}
        }
    }
    if bounce.about.is_empty() {
        // A plain-text bounce quotes the failed mail's headers in its text.
        bounce.about = message_ids_in(text);
    }
    if bounce.diagnostic.is_none() {
        bounce.diagnostic = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| l.chars().take(300).collect());
    }
    bounce.about.dedup();
    Some(bounce)
}

fn read_status(text: &str, bounce: &mut Bounce) {
    for line in text.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_lowercase().as_str() {
            "final-recipient" | "original-recipient" if bounce.recipient.is_none() => {
                let address = value.rsplit(';').next().unwrap_or(value).trim();
                bounce.recipient = Some(address.to_lowercase());
            }
            "diagnostic-code" => {
                let why = value.split_once(';').map_or(value, |(_, w)| w.trim());
                bounce.diagnostic = Some(why.chars().take(300).collect());
            }
            "status" if bounce.diagnostic.is_none() => {
                bounce.diagnostic = Some(format!("status {value}"));
            }
            _ => {}
        }
    }
}

/// The `Message-ID:` lines in quoted headers.
fn message_ids_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("message-id")
                .then(|| normal_id(value))
                .filter(|id| !id.is_empty())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(text).0.into_owned()
    }

    #[test]
    fn raw_gbk_with_no_charset_named_is_read_as_chinese() {
        let raw = [
            &b"From: "[..],
            &gbk("张伟"),
            b" <zhang@example.cn>\r\nSubject: ",
            &gbk("打印机坏了"),
            b"\r\nContent-Type: text/plain\r\n\r\n",
            &gbk("请帮忙"),
            b"\r\n",
        ]
        .concat();
        let mail = read_mail(&raw);
        assert_eq!(mail.subject, "打印机坏了");
        assert_eq!(mail.text, "请帮忙");
        assert_eq!(mail.from_name.as_deref(), Some("张伟"));
        assert_eq!(mail.from_address.as_deref(), Some("zhang@example.cn"));
    }

    #[test]
    fn a_form_mailer_s_reply_to_is_the_requester() {
        let form = read_mail(
            b"From: Intranet forms <no-reply@intranet.example.org>\r\nReply-To: Li Wei <li.wei@example.org>\r\nSubject: Access request\r\n\r\nPlease\r\n",
        );
        assert_eq!(form.from_address.as_deref(), Some("li.wei@example.org"));
        assert_eq!(form.from_name.as_deref(), Some("Li Wei"));
        // A person's own Reply-To (another address of theirs, a list) is
        // left alone: they wrote it.
        let person =
            read_mail(b"From: Bo <bo@example.org>\r\nReply-To: team@example.org\r\nSubject: x\r\n\r\ny\r\n");
        assert_eq!(person.from_address.as_deref(), Some("bo@example.org"));
    }

    #[test]
    fn a_chinese_character_cut_between_encoded_words_is_whole() {
        // 张 is E5 BC A0 and 打 is E6 89 93: each cut after one or two bytes.
        let mail = read_mail(
            b"From: =?UTF-8?B?5bw=?= =?UTF-8?B?oA==?= <z@example.cn>\r\nSubject: =?UTF-8?B?5ok=?=\r\n =?UTF-8?B?k+WNsA==?=\r\n\r\nx\r\n",
        );
        assert_eq!(mail.subject, "打印");
        assert_eq!(mail.from_name.as_deref(), Some("张"));
    }

    #[test]
    fn text_written_straight_after_the_headers_is_the_body() {
        let mail = read_mail(
            b"From: Bo <bo@example.org>\r\nSubject: VPN down\r\nThe VPN drops every hour.\r\n\r\nSince Monday.\r\n",
        );
        assert_eq!(mail.subject, "VPN down");
        assert_eq!(mail.text, "The VPN drops every hour.\n\nSince Monday.");
        let lf = read_mail(b"From: bo@example.org\nSubject: x\n  folded\nhello there\n");
        assert_eq!(lf.subject, "x folded");
        assert_eq!(lf.text, "hello there");
        let headers_only = read_mail(b"From: bo@example.org\r\nSubject: only this");
        assert_eq!(headers_only.subject, "only this");
    }

    #[test]
    fn an_rfc_2231_name_continued_in_iso_2022_jp_is_read_whole() {
        let mail = read_mail(
            b"From: taro@example.jp\r\nSubject: file\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment;\r\n filename*0*=ISO-2022-JP''%1B%24%42%3F%37%24%37%24%24%25%46%25%2D%25%39%25%48;\r\n filename*1*=%1B%28%42%20%1B%24%42%25%49%25%2D%25%65;\r\n filename*2*=%25%61%25%73%25%48%1B%28%42;\r\n filename*3=\".txt\"\r\n\r\nhello\r\n--b--\r\n",
        );
        assert_eq!(mail.attachments.len(), 1);
        assert_eq!(mail.attachments[0].name, "新しいテキスト ドキュメント.txt");
        assert_eq!(mail.attachments[0].content, b"hello");
    }

    #[test]
    fn outlook_html_reads_as_plain_words() {
        let mail = read_mail(
            b"From: a@b.de\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><style>p {margin:0}</style></head><body><p class=MsoNormal>the&nbsp;printer on&nbsp;3F is <b>broken</b>.<o:p></o:p></p></body></html>\r\n",
        );
        assert_eq!(mail.text, "the printer on 3F is broken.");
    }

    #[test]
    fn a_charset_nobody_knows_is_guessed() {
        let raw = [
            &b"From: a@b.cn\r\nSubject: x\r\nContent-Type: text/plain; charset=x-gbk-ish\r\n\r\n"[..],
            &gbk("财务部的打印机"),
        ]
        .concat();
        assert_eq!(read_mail(&raw).text, "财务部的打印机");
    }

    #[test]
    fn utf8_labelled_latin1_and_headers_without_a_body_are_read() {
        let raw = "From: a@b.de\r\nSubject: =?iso-8859-1?Q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGrüße aus Köln\r\n";
        let mail = read_mail(raw.as_bytes());
        assert_eq!(mail.subject, "Grüße");
        assert_eq!(mail.text, "Grüße aus Köln");
        let bare = read_mail(b"From: a@b.de\r\nSubject: only headers");
        assert_eq!(bare.subject, "only headers");
        assert_eq!(bare.from_address.as_deref(), Some("a@b.de"));
    }

    #[test]
    fn an_auto_reply_and_a_bounce_are_told_from_a_person() {
        let ooo = read_mail(b"From: a@b\r\nSubject: Re: x\r\nX-Autoreply: yes\r\n\r\nAway\r\n");
        assert!(matches!(ooo.kind, MailKind::Automatic(_)));
        let list = read_mail(b"From: a@b\r\nSubject: News\r\nPrecedence: bulk\r\n\r\nNews\r\n");
        assert!(matches!(list.kind, MailKind::Automatic(_)));
        let chinese = read_mail("From: a@b\r\nSubject: 自动回复: 我在休假\r\n\r\n休假\r\n".as_bytes());
        assert!(matches!(chinese.kind, MailKind::Automatic(_)));
        let daemon = read_mail(
            b"From: MAILER-DAEMON@mx.b\r\nSubject: failure notice\r\n\r\nSorry.\r\n\r\n--- Below this line is a copy of the message.\r\n\r\nMessage-ID: <abc@desk>\r\nSubject: Re: x [#4]\r\n",
        );
        match daemon.kind {
            MailKind::Bounce(b) => assert_eq!(b.about, ["abc@desk"]),
            other => panic!("not a bounce: {other:?}"),
        }
        let person = read_mail(b"From: a@b\r\nSubject: Printer\r\nAuto-Submitted: no\r\n\r\nJammed\r\n");
        assert_eq!(person.kind, MailKind::Personal);
    }

    proptest! {
        #[test]
        fn any_bytes_are_read_without_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let mail = read_mail(&bytes);
            prop_assert!(!mail.message_id.is_empty());
            prop_assert!(mail.subject.chars().count() <= limit_for("subject"));
        }

        #[test]
        fn mangled_mime_is_read_without_a_panic(
            boundary in "[a-z]{0,5}",
            cut in 0usize..400,
            charset in prop::sample::select(vec!["utf-8", "gb2312", "big5", "koi8-r", "x-unknown", ""]),
        ) {
            let full = format!(
                "From: x@y\r\nContent-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n5omT5Y2w\r\n--{boundary}\r\nContent-Type: application/pdf; name*=UTF-8''%E5%8F\r\n\r\n=?\r\n--{boundary}--"
            );
            let bytes = full.as_bytes();
            let _ = read_mail(&bytes[..cut.min(bytes.len())]);
        }
    }
}
