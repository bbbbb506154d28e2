use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::text::{fit, inert_line, width};
use crate::tui::app::App;

/// File, user and view on the left; warnings that matter on the right.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut badges: Vec<String> = Vec::new();
    if app.lock_wait {
        badges.push(" waiting for lock… ".into());
    }
    if app.facts.read_only {
        badges.push(" READ-ONLY ".into());
    }
    if let Some(fs) = app.facts.network_fs {
        badges.push(format!(" {fs} drive "));
    }
    let badge_width: usize = badges.iter().map(|b| width(b)).sum();
    let count = if app.queue.loaded || app.queue.total > 0 {
        format!(" · {}", app.queue.total)
    } else {
        String::new()
    };
    let mut left = format!(
        " Frontdesk │ {} │ {} │ {}{} │ sort {}",
        inert_line(&app.db_label),
        inert_line(&app.actor),
        app.view.title(),
        count,
        app.sort.as_str()
    );
    if app.searching || !app.search.is_empty() {
        left.push_str(&format!(
            " │ /{}{}",
            inert_line(&app.search),
            if app.searching { "▏" } else { "" }
        ));
    }
    let room = (area.width as usize).saturating_sub(badge_width);
    let left = fit(&left, room);
    let pad = room.saturating_sub(width(&left));
    let mut spans = vec![
        Span::styled(left, t.header()),
        Span::styled(" ".repeat(pad), t.header()),
    ];
    spans.extend(badges.into_iter().map(|b| Span::styled(b, t.warning_badge())));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
