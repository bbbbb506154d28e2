//! `sla`, `calendar`, `sweep`: the shared promises and the business calendar.

use crate::domain::command::{Command, Done};
use chrono::{NaiveDate, NaiveTime};

use super::args::{CalendarCommand, HolidayCommand, SlaCommand};
use super::output::{print, print_json};
use super::{CliError, CliResult, Context};
use crate::domain::calendar::parse_workdays;
use crate::domain::request::required_text;
use crate::domain::sla::{BusinessDuration, SlaPolicy};
use crate::domain::text::inert_line;
use crate::domain::{DomainError, Priority};

fn policy_text(p: &SlaPolicy) -> String {
    let mut out = String::from("PRIORITY  FIRST RESPONSE  RESOLUTION  CLOCK\n");
    for (i, t) in p.targets.iter().enumerate() {
        let priority = Priority::ALL[i];
        let clock = if priority == Priority::P1 && p.p1_around_the_clock {
            "24×7"
        } else {
            "business hours"
        };
        out.push_str(&format!(
            "{:<9} {:<15} {:<11} {clock}\n",
            priority.as_str(),
            t.response.to_string(),
            t.resolve.to_string()
        ));
    }
    out.push_str("\nA day is one working day of the calendar (`frontdesk calendar show`).\n");
    out
}

fn calendar_text(p: &SlaPolicy, now: i64) -> String {
    let c = &p.calendar;
    let days: Vec<String> = c.workdays.iter().map(std::string::ToString::to_string).collect();
    let mut out = format!(
        "Time zone     {} ({})\nWorking days  {}\nWorking hours {}–{}\n",
        c.zone,
        c.offset_label(now),
        days.join(", "),
        c.start.format("%H:%M"),
        c.end.format("%H:%M")
    );
    if c.holidays.is_empty() {
        out.push_str("Holidays      none\n");
    } else {
        out.push_str("Holidays\n");
        for (date, name) in &c.holidays {
            out.push_str(&format!("  {date}  {}\n", inert_line(name)));
        }
    }
    out
}

pub fn sla(ctx: &mut Context, command: SlaCommand) -> CliResult {
    let mut policy = ctx.store.sla_policy()?;
    match command {
        SlaCommand::Explain { id, format } => return super::sla_explain::explain(ctx, id, format),
        SlaCommand::Show { json } => {
            if json {
                print_json(&policy)?;
            } else {
                print(&policy_text(&policy))?;
            }
            return Ok(());
        }
        SlaCommand::Set {
            priority,
            response,
            resolve,
            around_the_clock,
        } => {
            if response.is_none() && resolve.is_none() && around_the_clock.is_none() {
                return Err(CliError::Usage(
                    "sla set needs --response, --resolve or --around-the-clock".into(),
                ));
            }
            let t = &mut policy.targets[priority as usize];
            if let Some(r) = response {
                t.response = BusinessDuration::parse(&r)?;
            }
            if let Some(r) = resolve {
                t.resolve = BusinessDuration::parse(&r)?;
            }
            if let Some(on) = around_the_clock {
                if priority != Priority::P1 {
                    return Err(DomainError::Rule("only P1 can run on the 24×7 clock".into()).into());
                }
                policy.p1_around_the_clock = on.0;
            }
        }
    }
    let n = ctx.keep(Command::SetSlaPolicy(Box::new(policy.clone())), Done::reclocked)?;
    print(&policy_text(&policy))?;
    eprintln!("due times of {n} open requests recomputed");
    Ok(())
}

fn parse_hours(text: &str) -> Result<(NaiveTime, NaiveTime), DomainError> {
    let bad = || DomainError::InvalidValue {
        field: "working hours",
        value: text.to_string(),
        valid: "HH:MM-HH:MM such as 09:00-18:00".into(),
    };
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    Ok((t(a)?, t(b)?))
}

fn parse_date(text: &str) -> Result<NaiveDate, DomainError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| DomainError::InvalidValue {
        field: "date",
        value: text.to_string(),
        valid: "YYYY-MM-DD".into(),
    })
}

pub fn calendar(ctx: &mut Context, command: CalendarCommand) -> CliResult {
    let mut policy = ctx.store.sla_policy()?;
    match command {
        CalendarCommand::Show => {
            print(&calendar_text(&policy, ctx.now))?;
            return Ok(());
        }
        CalendarCommand::Set { zone, days, hours } => {
            if let Some(z) = zone {
                policy.calendar.zone = z;
            }
            if let Some(d) = days {
                policy.calendar.workdays = parse_workdays(&d)?;
            }
            if let Some(h) = hours {
                (policy.calendar.start, policy.calendar.end) = parse_hours(&h)?;
            }
        }
        CalendarCommand::Holiday(HolidayCommand::Add { date, name }) => {
            let name = required_text("name", &name)?;
            policy.calendar.holidays.insert(parse_date(&date)?, name);
        }
        CalendarCommand::Holiday(HolidayCommand::Remove { date }) => {
            let date = parse_date(&date)?;
            if policy.calendar.holidays.remove(&date).is_none() {
                return Err(CliError::Failed(format!(
                    "{date} is not a holiday in the calendar"
                )));
            }
        }
    }
    let n = ctx.keep(Command::SetSlaPolicy(Box::new(policy.clone())), Done::reclocked)?;
    print(&calendar_text(&policy, ctx.now))?;
    eprintln!("due times of {n} open requests recomputed");
    Ok(())
}

pub fn sweep(ctx: &mut Context) -> CliResult {
    let sweep = ctx.store.sweep(ctx.now)?;
    let mut out = String::new();
    for b in &sweep.breaches {
        out.push_str(&format!(
            "request {} escalated: {} target breached by {}s\n",
            b.id, b.target, b.overdue_seconds
        ));
    }
    for id in &sweep.auto_closed {
        out.push_str(&format!("request {id} closed: resolved and not rated in time\n"));
    }
    out.push_str(&format!(
        "{} breaches escalated, {} unrated requests closed\n",
        sweep.breaches.len(),
        sweep.auto_closed.len()
    ));
    print(&out)?;
    Ok(())
}
