//! Filters a team sets for incoming mail: by the sender's domain, the
//! address it was sent to, or words in the subject, a new request gets
//! its team, category or urgency.

use serde::Deserialize;

use super::message::IncomingMail;
use crate::domain::Urgency;

/// One filter, as written in the config's `[[mail.rule]]`. Every given
/// condition must hold; the first rule that holds sets what it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailRule {
    /// `example.org`: mail from anyone there (and its subdomains).
    pub from_domain: Option<String>,
    /// `it-help@example.org`: mail sent (To or Cc) to this address.
    pub to: Option<String>,
    /// Any of these words in the subject (case does not matter).
    #[serde(default)]
    pub subject: Vec<String>,
    pub team: Option<String>,
    pub category: Option<String>,
    pub urgency: Option<Urgency>,
}

/// What the rules give a new request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Routing {
    pub team: Option<String>,
    pub category: Option<String>,
    pub urgency: Option<Urgency>,
}

impl MailRule {
    pub fn holds_for(&self, mail: &IncomingMail) -> bool {
        let from_ok = self.from_domain.as_deref().is_none_or(|domain| {
            let domain = domain.trim().trim_start_matches('@').to_lowercase();
            mail.from_address.as_deref().is_some_and(|a| {
                let host = a.rsplit('@').next().unwrap_or("");
                host == domain || host.ends_with(&format!(".{domain}"))
            })
        });
        let to_ok = self
            .to
            .as_deref()
            .is_none_or(|to| mail.recipients.iter().any(|r| r.eq_ignore_ascii_case(to.trim())));
        let subject = mail.subject.to_lowercase();
        let subject_ok =
            self.subject.is_empty() || self.subject.iter().any(|w| subject.contains(&w.to_lowercase()));
        from_ok && to_ok && subject_ok
    }
}

/// Each field from the first rule that holds and sets it.
pub fn routing(rules: &[MailRule], mail: &IncomingMail) -> Routing {
    let mut out = Routing::default();
    for rule in rules.iter().filter(|r| r.holds_for(mail)) {
        out.team = out.team.or_else(|| rule.team.clone());
        out.category = out.category.or_else(|| rule.category.clone());
        out.urgency = out.urgency.or(rule.urgency);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail::read_mail;

    fn mail(from: &str, to: &str, subject: &str) -> IncomingMail {
        read_mail(format!("From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\n\r\nHello\r\n").as_bytes())
    }

    #[test]
    fn the_first_rule_that_holds_sets_each_field() {
        let rules = vec![
            MailRule {
                from_domain: Some("finance.example.org".into()),
                team: Some("Finance IT".into()),
                ..MailRule::default()
            },
            MailRule {
                subject: vec!["URGENT".into(), "紧急".into()],
                urgency: Some(Urgency::High),
                team: Some("Service desk".into()),
                ..MailRule::default()
            },
            MailRule {
                to: Some("printers@example.org".into()),
                category: Some("printing".into()),
                ..MailRule::default()
            },
        ];
        let m = mail(
            "li@eu.finance.example.org",
            "printers@example.org",
            "紧急: printer down",
        );
        let r = routing(&rules, &m);
        assert_eq!(r.team.as_deref(), Some("Finance IT"));
        assert_eq!(r.urgency, Some(Urgency::High));
        assert_eq!(r.category.as_deref(), Some("printing"));
        let none = routing(&rules, &mail("bo@example.com", "desk@example.org", "hello"));
        assert_eq!(none, Routing::default());
        // A domain is matched whole, not as the end of another name.
        let other = routing(
            &rules,
            &mail("x@notfinance.example.org", "desk@example.org", "hi"),
        );
        assert_eq!(other.team, None);
    }
}
