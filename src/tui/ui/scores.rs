use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::text::{fit, inert_line};
use crate::store::{Satisfaction, TREND_WEEKS};
use crate::tui::app::{App, SCORES_DAYS};

/// Weekly CSAT as block characters; a week without ratings is a dot.
pub fn sparkline(weeks: &[Option<f64>]) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    weeks
        .iter()
        .map(|w| match w {
            None => '·',
            Some(v) => BLOCKS[((v / 100.0) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

fn gauge(value: Option<f64>, width: usize) -> String {
    match value {
        None => "–".into(),
        Some(v) => {
            let filled = ((v / 5.0) * width as f64).round() as usize;
            format!(
                "{}{} {v:.1}",
                "█".repeat(filled.min(width)),
                "░".repeat(width.saturating_sub(filled))
            )
        }
    }
}

fn summary(app: &App, s: &Satisfaction, bar: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let csat = match s.csat() {
        Some(c) => format!(
            "{c:.0}% ({} of {})",
            s.distribution[3] + s.distribution[4],
            s.ratings
        ),
        None => "–".into(),
    };
    let nps = crate::domain::kpi::shown::nps(s.nps());
    let mut lines = vec![Line::from(vec![
        Span::styled("Ratings ", t.label()),
        Span::raw(format!("{}  ", s.ratings)),
        Span::styled("CSAT ", t.label()),
        Span::raw(format!("{csat}  ")),
        Span::styled("NPS ", t.label()),
        Span::raw(nps),
    ])];
    for (name, v) in [
        ("Overall", s.average_overall),
        ("Speed", s.average_speed),
        ("Quality", s.average_quality),
        ("Comms", s.average_communication),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("{name:<8}"), t.label()),
            Span::styled(gauge(v, bar), t.bar()),
        ]));
    }
    lines
}

/// The view, and the period when it is not the view's whole history: a
/// view of open requests shows the last 30 days of the same scope.
fn title(app: &App, recent: bool) -> String {
    if recent {
        format!(" Satisfaction · {} · last {SCORES_DAYS} days ", app.view_title())
    } else {
        format!(" Satisfaction · {} ", app.view_title())
    }
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, focused: bool) {
    let t = &app.theme;
    // Whether the pane shows recent ratings rather than the view's own.
    let recent = app.scores_scope().rated_since.is_some();
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(focused))
        .title(Span::styled(title(app, recent), t.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(s) = &app.scores else {
        frame.render_widget(Paragraph::new(Line::styled("loading…", t.dim())), inner);
        return;
    };
    if s.ratings == 0 {
        let what = if recent {
            format!("No ratings of these requests in the last {SCORES_DAYS} days.")
        } else {
            "No ratings in this view yet.".to_string()
        };
        frame.render_widget(
            Paragraph::new(vec![
                Line::raw(what),
                Line::styled("Record one with R on a resolved request.", t.dim()),
            ])
            .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let comment_rows = if inner.height >= 16 {
        s.comments.len().min(3) as u16 + 1
    } else {
        0
    };
    let said = crate::domain::kpi::themes::in_a_line(&s.themes, 3);
    let [text, chart, notes] = Layout::vertical([
        Constraint::Length(if said.is_empty() { 6 } else { 7 }),
        Constraint::Min(0),
        Constraint::Length(comment_rows),
    ])
    .areas(inner);
    let bar = (inner.width as usize).saturating_sub(14).clamp(4, 30);
    let mut lines = summary(app, s, bar);
    lines.push(Line::from(vec![
        Span::styled(format!("CSAT {TREND_WEEKS}wk "), t.label()),
        Span::styled(sparkline(&s.weekly_csat), t.bar()),
    ]));
    if !said.is_empty() {
        let label = "Low scores say ";
        lines.push(Line::from(vec![
            Span::styled(label, t.label()),
            Span::raw(fit(
                &inert_line(&said),
                (text.width as usize).saturating_sub(label.len()),
            )),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), text);
    if comment_rows > 0 {
        let mut lines = vec![Line::styled("Latest comments", t.label())];
        for c in s.comments.iter().take(3) {
            lines.push(Line::raw(fit(
                &format!(
                    "{}★ #{} {}: “{}”",
                    c.overall,
                    c.request_id,
                    inert_line(&c.requester),
                    inert_line(&c.text)
                ),
                notes.width as usize,
            )));
        }
        frame.render_widget(Paragraph::new(lines), notes);
    }
    if chart.height >= 3 {
        let bars: Vec<Bar> = (0..5)
            .map(|i| {
                Bar::default()
                    .label(Line::from(format!("{}★", i + 1)))
                    .value(s.distribution[i])
                    .style(t.bar())
            })
            .collect();
        let width = ((chart.width as usize).saturating_sub(6) / 5).clamp(1, 9) as u16;
        let widget = BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(width)
            .bar_gap(1);
        frame.render_widget(widget, chart);
    }
}
