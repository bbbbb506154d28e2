//! The report as one self-contained HTML page (inline CSS and SVG, no
//! scripts, no fonts, no links) that a lead can mail to management. The
//! markup is well-formed XML so tests can parse it.

use super::report::figures;
use crate::domain::kpi::shown::{duration, nps, percent};
use crate::domain::kpi::themes::ThemeReport;
use crate::domain::kpi::{Kpis, Named, Report};
use crate::domain::time::local_short;

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || crate::domain::text::is_hazard(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;color:#1f2933;background:#fff}\
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:2rem 0 .6rem}.sub{color:#616e7c;margin:0 0 1.5rem}\
#tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.8rem}\
.tile{border:1px solid #d9e2ec;border-radius:8px;padding:.7rem .9rem}.tile .v{font-size:1.4rem;font-weight:600}\
.tile .n{color:#616e7c;font-size:.8rem}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1rem}\
figure{margin:0;border:1px solid #d9e2ec;border-radius:8px;padding:.6rem}figcaption{font-weight:600;margin-bottom:.3rem}\
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{padding:.3rem .5rem;border-bottom:1px solid #e4e7eb;text-align:right}\
th:first-child,td:first-child{text-align:left;white-space:nowrap}th{background:#f5f7fa}";

/// A line chart of weekly values; gaps where a week has no value. The
/// y-axis is labelled at both ends; a last week still under way
/// (`partial`) is drawn apart, hollow and dashed, and named "so far", so
/// a week half-counted never reads as a drop.
fn line_chart(
    id: &str,
    weeks: &[Named],
    partial: bool,
    value: impl Fn(&Kpis) -> Option<f64>,
    unit: &str,
) -> String {
    let (w, h, pad) = (360.0, 160.0, 28.0);
    let values: Vec<Option<f64>> = weeks.iter().map(|n| value(&n.kpis)).collect();
    let max = values.iter().flatten().copied().fold(0.0f64, f64::max).max(1.0);
    let top = if unit == "%" { 100.0 } else { max * 1.1 };
    let step = if weeks.len() > 1 {
        (w - 2.0 * pad) / (weeks.len() - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| pad + step * i as f64;
    let y = |v: f64| h - pad - (v / top) * (h - 2.0 * pad);
    let mut svg = format!(
        "<svg id=\"{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\">\
         <line x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#9aa5b1\"/>",
        h - pad,
        w - pad,
        h - pad
    );
    svg.push_str(&format!(
        "<text class=\"axis-top\" x=\"2\" y=\"{}\" font-size=\"10\" fill=\"#616e7c\">{}{unit}</text>",
        pad - 6.0,
        top.round()
    ));
    svg.push_str(&format!(
        "<text class=\"axis-bottom\" x=\"2\" y=\"{}\" font-size=\"10\" fill=\"#616e7c\">0{unit}</text>",
        h - pad + 3.0
    ));
    let whole = if partial {
        weeks.len().saturating_sub(1)
    } else {
        weeks.len()
    };
    let mut segment: Vec<String> = Vec::new();
    let flush = |segment: &mut Vec<String>, svg: &mut String| {
        if !segment.is_empty() {
            svg.push_str(&format!(
                "<polyline fill=\"none\" stroke=\"#2680c2\" stroke-width=\"2\" points=\"{}\"/>",
                segment.join(" ")
            ));
            segment.clear();
        }
    };
    for (i, v) in values.iter().enumerate().take(whole) {
        match v {
            Some(v) => {
                segment.push(format!("{:.1},{:.1}", x(i), y(*v)));
                svg.push_str(&format!(
                    "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"#2680c2\"><title>{}: {:.1}{unit}</title></circle>",
                    x(i),
                    y(*v),
                    esc(&weeks[i].name),
                    v
                ));
            }
            None => flush(&mut segment, &mut svg),
        }
    }
    flush(&mut segment, &mut svg);
    if let (true, Some(Some(v))) = (partial, values.last()) {
        let i = values.len() - 1;
        if let Some(Some(before)) = i.checked_sub(1).and_then(|b| values.get(b)) {
            svg.push_str(&format!(
                "<line class=\"partial\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#2680c2\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
                x(i - 1),
                y(*before),
                x(i),
                y(*v)
            ));
        }
        svg.push_str(&format!(
            "<circle class=\"point partial\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#ffffff\" stroke=\"#2680c2\"><title>{} (so far): {:.1}{unit}</title></circle>",
            x(i),
            y(*v),
            esc(&weeks[i].name),
            v
        ));
    }
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        svg.push_str(&format!(
            "<text x=\"{pad}\" y=\"{}\" font-size=\"10\" fill=\"#616e7c\">{}</text>",
            h - 8.0,
            esc(&first.name)
        ));
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#616e7c\" text-anchor=\"end\">{}</text>",
            w - pad,
            h - 8.0,
            esc(&if partial {
                format!("{} (so far)", last.name)
            } else {
                last.name.clone()
            })
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// How many gave each overall score, as bars.
fn distribution_chart(k: &Kpis) -> String {
    let (w, h, pad) = (360.0, 160.0, 24.0);
    let max = k.distribution.iter().copied().max().unwrap_or(0).max(1) as f64;
    let bar = (w - 2.0 * pad) / 5.0;
    let mut svg = format!(
        "<svg id=\"chart-distribution\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" role=\"img\">"
    );
    for (i, n) in k.distribution.iter().enumerate() {
        let bh = (*n as f64 / max) * (h - 2.0 * pad);
        let x = pad + i as f64 * bar + 4.0;
        svg.push_str(&format!(
            "<rect class=\"bar\" data-score=\"{}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#3ebd93\"><title>{} of {}: {n}</title></rect>",
            i + 1,
            h - pad - bh,
            bar - 8.0,
            i + 1,
            5
        ));
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}★ ({n})</text>",
            x + (bar - 8.0) / 2.0,
            h - 6.0,
            i + 1
        ));
    }
    svg.push_str("</svg>");
    svg
}

fn group_table(id: &str, title: &str, rows: &[Named]) -> String {
    let mut t = format!(
        "<table id=\"{id}\"><thead><tr><th>{}</th><th>Requests</th><th>Backlog</th><th>First response (median)</th>\
         <th>Resolution (median)</th><th>SLA response</th><th>SLA resolution</th><th>Reopen rate</th><th>CSAT</th><th>Ratings</th><th>NPS</th></tr></thead><tbody>",
        esc(title)
    );
    for g in rows {
        let k = &g.kpis;
        t.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&g.name),
            k.volume,
            k.backlog,
            esc(&duration(k.first_response_median)),
            esc(&duration(k.resolution_median)),
            percent(k.sla_response),
            percent(k.sla_resolution),
            percent(k.reopen_rate),
            percent(k.csat),
            k.ratings,
            esc(&nps(k.nps))
        ));
    }
    t.push_str("</tbody></table>");
    t
}

/// The page, with the report's KPIs by department beside it (internal
/// service desks are judged department by department).
pub fn page(
    r: &Report,
    by_department: &[Named],
    themes: &ThemeReport,
    targets: &[(crate::domain::target::Target, crate::domain::target::Standing)],
) -> String {
    let mut html = String::from("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>");
    html.push_str(&format!(
        "<title>Frontdesk report {}</title><style>{STYLE}</style></head><body>",
        esc(&local_short(r.window.until)[..10])
    ));
    html.push_str("<h1>Service desk report</h1>");
    html.push_str(&format!(
        "<p class=\"sub\">{} to {} · generated {}</p>",
        esc(&local_short(r.window.since)),
        esc(&local_short(r.window.until)),
        esc(&local_short(r.generated_at))
    ));
    html.push_str("<section id=\"tiles\">");
    for (name, value) in figures(&r.overall) {
        let key = name
            .to_lowercase()
            .replace([' ', ','], "-")
            .replace(['(', ')'], "");
        html.push_str(&format!(
            "<div class=\"tile\" data-kpi=\"{}\"><div class=\"v\">{}</div><div class=\"n\">{}</div></div>",
            esc(&key),
            esc(&value),
            esc(name)
        ));
    }
    if let Some(rate) = super::report::survey_rate(r) {
        html.push_str(&format!(
            "<div class=\"tile\" data-kpi=\"survey-response-rate\"><div class=\"v\">{}</div><div class=\"n\">{}</div></div>",
            esc(&rate),
            super::report::SURVEY_RATE
        ));
    }
    html.push_str("</section>");
    html.push_str(&targets_section(targets));
    html.push_str("<h2>Weekly trends</h2><div class=\"charts\">");
    let weeks = &r.weekly;
    // The last week is under way when the report ends mid-week.
    let partial = r.window.until != crate::domain::kpi::week_start(r.window.until);
    html.push_str(&format!(
        "<figure><figcaption>Requests per week</figcaption>{}</figure>",
        line_chart("chart-volume", weeks, partial, |k| Some(k.volume as f64), "")
    ));
    html.push_str(&format!(
        "<figure><figcaption>CSAT per week</figcaption>{}</figure>",
        line_chart("chart-csat", weeks, partial, |k| k.csat, "%")
    ));
    html.push_str(&format!(
        "<figure><figcaption>SLA compliance (response) per week</figcaption>{}</figure>",
        line_chart("chart-sla", weeks, partial, |k| k.sla_response, "%")
    ));
    html.push_str(&format!(
        "<figure><figcaption>Overall scores</figcaption>{}</figure>",
        distribution_chart(&r.overall)
    ));
    html.push_str("</div><h2>SLA compliance by priority</h2>");
    html.push_str(&group_table("priorities", "Priority", &r.by_priority));
    if let Some(by) = &r.group_by {
        html.push_str(&format!("<h2>By {}</h2>", esc(by)));
        html.push_str(&group_table("groups", by, &r.groups));
    }
    if !by_department.is_empty() {
        html.push_str("<h2>By department</h2>");
        html.push_str(&group_table("departments", "Department", by_department));
    }
    html.push_str("<h2>Week by week</h2>");
    html.push_str(&group_table("weeks", "Week", &r.weekly));
    html.push_str(&themes_section(themes));
    html.push_str("</body></html>\n");
    html
}

/// What unhappy requesters say: each theme with how many said it, the
/// share of low ratings it is in, and requests that say it.
fn themes_section(t: &ThemeReport) -> String {
    let mut html = format!(
        "<h2>What unhappy requesters say</h2><p class=\"sub\">{} low ratings (1–3) and {} requests reopened with a reason</p>",
        t.low_ratings, t.reopened
    );
    if t.themes.is_empty() {
        html.push_str("<p>Nothing said by two or more.</p>");
        return html;
    }
    html.push_str("<table id=\"themes\"><tr><th>Theme</th><th>Said by</th><th>Of low ratings</th><th>For example</th></tr>");
    for theme in &t.themes {
        let share = theme
            .share_of_low
            .map_or_else(|| "–".into(), |s| format!("{s:.0}%"));
        let examples: Vec<String> = theme.examples.iter().map(|id| format!("#{id}")).collect();
        html.push_str(&format!(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(&theme.theme),
            theme.count,
            esc(&share),
            esc(&examples.join(" "))
        ));
    }
    html.push_str("</table>");
    html
}

/// The service targets, each with where it stands and its verdict.
fn targets_section(targets: &[(crate::domain::target::Target, crate::domain::target::Standing)]) -> String {
    use super::targets::{goal_text, value};
    if targets.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<h2>Targets</h2><table id=\"targets\"><tr><th>Target</th><th>Figure</th><th>For</th><th>Start</th><th>Goal</th><th>Now</th><th>By</th><th>Progress</th><th>Verdict</th></tr>",
    );
    for (t, s) in targets {
        html.push_str(&format!(
            "<tr data-verdict=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            esc(s.verdict.as_str()),
            esc(&t.name),
            esc(t.kpi.as_str()),
            esc(&t.scope.to_string()),
            esc(&value(t.kpi, s.start)),
            esc(&goal_text(t, s.aim)),
            esc(&value(t.kpi, s.current)),
            esc(&local_short(t.by)[..10]),
            s.progress.map_or_else(|| "–".into(), |p| format!("{p:.0}%")),
            esc(s.verdict.as_str())
        ));
    }
    html.push_str("</table>");
    html
}
