//! `sla explain ID`: the due time and how it was reached, stretch by
//! stretch, so "why is this breached?" has an answer.

use serde::Serialize;

use super::args::ShowFormat;
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::ids::RequestId;
use crate::domain::sla::{DueSource, DueState};
use crate::domain::sla_explain::{explain as explained, Stretch};
use crate::domain::time::rfc3339;

#[derive(Serialize)]
struct ExplanationJson {
    id: RequestId,
    priority: String,
    target: String,
    target_seconds: i64,
    due_source: DueSource,
    clock_from: String,
    due_at: String,
    state: DueState,
    running_seconds: i64,
    paused_seconds: i64,
    segments: Vec<SegmentJson>,
}

#[derive(Serialize)]
struct SegmentJson {
    from: String,
    to: String,
    seconds: i64,
    stretch: Stretch,
}

pub fn explain(ctx: &Context, id: RequestId, format: ShowFormat) -> CliResult {
    let (r, events) = ctx.store.request_and_history(id)?;
    let Some(e) = explained(&r, &events, &ctx.store.sla_policy()?, ctx.now) else {
        print(&format!("request {id} has no due time\n"))?;
        return Ok(());
    };
    if format == ShowFormat::Json {
        return Ok(print_json(&ExplanationJson {
            id,
            priority: e.priority.to_string(),
            target: e.target.clone(),
            target_seconds: e.target_seconds,
            due_source: e.source,
            clock_from: rfc3339(e.from),
            due_at: rfc3339(e.due_at),
            state: e.state,
            running_seconds: e.running,
            paused_seconds: e.paused,
            segments: e
                .segments
                .iter()
                .map(|s| SegmentJson {
                    from: rfc3339(s.from),
                    to: rfc3339(s.to),
                    seconds: s.to - s.from,
                    stretch: s.stretch.clone(),
                })
                .collect(),
        })?);
    }
    print(&(e.lines().join("\n") + "\n"))?;
    Ok(())
}
