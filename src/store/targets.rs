//! Service targets, kept in the desk: a lead sets and removes them, and
//! everyone reads them (the report works out where each stands).

use rusqlite::params;

use super::error::{StoreError, StoreResult};
use super::kernel::{acting_name, lead_rights};
use super::kpi::KpiGroup;
use super::sql::{OptionalExtension, Row};
use super::Store;
use crate::domain::kpi::{by_group, report, Window};
use crate::domain::target::{Goal, Scope, Standing, Target, TargetKpi};

const COLUMNS: &str = "name, kpi, goal, value, from_at, by_at, team, department, created_by";

fn target_row(r: &Row<'_>) -> StoreResult<Target> {
    let value: f64 = r.get("value")?;
    let goal: String = r.get("goal")?;
    let goal = match goal.as_str() {
        "at_least" => Goal::AtLeast(value),
        "at_most" => Goal::AtMost(value),
        "improve" => Goal::Improve(value),
        other => {
            return Err(StoreError::Invalid(format!(
                "the desk holds a goal Frontdesk does not know: {other}"
            )))
        }
    };
    let team: Option<String> = r.get("team")?;
    let department: Option<String> = r.get("department")?;
    Ok(Target {
        name: r.get("name")?,
        kpi: super::rows::label(r, "kpi")?,
        goal,
        from: r.get("from_at")?,
        by: r.get("by_at")?,
        scope: match (team, department) {
            (Some(t), _) => Scope::Team(t),
            (None, Some(d)) => Scope::Department(d),
            (None, None) => Scope::Desk,
        },
        created_by: r.get("created_by")?,
    })
}

impl Store {
    /// Keeps `target` (a lead's), replacing one of the same name.
    pub(crate) fn save_target(&mut self, actor: &str, target: Target, now: i64) -> StoreResult<Target> {
        let actor = acting_name(actor)?;
        let target = Target {
            created_by: actor.clone(),
            ..target.checked()?
        };
        let (goal, value) = match target.goal {
            Goal::AtLeast(v) => ("at_least", v),
            Goal::AtMost(v) => ("at_most", v),
            Goal::Improve(v) => ("improve", v),
        };
        let (team, department) = match &target.scope {
            Scope::Desk => (None, None),
            Scope::Team(t) => (Some(t.as_str()), None),
            Scope::Department(d) => (None, Some(d.as_str())),
        };
        self.write(|tx| {
            lead_rights(tx, &actor, "set the team's service targets")?;
            tx.execute(
                "INSERT INTO targets (name, kpi, goal, value, from_at, by_at, team, department, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (name) DO UPDATE SET kpi = excluded.kpi, goal = excluded.goal, value = excluded.value,
                 from_at = excluded.from_at, by_at = excluded.by_at, team = excluded.team,
                 department = excluded.department, created_by = excluded.created_by, created_at = excluded.created_at",
                params![
                    target.name,
                    target.kpi.as_str(),
                    goal,
                    value,
                    target.from,
                    target.by,
                    team,
                    department,
                    actor,
                    now
                ],
            )?;
            Ok(())
        })?;
        Ok(target)
    }

    /// Removes the target `name` (a lead's to remove).
    pub(crate) fn remove_target(&mut self, actor: &str, name: &str) -> StoreResult<Target> {
        let target = self.target(name)?;
        let actor = acting_name(actor)?;
        self.write(|tx| {
            lead_rights(tx, &actor, "remove a service target")?;
            tx.execute("DELETE FROM targets WHERE name = ?1", [&target.name])?;
            Ok(())
        })?;
        Ok(target)
    }

    /// Every target, by deadline.
    pub fn targets(&self) -> StoreResult<Vec<Target>> {
        self.db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM targets ORDER BY by_at, name"))?
            .query_map([], target_row)?
            .collect()
    }

    pub fn target(&self, name: &str) -> StoreResult<Target> {
        self.db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM targets WHERE name = ?1"))?
            .query_row([name], target_row)
            .optional()?
            .ok_or_else(|| {
                StoreError::Invalid(format!("no target is called '{name}' (frontdesk targets list)"))
            })
    }

    /// Where each target that `wanted` keeps stands at `now`, by deadline.
    /// Each reads the report's rows for two spans, so a target left out
    /// costs nothing.
    pub fn target_standings(
        &self,
        now: i64,
        wanted: impl Fn(&Target) -> bool,
    ) -> StoreResult<Vec<(Target, Standing)>> {
        self.targets()?
            .into_iter()
            .filter(|t| wanted(t))
            .map(|t| self.target_standing(&t, now).map(|s| (t, s)))
            .collect()
    }

    /// Where `target` stands at `now`: its figure over the same span just
    /// before it began, and over its own span so far.
    pub fn target_standing(&self, target: &Target, now: i64) -> StoreResult<Standing> {
        let (before, start) = target.before();
        let start_value = self.target_figure(target, before, start, now)?;
        let current = self.target_figure(target, target.from, now.min(target.by) + 1, now)?;
        Ok(target.standing(start_value, current, now))
    }

    /// The target's figure over `[since, until)` for its scope; None when
    /// the span is empty or nothing in it measures the figure.
    fn target_figure(&self, target: &Target, since: i64, until: i64, now: i64) -> StoreResult<Option<f64>> {
        if since >= until {
            return Ok(None);
        }
        let window = Window { since, until };
        if target.kpi == TargetKpi::SurveyResponseRate {
            // Surveys are counted apart from the report's rows.
            return Ok(self.survey_counts(since, until, &target.scope)?.response_rate);
        }
        let kpis = match &target.scope {
            Scope::Desk => Some(report(&self.kpi_rows(window, None)?, window, now, None).overall),
            Scope::Team(name) | Scope::Department(name) => {
                let group = if matches!(target.scope, Scope::Team(_)) {
                    KpiGroup::Team
                } else {
                    KpiGroup::Department
                };
                by_group(&self.kpi_rows(window, Some(group))?, window, now)
                    .into_iter()
                    .find(|g| g.name.eq_ignore_ascii_case(name))
                    .map(|g| g.kpis)
            }
        };
        Ok(kpis.and_then(|k| target.kpi.of(&k, None)))
    }
}
