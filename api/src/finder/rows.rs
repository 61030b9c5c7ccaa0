//! Reading positional CSV files row by row, so that one bad row is reported and skipped
//! instead of aborting a whole import.

use std::fmt;
use std::io::Read;

/// A row of a data file that could not be used, with the line it starts on (1-based).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct RowError {
    /// Line of the file the row starts on, counting from 1.
    pub line: u64,
    /// Why the row was skipped, in plain words.
    pub reason: String,
}

impl RowError {
    /// A row error at `line` for `reason`.
    pub fn new(line: u64, reason: impl fmt::Display) -> Self {
        Self {
            line,
            reason: reason.to_string(),
        }
    }
}

/// One CSV row with the line it starts on.
pub(super) struct Row {
    pub line: u64,
    pub record: csv::StringRecord,
}

impl Row {
    /// The trimmed value of the 0-based `index`th field, or "" when the row is shorter.
    pub fn field(&self, index: usize) -> &str {
        self.record.get(index).map_or("", str::trim)
    }

    /// The trimmed field, or `None` when it is empty.
    pub fn optional(&self, index: usize) -> Option<String> {
        Some(self.field(index))
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    }

    /// A row error at this row's line.
    pub fn error(&self, reason: impl fmt::Display) -> RowError {
        RowError::new(self.line, reason)
    }
}

/// Rows of a CSV file. `skip_header` drops the first row. Rows that are not valid CSV or
/// UTF-8 come out as errors; reading stops after an I/O error, which would only repeat.
pub(super) fn csv_rows<R: Read>(
    reader: R,
    skip_header: bool,
) -> impl Iterator<Item = Result<Row, RowError>> {
    let records = csv::ReaderBuilder::new()
        .has_headers(skip_header)
        .flexible(true)
        .from_reader(reader)
        .into_records();
    let mut stopped = false;
    records.map_while(move |result| {
        if stopped {
            return None;
        }
        Some(match result {
            Ok(record) => Ok(Row {
                line: record.position().map_or(0, csv::Position::line),
                record,
            }),
            Err(error) => {
                stopped = matches!(error.kind(), csv::ErrorKind::Io(_));
                let line = error.position().map_or(0, csv::Position::line);
                Err(RowError::new(line, format!("unreadable row ({error})")))
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_carry_the_line_they_start_on() {
        let data = "a,b\n\"c\nd\",e\nf,g\n";
        let lines: Vec<u64> = csv_rows(data.as_bytes(), false)
            .map(|row| row.map(|r| r.line).unwrap_or(0))
            .collect();
        assert_eq!(lines, vec![1, 2, 4]);
    }

    #[test]
    fn a_row_that_is_not_utf8_is_an_error_and_reading_goes_on() {
        let data: &[u8] = b"a,b\n\xff\xfe,c\nd,e\n";
        let rows: Vec<_> = csv_rows(data, false).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].as_ref().err().map(|e| e.line), Some(2));
        assert_eq!(rows[2].as_ref().map(|r| r.field(0)).ok(), Some("d"));
    }

    #[test]
    fn a_header_row_is_skipped_when_asked() {
        let data = "name,value\nx,1\n";
        let rows: Vec<_> = csv_rows(data.as_bytes(), true).collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].as_ref().map(|r| (r.line, r.field(0))).ok(),
            Some((2, "x"))
        );
    }

    #[test]
    fn missing_and_blank_fields_read_as_empty() {
        let rows: Vec<_> = csv_rows("a, ,\n".as_bytes(), false).collect();
        let row = rows[0].as_ref().ok();
        assert_eq!(row.map(|r| r.field(1)), Some(""));
        assert_eq!(row.map(|r| r.field(9)), Some(""));
        assert_eq!(row.map(|r| r.optional(1)), Some(None));
    }
}
