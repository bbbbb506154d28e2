//! The README's key table is made from the app's own key table, so it can
//! never describe keys the app does not have. This test fails when the two
//! differ; `FRONTDESK_BLESS=1 cargo test --test readme_keys` rewrites the
//! README's table.

// Helpers outside #[test] functions unwrap too: a panic is a failed test.
#![allow(clippy::unwrap_used)]

use frontdesk::tui::keymap::{
    action_name, bindings, Key, Scope, BACK, BACK_HELP, CONFLICT_HELP, DIALOG_HELP, LIST_HELP,
};

const START: &str = "<!-- keys: made from src/tui/keymap.rs by tests/readme_keys.rs -->";
const END: &str = "<!-- end of keys -->";

fn keys(keys: &[Key]) -> String {
    if keys.is_empty() {
        return "(none)".into();
    }
    keys.iter()
        .map(|k| format!("`{}`", k.label()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn table() -> String {
    let mut out = vec![
        "| where | keys | what | config name |".to_string(),
        "| --- | --- | --- | --- |".to_string(),
    ];
    let all = bindings();
    for scope in Scope::ALL {
        for b in all.iter().filter(|b| b.scope == scope) {
            out.push(format!(
                "| {} | {} | {} | {} |",
                scope.title(),
                keys(&b.keys),
                b.help,
                action_name(&b.action).map_or(String::new(), |n| format!("`{n}`"))
            ));
        }
    }
    out.push(format!("| Anywhere | {} | {BACK_HELP} | |", keys(&[BACK])));
    for (title, list) in [
        ("In dialogs and editors", DIALOG_HELP),
        ("When a change lost a race", CONFLICT_HELP),
        ("In help and the command palette", LIST_HELP),
    ] {
        for (k, what) in list {
            out.push(format!("| {title} | {} | {what} | |", keys(&[*k])));
        }
    }
    out.join("\n")
}

#[test]
fn the_readme_key_table_is_the_apps_key_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).expect("README.md");
    let start = readme
        .find(START)
        .expect("the README marks where the key table starts")
        + START.len();
    let end = readme[start..]
        .find(END)
        .expect("the README marks where the key table ends")
        + start;
    let wanted = format!("\n{}\n", table());
    if readme[start..end] == wanted {
        return;
    }
    if std::env::var_os("FRONTDESK_BLESS").is_some() {
        let updated = format!("{}{wanted}{}", &readme[..start], &readme[end..]);
        std::fs::write(path, updated).expect("write README.md");
        return;
    }
    panic!(
        "the README's key table differs from the key map; \
         run FRONTDESK_BLESS=1 cargo test --test readme_keys to rewrite it. It should read:\n{wanted}"
    );
}
