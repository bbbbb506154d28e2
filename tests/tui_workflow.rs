//! The triage workflow from the keyboard, checked in the database; and
//! working as a team on one file: refresh, conflicts, locks, read-only.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use common::screen::{options, record, run, seed, t, Screen, NOW};
use crossterm::event::KeyCode;
use frontdesk::domain::command::Command;
use frontdesk::domain::{Priority, Status};
use frontdesk::store::{OpenOptions, QueueFilter, QueueSort, RequestChange, Store};
use frontdesk::tui::app::Modal;
use frontdesk::tui::form::FieldId;
use frontdesk::tui::view::ViewId;

fn store(s: &Screen) -> Store {
    s.other_user()
}

#[test]
fn create_assign_reply_escalate_resolve_and_rate_from_the_keyboard() {
    let mut s = Screen::seeded(100, 30);
    // New request: requester completed from known people with Tab.
    s.keys("n").keys("Ben C");
    s.tab(1);
    assert_eq!(
        s.app.modal.as_ref().map(|m| matches!(m, Modal::Form(_))),
        Some(true)
    );
    let text = s.text();
    assert!(text.contains("Ben Carter") && text.contains("Finance"), "{text}");
    s.tab(6).press(KeyCode::Right); // urgency: medium → high
    s.tab(4).keys("Outlook crashes on start");
    s.tab(1)
        .keys("Since the update.")
        .press(KeyCode::Enter)
        .keys("Error 0x80070");
    s.ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    let id = s.app.selected_id.expect("the new request is selected");
    let db = store(&s);
    let r = db.request(id).unwrap();
    assert_eq!(r.subject, "Outlook crashes on start");
    assert_eq!(r.body, "Since the update.\nError 0x80070");
    assert_eq!(r.requester, "Ben Carter");
    assert_eq!(r.department.as_deref(), Some("Finance"));
    assert_eq!(r.priority, Priority::P2);
    assert!(s.text().contains(&format!("request #{id} recorded")));

    // Assign to bob (completed), reply, escalate, resolve, rate.
    s.keys("a").keys("b").tab(1).ctrl('s');
    s.keys("r").keys("Please restart Outlook in safe mode.").ctrl('s');
    s.keys("i").keys("Known issue KB123").ctrl('s');
    s.keys("e").keys("Blocks the whole finance team").ctrl('s');
    s.keys("x").keys("Repaired the Office install").ctrl('s');
    // Resolved requests leave "All open"; the rating is taken from view 7.
    s.keys("7");
    assert_eq!(s.app.selected_id, Some(id));
    s.keys("R").keys("4").tab(1).keys("5"); // overall 4, speed 5

    s.tab(4).keys("Fast and friendly").ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());

    let r = db.request(id).unwrap();
    assert_eq!(r.assignee.as_deref(), Some("bob"));
    assert_eq!(
        r.status,
        Status::Closed,
        "the follow-up call ends with the request closed"
    );
    assert_eq!(r.escalation_level, 1);
    assert!(r.first_response_at.is_some());
    let rating = db.rating(id).unwrap().unwrap();
    assert_eq!((rating.overall, rating.speed), (4, Some(5)));
    assert_eq!(rating.comment.as_deref(), Some("Fast and friendly"));
    let kinds: Vec<String> = db
        .events(id)
        .unwrap()
        .iter()
        .map(|e| e.kind.to_string())
        .collect();
    assert_eq!(
        kinds,
        [
            "created",
            "assignee",
            "status",
            "reply",
            "note",
            "escalation",
            "status",
            "rating",
            "status"
        ]
    );
    assert!(db.events(id).unwrap().iter().all(|e| e.actor == "ana"));
}

#[test]
fn status_priority_transfer_and_take() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    s.keys("t");
    s.keys("p").press(KeyCode::Left).ctrl('s'); // urgency high → medium
    s.keys("T")
        .keys("Net")
        .tab(1)
        .keys("needs a switch port")
        .ctrl('s');
    s.keys("s").keys("w").ctrl('s'); // open → waiting
    let r = store(&s).request(id).unwrap();
    assert_eq!(r.assignee.as_deref(), Some("ana"));
    assert_eq!(r.priority, Priority::P2);
    assert_eq!(r.team.as_deref(), Some("Network"));
    assert_eq!(r.status, Status::Waiting);
    s.keys("o");
    assert!(s
        .text()
        .contains("only resolved or closed requests can be reopened"));
}

#[test]
fn search_updates_while_typing_and_esc_clears_it() {
    let mut s = Screen::seeded(100, 30);
    // One letter waits for the next (or for Enter): it would match half
    // of a large desk.
    s.keys("/v");
    assert_eq!(s.app.queue.total, 4);
    assert!(s.text().contains("Enter search for one letter"), "{}", s.text());
    s.keys("p");
    assert_eq!(s.app.queue.total, 1);
    assert!(s.text().contains("VPN drops"));
    s.keys("nx");
    assert_eq!(s.app.queue.total, 0);
    assert!(s.text().contains("Hidden by [/vpnx▏]."), "{}", s.text());
    s.press(KeyCode::Backspace).press(KeyCode::Enter);
    assert_eq!(s.app.queue.total, 1);
    s.press(KeyCode::Esc);
    assert_eq!(s.app.queue.total, 4);
    // Replies are searched too.
    s.keys("/technician").press(KeyCode::Enter);
    assert_eq!(s.app.queue.rows[0].subject, "Printer on floor 3 jams");
    // Enter searches for a single letter; one Chinese character is a
    // word and is searched for at once.
    s.press(KeyCode::Esc).keys("/v");
    assert_eq!(s.app.queue.total, 4);
    s.press(KeyCode::Enter);
    assert_eq!(s.app.queue.total, 1);
}

#[test]
fn filters_and_sorting() {
    let mut s = Screen::seeded(100, 30);
    s.keys("f").press(KeyCode::Tab).press(KeyCode::Right).ctrl('s'); // priority P1
    assert_eq!(s.app.queue.total, 1);
    assert_eq!(s.app.queue.rows[0].priority, Priority::P1);
    s.keys("f").tab(2).keys("Fin").tab(1).ctrl('s');

    s.keys("f").press(KeyCode::Tab).press(KeyCode::Left).ctrl('s'); // priority back to any
    assert!(s
        .app
        .queue
        .rows
        .iter()
        .all(|r| r.department.as_deref() == Some("Finance")));
    assert_eq!(s.app.queue.total, 2);
    assert_eq!(s.app.sort, QueueSort::Due);
    s.keys("S");
    assert_eq!(s.app.sort, QueueSort::Created);
    assert!(s.text().contains("sort created"));
}

#[test]
fn navigation_keys_move_and_page() {
    let mut s = Screen::with(80, 24, ViewId::AllOpen, |st| {
        numbered_requests(st, 500, 1);
    });
    assert_eq!(s.app.queue.total, 500);
    assert!(
        s.app.queue.rows.len() <= frontdesk::tui::queue_window::WINDOW,
        "only a window is loaded"
    );
    s.keys("j").keys("j");
    assert_eq!(s.app.selected, 2);
    s.press(KeyCode::PageDown);
    assert_eq!(s.app.selected, 21);
    s.keys("G");
    assert_eq!(s.app.selected, 499);
    let last = s.app.queue.get(499).expect("the last window is loaded").id;
    assert_eq!(s.app.selected_id, Some(last));
    assert!(s.text().contains(&format!("Request #{last}")) || s.text().contains(&last.to_string()));
    s.keys("k").keys("g");
    assert_eq!(s.app.selected, 0);
    s.press(KeyCode::PageUp);
    assert_eq!(s.app.selected, 0);
}

/// Paging through a long queue and back reads each next window on from
/// the one shown: every row shown is the row at that place in the queue.
#[test]
fn paging_through_a_long_queue_and_back_shows_every_row_in_order() {
    let mut s = Screen::with(80, 24, ViewId::AllOpen, |st| {
        numbered_requests(st, 700, 60);
    });
    let store = Store::open(&s.db, &common::screen::options()).unwrap();
    let expected: Vec<frontdesk::domain::RequestId> = store
        .queue(&s.app.filter(), s.app.sort, 0, 10_000)
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(expected.len(), 700);
    let check = |s: &Screen| {
        let (offset, rows) = (s.app.queue.offset, &s.app.queue.rows);
        assert!(
            rows.len() <= frontdesk::tui::queue_window::WINDOW,
            "one window at most"
        );
        let shown: Vec<frontdesk::domain::RequestId> = rows.iter().map(|r| r.id).collect();
        assert_eq!(shown, expected[offset..offset + rows.len()], "window at {offset}");
        assert_eq!(s.app.selected_id, Some(expected[s.app.selected]));
    };
    while s.app.selected < 699 {
        s.press(KeyCode::PageDown);
        check(&s);
    }
    while s.app.selected > 0 {
        s.press(KeyCode::PageUp);
        check(&s);
    }
    // Straight to the bottom and back to the top.
    s.keys("G");
    check(&s);
    assert_eq!(s.app.selected, 699);
    s.keys("g");
    check(&s);
}

#[test]
fn changes_by_another_user_appear_after_the_refresh_tick_keeping_the_selection() {
    let mut s = Screen::seeded(160, 48);
    s.keys("j");
    let id = s.app.selected_id.unwrap();
    let mut other = s.other_user();
    let text = "Called the vendor".to_string();
    run(&mut other, "bob", t(NOW), Command::Note { id, text });
    let new = frontdesk::domain::NewRequest {
        subject: "Brand new from the CLI".into(),
        requester: "Zed".into(),
        ..Default::default()
    };
    record(&mut other, "bob", t(NOW), new);
    assert!(!s.text().contains("Called the vendor"));
    s.tick("2026-11-25T10:00:01Z");
    let text = s.text();
    assert!(text.contains("Called the vendor"), "{text}");
    assert!(text.contains("Brand new from the CLI"), "{text}");
    assert_eq!(s.app.selected_id, Some(id), "selection stays on the same request");
}

#[test]
fn a_lost_race_shows_both_sides_and_can_be_reapplied() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    let mut other = s.other_user();
    let change = RequestChange {
        assignee: Some(Some("bob".into())),
        ..Default::default()
    };
    run(&mut other, "bob", t(NOW), Command::Update { id, change });
    s.keys("s").ctrl('s'); // new → open, based on the old version
    let text = s.text();
    assert!(matches!(s.app.modal, Some(Modal::Conflict(_))), "{text}");
    assert!(text.contains("changed while you worked on it"), "{text}");
    assert!(
        !text.contains("T10:00:00Z"),
        "times are local, not raw UTC stamps: {text}"
    );
    assert!(text.contains("Your change:  set status to open"), "{text}");
    assert!(text.contains("assigned to bob"), "{text}");
    // Nothing was applied yet.
    assert_eq!(
        other.request(id).unwrap().status,
        Status::Open,
        "bob's take already opened it"
    );
    let before = other.request(id).unwrap().version;
    s.keys("d");
    assert_eq!(other.request(id).unwrap().version, before);
    // A change that still makes sense can be re-applied on top.
    let change = RequestChange {
        team: Some(Some("Network".into())),
        ..Default::default()
    };
    run(&mut other, "bob", t(NOW), Command::Update { id, change });
    s.keys("p").press(KeyCode::Left).ctrl('s');
    assert!(matches!(s.app.modal, Some(Modal::Conflict(_))));
    s.keys("a");
    let r = other.request(id).unwrap();
    assert_eq!(r.urgency, frontdesk::domain::Urgency::Medium);
    assert_eq!(r.team.as_deref(), Some("Network"), "their change is kept");
    assert!(s.app.modal.is_none());
}

#[test]
fn a_write_waiting_on_a_lock_says_so_and_the_ui_keeps_responding() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    seed(&mut Store::open(&db, &options()).unwrap());
    let slow = OpenOptions {
        busy_timeout: Duration::from_secs(20),
        ..options()
    };
    let mut s = Screen::open_with(dir, db.clone(), 100, 30, ViewId::AllOpen, "ana", slow);
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value;")
        .unwrap();
    s.press_now(KeyCode::Char('t'));
    std::thread::sleep(Duration::from_millis(600));
    s.app.update(frontdesk::tui::action::Action::Tick(t(NOW)));
    assert!(s.text().contains("waiting for lock…"));
    let before = s.app.focus;
    s.press_now(KeyCode::Tab);
    assert_ne!(s.app.focus, before, "keys still work while the write waits");
    holder.execute_batch("ROLLBACK;").unwrap();
    s.settle();
    assert!(!s.text().contains("waiting for lock…"));
    let id = s.app.selected_id.unwrap();
    assert_eq!(store(&s).request(id).unwrap().assignee.as_deref(), Some("ana"));
}

#[test]
fn a_write_that_fails_says_why_and_keeps_the_typed_text() {
    let mut s = Screen::seeded(100, 30);
    let holder = rusqlite::Connection::open(&s.db).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; UPDATE settings SET value = value;")
        .unwrap();
    s.keys("r").keys("We are on it").ctrl('s');
    let text = s.text();
    assert!(
        text.contains("not saved: database is locked by another user"),
        "{text}"
    );
    match &s.app.modal {
        Some(Modal::Form(f)) => assert_eq!(f.value(FieldId::Reply), "We are on it"),
        _ => panic!("the editor closed: {text}"),
    }
    holder.execute_batch("ROLLBACK;").unwrap();
    s.ctrl('s');
    assert!(s.app.modal.is_none());
    let id = s.app.selected_id.unwrap();
    assert!(store(&s)
        .events(id)
        .unwrap()
        .iter()
        .any(|e| e.body.as_deref() == Some("We are on it")));
}

#[test]
fn a_read_only_database_opens_with_a_banner_and_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    seed(&mut Store::open(&db, &options()).unwrap());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut s = Screen::open(dir, db, 80, 24, ViewId::AllOpen, "ana");
    assert!(s.text().contains("READ-ONLY"));
    for key in ["r", "n", "a", "x"] {
        s.keys(key);
        assert!(s.app.modal.is_none());
        assert!(s
            .text()
            .contains("read-only: you can look, but nothing can be changed"));
    }
    snapshot(&mut s);
}

fn snapshot(s: &mut Screen) {
    let text = s.text();
    insta::assert_snapshot!("read_only_80x24", text);
}

#[test]
fn escape_sequences_in_text_reach_the_screen_as_harmless_text() {
    let mut s = Screen::with(80, 24, ViewId::AllOpen, |st| {
        let new = frontdesk::domain::NewRequest {
            subject: "evil \x1b[2J\x1b]52;c;aGk=\x07 \u{202e}gnp.exe \u{9b}31m".into(),
            body: "line\x1b[Hjump".into(),
            requester: "x\x1b[31mred".into(),
            ..Default::default()
        };
        record(st, "ana", t(NOW), new);
    });
    s.press(KeyCode::Enter);
    let text = s.text();
    assert!(text.contains("evil ␛[2J␛]52;c;aGk=␇"), "{text}");
    let buffer = s.terminal.backend().buffer().clone();
    for cell in buffer.content() {
        assert!(
            cell.symbol().chars().all(|c| !c.is_control() && c != '\u{202e}'),
            "raw control {:?} in the buffer",
            cell.symbol()
        );
    }
}

#[test]
fn the_empty_state_loads_demo_data_with_one_key() {
    let mut s = Screen::empty(80, 24);
    s.keys("D");
    assert!(s.app.queue.total > 0);
    assert!(s.text().contains("demo requests loaded"));
    let all = store(&s).queue_len(&QueueFilter::default()).unwrap();
    assert_eq!(all, 300);
    s.keys("D");
    assert!(s.text().contains("only be loaded into an empty database"));
}

#[test]
fn quitting_asks_only_when_typed_text_would_be_lost() {
    let mut s = Screen::seeded(80, 24);
    s.keys("r").keys("half a reply");
    s.ctrl('c');
    assert!(!s.app.should_quit);
    assert!(s.text().contains("Quit and lose what you typed?"));
    s.keys("n");
    assert!(!s.app.should_quit);
    s.press(KeyCode::Esc).keys("y"); // discard the reply
    assert!(s.app.modal.is_none());
    s.keys("q");
    assert!(s.app.should_quit);
}

#[test]
fn a_follow_up_call_is_recorded_from_the_follow_ups_view() {
    let mut s = Screen::seeded(100, 30);
    s.keys("0");
    let id = s.app.selected_id.unwrap();
    s.keys("F").keys("Called back, all fine now").ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    let db = store(&s);
    assert!(db.request(id).unwrap().follow_up_at.is_none());
    assert!(db
        .events(id)
        .unwrap()
        .iter()
        .any(|e| e.body.as_deref() == Some("Called back, all fine now")));
    assert_eq!(s.app.queue.total, 0, "the view empties");
    s.keys("3").keys("F");
    assert!(s.text().contains("has no follow-up call pending"));
}

/// A dialog that opens with a value (the current assignee) has it selected:
/// typing replaces it rather than adding to it.
#[test]
fn typing_into_a_filled_field_replaces_what_it_held() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    s.keys("t"); // take it: assigned to ana
    assert_eq!(store(&s).request(id).unwrap().assignee.as_deref(), Some("ana"));
    s.keys("a");
    assert!(s.text().contains("Assignee ana"), "{}", s.text());
    s.keys("bo");
    assert!(s.text().contains("Assignee bo "), "{}", s.text());
    s.tab(1).ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    assert_eq!(store(&s).request(id).unwrap().assignee.as_deref(), Some("bob"));
    // An arrow key keeps the value and edits it instead.
    s.keys("a").press(KeyCode::End).keys("x");
    assert!(s.text().contains("Assignee bobx"), "{}", s.text());
}

/// `n` requests "request 000"…, created `gap` seconds apart, newest first.
fn numbered_requests(st: &mut Store, n: i64, gap: i64) {
    for i in 0..n {
        let new = frontdesk::domain::NewRequest {
            subject: format!("request {i:03}"),
            requester: "R".into(),
            ..Default::default()
        };
        record(st, "ana", t("2026-11-25T09:00:00Z") - i * gap, new);
    }
}

fn mouse(s: &mut Screen, kind: crossterm::event::MouseEventKind, column: u16, row: u16) {
    s.app.update(frontdesk::tui::action::Action::Mouse(
        crossterm::event::MouseEvent {
            kind,
            column,
            row,
            modifiers: crossterm::event::KeyModifiers::NONE,
        },
    ));
    s.settle();
}

#[test]
fn a_click_picks_a_request_and_the_wheel_scrolls_the_pane_under_it() {
    use crossterm::event::{MouseButton, MouseEventKind};
    use frontdesk::tui::layout::Pane;
    let mut s = Screen::with(160, 48, ViewId::AllOpen, |st| {
        numbered_requests(st, 60, 60);
    });
    // The queue's rows start under its border and heading (row 3 here):
    // a click on row 7 picks the fifth request.
    mouse(&mut s, MouseEventKind::Down(MouseButton::Left), 10, 7);
    assert_eq!(s.app.selected, 4);
    let id = s.app.queue.get(4).unwrap().id;
    assert_eq!(s.app.selected_id, Some(id));
    assert!(s.text().contains(&format!("Request #{id}")), "{}", s.text());
    // The wheel over the queue moves the selection three rows a notch.
    mouse(&mut s, MouseEventKind::ScrollDown, 10, 20);
    assert_eq!(s.app.selected, 7);
    mouse(&mut s, MouseEventKind::ScrollUp, 10, 20);
    assert_eq!(s.app.selected, 4);
    // Over the detail it scrolls the detail (this one fits, so it stays
    // at the top), never the queue, and focuses it.
    mouse(&mut s, MouseEventKind::ScrollDown, 120, 10);
    assert_eq!(
        (s.app.focus, s.app.detail_scroll, s.app.selected),
        (Pane::Detail, 0, 4)
    );
    mouse(&mut s, MouseEventKind::Down(MouseButton::Left), 10, 30);
    assert_eq!((s.app.focus, s.app.selected), (Pane::Queue, 27));
    // Dialogs are for the keyboard: a click does nothing under one.
    s.keys("r");
    mouse(&mut s, MouseEventKind::Down(MouseButton::Left), 10, 8);
    assert_eq!(s.app.selected, 27);
}

#[test]
fn the_rating_dialog_records_exactly_the_score_given() {
    let mut s = Screen::seeded(80, 24);
    s.keys("7");
    let id = s.app.selected_id.expect("a resolved request");
    // Saving with nothing chosen records nothing and says what is missing.
    s.keys("R").ctrl('s');
    assert!(s.text().contains("choose the overall score"), "{}", s.text());
    assert!(s.other_user().rating(id).unwrap().is_none());
    // → raises from the bottom; typing 1 then 0 in Recommend is 10.
    s.press(KeyCode::Right)
        .press(KeyCode::Right)
        .press(KeyCode::Right);
    s.tab(4).keys("10");
    s.ctrl('s');
    let rating = s.other_user().rating(id).unwrap().expect("recorded");
    assert_eq!(
        (rating.overall, rating.recommend, rating.speed),
        (3, Some(10), None)
    );
}

#[test]
fn the_subject_gets_the_room_first_at_every_width() {
    let mut s = Screen::seeded(120, 40);
    insta::assert_snapshot!("all_open_120x40", s.text());
    s.keys("9");
    insta::assert_snapshot!("escalations_120x40", s.text());
    // In the lead's view the subject shares its column with the reason,
    // and keeps enough of it to be recognised.
    for width in 80..=250 {
        s.resize(width, 40);
        let screen = s.text();
        assert!(screen.contains("↑1 VPN drops"), "{width}:\n{screen}");
        assert!(screen.contains(" — Whole"), "{width}:\n{screen}");
    }
    s.resize(120, 40);
    s.keys("3");
    for width in 60..=250 {
        s.resize(width, 40);
        let screen = s.text();
        assert!(
            screen.contains("↑1 VPN drops every"),
            "at {width} columns the subject is cut too short:\n{screen}"
        );
    }
}

#[test]
fn the_status_line_says_what_was_done_in_plain_words() {
    let mut s = Screen::seeded(80, 24);
    let id = s.app.selected_id.unwrap();
    s.keys("a").keys("bob").ctrl('s');
    let screen = s.text();
    assert!(screen.contains(&format!("#{id} assigned to bob")), "{screen}");
    s.press(KeyCode::Enter);
    assert!(s.text().contains(" event"), "{}", s.text());
}

#[test]
fn every_filter_shows_as_a_chip_at_every_width_and_c_clears_them() {
    let mut s = Screen::seeded(80, 24);
    s.keys("f")
        .press(KeyCode::Down)
        .keys("p")
        .press(KeyCode::Down)
        .keys("Mar")
        .ctrl('s');
    for width in [60, 80, 120, 200] {
        s.resize(width, 24);
        let screen = s.text();
        let header = screen.lines().next().unwrap();
        assert!(
            header.contains("[P1]") && header.contains("[dept Mar]"),
            "{width}: {header}"
        );
    }
    s.resize(120, 24);
    insta::assert_snapshot!("filter_chips_120x24", s.text());
    s.resize(80, 24);
    let screen = s.text();
    assert!(
        screen.contains("Hidden by [P1] [dept Mar]."),
        "the empty state names them:\n{screen}"
    );
    assert!(screen.contains("Press c to clear"), "{screen}");
    s.keys("c");
    let screen = s.text();
    assert!(!screen.lines().next().unwrap().contains('['), "{screen}");
    assert!(s.app.queue.total > 0, "{screen}");
}

#[test]
fn keys_act_on_the_focused_pane_and_a_new_reply_is_on_screen() {
    let mut s = Screen::seeded(80, 24);
    let id = s.app.selected_id.unwrap();
    {
        let mut other = s.other_user();
        for n in 0..25 {
            let text = format!("earlier note {n}");
            run(&mut other, "bob", t(NOW), Command::Note { id, text });
        }
    }
    s.ctrl('r'); // reloads what others wrote
    s.press(KeyCode::Enter);
    assert!(
        !s.text().contains("earlier note 24"),
        "the end is below the pane at first"
    );
    s.keys("G");
    let screen = s.text();
    assert!(
        screen.contains("earlier note 24"),
        "G shows the history's end:\n{screen}"
    );
    assert_eq!(
        s.app.selected_id,
        Some(id),
        "G in the detail does not jump to another request"
    );
    s.keys("g");
    assert!(s.text().contains(&format!("#{id} ")), "g goes back to the top");
    s.keys("r").keys("On my way").ctrl('s');
    let screen = s.text();
    assert!(
        screen.contains("On my way"),
        "the new reply is on screen:\n{screen}"
    );
}

#[test]
fn a_reply_that_lost_a_race_is_kept_as_a_draft_when_dropped() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    s.keys("r").keys("We are replacing the cable today");
    // Someone else answers while the reply is being typed.
    let text = "I called them back".to_string();
    run(&mut s.other_user(), "bob", t(NOW), Command::Reply { id, text });
    // Based on the version the dialog opened at: a lost race.
    s.ctrl('s');
    assert!(matches!(s.app.modal, Some(Modal::Conflict(_))), "{}", s.text());
    assert!(s.text().contains("not now (your text is kept)"), "{}", s.text());
    s.keys("d");
    assert!(s.app.modal.is_none());
    s.keys("r");
    let Some(Modal::Form(form)) = &s.app.modal else {
        panic!("the reply dialog")
    };
    assert_eq!(form.value(FieldId::Reply), "We are replacing the cable today");
    s.ctrl('s');
    let events = s.other_user().events(id).unwrap();
    assert!(events
        .iter()
        .any(|e| e.body.as_deref() == Some("We are replacing the cable today")));
    // Sent: the draft is gone.
    s.keys("r");
    let Some(Modal::Form(form)) = &s.app.modal else {
        panic!("the reply dialog")
    };
    assert_eq!(form.value(FieldId::Reply), "");
}

#[test]
fn a_duplicate_is_closed_from_the_app_with_a_reason() {
    let mut s = Screen::seeded(80, 24);
    let id = s.app.selected_id.unwrap();
    s.keys("C").ctrl('s');
    assert!(
        s.text().contains("why it is closed"),
        "a reason is asked for:\n{}",
        s.text()
    );
    s.keys("duplicate of #1").ctrl('s');
    let r = s.other_user().request(id).unwrap();
    assert_eq!(r.status, Status::Closed);
    let events = s.other_user().events(id).unwrap();
    assert!(events
        .iter()
        .any(|e| e.body.as_deref().is_some_and(|b| b.contains("duplicate of #1"))));
}

#[test]
fn the_category_completes_from_those_in_use() {
    let mut s = Screen::seeded(80, 24);
    s.keys("n");
    // Requester, Department, Contact, Channel, Kind: down to Category.
    for _ in 0..5 {
        s.press(KeyCode::Down);
    }
    s.keys("Hard");
    assert!(s.text().contains("Tab: Hardware"), "{}", s.text());
    s.tab(1);
    let Some(Modal::Form(form)) = &s.app.modal else {
        panic!("the form")
    };
    assert_eq!(form.value(FieldId::Category), "Hardware");
}

#[test]
fn the_resulting_priority_and_due_time_show_live_as_urgency_and_impact_change() {
    let mut s = Screen::seeded(80, 24);
    s.keys("n");
    // Wednesday 10:00: a P3 is answered within 4 working hours.
    assert!(
        s.text().contains("New request → P3 · answer by 2026-11-25 14:00"),
        "{}",
        s.text()
    );
    // Down to Urgency (Requester, Department, Contact, Channel, Kind, Category, Team).
    for _ in 0..7 {
        s.press(KeyCode::Down);
    }
    s.press(KeyCode::Right).press(KeyCode::Right); // medium → critical
    s.press(KeyCode::Down).press(KeyCode::Right); // impact medium → high
    assert!(
        s.text().contains("New request → P1 · answer by 2026-11-25 10:30"),
        "{}",
        s.text()
    );
}

#[test]
fn the_recorded_details_are_edited_from_the_app() {
    let mut s = Screen::seeded(80, 24);
    let id = s.app.selected_id.unwrap();
    s.keys("u");
    assert!(
        s.text().contains(&format!("Edit #{id} as recorded")),
        "{}",
        s.text()
    );
    // The subject opens selected: typing replaces it.
    s.keys("Corrected subject").ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    let r = s.other_user().request(id).unwrap();
    assert_eq!(r.subject, "Corrected subject");
    let events = s.other_user().events(id).unwrap();
    assert!(events
        .iter()
        .any(|e| e.kind == frontdesk::domain::EventKind::Subject));
}

#[test]
fn ctrl_e_hands_the_text_to_the_editor_and_takes_back_what_was_saved() {
    use frontdesk::tui::action::Action;
    let mut s = Screen::seeded(80, 24);
    s.keys("r").keys("first words");
    s.ctrl('e');
    assert_eq!(s.app.external_edit.take().as_deref(), Some("first words"));
    s.app.update(Action::EditedExternally(Ok(
        "first words\nand a long second paragraph\n".into(),
    )));
    let Some(Modal::Form(form)) = &s.app.modal else {
        panic!("the reply dialog stays")
    };
    assert_eq!(
        form.value(FieldId::Reply),
        "first words\nand a long second paragraph"
    );
    s.app
        .update(Action::EditedExternally(Err("vi: not found".into())));
    assert!(
        s.text().contains("the editor did not run: vi: not found"),
        "{}",
        s.text()
    );
    let Some(Modal::Form(form)) = &s.app.modal else {
        panic!("the text is kept")
    };
    assert_eq!(
        form.value(FieldId::Reply),
        "first words\nand a long second paragraph"
    );
}

#[test]
fn the_scores_follow_a_search_once_the_typing_stops() {
    let mut s = Screen::seeded(160, 48);
    let rated = |s: &Screen| s.app.scores.as_ref().map(|sc| sc.ratings);
    assert_eq!(rated(&s), Some(1));
    // While the search is typed, only the queue follows it: the scores
    // are slower and would hold up the next letter.
    s.keys("/zzzz");
    assert_eq!(s.app.queue.total, 0);
    assert_eq!(rated(&s), Some(1));
    s.press(KeyCode::Enter);
    assert_eq!(rated(&s), Some(0));
    // Or at the next tick, when typing pauses.
    s.keys("/");
    for _ in 0..4 {
        s.press(KeyCode::Backspace);
    }
    assert_eq!(s.app.queue.total, 4);
    assert_eq!(rated(&s), Some(0));
    s.tick("2026-11-25T10:00:05Z");
    assert_eq!(rated(&s), Some(1));
}

#[test]
fn a_non_leads_de_escalation_is_refused_and_recorded_as_from_the_command_line() {
    let mut s = Screen::seeded(100, 30);
    s.keys("9");
    let id = s.app.selected_id.expect("an escalated request");
    let before = s.other_user().events(id).unwrap().len();
    s.keys("E");
    let screen = s.text();
    assert!(
        s.app.modal.is_none(),
        "no dialog for what will be refused:\n{screen}"
    );
    assert!(screen.contains("only a team lead can de-escalate"), "{screen}");
    assert!(screen.contains("the attempt was recorded"), "{screen}");
    let events = s.other_user().events(id).unwrap();
    assert_eq!(events.len(), before + 1);
    let refused = events.last().unwrap();
    assert_eq!(refused.kind.as_str(), "refused");
    assert_eq!(refused.actor, "ana");
}

#[test]
fn a_long_reply_wraps_in_its_dialog_rather_than_scrolling_out_of_sight() {
    let mut s = Screen::seeded(80, 24);
    s.keys("r");
    s.keys(
        "Beginning of a reply that is far too long for one line of an eighty column terminal, ending here",
    );
    let text = s.text();
    assert!(
        text.contains("Beginning of a reply"),
        "its start scrolled away:\n{text}"
    );
    assert!(text.contains("ending here"), "{text}");
}
