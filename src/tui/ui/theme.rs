//! Colours from the 16 ANSI colours plus the terminal's own, which look
//! right on any terminal and over SSH. `NO_COLOR` turns colour off and
//! keeps bold and reverse for emphasis.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::sla::DueState;
use crate::domain::Priority;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn header(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn warning_badge(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.fg(Color::DarkGray)
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn label(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn internal_note(&self) -> Style {
        self.fg(Color::Magenta)
    }

    pub fn key_customer(&self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn due(&self, state: DueState) -> Style {
        match state {
            DueState::Breached => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            DueState::AtRisk => self.fg(Color::Yellow),
            DueState::OnTrack => self.fg(Color::Green),
            DueState::Paused => self.fg(Color::Blue),
            DueState::Done => self.dim(),
        }
    }

    pub fn priority(&self, p: Priority) -> Style {
        match p {
            Priority::P1 => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Priority::P2 => self.fg(Color::Yellow),
            Priority::P3 => Style::new(),
            Priority::P4 => self.dim(),
        }
    }

    pub fn bar(&self) -> Style {
        self.fg(Color::Green)
    }
}
