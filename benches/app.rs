//! In-process figures on generated databases (run: `cargo bench --bench app`):
//! the app's first full frame at 100,000 requests; a navigation key and a
//! typed search character (Latin and Chinese) redrawn and answered at
//! 1,000,000; and the 90-day KPI report at 1,000,000. Memory is measured apart, in `benches/memory.rs`.
//!
//! The databases are generated once into `target/bench-data` (the 1M one
//! takes about two minutes) and reused.

// A bench that cannot set up its database has nothing to measure.
#![allow(clippy::unwrap_used)]

#[path = "../tests/common/screen.rs"]
#[allow(dead_code)]
mod screen;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crossterm::event::KeyCode;
use frontdesk::domain::kpi::{report, Window};
use frontdesk::store::{demo, OpenOptions, Store};
use frontdesk::tui::view::ViewId;
use screen::Screen;

fn main() {
    divan::main();
}

fn database(n: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let path = dir.join(format!("{n}.db"));
    if !path.exists() {
        let tmp = dir.join(format!("{n}.db.partial"));
        let _ = std::fs::remove_file(&tmp);
        let mut store = Store::open(&tmp, &OpenOptions::default()).expect("open");
        demo::generate(&mut store, n, frontdesk::clock::now(), 42).expect("generate");
        // The first open applies due escalations; do it before measuring.
        store.sweep(frontdesk::clock::now()).expect("sweep");
        drop(store);
        std::fs::rename(&tmp, &path).expect("rename");
    }
    path
}

fn db_100k() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| database(100_000))
}

fn db_1m() -> &'static PathBuf {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| database(1_000_000))
}

/// The app on a copy-free temp dir pointing at a bench database, with the
/// app's own busy timeout (the previous sample's integrity check, which
/// the app starts in the background, may still be reading).
fn open(db: &Path, width: u16, height: u16) -> Screen {
    let dir = tempfile::tempdir().expect("dir");
    Screen::open_with(
        dir,
        db.to_path_buf(),
        width,
        height,
        ViewId::AllOpen,
        "bench",
        OpenOptions::default(),
    )
}

/// Start to the first full frame (queue, detail and scores loaded and drawn).
#[divan::bench(sample_count = 20)]
fn first_full_frame_100k(bencher: divan::Bencher) {
    let db = db_100k();
    bencher.bench_local(|| {
        let mut s = open(db, 160, 48);
        s.settle();
        divan::black_box(s.text());
    });
}

/// One `j` in the queue, redrawn.
#[divan::bench(sample_count = 200)]
fn navigation_key_1m(bencher: divan::Bencher) {
    let mut s = open(db_1m(), 160, 48);
    bencher.bench_local(|| {
        s.press_now(KeyCode::Char('j'));
        divan::black_box(s.text());
    });
}

/// PgDn in the queue, redrawn.
#[divan::bench(sample_count = 200)]
fn page_down_1m(bencher: divan::Bencher) {
    let mut s = open(db_1m(), 160, 48);
    bencher.bench_local(|| {
        s.press_now(KeyCode::PageDown);
        divan::black_box(s.text());
    });
}

/// One character typed in the search box, redrawn (results follow from
/// the worker without blocking the screen).
#[divan::bench(sample_count = 100)]
fn search_character_redraw_1m(bencher: divan::Bencher) {
    let mut s = open(db_1m(), 160, 48);
    s.press(KeyCode::Char('/'));
    let mut i = 0;
    bencher.bench_local(|| {
        let c = if i % 2 == 0 { 'p' } else { 'x' };
        i += 1;
        s.press_now(if c == 'x' {
            KeyCode::Backspace
        } else {
            KeyCode::Char(c)
        });
        divan::black_box(s.text());
    });
}

/// Types `start` in the search box, then times adding `next` and taking it
/// away again, each until the results are on screen.
fn typed_search_results(bencher: divan::Bencher, start: &str, next: &str) {
    let mut s = open(db_1m(), 160, 48);
    s.press(KeyCode::Char('/'));
    s.keys(start);
    let mut i = 0;
    bencher.bench_local(|| {
        i += 1;
        if i % 2 == 0 {
            s.press(KeyCode::Backspace);
        } else {
            s.keys(next);
        }
        divan::black_box(s.text());
    });
}

/// One character typed, until its results are on screen: "print" and
/// "printe", a quarter of a million matches.
#[divan::bench(sample_count = 20)]
fn search_character_results_1m(bencher: divan::Bencher) {
    typed_search_results(bencher, "print", "e");
}

/// One Chinese character typed after another, until the results are on
/// screen: `投影` then `投影仪`, a substring in the middle of 会议室投影仪故障.
#[divan::bench(sample_count = 20)]
fn search_chinese_character_results_1m(bencher: divan::Bencher) {
    typed_search_results(bencher, "投影", "仪");
}

/// The 90-day KPI report over all requests.
#[divan::bench(sample_count = 5)]
fn kpi_report_90_days_1m(bencher: divan::Bencher) {
    let store = Store::open(db_1m(), &OpenOptions::default()).expect("open");
    let now = frontdesk::clock::now();
    let window = Window {
        since: now - 90 * 86_400,
        until: now,
    };
    bencher.bench_local(|| {
        let rows = store.kpi_rows(window, None).expect("rows");
        divan::black_box(report(&rows, window, now, None));
    });
}

/// `list --query` with three fields and two words, as the command does
/// it: open the desk, read the first window.
#[divan::bench(sample_count = 20)]
fn query_three_fields_two_words_1m(bencher: divan::Bencher) {
    let db = db_1m();
    let query = frontdesk::domain::query::Query::parse(
        "status:open,waiting,new priority:P2,P3 dept:Finance printer jam",
    )
    .unwrap()
    .for_person("bench");
    bencher.bench_local(|| {
        let store = Store::open(db, &OpenOptions::default()).expect("open");
        let filter = frontdesk::store::QueueFilter {
            now: frontdesk::clock::now(),
            ..Default::default()
        }
        .refined(query.clone());
        divan::black_box(
            store
                .queue(&filter, frontdesk::store::QueueSort::Created, 0, 50)
                .expect("queue"),
        );
    });
}

/// A bulk change: 1,000 requests tagged (or untagged) in one all-or-none
/// transaction, on a copy of the 100,000-request desk.
#[divan::bench(sample_count = 10)]
fn bulk_tag_1000_requests_100k(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("dir");
    let copy = dir.path().join("bulk.db");
    std::fs::copy(db_100k(), &copy).expect("copy");
    let mut store = Store::open(&copy, &OpenOptions::default()).expect("open");
    let ids: Vec<frontdesk::domain::RequestId> = (50_000..51_000).map(frontdesk::domain::RequestId).collect();
    let mut on = true;
    bencher.bench_local(|| {
        let commands: Vec<_> = ids
            .iter()
            .map(|&id| {
                let tag = vec!["bulk".to_string()];
                let command = if on {
                    frontdesk::domain::command::Command::Tag {
                        id,
                        add: tag,
                        remove: vec![],
                    }
                } else {
                    frontdesk::domain::command::Command::Tag {
                        id,
                        add: vec![],
                        remove: tag,
                    }
                };
                (command, None)
            })
            .collect();
        on = !on;
        divan::black_box(
            store
                .execute_all(&commands, "bench", frontdesk::clock::now())
                .expect("bulk"),
        );
    });
}
