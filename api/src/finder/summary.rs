//! What an import did, in counts and skipped rows, for the end-of-import summary.

use std::fmt;

/// How many skipped rows a summary lists before it only counts the rest.
const LISTED_SKIPS: usize = 20;

/// A row that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// File name as given.
    pub file: String,
    /// Line of the file the row starts on (1-based).
    pub line: u64,
    pub reason: String,
}

/// Counts for one data set (GP practices, dental practices, postcodes or outcodes).
/// `read` = `inserted` + `updated` + `unchanged` + skipped rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// What was imported, e.g. "GP practices".
    pub label: String,
    /// Data rows read, good or bad.
    pub read: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Practices only: rows this import marked closed (new closed rows, or open ones that
    /// the file now says are closed). Closed practices are kept, never deleted.
    pub closed: Option<u64>,
    pub skipped: Vec<Skipped>,
    /// Plain-English notes, e.g. how practices were placed.
    pub notes: Vec<String>,
}

impl ImportSummary {
    /// An empty summary for `label`.
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            ..Self::default()
        }
    }

    /// Records a skipped row.
    pub fn skip(&mut self, file: &str, line: u64, reason: impl Into<String>) {
        self.skipped.push(Skipped {
            file: file.to_owned(),
            line,
            reason: reason.into(),
        });
    }

    /// Rows inserted or updated.
    pub fn changed(&self) -> u64 {
        self.inserted + self.updated
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: read {}, inserted {}, updated {}, unchanged {}",
            self.label, self.read, self.inserted, self.updated, self.unchanged
        )?;
        if let Some(closed) = self.closed {
            write!(f, ", closed {closed}")?;
        }
        writeln!(f, ", skipped {}", self.skipped.len())?;
        for skipped in self.skipped.iter().take(LISTED_SKIPS) {
            writeln!(
                f,
                "  skipped {} line {}: {}",
                skipped.file, skipped.line, skipped.reason
            )?;
        }
        if self.skipped.len() > LISTED_SKIPS {
            writeln!(
                f,
                "  … and {} more skipped rows",
                self.skipped.len() - LISTED_SKIPS
            )?;
        }
        for note in &self.notes {
            writeln!(f, "  {note}")?;
        }
        Ok(())
    }
}

/// Everything one import command did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub summaries: Vec<ImportSummary>,
    /// Notes about the whole import, e.g. practices re-placed and the index size.
    pub notes: Vec<String>,
}

impl ImportReport {
    /// Rows inserted or updated across all data sets (0 for a repeated import).
    pub fn changed(&self) -> u64 {
        self.summaries.iter().map(ImportSummary::changed).sum()
    }

    /// The summary with this label, if that data set was imported.
    pub fn summary(&self, label: &str) -> Option<&ImportSummary> {
        self.summaries.iter().find(|s| s.label == label)
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for summary in &self.summaries {
            write!(f, "{summary}")?;
        }
        for note in &self.notes {
            writeln!(f, "{note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_lists_counts_and_skipped_rows_with_their_lines() {
        let mut summary = ImportSummary::new("GP practices");
        summary.read = 3;
        summary.inserted = 1;
        summary.unchanged = 1;
        summary.closed = Some(0);
        summary.skip("epraccur.csv", 2, "only 3 fields, expected 27");
        let text = summary.to_string();
        assert!(
            text.starts_with(
                "GP practices: read 3, inserted 1, updated 0, unchanged 1, closed 0, skipped 1\n"
            ),
            "{text}"
        );
        assert!(text.contains("skipped epraccur.csv line 2: only 3 fields, expected 27"));
    }

    #[test]
    fn long_lists_of_skipped_rows_are_cut_short() {
        let mut summary = ImportSummary::new("postcodes");
        for line in 1..=30 {
            summary.skip("dy.csv", line, "bad");
        }
        let text = summary.to_string();
        assert!(text.contains("line 20: bad"));
        assert!(!text.contains("line 21: bad"));
        assert!(text.contains("and 10 more skipped rows"));
        assert!(!text.contains("closed"));
    }
}
