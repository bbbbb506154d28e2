//! Mail from and to the outside, the Unix way: a fetcher the team already
//! runs (fetchmail, getmail, mbsync, an MTA) leaves mail in a Maildir or
//! mbox, and `mailbox` reads it; `import` takes each message into the
//! desk; replies leave from the desk's outbox through SMTP (`smtp`,
//! `outbox`). Built on the domain (reading mail) and the store (keeping
//! it); the command line and the app use it.

pub mod import;
pub mod mailbox;
pub mod outbox;
pub mod saved_file;
pub mod settings;
pub mod smtp;

pub use import::{import, ImportReport, MailRecord};
pub use outbox::{send_outbox, SendReport};
pub use settings::{intake, mailer, queue_surveys, MailSetupError};
pub use smtp::Mailer;
