//! Taking the mail waiting at some paths into the desk, one message at a
//! time, and saying what became of each.

use std::path::PathBuf;

use serde::Serialize;

use super::mailbox::{mark_handled, waiting};
use crate::domain::mail::read_mail;
use crate::store::{Intake, MailOutcome, Store};

/// What became of one message.
#[derive(Debug, Clone, Serialize)]
pub struct MailRecord {
    pub source: String,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    pub from: Option<String>,
    /// `new`, `reply`, `follow_on`, `outsider`, `bounce`, `ignored` or `failed`.
    pub outcome: String,
    pub request: Option<crate::domain::RequestId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reopened: Option<bool>,
    /// Why it was ignored or failed.
    pub reason: Option<String>,
    pub notes: Vec<String>,
}

/// Every message's fate, and the counts the summary line gives.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub new: usize,
    pub replies: usize,
    pub ignored: usize,
    pub failed: usize,
    /// Of the replies, delivery failures recorded on their request.
    pub bounces: usize,
    /// Of the replies, answers to the satisfaction survey.
    pub survey_answers: usize,
    pub messages: Vec<MailRecord>,
}

impl ImportReport {
    /// `3 new requests, 1 reply, 2 ignored, 0 failed`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let bounces = match self.bounces {
            0 => String::new(),
            n => format!(" ({})", plural(n, "a delivery failure", "delivery failures")).replace("1 a ", "a "),
        };
        let bounces = match self.survey_answers {
            0 => bounces,
            n => format!("{bounces} ({})", plural(n, "a survey answer", "survey answers"))
                .replace("1 a ", "a "),
        };
        format!(
            "{}, {}{bounces}, {} ignored, {} failed",
            plural(self.new, "new request", "new requests"),
            plural(self.replies, "reply", "replies"),
            self.ignored,
            self.failed
        )
    }

    fn add(&mut self, record: MailRecord) {
        match record.outcome.as_str() {
            "new" | "follow_on" | "outsider" => self.new += 1,
            "reply" => self.replies += 1,
            "bounce" => {
                self.replies += 1;
                self.bounces += 1;
            }
            "survey_answer" => {
                self.replies += 1;
                self.survey_answers += 1;
            }
            "ignored" => self.ignored += 1,
            _ => self.failed += 1,
        }
        self.messages.push(record);
    }
}

/// Takes every message waiting at `paths`. A message that could not be
/// taken (the desk locked, a folder that cannot be written) stays where
/// it is for the next run; every other one is marked handled.
pub fn import(store: &mut Store, paths: &[PathBuf], intake: &Intake, now: impl Fn() -> i64) -> ImportReport {
    let mut report = ImportReport::default();
    for path in paths {
        let found = match waiting(path) {
            Ok(found) => found,
            Err(why) => {
                report.add(failed(path.display().to_string(), None, why));
                continue;
            }
        };
        for message in found {
            let message = match message {
                Ok(message) => message,
                Err(why) => {
                    report.add(failed(path.display().to_string(), None, why));
                    break;
                }
            };
            let source = message.origin.shown();
            let mail = read_mail(&message.raw);
            let record = match store.take_mail(&mail, intake, now()) {
                Ok(taken) => {
                    let (outcome, request, reopened, reason) = match &taken.outcome {
                        MailOutcome::Ignored { reason } => ("ignored", None, None, Some(reason.clone())),
                        MailOutcome::Reply { request, reopened } => {
                            ("reply", Some(*request), Some(*reopened), None)
                        }
                        MailOutcome::New { request } => ("new", Some(*request), None, None),
                        MailOutcome::FollowOn { request, closed } => (
                            "follow_on",
                            Some(*request),
                            None,
                            Some(format!("request {closed} was closed long ago; linked to it")),
                        ),
                        MailOutcome::Outsider { request, named } => (
                            "outsider",
                            Some(*request),
                            None,
                            Some(format!(
                                "the sender is not on request {named} (not its requester, copied or staff): a new request, linked to it"
                            )),
                        ),
                        MailOutcome::Bounce { request } => ("bounce", Some(*request), None, None),
                        MailOutcome::SurveyAnswer { request, overall } => (
                            "survey_answer",
                            Some(*request),
                            Some(false),
                            Some(match overall {
                                Some(overall) => format!("the survey's answer: overall {overall}/5"),
                                None => "an answer to the survey with no score in it; the survey stays open".into(),
                            }),
                        ),
                    };
                    let mut notes = taken.notes.clone();
                    if let Err(why) = mark_handled(&message.origin) {
                        notes.push(why);
                    }
                    MailRecord {
                        source,
                        message_id: Some(taken.message_id),
                        subject: Some(mail.subject.clone()),
                        from: mail.from_address.clone(),
                        outcome: outcome.into(),
                        request,
                        reopened,
                        reason,
                        notes,
                    }
                }
                Err(e) => failed(source, Some(&mail), e.to_string()),
            };
            report.add(record);
        }
    }
    report
}

fn failed(source: String, mail: Option<&crate::domain::mail::IncomingMail>, why: String) -> MailRecord {
    MailRecord {
        source,
        message_id: mail.map(|m| m.message_id.clone()),
        subject: mail.map(|m| m.subject.clone()),
        from: mail.and_then(|m| m.from_address.clone()),
        outcome: "failed".into(),
        request: None,
        reopened: None,
        reason: Some(why),
        notes: Vec::new(),
    }
}
