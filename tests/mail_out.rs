//! Mail out, against a real SMTP server on 127.0.0.1: a reply to a
//! request that came by mail reaches the requester threaded under their
//! message with the request tag; while the server is down it waits in
//! the outbox, and leaves exactly once, however many copies send.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;

use common::smtp::{closed_port, SmtpSink};
use common::Desk;

fn configure(desk: &Desk, smtp: &str, extra: &str) {
    let dir = desk.dir.path().join("config").join("frontdesk");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.toml"),
        format!("[mail]\nfrom = \"IT Desk <desk@example.org>\"\nsmtp = \"{smtp}\"\n{extra}"),
    )
    .unwrap();
}

/// Mail from `n` requesters, taken into the desk.
fn mail_in(desk: &Desk, n: usize) {
    let inbox: PathBuf = desk.path("Maildir");
    for f in ["new", "cur", "tmp"] {
        fs::create_dir_all(inbox.join(f)).unwrap();
    }
    for i in 1..=n {
        fs::write(
            inbox.join("new").join(format!("17640648{i:02}.{i}.mx1")),
            format!(
                "From: Requester {i} <r{i}@example.org>\r\nTo: desk@example.org\r\nSubject: Laptop {i} will not start\r\nMessage-ID: <in{i}@example.org>\r\n\r\nIt beeps three times.\r\n"
            ),
        )
        .unwrap();
    }
    desk.ok(&["mail", "import", inbox.to_str().unwrap()]);
}

#[test]
fn a_reply_reaches_the_requester_threaded_with_the_tag() {
    let sink = SmtpSink::start();
    let desk = Desk::new();
    configure(&desk, &format!("{}?tls=none", sink.url()), "");
    mail_in(&desk, 1);
    let out = desk.run(&["reply", "1", "Hold the power button for 30 seconds."]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let got = sink.wait_for(1);
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.to, ["<r1@example.org>"]);
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Re: Laptop 1 will not start [#1]")
    );
    assert_eq!(
        mail.header("From").as_deref(),
        Some("\"IT Desk\" <desk@example.org>")
    );
    assert_eq!(mail.header("In-Reply-To").as_deref(), Some("<in1@example.org>"));
    assert_eq!(mail.header("References").as_deref(), Some("<in1@example.org>"));
    assert!(mail.body().contains("Hold the power button for 30 seconds."));
    assert_eq!(mail.header("Auto-Submitted"), None, "a person wrote it");
    // Its Message-ID is the desk's, so the answer to it threads back.
    let id = mail.header("Message-ID").unwrap();
    assert!(id.starts_with("<frontdesk.1."), "{id}");
    assert_eq!(desk.ok(&["mail", "outbox"]).trim(), "the outbox is empty");

    // A request taken by phone is never mailed.
    let phone = desk.new_request("Monitor flickers");
    desk.ok(&["reply", &phone.to_string(), "On my way."]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(sink.messages().len(), 1);
}

#[test]
fn a_reply_waits_in_the_outbox_while_the_server_is_down_and_leaves_once() {
    let port = closed_port();
    let desk = Desk::new();
    configure(&desk, &format!("smtp://127.0.0.1:{port}"), "");
    mail_in(&desk, 1);
    let out = desk.run(&["reply", "1", "We ordered a new battery."]);
    assert!(out.status.success(), "the reply is recorded even so");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("waits in the outbox"), "{said}");
    let shown = desk.json(&["show", "1", "--format", "json"]);
    assert!(shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "reply"));
    let waiting = desk.json(&["mail", "outbox", "--format", "json"]);
    assert_eq!(waiting.as_array().unwrap().len(), 1);
    assert_eq!(waiting[0]["attempts"], 1);
    assert!(waiting[0]["last_error"].as_str().is_some());
    let doctor = desk.ok(&["doctor"]);
    assert!(doctor.contains("1 mail is not sent yet"), "{doctor}");

    let sink = SmtpSink::start_on(port);
    assert_eq!(desk.ok(&["mail", "send"]).trim(), "1 sent, 0 failed");
    assert_eq!(desk.ok(&["mail", "send"]).trim(), "0 sent, 0 failed");
    assert_eq!(sink.wait_for(1).len(), 1);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(sink.messages().len(), 1, "sent once");
    assert!(desk.ok(&["doctor"]).contains("every reply has been mailed"));
}

#[test]
fn two_copies_sending_at_once_send_each_mail_once() {
    let port = closed_port();
    let desk = Desk::new();
    configure(&desk, &format!("smtp://127.0.0.1:{port}"), "");
    mail_in(&desk, 12);
    for id in 1..=12 {
        desk.run(&["reply", &id.to_string(), "A technician comes at two."]);
    }
    assert_eq!(
        desk.json(&["mail", "outbox", "--format", "json"])
            .as_array()
            .unwrap()
            .len(),
        12
    );
    let sink = SmtpSink::start_on(port);
    let copies: Vec<_> = (0..2)
        .map(|_| {
            let home = desk.dir.path();
            std::process::Command::new(assert_cmd::cargo::cargo_bin("frontdesk"))
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("HOME", home)
                .env("XDG_DATA_HOME", home.join("data"))
                .env("XDG_CONFIG_HOME", home.join("config"))
                .env("FRONTDESK_DB", &desk.db)
                .env("FRONTDESK_USER", "ana")
                .env("FRONTDESK_NOW", common::NOW)
                .env("TZ", "UTC")
                .args(["mail", "send"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for copy in copies {
        let out = copy.wait_with_output().unwrap();
        assert!(out.status.success());
    }
    let got = sink.wait_for(12);
    std::thread::sleep(std::time::Duration::from_millis(200));
    let got = if got.len() < sink.messages().len() {
        sink.messages()
    } else {
        got
    };
    let ids: HashSet<String> = got.iter().map(|m| m.header("Message-ID").unwrap()).collect();
    assert_eq!(got.len(), 12, "every mail once, none twice");
    assert_eq!(ids.len(), 12);
    assert!(desk
        .json(&["mail", "outbox", "--format", "json"])
        .as_array()
        .unwrap()
        .is_empty());
}

#[test]
fn a_receipt_on_intake_is_marked_automatic_and_auto_replies_get_none() {
    let sink = SmtpSink::start();
    let desk = Desk::new();
    configure(&desk, &sink.url(), "acknowledge = true\n");
    mail_in(&desk, 1);
    let inbox = desk.path("Maildir");
    fs::write(
        inbox.join("new").join("1764065000.ooo.mx1"),
        "From: r1@example.org\r\nTo: desk@example.org\r\nSubject: Out of Office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo@example.org>\r\n\r\nAway.\r\n",
    )
    .unwrap();
    desk.ok(&["mail", "import", inbox.to_str().unwrap()]);
    assert_eq!(desk.ok(&["mail", "send"]).trim(), "1 sent, 0 failed");
    let got = sink.wait_for(1);
    assert_eq!(got.len(), 1, "a receipt for the request, none for the auto-reply");
    let receipt = &got[0];
    assert_eq!(receipt.header("Auto-Submitted").as_deref(), Some("auto-replied"));
    assert_eq!(
        receipt.header("In-Reply-To").as_deref(),
        Some("<in1@example.org>")
    );
    assert_eq!(
        receipt.header("Subject").as_deref(),
        Some("Re: Laptop 1 will not start [#1]")
    );
    assert!(receipt.body().contains("[#1]"));
    assert!(
        receipt.text().starts_with("Dear Requester,"),
        "{}",
        receipt.text()
    );
    // Its Message-ID ends in the desk's domain, not this machine's name.
    assert!(
        receipt
            .header("Message-ID")
            .is_some_and(|id| id.ends_with("@example.org>")),
        "{:?}",
        receipt.header("Message-ID")
    );
}

#[test]
fn the_receipt_is_the_teams_text_and_chinese_to_those_who_wrote_in_chinese() {
    let sink = SmtpSink::start();
    let desk = Desk::new();
    configure(
        &desk,
        &format!("{}?tls=none", sink.url()),
        "acknowledge = true\nreceipt_text = \"Hi {first_name}, #{id} is logged: {subject}. {unknown}\"\n",
    );
    mail_in(&desk, 1);
    let inbox = desk.path("Maildir");
    fs::write(
        inbox.join("new").join("1764065000.zh.mx1"),
        "From: =?UTF-8?B?546L6Iqz?= <wang.fang@example.cn>\r\nTo: desk@example.org\r\nSubject: =?UTF-8?B?5omT5Y2w5py65Z2P5LqG?=\r\nMessage-ID: <zh1@example.cn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n请帮忙\r\n",
    )
    .unwrap();
    desk.ok(&["mail", "import", inbox.to_str().unwrap()]);
    desk.ok(&["mail", "send"]);
    let got = sink.wait_for(2);
    let english = got.iter().find(|m| m.to == ["<r1@example.org>"]).unwrap();
    assert_eq!(
        english.text().trim(),
        "Hi Requester, #1 is logged: Laptop 1 will not start. {unknown}"
    );
    let chinese = got.iter().find(|m| m.to == ["<wang.fang@example.cn>"]).unwrap();
    let text = chinese.text();
    assert!(text.contains("您的请求已登记，编号 2（打印机坏了）"), "{text}");
    assert!(text.starts_with("王芳，您好"), "{text}");
    for m in &got {
        assert!(m
            .header("Message-ID")
            .is_some_and(|id| id.ends_with("@example.org>")));
    }
}

#[test]
fn mail_settings_that_cannot_work_are_one_line_errors() {
    let desk = Desk::new();
    configure(&desk, "smtp://user:secret@127.0.0.1:25", "");
    desk.new_request("x");
    let out = desk.run(&["mail", "send"]);
    assert_eq!(common::code(&out), 1);
    assert!(common::one_line_error(&out).contains("password"));
    configure(&desk, "http://127.0.0.1", "");
    let out = desk.run(&["mail", "send"]);
    assert!(common::one_line_error(&out).contains("not a mail server address"));
    fs::write(
        desk.dir
            .path()
            .join("config")
            .join("frontdesk")
            .join("config.toml"),
        "[mail]\nsmtp = \"smtp://127.0.0.1:25\"\n",
    )
    .unwrap();
    let out = desk.run(&["mail", "send"]);
    assert!(common::one_line_error(&out).contains("from is not"));
    // A login without a password says where the password goes.
    configure(&desk, "smtp://127.0.0.1:25", "user = \"it-help\"\n");
    let out = desk.run(&["mail", "send"]);
    assert!(common::one_line_error(&out).contains("$FRONTDESK_SMTP_PASSWORD or password_file"));
    // With one from a file, the settings are sound (nothing waits to go).
    let secret = desk.path("smtp-password");
    fs::write(&secret, "s3cret\n").unwrap();
    configure(
        &desk,
        "smtp://127.0.0.1:25",
        &format!("user = \"it-help\"\npassword_file = \"{}\"\n", secret.display()),
    );
    assert_eq!(desk.ok(&["mail", "send"]).trim(), "0 sent, 0 failed");
}
