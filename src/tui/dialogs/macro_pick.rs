//! Applying a macro from the app (`M`): first which one (its name, found
//! by letters in order), then its reply or note filled in for the request,
//! to read and edit before it goes, with the changes it makes in the title.

use crate::domain::canned::Macro;
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
