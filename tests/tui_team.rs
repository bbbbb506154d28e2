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
