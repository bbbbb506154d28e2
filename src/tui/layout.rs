//! Where the panes go for a terminal size. Shared by drawing and by the
//! app (which needs the queue's height to page and scroll).

use ratatui::layout::{Constraint, Direction, Layout, Rect};

/// The three panes of the main screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Pane {
    Queue,
    Detail,
    Scores,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Queue => Pane::Detail,
            Pane::Detail => Pane::Scores,
            Pane::Scores => Pane::Queue,
        }
    }

    pub fn prev(self) -> Pane {
        self.next().next()
    }
}

/// Rectangles for each pane that is shown; a hidden pane is None.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub header: Rect,
    /// A warning under the header that must not be missed (why nothing
    /// can be written); None when there is nothing to say.
    pub banner: Option<Rect>,
    pub footer: Rect,
    pub queue: Option<Rect>,
    pub detail: Option<Rect>,
    pub scores: Option<Rect>,
}

/// How wide the queue must be to show every column it has (status,
/// assignee, the lead's ACK) beside a readable subject; it gets this
/// before the detail pane takes the rest.
pub const QUEUE_WHOLE: u16 = 86;

/// Very wide terminals show the queue beside the detail and scores; tall
/// ones stack them (so a lead at 120×40 sees every column); wide but short
/// ones give the queue its whole width and the detail the rest; small ones
/// (80×24) show only the focused pane.
pub fn screen(area: Rect, focus: Pane, banner: bool) -> Screen {
    let [header, banner_row, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2 * u16::from(banner)),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let mut s = Screen {
        header,
        banner: banner.then_some(banner_row),
        footer,
        queue: None,
        detail: None,
        scores: None,
    };
    let side_by_side = |s: &mut Screen, queue: Constraint| {
        let [left, right] = Layout::horizontal([queue, Constraint::Min(30)]).areas(body);
        let [detail, scores] = Layout::vertical([Constraint::Min(8), Constraint::Length(20)]).areas(right);
        s.queue = Some(left);
        s.detail = Some(detail);
        s.scores = Some(scores);
    };
    if area.width * 55 / 100 >= QUEUE_WHOLE && area.height >= 20 {
        side_by_side(&mut s, Constraint::Percentage(55));
    } else if area.height >= 36 && area.width >= 80 {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        s.queue = Some(top);
        if area.width >= 110 {
            let [detail, scores] = Layout::default()
                .direction(Direction::Horizontal)
                .constraints([Constraint::Min(60), Constraint::Length(40)])
                .areas(bottom);
            s.detail = Some(detail);
            s.scores = Some(scores);
        } else if focus == Pane::Scores {
            s.scores = Some(bottom);
        } else {
            s.detail = Some(bottom);
        }
    } else if area.width >= 120 && area.height >= 20 {
        side_by_side(&mut s, Constraint::Length(QUEUE_WHOLE));
    } else {
        match focus {
            Pane::Queue => s.queue = Some(body),
            Pane::Detail => s.detail = Some(body),
            Pane::Scores => s.scores = Some(body),
        }
    }
    s
}

/// Rows of requests the queue shows: its height less borders and heading.
pub fn queue_rows(width: u16, height: u16, focus: Pane, banner: bool) -> usize {
    let s = screen(Rect::new(0, 0, width, height), focus, banner);
    s.queue
        .or_else(|| screen(Rect::new(0, 0, width, height), Pane::Queue, banner).queue)
        .map_or(1, |r| r.height.saturating_sub(3).max(1) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_screens_show_only_the_focused_pane() {
        let s = screen(Rect::new(0, 0, 80, 24), Pane::Queue, false);
        assert!(s.queue.is_some() && s.detail.is_none() && s.scores.is_none());
        let s = screen(Rect::new(0, 0, 80, 24), Pane::Detail, false);
        assert!(s.queue.is_none() && s.detail.is_some());
    }

    #[test]
    fn the_queue_gets_the_width_its_columns_need_before_the_detail() {
        // A lead over SSH at 120×40: stacked, the queue the whole width.
        let s = screen(Rect::new(0, 0, 120, 40), Pane::Queue, false);
        assert_eq!(s.queue.map(|q| q.width), Some(120));
        assert!(s.detail.is_some() && s.scores.is_some());
        // Wide and short: the queue whole, the detail the rest.
        let s = screen(Rect::new(0, 0, 120, 30), Pane::Queue, false);
        assert_eq!(s.queue.map(|q| q.width), Some(QUEUE_WHOLE));
        assert_eq!(s.detail.map(|d| d.width), Some(120 - QUEUE_WHOLE));
    }

    #[test]
    fn wide_screens_show_all_three() {
        let s = screen(Rect::new(0, 0, 160, 48), Pane::Queue, false);
        assert!(s.queue.is_some() && s.detail.is_some() && s.scores.is_some());
        assert_eq!(queue_rows(80, 24, Pane::Queue, false), 19);
        assert_eq!(
            queue_rows(80, 24, Pane::Queue, true),
            17,
            "the banner takes two rows"
        );
    }

    #[test]
    fn tiny_sizes_do_not_panic() {
        for (w, h) in [(1, 1), (0, 0), (10, 3), (200, 2)] {
            let _ = screen(Rect::new(0, 0, w, h), Pane::Detail, true);
            let _ = queue_rows(w, h, Pane::Scores, true);
        }
    }
}
