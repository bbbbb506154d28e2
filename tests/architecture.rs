//! The dependency rule of ARCHITECTURE.md, checked on the source: the
//! domain uses no other layer, the store only the domain, mail (fetching
//! and sending) the domain and the store, and the command line and the
//! app do not use each other.

use std::path::Path;

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source file");
            out.push((path.display().to_string(), text));
        }
    }
    out
}

fn uses(layer: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(layer);
    let mut found = Vec::new();
    for (path, text) in sources(&root) {
        for (n, line) in text.lines().enumerate() {
            for other in forbidden {
                if line.contains(&format!("crate::{other}::")) || line.contains(&format!("crate::{other}{{"))
                {
                    found.push(format!("{path}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    found
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let broken: Vec<String> = [
        uses("domain", &["store", "cli", "tui", "config", "mail"]),
        uses("store", &["cli", "tui", "mail", "config"]),
        uses("mail", &["cli", "tui"]),
        uses("hooks", &["cli", "tui", "mail"]),
        uses("cli", &["tui"]),
        uses("tui", &["cli"]),
    ]
    .concat();
    assert!(
        broken.is_empty(),
        "the dependency rule is broken:\n{}",
        broken.join("\n")
    );
}

/// `Store::execute` is the one way a command changes a desk: the store
/// operations it carries commands out with are not public, so neither the
/// app nor the command line nor a test can go round it (and miss the
/// conflict dialog, the kept draft or the words a command is told in).
#[test]
fn the_operations_behind_a_command_are_reached_only_through_execute() {
    let store = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join("store");
    let execute = std::fs::read_to_string(store.join("execute.rs")).expect("execute.rs");
    // `self` and the call may be on lines of their own.
    let execute: String = execute.split_whitespace().collect();
    let called: Vec<&str> = execute
        .split("self.")
        .skip(1)
        .filter_map(|rest| rest.split_once('(').map(|(name, _)| name))
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        // A read: what `Create` made, read back.
        .filter(|name| *name != "request")
        .collect();
    assert!(called.len() >= 20, "execute.rs calls {called:?}");
    let public: Vec<String> = sources(&store)
        .into_iter()
        .flat_map(|(path, text)| {
            called
                .iter()
                .filter(|name| text.contains(&format!("    pub fn {name}(")))
                .map(|name| format!("{path}: pub fn {name}"))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        public.is_empty(),
        "public writes beside Store::execute:\n{}",
        public.join("\n")
    );
}
