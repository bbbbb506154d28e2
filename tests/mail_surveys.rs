//! Satisfaction surveys by mail, against a real SMTP server on 127.0.0.1:
//! a resolved request's requester is mailed one survey, threaded on their
//! request and in their language; their answer becomes the rating however
//! they wrote the score, a low one opens service recovery, and an
//! out-of-office reply records nothing.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::path::PathBuf;

use common::smtp::{Received, SmtpSink};
use common::Desk;

fn configure(desk: &Desk, smtp: &str) {
    let dir = desk.dir.path().join("config").join("frontdesk");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.toml"),
        format!("[mail]\nfrom = \"IT Desk <desk@example.org>\"\nsmtp = \"{smtp}\"\nsurvey = true\n"),
    )
    .unwrap();
}

/// Drops `raw` in the desk's Maildir and takes it in.
fn deliver(desk: &Desk, name: &str, raw: &str) {
    let inbox: PathBuf = desk.path("Maildir");
    for f in ["new", "cur", "tmp"] {
        fs::create_dir_all(inbox.join(f)).unwrap();
    }
    fs::write(inbox.join("new").join(name), raw).unwrap();
    let out = desk.run(&["mail", "import", "--format", "json", inbox.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A request from `who` by mail, resolved.
fn resolved_by_mail(desk: &Desk, n: usize, who: &str, subject: &str) {
    deliver(
        desk,
        &format!("1764064800.in{n}.mx1"),
        &format!(
            "From: {who} <r{n}@example.org>\r\nTo: desk@example.org\r\nSubject: {subject}\r\nMessage-ID: <in{n}@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{subject}, please help.\r\n"
        ),
    );
    // The odd ones are the network team's.
    if n % 2 == 1 {
        desk.ok(&["update", &n.to_string(), "--team", "Network"]);
    }
    desk.ok(&["resolve", &n.to_string(), "--resolution", "Fixed it at the desk"]);
}

/// The requester's answer to the survey `survey`.
fn answer(desk: &Desk, n: usize, survey: &Received, text: &str, extra_headers: &str) {
    let id = survey.header("Message-ID").unwrap();
    let subject = survey.header("Subject").unwrap();
    deliver(
        desk,
        &format!("1764068400.answer{n}.{}.mx1", text.len()),
        &format!(
            "From: r{n} <r{n}@example.org>\r\nTo: desk@example.org\r\nSubject: {subject}\r\nMessage-ID: <answer{n}.{}@example.org>\r\nIn-Reply-To: {id}\r\nReferences: {id}\r\n{extra_headers}Content-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n\r\n> How did we do?\r\n",
            text.len()
        ),
    );
}

fn survey_to(got: &[Received], address: &str) -> Received {
    got.iter()
        .find(|m| m.to.iter().any(|t| t.contains(address)))
        .unwrap_or_else(|| panic!("no survey to {address}"))
        .clone()
}

#[test]
fn a_resolved_requester_is_surveyed_once_and_the_answer_is_the_rating() {
    let sink = SmtpSink::start();
    let desk = Desk::new();
    configure(&desk, &format!("{}?tls=none", sink.url()));
    resolved_by_mail(&desk, 1, "Ben Carter", "Laptop will not start");
    resolved_by_mail(&desk, 2, "Dana Boss", "VPN drops");
    resolved_by_mail(&desk, 3, "Chloe Martin", "Printer jams");
    resolved_by_mail(&desk, 4, "王芳", "打印机卡纸");
    // A request taken by phone from someone with no address: no survey.
    let phone = desk.ok(&[
        "new",
        "--subject",
        "Monitor flickers",
        "--requester",
        "Zed Quinn",
        "--contact",
        "ext. 2201",
    ]);
    desk.ok(&["resolve", phone.trim(), "--resolution", "Swapped the cable"]);

    let out = desk.ok(&["mail", "send"]);
    assert!(out.contains("4 satisfaction surveys queued"), "{out}");
    let got = sink.wait_for(4);
    assert_eq!(got.len(), 4);
    let ben = survey_to(&got, "r1@example.org");
    assert_eq!(
        ben.header("Subject").as_deref(),
        Some("Re: Laptop will not start [#1]")
    );
    assert_eq!(ben.header("In-Reply-To").as_deref(), Some("<in1@example.org>"));
    assert!(ben.header("Auto-Submitted").is_some(), "sent by the desk itself");
    let text = ben.text();
    assert!(
        text.starts_with("Dear Ben,") && text.contains("from 1 (poor) to 5"),
        "{text}"
    );
    let wang = survey_to(&got, "r4@example.org").text();
    assert!(
        wang.starts_with("王芳，您好") && wang.contains("1（很不满意）到 5"),
        "{wang}"
    );

    // Once: sending again mails no second survey.
    desk.ok(&["mail", "send"]);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert_eq!(sink.messages().len(), 4);

    // A full-width score with words after it.
    answer(&desk, 1, &ben, "４分，还可以但是等太久了", "");
    let one = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(one["rating"]["overall"], 4, "{one}");
    assert_eq!(one["rating"]["comment"], "还可以但是等太久了");
    assert_eq!(one["status"], "resolved", "a survey answer does not reopen it");

    // A low score opens service recovery, as one typed in does.
    answer(&desk, 2, &survey_to(&got, "r2@example.org"), "2", "");
    let two = desk.json(&["show", "2", "--format", "json"]);
    assert_eq!(two["rating"]["overall"], 2);
    assert_eq!(two["follow_up_kind"], "recovery", "{two}");

    // An out-of-office reply records nothing; the survey stays open.
    answer(
        &desk,
        3,
        &survey_to(&got, "r3@example.org"),
        "I am out of the office until Monday, 5 December.",
        "Auto-Submitted: auto-replied\r\n",
    );
    let three = desk.json(&["show", "3", "--format", "json"]);
    assert!(three["rating"].is_null(), "{three}");

    // A reply with no score is kept as mail; the survey stays open.
    answer(&desk, 4, &survey_to(&got, "r4@example.org"), "谢谢！", "");
    let four = desk.json(&["show", "4", "--format", "json"]);
    assert!(four["rating"].is_null());
    assert_eq!(four["status"], "resolved");
    assert!(
        four["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["body"] == "谢谢！"),
        "{four}"
    );

    // A later answer replaces the rating and says so in the history.
    answer(&desk, 1, &ben, "5 10 after all, very good", "");
    let one = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(one["rating"]["overall"], 5);
    assert_eq!(one["rating"]["recommend"], 10);
    let ratings: Vec<&serde_json::Value> = one["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "rating")
        .collect();
    assert_eq!(ratings.len(), 2);
    assert!(ratings[1]["old_value"].as_str().unwrap().contains('4'), "{one}");

    let figures = desk.json(&["surveys", "--format", "json"]);
    assert_eq!(figures["sent"], 4);
    assert_eq!(figures["answered"], 2);
    assert_eq!(figures["response_rate"], 50.0);
    let pending: Vec<i64> = figures["pending"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(pending, [3, 4]);
    let table = desk.ok(&["surveys"]);
    assert!(table.contains("4 sent, 2 answered, response rate 50%"), "{table}");
    // The KPI report gains the response rate.
    let report = desk.ok(&["report"]);
    assert!(
        report.contains("Survey response rate         50% (2 of 4)"),
        "{report}"
    );
    let json = desk.json(&["report", "--format", "json"]);
    assert_eq!(json["surveys"]["response_rate"], 50.0);
    let html = desk.ok(&["report", "--format", "html"]);
    assert!(
        html.contains("data-kpi=\"survey-response-rate\"><div class=\"v\">50% (2 of 4)"),
        "{html}"
    );
}

#[test]
fn surveys_begin_when_they_are_turned_on_not_for_the_desks_past() {
    let sink = SmtpSink::start();
    let desk = Desk::new();
    // Resolved days before surveys were turned on: never promised one.
    deliver(
        &desk,
        "1764064800.old.mx1",
        "From: Ben <r1@example.org>\r\nTo: desk@example.org\r\nSubject: Old laptop\r\nMessage-ID: <old@example.org>\r\n\r\nIt beeps.\r\n",
    );
    desk.ok_at(
        "2026-11-02T10:00:00Z",
        &["resolve", "1", "--resolution", "Fixed it"],
    );
    configure(&desk, &format!("{}?tls=none", sink.url()));
    let out = desk.ok(&["mail", "send"]);
    assert!(!out.contains("surveys queued"), "{out}");
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(sink.messages().is_empty());
}
