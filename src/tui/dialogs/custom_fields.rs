//! The desk's custom fields in a dialog: one line each, under the field's
//! own name (a choice field offers its choices), read back checked.

use crate::domain::custom_field::{CustomField, FieldType};
use crate::domain::text::inert_line;
use crate::tui::form::{Field, FieldId, Form};

/// What a choice field shows when it holds nothing.
const NONE: &str = "-";

/// A field for each of `custom`, holding `values`.
pub fn fields(custom: &[CustomField], values: &crate::domain::request::FieldValues) -> Vec<Field> {
    custom
        .iter()
        .enumerate()
        .take(usize::from(u8::MAX))
        .map(|(n, f)| {
            let id = FieldId::Custom(n as u8);
            let value = values.get(&f.name).map_or("", String::as_str);
            let field = match f.kind {
                FieldType::Choice => {
                    let mut options = vec![NONE.to_string()];
                    options.extend(f.choices.iter().cloned());
                    let selected = options.iter().position(|o| o == value).unwrap_or(0);
                    Field::choice(id, options, selected)
                }
                _ => Field::text(id, value),
            };
            field.named(&inert_line(&f.name))
        })
        .collect()
}

/// The values typed, `(name, value)` (empty where left blank), or `None`
/// with each field whose value its type does not take marked.
pub fn read(form: &mut Form, custom: &[CustomField]) -> Option<Vec<(String, String)>> {
    let mut values = Vec::new();
    let mut ok = true;
    for (n, f) in custom.iter().enumerate().take(usize::from(u8::MAX)) {
        let id = FieldId::Custom(n as u8);
        let typed = form.value(id);
        let typed = typed.trim();
        if typed.is_empty() || typed == NONE && f.kind == FieldType::Choice {
            values.push((f.name.clone(), String::new()));
            continue;
        }
        match f.value(typed) {
            Ok(v) => values.push((f.name.clone(), v)),
            Err(e) => {
                form.fail(id, e.to_string());
                ok = false;
            }
        }
    }
    ok.then_some(values)
}
