//! Working a request's checklist (`X`): tick an item, skip it with a
//! reason, untick or remove it, or add one.

use super::{labels, request_id};
use crate::domain::command::Command;
use crate::domain::template::{progress, ChecklistChange, ItemState};
use crate::domain::text::inert_line;
use crate::domain::Request;
use crate::tui::form::{Field, FieldId, Form, Purpose};

/// The last choice of Item: a new one, written in Text.
const NEW_ITEM: &str = "+ a new item (write it below)";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Then {
    Done,
    Skipped,
    Open,
    Removed,
}

const THEN: [(Then, &str); 4] = [
    (Then::Done, "done"),
    (Then::Skipped, "skipped (say why below)"),
    (Then::Open, "open again"),
    (Then::Removed, "removed"),
];

pub fn checklist(r: &Request) -> Form {
    let mut items: Vec<String> = r
        .checklist
        .iter()
        .filter(|i| i.state != ItemState::Removed)
        .map(|i| {
            let mark = match i.state {
                ItemState::Done => "[x]",
                ItemState::Skipped => "[-]",
                _ => "[ ]",
            };
            format!("{} {mark} {}", i.number, inert_line(&i.text))
        })
        .collect();
    // The first open item is the one to tick next.
    let first_open = r
        .checklist
        .iter()
        .filter(|i| i.state != ItemState::Removed)
        .position(|i| i.state == ItemState::Open)
        .unwrap_or(0);
    items.push(NEW_ITEM.into());
    let thens: Vec<String> = THEN.iter().map(|(_, l)| (*l).to_string()).collect();
    Form::new(
        Purpose::Checklist,
        format!("Checklist of #{} · {}", r.id, progress(&r.checklist)),
        vec![
            Field::choice(FieldId::Item, items, first_open),
            Field::choice(FieldId::Then, labels(&thens), 0),
            Field::text(FieldId::Reason, ""),
        ],
    )
    .on(r.id, r.version)
}

pub(super) fn read(form: &mut Form) -> Option<Command> {
    let id = request_id(form);
    let item = form.value(FieldId::Item);
    let text = form.value(FieldId::Reason).trim().to_string();
    if item == NEW_ITEM {
        if text.is_empty() {
            form.fail(FieldId::Reason, "write the new item");
            return None;
        }
        return Some(Command::Checklist {
            id,
            change: ChecklistChange::Add(text),
        });
    }
    let number: i64 = item.split_whitespace().next()?.parse().ok()?;
    let then = THEN
        .iter()
        .find(|(_, l)| *l == form.value(FieldId::Then))
        .map_or(Then::Done, |(t, _)| *t);
    let change = match then {
        Then::Done => ChecklistChange::Check(number),
        Then::Open => ChecklistChange::Uncheck(number),
        Then::Removed => ChecklistChange::Remove(number),
        Then::Skipped if text.is_empty() => {
            form.fail(FieldId::Reason, "say why it is skipped");
            return None;
        }
        Then::Skipped => ChecklistChange::Skip { number, reason: text },
    };
    Some(Command::Checklist { id, change })
}
