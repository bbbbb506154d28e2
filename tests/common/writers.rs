//! Many processes writing to one desk at once, each change marked so the
//! history can be checked afterwards: the same work for a file and for a
//! server.

use std::collections::HashMap;
use std::path::PathBuf;

use super::frontdesk;

/// One operation a writer made, and whether the file acknowledged it.
#[derive(Debug, Clone)]
pub struct Op {
    pub request: i64,
    /// It created the request rather than changing it.
    pub creates: bool,
    pub marker: Option<String>,
    pub acknowledged: bool,
}

/// Runs `writers` processes at once, each making `ops_each` changes of
/// every kind (creating, replying, noting, assigning, a write based on a
/// long-gone version, escalating, resolving, rating) to the `shared`
/// requests and its own, on the desk `desk_of(writer)` names; what each
/// did and whether it was acknowledged.
pub fn write_at_once(
    writers: usize,
    ops_each: usize,
    shared: &[i64],
    desk_of: impl Fn(usize) -> PathBuf,
) -> Vec<Op> {
    let threads: Vec<_> = (0..writers)
        .map(|w| {
            let (db, shared) = (desk_of(w), shared.to_vec());
            std::thread::spawn(move || {
                let user = format!("writer{w}");
                let mut ops = Vec::new();
                let mut own: Option<i64> = None;
                for n in 0..ops_each {
                    let target = shared[(w + n) % shared.len()];
                    let marker = format!("w{w}-op{n}");
                    let (args, request): (Vec<String>, i64) = match n % 8 {
                        0 => (
                            vec![
                                "new".into(),
                                "--subject".into(),
                                marker.clone(),
                                "--requester".into(),
                                "Req".into(),
                            ],
                            0,
                        ),
                        1 => (vec!["reply".into(), target.to_string(), marker.clone()], target),
                        2 => (vec!["note".into(), target.to_string(), marker.clone()], target),
                        3 => {
                            let who = if (w + n) % 2 == 0 { "bob" } else { "carol" };
                            (
                                vec!["update".into(), target.to_string(), "--assign".into(), who.into()],
                                target,
                            )
                        }
                        // A write based on version 1, long gone: must be a conflict, never an overwrite.
                        4 => (
                            vec![
                                "update".into(),
                                target.to_string(),
                                "--team".into(),
                                marker.clone(),
                                "--if-version".into(),
                                "1".into(),
                            ],
                            target,
                        ),
                        5 => match own {
                            Some(id) => (
                                vec![
                                    "escalate".into(),
                                    id.to_string(),
                                    "--reason".into(),
                                    marker.clone(),
                                ],
                                id,
                            ),
                            None => continue,
                        },
                        6 => match own {
                            Some(id) => (
                                vec![
                                    "resolve".into(),
                                    id.to_string(),
                                    "--resolution".into(),
                                    marker.clone(),
                                ],
                                id,
                            ),
                            None => continue,
                        },
                        _ => match own.take() {
                            Some(id) => (
                                vec![
                                    "rate".into(),
                                    id.to_string(),
                                    "--score".into(),
                                    "4".into(),
                                    "--comment".into(),
                                    marker.clone(),
                                ],
                                id,
                            ),
                            None => continue,
                        },
                    };
                    let out = frontdesk(&db, &user).args(&args).output().unwrap();
                    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
                    let exit = out.status.code().unwrap();
                    assert!(
                        !stderr.contains("locked"),
                        "{user} failed on a lock it could have waited for: {stderr}"
                    );
                    match (n % 8, exit) {
                        (_, 0) => {}
                        (4, 3) => assert!(stderr.contains("was changed by"), "{stderr}"),
                        (3, 1) if stderr.contains("nothing to change") => {}
                        _ => panic!("{user} {args:?} exited {exit}: {stderr}"),
                    }
                    let mut request = request;
                    if n % 8 == 0 && exit == 0 {
                        request = String::from_utf8(out.stdout).unwrap().trim().parse().unwrap();
                        own = Some(request);
                    }
                    let marker = (n % 8 != 3).then_some(marker);
                    ops.push(Op {
                        request,
                        creates: n % 8 == 0,
                        marker,
                        acknowledged: exit == 0,
                    });
                }
                ops
            })
        })
        .collect();
    threads.into_iter().flat_map(|t| t.join().unwrap()).collect()
}

/// How many events carry a marker (`?1`): its reply, note, reason, or the
/// creation of the request it is the subject of.
pub const MARKER_COUNT: &str = "SELECT count(*) FROM events WHERE body = ?1 OR new_value = ?1 OR request_id IN (SELECT id FROM requests WHERE subject = ?1) AND kind = 'created'";

/// Every acknowledged write is in the history exactly once and every
/// refused one nowhere (`count` runs `MARKER_COUNT`), and each request's
/// version is one more than its acknowledged changes (`versions`).
pub fn each_acknowledged_write_once(ops: &[Op], mut count: impl FnMut(&str) -> i64, versions: &[(i64, i64)]) {
    for op in ops {
        let Some(marker) = &op.marker else { continue };
        let in_history = count(marker);
        let expected = i64::from(op.acknowledged);
        assert_eq!(
            in_history, expected,
            "{marker} (acknowledged: {})",
            op.acknowledged
        );
    }
    // One version per acknowledged change, on top of version 1.
    let mut writes: HashMap<i64, i64> = HashMap::new();
    for op in ops.iter().filter(|o| o.acknowledged && !o.creates) {
        *writes.entry(op.request).or_default() += 1;
    }
    for &(id, version) in versions {
        assert_eq!(version, 1 + writes.get(&id).copied().unwrap_or(0), "request {id}");
    }
    let acknowledged = ops.iter().filter(|o| o.acknowledged).count();
    let conflicts = ops.len() - acknowledged;
    eprintln!(
        "{} operations: {acknowledged} acknowledged, {conflicts} refused (stale version or nothing to change)",
        ops.len()
    );
}
