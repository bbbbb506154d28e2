//! The command palette (`:` or Ctrl-P): every command by name, narrowed by
//! fuzzy matching as you type and shown with its keys, so it is also the
//! way to learn them (as in lazygit, k9s and VS Code). It reads the same
//! key table as the key handler, the footer and help: a command moved to
//! other keys in the config file shows its new keys here. Its state, its
//! keys and its drawing are all here.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

use crate::domain::text::{fit, width};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{Binding, Scope, LIST_CHOOSE, LIST_CLOSE};
use crate::tui::ui::{centered, clear_for_dialog};

/// The longest query kept: a command's description is shorter.
const MAX_QUERY: usize = 60;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    pub query: String,
    /// Index into the current matches.
    pub selected: usize,
}

/// One command that matches the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index into the key table.
    pub binding: usize,
    /// Character positions in the description that the query matched, for
    /// highlighting.
    pub hits: Vec<usize>,
}

/// What a key did to the palette.
#[derive(Debug, Clone)]
pub enum PaletteOutcome {
    Open,
    Closed,
    Run(Action),
}

/// The commands the palette offers, with their places in the key table.
fn commands(bindings: &[Binding]) -> impl Iterator<Item = (usize, &Binding)> {
    bindings
        .iter()
        .enumerate()
        .filter(|(_, b)| !matches!(b.action, Action::Help | Action::Palette))
}

impl Palette {
    /// The commands that match, best first. With nothing typed, the
    /// commands on a request come first, then the rest, then moving about.
    /// Help is left out: the palette is its own help.
    pub fn matches(&self, bindings: &[Binding]) -> Vec<Match> {
        let rank = |scope: Scope| match scope {
            Scope::Request => 0,
            Scope::Global => 1,
            Scope::Navigation => 2,
        };
        let mut ordered: Vec<(usize, &Binding)> = commands(bindings).collect();
        ordered.sort_by_key(|(_, b)| rank(b.scope));
        let candidates = ordered.into_iter();
        let query = self.query.trim();
        if query.is_empty() {
            return candidates
                .map(|(binding, _)| Match {
                    binding,
                    hits: Vec::new(),
                })
                .collect();
        }
        let pattern = Pattern::new(query, CaseMatching::Ignore, Normalization::Smart, AtomKind::Fuzzy);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, Match)> = candidates
            .filter_map(|(binding, b)| {
                let mut hits = Vec::new();
                let score = pattern.indices(Utf32Str::new(b.help, &mut buf), &mut matcher, &mut hits)?;
                hits.sort_unstable();
                hits.dedup();
                let hits = hits.into_iter().map(|h| h as usize).collect();
                Some((score, Match { binding, hits }))
            })
            .collect();
        // Stable: equal scores keep the key table's order.
        scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        scored.into_iter().map(|(_, m)| m).collect()
    }

    /// Typing narrows, arrows move, Enter runs the chosen command, Esc
    /// closes; Ctrl-U clears the query as in a shell.
    pub fn handle_key(&mut self, key: KeyEvent, bindings: &[Binding]) -> PaletteOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if LIST_CLOSE.matches(&key) {
            return PaletteOutcome::Closed;
        }
        let matches = self.matches(bindings);
        let count = matches.len();
        if LIST_CHOOSE.matches(&key) {
            return match matches.get(self.selected) {
                Some(m) => PaletteOutcome::Run(bindings[m.binding].action.clone()),
                None => PaletteOutcome::Open,
            };
        }
        match key.code {
            KeyCode::Down | KeyCode::Tab => self.selected = (self.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Char('n' | 'j') if ctrl => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1));
            }
            KeyCode::Up | KeyCode::BackTab => self.selected = self.selected.saturating_sub(1),
            KeyCode::Char('p' | 'k') if ctrl => self.selected = self.selected.saturating_sub(1),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(count.saturating_sub(1)),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::Char('u') if ctrl => self.set_query(String::new()),
            KeyCode::Backspace => {
                let mut q = std::mem::take(&mut self.query);
                q.pop();
                self.set_query(q);
            }
            KeyCode::Char(c) if !ctrl && !c.is_control() && self.query.chars().count() < MAX_QUERY => {
                let q = format!("{}{c}", self.query);
                self.set_query(q);
            }
            _ => {}
        }
        PaletteOutcome::Open
    }

    /// A new query starts again at the best match.
    fn set_query(&mut self, query: String) {
        self.query = query;
        self.selected = 0;
    }
}

// Drawing.

/// Rows of commands shown at most; the list scrolls with the choice.
const ROWS: u16 = 14;

pub fn draw(frame: &mut Frame, app: &App, palette: &Palette, area: Rect) {
    let t = &app.theme;
    let matches = palette.matches(&app.bindings);
    let r = centered(area, area.width.min(66), area.height.min(ROWS + 4));
    clear_for_dialog(frame, r);
    let inner_width = r.width.saturating_sub(2) as usize;
    let list_rows = r.height.saturating_sub(4) as usize;

    let mut lines = vec![
        Line::from(vec![
            Span::styled(" : ", t.key()),
            Span::raw(palette.query.clone()),
            Span::styled("▏", t.dim()),
        ]),
        Line::styled("─".repeat(inner_width), t.dim()),
    ];
    if matches.is_empty() {
        lines.push(Line::styled(" No command matches; Backspace to widen", t.dim()));
    }
    // The choice stays on screen: the list starts just far enough down.
    let first = (palette.selected + 1).saturating_sub(list_rows.max(1));
    for (i, m) in matches.iter().enumerate().skip(first).take(list_rows) {
        let b = &app.bindings[m.binding];
        let keys = b
            .keys
            .iter()
            .map(super::super::keymap::Key::label)
            .collect::<Vec<_>>()
            .join(" ");
        let keys = if keys.is_empty() {
            "no key".to_string()
        } else {
            keys
        };
        let room = inner_width.saturating_sub(width(&keys) + 4);
        let help = fit(b.help, room);
        // The mark says which is chosen where reverse video does not show
        // (a screen reader, a copy of the screen).
        let chosen = i == palette.selected;
        let mut spans = vec![Span::raw(if chosen { "▸ " } else { "  " })];
        for (at, c) in help.chars().enumerate() {
            let style = if m.hits.contains(&at) {
                t.key().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
            } else {
                ratatui::style::Style::new()
            };
            spans.push(Span::styled(c.to_string(), style));
        }
        let gap = inner_width.saturating_sub(2 + width(&help) + width(&keys) + 1);
        spans.push(Span::raw(" ".repeat(gap)));
        spans.push(Span::styled(keys, t.key()));
        spans.push(Span::raw(" "));
        let mut line = Line::from(spans);
        if chosen {
            line = line.style(t.selected());
        }
        lines.push(line);
    }
    let all = commands(&app.bindings).count();
    let title = format!(" Commands · {} of {all} ", matches.len());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.border(true))
        .title(Span::styled(title, t.title()));
    frame.render_widget(Paragraph::new(lines).block(block), r);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::bindings;

    fn typed(text: &str) -> Palette {
        let all = bindings();
        let mut p = Palette::default();
        for c in text.chars() {
            p.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE), &all);
        }
        p
    }

    fn best(text: &str) -> Action {
        let all = bindings();
        let p = typed(text);
        let m = p.matches(&all);
        all[m.first().expect("a match").binding].action.clone()
    }

    #[test]
    fn a_few_letters_find_the_command() {
        assert!(matches!(best("reply"), Action::Reply));
        assert!(matches!(best("deesc"), Action::DeEscalate));
        assert!(matches!(best("record rating"), Action::Rate));
        assert!(matches!(best("dup"), Action::CloseUnresolved));
        assert!(matches!(best("DASH"), Action::Dashboard), "case does not matter");
    }

    #[test]
    fn nothing_typed_lists_every_command_but_help() {
        let all = bindings();
        let m = Palette::default().matches(&all);
        assert_eq!(m.len(), all.len() - 2);
        assert!(m
            .iter()
            .all(|m| !matches!(all[m.binding].action, Action::Help | Action::Palette)));
    }

    #[test]
    fn hits_point_at_the_matched_letters() {
        let all = bindings();
        let p = typed("resolve");
        let m = &p.matches(&all)[0];
        let help: Vec<char> = all[m.binding].help.chars().collect();
        let picked: String = m.hits.iter().map(|&i| help[i]).collect();
        assert_eq!(picked, "resolve");
    }

    #[test]
    fn enter_runs_the_chosen_match_and_arrows_move_within_the_list() {
        let all = bindings();
        let mut p = typed("view");
        let count = p.matches(&all).len();
        assert!(count > 5);
        for _ in 0..count + 3 {
            p.handle_key(KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), &all);
        }
        assert_eq!(p.selected, count - 1, "stops at the last match");
        p.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL), &all);
        assert_eq!((p.query.as_str(), p.selected), ("", 0), "C-u clears the query");
        let mut p = typed("zzzz");
        assert!(p.matches(&all).is_empty());
        assert!(matches!(
            p.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &all),
            PaletteOutcome::Open
        ));
        let mut p = typed("new req");
        assert!(matches!(
            p.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE), &all),
            PaletteOutcome::Run(Action::NewRequest)
        ));
    }
}
