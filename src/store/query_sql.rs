//! A query's field terms as conditions on the queue: each value a
//! parameter, never SQL text (the query language has no way to reach the
//! SQL), and the same conditions on a file and on a server.

use rusqlite::types::Value;

use super::conditions::{marks, Conditions};
use crate::domain::query::{Due, Query, Span, Terms, Who};

/// A request past its due time (a waiting one that was past it when it
/// began to wait); `?` is now.
pub(super) const BREACHED: &str =
    "((r.status IN ('new', 'open') AND r.due_at <= ?) OR (r.status = 'waiting' AND r.due_at <= r.waiting_since))";

/// A request past 75% of its target and not yet breached; both `?` are now.
pub(super) const AT_RISK: &str = "(r.status IN ('new', 'open') AND r.risk_at <= ? AND r.due_at > ?)";

/// `column` is one of `terms.any` and none of `terms.none`, compared as
/// `compare` says (`= ? COLLATE NOCASE` for names).
fn one_of<T>(c: &mut Conditions, column: &str, terms: &Terms<T>, compare: &str, value: impl Fn(&T) -> Value) {
    let alternatives = |n: usize| vec![format!("{column} {compare}"); n].join(" OR ");
    if !terms.any.is_empty() {
        c.and(
            &format!("({})", alternatives(terms.any.len())),
            terms.any.iter().map(&value),
        );
    }
    if !terms.none.is_empty() {
        c.and(
            &format!("({column} IS NULL OR NOT ({}))", alternatives(terms.none.len())),
            terms.none.iter().map(&value),
        );
    }
}

#[allow(clippy::ptr_arg)] // called on the `String`s of a query's terms
fn text(s: &String) -> Value {
    Value::Text(s.clone())
}

fn label<T: std::fmt::Display>(v: &T) -> Value {
    Value::Text(v.to_string())
}

/// Adds the query's field terms to `c`, as of `now`. (Its words are the
/// search, which the queue reads its own way.)
pub(super) fn add_query(c: &mut Conditions, q: &Query, now: i64) {
    one_of(c, "r.status", &q.statuses, "= ?", label);
    one_of(c, "r.priority", &q.priorities, "= ?", label);
    one_of(c, "r.channel", &q.channels, "= ?", label);
    one_of(c, "r.department", &q.departments, "= ? COLLATE NOCASE", text);
    one_of(c, "r.team", &q.teams, "= ? COLLATE NOCASE", text);
    one_of(c, "r.category", &q.categories, "= ? COLLATE NOCASE", text);
    one_of(
        c,
        "r.requester_id",
        &q.requesters,
        "= (SELECT p.id FROM people p WHERE p.name = ?)",
        text,
    );
    let named: Terms<String> = Terms {
        any: names(&q.assignees.any),
        none: names(&q.assignees.none),
    };
    one_of(
        c,
        "r.assignee_id",
        &named,
        "= (SELECT p.id FROM people p WHERE p.name = ?)",
        text,
    );
    if q.assignees.any.contains(&Who::Nobody) {
        // "assignee:none,bo" is nobody's or bo's.
        if named.any.is_empty() {
            c.and("r.assignee_id IS NULL", []);
        }
    }
    if q.assignees.none.contains(&Who::Nobody) {
        c.and("r.assignee_id IS NOT NULL", []);
    }
    for group in &q.tags {
        c.and(
            &format!(
                "EXISTS (SELECT 1 FROM request_tags t WHERE t.request_id = r.id AND t.tag IN ({}))",
                marks(group.len())
            ),
            group.iter().map(text),
        );
    }
    if !q.without_tags.is_empty() {
        c.and(
            &format!(
                "NOT EXISTS (SELECT 1 FROM request_tags t WHERE t.request_id = r.id AND t.tag IN ({}))",
                marks(q.without_tags.len())
            ),
            q.without_tags.iter().map(text),
        );
    }
    match q.escalated {
        Some(true) => c.and("r.escalation_level > 0", []),
        Some(false) => c.and("r.escalation_level = 0", []),
        None => {}
    }
    if let Some(key) = q.key_customer {
        c.and("r.key_customer = ?", [Value::Integer(i64::from(key))]);
    }
    match q.rated {
        Some(true) => c.and("EXISTS (SELECT 1 FROM ratings g WHERE g.request_id = r.id)", []),
        Some(false) => c.and(
            "NOT EXISTS (SELECT 1 FROM ratings g WHERE g.request_id = r.id)",
            [],
        ),
        None => {}
    }
    match (q.approval, &q.approver) {
        (None, None) => {}
        (state, who) => {
            let mut sql = String::from("EXISTS (SELECT 1 FROM approvals ap WHERE ap.request_id = r.id");
            let mut values = Vec::new();
            if let Some(state) = state {
                sql.push_str(" AND ap.state = ?");
                values.push(text(&state.to_string()));
            }
            if let Some(Who::Named(name)) = who {
                sql.push_str(" AND ap.approver_id = (SELECT id FROM people WHERE name = ?)");
                values.push(text(name));
            }
            sql.push(')');
            c.and(&sql, values);
        }
    }
    // A custom field: its value is one of these (and none of those).
    for (name, terms) in &q.custom {
        for (items, exists) in [(&terms.any, "EXISTS"), (&terms.none, "NOT EXISTS")] {
            if items.is_empty() {
                continue;
            }
            c.and(
                &format!(
                    "{exists} (SELECT 1 FROM request_fields f WHERE f.request_id = r.id AND f.name = ? AND lower(f.value) IN ({}))",
                    marks(items.len())
                ),
                // Any case, as the desk's own names are compared.
                std::iter::once(text(name)).chain(items.iter().map(|v| Value::Text(v.to_lowercase()))),
            );
        }
    }
    let at = |seconds: i64| Value::Integer(now.saturating_sub(seconds));
    match q.due {
        Some(Due::Breached) => c.and(BREACHED, [Value::Integer(now)]),
        Some(Due::BreachedOrAtRisk) => c.and(
            &format!("({BREACHED} OR {AT_RISK})"),
            [Value::Integer(now), Value::Integer(now), Value::Integer(now)],
        ),
        Some(Due::AtRisk) => c.and(AT_RISK, [Value::Integer(now), Value::Integer(now)]),
        Some(Due::Within(s)) => c.and(
            "(r.status IN ('new', 'open') AND r.due_at > ? AND r.due_at <= ?)",
            [Value::Integer(now), Value::Integer(now.saturating_add(s))],
        ),
        None => {}
    }
    for (column, span) in [("r.created_at", q.age), ("r.updated_at", q.updated)] {
        match span {
            Some(Span::Older(s)) => c.and(&format!("{column} < ?"), [at(s)]),
            Some(Span::Newer(s)) => c.and(&format!("{column} >= ?"), [at(s)]),
            None => {}
        }
    }
}

fn names(who: &[Who]) -> Vec<String> {
    who.iter()
        .filter_map(|w| match w {
            Who::Named(n) => Some(n.clone()),
            Who::Me | Who::Nobody => None,
        })
        .collect()
}
