//! `surveys`: how the satisfaction surveys mailed after resolution stand —
//! sent, answered, the response rate, and those still waiting.

use super::args::TableFormat;
use super::output::{print, print_json};
use super::{CliError, CliResult, Context};
use crate::domain::text::{fit_padded, inert_line};
use crate::domain::time::{local_short, parse_datetime};

const DAY: i64 = 86_400;

pub fn list(ctx: &Context, since: Option<String>, format: TableFormat) -> CliResult {
    let since = since
        .as_deref()
        .map(parse_datetime)
        .transpose()
        .map_err(|e| CliError::Usage(format!("--since: {e}")))?
        .unwrap_or(ctx.now - 90 * DAY);
    let figures = ctx.store.survey_figures(since)?;
    if format == TableFormat::Json {
        return Ok(print_json(&figures)?);
    }
    let rate = figures
        .counts
        .response_rate
        .map_or_else(|| "-".to_string(), |r| format!("{r:.0}%"));
    let mut out = format!(
        "surveys since {}: {} sent, {} answered, response rate {rate}\n",
        local_short(since),
        figures.counts.sent,
        figures.counts.answered
    );
    if !figures.pending.is_empty() {
        out.push_str(&format!(
            "\n{:>7} {} {} SENT\n",
            "ID",
            fit_padded("REQUESTER", 18),
            fit_padded("SUBJECT", 30)
        ));
        for p in &figures.pending {
            out.push_str(&format!(
                "{:>7} {} {} {}\n",
                p.id,
                fit_padded(&inert_line(&p.requester), 18),
                fit_padded(&inert_line(&p.subject), 30),
                local_short(p.sent_at)
            ));
        }
    }
    print(&out)?;
    Ok(())
}
