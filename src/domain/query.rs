//! The query language: one line that says which requests, typed in the
//! app's search box, given to `list --query` and kept in saved views.
//!
//! `status:open,waiting priority:P1,P2 dept:财务 team:Network assignee:me
//! tag:vpn -tag:printer due:<4h age:>2d "exact phrase" words -excluded`
//!
//! A `field:value` term narrows by a field (several values, comma- or
//! `|`-separated, are alternatives; a leading `-` leaves those out); every
//! other term is text, searched for as the search box always did. A query
//! is data, never SQL: the store turns each term into conditions with
//! parameters.

use std::fmt;

use super::custom_field::CustomField;
use super::{Channel, Priority, Status};

/// The longest query, in characters: a search box's line or a saved
/// view's, not a document (a 60,000-word query took seconds and hundreds
/// of megabytes to answer).
pub const MOST_CHARACTERS: usize = 1_000;

/// The most terms a query holds, counting each value of a field and each
/// word: past a few hundred, the database refuses the expression, and a
/// shared view that fails breaks its key for the whole team.
pub const MOST_TERMS: usize = 100;

/// Refuses text past the query's limits, before anything reads it.
pub fn check_size(line: &str) -> Result<(), QueryError> {
    let chars = line.chars().count();
    if chars > MOST_CHARACTERS {
        return Err(QueryError(format!(
            "a query is at most {MOST_CHARACTERS} characters (this one has {chars})"
        )));
    }
    Ok(())
}

/// Refuses search text (`list --search`) past the query's limits.
pub fn check_search(text: &str) -> Result<(), QueryError> {
    check_size(text)?;
    if text.split_whitespace().count() > MOST_TERMS {
        return Err(QueryError(format!("a search has at most {MOST_TERMS} words")));
    }
    Ok(())
}

/// Seconds in the units a query's spans are written in.
const UNITS: &[(char, i64)] = &[('m', 60), ('h', 3600), ('d', 86_400), ('w', 604_800)];

/// The fields a query knows, for errors and completion.
pub const FIELDS: &[&str] = &[
    "status",
    "priority",
    "dept",
    "team",
    "assignee",
    "requester",
    "tag",
    "category",
    "escalated",
    "key",
    "due",
    "age",
    "updated",
    "rated",
    "channel",
    "approval",
    "approver",
];

/// The values a field takes, for errors and completion (free text fields
/// take any name: the desk's own names are completed from it).
pub fn valid_values(field: &str) -> String {
    match field {
        "status" => Status::labels(),
        "priority" => "P1, P2, P3, P4".into(),
        "channel" => Channel::labels(),
        "assignee" => "me, none, or a name".into(),
        "escalated" | "key" | "rated" => "yes, no".into(),
        "approval" => super::approval::ApprovalState::labels(),
        "approver" => "me, or a name".into(),
        "due" => "breached, at-risk, or <SPAN such as <4h".into(),
        "age" | "updated" => "<SPAN or >SPAN, a span such as 30m, 4h, 2d, 1w".into(),
        _ => "any name".into(),
    }
}

/// Values a field may take, and values it must not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms<T> {
    pub any: Vec<T>,
    pub none: Vec<T>,
}

impl<T> Default for Terms<T> {
    fn default() -> Self {
        Terms {
            any: Vec::new(),
            none: Vec::new(),
        }
    }
}

impl<T> Terms<T> {
    pub fn is_empty(&self) -> bool {
        self.any.is_empty() && self.none.is_empty()
    }
}

/// Whose requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// The person running the query (resolved to their name before use).
    Me,
    /// Nobody's yet.
    Nobody,
    Named(String),
}

/// Where requests stand against their due time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Breached,
    AtRisk,
    /// `due:breached,at-risk`: either (the "breached / at risk" view).
    BreachedOrAtRisk,
    /// Due within this many seconds, not yet breached.
    Within(i64),
}

/// More (`Older`) or less (`Newer`) than a span of seconds ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Older(i64),
    Newer(i64),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub statuses: Terms<Status>,
    pub priorities: Terms<Priority>,
    pub departments: Terms<String>,
    pub teams: Terms<String>,
    pub assignees: Terms<Who>,
    pub requesters: Terms<String>,
    /// Tags wanted: every group, and one of the tags in each
    /// (`tag:vpn tag:remote,office`); and tags left out.
    pub tags: Vec<Vec<String>>,
    pub without_tags: Vec<String>,
    pub categories: Terms<String>,
    pub channels: Terms<Channel>,
    pub escalated: Option<bool>,
    pub key_customer: Option<bool>,
    pub due: Option<Due>,
    pub age: Option<Span>,
    pub updated: Option<Span>,
    pub rated: Option<bool>,
    /// Requests with an approval in this state (`approval:pending`).
    pub approval: Option<super::approval::ApprovalState>,
    /// Requests whose approval was asked of this person (`approver:me`).
    pub approver: Option<Who>,
    /// Custom fields' terms, by field name (`site:Beijing`), each value
    /// in its field's normal form.
    pub custom: Vec<(String, Terms<String>)>,
    /// The text terms, as typed: words, `"phrases"`, `-excluded`, `OR`.
    pub words: String,
}

/// Why a query could not be read: the field, and what it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

/// `field` and `value` as they were typed: the error echoes the query
/// as the person wrote it.
fn bad_value(field: &str, value: &str) -> QueryError {
    not_taken(field, value, &valid_values(&field.to_ascii_lowercase()))
}

/// `field:value` refused, with what `field` takes instead.
fn not_taken(field: &str, value: &str, valid: &str) -> QueryError {
    let known = field.to_ascii_lowercase();
    QueryError(format!(
        "{field}:{value} is not a value {known} takes (valid: {valid})"
    ))
}

/// One term of a query line: text up to the next space outside quotes.
fn split_terms(line: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                current.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    terms.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        terms.push(current);
    }
    terms
}

/// A term's field and value when it is `field:value` (or `-field:value`)
/// with a field-like name: letters only, so `10:30` and `打印:x` stay text.
fn as_field(term: &str) -> Option<(bool, &str, &str)> {
    let (negated, rest) = match term.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, term),
    };
    let (name, value) = rest.split_once(':')?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
        .then_some((negated, name, value))
}

/// A field's values: comma- or `|`-separated, quotes around one kept
/// together, empty ones dropped.
fn values(value: &str) -> Vec<String> {
    let unquoted = value.trim_matches('"');
    if value.starts_with('"') && value.ends_with('"') && value.len() > 1 {
        return vec![unquoted.to_string()];
    }
    value
        .split([',', '|'])
        .map(|v| v.trim_matches('"').trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

/// `30m`, `4h`, `2d`, `1w` in seconds.
pub fn span_seconds(text: &str) -> Option<i64> {
    let unit = text.chars().last()?;
    let per = UNITS.iter().find(|(u, _)| *u == unit.to_ascii_lowercase())?.1;
    let n: i64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    (n >= 0).then(|| n.checked_mul(per)).flatten()
}

fn yes_no(field: &str, value: &str) -> Result<bool, QueryError> {
    match value.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(bad_value(field, value)),
    }
}

fn span(field: &str, value: &str) -> Result<Span, QueryError> {
    let (older, rest) = match value.chars().next() {
        Some('>') => (true, &value[1..]),
        Some('<') => (false, &value[1..]),
        _ => return Err(bad_value(field, value)),
    };
    let seconds = span_seconds(rest).ok_or_else(|| bad_value(field, value))?;
    Ok(if older {
        Span::Older(seconds)
    } else {
        Span::Newer(seconds)
    })
}

/// Adds `items` to the terms, as wanted or (negated) left out.
fn add<T>(terms: &mut Terms<T>, negated: bool, items: Vec<T>) {
    if negated {
        terms.none.extend(items);
    } else {
        terms.any.extend(items);
    }
}

fn parsed<T: std::str::FromStr>(field: &str, items: &[String]) -> Result<Vec<T>, QueryError> {
    items
        .iter()
        .map(|v| v.parse::<T>().map_err(|_| bad_value(field, v)))
        .collect()
}

/// A single value for a field that takes one.
fn one<'v>(field: &str, negated: bool, items: &'v [String]) -> Result<&'v str, QueryError> {
    if negated {
        return Err(QueryError(format!(
            "-{field}: cannot be left out; say {field}:no or a span instead"
        )));
    }
    match items {
        [one] => Ok(one),
        _ => Err(QueryError(format!(
            "{field} takes one value (valid: {})",
            valid_values(field)
        ))),
    }
}

impl Query {
    /// Reads a query line. Unknown fields and values a field does not take
    /// are errors naming the field and what it takes.
    pub fn parse(line: &str) -> Result<Query, QueryError> {
        Query::parse_with(line, &[])
    }

    /// Reads a query line on a desk that defines `custom` fields: each is
    /// a field of the query too (`site:Beijing`), its values checked.
    pub fn parse_with(line: &str, custom: &[CustomField]) -> Result<Query, QueryError> {
        check_size(line)?;
        let mut q = Query::default();
        let mut words: Vec<String> = Vec::new();
        let mut terms = 0;
        for term in split_terms(line) {
            terms += as_field(&term).map_or(1, |(_, _, value)| values(value).len().max(1));
            if terms > MOST_TERMS {
                return Err(QueryError(format!(
                    "a query has at most {MOST_TERMS} terms, counting each value of a field"
                )));
            }
            let Some((negated, name, value)) = as_field(&term) else {
                words.push(term);
                continue;
            };
            let field = name.to_ascii_lowercase();
            let own = custom.iter().find(|f| f.name == field);
            if !FIELDS.contains(&field.as_str()) && own.is_none() {
                let theirs: Vec<&str> = custom.iter().map(|f| f.name.as_str()).collect();
                return Err(QueryError(format!(
                    "unknown field '{name}' (fields: {}{}); put text with a colon in quotes",
                    FIELDS.join(", "),
                    if theirs.is_empty() {
                        String::new()
                    } else {
                        format!("; the desk's own: {}", theirs.join(", "))
                    }
                )));
            }
            let items = values(value);
            if items.is_empty() {
                return Err(QueryError(format!(
                    "{field}: needs a value (valid: {})",
                    valid_values(&field)
                )));
            }
            if let Some(f) = own {
                let items = items
                    .iter()
                    .map(|v| f.value(v).map_err(|_| not_taken(name, v, &f.described())))
                    .collect::<Result<Vec<_>, _>>()?;
                if let Some((_, terms)) = q.custom.iter_mut().find(|(n, _)| *n == f.name) {
                    add(terms, negated, items);
                } else {
                    let mut terms = Terms::default();
                    add(&mut terms, negated, items);
                    q.custom.push((f.name.clone(), terms));
                }
                continue;
            }
            match field.as_str() {
                "status" => add(&mut q.statuses, negated, parsed(name, &items)?),
                "priority" => add(
                    &mut q.priorities,
                    negated,
                    items
                        .iter()
                        .map(|p| p.to_ascii_uppercase().parse().map_err(|_| bad_value(name, p)))
                        .collect::<Result<_, _>>()?,
                ),
                "channel" => add(&mut q.channels, negated, parsed(name, &items)?),
                "dept" => add(&mut q.departments, negated, items),
                "team" => add(&mut q.teams, negated, items),
                "requester" => add(&mut q.requesters, negated, items),
                "category" => add(&mut q.categories, negated, items),
                "tag" => {
                    let tags: Vec<String> = items
                        .iter()
                        .map(|t| t.trim_start_matches('#').to_lowercase())
                        .collect();
                    if negated {
                        q.without_tags.extend(tags);
                    } else {
                        q.tags.push(tags);
                    }
                }
                "assignee" => add(
                    &mut q.assignees,
                    negated,
                    items
                        .into_iter()
                        .map(|a| match a.to_lowercase().as_str() {
                            "me" => Who::Me,
                            "none" | "nobody" => Who::Nobody,
                            _ => Who::Named(a),
                        })
                        .collect(),
                ),
                "escalated" => q.escalated = Some(yes_no(name, one(&field, negated, &items)?)?),
                "key" => q.key_customer = Some(yes_no(name, one(&field, negated, &items)?)?),
                "rated" => q.rated = Some(yes_no(name, one(&field, negated, &items)?)?),
                "approval" => {
                    let v = one(&field, negated, &items)?;
                    q.approval = Some(v.to_ascii_lowercase().parse().map_err(|_| bad_value(name, v))?);
                }
                "approver" => {
                    let v = one(&field, negated, &items)?;
                    q.approver = Some(if v.eq_ignore_ascii_case("me") {
                        Who::Me
                    } else {
                        Who::Named(v.to_string())
                    });
                }
                "due"
                    if !negated && {
                        let mut both: Vec<String> = items.iter().map(|i| i.to_ascii_lowercase()).collect();
                        both.sort();
                        both == ["at-risk", "breached"]
                    } =>
                {
                    q.due = Some(Due::BreachedOrAtRisk);
                }
                "due" => {
                    let v = one(&field, negated, &items)?;
                    q.due = Some(match v.to_ascii_lowercase().as_str() {
                        "breached" => Due::Breached,
                        "at-risk" | "atrisk" => Due::AtRisk,
                        _ => match span(name, v)? {
                            Span::Newer(s) => Due::Within(s),
                            Span::Older(_) => return Err(bad_value(name, v)),
                        },
                    });
                }
                "age" => q.age = Some(span(name, one(&field, negated, &items)?)?),
                "updated" => q.updated = Some(span(name, one(&field, negated, &items)?)?),
                _ => unreachable!("every field in FIELDS is read above"),
            }
        }
        q.words = words.join(" ");
        Ok(q)
    }

    /// Whether the query says nothing at all.
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    /// Whether it narrows by a field (not only by text).
    pub fn has_fields(&self) -> bool {
        Query {
            words: String::new(),
            ..self.clone()
        } != Query::default()
    }

    /// `assignee:me` as the person `me`.
    pub fn for_person(mut self, me: &str) -> Query {
        for who in self
            .assignees
            .any
            .iter_mut()
            .chain(self.assignees.none.iter_mut())
        {
            if *who == Who::Me {
                *who = Who::Named(me.to_string());
            }
        }
        if self.approver == Some(Who::Me) {
            self.approver = Some(Who::Named(me.to_string()));
        }
        self
    }

    /// Each field term on its own, in a normal form (`status:open,waiting`),
    /// for the app's chips; the text last.
    pub fn chips(&self) -> Vec<String> {
        let mut out = Vec::new();
        fn list<T: fmt::Display>(out: &mut Vec<String>, field: &str, terms: &Terms<T>) {
            let join = |v: &[T]| {
                v.iter()
                    .map(|x| quoted(&x.to_string()))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            if !terms.any.is_empty() {
                out.push(format!("{field}:{}", join(&terms.any)));
            }
            if !terms.none.is_empty() {
                out.push(format!("-{field}:{}", join(&terms.none)));
            }
        }
        list(&mut out, "status", &self.statuses);
        list(&mut out, "priority", &self.priorities);
        list(&mut out, "dept", &self.departments);
        list(&mut out, "team", &self.teams);
        list(&mut out, "assignee", &self.assignees);
        list(&mut out, "requester", &self.requesters);
        for group in &self.tags {
            out.push(format!(
                "tag:{}",
                group.iter().map(|t| quoted(t)).collect::<Vec<_>>().join(",")
            ));
        }
        if !self.without_tags.is_empty() {
            out.push(format!(
                "-tag:{}",
                self.without_tags
                    .iter()
                    .map(|t| quoted(t))
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
        list(&mut out, "category", &self.categories);
        list(&mut out, "channel", &self.channels);
        let yes = |b: bool| if b { "yes" } else { "no" };
        if let Some(e) = self.escalated {
            out.push(format!("escalated:{}", yes(e)));
        }
        if let Some(k) = self.key_customer {
            out.push(format!("key:{}", yes(k)));
        }
        if let Some(d) = self.due {
            out.push(match d {
                Due::Breached => "due:breached".into(),
                Due::AtRisk => "due:at-risk".into(),
                Due::BreachedOrAtRisk => "due:breached,at-risk".into(),
                Due::Within(s) => format!("due:<{}", span_text(s)),
            });
        }
        for (field, s) in [("age", self.age), ("updated", self.updated)] {
            match s {
                Some(Span::Older(s)) => out.push(format!("{field}:>{}", span_text(s))),
                Some(Span::Newer(s)) => out.push(format!("{field}:<{}", span_text(s))),
                None => {}
            }
        }
        if let Some(r) = self.rated {
            out.push(format!("rated:{}", yes(r)));
        }
        if let Some(a) = self.approval {
            out.push(format!("approval:{a}"));
        }
        if let Some(who) = &self.approver {
            out.push(format!("approver:{}", quoted(&who.to_string())));
        }
        for (name, terms) in &self.custom {
            list(&mut out, name, terms);
        }
        if !self.words.is_empty() {
            out.push(self.words.clone());
        }
        out
    }
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Who::Me => f.write_str("me"),
            Who::Nobody => f.write_str("none"),
            Who::Named(n) => f.write_str(n),
        }
    }
}

/// A value as a query writes it: in quotes when it holds a space, comma
/// or bar.
/// A value as a query writes it: quoted when it holds a space, a comma or
/// a bar.
pub fn quoted(v: &str) -> String {
    if v.contains([' ', ',', '|']) {
        format!("\"{v}\"")
    } else {
        v.to_string()
    }
}

/// Seconds in the largest unit that divides them.
fn span_text(seconds: i64) -> String {
    UNITS
        .iter()
        .rev()
        .find(|(_, per)| seconds % per == 0 && seconds > 0)
        .map_or_else(
            || format!("{}m", seconds / 60),
            |(u, per)| format!("{}{u}", seconds / per),
        )
}

impl fmt::Display for Query {
    /// The query in its normal form: parsing it gives the same query.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.chips().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_past_its_limits_is_refused_naming_the_limit() {
        let many: Vec<String> = (0..101).map(|i| format!("tag:t{i}")).collect();
        let err = Query::parse(&many.join(" ")).unwrap_err().to_string();
        assert!(err.contains("at most 100 terms"), "{err}");
        let values: Vec<String> = (0..101).map(|i| format!("t{i}")).collect();
        let err = Query::parse(&format!("tag:{}", values.join(",")))
            .unwrap_err()
            .to_string();
        assert!(err.contains("at most 100 terms"), "{err}");
        assert!(Query::parse(&many[..100].join(" ")).is_ok());
        let long = "printer ".repeat(60_000);
        let err = Query::parse(&long).unwrap_err().to_string();
        assert_eq!(err, "a query is at most 1000 characters (this one has 480000)");
        assert!(check_search(&long).is_err());
        assert!(check_search(&"a ".repeat(101)).is_err());
        assert!(check_search("printer vpn").is_ok());
    }
    use proptest::prelude::*;

    #[test]
    fn fields_values_and_text_are_read_apart() {
        let q = Query::parse(
            "status:open,waiting priority:p1|P2 dept:财务 team:Network assignee:me tag:VPN -tag:printer \
             escalated:yes key:no due:<4h age:>2d updated:<1h rated:no channel:phone \"paper jam\" tray -toner",
        )
        .unwrap();
        assert_eq!(q.statuses.any, vec![Status::Open, Status::Waiting]);
        assert_eq!(q.priorities.any, vec![Priority::P1, Priority::P2]);
        assert_eq!(q.departments.any, vec!["财务".to_string()]);
        assert_eq!(q.assignees.any, vec![Who::Me]);
        assert_eq!(
            (q.tags.clone(), q.without_tags.clone()),
            (vec![vec!["vpn".into()]], vec!["printer".into()])
        );
        assert_eq!(
            (q.escalated, q.key_customer, q.rated),
            (Some(true), Some(false), Some(false))
        );
        assert_eq!(q.due, Some(Due::Within(4 * 3600)));
        assert_eq!(q.age, Some(Span::Older(2 * 86_400)));
        assert_eq!(q.updated, Some(Span::Newer(3600)));
        assert_eq!(q.channels.any, vec![Channel::Phone]);
        assert_eq!(q.words, "\"paper jam\" tray -toner");
        assert_eq!(q.for_person("ana").assignees.any, vec![Who::Named("ana".into())]);
    }

    #[test]
    fn errors_name_the_field_and_what_it_takes() {
        let err = |line: &str| Query::parse(line).unwrap_err().to_string();
        assert!(err("colour:red").contains("unknown field 'colour' (fields: status, priority"));
        assert!(err("status:opne").contains("status:opne is not a value status takes (valid: new, open"));
        assert!(err("priority:P9").contains("valid: P1, P2, P3, P4"));
        assert!(err("due:soon").contains("valid: breached, at-risk, or <SPAN"));
        assert!(err("age:2d").contains("valid: <SPAN or >SPAN"));
        assert!(err("escalated:maybe").contains("valid: yes, no"));
        assert!(err("team:").contains("team: needs a value"));
        assert!(err("-key:yes").contains("cannot be left out"));
    }

    #[test]
    fn text_with_a_colon_that_is_not_a_field_stays_text() {
        assert_eq!(
            Query::parse("meeting at 10:30").unwrap().words,
            "meeting at 10:30"
        );
        assert_eq!(
            Query::parse("\"http://intranet\"").unwrap().words,
            "\"http://intranet\""
        );
        assert_eq!(Query::parse("打印:卡纸").unwrap().words, "打印:卡纸");
        assert_eq!(
            Query::parse("dept:\"Human Resources\"").unwrap().departments.any,
            vec!["Human Resources".to_string()]
        );
    }

    fn any_query() -> impl Strategy<Value = Query> {
        let name = "[a-zA-Z财务]{1,6}( [a-z]{1,4})?";
        (
            proptest::collection::vec(proptest::sample::select(Status::ALL.to_vec()), 0..3),
            proptest::collection::vec(name, 0..2),
            proptest::collection::vec("[a-z]{1,6}", 0..2),
            proptest::option::of(any::<bool>()),
            proptest::option::of((1i64..500).prop_map(|n| Due::Within(n * 3600))),
            proptest::option::of((1i64..50).prop_map(|n| Span::Older(n * 86_400))),
            "([a-z]{1,5}( [a-z]{1,5}){0,2})?",
        )
            .prop_map(|(statuses, teams, tags, escalated, due, age, words)| Query {
                statuses: Terms {
                    any: statuses,
                    none: vec![],
                },
                teams: Terms {
                    any: teams,
                    none: vec![],
                },
                without_tags: tags,
                escalated,
                due,
                age,
                words,
                ..Query::default()
            })
    }

    proptest! {
        #[test]
        fn a_query_written_out_reads_back_the_same(q in any_query()) {
            prop_assert_eq!(Query::parse(&q.to_string()).unwrap(), q);
        }

        #[test]
        fn any_line_parses_or_fails_with_one_line_never_a_panic(line in ".{0,80}") {
            match Query::parse(&line) {
                Ok(q) => prop_assert!(q.to_string().len() <= line.len() * 4 + 16),
                Err(e) => prop_assert!(!e.to_string().contains('\n')),
            }
        }
    }
}
