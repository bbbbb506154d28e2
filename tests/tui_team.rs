//! The team's day in the app: an absence recorded with `H`, a team's
//! turns set with `K`, and both shown where work is given out — the queue's
//! assignee column, the detail pane, the assign dialog, "my requests" of
//! the one who covers.

#![allow(clippy::unwrap_used)]

mod common;

use common::screen::{run, seed, t, Screen, NOW};
use frontdesk::domain::command::Command;
use frontdesk::tui::view::ViewId;

#[test]
fn a_lead_records_an_absence_and_a_teams_turns_from_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    seed(&mut frontdesk::store::Store::open(&db, &common::screen::options()).unwrap());
    let mut s = Screen::open(dir, db, 100, 30, ViewId::AllOpen, "lena");
    s.keys("H");
    assert!(s.text().contains("Away: no new work by turn"), "{}", s.text());
    s.ctrl('u').keys("bob").tab(1).keys("someday").ctrl('s');
    assert!(s.text().contains("the last day away: YYYY-MM-DD"), "{}", s.text());
    s.ctrl('u').keys("2026-11-27").tab(1).keys("ana").ctrl('s');
    let text = s.text();
    assert!(
        text.contains("bob is away until 2026-11-27; ana covers"),
        "{text}"
    );
    assert!(text.contains("✈ bob"), "the queue marks bob's requests: {text}");
    // Giving work by hand: the dialog says who is away.
    s.keys("a").ctrl('u').keys("b");
    let text = s.text();
    assert!(
        text.contains("Tab: bob (away until 2026-11-27, cover ana)"),
        "{text}"
    );
    s.press(crossterm::event::KeyCode::Esc)
        .press(crossterm::event::KeyCode::Esc);
    // The lead's team takes its new work in turn.
    s.keys("K")
        .ctrl('u')
        .keys("Service Desk")
        .tab(1)
        .keys("r")
        .ctrl('s');
    let text = s.text();
    assert!(
        text.contains("team Service Desk now assigns new work: round-robin"),
        "{text}"
    );
    s.keys("n")
        .keys("Ben Carter")
        .tab(6)
        .keys("Service Desk")
        .tab(5)
        .keys("Badge does not open the door");
    s.ctrl('s');
    let id = s.app.selected_id.unwrap();
    let r = s.other_user().request(id).unwrap();
    assert_eq!(r.assignee.as_deref(), Some("lena"));
    s.press(crossterm::event::KeyCode::Enter).keys("G");
    let text = s.text();
    assert!(
        text.contains("assigned to lena by the desk (round-robin)"),
        "{text}"
    );
}

#[test]
fn whoever_covers_sees_the_absent_persons_requests_in_my_requests() {
    let mut s = Screen::with(100, 30, ViewId::Mine, |store| {
        seed(store);
        run(
            store,
            "lena",
            t(NOW),
            Command::SetAway {
                name: "bob".into(),
                back: Some(t("2026-11-28T00:00:00Z")),
                cover: Some("ana".into()),
            },
        );
    });
    let text = s.text();
    assert!(
        text.contains("Printer on floor 3 jams"),
        "bob's request is ana's to cover: {text}"
    );
    assert!(text.contains("✈ bob"), "{text}");
    s.press(crossterm::event::KeyCode::Enter);
    let text = s.text();
    assert!(text.contains("bob — away until 2026-11-27, cover ana"), "{text}");
}

#[test]
fn a_note_completes_an_at_name_and_the_colleague_finds_it_in_the_inbox() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    s.keys("i").keys("cc @le");
    assert!(s.text().contains("Tab: @lena"), "{}", s.text());
    s.tab(1).keys("can you sign off the spare?");
    s.ctrl('s');
    let store = s.other_user();
    let note = store.events(id).unwrap().into_iter().last().unwrap();
    assert_eq!(note.body.as_deref(), Some("cc @lena can you sign off the spare?"));
    assert!(store
        .inbox("lena", true)
        .unwrap()
        .iter()
        .any(|i| i.request == id && i.why.as_str() == "mentioned"));
    assert_eq!(store.request(id).unwrap().watchers, ["lena"]);
}

#[test]
fn the_inbox_opens_with_i_shows_unread_news_and_enter_goes_to_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    {
        let mut store = frontdesk::store::Store::open(&db, &common::screen::options()).unwrap();
        seed(&mut store);
        // bob owns request 1; ana writes a note on it, lena asks bob's lead...
        let one = frontdesk::domain::RequestId(1);
        run(
            &mut store,
            "ana",
            t(NOW),
            Command::Note {
                id: one,
                text: "@bob the tray is fixed".into(),
            },
        );
        run(
            &mut store,
            "ana",
            t(NOW) + 60,
            Command::Reply {
                id: one,
                text: "Fixed, thanks for waiting".into(),
            },
        );
    }
    let mut s = Screen::open(dir, db, 100, 30, ViewId::AllOpen, "bob");
    // The seed's work on bob's request by others, and these two.
    let unread = s.other_user().unread_count("bob").unwrap();
    assert!(unread >= 2);
    assert!(s.text().contains(&format!("inbox {unread} (I)")), "{}", s.text());
    s.keys("I");
    let text = s.text();
    assert!(text.contains(&format!("Inbox · {unread} unread")), "{text}");
    let line_with = |what: &str| {
        text.lines()
            .find(|l| l.contains(what))
            .unwrap_or_default()
            .to_string()
    };
    let reply = line_with("reply: Fixed, thanks for waiting");
    assert!(
        reply.contains("● #1") && reply.contains("assigned") && reply.contains("ana"),
        "{text}"
    );
    assert!(
        line_with("internal note: @bob the tray is fixed").contains("mentioned"),
        "{text}"
    );
    // Enter on the newest: its request opens, the item is read.
    s.press(crossterm::event::KeyCode::Enter);
    let text = s.text();
    assert_eq!(s.app.selected_id, Some(frontdesk::domain::RequestId(1)));
    assert!(text.contains("Printer on floor 3 jams"), "{text}");
    assert!(text.contains(&format!("inbox {} (I)", unread - 1)), "{text}");
    // R marks the rest read; the badge goes.
    s.keys("I").keys("R");
    assert!(s.text().contains("Inbox · 0 unread"), "{}", s.text());
    s.press(crossterm::event::KeyCode::Esc);
    assert!(!s.text().contains("inbox"), "{}", s.text());
}

#[test]
fn approval_is_asked_with_p_and_decided_with_y_and_the_lead_sees_it_in_view_b() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    seed(&mut frontdesk::store::Store::open(&db, &common::screen::options()).unwrap());
    let mut s = Screen::open(dir, db.clone(), 100, 30, ViewId::AllOpen, "bob");
    let id = s.app.selected_id.unwrap();
    s.keys("P")
        .keys("le")
        .tab(1)
        .keys("A new toner costs 90 EUR")
        .ctrl('s');
    let text = s.text();
    assert!(
        text.contains(&format!("#{id} waits on lena's approval")),
        "{text}"
    );
    // bob cannot decide it, and says so before a dialog opens.
    s.press(crossterm::event::KeyCode::Enter).keys("Y");
    assert!(
        s.text()
            .contains("only lena (the approver) or a team lead may decide"),
        "{}",
        s.text()
    );
    // lena's view b lists what awaits her approval; Y decides.
    let mut lead = Screen::open(tempfile::tempdir().unwrap(), db, 100, 30, ViewId::AllOpen, "lena");
    lead.keys("b");
    let text = lead.text();
    assert!(text.contains("Awaiting my approval · 1"), "{text}");
    lead.press(crossterm::event::KeyCode::Enter);
    assert!(
        lead.text()
            .contains("Approval   pending with lena, asked by bob: A new toner costs 90 EUR"),
        "{}",
        lead.text()
    );
    lead.keys("Y");
    assert!(
        lead.text().contains("bob asks: A new toner costs 90 EUR"),
        "{}",
        lead.text()
    );
    lead.keys("r").ctrl('s');
    assert!(lead.text().contains("say why it is rejected"), "{}", lead.text());
    lead.press(crossterm::event::KeyCode::BackTab)
        .keys("a")
        .tab(1)
        .keys("ok, order it")
        .ctrl('s');
    let text = lead.text();
    assert!(
        text.contains(&format!("#{id} approved; it is open again")),
        "{text}"
    );
    let r = lead.other_user().request(id).unwrap();
    assert_eq!(r.status, frontdesk::domain::Status::Open);
}

#[test]
fn w_watches_the_request_and_again_stops() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    s.press(crossterm::event::KeyCode::Enter).keys("w");
    assert!(s.text().contains(&format!("watching #{id}")), "{}", s.text());
    assert!(s.text().contains("Watchers   ana"), "{}", s.text());
    s.keys("w");
    assert!(
        s.text().contains(&format!("no longer watching #{id}")),
        "{}",
        s.text()
    );
    assert!(s.other_user().request(id).unwrap().watchers.is_empty());
}

#[test]
fn news_arriving_while_the_app_is_open_rings_when_the_person_asked() {
    let mut s = Screen::seeded(100, 30);
    s.app.notify = Some(frontdesk::config::Notify::Osc9);
    assert_eq!(s.app.ring, None);
    // Someone else mentions ana.
    let mut other = s.other_user();
    run(
        &mut other,
        "lena",
        t(NOW),
        Command::Note {
            id: frontdesk::domain::RequestId(3),
            text: "@ana the CEO called".into(),
        },
    );
    s.tick("2026-11-25T10:00:05Z");
    let rung = s.app.ring.clone().expect("a notification");
    assert!(rung.contains("unread in your Frontdesk inbox"), "{rung}");
    assert!(s.text().contains("inbox "), "{}", s.text());
    let sequence = frontdesk::config::Notify::Osc9.sequence("a\x1b]0;pwned\x07 subject");
    assert!(sequence.starts_with("\x1b]9;") && sequence.ends_with('\x07'));
    assert_eq!(sequence.matches('\x1b').count(), 1, "{sequence:?}");
    assert_eq!(sequence.matches('\x07').count(), 1, "{sequence:?}");
}

#[test]
fn the_new_request_form_offers_what_it_may_repeat_and_enter_opens_that_one() {
    let mut s = Screen::seeded(100, 30);
    let before = s
        .other_user()
        .queue_len(&frontdesk::store::QueueFilter::default())
        .unwrap();
    s.keys("n")
        .keys("Ben Carter")
        .tab(11)
        .keys("floor 3 printer jams again");
    let text = s.text();
    assert!(text.contains("Same as"), "{text}");
    assert!(text.contains("none — record it as a new request"), "{text}");
    // Down to the offer (past the description), → to the request, Enter.
    s.tab(2).press(crossterm::event::KeyCode::Right);
    let text = s.text();
    assert!(
        text.contains("#1 Printer on floor 3 jams, Ben Carter, 1d 1h ago"),
        "{text}"
    );
    s.press(crossterm::event::KeyCode::Enter);
    assert!(s.app.modal.is_none(), "{}", s.text());
    assert_eq!(s.app.selected_id, Some(frontdesk::domain::RequestId(1)));
    let after = s
        .other_user()
        .queue_len(&frontdesk::store::QueueFilter::default())
        .unwrap();
    assert_eq!(before, after, "nothing new was recorded");
}

#[test]
fn the_open_app_tells_its_hooks_of_its_changes_without_waiting_for_them() {
    let mut s = Screen::seeded(100, 30);
    let heard = s.dir.path().join("heard.jsonl");
    s.app.use_hooks(vec![
        frontdesk::config::HookConfig {
            on: vec!["escalated".into()],
            run: format!("cat >> '{}'", heard.display()),
        },
        frontdesk::config::HookConfig {
            on: vec!["escalated".into()],
            run: "sleep 3".into(),
        },
    ]);
    let id = s.app.selected_id.unwrap();
    let started = std::time::Instant::now();
    s.keys("e").keys("whole floor down").ctrl('s');
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "the app does not wait for a hook"
    );
    assert!(s.text().contains(&format!("#{id} escalated")), "{}", s.text());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let told = loop {
        let text = std::fs::read_to_string(&heard).unwrap_or_default();
        if !text.is_empty() || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let event: serde_json::Value =
        serde_json::from_str(told.lines().next().expect("the hook heard")).unwrap();
    assert_eq!(event["on"], "escalated");
    assert_eq!(event["request"], id.0);
    assert_eq!(event["text"], "whole floor down");
}
