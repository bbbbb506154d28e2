//! Repeatable work in the app: `n` offers the templates (the form takes
//! what one says, the live priority follows), and `X` works the checklist
//! the detail pane shows.

#![allow(clippy::unwrap_used)]

mod common;

use common::screen::{run, seed, t, Screen, NOW};
use crossterm::event::KeyCode;
use frontdesk::domain::command::Command;
use frontdesk::domain::template::Template;
use frontdesk::domain::Urgency;
use frontdesk::tui::view::ViewId;

fn with_onboarding(store: &mut frontdesk::store::Store) {
    seed(store);
    let template = Template {
        name: "onboarding".into(),
        subject: Some("New starter".into()),
        category: Some("Access".into()),
        urgency: Some(Urgency::Critical),
        items: vec!["Create the account".into(), "Order a laptop".into()],
        ..Template::default()
    };
    run(store, "lena", t(NOW), Command::SaveTemplate(Box::new(template)));
}

#[test]
fn a_template_fills_the_new_request_form_and_its_checklist_is_worked_with_x() {
    let mut s = Screen::with(100, 30, ViewId::AllOpen, with_onboarding);
    s.keys("n").keys("Li Na");
    // Up to the template: Tab takes it and fills the form.
    s.press(KeyCode::Up).keys("onb");
    assert!(s.text().contains("Tab: onboarding"), "{}", s.text());
    s.tab(1);
    let text = s.text();
    assert!(text.contains("Subject New starter"), "{text}");
    assert!(text.contains("Category Access"), "{text}");
    assert!(text.contains("Urgency   critical"), "{text}");
    assert!(
        text.contains("New request → P1"),
        "the live priority follows: {text}"
    );
    s.ctrl('s');
    let id = s.app.selected_id.unwrap();
    let r = s.other_user().request(id).unwrap();
    assert_eq!(r.requester, "Li Na");
    assert_eq!(r.checklist.len(), 2);
    // The detail pane shows the checklist; X ticks the first open item.
    s.press(KeyCode::Enter);
    let text = s.text();
    assert!(text.contains("Checklist  0/2 · X ticks an item"), "{text}");
    assert!(text.contains("[ ] 1. Create the account"), "{text}");
    s.keys("X");
    assert!(
        s.text().contains(&format!("Checklist of #{id} · 0/2")),
        "{}",
        s.text()
    );
    s.ctrl('s');
    let text = s.text();
    assert!(text.contains(&format!("#{id} checklist 1/2")), "{text}");
    assert!(text.contains("[x] 1. Create the account"), "{text}");
    // Skipping needs a reason, said in the dialog.
    s.keys("X").press(KeyCode::Down).press(KeyCode::Right).ctrl('s');
    assert!(s.text().contains("say why it is skipped"), "{}", s.text());
    s.keys("ordered by the manager").ctrl('s');
    let text = s.text();
    assert!(
        text.contains("[-] 2. Order a laptop (ordered by the manager)"),
        "{text}"
    );
    assert!(text.contains("Checklist  2/2"), "{text}");
}

#[test]
fn resolving_with_an_open_item_is_refused_in_the_dialog_naming_it() {
    let mut s = Screen::with(100, 30, ViewId::AllOpen, |store| {
        with_onboarding(store);
        let new = frontdesk::domain::NewRequest {
            subject: "New starter".into(),
            requester: "Li Na".into(),
            checklist: vec!["Create the account".into()],
            ..Default::default()
        };
        common::screen::record(store, "ana", t(NOW), new);
    });
    s.keys("/").keys("starter").press(KeyCode::Enter);
    let id = s.app.selected_id.unwrap();
    assert_eq!(s.other_user().request(id).unwrap().subject, "New starter");
    s.press(KeyCode::Enter).keys("x").keys("done").ctrl('s');
    let text = s.text();
    assert!(
        text.contains(&format!(
            "request {id} has open checklist items: 1 Create the account"
        )),
        "{text}"
    );
}

#[test]
fn the_open_app_makes_a_recurring_request_as_it_falls_due() {
    let mut s = Screen::with(100, 30, ViewId::AllOpen, |store| {
        with_onboarding(store);
        run(
            store,
            "lena",
            t(NOW),
            Command::SetRecurring {
                name: "hourly".into(),
                template: "onboarding".into(),
                cron: "0 * * * *".into(),
            },
        );
    });
    assert!(!s.text().contains("New starter"), "{}", s.text());
    s.tick("2026-11-25T11:00:30Z");
    let text = s.text();
    assert!(text.contains("New starter"), "{text}");
    let rules = s.other_user().recurring_rules().unwrap();
    assert_eq!(rules[0].last_made, Some(t("2026-11-25T11:00:00Z")));
}

#[test]
fn a_reply_is_offered_the_answers_for_its_request_and_ctrl_g_puts_one_in() {
    let mut s = Screen::with(100, 30, ViewId::AllOpen, |store| {
        seed(store);
        run(
            store,
            "lena",
            t(NOW),
            Command::SaveAnswer {
                title: "Printer jams on floor 3".into(),
                body: "Hello {first_name}, open tray 2 and pull the paper out.".into(),
                from: None,
            },
        );
    });
    s.keys("/").keys("printer").press(KeyCode::Enter);
    let id = s.app.selected_id.unwrap();
    s.keys("r");
    assert!(
        s.text()
            .contains("C-g puts in an answer: 1 Printer jams on floor 3"),
        "{}",
        s.text()
    );
    s.ctrl('g');
    assert!(
        s.text()
            .contains("Hello Ben, open tray 2 and pull the paper out."),
        "{}",
        s.text()
    );
    s.keys(" Thanks!").ctrl('s');
    assert!(
        s.text().contains(&format!("reply recorded on #{id} (answer 1)")),
        "{}",
        s.text()
    );
    let store = s.other_user();
    assert_eq!(store.answer(1).unwrap().uses, 1);
    let reply = store.events(id).unwrap().into_iter().last().unwrap();
    assert_eq!(
        reply.body.as_deref(),
        Some("Hello Ben, open tray 2 and pull the paper out. Thanks!")
    );
}
