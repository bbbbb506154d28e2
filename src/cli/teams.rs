//! `teams list` and `teams auto`.

use super::args::{ShowFormat, TeamsCommand};
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::command::Command;
use crate::domain::team::{absence, AssignMode, Team};
use crate::domain::text::{fit_padded, inert_line};

pub fn run(ctx: &mut Context, command: TeamsCommand) -> CliResult {
    match command {
        TeamsCommand::List { format } => {
            let teams = ctx.store.teams_with_members()?;
            match format {
                ShowFormat::Json => print_json(&teams)?,
                ShowFormat::Text => print(&teams_text(&teams, ctx.now))?,
            }
        }
        TeamsCommand::Auto { team, mode } => {
            let command = Command::SetAssignMode { team, mode };
            ctx.keep_and_tell(command)?;
        }
    }
    Ok(())
}

/// Each team on a line with its mode, then its members: their open
/// requests, and who is away until when (and who covers).
fn teams_text(teams: &[Team], now: i64) -> String {
    if teams.is_empty() {
        return "no teams yet: put staff in one with `frontdesk people add NAME --team TEAM`\n".into();
    }
    let mut out = String::new();
    for t in teams {
        let turn = t
            .last_turn
            .as_deref()
            .filter(|_| t.assign != AssignMode::Off)
            .map(|l| format!(", last turn {}", inert_line(l)))
            .unwrap_or_default();
        out.push_str(&format!("{}  assigns: {}{turn}\n", inert_line(&t.name), t.assign));
        if t.members.is_empty() {
            out.push_str("  (no members)\n");
        }
        for m in &t.members {
            let away = absence(m.away_until, m.cover.as_deref(), now)
                .map(|a| format!("  {}", inert_line(&a)))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {} {:<6} {:>3} open{away}\n",
                fit_padded(&inert_line(&m.name), 24),
                m.role.as_str(),
                m.open
            ));
        }
    }
    out
}
