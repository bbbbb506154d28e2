//! Dialogs: every form, editor and picker in the app is a `Form` of text
//! fields (one-line or multi-line) and choice fields. The app decides what
//! a submitted form means; the form only edits.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::keymap::{CANCEL, NEXT_FIELD, PREV_FIELD, SUBMIT};

/// Where a text field takes its suggestions from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suggest {
    People,
    Staff,
    Teams,
    Departments,
}

#[derive(Debug, Clone)]
pub enum FieldKind {
    Text {
        area: Box<TextArea<'static>>,
        multiline: bool,
        suggest: Option<Suggest>,
    },
    Choice {
        options: Vec<String>,
        selected: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub error: Option<String>,
}

impl Field {
    /// A one-line text field holding `value`, selected so typing replaces
    /// it (an arrow key keeps it and moves the cursor instead).
    pub fn text(label: &'static str, value: &str) -> Field {
        let mut area = TextArea::new(vec![value.to_string()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        if !value.is_empty() {
            area.select_all();
        }
        Field {
            label,
            kind: FieldKind::Text {
                area: Box::new(area),
                multiline: false,
                suggest: None,
            },
            error: None,
        }
    }

    pub fn multiline(label: &'static str) -> Field {
        Field {
            label,
            kind: FieldKind::Text {
                area: Box::default(),
                multiline: true,
                suggest: None,
            },
            error: None,
        }
    }

    pub fn suggesting(mut self, source: Suggest) -> Field {
        if let FieldKind::Text { suggest, .. } = &mut self.kind {
            *suggest = Some(source);
        }
        self
    }

    pub fn choice(label: &'static str, options: Vec<String>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field {
            label,
            kind: FieldKind::Choice { options, selected },
            error: None,
        }
    }

    /// The text typed, or the label of the chosen option.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text { area, .. } => area.lines().join("\n"),
            FieldKind::Choice { options, selected } => options.get(*selected).cloned().unwrap_or_default(),
        }
    }

    pub fn set_text(&mut self, value: &str) {
        if let FieldKind::Text { area, .. } = &mut self.kind {
            let mut fresh = TextArea::new(vec![value.to_string()]);
            fresh.move_cursor(ratatui_textarea::CursorMove::End);
            **area = fresh;
        }
    }

    pub fn set_choice(&mut self, label: &str) {
        if let FieldKind::Choice { options, selected } = &mut self.kind {
            if let Some(i) = options.iter().position(|o| o == label) {
                *selected = i;
            }
        }
    }

    pub fn is_multiline(&self) -> bool {
        matches!(self.kind, FieldKind::Text { multiline: true, .. })
    }

    pub fn suggest(&self) -> Option<Suggest> {
        match self.kind {
            FieldKind::Text { suggest, .. } => suggest,
            FieldKind::Choice { .. } => None,
        }
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    /// Still editing.
    Editing,
    /// The user asked to save or send.
    Submit,
    /// Closed without saving.
    Cancelled,
    /// Tab on a text field with suggestions: the app may complete it.
    Complete(usize),
}

/// What the form is for; the app turns a submitted form into a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    NewRequest,
    Reply,
    Note,
    Escalate,
    Resolve,
    Reopen,
    DeEscalate,
    Assign,
    Transfer,
    Status,
    Reprioritise,
    Rate,
    Filter,
    FollowUpDone,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub purpose: Purpose,
    pub title: String,
    /// The request it acts on, and the version it was shown at.
    pub request: Option<(i64, i64)>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A whole-form message, e.g. why the last send failed.
    pub error: Option<String>,
    /// Sent and waiting for the worker's answer; the text stays until it
    /// is written, so a failed write loses nothing.
    pub sending: bool,
    /// Esc was pressed with text typed: the next y discards.
    pub confirm_discard: bool,
}

impl Form {
    pub fn new(purpose: Purpose, title: impl Into<String>, fields: Vec<Field>) -> Form {
        Form {
            purpose,
            title: title.into(),
            request: None,
            fields,
            focus: 0,
            error: None,
            sending: false,
            confirm_discard: false,
        }
    }

    pub fn on(mut self, id: i64, version: i64) -> Form {
        self.request = Some((id, version));
        self
    }

    /// Something was typed that Esc would lose.
    pub fn has_typed_text(&self) -> bool {
        self.fields
            .iter()
            .any(|f| matches!(f.kind, FieldKind::Text { .. }) && !f.value().trim().is_empty())
    }

    pub fn field(&self, label: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.label == label)
    }

    pub fn field_mut(&mut self, label: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.label == label)
    }

    pub fn value(&self, label: &str) -> String {
        self.field(label).map(Field::value).unwrap_or_default()
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Marks a field as wrong and moves the cursor there.
    pub fn fail(&mut self, label: &str, message: impl Into<String>) {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            self.fields[i].error = Some(message.into());
            if !self.fields[..i].iter().any(|f| f.error.is_some()) {
                self.focus = i;
            }
        } else {
            self.error = Some(message.into());
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        if self.sending {
            return FormOutcome::Editing;
        }
        if self.confirm_discard {
            self.confirm_discard = false;
            return match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => FormOutcome::Cancelled,
                _ => FormOutcome::Editing,
            };
        }
        if CANCEL.matches(&key) {
            if self.has_typed_text() {
                self.confirm_discard = true;
                return FormOutcome::Editing;
            }
            return FormOutcome::Cancelled;
        }
        if SUBMIT.matches(&key) {
            return FormOutcome::Submit;
        }
        if NEXT_FIELD.matches(&key) {
            let at = self.focus;
            if self.fields[at].suggest().is_some() {
                return FormOutcome::Complete(at);
            }
            self.next_field();
            return FormOutcome::Editing;
        }
        if PREV_FIELD.matches(&key) {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
            return FormOutcome::Editing;
        }
        let last = self.focus + 1 == self.fields.len();
        let field = &mut self.fields[self.focus];
        match &mut field.kind {
            FieldKind::Choice { options, selected } => match key.code {
                KeyCode::Left | KeyCode::Char('h') => {
                    *selected = (*selected + options.len() - 1) % options.len()
                }
                KeyCode::Right | KeyCode::Char('l') | KeyCode::Char(' ') => {
                    *selected = (*selected + 1) % options.len()
                }
                KeyCode::Up | KeyCode::Char('k') => self.focus = self.focus.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => self.next_field(),
                KeyCode::Enter if last => return FormOutcome::Submit,
                KeyCode::Enter => self.next_field(),
                KeyCode::Char(c) if c.is_ascii_alphanumeric() => {
                    // Jump to the first option starting with the typed key.
                    if let Some(i) = options
                        .iter()
                        .position(|o| o.to_lowercase().starts_with(c.to_ascii_lowercase()))
                    {
                        *selected = i;
                    }
                }
                _ => {}
            },
            FieldKind::Text { area, multiline, .. } => {
                let enter = key.code == KeyCode::Enter && !key.modifiers.contains(KeyModifiers::ALT);
                if enter && !*multiline {
                    if last {
                        return FormOutcome::Submit;
                    }
                    self.next_field();
                } else if !*multiline && matches!(key.code, KeyCode::Up | KeyCode::Down) {
                    if key.code == KeyCode::Up {
                        self.focus = self.focus.saturating_sub(1);
                    } else {
                        self.next_field();
                    }
                } else {
                    field.error = None;
                    area.input(key);
                }
            }
        }
        FormOutcome::Editing
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn typing_tab_and_choices() {
        let mut f = Form::new(
            Purpose::Filter,
            "t",
            vec![
                Field::text("Name", ""),
                Field::choice("Kind", vec!["a".into(), "b".into()], 0),
            ],
        );
        for c in "Ana".chars() {
            f.handle_key(key(c));
        }
        assert_eq!(f.value("Name"), "Ana");
        f.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
        f.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        assert_eq!(f.value("Kind"), "b");
        assert_eq!(
            f.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            FormOutcome::Submit
        );
    }

    #[test]
    fn esc_asks_before_discarding_typed_text() {
        let mut f = Form::new(Purpose::Reply, "t", vec![Field::multiline("Reply")]);
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(
            f.handle_key(esc),
            FormOutcome::Cancelled,
            "nothing typed: closes at once"
        );
        f.handle_key(key('x'));
        assert_eq!(f.handle_key(esc), FormOutcome::Editing);
        assert!(f.confirm_discard);
        assert_eq!(f.handle_key(key('n')), FormOutcome::Editing);
        assert_eq!(f.value("Reply"), "x");
        f.handle_key(esc);
        assert_eq!(f.handle_key(key('y')), FormOutcome::Cancelled);
    }

    #[test]
    fn enter_makes_a_new_line_only_in_multiline_fields() {
        let mut f = Form::new(
            Purpose::NewRequest,
            "t",
            vec![Field::text("A", ""), Field::multiline("B")],
        );
        f.handle_key(key('a'));
        f.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(f.focus, 1);
        f.handle_key(key('1'));
        f.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        f.handle_key(key('2'));
        assert_eq!(f.value("B"), "1\n2");
    }
}
