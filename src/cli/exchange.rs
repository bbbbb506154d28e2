//! `export` and `import`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::args::ExportFormat;
use super::output::print;
use super::{CliError, CliResult, Context};
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
                .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?,
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
    let write = |w: &mut dyn Write| -> Result<(), CliError> {
        match format {
            ExportFormat::Json => export.write_json(w)?,
            ExportFormat::Csv => export.write_csv(w)?,
        }
        Ok(())
    };
    match out {
        Some(path) => {
            write_atomically(&path, write)?;
            eprintln!(
                "exported {} requests to {}",
                export.requests.len(),
                path.display()
            );
            Ok(())
        }
        None => write(&mut std::io::stdout().lock()),
    }
}

pub fn import(ctx: &mut Context, path: &Path) -> CliResult {
    let mut file = std::fs::File::open(path)
        .map_err(|e| CliError::Failed(format!("cannot read {}: {e}", path.display())))?;
    let export = Export::read(&mut file)?;
    let summary = ctx.store.import(&export)?;
    print(&format!(
        "imported {} requests, {} events, {} ratings\n",
        summary.requests, summary.events, summary.ratings
    ))?;
    Ok(())
}
