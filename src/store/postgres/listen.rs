//! Hearing other copies' changes on a server as they commit: a second
//! connection that LISTENs and waits, so the app learns of a colleague's
//! write at once, without asking the server every second.

use postgres::fallible_iterator::FallibleIterator;

use super::{connect, server};
use crate::store::error::StoreResult;
use crate::store::sql::CHANGED;

/// Calls `heard` on a thread of its own each time a copy other than the
/// connection `own_pid` commits a change to the desk at `address`, until
/// `heard` returns false or the connection is lost (then the app's poll
/// still notices, a little later).
pub fn listen(
    address: &str,
    own_pid: i32,
    mut heard: impl FnMut() -> bool + Send + 'static,
) -> StoreResult<std::thread::JoinHandle<()>> {
    let mut client = connect(address)?;
    client
        .batch_execute(&format!("LISTEN {CHANGED}"))
        .map_err(server)?;
    std::thread::Builder::new()
        .name("frontdesk-listen".into())
        .spawn(move || {
            let mut notices = client.notifications();
            let mut waiting = notices.blocking_iter();
            while let Ok(Some(notice)) = waiting.next() {
                if notice.process_id() != own_pid && !heard() {
                    return;
                }
            }
        })
        .map_err(crate::store::StoreError::Io)
}
