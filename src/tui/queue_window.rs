//! The part of the queue the app holds: a window of at most `WINDOW` rows
//! somewhere in a queue of any length, and which rows to fetch next as the
//! selection moves. Plain data and arithmetic, so paging is tested without
//! a database or a screen.

use crate::domain::ids::RequestId;
use crate::domain::Request;
use crate::store::Page;

/// Rows fetched per queue window; the queue never loads the whole table.
pub const WINDOW: usize = 200;
/// How close to a window's edge the selection may come before the next
/// window is fetched.
pub const MARGIN: usize = 20;

/// A loaded window of the queue.
#[derive(Debug, Clone, Default)]
pub struct QueueWindow {
    /// Index in the whole queue of the first row held.
    pub offset: usize,
    pub rows: Vec<Request>,
    /// Requests in the whole queue.
    pub total: usize,
    /// False while a fetch is on its way.
    pub loaded: bool,
}

impl QueueWindow {
    /// The request at an index of the whole queue, if it is held.
    pub fn get(&self, index: usize) -> Option<&Request> {
        index.checked_sub(self.offset).and_then(|i| self.rows.get(i))
    }

    /// One past the index of the last row held.
    pub fn end(&self) -> usize {
        self.offset + self.rows.len()
    }

    /// Whether the selection is outside the window, or near an edge that
    /// has more queue beyond it: then the rows around it should be fetched.
    pub fn wants_rows_around(&self, selected: usize) -> bool {
        let (start, end) = (self.offset, self.end());
        let near_start = start > 0 && selected < start + MARGIN;
        let near_end = end < self.total && selected + MARGIN >= end;
        let outside = selected < start || selected >= end;
        self.total > 0 && self.loaded && (near_start || near_end || outside)
    }

    /// Which rows to ask for so the window centres on `selected`, and how
    /// many. Next to the window they are read on from its first or last
    /// request (keyset paging): the index seeks there, so a window deep in
    /// a long queue costs what one at the top does. Far away, from
    /// whichever of the top, the bottom or the window is nearest.
    pub fn page_around(&self, selected: usize) -> (Page, usize) {
        let total = self.total;
        let want = selected.saturating_sub(WINDOW / 2);
        let want_end = (want + WINDOW).min(total);
        let (start, end) = (self.offset, self.end());
        match (self.rows.first(), self.rows.last()) {
            (Some(_), Some(last)) if want_end > end => {
                let from = want.max(end);
                let skip = from - end;
                if want_end == total && skip > 0 {
                    (Page::Bottom, want_end - from)
                } else if skip > from {
                    (Page::Top { skip: from }, want_end - from)
                } else {
                    let after = Page::After {
                        id: last.id,
                        index: end - 1,
                        skip,
                    };
                    (after, want_end - from)
                }
            }
            (Some(first), Some(_)) if want < start => {
                let to = want_end.min(start);
                let skip = start - to;
                if skip > want {
                    (Page::Top { skip: want }, to - want)
                } else {
                    let before = Page::Before {
                        id: first.id,
                        index: start,
                        skip,
                    };
                    (before, to - want)
                }
            }
            _ => (Page::Top { skip: want }, WINDOW),
        }
    }

    /// Rows arrived for `offset`. Rows that continue the window (read on
    /// from its first or last request, `next_to`) join it, and the window
    /// is cut back to `WINDOW` rows around the selection; others replace it.
    pub fn receive(
        &mut self,
        offset: usize,
        rows: Vec<Request>,
        total: usize,
        next_to: Option<RequestId>,
        selected: usize,
    ) {
        let (start, end) = (self.offset, self.end());
        let edge = |r: Option<&Request>| r.map(|r| r.id);
        let (offset, mut rows) = match next_to {
            Some(id) if offset == end && edge(self.rows.last()) == Some(id) => {
                let mut all = std::mem::take(&mut self.rows);
                all.extend(rows);
                (start, all)
            }
            Some(id) if offset + rows.len() == start && edge(self.rows.first()) == Some(id) => {
                let mut all = rows;
                all.append(&mut self.rows);
                (offset, all)
            }
            _ => (offset, rows),
        };
        let offset = if rows.len() <= WINDOW {
            offset
        } else {
            let from = selected
                .saturating_sub(WINDOW / 2)
                .clamp(offset, offset + rows.len() - WINDOW);
            rows.drain(..from - offset);
            rows.truncate(WINDOW);
            from
        };
        *self = QueueWindow {
            offset,
            rows,
            total,
            loaded: true,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(id: i64) -> Request {
        Request::example(id)
    }

    /// A window of `len` rows from `offset` in a queue of `total`; row i
    /// has id 1000 + i.
    fn window(offset: usize, len: usize, total: usize) -> QueueWindow {
        QueueWindow {
            offset,
            rows: (offset..offset + len).map(|i| request(1000 + i as i64)).collect(),
            total,
            loaded: true,
        }
    }

    #[test]
    fn the_selection_near_an_edge_with_more_beyond_wants_rows() {
        let w = window(0, WINDOW, 1_000);
        assert!(
            !w.wants_rows_around(0),
            "the top of the queue has nothing before it"
        );
        assert!(!w.wants_rows_around(WINDOW - MARGIN - 1));
        assert!(w.wants_rows_around(WINDOW - MARGIN));
        assert!(w.wants_rows_around(5_000), "outside the window");
        let short = window(0, 50, 50);
        assert!(!short.wants_rows_around(49), "the whole queue is held");
        let loading = QueueWindow {
            loaded: false,
            ..window(0, WINDOW, 1_000)
        };
        assert!(!loading.wants_rows_around(WINDOW - 1), "one fetch at a time");
    }

    #[test]
    fn scrolling_on_reads_on_from_the_windows_last_request() {
        let w = window(0, WINDOW, 100_000);
        let (page, limit) = w.page_around(WINDOW - MARGIN);
        assert_eq!(
            page,
            Page::After {
                id: RequestId(1000 + WINDOW as i64 - 1),
                index: WINDOW - 1,
                skip: 0
            }
        );
        assert_eq!(limit, WINDOW - MARGIN - WINDOW / 2);
        // Back up from a window deep in the queue: read before its first.
        let deep = window(50_000, WINDOW, 100_000);
        let (page, limit) = deep.page_around(50_000 + MARGIN - 1);
        assert!(
            matches!(
                page,
                Page::Before {
                    id: RequestId(51_000),
                    index: 50_000,
                    ..
                }
            ),
            "{page:?}"
        );
        assert!(limit > 0 && limit <= WINDOW);
    }

    #[test]
    fn far_jumps_read_from_the_nearest_end() {
        let w = window(0, WINDOW, 100_000);
        assert_eq!(w.page_around(99_999), (Page::Bottom, WINDOW / 2 + 1));
        let on = Page::After {
            id: RequestId(1199),
            index: 199,
            skip: 39_700,
        };
        assert_eq!(
            w.page_around(40_000),
            (on, WINDOW),
            "nearer the window than the top"
        );
        let deep = window(90_000, WINDOW, 100_000);
        assert_eq!(
            deep.page_around(1_000),
            (Page::Top { skip: 900 }, WINDOW),
            "nearer the top"
        );
        let empty = QueueWindow::default();
        assert_eq!(empty.page_around(0), (Page::Top { skip: 0 }, WINDOW));
    }

    #[test]
    fn rows_that_continue_the_window_join_it_and_it_stays_one_window_long() {
        let mut w = window(0, WINDOW, 1_000);
        let more: Vec<Request> = (WINDOW..WINDOW + 100).map(|i| request(1000 + i as i64)).collect();
        w.receive(
            WINDOW,
            more,
            1_000,
            Some(RequestId(1000 + WINDOW as i64 - 1)),
            250,
        );
        assert_eq!(w.rows.len(), WINDOW);
        assert_eq!(w.offset, 100, "around the selection, as far as the rows go");
        assert_eq!(w.get(250).map(|r| r.id), Some(RequestId(1250)));
        assert!(w.get(99).is_none());
        // Rows read before the first join at the front.
        let before: Vec<Request> = (50..100).map(|i| request(1000 + i as i64)).collect();
        w.receive(50, before, 1_000, Some(RequestId(1100)), 70);
        assert_eq!((w.offset, w.rows.len()), (50, WINDOW));
        assert_eq!(w.get(70).map(|r| r.id), Some(RequestId(1070)));
        // Rows that do not continue it replace it.
        let elsewhere: Vec<Request> = (900..950).map(|i| request(1000 + i as i64)).collect();
        w.receive(900, elsewhere, 1_000, None, 920);
        assert_eq!((w.offset, w.rows.len()), (900, 50));
        assert!(w.loaded);
    }
}
