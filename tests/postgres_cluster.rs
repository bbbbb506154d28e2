//! The throw-away PostgreSQL cluster the PostgreSQL tests run against
//! starts, answers on its socket only, and is gone when dropped: nothing
//! is left running and nothing listens on the network.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

mod common;

use common::postgres::{alive, Cluster, DATABASE, OWNER};

#[test]
fn a_throw_away_cluster_starts_answers_and_stops() {
    let Some(cluster) = Cluster::start() else {
        return;
    };
    let server = cluster.server_pid().expect("the server runs");
    let mut client = cluster
        .config()
        .connect(postgres::NoTls)
        .expect("connect over the socket");
    let row = client
        .query_one(
            "SELECT current_user, current_database(), current_setting('listen_addresses'), version()",
            &[],
        )
        .expect("query");
    let (user, database, listen, version): (String, String, String, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!((user.as_str(), database.as_str()), (OWNER, DATABASE));
    assert_eq!(listen, "", "no TCP address: only the socket in the temp folder");
    assert!(version.starts_with("PostgreSQL "), "{version}");
    // Unicode in and out, as a desk's Chinese subjects will need.
    let echoed: String = client
        .query_one("SELECT $1::text", &[&"打印机卡纸"])
        .unwrap()
        .get(0);
    assert_eq!(echoed, "打印机卡纸");
    drop(client);
    assert!(alive(server));
    drop(cluster);
    // `pg_ctl stop -w` returns once the server has shut down; its last
    // moments of exiting may follow.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while alive(server) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!alive(server), "the server stops with the test");
}
