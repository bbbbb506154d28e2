//! CSV for spreadsheets: every cell that would start a formula is kept as
//! text, and what goes to a terminal is made inert like any other output.

use serde::Serialize;

use super::output::print;
use super::{to_terminal, CliError};
use crate::domain::text::{inert_text, spreadsheet_safe};

/// Rows of cells, written as CSV once all are in.
pub struct Sheet {
    out: csv::Writer<Vec<u8>>,
}

fn failed(e: impl std::fmt::Display) -> CliError {
    CliError::Failed(e.to_string())
}

impl Sheet {
    pub fn new() -> Sheet {
        Sheet {
            out: csv::Writer::from_writer(Vec::new()),
        }
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) -> Result<(), CliError> {
        let safe: Vec<String> = cells
            .into_iter()
            .map(|c| spreadsheet_safe(c.as_ref()).into_owned())
            .collect();
        self.out.write_record(&safe).map_err(failed)
    }

    /// One row per record, headed by the records' field names in the
    /// order the type declares them.
    pub fn records<T: Serialize>(&mut self, items: &[T]) -> Result<(), CliError> {
        for (n, item) in items.iter().enumerate() {
            let serde_json::Value::Object(fields) = serde_json::to_value(item).map_err(failed)? else {
                return Err(CliError::Failed("a record did not serialise as one row".into()));
            };
            if n == 0 {
                self.row(fields.keys())?;
            }
            // A list (a request's tags) is one cell, as JSON.
            self.row(fields.values().map(cell))?;
        }
        Ok(())
    }

    pub fn text(self) -> Result<String, CliError> {
        let bytes = self.out.into_inner().map_err(failed)?;
        String::from_utf8(bytes).map_err(failed)
    }

    /// Prints the sheet: raw for a pipe, inert for a person reading it.
    pub fn print(self) -> Result<(), CliError> {
        let text = self.text()?;
        print(&if to_terminal() { inert_text(&text) } else { text })?;
        Ok(())
    }
}

/// A JSON value as one cell: text as it is, nested values as JSON.
pub fn cell(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        id: i64,
        subject: String,
        score: i64,
    }

    #[test]
    fn a_formula_in_a_subject_reaches_the_spreadsheet_as_text() {
        let mut sheet = Sheet::new();
        sheet
            .records(&[Row {
                id: 1,
                subject: "=cmd|' /C calc'!A0".into(),
                score: -20,
            }])
            .unwrap();
        assert_eq!(
            sheet.text().unwrap(),
            "id,subject,score\n1,'=cmd|' /C calc'!A0,-20\n"
        );
    }
}
