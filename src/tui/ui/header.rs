use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use crate::domain::text::{fit, inert_line, width};
use crate::store::WriteRefusal;
use crate::tui::app::App;

/// File, user and view on the left; warnings that matter on the right.
pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let t = &app.theme;
    let mut badges: Vec<String> = Vec::new();
    if app.lock_wait {
        badges.push(" waiting for lock… ".into());
    }
    let mut others: Vec<&str> = app
        .others
        .iter()
        .map(|a| a.user.as_str())
        .filter(|u| *u != app.actor)
        .collect();
    others.dedup();
    if !others.is_empty() {
        badges.push(format!(" also here: {} ", inert_line(&others.join(", "))));
    }
    if let Some(fs) = app.facts.file_system.as_ref().filter(|f| !f.is_local()) {
        badges.push(format!(" {} ", inert_line(&fs.name)));
    }
    if let Some(n) = app.unread.filter(|n| *n > 0) {
        badges.push(format!(" inbox {n} (I) "));
    }
    if !app.marked.is_empty() {
        badges.push(format!(" {} marked ", app.marked.len()));
    }
    if app.mail.unsent > 0 {
        badges.push(format!(" ✉ {} unsent ", app.mail.unsent));
    }
    if let Some(quiet) = app.mail_silence() {
        badges.push(format!(" {quiet} "));
    }
    if app.facts.read_only || app.facts.refusal.is_some() {
        badges.push(" READ-ONLY ".into());
    }
    let badge_width: usize = badges.iter().map(|b| width(b)).sum();
    let count = if app.queue.loaded || app.queue.total > 0 {
        format!(" · {}", app.queue.total)
    } else {
        String::new()
    };
    // Every filter and the search, as chips beside the view they narrow.
    let chips: String = app
        .chips()
        .iter()
        .map(|c| format!(" [{}]", inert_line(c)))
        .collect();
    let view = format!("{}{}{}", app.view_title(), count, chips);
    let (db, actor, sort) = (
        inert_line(&app.db_label),
        inert_line(&app.actor),
        app.sort.as_str(),
    );
    // The fullest header that fits; the file, the user and the sort give
    // way before the view and its chips are cut.
    let variants = [
        format!(" Frontdesk │ {db} │ {actor} │ {view} │ sort {sort}"),
        format!(" Frontdesk │ {actor} │ {view} │ sort {sort}"),
        format!(" {actor} │ {view}"),
        format!(" {view}"),
    ];
    let room = (area.width as usize).saturating_sub(badge_width);
    let left = match variants.iter().find(|v| width(v) <= room) {
        Some(v) => v.clone(),
        None => fit(&variants[variants.len() - 1], room),
    };
    let pad = room.saturating_sub(width(&left));
    let mut spans = vec![
        Span::styled(left, t.header()),
        Span::styled(" ".repeat(pad), t.header()),
    ];
    spans.extend(badges.into_iter().map(|b| {
        let style = if b.starts_with(" also here") {
            t.header()
        } else {
            t.warning_badge()
        };
        Span::styled(b, style)
    }));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Two red rows under the header while nothing may be written: why, and
/// what to do about it.
pub fn draw_banner(frame: &mut Frame, app: &App, refusal: &WriteRefusal, area: Rect) {
    let t = &app.theme;
    let room = area.width as usize;
    let lines = [
        format!(" READ-ONLY: {}", inert_line(&refusal.why)),
        format!(" {}", refusal.remedy),
    ];
    let lines: Vec<Line> = lines
        .iter()
        .map(|l| {
            let shown = fit(l, room);
            let pad = room.saturating_sub(width(&shown));
            Line::styled(format!("{shown}{}", " ".repeat(pad)), t.warning_badge())
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
