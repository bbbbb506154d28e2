//! `report --themes`: what unhappy requesters say — the words and phrases
//! the comments of low ratings and the reasons of reopens share most.

use super::args::ReportFormat;
use super::output::{print, print_json};
use super::{CliError, CliResult, Context};
use crate::domain::kpi::themes::{theme_report, Theme, ThemeReport};
use crate::domain::kpi::Window;
use crate::domain::text::{fit_padded, inert_line};
use crate::domain::time::local_short;
use crate::store::KpiGroup;

/// The themes of `window`, split by `by` when it asks.
pub fn read(ctx: &Context, window: Window, by: Option<KpiGroup>) -> Result<ThemeReport, CliError> {
    let sources = ctx.store.theme_sources(window, by).map_err(|e| match e {
        crate::store::StoreError::Invalid(why) => CliError::Usage(why),
        other => other.into(),
    })?;
    Ok(theme_report(
        window,
        &sources.comments,
        &sources.subjects,
        by.map(KpiGroup::label),
    ))
}

pub fn run(ctx: &Context, window: Window, by: Option<KpiGroup>, format: ReportFormat) -> CliResult {
    let report = read(ctx, window, by)?;
    match format {
        ReportFormat::Json => print_json(&report)?,
        ReportFormat::Table => print(&table(&report))?,
        ReportFormat::Csv | ReportFormat::Html => {
            return Err(CliError::Usage(
                "--themes is a table or JSON; the HTML report (report --format html) has them in a section"
                    .into(),
            ))
        }
    }
    Ok(())
}

fn rows(themes: &[Theme]) -> String {
    if themes.is_empty() {
        return "  (nothing said by two or more)\n".into();
    }
    let mut out = format!(
        "  {} {:>5} {:>7}  EXAMPLES\n",
        fit_padded("THEME", 24),
        "COUNT",
        "OF LOW"
    );
    for t in themes {
        let share = t.share_of_low.map_or_else(|| "-".into(), |s| format!("{s:.0}%"));
        let examples: Vec<String> = t.examples.iter().map(|id| format!("#{id}")).collect();
        out.push_str(&format!(
            "  {} {:>5} {share:>7}  {}\n",
            fit_padded(&inert_line(&t.theme), 24),
            t.count,
            examples.join(" ")
        ));
    }
    out
}

fn table(r: &ThemeReport) -> String {
    let mut out = format!(
        "What unhappy requesters say, {} – {}: {} low ratings (1–3), {} reopened with a reason\n\n",
        local_short(r.window.since),
        local_short(r.window.until),
        r.low_ratings,
        r.reopened
    );
    out.push_str(&rows(&r.themes));
    for g in &r.groups {
        out.push_str(&format!(
            "\n{} ({} low ratings)\n",
            inert_line(&g.name),
            g.low_ratings
        ));
        out.push_str(&rows(&g.themes));
    }
    out
}
