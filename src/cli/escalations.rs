//! The team lead's view from the command line.

use super::args::ShowFormat;
use super::output::{due_cell, print, print_json, RequestJson};
use super::{CliResult, Context};
use crate::domain::command::Command;
use crate::domain::ids::{RequestId, Version};
use crate::domain::text::{fit_padded, inert_line};
use crate::domain::time::short_duration;
use crate::store::Escalation;

#[derive(serde::Serialize)]
struct EscalationJson<'a> {
    #[serde(flatten)]
    request: RequestJson<'a>,
    reason: &'a Option<String>,
    #[serde(with = "crate::domain::time::rfc3339_opt")]
    escalated_at: Option<i64>,
    escalated_by: &'a Option<String>,
    acknowledged_by: &'a Option<String>,
    last_event: Option<&'a crate::domain::Event>,
}

pub fn list(ctx: &Context, format: ShowFormat, limit: u32) -> CliResult {
    let rows = ctx.store.escalations(limit as usize)?;
    match format {
        ShowFormat::Json => {
            let json: Vec<EscalationJson> = rows
                .iter()
                .map(|e: &Escalation| EscalationJson {
                    request: RequestJson::new(&e.request, ctx.now),
                    reason: &e.reason,
                    escalated_at: e.escalated_at,
                    escalated_by: &e.escalated_by,
                    acknowledged_by: &e.acknowledged_by,
                    last_event: e.last_event.as_ref(),
                })
                .collect();
            print_json(&json)?;
        }
        ShowFormat::Text => {
            let mut out = format!(
                "{:>7} {:<2} {} {} {} {:>7} {:>7}\n",
                "ID",
                "LV",
                fit_padded("SUBJECT / REASON", 30),
                fit_padded("OWNER", 10),
                fit_padded("ACK", 8),
                "SINCE",
                "DUE"
            );
            for e in &rows {
                let r = &e.request;
                let key = if r.key_customer { "★" } else { "" };
                let what = format!(
                    "{key}{} — {}",
                    inert_line(&r.subject),
                    inert_line(e.reason.as_deref().unwrap_or(""))
                );
                out.push_str(&format!(
                    "{:>7} {:<2} {} {} {} {:>7} {:>7}\n",
                    r.id,
                    r.escalation_level,
                    fit_padded(&what, 30),
                    fit_padded(&inert_line(r.assignee.as_deref().unwrap_or("-")), 10),
                    fit_padded(&inert_line(e.acknowledged_by.as_deref().unwrap_or("-")), 8),
                    e.escalated_at
                        .map(|t| short_duration(ctx.now - t))
                        .unwrap_or_default(),
                    due_cell(r, ctx.now),
                ));
            }
            print(&out)?;
        }
    }
    Ok(())
}

pub fn acknowledge(ctx: &mut Context, id: RequestId, if_version: Option<Version>) -> CliResult {
    let r = ctx.execute(Command::Acknowledge { id }, if_version)?;
    print(&format!(
        "request {} acknowledged (version {})\n",
        r.id, r.version
    ))?;
    Ok(())
}

pub fn de_escalate(ctx: &mut Context, id: RequestId, reason: &str, if_version: Option<Version>) -> CliResult {
    let reason = reason.to_string();
    let r = ctx.execute(Command::DeEscalate { id, reason }, if_version)?;
    print(&format!(
        "request {} de-escalated to level {} (version {})\n",
        r.id, r.escalation_level, r.version
    ))?;
    Ok(())
}
