//! `targets`: the service targets a team is held to — set by a lead, and
//! listed with where each stands: the figure at the start, the goal, the
//! figure over the target's span so far, progress and a plain verdict.

use serde::Serialize;

use super::args::{TableFormat, TargetsCommand};
use super::output::{print, print_json};
use super::{CliError, CliResult, Context};
use crate::domain::command::{Command, Done};
use crate::domain::target::{Goal, Scope, Standing, Target, TargetKpi};
use crate::domain::text::{fit_padded, inert_line};
use crate::domain::time::{local_short, parse_datetime};

pub fn run(ctx: &mut Context, command: TargetsCommand) -> CliResult {
    match command {
        TargetsCommand::Set {
            name,
            kpi,
            at_least,
            at_most,
            improve,
            by,
            from,
            team,
            dept,
        } => {
            let goal = match (at_least, at_most, improve) {
                (Some(v), None, None) => Goal::AtLeast(v),
                (None, Some(v), None) => Goal::AtMost(v),
                (None, None, Some(p)) => Goal::Improve(p),
                _ => {
                    return Err(CliError::Usage(
                        "give the goal: --at-least V, --at-most V or --improve P%".into(),
                    ))
                }
            };
            let date = |flag: &str, text: &str| {
                parse_datetime(text).map_err(|e| CliError::Usage(format!("--{flag}: {e}")))
            };
            let target = Target {
                name,
                kpi,
                goal,
                from: from
                    .as_deref()
                    .map(|f| date("from", f))
                    .transpose()?
                    .unwrap_or(ctx.now),
                by: date("by", &by)?,
                scope: match (team, dept) {
                    (Some(t), _) => Scope::Team(t),
                    (None, Some(d)) => Scope::Department(d),
                    (None, None) => Scope::Desk,
                },
                created_by: String::new(),
            };
            let t = ctx.keep(Command::SetTarget(Box::new(target)), Done::target)?;
            let standing = ctx.store.target_standing(&t, ctx.now)?;
            print(&format!(
                "target {} set\n{}",
                inert_line(&t.name),
                table(&[(t, standing)])
            ))?;
        }
        TargetsCommand::List { format } => {
            let all = ctx.store.target_standings(ctx.now, |_| true)?;
            match format {
                TableFormat::Json => {
                    #[derive(Serialize)]
                    struct Shown<'a> {
                        #[serde(flatten)]
                        target: &'a Target,
                        #[serde(flatten)]
                        standing: &'a Standing,
                    }
                    let shown: Vec<Shown> = all
                        .iter()
                        .map(|(target, standing)| Shown { target, standing })
                        .collect();
                    print_json(&shown)?;
                }
                TableFormat::Table if all.is_empty() => {
                    print("no targets yet; a lead sets one with `frontdesk targets set NAME --kpi csat --at-least 85 --by DATE`\n")?;
                }
                TableFormat::Table => print(&table(&all))?,
            }
        }
        TargetsCommand::Remove { name } => {
            let t = ctx.keep(Command::RemoveTarget { name }, Done::target)?;
            print(&format!("target {} removed\n", inert_line(&t.name)))?;
        }
    }
    Ok(())
}

pub fn value(kpi: TargetKpi, v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.1}{}", kpi.unit()))
}

pub fn goal_text(t: &Target, aim: Option<f64>) -> String {
    match t.goal {
        Goal::AtLeast(_) => format!("≥ {}", value(t.kpi, aim)),
        Goal::AtMost(_) => format!("≤ {}", value(t.kpi, aim)),
        Goal::Improve(p) => format!("{p:.0}% better: {}", value(t.kpi, aim)),
    }
}

pub fn table(all: &[(Target, Standing)]) -> String {
    let mut out = format!(
        "{} {} {} {:>9} {} {:>9} {} {:>8}  VERDICT\n",
        fit_padded("TARGET", 16),
        fit_padded("FIGURE", 21),
        fit_padded("FOR", 16),
        "START",
        fit_padded("GOAL", 22),
        "NOW",
        fit_padded("BY", 10),
        "PROGRESS"
    );
    for (t, s) in all {
        out.push_str(&format!(
            "{} {} {} {:>9} {} {:>9} {} {:>8}  {}\n",
            fit_padded(&inert_line(&t.name), 16),
            fit_padded(t.kpi.as_str(), 21),
            fit_padded(&inert_line(&t.scope.to_string()), 16),
            value(t.kpi, s.start),
            fit_padded(&goal_text(t, s.aim), 22),
            value(t.kpi, s.current),
            fit_padded(&local_short(t.by)[..10], 10),
            s.progress.map_or_else(|| "-".into(), |p| format!("{p:.0}%")),
            s.verdict
        ));
    }
    out
}
