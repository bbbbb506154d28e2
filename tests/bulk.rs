//! Many requests changed as one, on a file and on a server: every change
//! goes in, or — a request someone changed meanwhile, a rule broken —
//! none does, and the history says nothing happened.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::postgres::Cluster;
use common::screen::{options, t, NOW};
use frontdesk::domain::command::{Command, RequestChange};
use frontdesk::domain::{NewRequest, RequestId, Version};
use frontdesk::store::{Stamp, Store, StoreError};

fn three_requests(db: &Path) -> Store {
    let mut store = Store::open(db, &options()).unwrap();
    for subject in ["VPN drops", "Printer jams", "Laptop slow"] {
        let new = NewRequest {
            subject: subject.into(),
            requester: "Ben".into(),
            ..Default::default()
        };
        common::screen::record(&mut store, "ana", t(NOW), new);
    }
    store
}

fn transfer(id: i64) -> Command {
    Command::Update {
        id: RequestId(id),
        change: RequestChange {
            team: Some(Some("Network".into())),
            ..Default::default()
        },
    }
}

fn all_or_none(store: &mut Store) {
    let events = |store: &Store| {
        (1..=3)
            .map(|id| store.events(RequestId(id)).unwrap().len())
            .sum::<usize>()
    };
    let before = events(store);
    // One request is stale (someone changed it since it was read).
    store
        .execute(&transfer(2), Stamp::new("bob", None, t(NOW)))
        .unwrap();
    let stale = vec![
        (transfer(1), Some(Version(1))),
        (transfer(2), Some(Version(1))),
        (transfer(3), Some(Version(1))),
    ];
    match store.execute_all(&stale, "ana", t(NOW)) {
        Err(StoreError::Conflict { id, .. }) => assert_eq!(id, 2),
        other => panic!("expected a conflict on request 2, got {other:?}"),
    }
    assert_eq!(
        store.request(RequestId(1)).unwrap().version,
        1,
        "nothing of the change stayed"
    );
    assert_eq!(store.request(RequestId(3)).unwrap().version, 1);
    assert_eq!(events(store), before + 1, "only bob's change is in the history");
    // At the versions they are at, all go in, and one already so is left.
    let fresh: Vec<_> = (1..=3)
        .map(RequestId)
        .map(|id| {
            let r = store.request(id).unwrap();
            (
                Command::Tag {
                    id,
                    add: vec!["network".into()],
                    remove: vec![],
                },
                Some(r.version),
            )
        })
        .collect();
    let done = store.execute_all(&fresh, "ana", t(NOW)).unwrap();
    assert_eq!(done.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 3]);
    let again: Vec<_> = (1..=3).map(|id| (transfer(id), None)).collect();
    assert_eq!(
        store.execute_all(&again, "ana", t(NOW)).unwrap().len(),
        2,
        "#2 was already there"
    );
}

#[test]
fn a_bulk_change_on_a_file_is_all_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = three_requests(&dir.path().join("desk.db"));
    all_or_none(&mut store);
}

#[test]
fn a_bulk_change_on_a_server_is_all_or_none() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let mut store = three_requests(Path::new(&cluster.address()));
    all_or_none(&mut store);
}
