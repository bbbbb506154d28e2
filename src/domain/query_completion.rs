//! Tab in the search box: the field name, or the value, being typed at the
//! end of a query, completed from the query language's own words and the
//! desk's names.

use super::query::FIELDS;
use super::{Channel, Status};

/// The desk's names a value may be completed from.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub staff: Vec<String>,
    pub requesters: Vec<String>,
    pub teams: Vec<String>,
    pub departments: Vec<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
}

/// What Tab makes of a line: the line completed as far as every candidate
/// agrees, and the candidates when more than one is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub line: String,
    pub options: Vec<String>,
}

/// The words a field's value may be.
fn candidates(field: &str, names: &Names) -> Vec<String> {
    let words = |w: &[&str]| w.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    match field {
        "status" => Status::ALL.iter().map(ToString::to_string).collect(),
        "priority" => words(&["P1", "P2", "P3", "P4"]),
        "channel" => Channel::ALL.iter().map(ToString::to_string).collect(),
        "escalated" | "key" | "rated" => words(&["yes", "no"]),
        "due" => words(&["breached", "at-risk", "<1h", "<4h", "<1d"]),
        "age" | "updated" => words(&["<1h", "<1d", ">2d", ">1w"]),
        "assignee" => words(&["me", "none"])
            .into_iter()
            .chain(names.staff.iter().cloned())
            .collect(),
        "approval" => words(&["pending", "approved", "rejected"]),
        "approver" => words(&["me"])
            .into_iter()
            .chain(names.staff.iter().cloned())
            .collect(),
        "requester" => names.requesters.clone(),
        "team" => names.teams.clone(),
        "dept" => names.departments.clone(),
        "category" => names.categories.clone(),
        "tag" => names.tags.clone(),
        _ => Vec::new(),
    }
}

/// The longest start every option shares (by characters, ignoring case
/// as matching does).
fn shared_start(options: &[String]) -> String {
    let Some(first) = options.first() else {
        return String::new();
    };
    let mut end = first.chars().count();
    for o in &options[1..] {
        end = end.min(
            first
                .chars()
                .zip(o.chars())
                .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
                .count(),
        );
    }
    first.chars().take(end).collect()
}

/// A value as a query writes it: in quotes when it holds a space.
fn written(value: &str) -> String {
    if value.contains([' ', ',', '|']) {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

/// Completes the last term of `line`: a field name (`sta` → `status:`),
/// or a field's value (`team:net` → `team:Network`).
pub fn complete(line: &str, names: &Names) -> Completion {
    let start = line.rfind(' ').map_or(0, |i| i + 1);
    let (head, term) = line.split_at(start);
    let (negated, bare) = match term.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", term),
    };
    let unchanged = || Completion {
        line: line.to_string(),
        options: Vec::new(),
    };
    let starts = |option: &str, typed: &str| option.to_lowercase().starts_with(&typed.to_lowercase());
    match bare.split_once(':') {
        None => {
            if bare.is_empty() {
                return Completion {
                    line: line.to_string(),
                    options: FIELDS.iter().map(|f| format!("{f}:")).collect(),
                };
            }
            let options: Vec<String> = FIELDS
                .iter()
                .filter(|f| starts(f, bare))
                .map(|f| format!("{f}:"))
                .collect();
            match options.as_slice() {
                [] => unchanged(),
                [one] => Completion {
                    line: format!("{head}{negated}{one}"),
                    options: Vec::new(),
                },
                many => Completion {
                    line: format!("{head}{negated}{}", shared_start(many).max(bare.to_string())),
                    options: many.to_vec(),
                },
            }
        }
        Some((field, values)) => {
            let field_lower = field.to_lowercase();
            let cut = values.rfind([',', '|']).map_or(0, |i| i + 1);
            let (done, typed) = values.split_at(cut);
            let typed_bare = typed.trim_start_matches('"');
            let mut options: Vec<String> = candidates(&field_lower, names)
                .into_iter()
                .filter(|c| starts(c, typed_bare))
                .collect();
            options.dedup();
            let prefix = format!("{head}{negated}{field}:{done}");
            match options.as_slice() {
                [] => unchanged(),
                [one] => Completion {
                    line: format!("{prefix}{}", written(one)),
                    options: Vec::new(),
                },
                many => {
                    let shared = shared_start(many);
                    let longer = if shared.chars().count() > typed_bare.chars().count() {
                        shared
                    } else {
                        typed.to_string()
                    };
                    Completion {
                        line: format!("{prefix}{longer}"),
                        options: many.to_vec(),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            staff: vec!["bruno".into(), "Beatriz".into()],
            teams: vec!["Network".into(), "Service Desk".into()],
            tags: vec!["vpn".into(), "printer".into()],
            ..Names::default()
        }
    }

    fn line(typed: &str) -> String {
        complete(typed, &names()).line
    }

    #[test]
    fn field_names_complete_to_their_colon() {
        assert_eq!(line("sta"), "status:");
        assert_eq!(line("vpn -ta"), "vpn -tag:");
        assert_eq!(
            complete("a", &names()).options,
            vec!["assignee:", "age:", "approval:", "approver:"]
        );
        assert_eq!(line("appr"), "approv");
        assert_eq!(line("a"), "a");
        assert_eq!(line("xyz"), "xyz");
    }

    #[test]
    fn values_complete_from_the_language_and_the_desk() {
        assert_eq!(line("status:wa"), "status:waiting");
        assert_eq!(line("status:open,re"), "status:open,resolved");
        assert_eq!(line("team:net"), "team:Network");
        assert_eq!(line("team:se"), "team:\"Service Desk\"");
        assert_eq!(line("assignee:b"), "assignee:b");
        assert_eq!(complete("assignee:b", &names()).options, vec!["bruno", "Beatriz"]);
        assert_eq!(line("assignee:br"), "assignee:bruno");
        assert_eq!(line("-tag:pr"), "-tag:printer");
        assert_eq!(line("escalated:"), "escalated:");
        assert_eq!(complete("escalated:", &names()).options, vec!["yes", "no"]);
    }
}
