//! The terminal app.

use std::path::Path;

use crate::store::OpenOptions;

pub fn run(_db: &Path, _options: &OpenOptions, _actor: &str, _view: Option<&str>) -> i32 {
    eprintln!("frontdesk: the terminal app is not built yet; use a command (see frontdesk --help)");
    1
}
