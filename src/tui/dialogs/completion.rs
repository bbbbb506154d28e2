//! Completing names in a dialog: requesters, staff, teams, departments and
//! categories, and what is known about a requester once chosen.

use crate::domain::Person;
use crate::tui::form::{FieldId, FieldKind, Form, Purpose, Suggest};

/// Names (or teams) that start with what was typed, best first.
pub fn suggestions(
    source: Suggest,
    typed: &str,
    people: &[Person],
    teams: &[String],
    categories: &[String],
    macros: &[String],
    templates: &[String],
) -> Vec<String> {
    let typed = typed.trim().to_lowercase();
    let mut out: Vec<String> = match source {
        Suggest::People => people.iter().map(|p| p.name.clone()).collect(),
        Suggest::Staff | Suggest::Mentions => people
            .iter()
            .filter(|p| p.role.is_staff())
            .map(|p| p.name.clone())
            .collect(),
        Suggest::Teams => teams.to_vec(),
        Suggest::Categories => categories.to_vec(),
        Suggest::Templates => templates.to_vec(),
        // Macros match by letters in order (`pj` finds printer-jam).
        Suggest::Macros => {
            let mut found: Vec<String> = macros.iter().filter(|m| in_order(&typed, m)).cloned().collect();
            found.sort_by_key(|m| !m.to_lowercase().starts_with(&typed));
            return found;
        }
        Suggest::Departments => {
            let mut d: Vec<String> = people.iter().filter_map(|p| p.department.clone()).collect();
            d.sort();
            d.dedup();
            d
        }
    };
    out.retain(|name| {
        typed.is_empty()
            || name.to_lowercase().starts_with(&typed)
            || name.to_lowercase().contains(&format!(" {typed}"))
    });
    out.truncate(50);
    out
}

/// Whether every letter of `typed` appears in `name`, in order.
fn in_order(typed: &str, name: &str) -> bool {
    let mut letters = name.chars().flat_map(char::to_lowercase);
    typed.chars().all(|c| letters.any(|l| l == c))
}

/// Tab on a field with suggestions: take the first one, fill in what is
/// known about a requester, and move on.
pub fn complete(
    form: &mut Form,
    index: usize,
    people: &[Person],
    teams: &[String],
    categories: &[String],
    macros: &[String],
    templates: &[String],
) {
    let Some(field) = form.fields.get(index) else {
        return;
    };
    let (Some(source), typed) = (field.suggest(), field.value()) else {
        return;
    };
    // In a note, Tab completes the @name being typed, or moves on.
    if source == Suggest::Mentions {
        let before = field.before_cursor();
        let partial = crate::domain::inbox::mention_being_typed(&before).map(str::to_string);
        let name = partial.as_deref().and_then(|p| {
            suggestions(source, p, people, teams, categories, macros, templates)
                .into_iter()
                .next()
        });
        match (partial, name) {
            (Some(p), Some(name)) => {
                form.fields[index].replace_before_cursor(p.chars().count(), &format!("{name} "));
            }
            _ => form.next_field(),
        }
        return;
    }
    let first = suggestions(source, &typed, people, teams, categories, macros, templates)
        .into_iter()
        .next();
    if let (Some(name), false) = (first, typed.trim().is_empty()) {
        form.fields[index].set_text(&name);
        if form.purpose == Purpose::NewRequest && form.fields[index].id == FieldId::Requester {
            if let Some(p) = people.iter().find(|p| p.name == name) {
                for (label, value) in [
                    (FieldId::Department, &p.department),
                    (FieldId::Contact, &p.contact),
                ] {
                    if let (Some(v), Some(f)) = (value, form.field_mut(label)) {
                        if f.value().trim().is_empty() {
                            f.set_text(v);
                        }
                    }
                }
                if p.key_customer {
                    if let Some(f) = form.field_mut(FieldId::KeyCustomer) {
                        f.set_choice("yes");
                    }
                }
            }
        }
    }
    if matches!(form.fields[index].kind, FieldKind::Text { .. }) {
        form.next_field();
    }
}
