//! `list`: the queue as a table, JSON or CSV.

use super::args::{ListArgs, ListFormat};
use super::output::{print, print_json, request_table, RequestJson};
use super::{to_terminal, CliError, CliResult, Context};
use crate::domain::text::inert_text;
use crate::store::{AssigneeFilter, DueFilter, QueueFilter};

pub fn list(ctx: &Context, a: ListArgs) -> CliResult {
    let assignee = match (a.assignee, a.mine, a.unassigned) {
        (Some(name), _, _) => AssigneeFilter::Named(name),
        (None, true, _) => AssigneeFilter::Named(ctx.actor.clone()),
        (None, false, true) => AssigneeFilter::Unassigned,
        _ => AssigneeFilter::Anyone,
    };
    let filter = QueueFilter {
        statuses: a.status,
        assignee,
        department: a.dept,
        team: a.team,
        priorities: a.priority,
        escalated: a.escalated,
        search: a.search,
        due: match (a.breached, a.at_risk) {
            (true, true) => Some(DueFilter::BreachedOrAtRisk),
            (true, false) => Some(DueFilter::Breached),
            (false, true) => Some(DueFilter::AtRisk),
            (false, false) => None,
        },
        now: ctx.now,
        rated: None,
        follow_up: false,
    };

    let requests = ctx.store.queue(&filter, a.sort, 0, a.limit as usize)?;
    match a.format {
        ListFormat::Table => print(&request_table(&requests, ctx.now))?,
        ListFormat::Json => print_json(
            &requests
                .iter()
                .map(|r| RequestJson::new(r, ctx.now))
                .collect::<Vec<_>>(),
        )?,
        ListFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            for r in &requests {
                w.serialize(r).map_err(|e| CliError::Failed(e.to_string()))?;
            }
            let bytes = w.into_inner().map_err(|e| CliError::Failed(e.to_string()))?;
            let text = String::from_utf8_lossy(&bytes);
            // Raw data for a pipe; inert text for a person reading it.
            print(&if to_terminal() {
                inert_text(&text)
            } else {
                text.into_owned()
            })?;
        }
    }
    Ok(())
}
