use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::kpi::shown::{duration, nps, rounded_percent};
use crate::domain::kpi::{better, Dashboard, Kpis};
use crate::domain::text::{fit_padded, inert_line};
use crate::tui::app::App;
use crate::tui::ui::{centered, clear_for_dialog};

/// (label, metric key, how to show it, the number to compare)
type Row = (
    &'static str,
    &'static str,
    fn(&Kpis) -> String,
    fn(&Kpis) -> Option<f64>,
);

const ROWS: &[Row] = &[
    (
        "Requests",
        "volume",
        |k| k.volume.to_string(),
        |k| Some(k.volume as f64),
    ),
    (
        "Backlog",
        "backlog",
        |k| k.backlog.to_string(),
        |k| Some(k.backlog as f64),
    ),
    (
        "Backlog age",
        "backlog_age_median",
        |k| duration(k.backlog_age_median),
        |k| k.backlog_age_median.map(|v| v as f64),
    ),
    (
        "1st response med",
        "first_response_median",
        |k| duration(k.first_response_median),
        |k| k.first_response_median.map(|v| v as f64),
    ),
    (
        "1st response p90",
        "first_response_p90",
        |k| duration(k.first_response_p90),
        |k| k.first_response_p90.map(|v| v as f64),
    ),
    (
        "Resolution med",
        "resolution_median",
        |k| duration(k.resolution_median),
        |k| k.resolution_median.map(|v| v as f64),
    ),
    (
        "Resolution p90",
        "resolution_p90",
        |k| duration(k.resolution_p90),
        |k| k.resolution_p90.map(|v| v as f64),
    ),
    (
        "Resolution rate",
        "resolution_rate",
        |k| rounded_percent(k.resolution_rate),
        |k| k.resolution_rate,
    ),
    (
        "SLA response",
        "sla_response",
        |k| rounded_percent(k.sla_response),
        |k| k.sla_response,
    ),
    (
        "SLA resolution",
        "sla_resolution",
        |k| rounded_percent(k.sla_resolution),
        |k| k.sla_resolution,
    ),
    (
        "Reopen rate",
        "reopen_rate",
        |k| rounded_percent(k.reopen_rate),
        |k| k.reopen_rate,
    ),
    (
        "Escalation rate",
        "escalation_rate",
        |k| rounded_percent(k.escalation_rate),
        |k| k.escalation_rate,
    ),
    (
        "CSAT",
        "csat",
        |k| format!("{} ({})", rounded_percent(k.csat), k.ratings),
        |k| k.csat,
    ),
    ("NPS", "nps", |k| nps(k.nps), |k| k.nps),
];

pub fn draw(frame: &mut Frame, app: &App, dashboard: Option<&Dashboard>, area: Rect) {
    let t = &app.theme;
    let r = centered(area, 76, area.height);
    clear_for_dialog(frame, r);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(
            " Dashboard · this week so far vs the same span of last week ",
            t.title(),
        ));
    let Some(d) = dashboard else {
        frame.render_widget(Paragraph::new(Line::styled("loading…", t.dim())).block(block), r);
        return;
    };
    let mut lines = vec![Line::styled(
        format!(
            "{:<18}{:>16}{:>16}{:>16}",
            "", "this week", "last week", "90 days"
        ),
        t.label(),
    )];
    for (label, key, show, value) in ROWS {
        // The arrow says which way it moved; + or − says whether that is
        // better or worse, in words a terminal without colour shows too.
        let arrow = match (value(&d.last_week), value(&d.this_week)) {
            (Some(before), Some(after)) => match better(key, before, after) {
                Some(true) => Span::styled(if after > before { " ▲+" } else { " ▼+" }, t.ok()),
                Some(false) => Span::styled(if after > before { " ▲−" } else { " ▼−" }, t.error()),
                // Up or down, and neither better nor worse.
                None if after > before => Span::styled(" ▲ ", t.dim()),
                None if after < before => Span::styled(" ▼ ", t.dim()),
                None => Span::raw("   "),
            },
            _ => Span::raw("   "),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<18}"), t.label()),
            Span::raw(format!("{:>13}", show(&d.this_week))),
            arrow,
            Span::raw(format!("{:>16}{:>16}", show(&d.last_week), show(&d.last_90_days))),
        ]));
    }
    // Each target on a line of its own when there is room; at 80×24 one
    // line names them all, above the SLA block.
    let short = lines.len() + d.by_priority.len() + d.targets.len() + 3 > r.height.saturating_sub(2) as usize;
    if !d.targets.is_empty() && short {
        lines.push(targets_in_a_line(app, d));
    }
    lines.push(Line::styled(
        "SLA compliance by priority (90 days)   response   resolution",
        t.label(),
    ));
    for p in &d.by_priority {
        lines.push(Line::raw(format!(
            "  {:<37}{:>8}{:>13}",
            format!(
                "{} · {} {}",
                p.name,
                p.kpis.volume,
                if p.kpis.volume == 1 { "request" } else { "requests" }
            ),
            rounded_percent(p.kpis.sla_response),
            rounded_percent(p.kpis.sla_resolution)
        )));
    }
    let legend = Line::styled(
        "▲ ▼ up or down on last week · + better · − worse (requests: neither)",
        t.dim(),
    );
    if !d.targets.is_empty() && !short {
        lines.push(Line::styled("Targets", t.label()));
        lines.extend(d.targets.iter().map(|(target, s)| target_line(app, target, s)));
    }
    lines.push(legend);
    frame.render_widget(Paragraph::new(lines).block(block), r);
}

/// One target: its figure now against its goal, and its verdict.
fn target_line(
    app: &App,
    target: &crate::domain::target::Target,
    s: &crate::domain::target::Standing,
) -> Line<'static> {
    use crate::domain::target::Verdict;
    let t = &app.theme;
    let verdict = match s.verdict {
        Verdict::Met | Verdict::OnTrack => t.ok(),
        Verdict::AtRisk | Verdict::Missed => t.error(),
    };
    let shown = |v: Option<f64>| v.map_or_else(|| "–".into(), |v| format!("{v:.1}{}", target.kpi.unit()));
    Line::from(vec![
        Span::raw(fit_padded(
            &format!(
                "  {} · {} · {}: {} of {} by {}",
                inert_line(&target.name),
                target.kpi,
                inert_line(&target.scope.to_string()),
                shown(s.current),
                shown(s.aim),
                &crate::domain::time::local_short(target.by)[..10]
            ),
            62,
        )),
        Span::styled(format!(" {}", s.verdict), verdict),
    ])
}

/// Every target and its verdict in one line, for a small terminal.
fn targets_in_a_line(app: &App, d: &Dashboard) -> Line<'static> {
    use crate::domain::target::Verdict;
    let t = &app.theme;
    let slipping = d
        .targets
        .iter()
        .any(|(_, s)| matches!(s.verdict, Verdict::AtRisk | Verdict::Missed));
    let all: Vec<String> = d
        .targets
        .iter()
        .map(|(target, s)| format!("{} {}", inert_line(&target.name), s.verdict))
        .collect();
    Line::from(vec![
        Span::styled("Targets ", t.label()),
        Span::styled(
            crate::domain::text::fit(&all.join(" · "), 64),
            if slipping { t.error() } else { t.ok() },
        ),
    ])
}
