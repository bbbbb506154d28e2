//! Whole-screen snapshots of the app at 80×24 and 160×48: each pane and
//! view, the empty state, help, and the dialogs with validation errors.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::screen::{Screen, NOW};
use crossterm::event::KeyCode;
use frontdesk::tui::view::ViewId;

fn snap(name: &str, screen: &mut Screen) {
    let text = screen.text();
    insta::assert_snapshot!(name, text);
}

#[test]
fn empty_database_offers_the_first_request_and_demo_data() {
    let mut s = Screen::empty(80, 24);
    let text = s.text();
    assert!(text.contains("No requests yet."));
    assert!(text.contains("Press n to record the first request,"));
    assert!(text.contains("or D to load demo data"));
    snap("empty_80x24", &mut s);
}

#[test]
fn queue_detail_and_scores_on_a_small_terminal() {
    let mut s = Screen::seeded(80, 24);
    snap("queue_80x24", &mut s);
    s.press(KeyCode::Enter);
    snap("detail_80x24", &mut s);
    s.press(KeyCode::Tab);
    snap("scores_80x24", &mut s);
}

#[test]
fn all_three_panes_on_a_wide_terminal() {
    let mut s = Screen::seeded(160, 48);
    snap("all_open_160x48", &mut s);
    s.press(KeyCode::Char('j'));
    snap("second_request_160x48", &mut s);
}

#[test]
fn every_saved_view_is_one_key_away() {
    let mut s = Screen::seeded(160, 48);
    for (key, view) in [
        ('1', ViewId::Mine),
        ('2', ViewId::Unassigned),
        ('4', ViewId::Waiting),
        ('5', ViewId::Escalated),
        ('6', ViewId::DueSoon),
        ('7', ViewId::AwaitingRating),
        ('8', ViewId::Closed),
        ('9', ViewId::Escalations),
        ('3', ViewId::AllOpen),
    ] {
        s.keys(&key.to_string());
        assert_eq!(s.app.view, view);
        let text = s.text();
        assert!(text.contains(view.title()), "{key}: {text}");
        snap(&format!("view_{}_160x48", view.slug()), &mut s);
    }
}

#[test]
fn help_is_drawn_from_the_key_map() {
    let mut s = Screen::seeded(80, 24);
    s.keys("?");
    snap("help_80x24", &mut s);
    s.resize(160, 48);
    snap("help_160x48", &mut s);
    // Scrolling through it shows every binding the app handles, and stops
    // at its end.
    let mut seen = s.text();
    for _ in 0..60 {
        s.press(KeyCode::Down);
        seen.push_str(&s.text());
    }
    for b in &s.app.bindings {
        assert!(seen.contains(b.help), "help lacks {}", b.help);
    }
    let at_end = s.text();
    s.press(KeyCode::Down);
    assert_eq!(s.text(), at_end, "no scrolling past the end");

    // Typing filters it.
    s.resize(80, 24);
    s.keys("escal");
    let text = s.text();
    assert!(
        text.contains("escalate with a reason") && text.contains("de-escalate"),
        "{text}"
    );
    assert!(!text.contains("new request"), "{text}");
    s.press(KeyCode::Esc);
    assert!(!s.text().contains("Keys ·"));
}

#[test]
fn the_new_request_form_shows_errors_next_to_the_fields() {
    let mut s = Screen::seeded(80, 24);
    s.keys("n");
    s.ctrl('s');
    let text = s.text();
    assert!(text.contains("requester must not be empty"), "{text}");
    assert!(text.contains("subject must not be empty"), "{text}");
    snap("new_request_errors_80x24", &mut s);
    s.tab(10).keys("tomorrow");
    s.ctrl('s');
    assert!(s.text().contains("use YYYY-MM-DD HH:MM"));
}

#[test]
fn editor_dialogs_refuse_empty_text() {
    let mut s = Screen::seeded(80, 24);
    s.keys("r");
    s.ctrl('s');
    assert!(s.text().contains("write the reply first"));
    snap("reply_error_80x24", &mut s);
    s.press(KeyCode::Esc);
    s.keys("a");
    s.press(KeyCode::Char('x'));
    s.ctrl('s');
    let text = s.text();
    assert!(text.contains("no member of staff is called 'x'"), "{text}");
    snap("assign_error_160x48", s.resize(160, 48));
}

#[test]
fn rating_and_status_dialogs() {
    let mut s = Screen::seeded(160, 48);
    s.keys("7");
    s.keys("R");
    snap("rating_form_160x48", &mut s);
    s.press(KeyCode::Esc);
    s.keys("3s");
    snap("status_form_160x48", &mut s);
}

#[test]
fn the_escalations_view_for_leads() {
    let mut s = Screen::seeded(80, 24);
    s.keys("9");
    let text = s.text();
    // The subject first (what the lead knows the request by), then why.
    assert!(
        text.contains("↑1 VPN drops") && text.contains(" — Whole"),
        "{text}"
    );
    let footer = text.lines().last().unwrap();
    assert!(
        footer.contains("A acknowledge") && footer.contains("E de-escalate"),
        "the view's keys: {footer}"
    );
    snap("escalations_80x24", &mut s);
    s.resize(160, 48);
    snap("escalations_160x48", &mut s);
}

#[test]
fn resizing_redraws_without_overflowing() {
    let mut s = Screen::seeded(160, 48);
    s.text();
    for (w, h) in [(80, 24), (100, 40), (40, 12), (19, 4), (200, 50), (80, 24)] {
        s.resize(w, h);
        let text = s.text();
        assert_eq!(text.lines().count(), h as usize);
        assert!(text
            .lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= w as usize));
    }
    snap("after_resizes_80x24", &mut s);
}

#[test]
fn the_fixed_clock_is_the_one_shown() {
    let s = Screen::seeded(80, 24);
    assert_eq!(s.app.now, common::screen::t(NOW));
}

#[test]
fn the_queue_shows_when_the_requesters_reply_by_applies() {
    let mut s = Screen::seeded(100, 30);
    let text = s.text();
    let line = text.lines().find(|l| l.contains("CEO laptop")).unwrap();
    assert!(line.contains("-22h 00m⚑"), "{line}");
    let line = text.lines().find(|l| l.contains("VPN drops")).unwrap();
    assert!(!line.contains('⚑'), "{line}");
}

#[test]
fn every_text_dialog_refuses_to_send_nothing() {
    let mut s = Screen::seeded(80, 24);
    for (key, message) in [
        ("i", "write the note first"),
        ("e", "write why it is escalated first"),
        ("T", "write the team first"),
    ] {
        s.keys(key).ctrl('s');
        let text = s.text();
        assert!(text.contains(message), "{key}: {text}");
        snap(&format!("form_{key}_error_80x24"), &mut s);
        s.press(KeyCode::Esc);
        assert!(s.app.modal.is_none());
    }
}

#[test]
fn the_scores_pane_shows_the_weekly_trend_and_latest_comments() {
    let mut s = Screen::seeded(160, 48);
    s.keys("8");
    let text = s.text();
    assert!(text.contains("Ratings 1  CSAT 100% (1 of 1)  NPS +100"), "{text}");
    assert!(text.contains("CSAT 12wk ···········█"), "{text}");
    assert!(text.contains("4★ #5 Chloe Martin: “Quick, thanks”"), "{text}");
    snap("scores_closed_160x48", &mut s);
}

#[test]
fn the_dashboard_compares_this_week_with_last_week_and_90_days() {
    let mut s = Screen::seeded(80, 24);
    s.keys("d");
    let text = s.text();
    assert!(
        text.contains("this week") && text.contains("last week") && text.contains("90 days"),
        "{text}"
    );
    assert!(text.contains("Requests"), "{text}");
    assert!(
        text.contains("same span of last week"),
        "says what it compares: {text}"
    );
    assert!(text.contains("P4 ·"), "the last rows fit at 80×24: {text}");
    assert!(
        text.contains("▲+") || text.contains("▲−"),
        "better or worse without colour: {text}"
    );
    snap("dashboard_80x24", &mut s);
    s.resize(160, 48);
    let text = s.text();
    assert!(text.contains("SLA compliance by priority"), "{text}");
    snap("dashboard_160x48", &mut s);
    s.keys("x");
    assert!(s.app.modal.is_none());
}

#[test]
fn the_follow_ups_view_lists_calls_due() {
    let mut s = Screen::seeded(160, 48);
    s.keys("0");
    let text = s.text();
    assert!(text.contains("Follow-ups due · 1"), "{text}");
    assert!(text.contains("Shared drive is read-only"), "{text}");
    assert!(
        text.contains("CALL IN") && text.contains("ext. 2201"),
        "when to call, and the number: {text}"
    );
    snap("view_followups_160x48", &mut s);
}

#[test]
fn every_saved_view_on_a_small_terminal() {
    let mut s = Screen::seeded(80, 24);
    for view in ViewId::ALL {
        let key = match view {
            ViewId::FollowUps => '0',
            ViewId::Approvals => 'b',
            other => char::from(b'1' + ViewId::ALL.iter().position(|v| *v == other).unwrap() as u8),
        };
        s.keys(&key.to_string());
        assert_eq!(s.app.view, view);
        let text = s.text();
        assert!(text
            .lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 80));
        snap(&format!("view_{}_80x24", view.slug()), &mut s);
    }
}

#[test]
fn the_whole_new_request_form_fits_80x24_while_typing_the_description() {
    let mut s = Screen::seeded(80, 24);
    s.keys("n").tab(11).keys("Since the update");
    let text = s.text();
    for label in ["Requester", "Department", "Subject", "Description"] {
        assert!(text.contains(label), "{label} hidden: {text}");
    }
}

#[test]
fn name_suggestions_appear_right_under_the_field_being_typed() {
    let mut s = Screen::seeded(80, 24);
    s.keys("n").keys("Be");
    let text = s.text();
    let lines: Vec<&str> = text.lines().collect();
    let field = lines
        .iter()
        .position(|l| l.contains("Requester") && l.contains("Be"))
        .expect("the requester field");
    assert!(lines[field + 1].contains("Tab: Ben Carter"), "{text}");
    snap("new_request_suggestions_80x24", &mut s);
}

#[test]
fn a_chinese_search_finds_a_word_inside_a_longer_run() {
    let mut s = Screen::with(80, 24, ViewId::AllOpen, |store| {
        common::screen::seed(store);
        for subject in ["打印机卡纸", "投影仪无法显示"] {
            let new = frontdesk::domain::NewRequest {
                subject: subject.into(),
                requester: "王芳".into(),
                ..Default::default()
            };
            common::screen::record(store, "ana", common::screen::t(NOW), new);
        }
    });
    s.keys("/卡纸");
    let text = s.text();
    assert!(text.contains("打印机卡纸") && !text.contains("投影仪"), "{text}");
    snap("chinese_search_80x24", &mut s);
}

#[test]
fn dialog_borders_stay_over_chinese_text() {
    let mut s = Screen::with(80, 24, ViewId::AllOpen, |store| {
        let new = frontdesk::domain::NewRequest {
            subject: "打印机卡纸".into(),
            body: "三楼的打印机一直卡纸，".repeat(30),
            requester: "王芳".into(),
            ..Default::default()
        };
        common::screen::record(store, "ana", common::screen::t(NOW), new);
    });
    s.press(KeyCode::Enter);
    s.keys("r");
    let text = s.text();
    let lines: Vec<&str> = text.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.contains("┌ Reply"))
        .expect("the dialog");
    let bottom = top
        + lines[top..]
            .iter()
            .position(|l| l.contains('└'))
            .expect("its bottom");
    for row in &lines[top + 1..bottom] {
        // The pane's border, then the dialog's two borders.
        assert!(
            row.matches('│').count() >= 3,
            "a border vanished: {row:?}\n{text}"
        );
    }
}

#[test]
fn the_palette_finds_a_command_by_name_and_runs_it() {
    let mut s = Screen::seeded(80, 24);
    s.keys(":");
    let text = s.text();
    assert!(text.contains("Commands ·"), "{text}");
    snap("palette_80x24", &mut s);
    // A few letters, out of order of the words, find the command; its
    // key is shown beside it, which is how the keys are learnt.
    s.keys("resol");
    let text = s.text();
    let row = text
        .lines()
        .find(|l| l.contains("resolve") && !l.contains(':'))
        .unwrap_or_else(|| panic!("no resolve row: {text}"));
    let cell = row.split('│').nth(2).unwrap_or_default().trim();
    assert!(cell.starts_with("▸ resolve") && cell.ends_with(" x"), "{row}");
    snap("palette_resolve_80x24", &mut s);
    // Enter runs it: the resolve dialog opens on the selected request.
    s.press(KeyCode::Enter);
    let text = s.text();
    assert!(!text.contains("Commands ·"), "{text}");
    assert!(text.contains("Resolve #"), "{text}");
    s.press(KeyCode::Esc);
    // Ctrl-P opens it too; Esc closes it without running anything.
    s.ctrl('p');
    assert!(s.text().contains("Commands ·"));
    s.press(KeyCode::Esc);
    assert!(s.app.modal.is_none());
}

#[test]
fn the_scores_pane_of_an_open_view_shows_the_last_30_days_of_its_scope() {
    // Open requests have no ratings yet: the default view shows what the
    // same scope was rated lately, and says so.
    let mut s = Screen::seeded(80, 24);
    s.press(KeyCode::Tab).press(KeyCode::Tab);
    let text = s.text();
    assert!(text.contains("Satisfaction · All open · last 30 days"), "{text}");
    assert!(text.contains("Ratings 1"), "{text}");
    assert!(!text.contains("No ratings"), "{text}");
    // A view of finished requests shows its own ratings, with no period.
    s.keys("8");
    s.press(KeyCode::Tab).press(KeyCode::Tab);
    let text = s.text();
    assert!(text.contains("Satisfaction · Closed "), "{text}");
    assert!(!text.contains("last 30 days"), "{text}");
}

#[test]
fn the_scores_pane_says_what_low_scores_say() {
    use common::screen::{record, run, t, NOW};
    use frontdesk::domain::command::Command;
    use frontdesk::domain::rating::Scores;
    let mut s = Screen::with(160, 48, ViewId::Closed, |store| {
        let said = [
            "等太久了，问题还在",
            "还是等太久",
            "等太久！响应慢",
            "响应慢",
            "Fine",
        ];
        for (n, comment) in said.iter().enumerate() {
            let new = frontdesk::domain::NewRequest {
                subject: format!("Printer {n} jams"),
                requester: "王芳".into(),
                ..Default::default()
            };
            let id = record(store, "ana", t(NOW), new);
            let resolution = "cleared".to_string();
            run(store, "ana", t(NOW), Command::Resolve { id, resolution });
            let scores = Scores {
                overall: if n == 4 { 5 } else { 2 },
                speed: None,
                quality: None,
                communication: None,
                recommend: None,
                comment: Some((*comment).into()),
            };
            run(
                store,
                "ana",
                t(NOW),
                Command::Rate {
                    id,
                    scores,
                    close: true,
                },
            );
        }
    });
    s.press(KeyCode::Tab).press(KeyCode::Tab);
    let text = s.text();
    assert!(text.contains("Low scores say 等太久 3 · 响应慢 2"), "{text}");
}

/// The seeded desk with three targets: CSAT above its goal, a backlog
/// far over its own, and the network team's first response.
fn desk_with_targets(store: &mut frontdesk::store::Store) {
    use common::screen::{run, t, NOW};
    use frontdesk::domain::command::Command;
    use frontdesk::domain::target::{Goal, Scope, Target, TargetKpi};
    common::screen::seed(store);
    for (name, goal) in [
        ("csat-high", Goal::AtLeast(95.0)),
        ("backlog-low", Goal::AtMost(1.0)),
    ] {
        let target = Target {
            name: name.into(),
            kpi: if name.starts_with("csat") {
                TargetKpi::Csat
            } else {
                TargetKpi::Backlog
            },
            goal,
            from: t("2026-11-01T00:00:00Z"),
            by: t("2026-12-31T00:00:00Z"),
            scope: Scope::Desk,
            created_by: String::new(),
        };
        run(store, "lena", t(NOW), Command::SetTarget(Box::new(target)));
    }
    let network = Target {
        name: "net-fast".into(),
        kpi: TargetKpi::FirstResponseMedian,
        goal: Goal::AtMost(30.0),
        from: t("2026-11-01T00:00:00Z"),
        by: t("2026-12-31T00:00:00Z"),
        scope: Scope::Team("Network".into()),
        created_by: String::new(),
    };
    run(store, "lena", t(NOW), Command::SetTarget(Box::new(network)));
}

#[test]
fn the_dashboard_shows_the_teams_targets_and_their_verdicts() {
    let mut s = Screen::with(120, 40, ViewId::AllOpen, desk_with_targets);
    // Narrowed to another team, the dashboard leaves the network's out.
    s.app.extra.team = Some("Service Desk".into());
    s.keys("d");
    assert!(!s.text().contains("net-fast"), "{}", s.text());
    s.press(KeyCode::Esc);
    s.app.extra.team = None;
    s.keys("d");
    assert!(
        s.text()
            .contains("net-fast · first-response-median · team Network"),
        "{}",
        s.text()
    );
    let text = s.text();
    assert!(text.contains("Targets"), "{text}");
    // One rating, a 4: CSAT 100%, above the goal already.
    assert!(
        text.contains("csat-high · csat · the desk: 100.0% of 95.0% by 2026-12-31   on track"),
        "{text}"
    );
    // Four open requests against a goal of one, with the time going.
    assert!(
        text.contains("backlog-low · backlog · the desk: 4.0 of 1.0 by 2026-12-31   at risk"),
        "{text}"
    );
    // The lead's view names the targets that slip.
    s.press(KeyCode::Esc);
    s.keys("9");
    let text = s.text();
    assert!(
        text.contains("Escalations ") && text.contains("⚠ targets at risk: backlog-low"),
        "{text}"
    );
}

#[test]
fn at_80x24_the_dashboard_names_the_targets_on_one_line() {
    let mut s = Screen::with(80, 24, ViewId::AllOpen, desk_with_targets);
    s.keys("d");
    let text = s.text();
    assert!(
        text.contains("Targets backlog-low at risk · csat-high on track · net-fast"),
        "{text}"
    );
}
