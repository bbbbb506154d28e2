//! Power triage in the app: tagging with `#`, the query language in the
//! search box (fields as chips, Tab completing names and values, a
//! half-typed field leaving the last reading in force).

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::screen::{Screen, NOW};
use crossterm::event::KeyCode;
use frontdesk::domain::command::Command;
use frontdesk::store::{QueueFilter, QueueSort};

/// The subjects the queue shows, top to bottom.
fn listed(s: &Screen) -> Vec<String> {
    s.app.queue.rows.iter().map(|r| r.subject.clone()).collect()
}

#[test]
fn hash_tags_the_selected_request_and_the_tags_show_in_queue_and_detail() {
    let mut s = Screen::seeded(160, 48);
    let id = s.app.selected_id.unwrap();
    s.keys("#");
    assert!(s
        .text()
        .contains(&format!("Tag #{id} — +tag to put on, -tag to take off")));
    s.keys("+VPN remote");
    s.ctrl('s');
    let text = s.text();
    assert!(text.contains("Tags       #remote #vpn"), "{text}");
    assert!(text.contains("#remote #vpn"), "{text}");
    // Taking one off, with the tags it has in the title.
    s.keys("#");
    assert!(s.text().contains(&format!("Tag #{id} (#remote #vpn)")));
    s.keys("-remote");
    s.ctrl('s');
    let store = s.other_user();
    assert_eq!(store.request(id).unwrap().tags, vec!["vpn".to_string()]);
    // A word that cannot be a tag is marked, and nothing is written.
    s.keys("#");
    s.keys("+two,words");
    s.ctrl('s');
    assert!(s.text().contains("invalid tag"), "{}", s.text());
    assert_eq!(
        s.other_user().request(id).unwrap().version,
        store.request(id).unwrap().version
    );
}

#[test]
fn the_search_box_reads_the_query_language_and_shows_it_as_chips() {
    let mut s = Screen::seeded(160, 48);
    let mut other = s.other_user();
    let all = other
        .queue(&QueueFilter::default(), QueueSort::Created, 0, 100)
        .unwrap();
    let printer = all.iter().find(|r| r.subject.starts_with("Printer")).unwrap().id;
    let tag = Command::Tag {
        id: printer,
        add: vec!["hardware".into()],
        remove: vec![],
    };
    common::screen::run(&mut other, "ana", common::screen::t(NOW), tag);
    s.tick("2026-11-25T10:00:01Z");
    s.keys("/tag:hardware");
    s.press(KeyCode::Enter);
    assert_eq!(listed(&s), vec!["Printer on floor 3 jams".to_string()]);
    let text = s.text();
    assert!(text.contains("[tag:hardware]"), "{text}");
    // Fields and words together; the chips show each.
    s.press(KeyCode::Esc);
    s.keys("/dept:研发中心 vpn");
    s.press(KeyCode::Enter);
    assert_eq!(listed(&s), vec!["VPN drops every ten minutes".to_string()]);
    let text = s.text();
    assert!(text.contains("[dept:研发中心] [/vpn]"), "{text}");
}

#[test]
fn tab_completes_fields_and_values_and_a_half_typed_field_keeps_the_last_reading() {
    let mut s = Screen::seeded(160, 48);
    let everything = listed(&s).len();
    s.keys("/sta");
    s.press(KeyCode::Tab);
    assert_eq!(s.app.search, "status:");
    // Not a query yet: the footer says why, and the queue shows what the
    // line says without the half-typed term (not "sta" as a word).
    let text = s.text();
    assert!(text.contains("status: needs a value"), "{text}");
    assert_eq!(listed(&s).len(), everything);
    s.keys("wa");
    s.press(KeyCode::Tab);
    assert_eq!(s.app.search, "status:waiting");
    assert!(s.app.query_error.is_none());
    assert!(listed(&s).len() < everything);
    // Values from the desk: the team names.
    s.keys(" team:net");
    s.press(KeyCode::Tab);
    assert_eq!(s.app.search, "status:waiting team:Network");
    // Several candidates: the shared start, and the candidates shown.
    s.keys(" a");
    s.press(KeyCode::Tab);
    let text = s.text();
    assert!(text.contains("assignee:  age:"), "{text}");
    // A mistyped value names what the field takes.
    s.press(KeyCode::Backspace);
    s.keys("status:opne");
    let text = s.text();
    assert!(text.contains("status:opne is not a value status takes"), "{text}");
}

#[test]
fn a_number_key_opens_the_persons_saved_view_and_v_saves_the_search_as_one() {
    let mut s = Screen::with(160, 48, frontdesk::tui::view::ViewId::AllOpen, |store| {
        common::screen::seed(store);
        let view = frontdesk::domain::saved_view::SavedView {
            name: "Finance desk".into(),
            query: "dept:Finance status:new,open,waiting".into(),
            sort: None,
            key: Some(4),
            shared: false,
            owner: String::new(),
        };
        common::screen::run(store, "ana", common::screen::t(NOW), Command::SaveView(view));
    });
    let everything = listed(&s).len();
    s.keys("4");
    let text = s.text();
    assert!(text.contains("Finance desk ·"), "{text}");
    assert_eq!(listed(&s), ["Need a second monitor", "Printer on floor 3 jams"]);
    // The built-in views are still the other keys.
    s.keys("3");
    assert_eq!(listed(&s).len(), everything);
    // V keeps the search as a view, with a number key of its own.
    s.keys("/dept:研发中心");
    s.press(KeyCode::Enter);
    s.keys("V");
    // With the view's scope: the saved view shows what the screen did.
    assert!(
        s.text()
            .contains("Save “status:new,open,waiting dept:研发中心” as a view"),
        "{}",
        s.text()
    );
    s.keys("R&D");
    s.press(KeyCode::Tab);
    for _ in 0..5 {
        s.press(KeyCode::Right);
    }
    // Key 5 opens a built-in view: asked once.
    s.ctrl('s');
    assert!(s.text().contains("key 5 opens “Escalated”"), "{}", s.text());
    s.ctrl('s');
    assert!(
        s.text().contains("view R&D saved; key 5 opens it"),
        "{}",
        s.text()
    );
    s.press(KeyCode::Esc);
    s.keys("3");
    assert_eq!(listed(&s).len(), everything);
    s.keys("5");
    assert_eq!(listed(&s), vec!["VPN drops every ten minutes".to_string()]);
    assert!(s.text().contains("R&D ·"));
    let kept = s.other_user().views("ana").unwrap();
    assert_eq!(
        kept.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(),
        ["Finance desk", "R&D"]
    );
}

#[test]
fn marked_requests_take_one_change_after_one_question_all_or_none() {
    let mut s = Screen::seeded(160, 48);
    let first = s.app.queue.rows[0].id;
    let second = s.app.queue.rows[1].id;
    let third = s.app.queue.rows[2].id;
    // Space marks and moves on; v marks up to here.
    s.keys(" ");
    s.keys("j");
    s.keys("v");
    assert!(s.text().contains(" 3 marked"), "{}", s.text());
    s.keys(" "); // the third again: unmarked
    assert!(s.text().contains(" 2 marked"));
    // A transfer asks once, naming the count.
    s.keys("T");
    s.keys("Network");
    s.ctrl('s');
    let text = s.text();
    assert!(
        text.contains("2 marked: transfer to Network? y all (or none) · other key: cancel"),
        "{text}"
    );
    // Whole on an 80-column terminal too.
    let (w, h) = s.app.size;
    let narrow = s.resize(80, 24).text();
    assert!(narrow.contains("other key: cancel"), "{narrow}");
    s.resize(w, h);
    s.keys("y");
    let store = s.other_user();
    for id in [first, second] {
        assert_eq!(
            store.request(id).unwrap().team.as_deref(),
            Some("Network"),
            "#{id}"
        );
    }
    assert_ne!(store.request(third).unwrap().team.as_deref(), Some("Network"));
    assert!(
        s.text().contains("2 of 2 marked requests changed"),
        "{}",
        s.text()
    );
    assert!(s.app.marked.is_empty());
    // Someone changes one of the marked meanwhile: nothing is applied.
    s.keys("gg");
    s.keys(" ");
    s.keys(" ");
    let mut other = s.other_user();
    let text = "on it".to_string();
    common::screen::run(
        &mut other,
        "bob",
        common::screen::t(NOW),
        Command::Note { id: second, text },
    );
    s.keys("#");
    s.keys("+urgent");
    s.ctrl('s');
    s.keys("y");
    let text = s.text();
    assert!(text.contains("was changed by bob"), "{text}");
    assert!(text.contains("nothing was applied, the marks are kept"), "{text}");
    let store = s.other_user();
    assert!(store.request(first).unwrap().tags.is_empty(), "all or none");
    assert_eq!(s.app.marked.len(), 2);
    // Any other key than y cancels; Esc clears the marks; * marks the view.
    s.keys("#");
    s.keys("+x");
    s.ctrl('s');
    s.keys("n");
    assert!(s.text().contains("nothing was changed; the marks are kept"));
    s.press(KeyCode::Esc);
    assert!(s.app.marked.is_empty());
    s.keys("*");
    assert_eq!(s.app.marked.len(), s.app.queue.total);
}

#[test]
fn w_explains_the_selected_requests_due_time() {
    let mut s = Screen::seeded(160, 48);
    let id = s.app.selected_id.unwrap();
    s.keys("W");
    let text = s.text();
    assert!(text.contains("Why due then · any key closes"), "{text}");
    assert!(text.contains(&format!("#{id} ")), "{text}");
    assert!(text.contains("clock from 2026-11-24"), "{text}");
    assert!(text.contains("running"), "{text}");
    assert!(text.contains("until due: running"), "{text}");
    s.keys("x");
    assert!(!s.text().contains("Why due then"));
}

#[test]
fn a_reply_from_the_app_keeps_the_minutes_spent() {
    let mut s = Screen::seeded(160, 48);
    let id = s.app.selected_id.unwrap();
    s.keys("r");
    assert!(s.text().contains("Minutes spent"), "{}", s.text());
    s.keys("On my way");
    s.press(KeyCode::Tab);
    s.keys("20");
    s.ctrl('s');
    assert_eq!(s.other_user().request(id).unwrap().time_spent_minutes, 20);
    // A number out of range is marked, nothing sent.
    s.keys("n");
    s.press(KeyCode::Esc);
    s.keys("r");
    s.keys("again");
    s.press(KeyCode::Tab);
    s.keys("many");
    s.ctrl('s');
    assert!(
        s.text().contains("minutes: a whole number from 1 to 1440"),
        "{}",
        s.text()
    );
}

#[test]
fn m_picks_a_macro_by_its_letters_and_shows_the_filled_in_text_before_sending() {
    let mut s = Screen::with(160, 48, frontdesk::tui::view::ViewId::AllOpen, |store| {
        common::screen::seed(store);
        let m = frontdesk::domain::canned::Macro {
            name: "printer-jam".into(),
            reply: Some("Hello {first_name}, a technician is on the way to #{id}.".into()),
            tags: vec!["printer".into()],
            ..Default::default()
        };
        common::screen::run(store, "ana", common::screen::t(NOW), Command::SaveMacro(m));
    });
    let id = s.app.selected_id.unwrap();
    s.keys("M");
    s.keys("pj");
    s.ctrl('s');
    let text = s.text();
    assert!(
        text.contains(&format!("printer-jam on #{id} as a reply · #printer")),
        "{text}"
    );
    let requester = s.app.detail.as_ref().unwrap().request.requester.clone();
    let first = requester.split_whitespace().next().unwrap().to_string();
    assert!(
        text.contains(&format!("Hello {first}, a technician is on the way to #{id}.")),
        "{text}"
    );
    // Edited before it goes: the edit is what is sent.
    s.keys(" Thanks!");
    s.ctrl('s');
    let r = s.other_user();
    let events = r.events(id).unwrap();
    let reply = events
        .iter()
        .rev()
        .find(|e| e.kind == frontdesk::domain::EventKind::Reply)
        .unwrap();
    assert!(reply.body.as_deref().unwrap().ends_with("Thanks!"), "{reply:?}");
    assert_eq!(r.request(id).unwrap().tags, vec!["printer".to_string()]);
}

#[test]
fn m_merges_the_selected_duplicate_and_l_opens_a_linked_request() {
    let mut s = Screen::seeded(160, 48);
    let duplicate = s.app.queue.rows[0].id;
    let target = s.app.queue.rows[1].id;
    s.keys("m");
    assert!(s.text().contains(&format!("Merge #{duplicate}")), "{}", s.text());
    s.keys(&target.to_string());
    // It asks first, naming both, since merging closes the duplicate.
    s.ctrl('s');
    assert!(
        s.text().contains(&format!("and close #{duplicate}?")),
        "{}",
        s.text()
    );
    s.ctrl('s');
    let text = s.text();
    assert!(
        text.contains(&format!("#{duplicate} merged into #{target} and closed")),
        "{text}"
    );
    assert!(
        text.contains(&format!("duplicated by #{duplicate} (closed) · L opens one")),
        "{text}"
    );
    s.keys("L");
    assert!(s.text().contains(&format!("Open a request linked to #{target}")));
    s.ctrl('s');
    assert_eq!(s.app.detail.as_ref().unwrap().request.id, duplicate);
    assert!(
        s.text().contains(&format!("duplicate of #{target}")),
        "{}",
        s.text()
    );
}

#[test]
fn the_explanation_fits_an_80_column_terminal_whole() {
    let mut s = Screen::seeded(80, 24);
    s.keys("W");
    let text = s.text();
    assert!(text.contains("until due: running"), "{text}");
    assert!(text.contains("while waiting on the"), "{text}");
}
