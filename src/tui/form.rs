//! Dialogs: every form, editor and picker in the app is a `Form` of text
//! fields (one-line or multi-line) and choice fields. The app decides what
//! a submitted form means; the form only edits.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::keymap::{CANCEL, CLEAR_LINE, EXTERNAL_EDITOR, INSERT_ANSWER, NEXT_FIELD, PREV_FIELD, SUBMIT};
use crate::domain::ids::{RequestId, Version};

/// Where a text field takes its suggestions from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suggest {
    People,
    Staff,
    Teams,
    Departments,
    Categories,
    Macros,
    /// Staff names after an `@` in a note (the rest of the text is free).
    Mentions,
    Templates,
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
    /// A score on a scale: nothing until chosen, → raises and ← lowers
    /// (never wrapping round), and digits type the number (`1`,`0` → 10).
    Score {
        lo: u8,
        hi: u8,
        value: Option<u8>,
        /// Digits typed since the field was entered, so `1` then `0` is 10.
        typed: String,
    },
}

/// Which field of a dialog: forms are read and marked by these, never by
/// the words on screen or the order of the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldId {
    Requester,
    Department,
    Contact,
    Channel,
    Kind,
    Category,
    Urgency,
    Impact,
    KeyCustomer,
    ReplyBy,
    Subject,
    Description,
    Reply,
    Note,
    Reason,
    Resolution,
    Status,
    Priority,
    Assignee,
    Team,
    Overall,
    Speed,
    Quality,
    Communication,
    Recommend,
    Comment,
    Then,
    Tags,
    Name,
    Key,
    Shared,
    Minutes,
    Macro,
    Link,
    Target,
    Attachment,
    Until,
    Cover,
    Mode,
    Approver,
    Decision,
    /// An open request the new one may repeat.
    SameAs,
    Template,
    /// A checklist item.
    Item,
    /// The desk's custom field of this number (in the order they were
    /// defined); the field carries its name as its label.
    Custom(u8),
}

impl FieldId {
    /// The words beside the field.
    pub fn label(self) -> &'static str {
        match self {
            FieldId::Requester => "Requester",
            FieldId::Department => "Department",
            FieldId::Contact => "Contact",
            FieldId::Channel => "Channel",
            FieldId::Kind => "Kind",
            FieldId::Category => "Category",
            FieldId::Urgency => "Urgency",
            FieldId::Impact => "Impact",
            FieldId::KeyCustomer => "Key customer",
            FieldId::ReplyBy => "Reply by",
            FieldId::Subject => "Subject",
            FieldId::Description => "Description",
            FieldId::Reply => "Reply",
            FieldId::Note => "Note",
            FieldId::Reason => "Reason",
            FieldId::Resolution => "Resolution",
            FieldId::Status => "Status",
            FieldId::Priority => "Priority",
            FieldId::Assignee => "Assignee",
            FieldId::Team => "Team",
            FieldId::Overall => "Overall",
            FieldId::Speed => "Speed",
            FieldId::Quality => "Quality",
            FieldId::Communication => "Communication",
            FieldId::Recommend => "Recommend",
            FieldId::Comment => "Comment",
            FieldId::Then => "Then",
            FieldId::Tags => "Tags",
            FieldId::Name => "Name",
            FieldId::Key => "Number key",
            FieldId::Shared => "Whose",
            FieldId::Minutes => "Minutes spent",
            FieldId::Macro => "Macro",
            FieldId::Link => "Linked",
            FieldId::Target => "Into #",
            FieldId::Attachment => "File",
            FieldId::Until => "Last day away",
            FieldId::Cover => "Covered by",
            FieldId::Mode => "Assigns",
            FieldId::Approver => "Approver",
            FieldId::Decision => "Decision",
            FieldId::SameAs => "Same as",
            FieldId::Template => "Template",
            FieldId::Item => "Item",
            FieldId::Custom(_) => "Field",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub id: FieldId,
    pub kind: FieldKind,
    pub error: Option<String>,
    /// The words beside it when they are the desk's (a custom field's
    /// name), not the field's own.
    pub named: Option<String>,
}

/// Long lines of a reply or note wrap at words (a long word at any
/// character) rather than scroll out of sight sideways.
fn wrapping(mut area: TextArea<'static>) -> TextArea<'static> {
    area.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    area
}

impl Field {
    /// A one-line text field holding `value`, selected so typing replaces
    /// it (an arrow key keeps it and moves the cursor instead).
    pub fn text(id: FieldId, value: &str) -> Field {
        let mut area = TextArea::new(vec![value.to_string()]);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        if !value.is_empty() {
            area.select_all();
        }
        Field {
            id,
            kind: FieldKind::Text {
                area: Box::new(area),
                multiline: false,
                suggest: None,
            },
            error: None,
            named: None,
        }
    }

    pub fn multiline(id: FieldId) -> Field {
        Field {
            id,
            kind: FieldKind::Text {
                area: Box::new(wrapping(TextArea::default())),
                multiline: true,
                suggest: None,
            },
            error: None,
            named: None,
        }
    }

    pub fn suggesting(mut self, source: Suggest) -> Field {
        if let FieldKind::Text { suggest, .. } = &mut self.kind {
            *suggest = Some(source);
        }
        self
    }

    pub fn choice(id: FieldId, options: Vec<String>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field {
            id,
            kind: FieldKind::Choice { options, selected },
            error: None,
            named: None,
        }
    }

    pub fn score(id: FieldId, lo: u8, hi: u8) -> Field {
        Field {
            id,
            kind: FieldKind::Score {
                lo,
                hi,
                value: None,
                typed: String::new(),
            },
            error: None,
            named: None,
        }
    }

    /// The words beside the field.
    pub fn label(&self) -> &str {
        self.named.as_deref().unwrap_or(self.id.label())
    }

    /// The same field under the desk's own words.
    pub fn named(mut self, label: &str) -> Field {
        self.named = Some(label.to_string());
        self
    }

    /// The text typed, the label of the chosen option, or the score (empty
    /// when none was chosen).
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text { area, .. } => area.lines().join("\n"),
            FieldKind::Choice { options, selected } => options.get(*selected).cloned().unwrap_or_default(),
            FieldKind::Score { value, .. } => value.map(|v| v.to_string()).unwrap_or_default(),
        }
    }

    pub fn set_text(&mut self, value: &str) {
        if let FieldKind::Text { area, multiline, .. } = &mut self.kind {
            let mut fresh = TextArea::new(value.split('\n').map(str::to_string).collect());
            fresh.move_cursor(ratatui_textarea::CursorMove::End);
            **area = if *multiline { wrapping(fresh) } else { fresh };
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

    /// The text of the cursor's line before the cursor.
    pub fn before_cursor(&self) -> String {
        match &self.kind {
            FieldKind::Text { area, .. } => {
                let (row, col) = (area.cursor().0, area.cursor().1);
                area.lines()
                    .get(row)
                    .map(|l| l.chars().take(col).collect())
                    .unwrap_or_default()
            }
            _ => String::new(),
        }
    }

    /// Replaces the `chars` characters before the cursor with `with`.
    pub fn replace_before_cursor(&mut self, chars: usize, with: &str) {
        if let FieldKind::Text { area, .. } = &mut self.kind {
            for _ in 0..chars {
                area.delete_char();
            }
            area.insert_str(with);
        }
    }

    pub fn suggest(&self) -> Option<Suggest> {
        match self.kind {
            FieldKind::Text { suggest, .. } => suggest,
            FieldKind::Choice { .. } | FieldKind::Score { .. } => None,
        }
    }
}

/// What a key does to a score: the new value, and the digits typed so far.
pub fn score_key(
    code: KeyCode,
    lo: u8,
    hi: u8,
    value: Option<u8>,
    typed: &str,
) -> Option<(Option<u8>, String)> {
    match code {
        KeyCode::Right | KeyCode::Char('l' | '+') => {
            Some((Some(value.map_or(lo, |v| (v + 1).min(hi))), String::new()))
        }
        KeyCode::Left | KeyCode::Char('h' | '-') => Some((
            Some(value.map_or(hi, |v| v.saturating_sub(1).max(lo))),
            String::new(),
        )),
        KeyCode::Backspace | KeyCode::Delete => Some((None, String::new())),
        KeyCode::Char(c) if c.is_ascii_digit() => {
            // Digits add up while the number stays on the scale; one that
            // would leave it starts a new number.
            let joined = format!("{typed}{c}");
            let in_scale = |t: &str| t.parse::<u8>().ok().filter(|n| (lo..=hi).contains(n));
            match in_scale(&joined) {
                Some(n) => Some((Some(n), joined)),
                None => match in_scale(&c.to_string()) {
                    Some(n) => Some((Some(n), c.to_string())),
                    None => Some((value, String::new())),
                },
            }
        }
        _ => None,
    }
}

/// The choice a typed letter picks: the first that starts with it, or,
/// when the one chosen already does, the next that does (so `m` then `m`
/// goes from medium to the next m-word); unchanged when none does.
fn choice_by_letter(options: &[String], selected: usize, c: char) -> usize {
    let typed: String = c.to_lowercase().collect();
    let starts = |i: &usize| options[*i].to_lowercase().starts_with(&typed);
    let after = (selected + 1..options.len()).chain(0..=selected);
    if starts(&selected) {
        after.into_iter().find(starts).unwrap_or(selected)
    } else {
        (0..options.len()).find(starts).unwrap_or(selected)
    }
}

/// A choice of two that is a yes or no, which Space flips.
fn is_yes_no(options: &[String]) -> bool {
    let mut words: Vec<String> = options.iter().map(|o| o.to_lowercase()).collect();
    words.sort();
    words == ["no", "yes"]
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
    /// Ctrl-E on a multi-line field: write it in the person's editor.
    EditExternally(usize),
    /// Ctrl-G in a reply: put the next answer offered for the request in.
    InsertAnswer,
}

/// What the form is for; the app turns a submitted form into a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Purpose {
    NewRequest,
    Reply,
    Note,
    Escalate,
    Resolve,
    Reopen,
    DeEscalate,
    /// Close without resolving: a duplicate, or recorded by mistake.
    Close,
    /// Correct what was recorded: subject, description, contact, category,
    /// reply-by.
    Edit,
    Assign,
    Transfer,
    Status,
    Reprioritise,
    Rate,
    Filter,
    FollowUpDone,
    Tags,
    SaveView,
    PickMacro,
    ApplyMacro,
    FollowLink,
    SaveAttachment,
    Merge,
    /// Someone away until a day, and their cover.
    Away,
    /// How a team's new work is assigned.
    TeamMode,
    AskApproval,
    DecideApproval,
    /// Tick, skip, remove or add a checklist item.
    Checklist,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub purpose: Purpose,
    pub title: String,
    /// The request it acts on, and the version it was shown at.
    pub request: Option<(RequestId, Version)>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A whole-form message, e.g. why the last send failed.
    pub error: Option<String>,
    /// Sent and waiting for the worker's answer; the text stays until it
    /// is written, so a failed write loses nothing.
    pub sending: bool,
    /// Esc was pressed with text typed: the next y (or Esc) discards.
    pub confirm_discard: bool,
    /// A dialog that asks before it does something that cannot be undone
    /// (merging closes a request) remembers what it asked about: a second
    /// Ctrl-S about the same thing goes ahead.
    pub asked: Option<String>,
    /// The answer a reply's text came from (it counts one more use).
    pub answer: Option<i64>,
    /// The answers a reply was offered as it opened (number and title),
    /// best first.
    pub offered: Vec<(i64, String)>,
    /// What the fields held when the person first touched the form, so
    /// Esc only asks about what they typed, not what it opened with.
    opened_with: Option<Vec<String>>,
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
            asked: None,
            answer: None,
            offered: Vec::new(),
            opened_with: None,
        }
    }

    pub fn on(mut self, id: RequestId, version: Version) -> Form {
        self.request = Some((id, version));
        self
    }

    /// Something was typed that Esc would lose: text that is not what
    /// the field opened with.
    pub fn has_typed_text(&self) -> bool {
        self.fields.iter().enumerate().any(|(i, f)| {
            let opened = self
                .opened_with
                .as_ref()
                .and_then(|o| o.get(i))
                .map(String::as_str);
            matches!(f.kind, FieldKind::Text { .. })
                && !f.value().trim().is_empty()
                && opened != Some(f.value().as_str())
        })
    }

    pub fn field(&self, id: FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_mut(&mut self, id: FieldId) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    pub fn value(&self, id: FieldId) -> String {
        self.field(id).map(Field::value).unwrap_or_default()
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Marks a field as wrong and moves the cursor there.
    pub fn fail(&mut self, id: FieldId, message: impl Into<String>) {
        if let Some(i) = self.fields.iter().position(|f| f.id == id) {
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
        if self.opened_with.is_none() {
            self.opened_with = Some(self.fields.iter().map(Field::value).collect());
        }
        if self.confirm_discard {
            self.confirm_discard = false;
            // Esc twice always leaves a dialog.
            if CANCEL.matches(&key) {
                return FormOutcome::Cancelled;
            }
            return match key.code {
                KeyCode::Char('y' | 'Y') => FormOutcome::Cancelled,
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
        if INSERT_ANSWER.matches(&key) && self.purpose == Purpose::Reply {
            return FormOutcome::InsertAnswer;
        }
        if EXTERNAL_EDITOR.matches(&key) && self.fields[self.focus].is_multiline() {
            return FormOutcome::EditExternally(self.focus);
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
            // A letter picks a choice (never steps the list: `h` for high
            // once gave low); ← and → step; Space only flips a yes/no.
            FieldKind::Choice { options, selected } => match key.code {
                KeyCode::Left => *selected = (*selected + options.len() - 1) % options.len(),
                KeyCode::Right => *selected = (*selected + 1) % options.len(),
                KeyCode::Char(' ') if is_yes_no(options) => *selected = 1 - *selected,
                KeyCode::Up => self.focus = self.focus.saturating_sub(1),
                KeyCode::Down => self.next_field(),
                KeyCode::Enter if last => return FormOutcome::Submit,
                KeyCode::Enter => self.next_field(),
                KeyCode::Char(c) if c.is_alphanumeric() => {
                    *selected = choice_by_letter(options, *selected, c);
                }
                _ => {}
            },
            FieldKind::Score { lo, hi, value, typed } => match key.code {
                KeyCode::Up | KeyCode::Char('k') => self.focus = self.focus.saturating_sub(1),
                KeyCode::Down | KeyCode::Char('j') => self.next_field(),
                KeyCode::Enter if last => return FormOutcome::Submit,
                KeyCode::Enter => self.next_field(),
                code => {
                    if let Some((v, t)) = score_key(code, *lo, *hi, *value, typed) {
                        *value = v;
                        *typed = t;
                        field.error = None;
                    }
                }
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
                } else if CLEAR_LINE.matches(&key) {
                    // As in a shell: Ctrl-U clears back to the start of the line.
                    field.error = None;
                    area.delete_line_by_head();
                } else {
                    field.error = None;
                    area.input(key);
                }
            }
        }
        FormOutcome::Editing
    }

    /// Takes pasted text as one edit into the field being typed in: a
    /// multi-line field keeps its lines, a one-line field joins them with
    /// spaces (never spilling into the next field or the queue). Choices
    /// and scores take no paste.
    pub fn paste(&mut self, text: &str) {
        if self.sending {
            return;
        }
        if self.opened_with.is_none() {
            self.opened_with = Some(self.fields.iter().map(Field::value).collect());
        }
        let field = &mut self.fields[self.focus];
        if let FieldKind::Text { area, multiline, .. } = &mut field.kind {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            let text = if *multiline {
                text
            } else {
                text.split('\n')
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            field.error = None;
            area.insert_str(text);
        }
    }

    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a score field, from nothing chosen.
    fn typed(lo: u8, hi: u8, keys: &[KeyCode]) -> Option<u8> {
        let (mut value, mut digits) = (None, String::new());
        for k in keys {
            if let Some((v, t)) = score_key(*k, lo, hi, value, &digits) {
                value = v;
                digits = t;
            }
        }
        value
    }

    #[test]
    fn a_score_starts_empty_and_arrows_raise_and_lower_without_wrapping() {
        use KeyCode::{Left, Right};
        assert_eq!(typed(1, 5, &[]), None);
        assert_eq!(typed(1, 5, &[Right]), Some(1));
        assert_eq!(typed(1, 5, &[Right, Right, Right]), Some(3), "→ raises");
        assert_eq!(typed(1, 5, &[Left]), Some(5));
        assert_eq!(typed(1, 5, &[Left, Left]), Some(4), "← lowers");
        assert_eq!(typed(1, 5, &[Left, Right, Right]), Some(5), "never past the top");
        assert_eq!(
            typed(1, 5, &[Right, Left, Left]),
            Some(1),
            "never below the bottom"
        );
    }

    #[test]
    fn typing_digits_enters_the_number() {
        use KeyCode::{Backspace, Char};
        assert_eq!(typed(0, 10, &[Char('1'), Char('0')]), Some(10));
        assert_eq!(typed(0, 10, &[Char('1')]), Some(1));
        assert_eq!(
            typed(0, 10, &[Char('1'), Char('1')]),
            Some(1),
            "11 is off the scale: a new number"
        );
        assert_eq!(typed(1, 5, &[Char('4')]), Some(4));
        assert_eq!(typed(1, 5, &[Char('4'), Char('2')]), Some(2));
        assert_eq!(typed(1, 5, &[Char('7')]), None, "off the scale, nothing chosen");
        assert_eq!(typed(1, 5, &[Char('3'), Backspace]), None);
    }

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn typing_tab_and_choices() {
        let mut f = Form::new(
            Purpose::Filter,
            "t",
            vec![
                Field::text(FieldId::Requester, ""),
                Field::choice(FieldId::Kind, vec!["a".into(), "b".into()], 0),
            ],
        );
        for c in "Ana".chars() {
            f.handle_key(key(c));
        }
        assert_eq!(f.value(FieldId::Requester), "Ana");
        f.handle_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE));
        f.handle_key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE));
        assert_eq!(f.value(FieldId::Kind), "b");
        assert_eq!(
            f.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            FormOutcome::Submit
        );
    }

    #[test]
    fn esc_asks_before_discarding_typed_text() {
        let mut f = Form::new(Purpose::Reply, "t", vec![Field::multiline(FieldId::Reply)]);
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
        assert_eq!(f.value(FieldId::Reply), "x");
        f.handle_key(esc);
        assert_eq!(f.handle_key(key('y')), FormOutcome::Cancelled);
    }

    #[test]
    fn esc_twice_always_leaves_and_what_a_field_opened_with_is_not_typed_text() {
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        let mut f = Form::new(Purpose::Reply, "t", vec![Field::multiline(FieldId::Reply)]);
        f.handle_key(key('x'));
        assert_eq!(f.handle_key(esc), FormOutcome::Editing);
        assert_eq!(f.handle_key(esc), FormOutcome::Cancelled, "Esc twice leaves");
        let mut reopened = Form::new(
            Purpose::Filter,
            "t",
            vec![Field::text(FieldId::Department, "Mar")],
        );
        assert_eq!(
            reopened.handle_key(esc),
            FormOutcome::Cancelled,
            "nothing was typed"
        );
    }

    #[test]
    fn ctrl_u_clears_to_the_start_of_the_line() {
        let mut f = Form::new(Purpose::Reply, "t", vec![Field::multiline(FieldId::Reply)]);
        for c in "first line".chars() {
            f.handle_key(key(c));
        }
        f.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        for c in "second".chars() {
            f.handle_key(key(c));
        }
        f.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(f.value(FieldId::Reply), "first line\n");
    }

    #[test]
    fn enter_makes_a_new_line_only_in_multiline_fields() {
        let mut f = Form::new(
            Purpose::NewRequest,
            "t",
            vec![
                Field::text(FieldId::Subject, ""),
                Field::multiline(FieldId::Description),
            ],
        );
        f.handle_key(key('a'));
        f.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        assert_eq!(f.focus, 1);
        f.handle_key(key('1'));
        f.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
        f.handle_key(key('2'));
        assert_eq!(f.value(FieldId::Description), "1\n2");
    }
}
