//! `import-requests`: the spreadsheet the team kept before, read in the
//! encoding it was saved in, its columns recognised, every problem named;
//! then taken in whole, or not at all.

use std::path::Path;

use super::output::print;
use super::{CliError, CliResult, Context};
use crate::domain::mail::charset::read_text;
use crate::domain::sheet::{parse_map, read_row, recognise, Column, SheetRow};
use crate::domain::text::inert_line;
use crate::domain::time::local_short;

/// The text of a CSV file and the charset it was read as: UTF-8 (with or
/// without a byte-order mark), or as mail without a label is read — GBK
/// as Chinese Excel saves, Big5, Shift_JIS, Windows-1252.
fn decoded(bytes: &[u8]) -> Result<(String, &'static str), String> {
    if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()) {
        if let Ok(text) = std::str::from_utf8(rest) {
            return Ok((text.to_string(), "UTF-8 (with BOM)"));
        }
    }
    read_text(bytes).ok_or_else(|| {
        "it is in no charset Frontdesk reads; save it from the spreadsheet as CSV UTF-8".into()
    })
}

pub fn import(ctx: &mut Context, path: &Path, map: Option<&str>, dry_run: bool) -> CliResult {
    let shown = inert_line(&path.display().to_string());
    let bytes = std::fs::read(path).map_err(|e| CliError::Failed(format!("cannot read {shown}: {e}")))?;
    let (text, encoding) =
        decoded(&bytes).map_err(|e| CliError::Failed(format!("cannot read {shown}: {e}")))?;
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CliError::Failed(format!("cannot read {shown}: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let overrides = map
        .map(parse_map)
        .transpose()
        .map_err(|e| CliError::Usage(format!("--map: {e}")))?;
    let mut columns: Vec<Option<Column>> = headers.iter().map(|h| recognise(h)).collect();
    for (header, column) in overrides.unwrap_or_default() {
        let at = headers.iter().position(|h| *h == header).ok_or_else(|| {
            CliError::Usage(format!(
                "--map: {shown} has no column '{header}' (columns: {})",
                headers.join(", ")
            ))
        })?;
        columns[at] = Some(column);
    }
    let mut rows: Vec<SheetRow> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let row = n + 2;
        let record = record.map_err(|e| CliError::Failed(format!("{shown}, row {row}: {e}")))?;
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match read_row(row, &headers, &columns, &cells) {
            Ok(r) => rows.push(r),
            Err(p) => problems.extend(p),
        }
    }
    // A missing column is the one problem worth saying: every row lacks it.
    let missing: Vec<String> = [Column::Subject, Column::Requester]
        .into_iter()
        .filter(|needed| !columns.contains(&Some(*needed)))
        .map(|needed| {
            format!(
                "no column is the {} (columns: {}); say which with --map \"COLUMN={}\"",
                needed.field(),
                headers.join(", "),
                needed.field()
            )
        })
        .collect();
    if !missing.is_empty() {
        problems = missing;
    }
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    if dry_run {
        let mut out = format!("read {shown} as {encoding}: {} rows\n", rows.len());
        let mapped: Vec<String> = headers
            .iter()
            .zip(&columns)
            .map(|(h, c)| format!("{} → {}", inert_line(h), c.map_or("(not taken)", Column::field)))
            .collect();
        out.push_str(&format!("columns: {}\n", mapped.join(", ")));
        for r in &rows {
            out.push_str(&format!(
                "row {}: \"{}\" from {}{}, {}{}{}\n",
                r.row,
                inert_line(&r.new.subject),
                inert_line(&r.new.requester),
                r.new
                    .department
                    .as_deref()
                    .map(|d| format!(" ({})", inert_line(d)))
                    .unwrap_or_default(),
                r.status,
                r.created_at
                    .map(|t| format!(", created {}", local_short(t)))
                    .unwrap_or_default(),
                r.assignee
                    .as_deref()
                    .map(|a| format!(", assigned to {}", inert_line(a)))
                    .unwrap_or_default(),
            ));
        }
        if problems.is_empty() {
            out.push_str("problems: none\n");
        } else {
            out.push_str(&format!("problems ({}):\n", problems.len()));
            for p in &problems {
                out.push_str(&format!("  {}\n", inert_line(p)));
            }
        }
        out.push_str("nothing was written (--dry-run)\n");
        print(&out)?;
        return Ok(());
    }
    if let Some(first) = problems.first() {
        return Err(CliError::Failed(format!(
            "{shown}: {}{}; nothing was imported",
            first,
            if problems.len() > 1 {
                format!(
                    " (and {} more problems: --dry-run lists them all)",
                    problems.len() - 1
                )
            } else {
                String::new()
            }
        )));
    }
    let made = ctx.store.import_sheet(&rows, &name, &ctx.actor, ctx.now)?;
    let span = match (made.first(), made.last()) {
        (Some(a), Some(b)) if a != b => format!(" (#{a}–#{b})"),
        (Some(a), _) => format!(" (#{a})"),
        _ => String::new(),
    };
    print(&format!(
        "imported {} requests from {shown}, read as {encoding}{span}\n",
        made.len()
    ))?;
    Ok(())
}
