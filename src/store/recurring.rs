//! Recurring rules, and making their requests as they fall due: inside
//! the sweep's write, so whichever copy sweeps first makes each
//! occurrence, and the unique key per rule and time makes it once.

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, lead_rights, load_policy, Changeset, SYSTEM_ACTOR};
use super::requests::insert_request;
use super::sql::{Conn, OptionalExtension};
use super::Store;
use crate::domain::ids::RequestId;
use crate::domain::recurring::{due, next_after, rule_name, schedule, RecurringRule};
use crate::domain::time::local_short;
use crate::domain::{EventKind, NewRequest};

fn rules_in(tx: &Conn) -> StoreResult<Vec<RecurringRule>> {
    tx.prepare_cached(
        "SELECT name, template, cron, created_at, last_made, next_due FROM recurring ORDER BY name",
    )?
    .query_map([], |r| {
        Ok(RecurringRule {
            name: r.get(0)?,
            template: r.get(1)?,
            cron: r.get(2)?,
            created_at: r.get(3)?,
            last_made: r.get(4)?,
            next_due: r.get(5)?,
        })
    })?
    .collect()
}

impl Store {
    /// Keeps the rule `name` (a lead's): `template`'s request on `cron`.
    pub(crate) fn save_rule(
        &mut self,
        actor: &str,
        name: &str,
        template: &str,
        cron: &str,
        now: i64,
    ) -> StoreResult<RecurringRule> {
        let actor = acting_name(actor)?;
        let name = rule_name(name)?;
        let parsed = schedule(cron)?;
        self.template(template)?;
        self.write(|tx| {
            lead_rights(tx, &actor, "set recurring requests")?;
            let calendar = load_policy(tx)?.calendar;
            let next = next_after(&parsed, &calendar, now)
                .ok_or_else(|| StoreError::Invalid(format!("'{cron}' never falls due")))?;
            tx.execute(
                "INSERT INTO recurring (name, template, cron, created_by, created_at, next_due)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (name) DO UPDATE SET template = excluded.template, cron = excluded.cron,
                 next_due = excluded.next_due",
                params![name, template, cron.trim(), actor, now, next],
            )?;
            rules_in(tx)?
                .into_iter()
                .find(|r| r.name == name)
                .ok_or_else(|| StoreError::Invalid(format!("the rule {name} was not kept")))
        })
    }

    /// Removes the rule `name` (a lead's); what it made stays.
    pub(crate) fn remove_rule(&mut self, actor: &str, name: &str) -> StoreResult<RecurringRule> {
        let actor = acting_name(actor)?;
        self.write(|tx| {
            lead_rights(tx, &actor, "set recurring requests")?;
            let rule = rules_in(tx)?
                .into_iter()
                .find(|r| r.name == name)
                .ok_or_else(|| StoreError::Invalid(format!("no recurring rule is called '{name}'")))?;
            tx.execute("DELETE FROM recurring WHERE name = ?1", [name])?;
            Ok(rule)
        })
    }

    /// Every rule, with when it falls due next.
    pub fn recurring_rules(&self) -> StoreResult<Vec<RecurringRule>> {
        rules_in(&self.db())
    }
}

/// Makes every occurrence due at `now` of every rule, inside the sweep's
/// write: the requests made.
pub(super) fn make_due(tx: &Conn, now: i64) -> StoreResult<Vec<RequestId>> {
    let calendar = load_policy(tx)?.calendar;
    let mut made = Vec::new();
    for rule in rules_in(tx)?.into_iter().filter(|r| r.next_due <= now) {
        let template = super::templates::template_in(tx, &rule.template)?;
        let cron = schedule(&rule.cron)?;
        let creator: String = tx.query_row(
            "SELECT created_by FROM recurring WHERE name = ?1",
            [&rule.name],
            |r| r.get(0),
        )?;
        let mut last = rule.last_made;
        for at in due(&rule, &cron, &calendar, now) {
            let Some(template) = &template else { break };
            let taken: Option<i64> = tx
                .prepare_cached("SELECT request_id FROM recurring_made WHERE rule = ?1 AND due_at = ?2")?
                .query_row(params![rule.name, at], |r| r.get(0))
                .optional()?;
            if taken.is_none() {
                let new = template
                    .fill(
                        NewRequest {
                            requester: creator.clone(),
                            ..NewRequest::default()
                        },
                        false,
                        false,
                    )
                    .validated()?;
                let id = insert_request(tx, SYSTEM_ACTOR, &new, at)?;
                tx.prepare_cached(
                    "INSERT INTO recurring_made (rule, due_at, request_id) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![rule.name, at, id])?;
                let mut cs = Changeset::begin_system(tx, id, at)?;
                cs.event(
                    EventKind::Note,
                    None,
                    None,
                    Some(format!(
                        "made by the recurring rule {} for {}",
                        rule.name,
                        local_short(at)
                    )),
                );
                cs.commit_without_turn()?;
                made.push(id);
            }
            last = Some(at);
        }
        let next = next_after(&cron, &calendar, now).unwrap_or(i64::MAX);
        tx.prepare_cached("UPDATE recurring SET last_made = ?2, next_due = ?3 WHERE name = ?1")?
            .execute(params![rule.name, last, next])?;
    }
    Ok(made)
}
