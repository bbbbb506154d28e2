//! `report`: the KPIs of a window as a table, JSON, CSV or an HTML page.

use std::io::Write;
use std::path::PathBuf;

use super::args::ReportFormat;
use super::exchange::write_atomically;
use super::output::{print, print_json, shown};
use super::spreadsheet::Sheet;
use super::{to_terminal, CliError, CliResult, Context};
use crate::domain::kpi::shown::{duration, nps, percent, score};
use crate::domain::kpi::{report, Kpis, Named, Report, Window};
use crate::domain::text::{escape_json_hazards, fit_padded, inert_line, inert_text};
use crate::domain::time::{parse_datetime, short_duration};
use crate::store::KpiGroup;

const DAY: i64 = 86_400;

/// Name and value of every KPI, in the order reports show them.
pub fn figures(k: &Kpis) -> Vec<(&'static str, String)> {
    vec![
        ("Requests", k.volume.to_string()),
        ("Backlog", k.backlog.to_string()),
        ("Backlog age (median)", duration(k.backlog_age_median)),
        ("First response (median)", duration(k.first_response_median)),
        ("First response (p90)", duration(k.first_response_p90)),
        ("Resolution (median)", duration(k.resolution_median)),
        ("Resolution (p90)", duration(k.resolution_p90)),
        ("Resolution rate", percent(k.resolution_rate)),
        ("SLA compliance, response", percent(k.sla_response)),
        ("SLA compliance, resolution", percent(k.sla_resolution)),
        ("Reopen rate", percent(k.reopen_rate)),
        ("Escalation rate", percent(k.escalation_rate)),
        ("Ratings", k.ratings.to_string()),
        ("CSAT", percent(k.csat)),
        ("Average overall", score(k.average_overall)),
        ("Average speed", score(k.average_speed)),
        ("Average quality", score(k.average_quality)),
        ("Average communication", score(k.average_communication)),
        ("NPS", nps(k.nps)),
    ]
}

pub const SURVEY_RATE: &str = "Survey response rate";

/// The survey response rate with what it counts ("50% (2 of 4)"), when
/// surveys were mailed in the window.
pub fn survey_rate(r: &Report) -> Option<String> {
    let s = r.surveys;
    s.response_rate
        .map(|rate| format!("{rate:.0}% ({} of {})", s.answered, s.sent))
}

fn table(r: &Report) -> String {
    let mut out = format!(
        "Frontdesk report {} – {}\n\n",
        crate::domain::time::local_short(r.window.since),
        crate::domain::time::local_short(r.window.until)
    );
    for (name, value) in figures(&r.overall) {
        out.push_str(&format!("{name:<28} {value}\n"));
    }
    if let Some(rate) = survey_rate(r) {
        out.push_str(&format!("{SURVEY_RATE:<28} {rate}\n"));
    }
    let section = |title: &str, rows: &[Named], out: &mut String| {
        if rows.is_empty() {
            return;
        }
        out.push_str(&format!(
            "\n{} {:>6} {:>7} {:>8} {:>8} {:>7} {:>7} {:>7} {:>6}\n",
            fit_padded(title, 18),
            "REQ",
            "BACKLOG",
            "1ST RESP",
            "RESOLVE",
            "SLA RSP",
            "SLA RES",
            "CSAT",
            "NPS"
        ));
        for g in rows {
            let k = &g.kpis;
            out.push_str(&format!(
                "{} {:>6} {:>7} {:>8} {:>8} {:>7} {:>7} {:>7} {:>6}\n",
                fit_padded(&inert_line(&g.name), 18),
                k.volume,
                k.backlog,
                duration(k.first_response_median),
                duration(k.resolution_median),
                percent(k.sla_response),
                percent(k.sla_resolution),
                percent(k.csat),
                nps(k.nps)
            ));
        }
    };
    section(
        &r.group_by.clone().unwrap_or_default().to_uppercase(),
        &r.groups,
        &mut out,
    );
    section("PRIORITY", &r.by_priority, &mut out);
    section("WEEK", &r.weekly, &mut out);
    out
}

fn csv(r: &Report) -> Result<Sheet, CliError> {
    let mut sheet = Sheet::new();
    let mut header = vec![r.group_by.clone().unwrap_or_else(|| "group".into())];
    header.extend(figures(&r.overall).into_iter().map(|(n, _)| n.to_string()));
    sheet.row(&header)?;
    let all = Named {
        name: "all".into(),
        kpis: r.overall.clone(),
    };
    for g in std::iter::once(&all).chain(&r.groups) {
        let mut row = vec![g.name.clone()];
        row.extend(figures(&g.kpis).into_iter().map(|(_, v)| v));
        sheet.row(&row)?;
    }
    Ok(sheet)
}

/// `report --time`: minutes spent in the window, per request or group.
pub fn time_spent(
    ctx: &Context,
    since: Option<String>,
    until: Option<String>,
    by: Option<KpiGroup>,
    format: ReportFormat,
) -> CliResult {
    let window = window(ctx, since, until)?;
    let rows = ctx.store.time_spent(window.since, window.until, by)?;
    match format {
        ReportFormat::Json => print_json(&rows)?,
        ReportFormat::Csv => {
            let mut sheet = Sheet::new();
            sheet.records(&rows)?;
            sheet.print()?;
        }
        ReportFormat::Table | ReportFormat::Html => {
            let heading = by.map_or("REQUEST", |g| match g {
                KpiGroup::Agent => "WHO",
                other => other.label(),
            });
            let mut out = format!("{:<40} {:>9} {:>8}\n", heading.to_uppercase(), "TIME", "REQUESTS");
            let mut total = 0;
            for r in &rows {
                total += r.minutes;
                out.push_str(&format!(
                    "{} {:>9} {:>8}\n",
                    fit_padded(&inert_line(&r.group), 40),
                    short_duration(r.minutes * 60),
                    r.requests
                ));
            }
            out.push_str(&format!("{:<40} {:>9}\n", "total", short_duration(total * 60)));
            print(&out)?;
        }
    }
    Ok(())
}

/// The window `--since`/`--until` give (90 days up to now by default).
fn window(ctx: &Context, since: Option<String>, until: Option<String>) -> Result<Window, CliError> {
    let until = until
        .as_deref()
        .map(parse_datetime)
        .transpose()?
        // The window ends before `until`: by default the second after now,
        // so a write made this second is in it.
        .unwrap_or(ctx.now + 1);
    let since = since
        .as_deref()
        .map(parse_datetime)
        .transpose()?
        .unwrap_or(until - 90 * DAY);
    if since >= until {
        return Err(CliError::Usage("--since must be before --until".into()));
    }
    Ok(Window { since, until })
}

/// `report --themes`, over the same window as the KPIs.
pub fn themes(
    ctx: &Context,
    since: Option<String>,
    until: Option<String>,
    by: Option<KpiGroup>,
    format: ReportFormat,
) -> CliResult {
    super::themes::run(ctx, window(ctx, since, until)?, by, format)
}

pub fn run(
    ctx: &Context,
    since: Option<String>,
    until: Option<String>,
    by: Option<KpiGroup>,
    format: ReportFormat,
    out: Option<PathBuf>,
) -> CliResult {
    let window = window(ctx, since, until)?;
    let rows = ctx.store.kpi_rows(window, by)?;
    let mut r = report(&rows, window, ctx.now, by.map(KpiGroup::label));
    r.surveys = ctx
        .store
        .survey_counts(window.since, window.until, &crate::domain::target::Scope::Desk)?;
    if by == Some(KpiGroup::Tag) {
        // Split by tag a request counts in each of its tags; overall, and
        // by week and priority, it counts once.
        let once = report(&ctx.store.kpi_rows(window, None)?, window, ctx.now, None);
        r.overall = once.overall;
        r.weekly = once.weekly;
        r.by_priority = once.by_priority;
    }
    let text = match format {
        ReportFormat::Table => table(&r),
        ReportFormat::Json => {
            escape_json_hazards(
                &serde_json::to_string_pretty(&r).map_err(|e| CliError::Failed(e.to_string()))?,
            ) + "\n"
        }
        ReportFormat::Csv => csv(&r)?.text()?,
        ReportFormat::Html => {
            // Split by department beside whatever else was asked for.
            let by_department = if by == Some(KpiGroup::Department) {
                r.groups.clone()
            } else {
                crate::domain::kpi::by_group(
                    &ctx.store.kpi_rows(window, Some(KpiGroup::Department))?,
                    window,
                    ctx.now,
                )
            };
            let themes = super::themes::read(ctx, window, None)?;
            let targets = ctx.store.target_standings(ctx.now, |_| true)?;
            super::report_html::page(&r, &by_department, &themes, &targets)
        }
    };
    match out {
        Some(path) => {
            write_atomically(&path, |w: &mut dyn Write| Ok(w.write_all(text.as_bytes())?))?;
            eprintln!("report written to {}", shown(&path));
            Ok(())
        }
        // A person reading it on a terminal sees inert text.
        None => Ok(print(&if to_terminal() { inert_text(&text) } else { text })?),
    }
}
