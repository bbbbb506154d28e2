//! Keeping the query in the search box as a saved view: its name, the
//! number key that opens it, and whether the team shares it.

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

/// The view a submitted form asks to keep, or None with the name marked.
pub fn read_view(form: &mut Form, query: &str) -> Option<SavedView> {
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
