//! `answers add`, `list`, `show`, `remove` and `search`.

use super::args::{AnswersCommand, ShowFormat};
use super::output::{print, print_json};
use super::{CliResult, Context};
use crate::domain::answer::{matches, Answer};
use crate::domain::command::Command;
use crate::domain::text::{fit, inert_line, inert_text};

fn listed(answers: &[&Answer], format: ShowFormat, empty: &str) -> CliResult {
    match format {
        ShowFormat::Json => print_json(&answers)?,
        ShowFormat::Text => {
            let mut out = String::new();
            if answers.is_empty() {
                out.push_str(empty);
            }
            for a in answers {
                let first = a.body.split_whitespace().collect::<Vec<_>>().join(" ");
                out.push_str(&format!(
                    "{:>4}  {}  ({} uses) — {}\n",
                    a.number,
                    inert_line(&a.title),
                    a.uses,
                    inert_line(&fit(&first, 60))
                ));
            }
            print(&out)?;
        }
    }
    Ok(())
}

pub fn run(ctx: &mut Context, command: AnswersCommand) -> CliResult {
    let command = match command {
        AnswersCommand::List { format } => {
            let all = ctx.store.answers()?;
            let all: Vec<&Answer> = all.iter().collect();
            return listed(
                &all,
                format,
                "no answers yet: `frontdesk answers add TITLE --from ID` takes one from a resolved request\n",
            );
        }
        AnswersCommand::Search { words, format } => {
            let all = ctx.store.answers()?;
            let query = words.join(" ");
            let found: Vec<&Answer> = all.iter().filter(|a| matches(a, &query)).collect();
            return listed(&found, format, "no answer holds those words\n");
        }
        AnswersCommand::Show { number } => {
            let a = ctx.store.answer(number)?;
            let source = a.source.map(|s| format!(" (from #{s})")).unwrap_or_default();
            print(&format!(
                "answer {}: {}{source} · {} uses\n\n{}\n",
                a.number,
                inert_line(&a.title),
                a.uses,
                inert_text(&a.body)
            ))?;
            return Ok(());
        }
        AnswersCommand::Add { title, body, from } => Command::SaveAnswer {
            title,
            body: body.unwrap_or_default(),
            from,
        },
        AnswersCommand::Remove { number } => Command::RemoveAnswer { number },
    };
    ctx.keep_and_tell(command)
}
