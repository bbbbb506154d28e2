//! The config's `[mail]` made into what the desk takes mail with and
//! what it sends mail through, each mistake named in one line.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::SmtpTransport;

use super::smtp::Mailer;
use crate::config::MailConfig;
use crate::store::Intake;

#[derive(Debug, thiserror::Error)]
#[error("[mail] in the config: {0}")]
pub struct MailSetupError(pub String);

/// The desk's own address, from `from`.
fn desk_address(config: &MailConfig) -> Result<Option<Mailbox>, MailSetupError> {
    config
        .from
        .as_deref()
        .map(|f| {
            f.parse::<Mailbox>()
                .map_err(|e| MailSetupError(format!("from = \"{f}\" is not an address ({e})")))
        })
        .transpose()
}

/// How mail is taken into the desk.
pub fn intake(config: &MailConfig) -> Result<Intake, MailSetupError> {
    let mut own: Vec<String> = config.addresses.iter().map(|a| a.trim().to_lowercase()).collect();
    if let Some(desk) = desk_address(config)? {
        own.push(desk.email.to_string().to_lowercase());
    }
    let defaults = Intake::default();
    if config.closed_days.is_some_and(|d| d < 0) {
        return Err(MailSetupError("closed_days cannot be negative".into()));
    }
    Ok(Intake {
        own_addresses: own,
        rules: config.rules.clone(),
        attachment_limit: config
            .attachment_limit_mb
            .map_or(defaults.attachment_limit, |mb| mb.saturating_mul(1024 * 1024)),
        closed_days: config.closed_days.unwrap_or(defaults.closed_days),
        acknowledge: config.acknowledge,
        receipts: crate::domain::mail::Letter::receipt()
            .with(config.receipt_text.clone(), config.receipt_text_zh.clone()),
        message_domain: message_domain(config),
    })
}

/// The domain the desk's Message-IDs end in: the one of its `from`
/// address, never the name of the machine that happened to send.
pub fn message_domain(config: &MailConfig) -> Option<String> {
    desk_address(config)
        .ok()
        .flatten()
        .map(|m| m.email.domain().to_lowercase())
}

/// How mail leaves: None when `[mail]` names no SMTP server (then replies
/// wait in the outbox for a copy that has one).
pub fn mailer(config: &MailConfig) -> Result<Option<Mailer>, MailSetupError> {
    let Some(url) = config.smtp.as_deref() else {
        return Ok(None);
    };
    let Some(from) = desk_address(config)? else {
        return Err(MailSetupError(
            "smtp is set but from is not: say which address replies come from".into(),
        ));
    };
    let parsed = url::Url::parse(url).map_err(|e| MailSetupError(format!("smtp = \"{url}\": {e}")))?;
    if parsed.password().is_some() {
        return Err(MailSetupError(
            "the smtp address holds a password; put it in $FRONTDESK_SMTP_PASSWORD or password_file instead"
                .into(),
        ));
    }
    // Without a word on TLS, STARTTLS is used when the server offers it;
    // `?tls=none` is plain SMTP (a relay on this machine whose certificate
    // names another host).
    let tls = parsed
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let url = match (parsed.scheme(), tls.as_deref()) {
        ("smtp", Some("none")) => {
            let mut plain = parsed.clone();
            plain.set_query(None);
            if plain.port().is_none() {
                let _ = plain.set_port(Some(25));
            }
            plain.to_string()
        }
        ("smtp", None) => {
            let mut with = parsed.clone();
            with.query_pairs_mut().append_pair("tls", "opportunistic");
            if with.port().is_none() {
                let _ = with.set_port(Some(25));
            }
            with.to_string()
        }
        ("smtp" | "smtps", _) => parsed.to_string(),
        (other, _) => {
            return Err(MailSetupError(format!(
                "smtp = \"{url}\": {other}:// is not a mail server address; use smtp://HOST:PORT or smtps://HOST:PORT"
            )))
        }
    };
    let mut builder = SmtpTransport::from_url(&url)
        .map_err(|e| MailSetupError(format!("smtp = \"{url}\": {e}")))?
        .timeout(Some(Duration::from_secs(30)));
    let user = std::env::var("FRONTDESK_SMTP_USER")
        .ok()
        .filter(|u| !u.is_empty())
        .or_else(|| config.user.clone())
        .or_else(|| Some(parsed.username().to_string()).filter(|u| !u.is_empty()));
    if let Some(user) = user {
        let password = match std::env::var("FRONTDESK_SMTP_PASSWORD")
            .ok()
            .filter(|p| !p.is_empty())
        {
            Some(p) => p,
            None => match &config.password_file {
                Some(file) => std::fs::read_to_string(file)
                    .map_err(|e| MailSetupError(format!("password_file {}: {e}", file.display())))?
                    .trim_end_matches(['\n', '\r'])
                    .to_string(),
                None => {
                    return Err(MailSetupError(format!(
                    "the SMTP login {user} needs a password: set $FRONTDESK_SMTP_PASSWORD or password_file"
                )))
                }
            },
        };
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(Some(Mailer::new(builder.build(), from)))
}

/// Queues the satisfaction surveys that fell due, when `[mail] survey` is
/// on: run before each pass over the outbox by the copy that sends the
/// desk's mail. How many were queued.
pub fn queue_surveys(
    store: &mut crate::store::Store,
    config: &MailConfig,
    now: i64,
) -> crate::store::StoreResult<usize> {
    if !config.survey {
        return Ok(0);
    }
    let texts =
        crate::domain::mail::Letter::survey().with(config.survey_text.clone(), config.survey_text_zh.clone());
    store.queue_surveys(&texts, message_domain(config), now)
}
