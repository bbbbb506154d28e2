//! Mail in the app: the header says when replies wait in the outbox and
//! when mail has stopped arriving; the request pane lists the files a
//! request came with, and `O` (or `o` there) saves one.
#![allow(clippy::unwrap_used)]

mod common;

use common::screen::{t, Screen, NOW};
use crossterm::event::KeyCode;
use frontdesk::domain::mail::read_mail;
use frontdesk::store::Intake;
use frontdesk::tui::view::ViewId;

const MAIL: &str = "From: Li Wei <li.wei@example.org>\r
To: desk@example.org\r
Subject: Expenses form\r
Message-ID: <e1@example.org>\r
MIME-Version: 1.0\r
Content-Type: multipart/mixed; boundary=\"b\"\r
\r
--b\r
Content-Type: text/plain; charset=utf-8\r
\r
Form and invoice attached.\r
--b\r
Content-Type: application/pdf\r
Content-Disposition: attachment; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf\r
Content-Transfer-Encoding: base64\r
\r
JVBERi0xLjQKJcfsj6IK\r
--b\r
Content-Type: text/csv\r
Content-Disposition: attachment; filename=\"form.csv\"\r
\r
a,b\r
--b--\r
";

use frontdesk::domain::command::Command;

fn mailed_desk(s: &mut frontdesk::store::Store) {
    // The mail came a working day before now; a reply to it waits.
    let arrived = t(NOW) - 86_400;
    s.take_mail(&read_mail(MAIL.as_bytes()), &Intake::default(), arrived)
        .unwrap();
    let text = "Thanks, we are on it.".to_string();
    let id = frontdesk::domain::RequestId(1);
    common::screen::run(s, "ana", arrived + 60, Command::Reply { id, text });
}

#[test]
fn the_header_and_request_pane_show_mail_and_a_file_is_saved() {
    let mut s = Screen::with(140, 70, ViewId::AllOpen, mailed_desk);
    let downloads = s.dir.path().join("Downloads");
    s.app.downloads = downloads.clone();
    let text = s.text();
    assert!(text.contains("✉ 1 unsent"), "{text}");
    assert!(text.contains("no mail for 9h 00m"), "{text}");
    assert!(text.contains("Files      2 attachments · O saves one"), "{text}");
    assert!(text.contains("attached 1 发票.pdf (15 B)"), "{text}");

    // O asks which of the two files, and saves the one chosen.
    s.keys("O");
    let asked = s.text();
    assert!(asked.contains("Save a file of #1 in"), "{asked}");
    s.press(KeyCode::Right).ctrl('s');
    let said = s.text();
    assert!(said.contains("saved to"), "{said}");
    assert_eq!(std::fs::read(downloads.join("form.csv")).unwrap(), b"a,b");

    // In the request pane, o is about its files too; on the queue it
    // still reopens (and an open request cannot be).
    s.press(KeyCode::Tab);
    s.keys("o");
    assert!(s.text().contains("Save a file of #1 in"));
    s.press(KeyCode::Enter).ctrl('s');
    s.settle();
    assert_eq!(
        std::fs::read(downloads.join("发票.pdf")).unwrap(),
        b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n"
    );
    s.press(KeyCode::Esc);
}

#[test]
fn without_a_mail_server_the_status_line_says_the_reply_waits() {
    let mut s = Screen::with(140, 40, ViewId::AllOpen, mailed_desk);
    s.keys("r").keys("Please use the new form.").ctrl('s');
    s.settle();
    let text = s.text();
    assert!(
        text.contains(
            "#1: the reply is recorded; its mail waits in the outbox: no mail server is set up here"
        ),
        "{text}"
    );
    assert!(!text.contains("reply sent"), "{text}");
}

#[test]
fn a_reply_from_the_app_is_mailed_at_once() {
    let sink = common::smtp::SmtpSink::start();
    let mut s = Screen::with(140, 40, ViewId::AllOpen, mailed_desk);
    let config = frontdesk::config::MailConfig {
        from: Some("IT Desk <desk@example.org>".into()),
        smtp: Some(sink.url()),
        ..Default::default()
    };
    s.app
        .use_mailer(frontdesk::mail::mailer(&config).unwrap().unwrap());
    s.keys("r").keys("Please use the new form.").ctrl('s');
    s.settle();
    let got = sink.wait_for(1);
    assert!(
        got.iter().any(|m| m.body().contains("Please use the new form.")),
        "{got:?}"
    );
    let text = s.text();
    assert!(
        text.contains("#1: the reply was mailed to the requester"),
        "{text}"
    );
    assert!(!text.contains("unsent"), "the earlier reply left too: {text}");
}

#[test]
fn mail_arriving_quiets_the_alarm_and_a_sent_outbox_clears_the_badge() {
    let mut s = Screen::with(120, 36, ViewId::AllOpen, mailed_desk);
    assert!(s.text().contains("no mail for"));
    s.tick(NOW);
    {
        let mut other = s.other_user();
        let fresh = MAIL.replace("e1@", "e2@").replace("Expenses form", "VPN");
        other
            .take_mail(&read_mail(fresh.as_bytes()), &Intake::default(), t(NOW))
            .unwrap();
        let waiting = other.unsent_mail().unwrap();
        other.claim_mail(waiting[0].id, "test", t(NOW)).unwrap();
        other.mail_sent(waiting[0].id, "test", t(NOW)).unwrap();
    }
    s.tick(NOW);
    let text = s.text();
    assert!(!text.contains("no mail for"), "{text}");
    assert!(!text.contains("unsent"), "{text}");
}
