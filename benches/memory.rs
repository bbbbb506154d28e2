//! Peak memory of the app (run: `cargo bench --bench memory`): on the
//! 1,000,000-request database, scroll the whole open queue page by page,
//! then run five searches, and report the peak resident set size.
//! Uses the database `cargo bench --bench app` generates.

#[path = "../tests/common/screen.rs"]
#[allow(dead_code)]
mod screen;

use std::path::Path;

use crossterm::event::KeyCode;
use frontdesk::tui::view::ViewId;
use screen::Screen;

fn main() {
    let db = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/1000000.db");
    if !db.exists() {
        eprintln!(
            "run `cargo bench --bench app` first: it generates {}",
            db.display()
        );
        std::process::exit(1);
    }
    let dir = tempfile::tempdir().expect("dir");
    let mut s = Screen::open(dir, db, 120, 40, ViewId::AllOpen, "bench");
    let total = s.app.queue.total;
    println!("after opening the app: peak RSS {} MB", peak_kb() / 1024);
    let started = std::time::Instant::now();
    while s.app.selected + 1 < total {
        s.press(KeyCode::PageDown);
    }
    let scrolled = started.elapsed();
    let after_scroll = peak_kb();
    for q in ["printer", "vpn", "laptop", "打印机", "password reset"] {
        s.press(KeyCode::Char('/'));
        s.keys(q);
        s.press(KeyCode::Esc);
    }
    println!(
        "scrolled {total} open requests of 1,000,000 in {:.1} s (peak RSS {} MB), then five searches: peak RSS {} MB",
        scrolled.as_secs_f64(),
        after_scroll / 1024,
        peak_kb() / 1024
    );
}

/// The process's peak resident set size so far, in KB.
fn peak_kb() -> i64 {
    // SAFETY: getrusage fills the struct we own.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage.ru_maxrss
    }
}
