//! `targets`: the service targets a team is held to — set by a lead, and
//! listed with where each stands: the figure at the start, the goal, the
//! figure over the target's span so far, progress and a plain verdict.

use serde::Serialize;

use super::args::{TableFormat, TargetsCommand};
use super::output::{print, print_json};
use super::{CliError, CliResult, Context};
use crate::domain::command::{Command, Done};
use crate::domain::target::{Goal, Scope, Standing, Target, TargetKpi};
use crate::domain::text::inert_line;
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

/// Each target in two lines that fit an 80-column terminal: what it is
/// and its verdict, then its numbers.
pub fn table(all: &[(Target, Standing)]) -> String {
    let mut out = String::new();
    for (t, s) in all {
        out.push_str(&format!(
            "{} · {} for {}, by {}: {}\n",
            inert_line(&t.name),
            t.kpi,
            inert_line(&t.scope.to_string()),
            &local_short(t.by)[..10],
            s.verdict
        ));
        out.push_str(&format!(
            "    start {} · goal {} · now {} · progress {}\n",
            value(t.kpi, s.start),
            goal_text(t, s.aim),
            value(t.kpi, s.current),
            s.progress.map_or_else(|| "-".into(), |p| format!("{p:.0}%")),
        ));
    }
    out
}
