//! `new`, `show` and `update`.

use crate::domain::command::Command;
use crate::domain::ids::RequestId;
use crate::domain::text::inert_line;
use std::io::Read;

use super::args::{NewArgs, ShowFormat, UpdateArgs};
use super::output::{print, print_json, request_text, RequestJson};
use super::{CliError, CliResult, Context};
use crate::domain::time::parse_datetime;
use crate::domain::NewRequest;
use crate::domain::{Event, Impact, Rating, Urgency};
use crate::store::RequestChange;

/// `show --format json`: the request, its history oldest first, its rating.
#[derive(serde::Serialize)]
struct ShowJson<'a> {
    #[serde(flatten)]
    request: RequestJson<'a>,
    events: Vec<Event>,
    rating: Option<Rating>,
}

fn read_body_file(path: &std::path::Path) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let shown = super::output::shown(path);
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(path)
            .map_err(|e| CliError::Failed(format!("cannot read body file {shown}: {e}")))?;
    }
    String::from_utf8(bytes)
        .map_err(|_| CliError::Failed(format!("body file {shown} is not valid UTF-8 text")))
}

/// `--field NAME=VALUE` as typed, each split at its `=`; the store
/// checks the names and values against the desk's fields.
fn field_values(given: &[String]) -> Result<Vec<(String, String)>, CliError> {
    given
        .iter()
        .map(|g| crate::domain::custom_field::assignment(g).map_err(|e| CliError::Usage(e.to_string())))
        .collect()
}

pub fn new(ctx: &mut Context, a: NewArgs) -> CliResult {
    let body = match (&a.body, &a.body_file) {
        (Some(b), _) => b.clone(),
        (None, Some(path)) => read_body_file(path)?,
        (None, None) => String::new(),
    };
    let reply_by = a.reply_by.as_deref().map(parse_datetime).transpose()?;
    let mut request = NewRequest {
        subject: a.subject.unwrap_or_default(),
        body,
        requester: a.requester,
        department: a.dept,
        contact: a.contact,
        channel: a.channel,
        kind: a.kind,
        category: a.category,
        urgency: a.urgency.unwrap_or(Urgency::Medium),
        impact: a.impact.unwrap_or(Impact::Medium),
        key_customer: a.key,
        reply_by,
        team: a.team,
        checklist: Vec::new(),
        fields: field_values(&a.fields)?,
    };
    if let Some(name) = &a.template {
        let template = ctx.store.template(name)?;
        request = template.fill(request, a.urgency.is_some(), a.impact.is_some());
    }
    let (requester, subject) = (request.requester.clone(), request.subject.clone());
    let id = ctx.execute(Command::Create(request), None)?.id;
    // Offered, never merged: the agent decides.
    let alike = ctx
        .store
        .possible_duplicates(&requester, &subject, Some(id), ctx.now)?;
    match a.format {
        ShowFormat::Json => print_json(&serde_json::json!({
            "id": id,
            "possible_duplicates": alike.iter().map(|d| d.id).collect::<Vec<_>>(),
        }))?,
        ShowFormat::Text => {
            for d in &alike {
                eprintln!("possibly the same as {}", inert_line(&d.line(ctx.now)));
            }
            print(&format!("{id}\n"))?;
        }
    }
    Ok(())
}

pub fn show(ctx: &Context, id: RequestId, format: ShowFormat) -> CliResult {
    let (request, events) = ctx.store.request_and_history(id)?;
    let rating = ctx.store.rating(id)?;
    match format {
        ShowFormat::Json => print_json(&ShowJson {
            request: RequestJson::new(&request, ctx.now),
            events,
            rating,
        })?,
        ShowFormat::Text => print(&request_text(&request, &events, rating.as_ref(), ctx.now))?,
    }
    Ok(())
}

pub fn update(ctx: &mut Context, a: UpdateArgs) -> CliResult {
    let change = RequestChange {
        status: a.status,
        assignee: if a.unassign {
            Some(None)
        } else {
            a.assign.map(Some)
        },
        urgency: a.urgency,
        impact: a.impact,
        team: a.team.map(Some),
        category: a.category.map(Some),
        subject: a.subject,
        body: a.body,
        contact: a.contact.map(|c| Some(c).filter(|c| !c.trim().is_empty())),
        reply_by: match a.reply_by.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(when) => Some(Some(crate::domain::time::parse_datetime(when)?)),
        },
        reason: a.reason,
        fields: field_values(&a.fields)?,
    };
    if change
        == (RequestChange {
            reason: change.reason.clone(),
            ..Default::default()
        })
    {
        return Err(CliError::Usage(
            "update needs at least one of --status, --assign, --unassign, --urgency, --impact, --team, --category, --subject, --body, --contact, --reply-by, --field".into(),
        ));
    }
    let targets = match (&a.ids, &a.query) {
        (Some(ids), None) => super::bulk::request_ids(ids)?,
        (None, Some(query)) => {
            let found = super::bulk::found_by(ctx, query)?;
            if !a.yes {
                return super::bulk::would_change(ctx, &found);
            }
            super::bulk::as_expected(&found, a.expect)?;
            found.iter().map(|r| r.id).collect()
        }
        _ => return Err(CliError::Usage("update needs request ids or --query".into())),
    };
    let updated = |r: &crate::domain::Request| format!("request {} updated (version {})\n", r.id, r.version);
    if let [id] = targets[..] {
        let r = ctx.execute(Command::Update { id, change }, a.if_version)?;
        print(&updated(&r))?;
        return Ok(());
    }
    if a.if_version.is_some() {
        return Err(CliError::Usage(
            "--if-version is for one request; several are each changed at the version they are at now, all or none".into(),
        ));
    }
    super::bulk::change_all(
        ctx,
        &targets,
        |id| Command::Update {
            id,
            change: change.clone(),
        },
        updated,
    )
}
