//! What the desk mails by itself — the receipt when mail makes a request,
//! the satisfaction survey once one is resolved: the team's words (or
//! plain ones), in English and for requesters who wrote in Chinese, with
//! `{id}`, `{subject}` and `{first_name}` filled in.

use crate::domain::canned::fill_variables;
use crate::domain::ids::RequestId;
use crate::domain::text::is_han;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub english: String,
    pub chinese: String,
}

impl Letter {
    /// The receipt with the request number.
    pub fn receipt() -> Letter {
        Letter {
            english: "Dear {first_name},\n\nThank you: your request has been recorded as number {id} ({subject}).\n\n\
                      We will answer by mail. To add to it, reply to this message and keep [#{id}] in the subject."
                .into(),
            chinese: "{first_name}，您好！\n\n您的请求已登记，编号 {id}（{subject}）。\n\n\
                      我们会通过邮件回复您。如需补充，请直接回复本邮件，并在主题中保留 [#{id}]。"
                .into(),
        }
    }

    /// The satisfaction survey, asking for a score from 1 to 5.
    pub fn survey() -> Letter {
        Letter {
            english:
                "Dear {first_name},\n\nYour request {id} ({subject}) has been resolved. How did we do?\n\n\
                      Reply with a score from 1 (poor) to 5 (excellent), and if you like a second number \
                      from 0 to 10 for how likely you are to recommend us to a colleague, and anything you \
                      want to tell us. For example: 4 9 quick, but I had to call twice."
                    .into(),
            chinese:
                "{first_name}，您好！\n\n您的请求 {id}（{subject}）已处理完毕。您对我们的服务满意吗？\n\n\
                      请直接回复一个 1（很不满意）到 5（非常满意）的分数；如愿意，再写一个 0 到 10 的数字，\
                      表示您向同事推荐我们的可能性，以及您想说的话。例如：4分 9 处理很快，但打了两次电话。"
                    .into(),
        }
    }

    /// The team's words where the config gives them, `self`'s elsewhere.
    pub fn with(self, english: Option<String>, chinese: Option<String>) -> Letter {
        Letter {
            english: english.unwrap_or(self.english),
            chinese: chinese.unwrap_or(self.chinese),
        }
    }

    /// The letter about request `id`: in Chinese when the requester wrote
    /// in it (`wrote`: what they wrote), each variable filled once.
    pub fn fill(&self, id: RequestId, subject: &str, first_name: &str, wrote: &[&str]) -> String {
        let chinese = wrote.iter().any(|text| text.chars().any(is_han));
        let text = if chinese { &self.chinese } else { &self.english };
        fill_variables(text, |name| match name {
            "id" => Some(id.to_string()),
            "subject" => Some(subject.to_string()),
            "first_name" => Some(first_name.to_string()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_in_the_requesters_language_with_its_variables_filled() {
        let s = Letter::survey();
        let en = s.fill(RequestId(12), "VPN drops", "Ben", &["VPN drops", "It drops."]);
        assert!(
            en.starts_with("Dear Ben,") && en.contains("request 12 (VPN drops)"),
            "{en}"
        );
        let zh = s.fill(RequestId(12), "打印机卡纸", "王芳", &["Printer", "打印机卡纸"]);
        assert!(zh.starts_with("王芳，您好") && zh.contains("打印机卡纸"), "{zh}");
        let team = Letter::receipt().with(Some("Got #{id}".into()), None);
        assert_eq!(team.fill(RequestId(3), "x", "y", &["x"]), "Got #3");
    }
}
