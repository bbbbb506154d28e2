//! The app on a server desk: the same screens as on a file, and a
//! colleague's change arriving within a second without waiting for the
//! refresh tick (the server tells the app as the change commits).

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::postgres::Cluster;
use common::screen::{seen_within, t, Screen, NOW};
use frontdesk::tui::view::ViewId;

/// The app on the seeded desk, kept on the cluster's server.
fn on_server(cluster: &Cluster) -> Screen {
    Screen::seeded_on_server(&cluster.address())
}

#[test]
fn a_colleagues_change_reaches_the_app_within_a_second_without_a_tick() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let mut s = on_server(&cluster);
    s.keys("j");
    let id = s.app.selected_id.unwrap();
    let mut other = s.other_user();
    let text = "Called the vendor".to_string();
    common::screen::run(
        &mut other,
        "bob",
        t(NOW),
        frontdesk::domain::command::Command::Note { id, text },
    );
    let new = frontdesk::domain::NewRequest {
        subject: "Brand new from the server".into(),
        requester: "Zed".into(),
        ..Default::default()
    };
    common::screen::record(&mut other, "bob", t(NOW), new);
    let took = seen_within(&mut s, "Brand new from the server", Duration::from_secs(1));
    assert!(took.is_some(), "not shown within a second: {}", s.text());
    assert!(seen_within(&mut s, "Called the vendor", Duration::from_secs(1)).is_some());
    assert_eq!(s.app.selected_id, Some(id), "selection stays on the same request");
}

#[test]
fn the_queue_and_detail_read_the_same_as_on_a_file() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let mut server = on_server(&cluster);
    let mut file = Screen::seeded(160, 48);
    for keys in ["", "j", "2", "/printer\n", "5"] {
        server.keys(keys);
        file.keys(keys);
        // The header names the desk: a file's name, or the server.
        let body = |s: &mut Screen| s.text().lines().skip(1).collect::<Vec<_>>().join("\n");
        assert_eq!(body(&mut server), body(&mut file), "after {keys:?}");
    }
}

#[test]
fn an_empty_server_desk_points_to_a_demo_file_rather_than_filling_the_teams_database() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let address = PathBuf::from(cluster.address());
    let mut s = Screen::open(
        tempfile::tempdir().unwrap(),
        address,
        120,
        30,
        ViewId::AllOpen,
        "ana",
    );
    let text = s.text();
    assert!(text.contains("No requests yet."), "{text}");
    assert!(text.contains("frontdesk --db demo.db init --demo 300"), "{text}");
    assert!(!text.contains("to load demo data"), "{text}");
    s.keys("D");
    let text = s.text();
    assert!(text.contains("demo data is for a desk file"), "{text}");
    assert!(text.contains("No requests yet."), "nothing was loaded: {text}");
}
