//! Mail in: a Maildir of the mail people really send (plain, Chinese in
//! GB2312 and Big5, Cyrillic in KOI8-R, HTML only, attachments with
//! non-ASCII names, broken MIME) becomes requests; answers thread to
//! their request; auto-replies, the desk's own mail and bounces never
//! become requests; nothing is taken twice.
#![allow(clippy::unwrap_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::Desk;
use serde_json::Value;

/// A Maildir with its three folders.
fn maildir(desk: &Desk) -> PathBuf {
    let dir = desk.path("Maildir");
    for f in ["new", "cur", "tmp"] {
        fs::create_dir_all(dir.join(f)).unwrap();
    }
    dir
}

/// Delivers a message as an MTA would: a unique name in `new/`.
fn deliver(dir: &Path, name: &str, text: &str) {
    fs::write(
        dir.join("new").join(format!("1764064800.{name}.mx1")),
        text.replace('\n', "\r\n"),
    )
    .unwrap();
}

fn configure(desk: &Desk, extra: &str) {
    let dir = desk.dir.path().join("config").join("frontdesk");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("config.toml"),
        format!(
            "[mail]\nfrom = \"IT Desk <desk@example.org>\"\naddresses = [\"it-help@example.org\"]\nattachment_limit_mb = 1\n{extra}"
        ),
    )
    .unwrap();
}

fn outcome_of<'a>(report: &'a Value, message_id: &str) -> &'a Value {
    report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["message_id"] == message_id)
        .unwrap_or_else(|| panic!("no record of {message_id} in {report:#}"))
}

const PLAIN: &str = "From: Li Wei <li.wei@example.org>
To: IT Desk <desk@example.org>
Subject: VPN drops every hour
Message-ID: <m1@example.org>
Date: Tue, 24 Nov 2026 09:15:00 +0000

The VPN drops every hour since Monday.
";

const GB2312: &str = "From: =?GB2312?B?1cXOsA==?= <zhang@example.org>
To: desk@example.org
Subject: =?GB2312?B?tPLTobv6v6jWvQ==?=
Message-ID: <m2@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=GB2312
Content-Transfer-Encoding: base64

ssbO8bK/tcS08tOhu/rT1r+o1r3By6Osx+u+ob/stKbA7aGj
";

const BIG5: &str = "From: =?Big5?B?s6+kcKn6?= <chen@example.org>
To: desk@example.org
Subject: =?Big5?B?pkyq7b73tUyqa6ZDpkw=?=
Message-ID: <m3@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=Big5
Content-Transfer-Encoding: base64

t3ytcKvHqrqmTKrtvve1TKprpkOmTKFBwcLBwqFD
";

const HTML_ONLY: &str = "From: Bea Novak <bea@example.org>
To: desk@example.org
Subject: Badge does not open the door
Message-ID: <m4@example.org>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<html><head><style>p {color: red}</style></head><body><p>My badge does not open the <b>3rd floor</b> door =
&amp; the lift.</p></body></html>
";

const KOI8R: &str = "From: =?KOI8-R?B?6dfBzg==?= <ivan@example.org>
To: desk@example.org
Subject: =?KOI8-R?B?8NLJ18XULCDOxSDSwcLP1MHF1CDQz97UwQ==?=
Message-ID: <m10@example.org>
Content-Type: text/plain; charset=KOI8-R
Content-Transfer-Encoding: base64

8NLJ18XULCDOxSDSwcLP1MHF1CDQz97UwQ==
";

/// Attachments named in RFC 2231 (UTF-8) and RFC 2047 (GBK), and one over
/// the 1 MB limit.
fn with_attachments() -> String {
    let big = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n".repeat(25_000);
    format!(
        "From: Ben Carter <ben@example.org>
To: desk@example.org
Subject: Expenses form attached
Message-ID: <m5@example.org>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=\"outer\"

--outer
Content-Type: multipart/alternative; boundary=\"inner\"

--inner
Content-Type: text/plain; charset=utf-8

Please find the invoice and the form.
--inner
Content-Type: text/html; charset=utf-8

<p>Please find the invoice and the form.</p>
--inner--
--outer
Content-Type: application/pdf
Content-Disposition: attachment; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf
Content-Transfer-Encoding: base64

JVBERi0xLjQKJcfsj6IK
--outer
Content-Type: application/vnd.ms-excel; name=\"=?GBK?B?sajP+rWlLnhsc3g=?=\"
Content-Disposition: attachment
Content-Transfer-Encoding: base64

UEsDBBQAAAAIAA==
--outer
Content-Type: application/octet-stream
Content-Disposition: attachment; filename=\"scan.tif\"
Content-Transfer-Encoding: base64

{big}--outer--
"
    )
}

const REPLY_BY_TAG: &str = "From: Li Wei <li.wei@example.org>
To: desk@example.org
Subject: =?UTF-8?B?5Zue5aSNOg==?= VPN drops every hour [#1]
Message-ID: <m6@example.org>

Still dropping this morning.

On Tue, 24 Nov 2026 IT Desk <desk@example.org> wrote:
> Please try the new client.
";

const AUTO_REPLY: &str = "From: Li Wei <li.wei@example.org>
To: desk@example.org
Subject: Automatic reply: VPN drops every hour [#1]
Auto-Submitted: auto-replied
Message-ID: <m7@example.org>

I am out of the office until Monday.
";

const OWN: &str = "From: IT Desk <it-help@example.org>
To: desk@example.org
Subject: Loop
Message-ID: <m8@example.org>

The desk's own mail.
";

/// A boundary that never comes, no sender and no Message-ID.
const BROKEN: &str = "Subject: Broken mail
Content-Type: multipart/mixed; boundary=\"never-used\"

--another-boundary
Content-Type: text/plain

The monitor flickers.
";

#[test]
fn a_maildir_of_real_mail_becomes_requests_and_nothing_is_taken_twice() {
    let desk = Desk::new();
    configure(&desk, "");
    let inbox = maildir(&desk);
    let big = with_attachments();
    for (n, text) in [
        PLAIN, GB2312, BIG5, HTML_ONLY, KOI8R, &big, BROKEN, OWN, AUTO_REPLY,
    ]
    .iter()
    .enumerate()
    {
        deliver(&inbox, &format!("{n:02}"), text);
    }
    let report = desk.json(&["mail", "import", inbox.to_str().unwrap(), "--format", "json"]);
    assert_eq!(report["new"], 7, "{report:#}");
    assert_eq!(report["ignored"], 2, "{report:#}");
    assert_eq!(report["failed"], 0, "{report:#}");
    assert!(outcome_of(&report, "m8@example.org")["reason"]
        .as_str()
        .unwrap()
        .contains("own address"));
    assert!(outcome_of(&report, "m7@example.org")["reason"]
        .as_str()
        .unwrap()
        .contains("automatic reply"));
    let big_notes = outcome_of(&report, "m5@example.org")["notes"].to_string();
    assert!(
        big_notes.contains("scan.tif") && big_notes.contains("over the limit"),
        "{big_notes}"
    );

    let by_subject = |subject: &str| -> Value {
        let list = desk.json(&[
            "list",
            "--status",
            "new,open,waiting,resolved,closed",
            "--format",
            "json",
        ]);
        let id = list
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["subject"] == subject)
            .unwrap_or_else(|| panic!("no request {subject}: {list:#}"))["id"]
            .as_i64()
            .unwrap();
        desk.json(&["show", &id.to_string(), "--format", "json"])
    };
    let plain = by_subject("VPN drops every hour");
    assert_eq!(plain["requester"], "Li Wei");
    assert_eq!(plain["contact"], "li.wei@example.org");
    assert_eq!(plain["channel"], "email");
    assert_eq!(
        plain["created_at"], "2026-11-24T09:15:00Z",
        "received when it was sent"
    );
    assert!(plain["body"]
        .as_str()
        .unwrap()
        .contains("every hour since Monday"));

    let chinese = by_subject("打印机卡纸");
    assert_eq!(chinese["requester"], "张伟");
    assert_eq!(chinese["body"], "财务部的打印机又卡纸了，请尽快处理。");
    let big5 = by_subject("印表機無法列印");
    assert_eq!(big5["requester"], "陳小明");
    assert_eq!(big5["body"], "會計室的印表機無法列印，謝謝。");
    let russian = by_subject("Привет, не работает почта");
    assert_eq!(russian["requester"], "Иван");

    let html = by_subject("Badge does not open the door")["body"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        html.contains("My badge does not open the 3rd floor door & the lift."),
        "{html}"
    );
    assert!(
        !html.contains('<') && !html.contains("color"),
        "markup left in: {html}"
    );

    let broken = by_subject("Broken mail");
    assert!(
        broken["body"].as_str().unwrap().contains("monitor flickers"),
        "{broken:#}"
    );

    let files = by_subject("Expenses form attached");
    let attachments = files["attachments"].as_array().unwrap();
    let named: Vec<(&str, i64, &str, bool)> = attachments
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap(),
                a["size"].as_i64().unwrap(),
                a["content_type"].as_str().unwrap(),
                a["kept"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(named[0], ("发票.pdf", 15, "application/pdf", true));
    assert_eq!(named[1].0, "报销单.xlsx");
    assert_eq!(named[2].0, "scan.tif");
    assert!(named[2].1 > 1024 * 1024 && !named[2].3, "{named:?}");
    assert_eq!(files["body"], "Please find the invoice and the form.");
    let created = &files["events"][0];
    assert_eq!(created["kind"], "created");
    assert_eq!(
        created["attachments"].as_array().unwrap().len(),
        3,
        "on the event too"
    );
    // Saved byte for byte; the one over the limit says why it cannot be.
    let id = files["id"].to_string();
    let out = desk.path("saved");
    fs::create_dir_all(&out).unwrap();
    desk.ok(&["attachment", &id, "1", "--out", out.to_str().unwrap()]);
    assert_eq!(
        fs::read(out.join("发票.pdf")).unwrap(),
        b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n"
    );
    let refused = desk.run(&["attachment", &id, "3", "--out", out.to_str().unwrap()]);
    assert_eq!(common::code(&refused), 1);
    assert!(common::one_line_error(&refused).contains("over the size limit"));
    let text = desk.ok(&["show", &id]);
    assert!(
        text.contains("Attachments") && text.contains("1  发票.pdf (15 B, application/pdf)"),
        "{text}"
    );

    // Handled mail moved to cur/ marked seen, as a mail client does.
    assert_eq!(fs::read_dir(inbox.join("new")).unwrap().count(), 0);
    let seen = fs::read_dir(inbox.join("cur"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(":2,S")
        })
        .count();
    assert_eq!(seen, 9);
    let again = desk.ok(&["mail", "import", inbox.to_str().unwrap()]);
    assert_eq!(again.trim(), "0 new requests, 0 replies, 0 ignored, 0 failed");
    // The same message delivered twice (a fetcher run twice) is known.
    deliver(&inbox, "again", PLAIN);
    let twice = desk.json(&["mail", "import", inbox.to_str().unwrap(), "--format", "json"]);
    assert!(outcome_of(&twice, "m1@example.org")["reason"]
        .as_str()
        .unwrap()
        .contains("handled before"));
    assert_eq!(desk.listed(&["--status", "new,open,waiting,resolved,closed"]), 7);
}

fn import(desk: &Desk, inbox: &Path, now: &str) -> Value {
    let out = desk
        .cmd()
        .env("FRONTDESK_NOW", now)
        .args(["mail", "import", inbox.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn answers_thread_to_their_request_reopen_it_and_bounces_land_there() {
    let desk = Desk::new();
    configure(&desk, "");
    let inbox = maildir(&desk);
    deliver(&inbox, "a", PLAIN);
    import(&desk, &inbox, common::NOW);

    // The tag in a Chinese "回复:" subject threads it; the quote is left out.
    deliver(&inbox, "b", REPLY_BY_TAG);
    let report = import(&desk, &inbox, common::NOW);
    let reply = outcome_of(&report, "m6@example.org");
    assert_eq!(
        (reply["outcome"].as_str(), reply["request"].as_i64()),
        (Some("reply"), Some(1))
    );
    let shown = desk.json(&["show", "1", "--format", "json"]);
    let mail = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "mail")
        .unwrap();
    assert_eq!(mail["body"], "Still dropping this morning.");
    assert_eq!(mail["new_value"], "li.wei@example.org");
    assert!(desk.ok(&["show", "1"]).contains("mail from li.wei@example.org"));

    // An agent's reply goes to the outbox; an answer naming it in
    // In-Reply-To (no tag in the subject) threads to the request, and
    // reopens it once resolved.
    desk.ok(&["reply", "1", "Please install client 5.2."]);
    let outbox = desk.json(&["mail", "outbox", "--format", "json"]);
    let sent_id = outbox[0]["message_id"].as_str().unwrap().to_string();
    assert_eq!(outbox[0]["subject"], "Re: VPN drops every hour [#1]");
    assert_eq!(outbox[0]["in_reply_to"], "m6@example.org");
    assert_eq!(
        outbox[0]["references"],
        serde_json::json!(["m1@example.org", "m6@example.org"])
    );
    desk.ok(&["resolve", "1", "--resolution", "client 5.2"]);
    deliver(
        &inbox,
        "c",
        &format!(
            "From: li.wei@example.org\nTo: desk@example.org\nSubject: Sorry, one more thing\nIn-Reply-To: <{sent_id}>\nMessage-ID: <m11@example.org>\n\nIt dropped again.\n"
        ),
    );
    let report = import(&desk, &inbox, common::NOW);
    let again = outcome_of(&report, "m11@example.org");
    assert_eq!(again["request"], 1);
    assert_eq!(again["reopened"], true);
    let shown = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(shown["status"], "open");

    // A bounce of the desk's mail is a delivery failure on the request,
    // never a request of its own.
    deliver(
        &inbox,
        "d",
        &format!(
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: desk@example.org
Subject: Undelivered Mail Returned to Sender
Message-ID: <bounce1@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"

--b
Content-Type: text/plain

This is the mail system. Your message could not be delivered.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; li.wei@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <li.wei@example.org>: mailbox unknown

--b
Content-Type: message/rfc822

From: IT Desk <desk@example.org>
To: li.wei@example.org
Subject: Re: VPN drops every hour [#1]
Message-ID: <{sent_id}>

Please install client 5.2.
--b--
"
        ),
    );
    let report = import(&desk, &inbox, common::NOW);
    let bounce = outcome_of(&report, "bounce1@mx.example.org");
    assert_eq!(
        (bounce["outcome"].as_str(), bounce["request"].as_i64()),
        (Some("bounce"), Some(1))
    );
    let shown = desk.json(&["show", "1", "--format", "json"]);
    let failure = shown["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "delivery_failure")
        .unwrap();
    assert_eq!(failure["new_value"], "li.wei@example.org");
    assert!(
        failure["body"].as_str().unwrap().contains("mailbox unknown"),
        "{failure:#}"
    );
    assert_eq!(
        desk.listed(&["--status", "new,open,waiting,resolved,closed"]),
        1,
        "no request was made of the bounce"
    );

    // Closed long ago: a new request, linked to the old one.
    desk.ok(&["close", "1", "--reason", "duplicate of the network outage"]);
    let reply = REPLY_BY_TAG.replace("m6@", "m12@");
    deliver(&inbox, "e", &reply);
    let report = import(&desk, &inbox, "2027-01-10T10:00:00Z");
    let follow = outcome_of(&report, "m12@example.org");
    assert_eq!(follow["outcome"], "follow_on");
    let new = follow["request"].as_i64().unwrap();
    assert_ne!(new, 1);
    let shown = desk.json(&["show", &new.to_string(), "--format", "json"]);
    assert_eq!(shown["links"][0]["id"], 1);
    assert_eq!(shown["subject"], "VPN drops every hour");
}

#[test]
fn only_the_requester_those_copied_and_staff_continue_a_request_by_mail() {
    let desk = Desk::new();
    configure(&desk, "");
    let inbox = maildir(&desk);
    deliver(&inbox, "a", PLAIN);
    import(&desk, &inbox, common::NOW);
    desk.ok(&["resolve", "1", "--resolution", "client 5.2"]);
    let history = |id: &str| {
        desk.json(&["show", id, "--format", "json"])["events"]
            .as_array()
            .unwrap()
            .len()
    };
    let before = history("1");

    // A stranger's answer by the tag, and one naming the requester's
    // message: each a new request from them, linked; #1 as it was.
    deliver(
        &inbox,
        "b",
        "From: Mallory <mallory@evil.example>\nTo: desk@example.org\nSubject: Re: VPN drops every hour [#1]\nMessage-ID: <x1@evil.example>\n\nReopen this, I am Li Wei.\n",
    );
    deliver(
        &inbox,
        "c",
        "From: mallory@evil.example\nTo: desk@example.org\nSubject: about that\nIn-Reply-To: <m1@example.org>\nMessage-ID: <x2@evil.example>\n\nAnd again.\n",
    );
    let report = import(&desk, &inbox, common::NOW);
    for (message, new) in [("x1@evil.example", 2), ("x2@evil.example", 3)] {
        let taken = outcome_of(&report, message);
        assert_eq!(taken["outcome"], "outsider", "{taken:#}");
        assert_eq!(taken["request"], new);
        assert!(
            taken["reason"].as_str().unwrap().contains("not on request 1"),
            "{taken:#}"
        );
        let shown = desk.json(&["show", &new.to_string(), "--format", "json"]);
        assert_eq!(shown["requester"], "Mallory");
        assert_eq!(shown["links"][0]["id"], 1);
    }
    let first = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(first["status"], "resolved");
    assert_eq!(first["requester"], "Li Wei");
    assert!(
        !first["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "mail" && e["new_value"] != "li.wei@example.org"),
        "{first:#}"
    );
    assert_eq!(history("1"), before + 2, "only the two links");

    // Staff may: an agent writes on the request from their own address.
    desk.ok(&[
        "people",
        "add",
        "Ana Lopez",
        "--role",
        "agent",
        "--contact",
        "ana@corp.example",
    ]);
    deliver(
        &inbox,
        "d",
        "From: Ana Lopez <ana@corp.example>\nTo: desk@example.org\nSubject: Re: VPN drops every hour [#1]\nMessage-ID: <s1@corp.example>\n\nI called Li Wei: it drops again.\n",
    );
    let report = import(&desk, &inbox, common::NOW);
    let staff = outcome_of(&report, "s1@corp.example");
    assert_eq!(
        (staff["outcome"].as_str(), staff["reopened"].as_bool()),
        (Some("reply"), Some(true))
    );
}

#[test]
fn the_teams_filters_route_new_mail() {
    let desk = Desk::new();
    configure(
        &desk,
        "[[mail.rule]]\nfrom_domain = \"example.org\"\nsubject = [\"vpn\"]\nteam = \"Network\"\ncategory = \"remote access\"\nurgency = \"high\"\n",
    );
    let inbox = maildir(&desk);
    deliver(&inbox, "a", PLAIN);
    deliver(&inbox, "b", HTML_ONLY);
    import(&desk, &inbox, common::NOW);
    let vpn = desk.json(&["show", "1", "--format", "json"]);
    assert_eq!(vpn["team"], "Network");
    assert_eq!(vpn["category"], "remote access");
    assert_eq!(vpn["urgency"], "high");
    let badge = desk.json(&["show", "2", "--format", "json"]);
    assert_eq!(badge["team"], Value::Null);
    assert_eq!(badge["urgency"], "medium");
}

#[test]
fn an_mbox_and_single_files_are_read_and_bad_paths_are_one_line_errors() {
    let desk = Desk::new();
    configure(&desk, "");
    let mbox = desk.path("inbox.mbox");
    fs::write(
        &mbox,
        format!("From li.wei@example.org Tue Nov 24 09:15:00 2026\n{PLAIN}\nFrom bea@example.org Tue Nov 24 09:20:00 2026\n{HTML_ONLY}"),
    )
    .unwrap();
    let eml = desk.path("one.eml");
    fs::write(&eml, GB2312).unwrap();
    let out = desk.ok(&["mail", "import", mbox.to_str().unwrap(), eml.to_str().unwrap()]);
    assert_eq!(out.trim(), "3 new requests, 0 replies, 0 ignored, 0 failed");
    // An mbox stays as it is; the desk knows its messages.
    let out = desk.ok(&["mail", "import", mbox.to_str().unwrap()]);
    assert!(
        out.trim()
            .ends_with("0 new requests, 0 replies, 2 ignored, 0 failed"),
        "{out}"
    );

    let missing = desk.run(&["mail", "import", desk.path("nowhere").to_str().unwrap()]);
    assert_eq!(common::code(&missing), 1);
    let err = common::one_line_error(&missing);
    assert!(err.contains("could not be taken"), "{err}");
    let folder = desk.path("plain-folder");
    fs::create_dir_all(&folder).unwrap();
    let not_maildir = desk.run(&["mail", "watch", folder.to_str().unwrap()]);
    assert_eq!(common::code(&not_maildir), 1);
    assert!(common::one_line_error(&not_maildir).contains("not a Maildir"));
}

#[test]
fn a_desk_moved_through_its_export_keeps_its_files_threads_views_and_macros() {
    let desk = Desk::new();
    configure(&desk, "");
    let inbox = maildir(&desk);
    deliver(&inbox, "00", PLAIN);
    deliver(&inbox, "01", &with_attachments());
    import(&desk, &inbox, "2026-11-25T10:00:00Z");
    desk.ok(&["views", "add", "network", "--query", "tag:network", "--shared"]);
    desk.ok(&[
        "macros",
        "add",
        "vpn-reset",
        "--reply",
        "Hello {first_name}, we reset your VPN token.",
        "--tag",
        "vpn",
    ]);
    let file = desk.path("export.json");
    desk.ok(&["export", "--format", "json", "--out", file.to_str().unwrap()]);

    let moved = Desk::new();
    configure(&moved, "");
    let said = moved.ok(&["import", file.to_str().unwrap()]);
    // The PDF, the spreadsheet and the scan over the limit (its name and size).
    assert!(said.contains(", 3 files"), "{said}");
    // Event ids and hash-chain links are the new desk's own; the rest,
    // the files listed on the request and its events included, is equal.
    let shown = |d: &Desk, id: &str| {
        let mut request = d.json(&["show", id, "--format", "json"]);
        for e in request["events"].as_array_mut().unwrap() {
            e.as_object_mut().unwrap().remove("id");
            e.as_object_mut().unwrap().remove("hash");
        }
        request
    };
    for id in ["1", "2"] {
        assert_eq!(shown(&moved, id), shown(&desk, id), "request {id} moved whole");
    }
    assert_eq!(shown(&moved, "2")["attachments"].as_array().unwrap().len(), 3);
    for number in ["1", "2"] {
        let kept = |d: &Desk| {
            let out = d.path(&format!("file-{number}"));
            d.ok(&["attachment", "2", number, "--out", out.to_str().unwrap()]);
            common::bytes(&out)
        };
        assert_eq!(kept(&moved), kept(&desk), "attachment {number} byte for byte");
    }
    for list in [["views", "list"], ["macros", "list"]] {
        assert_eq!(moved.ok(&list), desk.ok(&list), "{list:?}");
    }
    // The Message-IDs came along: the same mail delivered to the moved
    // desk is known, and an answer naming the first threads to it.
    let inbox = maildir(&moved);
    deliver(&inbox, "02", PLAIN);
    deliver(
        &inbox,
        "03",
        "From: Li Wei <li.wei@example.org>\nTo: desk@example.org\nSubject: Still dropping\nMessage-ID: <m9@example.org>\nIn-Reply-To: <m1@example.org>\n\nIt dropped again at noon.\n",
    );
    let report = import(&moved, &inbox, "2026-11-26T10:00:00Z");
    assert!(outcome_of(&report, "m1@example.org")["reason"]
        .as_str()
        .unwrap()
        .contains("handled before"));
    assert_eq!(outcome_of(&report, "m9@example.org")["request"], 1, "{report:#}");
}

#[test]
fn the_requesters_answer_reaches_the_owners_inbox_and_their_cover_while_they_are_away() {
    let desk = Desk::new();
    configure(&desk, "");
    let inbox = maildir(&desk);
    deliver(&inbox, "first", PLAIN);
    import(&desk, &inbox, common::NOW);
    let alice = desk
        .cmd_as("alice")
        .args(["people", "add", "alice", "--role", "lead"])
        .output()
        .unwrap();
    assert!(alice.status.success());
    for args in [
        &["people", "add", "bo", "--role", "agent"][..],
        &["people", "add", "cy", "--role", "agent"],
        &["update", "1", "--assign", "cy"],
        &["people", "away", "cy", "--until", "2026-11-30", "--cover", "bo"],
    ] {
        let out = desk.cmd_as("alice").args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    deliver(
        &inbox,
        "answer",
        "From: Li Wei <li.wei@example.org>\nTo: desk@example.org\nSubject: Re: VPN drops every hour [#1]\nMessage-ID: <a1@example.org>\n\nIt drops again.\n",
    );
    import(&desk, &inbox, common::NOW);
    for (who, why) in [("cy", "assigned"), ("bo", "covering")] {
        let out = desk
            .cmd_as(who)
            .args(["inbox", "--format", "json"])
            .output()
            .unwrap();
        let items: Value = serde_json::from_slice(&out.stdout).unwrap();
        let mail = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "mail")
            .unwrap_or_else(|| panic!("{who} heard nothing of the mail: {items}"));
        assert_eq!(mail["why"], why);
        assert_eq!(mail["who"], "frontdesk");
        assert!(
            mail["text"].as_str().unwrap().contains("It drops again."),
            "{mail}"
        );
    }
}
