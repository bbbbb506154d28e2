//! Sending one mail from the outbox through SMTP, threaded so the
//! requester's mail client shows it with their own message.

use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::Mailbox;
use lettre::{Message, SmtpTransport, Transport};

use crate::store::OutboxMail;

/// An SMTP server and the address the desk's mail comes from.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Mailer(from {})", self.from)
    }
}

impl Mailer {
    pub fn new(transport: SmtpTransport, from: Mailbox) -> Self {
        Mailer { transport, from }
    }

    /// The mail as it leaves: the desk's address, the thread's ids, the
    /// request tag in the subject (already in `mail.subject`).
    pub fn message(&self, mail: &OutboxMail) -> Result<Message, String> {
        let to: Mailbox = mail
            .recipient
            .parse()
            .map_err(|e| format!("{} is not an address ({e})", mail.recipient))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .reply_to(self.from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<{}>", mail.message_id)));
        if let Some(parent) = &mail.in_reply_to {
            builder = builder.in_reply_to(format!("<{parent}>"));
        }
        if !mail.references.is_empty() {
            let refs: Vec<String> = mail.references.iter().map(|r| format!("<{r}>")).collect();
            builder = builder.references(refs.join(" "));
        }
        let mut message = builder
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| format!("cannot build the mail: {e}"))?;
        if mail.automatic {
            // RFC 3834: other robots (auto-replies, desks) leave it be.
            message.headers_mut().insert_raw(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-replied".into(),
            ));
        }
        Ok(message)
    }

    /// Sends one mail; the error says why the server would not take it.
    pub fn send(&self, mail: &OutboxMail) -> Result<(), String> {
        let message = self.message(mail)?;
        self.transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| one_line(&e.to_string()))
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
