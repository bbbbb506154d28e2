//! Applying a macro from the app (`M`): first which one (its name, found
//! by letters in order), then its reply or note filled in for the request,
//! to read and edit before it goes, with the changes it makes in the title.

use super::{Seen, Submit};
use crate::domain::canned::Macro;
use crate::domain::command::Command;
use crate::domain::text::inert_line;
use crate::domain::time::short_duration;
use crate::domain::Request;
use crate::tui::form::{Field, FieldId, Form, Purpose, Suggest};

pub fn pick_macro(r: &Request) -> Form {
    Form::new(
        Purpose::PickMacro,
        format!("Apply a macro to #{} — Tab completes its name", r.id),
        vec![Field::text(FieldId::Macro, "").suggesting(Suggest::Macros)],
    )
    .on(r.id, r.version)
}

/// What a macro does besides its text, in words for a title.
fn changes(m: &Macro) -> String {
    let mut out = Vec::new();
    if let Some(s) = m.status {
        out.push(format!("status {s}"));
    }
    if let Some(a) = &m.assign {
        out.push(format!("assign {}", inert_line(a)));
    }
    if let Some(t) = &m.team {
        out.push(format!("team {}", inert_line(t)));
    }
    out.extend(m.tags.iter().map(|t| format!("#{}", inert_line(t))));
    if let Some(min) = m.minutes {
        out.push(format!("{} spent", short_duration(i64::from(min) * 60)));
    }
    out.join(" · ")
}

/// The macro filled in for `r`, to read before it is sent.
pub fn apply_macro(m: &Macro, r: &Request, agent: &str, now: i64) -> Form {
    let what = if m.reply.is_some() { "reply" } else { "note" };
    let title = format!(
        "{} on #{} as a {what}{}",
        inert_line(&m.name),
        r.id,
        match changes(m) {
            c if c.is_empty() => String::new(),
            c => format!(" · {c}"),
        }
    );
    let mut text = Field::multiline(if m.reply.is_some() {
        FieldId::Reply
    } else {
        FieldId::Note
    });
    text.set_text(&m.text_for(r, agent, now).unwrap_or_default());
    Form::new(
        Purpose::ApplyMacro,
        title,
        vec![text, Field::text(FieldId::Macro, &m.name)],
    )
    .on(r.id, r.version)
}

/// The macro picked: one with a reply or note opens that text to read and
/// edit first; one without is applied at once.
pub(super) fn read_pick(form: &mut Form, seen: &Seen<'_>) -> Submit {
    let typed = form.value(FieldId::Macro).trim().to_lowercase();
    let found = seen
        .macros
        .iter()
        .find(|m| m.name.to_lowercase() == typed)
        .or_else(|| {
            let names: Vec<String> = seen.macros.iter().map(|m| m.name.clone()).collect();
            let nearest = super::suggestions(Suggest::Macros, &typed, &[], &[], &[], &names, &[]);
            seen.macros.iter().find(|m| nearest.first() == Some(&m.name))
        });
    let request = seen
        .request
        .filter(|r| Some(r.id) == form.request.map(|(id, _)| id));
    match (found, request) {
        (Some(m), Some(r)) if m.reply.is_some() || m.note.is_some() => {
            Submit::Next(Box::new(apply_macro(m, r, seen.actor, seen.now)))
        }
        (Some(m), Some(r)) => Submit::Write(Command::ApplyMacro {
            id: r.id,
            name: m.name.clone(),
            text: None,
        }),
        (None, _) => {
            form.fail(FieldId::Macro, format!("no macro matches '{typed}'"));
            Submit::Stay
        }
        (Some(_), None) => {
            form.error = Some("the request is not loaded yet; try again".into());
            Submit::Stay
        }
    }
}

/// The macro with its text as the person left it.
pub(super) fn read_apply(form: &Form) -> Submit {
    let (id, _) = form.request.unwrap_or_default();
    let text = [FieldId::Reply, FieldId::Note]
        .into_iter()
        .find_map(|f| form.field(f).map(|_| form.value(f)))
        .filter(|t| !t.trim().is_empty());
    Submit::Write(Command::ApplyMacro {
        id,
        name: form.value(FieldId::Macro),
        text,
    })
}
