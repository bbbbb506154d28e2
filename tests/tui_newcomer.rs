//! What a newcomer met in the app, third round: one letter picks a
//! choice, a paste is one edit, the search box edits like any field,
//! Ctrl-Z suspends from anywhere, and a request opens at its top.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::screen::Screen;
use crossterm::event::KeyCode;
use frontdesk::domain::{Impact, Priority, Urgency};
use frontdesk::tui::action::Action;
use frontdesk::tui::app::Modal;
use frontdesk::tui::form::FieldId;

fn form_value(s: &Screen, id: FieldId) -> String {
    match &s.app.modal {
        Some(Modal::Form(f)) => f.value(id),
        _ => panic!("no dialog open"),
    }
}

fn down(s: &mut Screen, times: usize) {
    for _ in 0..times {
        s.press(KeyCode::Down);
    }
}

#[test]
fn a_letter_picks_the_choice_it_starts_and_never_steps_the_list() {
    let mut s = Screen::seeded(80, 24);
    s.keys("n").keys("Payroll team");
    down(&mut s, 7); // urgency
    s.keys("c");
    assert_eq!(form_value(&s, FieldId::Urgency), "critical");
    s.press(KeyCode::Down).keys("h"); // impact: h is high, never "step left"
    assert_eq!(form_value(&s, FieldId::Impact), "high");
    let screen = s.text();
    assert!(screen.contains("P1"), "the live priority follows: {screen}");
    s.keys("l");
    assert_eq!(form_value(&s, FieldId::Impact), "low");
    s.keys("m").keys(" ");
    assert_eq!(
        form_value(&s, FieldId::Impact),
        "medium",
        "Space does not change a choice"
    );
    s.press(KeyCode::Right);
    assert_eq!(form_value(&s, FieldId::Impact), "high", "→ steps");
    s.press(KeyCode::Left).press(KeyCode::Left);
    assert_eq!(form_value(&s, FieldId::Impact), "low", "← steps");
    s.press(KeyCode::Down).keys(" ");
    assert_eq!(
        form_value(&s, FieldId::KeyCustomer),
        "yes",
        "Space flips a yes/no"
    );
    s.keys("n");
    assert_eq!(form_value(&s, FieldId::KeyCustomer), "no");
    // Typing the letter again moves to the next choice with it.
    s.press(KeyCode::Up).press(KeyCode::Up).keys("l");
    assert_eq!(form_value(&s, FieldId::Urgency), "low");
    s.press(KeyCode::Down).keys("h").press(KeyCode::Up).keys("c");
    down(&mut s, 4);
    s.keys("Payroll run fails").ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    let r = s.other_user().request(s.app.selected_id.unwrap()).unwrap();
    assert_eq!(
        (r.urgency, r.impact, r.priority),
        (Urgency::Critical, Impact::High, Priority::P1)
    );
}

#[test]
fn a_large_paste_is_one_edit_and_the_keys_after_it_act_on_the_dialog() {
    let mut s = Screen::seeded(80, 24);
    let id = s.app.selected_id.unwrap();
    s.keys("i");
    let pasted = format!("{}\nsecond line q\n", "log line 1234567890 ".repeat(250));
    s.app.update(Action::Paste(pasted.clone()));
    s.ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    assert!(!s.app.should_quit);
    let notes: Vec<String> = s
        .other_user()
        .events(id)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == frontdesk::domain::EventKind::Note)
        .filter_map(|e| e.body)
        .collect();
    assert_eq!(notes.last().map(String::as_str), Some(pasted.trim_end()));

    // A multi-line paste into a one-line field joins its lines.
    s.keys("n");
    s.app.update(Action::Paste("Ben\r\nCarter\n".into()));
    s.keys("x");
    assert_eq!(form_value(&s, FieldId::Requester), "Ben Carterx");
    assert_eq!(
        form_value(&s, FieldId::Department),
        "",
        "nothing spilt into the next field"
    );
    s.press(KeyCode::Esc).keys("y");
    // With nothing open, a paste is never taken as keys.
    let before = s.app.selected_id;
    s.app.update(Action::Paste("jjjq\n".into()));
    assert!(!s.app.should_quit && s.app.modal.is_none());
    assert_eq!(s.app.selected_id, before);
    // In the search box it is the search.
    s.keys("/");
    s.app.update(Action::Paste("VPN\n".into()));
    assert_eq!(s.app.search, "VPN ");
}

#[test]
fn the_search_box_edits_like_a_field_and_a_half_typed_term_keeps_what_was_in_force() {
    let mut s = Screen::seeded(100, 30);
    let all = s.app.queue.total;
    assert!(all > 1);
    s.keys("/printer vpn");
    s.ctrl('w');
    assert_eq!(s.app.search, "printer ");
    s.ctrl('u');
    assert_eq!(s.app.search, "");
    assert_eq!(s.app.queue.total, all);
    s.keys("status:op");
    let screen = s.text();
    assert_eq!(s.app.queue.total, all, "the view stays as it was: {screen}");
    assert!(
        screen.contains("status:op is not a value status takes"),
        "{screen}"
    );
    s.keys("en");
    assert!(s.app.queue.total > 0);
    // The error echoes the query as it was typed.
    s.ctrl('u').keys("Priority:p9");
    assert!(
        s.text().contains("Priority:p9 is not a value priority takes"),
        "{}",
        s.text()
    );
}

#[test]
fn ctrl_z_suspends_from_anywhere_and_types_nothing() {
    let mut s = Screen::seeded(80, 24);
    s.keys("r").keys("Hello");
    s.ctrl('z');
    assert!(s.app.suspend, "the runtime is asked to suspend");
    assert_eq!(form_value(&s, FieldId::Reply), "Hello");
    s.app.suspend = false;
    s.press(KeyCode::Esc).keys("y");
    s.ctrl('z');
    assert!(s.app.suspend);
    // The help lists it.
    s.app.suspend = false;
    s.keys("?");
    assert!(s.text().contains("C-z         suspend"), "{}", s.text());
}

#[test]
fn a_request_with_a_long_history_opens_at_its_top() {
    let mut s = Screen::seeded(80, 24);
    let id = s.app.selected_id.unwrap();
    for n in 0..30 {
        s.keys("i").keys(&format!("note {n}")).ctrl('s');
    }
    // After the last note the history's end is shown; opening it again
    // starts at the top, subject and status first.
    s.press(KeyCode::Esc);
    assert_eq!(s.app.selected_id, Some(id));
    s.press(KeyCode::Enter);
    let subject = s.other_user().request(id).unwrap().subject;
    let screen = s.text();
    assert!(screen.contains(&subject[..12]), "{screen}");
    assert_eq!(s.app.detail_scroll, 0);
}

#[test]
fn a_refused_merge_keeps_its_dialog_and_the_target_is_named_before_it_is_asked() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    s.keys("m").keys("9999");
    assert!(s.text().contains("there is no request #9999"), "{}", s.text());
    s.ctrl('s');
    assert!(s.text().contains("Ctrl-S again to merge"), "{}", s.text());
    s.ctrl('s');
    let screen = s.text();
    assert!(
        screen.contains("not saved: request 9999 does not exist"),
        "{screen}"
    );
    assert_eq!(form_value(&s, FieldId::Target), "9999", "what was typed is kept");
    // The next keys are the dialog's, not the queue's.
    s.press(KeyCode::Backspace)
        .press(KeyCode::Backspace)
        .press(KeyCode::Backspace)
        .press(KeyCode::Backspace);
    let other = s
        .other_user()
        .queue(&Default::default(), Default::default(), 0, 10)
        .unwrap()
        .into_iter()
        .find(|r| r.id != id)
        .unwrap();
    s.keys(&other.id.to_string());
    let screen = s.text();
    assert!(
        screen.contains(&other.subject[..10]),
        "the target is named: {screen}"
    );
    s.ctrl('s');
    assert!(s.text().contains(&format!("and close #{id}?")), "{}", s.text());
    assert_eq!(
        s.other_user().request(id).unwrap().status,
        frontdesk::domain::Status::New
    );
    s.ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    assert_eq!(
        s.other_user().request(id).unwrap().status,
        frontdesk::domain::Status::Closed
    );
}

#[test]
fn resolving_needs_a_resolution_in_the_app_and_on_the_command_line() {
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    s.keys("x").ctrl('s');
    let screen = s.text();
    assert!(screen.contains("needs a resolution"), "{screen}");
    assert!(
        matches!(s.app.modal, Some(Modal::Form(_))),
        "the dialog stays open"
    );
    s.keys("Replaced the cable").ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    let r = s.other_user().request(id).unwrap();
    assert_eq!(r.status, frontdesk::domain::Status::Resolved);

    let desk = common::Desk::new();
    desk.new_request("Payroll down");
    let out = desk.run(&["resolve", "1"]);
    assert_eq!(common::code(&out), 1);
    assert!(common::one_line_error(&out).contains("needs a resolution"));
    let out = desk.run(&["update", "1", "--status", "resolved"]);
    assert!(common::one_line_error(&out).contains("needs a resolution"));
    desk.ok(&[
        "update",
        "1",
        "--status",
        "resolved",
        "--reason",
        "restarted the service",
    ]);
}

#[test]
fn a_saved_view_keeps_the_scope_and_the_search_that_were_on_screen() {
    use frontdesk::domain::query::Query;
    use frontdesk::store::{QueueFilter, QueueSort};
    let mut s = Screen::seeded(100, 30);
    s.keys("/called").press(KeyCode::Enter);
    let shown = s.app.queue.total;
    s.keys("V").keys("calls");
    s.ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    let store = s.other_user();
    let view = store.view("ana", "calls").unwrap();
    assert!(
        view.query.starts_with("status:new,open,waiting"),
        "{}",
        view.query
    );
    let filter = QueueFilter::default().refined(Query::parse(&view.query).unwrap().for_person("ana"));
    let found = store.queue(&filter, QueueSort::Created, 0, 100).unwrap();
    assert_eq!(found.len(), shown, "the view shows what the screen showed");
    let everywhere = QueueFilter::default().refined(Query::parse("called").unwrap());
    assert!(
        store
            .queue(&everywhere, QueueSort::Created, 0, 100)
            .unwrap()
            .len()
            > shown
    );

    // A key that opens a built-in view asks first.
    s.keys("V").keys("mine3");
    s.press(KeyCode::Down).keys("3");
    s.ctrl('s');
    let screen = s.text();
    assert!(screen.contains("key 3 opens “All open”"), "{screen}");
    assert!(store.view("ana", "mine3").is_err(), "not saved yet");
    s.ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    assert_eq!(s.other_user().view("ana", "mine3").unwrap().key, Some(3));
}

#[test]
fn a_lead_at_120x40_sees_who_owns_what_and_what_was_acknowledged() {
    let mut s = Screen::seeded(120, 40);
    let screen = s.text();
    let heading = screen.lines().find(|l| l.contains("SUBJECT")).unwrap();
    for column in ["STATUS", "DUE", "REQUESTER", "ASSIGNEE"] {
        assert!(heading.contains(column), "{column} missing: {screen}");
    }
    assert!(screen.contains("Request #"), "the detail is shown too: {screen}");
    s.keys("9");
    let screen = s.text();
    let heading = screen.lines().find(|l| l.contains("SUBJECT")).unwrap();
    for column in ["OWNER", "ACK", "SINCE"] {
        assert!(heading.contains(column), "{column} missing: {screen}");
    }
}

#[test]
fn a_long_history_line_keeps_its_indent_when_it_wraps() {
    let mut s = Screen::seeded(80, 24);
    let words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey";
    s.keys("i").keys(words).ctrl('s');
    s.press(KeyCode::Enter).keys("G");
    let screen = s.text();
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("november") || l.contains("whiskey") || l.contains("alpha"))
        .collect();
    assert!(rows.len() >= 2, "{screen}");
    for row in rows {
        assert!(row.starts_with("│    "), "{row:?} lost its indent:\n{screen}");
    }
}

#[test]
fn a_reply_goes_through_a_colleagues_unrelated_change_but_not_their_answer() {
    use common::screen::run;
    use frontdesk::domain::command::Command;
    use frontdesk::store::RequestChange;
    let mut s = Screen::seeded(100, 30);
    let id = s.app.selected_id.unwrap();
    let now = common::screen::t(common::screen::NOW);
    s.keys("r").keys("We are on it");
    // Meanwhile bob moves it to another team: nothing to do with a reply.
    let mut bob = s.other_user();
    let change = RequestChange {
        team: Some(Some("Network".into())),
        ..Default::default()
    };
    run(&mut bob, "bob", now, Command::Update { id, change });
    s.ctrl('s');
    assert!(s.app.modal.is_none(), "{}", s.text());
    assert!(s.text().contains(&format!("#{id}")), "{}", s.text());
    let replies = |s: &Screen| {
        s.other_user()
            .events(id)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == frontdesk::domain::EventKind::Reply)
            .count()
    };
    assert_eq!(replies(&s), 1);
    // But when bob answers the caller meanwhile, it is a conflict.
    s.keys("r").keys("Second answer");
    let text = "I called them back".to_string();
    run(&mut bob, "bob", now, Command::Reply { id, text });
    s.ctrl('s');
    assert!(matches!(s.app.modal, Some(Modal::Conflict(_))), "{}", s.text());
    assert_eq!(replies(&s), 2, "only bob's");
}

/// The selected request, and another on screen to merge it into.
fn merge_pair(s: &Screen) -> (frontdesk::domain::RequestId, frontdesk::domain::RequestId) {
    let duplicate = s.app.selected_id.unwrap();
    let target = s
        .app
        .queue
        .rows
        .iter()
        .map(|r| r.id)
        .find(|&id| id != duplicate)
        .unwrap();
    (duplicate, target)
}

#[test]
fn a_merge_that_loses_a_race_gets_the_conflict_dialog() {
    use frontdesk::domain::command::Command;
    use frontdesk::store::Stamp;
    let mut s = Screen::seeded(100, 30);
    let (duplicate, target) = merge_pair(&s);
    s.keys("m").keys(&target.to_string());
    s.ctrl('s');
    // Meanwhile bob escalates the duplicate.
    let now = common::screen::t(common::screen::NOW);
    let reason = "the whole floor".to_string();
    s.other_user()
        .execute(
            &Command::Escalate {
                id: duplicate,
                reason,
            },
            Stamp::new("bob", None, now),
        )
        .ok();
    s.ctrl('s');
    assert!(matches!(s.app.modal, Some(Modal::Conflict(_))), "{}", s.text());
    assert_ne!(
        s.other_user().request(duplicate).unwrap().status,
        frontdesk::domain::Status::Closed,
        "nothing was merged"
    );
}

/// At 80×24 the merge dialog's question is read whole: what merges into
/// what, that the duplicate closes, and which key goes ahead.
#[test]
fn at_80x24_the_merge_question_is_shown_whole() {
    let mut s = Screen::seeded(80, 24);
    let (id, target) = merge_pair(&s);
    s.keys("m").keys(&target.to_string());
    s.ctrl('s');
    let screen = s.text();
    assert!(screen.contains(&format!("and close #{id}?")), "{screen}");
    assert!(screen.contains("again to merge, Esc to cancel"), "{screen}");
}
