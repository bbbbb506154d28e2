//! Replies, notes, escalation, resolution, reopening and ratings.

use super::args::RateArgs;
use super::output::print;
use super::{CliResult, Context};
use crate::domain::rating::Scores;
use crate::domain::text::inert_line;
use crate::domain::Request;
use crate::store::Stamp;

fn done(what: &str, r: &Request) -> CliResult {
    print(&format!("request {} {what} (version {})\n", r.id, r.version))?;
    Ok(())
}

pub fn reply(ctx: &mut Context, id: i64, text: &str, if_version: Option<i64>) -> CliResult {
    let r = ctx
        .store
        .reply(id, text, Stamp::new(&ctx.actor, if_version, ctx.now))?;
    done("replied to", &r)
}

pub fn note(ctx: &mut Context, id: i64, text: &str, if_version: Option<i64>) -> CliResult {
    let r = ctx
        .store
        .note(id, text, Stamp::new(&ctx.actor, if_version, ctx.now))?;
    done("noted", &r)
}

pub fn escalate(ctx: &mut Context, id: i64, reason: &str, if_version: Option<i64>) -> CliResult {
    let r = ctx
        .store
        .escalate(id, reason, Stamp::new(&ctx.actor, if_version, ctx.now))?;
    done(&format!("escalated to level {}", r.escalation_level), &r)
}

pub fn resolve(ctx: &mut Context, id: i64, resolution: Option<&str>, if_version: Option<i64>) -> CliResult {
    let r = ctx
        .store
        .resolve(id, resolution, Stamp::new(&ctx.actor, if_version, ctx.now))?;
    done("resolved", &r)
}

pub fn reopen(ctx: &mut Context, id: i64, reason: Option<&str>, if_version: Option<i64>) -> CliResult {
    let r = ctx
        .store
        .reopen(id, reason, Stamp::new(&ctx.actor, if_version, ctx.now))?;
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
    let r = ctx.store.rate(
        a.id,
        scores,
        a.close,
        Stamp::new(&ctx.actor, a.if_version, ctx.now),
    )?;
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

pub fn close(ctx: &mut Context, id: i64, reason: &str, if_version: Option<i64>) -> CliResult {
    let r = ctx
        .store
        .close_as_mistake(id, reason, Stamp::new(&ctx.actor, if_version, ctx.now))?;
    done("closed without resolution", &r)
}
