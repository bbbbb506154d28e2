//! The receipt the desk mails when mail makes a request: the team's text
//! (or a plain one), in Chinese to those who wrote in Chinese.

use super::IncomingMail;
use crate::domain::canned::fill_variables;
use crate::domain::ids::RequestId;
use crate::domain::text::is_han;

/// The receipt's text, in English and for requesters who wrote in
/// Chinese, with `{id}`, `{subject}` and `{first_name}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipts {
    pub english: String,
    pub chinese: String,
}

impl Default for Receipts {
    fn default() -> Self {
        Receipts {
            english: "Dear {first_name},\n\nThank you: your request has been recorded as number {id} ({subject}).\n\n\
                      We will answer by mail. To add to it, reply to this message and keep [#{id}] in the subject."
                .into(),
            chinese: "{first_name}，您好！\n\n您的请求已登记，编号 {id}（{subject}）。\n\n\
                      我们会通过邮件回复您。如需补充，请直接回复本邮件，并在主题中保留 [#{id}]。"
                .into(),
        }
    }
}

impl Receipts {
    /// The texts a config gives, the plain ones where it gives none.
    pub fn with(english: Option<String>, chinese: Option<String>) -> Receipts {
        let plain = Receipts::default();
        Receipts {
            english: english.unwrap_or(plain.english),
            chinese: chinese.unwrap_or(plain.chinese),
        }
    }

    /// The receipt for request `id` to the one who wrote `mail`: in
    /// Chinese when they wrote in it, each variable filled once.
    pub fn for_mail(&self, id: RequestId, subject: &str, first_name: &str, mail: &IncomingMail) -> String {
        let chinese = mail.subject.chars().chain(mail.text.chars()).any(is_han);
        let text = if chinese { &self.chinese } else { &self.english };
        fill_variables(text, |name| match name {
            "id" => Some(id.to_string()),
            "subject" => Some(subject.to_string()),
            "first_name" => Some(first_name.to_string()),
            _ => None,
        })
    }
}
