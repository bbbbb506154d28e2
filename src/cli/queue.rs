//! `list`: the queue as a table, JSON or CSV.

use super::args::{ListArgs, ListFormat};
use super::output::{print, print_json, request_table, RequestJson};
use super::spreadsheet::Sheet;
use super::{CliError, CliResult, Context};
use crate::domain::query::{check_search, Query};
use crate::store::{AssigneeFilter, DueFilter, QueueFilter, QueueSort};

pub fn list(ctx: &Context, a: ListArgs) -> CliResult {
    // A saved view's query comes first; --query adds to it.
    let view = a
        .view
        .as_deref()
        .map(|name| ctx.store.view(&ctx.actor, name))
        .transpose()?;
    let text = [view.as_ref().map(|v| v.query.clone()), a.query.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(search) = &a.search {
        check_search(search).map_err(|e| CliError::Usage(format!("--search: {e}")))?;
    }
    let query = super::bulk::read_query(ctx, &text)?;
    let sort = match (a.sort, view.as_ref().and_then(|v| v.sort.as_deref())) {
        (Some(sort), _) => sort,
        (None, Some(saved)) => saved.parse().map_err(CliError::Failed)?,
        (None, None) => QueueSort::Created,
    };
    let assignee = match (a.assignee, a.mine, a.unassigned) {
        (Some(name), _, _) => AssigneeFilter::Named(name),
        (None, true, _) => AssigneeFilter::Covering(ctx.actor.clone()),
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
        search: a.search.clone(),
        due: match (a.breached, a.at_risk) {
            (true, true) => Some(DueFilter::BreachedOrAtRisk),
            (true, false) => Some(DueFilter::Breached),
            (false, true) => Some(DueFilter::AtRisk),
            (false, false) => None,
        },
        now: ctx.now,
        rated: None,
        follow_up: false,
        refine: Query::default(),
    }
    .refined(query);

    let requests = ctx.store.queue(&filter, sort, 0, a.limit as usize)?;
    match a.format {
        ListFormat::Table => print(&request_table(&requests, ctx.now))?,
        ListFormat::Json => print_json(
            &requests
                .iter()
                .map(|r| RequestJson::new(r, ctx.now))
                .collect::<Vec<_>>(),
        )?,
        ListFormat::Csv => {
            let mut sheet = Sheet::new();
            sheet.records(&requests)?;
            sheet.print()?;
        }
    }
    Ok(())
}
