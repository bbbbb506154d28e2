//! Replies, notes, escalation, resolution, reopening and ratings.

use super::args::RateArgs;
use super::output::print;
use super::{CliResult, Context};
use crate::domain::command::Command;
use crate::domain::ids::{RequestId, Version};
use crate::domain::rating::Scores;
use crate::domain::text::inert_line;
use crate::domain::Request;

fn done(what: &str, r: &Request) -> CliResult {
    print(&format!("request {} {what} (version {})\n", r.id, r.version))?;
    Ok(())
}

/// A reply: the text given, or answer `answer`'s with its variables
/// filled for this request (then the answer counts one more use).
pub fn reply(
    ctx: &mut Context,
    id: RequestId,
    text: Option<&str>,
    answer: Option<i64>,
    if_version: Option<Version>,
) -> CliResult {
    let command = match answer {
        Some(number) => {
            let a = ctx.store.answer(number)?;
            let r = ctx.store.request(id)?;
            let text = text.map_or_else(
                || crate::domain::canned::Macro::fill(&a.body, &r, &ctx.actor, ctx.now),
                str::to_string,
            );
            Command::ReplyWithAnswer { id, number, text }
        }
        None => Command::Reply {
            id,
            text: text.unwrap_or_default().to_string(),
        },
    };
    let r = ctx.execute(command, if_version)?;
    done("replied to", &r)?;
    super::mail::send_reply_mail(ctx, id)
}

pub fn note(ctx: &mut Context, id: RequestId, text: &str, if_version: Option<Version>) -> CliResult {
    let text = text.to_string();
    let r = ctx.execute(Command::Note { id, text }, if_version)?;
    done("noted", &r)
}

pub fn escalate(ctx: &mut Context, id: RequestId, reason: &str, if_version: Option<Version>) -> CliResult {
    let reason = reason.to_string();
    let r = ctx.execute(Command::Escalate { id, reason }, if_version)?;
    done(&format!("escalated to level {}", r.escalation_level), &r)
}

pub fn resolve(
    ctx: &mut Context,
    id: RequestId,
    resolution: Option<&str>,
    if_version: Option<Version>,
) -> CliResult {
    let resolution = resolution.unwrap_or_default().to_string();
    let r = ctx.execute(Command::Resolve { id, resolution }, if_version)?;
    done("resolved", &r)
}

pub fn reopen(
    ctx: &mut Context,
    id: RequestId,
    reason: Option<&str>,
    if_version: Option<Version>,
) -> CliResult {
    let reason = reason.unwrap_or_default().to_string();
    let r = ctx.execute(Command::Reopen { id, reason }, if_version)?;
    done("reopened", &r)
}

pub fn rate(ctx: &mut Context, a: RateArgs) -> CliResult {
    let scores = Scores {
        overall: a.score,
        speed: a.speed,
        quality: a.quality,
        communication: a.communication,
        recommend: a.recommend,
        comment: a.comment,
    };
    let earlier = ctx.store.rating(a.id)?;
    let rate = Command::Rate {
        id: a.id,
        scores,
        close: a.close,
    };
    let r = ctx.execute(rate, a.if_version)?;
    match earlier {
        // The history keeps both; the person is told it was a change.
        Some(g) => done(
            &format!(
                "rated again: the rating {} by {} was replaced (both are in its history)",
                g.summary(),
                inert_line(&g.rated_by)
            ),
            &r,
        ),
        None => done("rated", &r),
    }
}

pub fn close(ctx: &mut Context, id: RequestId, reason: &str, if_version: Option<Version>) -> CliResult {
    let reason = reason.to_string();
    let r = ctx.execute(Command::Close { id, reason }, if_version)?;
    done("closed without resolution", &r)
}

/// `tag ID +vpn -printer` (or `tag 12,15,20-25 …` for several, all or
/// none): tags put on (`+tag` or a bare `tag`) and taken off (`-tag`).
pub fn tag(ctx: &mut Context, ids: &str, changes: &[String], if_version: Option<Version>) -> CliResult {
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for change in changes {
        if change.starts_with("--") {
            return Err(super::CliError::Usage(format!(
                "{change} after the tags is read as a tag; put options first: `tag ID --if-version N +tag -tag`"
            )));
        }
        match change.strip_prefix('-') {
            Some(t) => remove.push(t.to_string()),
            None => add.push(change.trim_start_matches('+').to_string()),
        }
    }
    let tagged = |r: &Request| {
        format!(
            "request {} tagged {} (version {})\n",
            r.id,
            super::output::tags_text(&r.tags),
            r.version
        )
    };
    let command = |id| Command::Tag {
        id,
        add: add.clone(),
        remove: remove.clone(),
    };
    match super::bulk::request_ids(ids)?[..] {
        [id] => {
            let r = ctx.execute(command(id), if_version)?;
            print(&tagged(&r))?;
            Ok(())
        }
        ref several if if_version.is_none() => super::bulk::change_all(ctx, several, command, tagged),
        _ => Err(super::CliError::Usage(
            "--if-version is for one request; several are each changed at the version they are at now, all or none"
                .into(),
        )),
    }
}

/// `link ID TARGET --as KIND`.
pub fn link(
    ctx: &mut Context,
    id: RequestId,
    target: RequestId,
    kind: crate::domain::link::LinkKind,
    if_version: Option<Version>,
) -> CliResult {
    let r = ctx.execute(Command::Link { id, target, kind }, if_version)?;
    let what = r
        .links
        .iter()
        .find(|l| l.id == target)
        .map_or("linked to", |l| l.relation.as_str());
    print(&format!(
        "request {id} is {what} #{target} (version {})\n",
        r.version
    ))?;
    Ok(())
}

pub fn unlink(ctx: &mut Context, id: RequestId, target: RequestId) -> CliResult {
    let r = ctx.execute(Command::Unlink { id, target }, None)?;
    print(&format!(
        "request {id} no longer linked to #{target} (version {})\n",
        r.version
    ))?;
    Ok(())
}

/// `merge ID --into TARGET`.
pub fn merge(ctx: &mut Context, id: RequestId, into: RequestId, if_version: Option<Version>) -> CliResult {
    let r = ctx.execute(Command::Merge { id, into }, if_version)?;
    print(&format!(
        "request {id} merged into #{} and closed (#{} now version {})\n",
        r.id, r.id, r.version
    ))?;
    Ok(())
}
