//! `export` and `import`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::ExportFormat;
use super::output::{print, shown};
use super::spreadsheet::Sheet;
use super::{to_terminal, CliError, CliResult, Context};
use crate::domain::text::inert_text;
use crate::store::Export;

/// Writes next to the target and renames, so a failed export never leaves
/// a half-written file where a good one was expected.
pub(super) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), CliError>,
) -> CliResult {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp: PathBuf = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::io::BufWriter::new(
            std::fs::File::create(&tmp)
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", shown(path))))?,
        );
        write(&mut file)?;
        file.into_inner()
            .map_err(|e| CliError::Failed(e.to_string()))?
            .sync_all()?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub fn export(ctx: &Context, format: ExportFormat, out: Option<PathBuf>) -> CliResult {
    let export = ctx.store.export(ctx.now)?;
    let text = match format {
        ExportFormat::Json => export.json()?,
        ExportFormat::Csv => export_sheet(&export)?.text()?,
    };
    match out {
        Some(path) => {
            write_atomically(&path, |w: &mut dyn Write| Ok(w.write_all(text.as_bytes())?))?;
            eprintln!("exported {} requests to {}", export.requests.len(), shown(&path));
            Ok(())
        }
        // JSON escapes whatever could move a cursor; CSV is made inert for
        // a person reading it on a terminal.
        None if format == ExportFormat::Csv && to_terminal() => Ok(print(&inert_text(&text))?),
        None => Ok(print(&text)?),
    }
}

/// One row per request for a spreadsheet: its fields, a column for each
/// custom field, then its history and rating as JSON text. Every row has
/// every column, whichever of its parts a request leaves out.
fn export_sheet(export: &Export) -> Result<Sheet, CliError> {
    let mut rows = Vec::with_capacity(export.requests.len());
    let mut columns: Vec<String> = Vec::new();
    for item in &export.requests {
        let Ok(serde_json::Value::Object(mut fields)) = serde_json::to_value(&item.request) else {
            return Err(CliError::Failed("a request did not serialise".into()));
        };
        fields.remove("fields");
        for key in fields.keys() {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
        rows.push(fields);
    }
    // A custom field under its own name, unless the request has a part of
    // that name.
    let custom: Vec<(String, &str)> = export
        .fields
        .iter()
        .map(|f| {
            let header = if columns.contains(&f.name) {
                format!("field:{}", f.name)
            } else {
                f.name.clone()
            };
            (header, f.name.as_str())
        })
        .collect();
    let mut sheet = Sheet::new();
    if !rows.is_empty() {
        sheet.row(
            columns
                .iter()
                .map(String::as_str)
                .chain(custom.iter().map(|(h, _)| h.as_str()))
                .chain(["events", "rating"]),
        )?;
    }
    for (item, fields) in export.requests.iter().zip(rows) {
        let mut row: Vec<String> = columns
            .iter()
            .map(|c| fields.get(c).map(super::spreadsheet::cell).unwrap_or_default())
            .collect();
        row.extend(
            custom
                .iter()
                .map(|(_, name)| item.request.fields.get(*name).cloned().unwrap_or_default()),
        );
        row.push(serde_json::to_string(&item.events).unwrap_or_default());
        row.push(
            item.rating
                .as_ref()
                .map(|r| serde_json::to_string(r).unwrap_or_default())
                .unwrap_or_default(),
        );
        sheet.row(row)?;
    }
    Ok(sheet)
}

pub fn import(ctx: &mut Context, path: &Path) -> CliResult {
    let mut file = std::fs::File::open(path)
        .map_err(|e| CliError::Failed(format!("cannot read {}: {e}", shown(path))))?;
    let export = Export::read(&mut file)?;
    let summary = ctx.store.import(&export, &ctx.actor, ctx.now)?;
    let settings = if summary.settings {
        ", and the desk's SLA targets, calendar and settings"
    } else {
        ""
    };
    let files = match summary.files {
        0 => String::new(),
        1 => ", 1 file".into(),
        n => format!(", {n} files"),
    };
    print(&format!(
        "imported {} requests, {} events, {} ratings, {} people{files}{settings}\n",
        summary.requests, summary.events, summary.ratings, summary.people
    ))?;
    Ok(())
}
