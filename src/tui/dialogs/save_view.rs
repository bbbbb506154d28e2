//! Keeping the query in the search box as a saved view: its name, the
//! number key that opens it, and whether the team shares it.

use super::{Seen, Submit};
use crate::domain::command::Command;
use crate::domain::saved_view::SavedView;
use crate::domain::text::inert_line;
use crate::tui::form::{Field, FieldId, Form, Purpose};

const NO_KEY: &str = "none";
const MINE: &str = "mine";
const TEAM: &str = "the team's";

pub fn save_view(query: &str) -> Form {
    let mut keys = vec![NO_KEY.to_string()];
    keys.extend((1..=9).map(|k| k.to_string()));
    Form::new(
        Purpose::SaveView,
        format!("Save “{}” as a view", inert_line(query)),
        vec![
            Field::text(FieldId::Name, ""),
            Field::choice(FieldId::Key, keys, 0),
            Field::choice(FieldId::Shared, vec![MINE.into(), TEAM.into()], 0),
        ],
    )
}

/// The view to keep, with the screen's search and sort. A number key that
/// already opens a built-in view is asked about once: the person's view
/// opens there instead, and the built-in stays in the palette.
pub(super) fn read_save_view(form: &mut Form, seen: &Seen<'_>) -> Submit {
    let Some(view) = read_view(form, seen.shown_query) else {
        return Submit::Stay;
    };
    if let Some(key) = view.key.filter(|k| form.asked != Some(k.to_string())) {
        let built_in = (seen.built_in_view)(key).unwrap_or_else(|| "a built-in view".to_string());
        form.asked = Some(key.to_string());
        form.error = Some(format!(
            "key {key} opens {built_in}; your view will open there instead (the built-in stays in the palette, :). Ctrl-S again to save"
        ));
        return Submit::Stay;
    }
    Submit::Write(Command::SaveView(SavedView {
        sort: Some(seen.sort.to_string()),
        ..view
    }))
}

/// The view a submitted form asks to keep, or None with the name marked.
fn read_view(form: &mut Form, query: &str) -> Option<SavedView> {
    let name = form.value(FieldId::Name).trim().to_string();
    if name.is_empty() {
        form.fail(FieldId::Name, "name the view first");
        return None;
    }
    Some(SavedView {
        name,
        query: query.to_string(),
        sort: None,
        key: form.value(FieldId::Key).parse().ok(),
        shared: form.value(FieldId::Shared) == TEAM,
        owner: String::new(),
    })
}
