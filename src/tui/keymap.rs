//! One table maps keys to actions. The key handler reads it and the help
//! screen and footer are drawn from it, so help never drifts from the real
//! bindings.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::openers::{self as open, Opener};
use super::view::ViewId;

/// Where a binding applies, for the footer and help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Anywhere.
    Global,
    /// Moving in a list or pane.
    Navigation,
    /// On the selected request.
    Request,
}

impl Scope {
    /// In the order help and the README list them.
    pub const ALL: [Scope; 3] = [Scope::Global, Scope::Navigation, Scope::Request];

    /// The heading help and the README give the scope's keys.
    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Anywhere",
            Scope::Navigation => "Moving",
            Scope::Request => "On the selected request",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    const fn plain(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::NONE,
        }
    }
    const fn code(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    pub fn matches(&self, e: &KeyEvent) -> bool {
        // Shifted letters arrive as the capital with SHIFT set on most
        // terminals, and Shift-Tab as BackTab with SHIFT: the shift is in
        // the code already.
        let mods = if matches!(e.code, KeyCode::Char(_) | KeyCode::BackTab) {
            e.modifiers - KeyModifiers::SHIFT
        } else {
            e.modifiers
        };
        e.code == self.code && mods == self.mods
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{base}")
        } else {
            base
        }
    }
}

#[derive(Debug)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub help: &'static str,
    pub scope: Scope,
    /// Shown in the footer (the short list of what applies now).
    pub in_footer: bool,
    /// What a key on the selected request opens (`openers.rs`).
    pub open: Option<Opener>,
}

macro_rules! bind {
    ($scope:ident, $footer:expr, [$($key:expr),+], $action:expr, $help:literal) => {
        Binding { keys: vec![$($key),+], action: $action, help: $help, scope: Scope::$scope, in_footer: $footer, open: None }
    };
    ($scope:ident, $footer:expr, [$($key:expr),+], $action:expr, $help:literal, $open:path) => {
        Binding { keys: vec![$($key),+], action: $action, help: $help, scope: Scope::$scope, in_footer: $footer, open: Some($open) }
    };
}

/// The default key map.
#[rustfmt::skip]
pub fn bindings() -> Vec<Binding> {
    use Action as A;
    use KeyCode as K;
    vec![
        bind!(Global, true, [Key::plain('?')], A::Help, "help: every key"),
        bind!(Global, true, [Key::plain(':'), Key::ctrl('p')], A::Palette, "commands: find any by name"),
        bind!(Global, true, [Key::plain('q')], A::Quit, "quit"),
        bind!(Global, false, [Key::ctrl('z')], A::Suspend, "suspend to the shell (fg comes back), from anywhere"),
        bind!(Navigation, false, [Key::plain('j'), Key::code(K::Down)], A::Down, "next request / scroll down"),
        bind!(Navigation, false, [Key::plain('k'), Key::code(K::Up)], A::Up, "previous request / scroll up"),
        bind!(Navigation, false, [Key::code(K::PageDown), Key::ctrl('d')], A::PageDown, "page down"),
        bind!(Navigation, false, [Key::code(K::PageUp), Key::ctrl('u')], A::PageUp, "page up"),
        bind!(Navigation, false, [Key::plain('g'), Key::code(K::Home)], A::Top, "first request / top of the detail"),
        bind!(Navigation, false, [Key::plain('G'), Key::code(K::End)], A::Bottom, "last request / end of the history"),
        bind!(Global, true, [Key::code(K::Tab)], A::NextPane, "next pane"),
        bind!(Global, false, [Key::code(K::BackTab)], A::PrevPane, "previous pane"),
        bind!(Navigation, true, [Key::code(K::Enter)], A::Open, "open the request"),
        bind!(Global, false, [Key::plain('1')], A::ShowView(ViewId::Mine), "view: my requests"),
        bind!(Global, false, [Key::plain('2')], A::ShowView(ViewId::Unassigned), "view: unassigned"),
        bind!(Global, false, [Key::plain('3')], A::ShowView(ViewId::AllOpen), "view: all open"),
        bind!(Global, false, [Key::plain('4')], A::ShowView(ViewId::Waiting), "view: waiting"),
        bind!(Global, false, [Key::plain('5')], A::ShowView(ViewId::Escalated), "view: escalated"),
        bind!(Global, false, [Key::plain('6')], A::ShowView(ViewId::DueSoon), "view: breached / at risk"),
        bind!(Global, false, [Key::plain('7')], A::ShowView(ViewId::AwaitingRating), "view: resolved, awaiting rating"),
        bind!(Global, false, [Key::plain('8')], A::ShowView(ViewId::Closed), "view: closed"),
        bind!(Global, false, [Key::plain('9')], A::ShowView(ViewId::Escalations), "view: escalations (team lead)"),
        bind!(Global, false, [Key::plain('0')], A::ShowView(ViewId::FollowUps), "view: follow-up calls due"),
        bind!(Global, false, [Key::plain('b')], A::ShowView(ViewId::Approvals), "view: awaiting my approval (team lead)"),
        bind!(Global, false, [Key::plain('d')], A::Dashboard, "dashboard: KPIs this week so far, the same span last week, 90 days"),
        bind!(Global, true, [Key::plain('/')], A::Search, "search subject, body and replies"),
        bind!(Global, false, [Key::plain('f')], A::Filter, "filter by status, priority, department, team, assignee"),
        bind!(Global, false, [Key::plain('c')], A::ClearFilters, "clear every filter and the search"),
        bind!(Global, false, [Key::plain('S')], A::CycleSort, "sort: due, priority, created, updated"),
        bind!(Global, true, [Key::plain('n')], A::NewRequest, "new request"),
        bind!(Request, true, [Key::plain('r')], A::Reply, "reply to the requester", open::reply),
        bind!(Request, true, [Key::plain('i')], A::Note, "note: internal, not seen by the requester", open::note),
        bind!(Request, false, [Key::plain('t')], A::Take, "take it (assign to me)", open::take),
        bind!(Request, true, [Key::plain('a')], A::Assign, "assign to someone", open::assign),
        bind!(Request, true, [Key::plain('s')], A::ChangeStatus, "status: change it", open::change_status),
        bind!(Request, false, [Key::plain('p')], A::Reprioritise, "urgency and impact", open::reprioritise),
        bind!(Request, false, [Key::plain('T')], A::Transfer, "transfer to another team", open::transfer),
        bind!(Request, true, [Key::plain('e')], A::Escalate, "escalate with a reason", open::escalate),
        bind!(Request, true, [Key::plain('x')], A::Resolve, "resolve", open::resolve),
        bind!(Request, false, [Key::plain('o')], A::Reopen, "reopen", open::reopen),
        bind!(Request, false, [Key::plain('R')], A::Rate, "record the requester's rating", open::rate),
        bind!(Request, false, [Key::plain('F')], A::FollowUpDone, "follow-up call done", open::follow_up_done),
        bind!(Request, false, [Key::plain('A')], A::Acknowledge, "acknowledge an escalation (leads)", open::acknowledge),
        bind!(Request, false, [Key::plain('E')], A::DeEscalate, "de-escalate (team leads)", open::de_escalate),
        bind!(Request, false, [Key::plain('C')], A::CloseUnresolved, "close without resolving: a duplicate or a mistake", open::close_unresolved),
        bind!(Request, false, [Key::plain('#')], A::Tags, "tag: +tag to put on, -tag to take off", open::tags),
        bind!(Global, false, [Key::plain('V')], A::SaveView, "save the search as a view (with a number key)"),
        bind!(Request, false, [Key::plain(' ')], A::Mark, "mark for a bulk change and move to the next (again: unmark)"),
        bind!(Request, false, [Key::plain('v')], A::MarkRange, "mark from the last marked request to here"),
        bind!(Global, false, [Key::plain('*')], A::MarkAll, "mark every request of the view"),
        bind!(Request, false, [Key::plain('P')], A::AskApproval, "ask a lead to approve it (it waits meanwhile)", open::ask_approval),
        bind!(Request, false, [Key::plain('Y')], A::DecideApproval, "approve or reject it (the approver, or a lead)", open::decide_approval),
        bind!(Request, false, [Key::plain('X')], A::Checklist, "checklist: tick an item, skip it with a reason, or add one", open::checklist),
        bind!(Request, false, [Key::plain('w')], A::Watch, "watch it: what others do on it comes to your inbox (again: stop)", open::watch),
        bind!(Request, false, [Key::plain('W')], A::ExplainSla, "why due then: the SLA clock explained", open::explain_sla),
        bind!(Request, false, [Key::plain('M')], A::ApplyMacro, "apply a macro: a canned reply and its changes", open::apply_macro),
        bind!(Request, false, [Key::plain('L')], A::FollowLink, "open a linked request", open::follow_link),
        bind!(Request, false, [Key::plain('m')], A::Merge, "merge this duplicate into another request", open::merge),
        bind!(Request, false, [Key::plain('O')], A::SaveAttachment, "save an attachment (o too, in the request pane)"),
        bind!(Request, false, [Key::plain('u')], A::EditRequest, "edit subject, description, contact, category, reply-by", open::edit),
        bind!(Global, false, [Key::plain('I')], A::Inbox, "inbox: news of your requests, those you watch, @mentions, approvals"),
        bind!(Global, false, [Key::plain('H')], A::Away, "away (holiday): no new work by turn, a cover meanwhile; empty date: back"),
        bind!(Global, false, [Key::plain('K')], A::TeamMode, "team: assign new work round-robin, least-loaded or off (leads)"),
        bind!(Global, false, [Key::plain('D')], A::LoadDemo, "load demo data (empty database only)"),
        bind!(Global, false, [Key::code(K::F(5)), Key::ctrl('r')], A::Refresh, "reload from the file"),
    ]
}

/// Keys inside dialogs and editors, shown in help and used by the dialogs.
pub const SUBMIT: Key = Key::ctrl('s');
pub const CANCEL: Key = Key::code(KeyCode::Esc);
pub const NEXT_FIELD: Key = Key::code(KeyCode::Tab);
pub const PREV_FIELD: Key = Key::code(KeyCode::BackTab);
pub const EXTERNAL_EDITOR: Key = Key::ctrl('e');
/// In a reply: the next answer offered for the request, for editing.
pub const INSERT_ANSWER: Key = Key::ctrl('g');
/// As in a shell (readline), not undo.
pub const CLEAR_LINE: Key = Key::ctrl('u');

pub const DIALOG_HELP: &[(Key, &str)] = &[
    (SUBMIT, "send / save the dialog"),
    (
        CANCEL,
        "cancel (asks first if you typed something; Esc twice always leaves)",
    ),
    (CLEAR_LINE, "clear to the start of the line"),
    (NEXT_FIELD, "next field (accepts a suggested name)"),
    (PREV_FIELD, "previous field"),
    (EXTERNAL_EDITOR, "write the text in $VISUAL / $EDITOR"),
    (
        INSERT_ANSWER,
        "in a reply: put in the next answer offered for the request",
    ),
    (Key::code(KeyCode::Left), "previous choice"),
    (Key::code(KeyCode::Right), "next choice"),
    (
        Key::plain('h'),
        "a letter picks the choice it starts (h: high); again, the next one",
    ),
    (Key::plain(' '), "flips a yes/no choice"),
];

/// Esc outside a dialog: out of the detail pane, then the search goes.
pub const BACK: Key = Key::code(KeyCode::Esc);
pub const BACK_HELP: &str = "back to the queue, or clear the search";

/// The two answers to a change that lost a race.
pub const CONFLICT_APPLY: Key = Key::plain('a');
pub const CONFLICT_DROP: Key = Key::plain('d');
pub const CONFLICT_HELP: &[(Key, &str)] = &[
    (CONFLICT_APPLY, "apply my change on top of theirs"),
    (
        CONFLICT_DROP,
        "drop my change (a typed text is kept for next time)",
    ),
];

/// Keys in lists that open over the panes: help and the command palette.
pub const LIST_CLOSE: Key = Key::code(KeyCode::Esc);
pub const LIST_CHOOSE: Key = Key::code(KeyCode::Enter);
pub const LIST_HELP: &[(Key, &str)] = &[
    (Key::code(KeyCode::Up), "up: scroll, or the command above"),
    (Key::code(KeyCode::Down), "down: scroll, or the command below"),
    (LIST_CHOOSE, "run the chosen command (closes help)"),
    (LIST_CLOSE, "close"),
];

impl Key {
    /// Reads a key as the help screen writes it: `r`, `R`, `C-r`, `F5`,
    /// `Enter`, `Esc`, `Tab`, `Space`, `PgDn`, `PgUp`, `Home`, `End`, `Up`…
    pub fn parse(text: &str) -> Result<Key, String> {
        let (ctrl, base) = match text.strip_prefix("C-") {
            Some(rest) if !rest.is_empty() => (true, rest),
            _ => (false, text),
        };
        let named = match base.to_ascii_lowercase().as_str() {
            "enter" => Some(KeyCode::Enter),
            "esc" => Some(KeyCode::Esc),
            "tab" => Some(KeyCode::Tab),
            "s-tab" | "backtab" => Some(KeyCode::BackTab),
            "space" => Some(KeyCode::Char(' ')),
            "up" | "↑" => Some(KeyCode::Up),
            "down" | "↓" => Some(KeyCode::Down),
            "left" | "←" => Some(KeyCode::Left),
            "right" | "→" => Some(KeyCode::Right),
            "pgup" | "pageup" => Some(KeyCode::PageUp),
            "pgdn" | "pagedown" => Some(KeyCode::PageDown),
            "home" => Some(KeyCode::Home),
            "end" => Some(KeyCode::End),
            f => f
                .strip_prefix('f')
                .and_then(|n| n.parse::<u8>().ok())
                .filter(|n| (1..=12).contains(n))
                .map(KeyCode::F),
        };
        let mut chars = base.chars();
        let code = match (named, chars.next(), chars.next()) {
            (Some(code), _, _) => code,
            (None, Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => return Err(format!("'{text}' is not a key (e.g. r, R, C-r, F5, Enter, PgDn)")),
        };
        let mods = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        Ok(Key { code, mods })
    }
}

/// The name of an action in the config file and on the help screen:
/// `reply`, `page_down`; views and the rest that carry data have none.
pub fn action_name(action: &Action) -> Option<String> {
    match serde_json::to_value(action).ok()? {
        serde_json::Value::String(name) => Some(name),
        _ => None,
    }
}

/// The default key map with the config file's keys put over it: an action
/// named there gets exactly those keys, and they are taken from whatever
/// had them before.
pub fn with_overrides(
    mut bindings: Vec<Binding>,
    keys: &std::collections::BTreeMap<String, crate::config::KeyNames>,
) -> Result<Vec<Binding>, String> {
    for (name, names) in keys {
        let index = bindings
            .iter()
            .position(|b| action_name(&b.action).as_deref() == Some(name.as_str()))
            .ok_or_else(|| {
                let known: Vec<String> = bindings.iter().filter_map(|b| action_name(&b.action)).collect();
                format!(
                    "keys: no command is called '{name}' (valid: {})",
                    known.join(", ")
                )
            })?;
        let new = names
            .names()
            .into_iter()
            .map(Key::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("keys.{name}: {e}"))?;
        for b in &mut bindings {
            b.keys.retain(|k| !new.contains(k));
        }
        bindings[index].keys = new;
    }
    Ok(bindings)
}

/// The action a key is bound to, if any.
pub fn action_for(bindings: &[Binding], key: &KeyEvent) -> Option<Action> {
    bindings
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(key)))
        .map(|b| b.action.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let all = bindings();
        let mut seen = Vec::new();
        for b in &all {
            for k in &b.keys {
                assert!(!seen.contains(k), "{} bound twice", k.label());
                seen.push(*k);
            }
        }
    }

    #[test]
    fn the_config_file_can_move_a_command_to_other_keys() {
        use crate::config::KeyNames;
        let keys = [
            ("reply".to_string(), KeyNames::One("C-r".into())),
            (
                "page_down".to_string(),
                KeyNames::Many(vec!["PgDn".into(), "r".into()]),
            ),
        ]
        .into_iter()
        .collect();
        let all = with_overrides(bindings(), &keys).unwrap();
        let at = |code, mods| action_for(&all, &KeyEvent::new(code, mods));
        assert!(matches!(
            at(KeyCode::Char('r'), KeyModifiers::CONTROL),
            Some(Action::Reply)
        ));
        // `r` moved to page_down; Ctrl-R was refresh's, and is no longer.
        assert!(matches!(
            at(KeyCode::Char('r'), KeyModifiers::NONE),
            Some(Action::PageDown)
        ));
        assert!(matches!(
            at(KeyCode::F(5), KeyModifiers::NONE),
            Some(Action::Refresh)
        ));
        assert!(
            at(KeyCode::Char('d'), KeyModifiers::CONTROL).is_none(),
            "page_down now has only PgDn and r"
        );
        let refresh = all.iter().find(|b| matches!(b.action, Action::Refresh)).unwrap();
        assert_eq!(refresh.keys, [Key::code(KeyCode::F(5))]);
        // Mistakes are named.
        let bad = [("rply".to_string(), KeyNames::One("r".into()))]
            .into_iter()
            .collect();
        assert!(with_overrides(bindings(), &bad)
            .unwrap_err()
            .contains("no command is called 'rply'"));
        let bad = [("reply".to_string(), KeyNames::One("Ctrl+R".into()))]
            .into_iter()
            .collect();
        assert!(with_overrides(bindings(), &bad)
            .unwrap_err()
            .contains("keys.reply: 'Ctrl+R' is not a key"));
    }

    #[test]
    fn every_key_label_reads_back_as_the_same_key() {
        for b in bindings() {
            for k in &b.keys {
                let label = k.label();
                assert_eq!(Key::parse(&label), Ok(*k), "{label}");
            }
        }
    }

    #[test]
    fn shift_tab_as_terminals_send_it_goes_back() {
        // crossterm reports Shift-Tab as BackTab with SHIFT set.
        let e = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert!(PREV_FIELD.matches(&e));
        assert!(matches!(action_for(&bindings(), &e), Some(Action::PrevPane)));
    }

    #[test]
    fn shifted_capitals_match() {
        let all = bindings();
        let e = KeyEvent::new(KeyCode::Char('R'), KeyModifiers::SHIFT);
        assert!(matches!(action_for(&all, &e), Some(Action::Rate)));
        let e = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE);
        assert!(matches!(action_for(&all, &e), Some(Action::Reply)));
    }
}
