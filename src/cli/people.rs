//! `people add` and `people list`.

use super::args::{PeopleCommand, ShowFormat};
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::command::{Command, Done};
use crate::domain::event::recorded_by;
use crate::domain::team::{absence, back_at};
use crate::domain::text::{fit_padded, inert_line};
use crate::domain::time::local_short;
use crate::store::PersonUpdate;

pub fn run(ctx: &mut Context, command: PeopleCommand) -> CliResult {
    match command {
        PeopleCommand::Add {
            name,
            role,
            dept,
            contact,
            team,
            key,
            login,
        } => {
            let update = PersonUpdate {
                department: dept,
                contact,
                team,
                key_customer: key.then_some(true),
                role,
                login,
            };
            let p = ctx.keep(Command::SavePerson { name, update }, Done::person)?;
            print(&format!("{} saved ({})\n", inert_line(&p.name), p.role))?;
        }
        PeopleCommand::List { role, format } => {
            let people = ctx.store.people(role.as_slice())?;
            match format {
                ShowFormat::Json => print_json(&people)?,
                ShowFormat::Text => {
                    let mut out = format!(
                        "{} {:<9} {} {} KEY, LOGIN, AWAY\n",
                        fit_padded("NAME", 24),
                        "ROLE",
                        fit_padded("DEPARTMENT", 20),
                        fit_padded("TEAM", 16)
                    );
                    for p in &people {
                        out.push_str(&format!(
                            "{} {:<9} {} {}{}{}{}\n",
                            fit_padded(&inert_line(&p.name), 24),
                            p.role.as_str(),
                            fit_padded(&inert_line(p.department.as_deref().unwrap_or("-")), 20),
                            fit_padded(&inert_line(p.team.as_deref().unwrap_or("-")), 16),
                            if p.key_customer { " ★ key" } else { "" },
                            p.login
                                .as_deref()
                                .map(|l| format!(" login {}", inert_line(l)))
                                .unwrap_or_default(),
                            absence(p.away_until, p.cover.as_deref(), ctx.now)
                                .map(|a| format!(" {}", inert_line(&a)))
                                .unwrap_or_default()
                        ));
                    }
                    print(&out)?;
                }
            }
        }
        PeopleCommand::Away { name, until, cover } => {
            let back = Some(back_at(&until)?);
            let command = Command::SetAway { name, back, cover };
            ctx.keep_and_tell(command)?;
        }
        PeopleCommand::Back { name } => {
            let command = Command::SetAway {
                name,
                back: None,
                cover: None,
            };
            ctx.keep_and_tell(command)?;
        }
        PeopleCommand::History { name, format } => {
            let changes = ctx.store.person_history(&name)?;
            match format {
                ShowFormat::Json => print_json(&changes)?,
                ShowFormat::Text => {
                    let mut out = String::new();
                    if changes.is_empty() {
                        out.push_str(&format!("no changes recorded for {}\n", inert_line(&name)));
                    }
                    for c in &changes {
                        let by = recorded_by(&c.actor, c.login.as_deref(), c.host.as_deref());
                        out.push_str(&format!(
                            "{}  {}  {} {} → {}\n",
                            local_short(c.at),
                            inert_line(&by),
                            c.field,
                            inert_line(c.old_value.as_deref().unwrap_or("-")),
                            inert_line(c.new_value.as_deref().unwrap_or("-")),
                        ));
                    }
                    print(&out)?;
                }
            }
        }
    }
    Ok(())
}
