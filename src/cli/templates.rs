//! `templates`, `checklist`, `check` and `uncheck`.

use super::args::{ChecklistCommand, ShowFormat, TemplatesCommand};
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::command::{Command, Done};
use crate::domain::ids::RequestId;
use crate::domain::template::{progress, ChecklistChange, ChecklistItem, ItemState, Template};
use crate::domain::text::inert_line;
use crate::domain::time::local_short;

pub fn run(ctx: &mut Context, command: TemplatesCommand) -> CliResult {
    match command {
        TemplatesCommand::Add {
            name,
            subject,
            body,
            category,
            team,
            urgency,
            impact,
            items,
        } => {
            let t = Template {
                name,
                subject,
                body,
                category,
                team,
                urgency,
                impact,
                items,
            };
            let command = Command::SaveTemplate(Box::new(t));
            ctx.keep_and_tell(command)?;
        }
        TemplatesCommand::List { format } => {
            let all = ctx.store.templates()?;
            match format {
                ShowFormat::Json => print_json(&all)?,
                ShowFormat::Text => {
                    let mut out = String::new();
                    if all.is_empty() {
                        out.push_str(
                            "no templates yet: `frontdesk templates add NAME --subject S --item TEXT…`\n",
                        );
                    }
                    for t in &all {
                        let set: Vec<String> = [
                            t.team.as_ref().map(|x| format!("team {x}")),
                            t.category.as_ref().map(|x| format!("category {x}")),
                            t.urgency.map(|x| format!("urgency {x}")),
                            t.impact.map(|x| format!("impact {x}")),
                        ]
                        .into_iter()
                        .flatten()
                        .collect();
                        out.push_str(&format!(
                            "{}  {}{}\n",
                            inert_line(&t.name),
                            inert_line(t.subject.as_deref().unwrap_or("(no subject)")),
                            if set.is_empty() {
                                String::new()
                            } else {
                                format!(" · {}", inert_line(&set.join(", ")))
                            }
                        ));
                        for (n, item) in t.items.iter().enumerate() {
                            out.push_str(&format!("  {}. {}\n", n + 1, inert_line(item)));
                        }
                    }
                    print(&out)?;
                }
            }
        }
        TemplatesCommand::Remove { name } => {
            let command = Command::RemoveTemplate { name };
            ctx.keep_and_tell(command)?;
        }
    }
    Ok(())
}

/// `checklist ID [add|remove|skip]`: lists it, or changes it.
pub fn checklist(
    ctx: &mut Context,
    id: RequestId,
    change: Option<ChecklistCommand>,
    format: ShowFormat,
) -> CliResult {
    let change = match change {
        None => {
            let r = ctx.store.request(id)?;
            match format {
                ShowFormat::Json => print_json(&r.checklist)?,
                ShowFormat::Text => print(&checklist_text(id, &r.checklist))?,
            }
            return Ok(());
        }
        Some(ChecklistCommand::Add { text }) => ChecklistChange::Add(text),
        Some(ChecklistCommand::Remove { number }) => ChecklistChange::Remove(number),
        Some(ChecklistCommand::Skip { number, reason }) => ChecklistChange::Skip { number, reason },
    };
    self::change(ctx, id, change)
}

/// One change to request `id`'s checklist, and where it stands after.
pub fn change(ctx: &mut Context, id: RequestId, change: ChecklistChange) -> CliResult {
    let command = Command::Checklist { id, change };
    let r = ctx.execute(command.clone(), None)?;
    print(&format!(
        "{}\n",
        inert_line(&command.done(&Done::Request(Box::new(r))))
    ))?;
    Ok(())
}

/// The checklist, one item a line: number, text, and done / skipped
/// (why) / open, by whom and when.
pub fn checklist_text(id: RequestId, items: &[ChecklistItem]) -> String {
    let shown: Vec<&ChecklistItem> = items.iter().filter(|i| i.state != ItemState::Removed).collect();
    if shown.is_empty() {
        return format!(
            "request {id} has no checklist; add an item with `frontdesk checklist {id} add TEXT`\n"
        );
    }
    let mut out = format!("checklist of #{id}: {}\n", progress(items));
    for i in shown {
        let mark = match i.state {
            ItemState::Done => "[x]",
            ItemState::Skipped => "[-]",
            _ => "[ ]",
        };
        let who = match (&i.by, i.at) {
            (Some(by), Some(at)) => format!(" — {} {} {}", i.state, inert_line(by), local_short(at)),
            _ => String::new(),
        };
        let why = i
            .reason
            .as_deref()
            .map(|r| format!(" ({})", inert_line(r)))
            .unwrap_or_default();
        out.push_str(&format!(
            "{mark} {:>2}. {}{who}{why}\n",
            i.number,
            inert_line(&i.text)
        ));
    }
    out
}
