//! CSV downloads for spreadsheets: text cells a spreadsheet will not run as formulas, and the
//! lines written out as one string.

/// Stops a spreadsheet from treating a text cell as a formula (CSV injection).
pub fn safe_cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

/// The `header` line and then one line per record, as CSV text. Writing to memory cannot
/// fail, so errors are only possible in theory: such a line would only be missing.
pub fn csv_text<R>(header: &[&str], records: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(header);
    for record in records {
        let _ = writer.write_record(record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_run_as_formulas_are_quoted() {
        let cases = [
            ("Dudley", "Dudley"),
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+44", "'+44"),
            ("-1", "'-1"),
            ("@here", "'@here"),
            ("\tx", "'\tx"),
            ("a=b", "a=b"),
        ];
        for (value, expected) in cases {
            assert_eq!(safe_cell(value), expected, "{value:?}");
        }
    }

    #[test]
    fn the_text_is_the_header_then_a_line_per_record() {
        let text = csv_text(
            &["measure", "value"],
            [["total", "3"], ["with, comma", "1"]],
        );
        assert_eq!(text, "measure,value\ntotal,3\n\"with, comma\",1\n");
    }
}
