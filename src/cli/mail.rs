//! `mail import|watch|send|outbox` and `attachment`: e-mail in and out,
//! and the files that came with it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::args::{MailCommand, ShowFormat};
use super::output::{print, print_json};
use super::{CliError, CliResult, Context};
use crate::domain::attachment::human_size;
use crate::domain::ids::RequestId;
use crate::domain::text::inert_line;
use crate::mail::{import, intake, mailer, queue_surveys, send_outbox, Mailer};

pub fn run(ctx: &mut Context, command: MailCommand) -> CliResult {
    match command {
        MailCommand::Import { paths, format } => import_once(ctx, &paths, format),
        MailCommand::Watch { maildir, every } => watch(ctx, &maildir, every),
        MailCommand::Send => send(ctx),
        MailCommand::Outbox { format } => outbox(ctx, format),
    }
}

fn setup_error(e: crate::mail::MailSetupError) -> CliError {
    CliError::Failed(e.to_string())
}

fn import_once(ctx: &mut Context, paths: &[PathBuf], format: ShowFormat) -> CliResult {
    let how = intake(&ctx.mail).map_err(setup_error)?;
    let report = import(&mut ctx.store, paths, &how, crate::clock::now);
    match format {
        ShowFormat::Json => print_json(&report)?,
        ShowFormat::Text => {
            for m in &report.messages {
                if let Some(line) = message_line(m) {
                    print(&format!("{}\n", inert_line(&line)))?;
                }
            }
            print(&format!("{}\n", report.summary()))?;
        }
    }
    if report.failed > 0 {
        return Err(CliError::Failed(format!(
            "{} of {} messages could not be taken; they stay where they are for the next run",
            report.failed,
            report.messages.len()
        )));
    }
    Ok(())
}

/// One line for a message that needs a word (ignored, failed, or kept
/// with notes); plain new requests and replies are counted only.
fn message_line(m: &crate::mail::MailRecord) -> Option<String> {
    let what = match (m.outcome.as_str(), m.request) {
        ("ignored" | "failed", _) => format!("{}: {}", m.outcome, m.reason.clone().unwrap_or_default()),
        (_, Some(id)) if !m.notes.is_empty() => format!("request {id}"),
        _ => return None,
    };
    let mut line = format!("{}: {what}", m.source);
    for note in &m.notes {
        line.push_str(&format!("; {note}"));
    }
    Some(line)
}

/// Takes mail from a Maildir as it arrives, and sends the outbox, until
/// stopped. Polling, not file events: it works the same on a network
/// share, where file events do not cross machines.
fn watch(ctx: &mut Context, maildir: &Path, every: u64) -> CliResult {
    if !crate::mail::mailbox::is_maildir(maildir) {
        return Err(CliError::Failed(format!(
            "{} is not a Maildir (it has no new/ or cur/ folder)",
            maildir.display()
        )));
    }
    let how = intake(&ctx.mail).map_err(setup_error)?;
    let sender = mailer(&ctx.mail).map_err(setup_error)?;
    eprintln!(
        "frontdesk: watching {} every {every} s{}; Ctrl-C stops",
        maildir.display(),
        if sender.is_some() {
            ", sending the outbox"
        } else {
            ""
        }
    );
    loop {
        let report = import(&mut ctx.store, &[maildir.to_path_buf()], &how, crate::clock::now);
        if !report.messages.is_empty() {
            let stamp = crate::domain::time::local_short(crate::clock::now());
            print(&format!("{stamp} {}\n", report.summary()))?;
            for m in report.messages.iter().filter_map(message_line) {
                print(&format!("  {}\n", inert_line(&m)))?;
            }
        }
        if let Some(sender) = &sender {
            match queue_surveys(&mut ctx.store, &ctx.mail, crate::clock::now()) {
                Ok(n) if n > 0 => print(&format!("  surveys: {n} queued\n"))?,
                Ok(_) => {}
                Err(e) => eprintln!("frontdesk: {}", inert_line(&e.to_string())),
            }
            match send_outbox(&mut ctx.store, sender, None, crate::clock::now) {
                Ok(r) if r.sent + r.failed > 0 => print(&format!("  mail: {}\n", inert_line(&r.summary())))?,
                Ok(_) => {}
                Err(e) => eprintln!("frontdesk: {}", inert_line(&e.to_string())),
            }
        }
        ctx.tell_hooks();
        std::thread::sleep(Duration::from_secs(every.max(1)));
    }
}

fn configured_mailer(ctx: &Context) -> Result<Mailer, CliError> {
    mailer(&ctx.mail).map_err(setup_error)?.ok_or_else(|| {
        CliError::Failed(
            "no smtp in [mail] in the config: say where mail leaves, e.g. smtp = \"smtp://mail.example.org:587\""
                .into(),
        )
    })
}

fn send(ctx: &mut Context) -> CliResult {
    let sender = configured_mailer(ctx)?;
    let surveys = queue_surveys(&mut ctx.store, &ctx.mail, ctx.now)?;
    if surveys > 0 {
        print(&format!("{surveys} satisfaction surveys queued\n"))?;
    }
    let report = send_outbox(&mut ctx.store, &sender, None, crate::clock::now)?;
    print(&format!("{}\n", inert_line(&report.summary())))?;
    if report.failed > 0 {
        return Err(CliError::Failed(format!(
            "{} mail could not be sent; they stay in the outbox",
            report.failed
        )));
    }
    Ok(())
}

fn outbox(ctx: &mut Context, format: ShowFormat) -> CliResult {
    let waiting = ctx.store.unsent_mail()?;
    match format {
        ShowFormat::Json => print_json(&waiting)?,
        ShowFormat::Text => {
            if waiting.is_empty() {
                print("the outbox is empty\n")?;
            }
            for m in &waiting {
                let error = m
                    .last_error
                    .as_deref()
                    .map(|e| format!(" — {e}"))
                    .unwrap_or_default();
                print(&format!(
                    "{}\n",
                    inert_line(&format!(
                        "#{} to {} since {}, {} tries{error}",
                        m.request,
                        m.recipient,
                        crate::domain::time::local_short(m.queued_at),
                        m.attempts
                    ))
                ))?;
            }
        }
    }
    Ok(())
}

/// After a reply: mail it now when this copy can, else say it waits.
pub fn send_reply_mail(ctx: &mut Context, id: RequestId) -> CliResult {
    let why_waiting = match mailer(&ctx.mail) {
        Ok(Some(sender)) => {
            let report = send_outbox(&mut ctx.store, &sender, Some(id), crate::clock::now)?;
            if report.failed > 0 {
                eprintln!(
                    "frontdesk: the reply is recorded but not mailed yet ({}); it waits in the outbox for `frontdesk mail send`",
                    inert_line(report.errors.first().map_or("", String::as_str))
                );
            }
            return Ok(());
        }
        Ok(None) => "this copy has no smtp in [mail]; `frontdesk mail send` where one does".to_string(),
        Err(e) => e.to_string(),
    };
    if !ctx.store.unsent_mail_of(id)?.is_empty() {
        eprintln!("frontdesk: the reply waits in the outbox: {why_waiting}");
    }
    Ok(())
}

/// `attachment ID N --out PATH`: saves one attachment (`-` writes it to
/// standard output).
pub fn save_attachment(ctx: &mut Context, id: RequestId, number: i64, out: &Path) -> CliResult {
    let (attachment, content) = ctx.store.attachment(id, number)?;
    let Some(content) = content else {
        return Err(CliError::Failed(format!(
            "attachment {number} of request {id} ({}, {}) was over the size limit when it arrived: only its name and size were kept",
            inert_line(&attachment.name),
            human_size(attachment.size)
        )));
    };
    if out == Path::new("-") {
        use std::io::Write;
        std::io::stdout().write_all(&content)?;
        return Ok(());
    }
    // A folder takes the attachment's own name; a path names the file,
    // in its folder. Either way an existing file is never replaced.
    let (folder, name) = if out.is_dir() {
        (out.to_path_buf(), attachment.name.clone())
    } else {
        let name = out
            .file_name()
            .map_or_else(|| attachment.name.clone(), |n| n.to_string_lossy().into_owned());
        let folder = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        (folder, name)
    };
    let target = crate::mail::saved_file::save_new(&folder, &name, &content)
        .map_err(|e| CliError::Failed(format!("cannot save in {}: {e}", folder.display())))?;
    eprintln!(
        "frontdesk: saved {} ({}) to {}",
        inert_line(&attachment.name),
        human_size(attachment.size),
        target.display()
    );
    Ok(())
}

/// What `doctor` says about mail: replies waiting in the outbox, and mail
/// that stopped arriving. Nothing for a desk that never took mail.
pub fn doctor_findings(sel: &super::Selection) -> Vec<crate::store::Finding> {
    use crate::store::Finding;
    let Ok(ctx) = sel.open(false) else {
        return Vec::new();
    };
    let (Ok(outbox), Ok(last), Ok(policy)) = (
        ctx.store.outbox_state(),
        ctx.store.last_mail_at(),
        ctx.store.sla_policy(),
    ) else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    if outbox.unsent > 0 {
        let error = outbox
            .last_error
            .map(|e| format!("; last error: {e}"))
            .unwrap_or_default();
        findings.push(Finding {
            ok: true,
            warning: true,
            check: "outbox".into(),
            detail: format!(
                "{} {} not sent yet, the oldest since {}{error}",
                outbox.unsent,
                if outbox.unsent == 1 { "mail is" } else { "mails are" },
                crate::domain::time::local_short(outbox.oldest.unwrap_or(ctx.now))
            ),
            advice: Some(
                "run `frontdesk mail send` where [mail] smtp is set (`mail watch` sends as it goes); `frontdesk mail outbox` lists them".into(),
            ),
        });
    } else if last.is_some() {
        findings.push(Finding {
            ok: true,
            warning: false,
            check: "outbox".into(),
            detail: "every reply has been mailed".into(),
            advice: None,
        });
    }
    let hours = sel
        .config
        .mail
        .silence_hours
        .unwrap_or(crate::domain::mail::DEFAULT_SILENCE_HOURS);
    if let Some(said) = crate::domain::mail::silence(last, ctx.now, &policy.calendar, hours) {
        findings.push(Finding {
            ok: true,
            warning: true,
            check: "mail in".into(),
            detail: said,
            advice: Some(
                "check the mail fetcher (fetchmail, getmail, mbsync: an expired password or token stops it silently) and that `frontdesk mail watch` runs".into(),
            ),
        });
    } else if let Some(last) = last {
        findings.push(Finding {
            ok: true,
            warning: false,
            check: "mail in".into(),
            detail: format!(
                "mail arrives (the last {})",
                crate::domain::time::local_short(last)
            ),
            advice: None,
        });
    }
    findings
}
