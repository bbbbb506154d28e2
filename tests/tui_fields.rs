//! Custom fields in the app: the new-request form asks for each under its
//! own name and checks what is typed, the detail pane shows them, `u`
//! changes them, and the search box finds requests by them.

#![allow(clippy::unwrap_used)]

mod common;

use common::screen::{run, seed, t, Screen, NOW};
use crossterm::event::KeyCode;
use frontdesk::domain::command::Command;
use frontdesk::domain::custom_field::{CustomField, FieldType};
use frontdesk::tui::view::ViewId;

fn with_fields(store: &mut frontdesk::store::Store) {
    seed(store);
    for (name, kind, choices) in [
        ("site", FieldType::Text, vec![]),
        ("cost", FieldType::Number, vec![]),
        (
            "laptop",
            FieldType::Choice,
            vec!["Mac".to_string(), "ThinkPad".to_string()],
        ),
    ] {
        run(
            store,
            "lena",
            t(NOW),
            Command::SaveField(CustomField {
                name: name.into(),
                kind,
                choices,
            }),
        );
    }
}

#[test]
fn the_new_request_form_asks_for_each_field_and_checks_it() {
    let mut s = Screen::with(100, 34, ViewId::AllOpen, with_fields);
    s.keys("n").keys("Li Na");
    s.tab(11)
        .keys("Beijing")
        .tab(1)
        .keys("lots")
        .tab(1)
        .keys("t")
        .tab(1)
        .keys("New starter");
    let text = s.text();
    assert!(text.contains("site Beijing"), "{text}");
    assert!(
        text.contains("laptop   ThinkPad"),
        "a letter picks the choice: {text}"
    );
    s.ctrl('s');
    let text = s.text();
    assert!(text.contains("New request"), "a refused form stays open: {text}");
    assert!(text.contains("a number, such as 12 or 3.5"), "{text}");
    // The field in error has the focus: the agent corrects it there.
    s.ctrl('u').keys("12.50").ctrl('s');
    let id = s.app.selected_id.unwrap();
    let r = s.other_user().request(id).unwrap();
    assert_eq!(r.fields.get("site").map(String::as_str), Some("Beijing"));
    assert_eq!(r.fields.get("cost").map(String::as_str), Some("12.5"));
    assert_eq!(r.fields.get("laptop").map(String::as_str), Some("ThinkPad"));
    // The detail pane shows each under its own name.
    s.press(KeyCode::Enter);
    let text = s.text();
    assert!(text.contains("site       Beijing"), "{text}");
    assert!(text.contains("laptop     ThinkPad"), "{text}");
    // In the order the fields were defined, as the form asked for them.
    let at = |line: &str| text.find(line).unwrap();
    assert!(
        at("site       Beijing") < at("cost       12.5") && at("cost       12.5") < at("laptop     ThinkPad"),
        "{text}"
    );
}

#[test]
fn u_changes_a_field_and_the_search_box_finds_requests_by_one() {
    let mut s = Screen::with(100, 34, ViewId::AllOpen, with_fields);
    let id = s.app.selected_id.unwrap();
    s.keys("u");
    let text = s.text();
    assert!(text.contains(&format!("Edit #{id} as recorded")), "{text}");
    // Subject, contact, category, reply-by, then the desk's fields.
    s.tab(4).keys("Shanghai").ctrl('s');
    let r = s.other_user().request(id).unwrap();
    assert_eq!(r.fields.get("site").map(String::as_str), Some("Shanghai"));
    let text = s.text();
    assert!(
        text.contains(&format!("#{id} site set to Shanghai\n")),
        "only what changed: {text}"
    );
    let last = s.other_user().events(id).unwrap().pop().unwrap();
    assert_eq!(last.summary(), "site Shanghai", "the history says it");
    s.press(KeyCode::Esc).keys("/site:shanghai");
    s.press(KeyCode::Enter);
    let screen = s.text();
    assert_eq!(s.app.queue.total, 1, "{screen}");
    s.keys("/").ctrl('u').keys("laptop:dell");
    let text = s.text();
    assert!(text.contains("laptop:dell is not a value laptop takes"), "{text}");
}
