//! `import-practices` and `import-postcodes`: load the NHS ODS practice lists and the OS
//! postcode files into the database, idempotently, then rebuild the search index.
//!
//! Bad rows are reported with their line and skipped; the import goes on. Practices missing
//! from a newer file are kept (a full file is not a list of deletions), and closed practices
//! are stored as closed, never deleted, so a care leaver's recorded GP always resolves.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::ods::{self, PracticeKind, PracticeRecord};
use super::postcode::{self, OutcodeCentroid, PostcodePosition};
use super::rows::RowError;
use super::store::{self, BATCH, Placement};
use super::summary::{ImportReport, ImportSummary};
use crate::state::AppState;

/// One input file: its name (for messages) and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Cow<'static, [u8]>,
}

impl Input {
    /// A file compiled into the binary (the shipped subset).
    pub fn embedded(name: &str, bytes: &'static [u8]) -> Self {
        Self {
            name: name.to_owned(),
            bytes: Cow::Borrowed(bytes),
        }
    }

    /// Reads a file.
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Ok(Self {
            name: path.display().to_string(),
            bytes: Cow::Owned(bytes),
        })
    }
}

/// The Code-Point CSV files among `paths`: files as given, and every `.csv` file in (the
/// sub-directories of) a directory, in name order, except the column-header file.
pub fn codepoint_files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found = Vec::new();
            collect_csv(path, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect_csv(dir: &Path, found: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase());
        if path.is_dir() {
            collect_csv(&path, found)?;
        } else if name.is_some_and(|n| n.ends_with(".csv") && !n.contains("column_headers")) {
            found.push(path);
        }
    }
    Ok(())
}

/// A progress bar over `bytes` bytes, drawn on standard output only when it is a terminal.
fn progress_bar(show: bool, bytes: usize, label: &str) -> ProgressBar {
    if !show || !std::io::stdout().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(bytes as u64), ProgressDrawTarget::stdout());
    let style = ProgressStyle::with_template("{msg:24} [{bar:40}] {bytes}/{total_bytes} {eta}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(label.to_owned());
    bar
}

/// Imports an `epraccur` (GP) and/or `egdpprac` (dental) file, then rebuilds the index.
/// Practices are placed with the postcodes already imported (import postcodes first; if
/// they come later, that import places the practices again).
pub async fn import_practices(
    app: &AppState,
    gp: Option<&Input>,
    dental: Option<&Input>,
    progress: bool,
) -> anyhow::Result<ImportReport> {
    let outcodes = store::outcode_map(&app.db).await?;
    let mut report = ImportReport::default();
    let files = [(PracticeKind::Gp, gp), (PracticeKind::Dentist, dental)];
    for (kind, input) in files {
        if let Some(input) = input {
            let summary = practice_file(app, kind, input, &outcodes, progress).await?;
            report.summaries.push(summary);
        }
    }
    reload_index(app, &mut report).await?;
    Ok(report)
}

/// Rebuilds the search index from what is stored now, and notes its size.
async fn reload_index(app: &AppState, report: &mut ImportReport) -> anyhow::Result<()> {
    let size = app.finder.reload(&app.db).await?;
    report.notes.push(format!(
        "search index: {size} practices you can register with"
    ));
    Ok(())
}

async fn practice_file(
    app: &AppState,
    kind: PracticeKind,
    input: &Input,
    outcodes: &HashMap<String, store::Grid>,
    progress: bool,
) -> anyhow::Result<ImportSummary> {
    let label = match kind {
        PracticeKind::Gp => "GP practices",
        PracticeKind::Dentist => "dental practices",
    };
    let mut summary = ImportSummary::new(label);
    summary.closed = Some(0);
    let stored_before = store::count_practices(&app.db, kind).await?;
    let bar = progress_bar(progress, input.bytes.len(), label);
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut placement = Placement::default();
    let mut batch: Vec<PracticeRecord> = Vec::with_capacity(BATCH);
    for row in ods::read_practices_numbered(bar.wrap_read(&input.bytes[..]), kind) {
        let code = |r: &PracticeRecord| r.ods_code.clone();
        let Some(record) = take_row(&mut summary, &input.name, row, &mut first_line, code) else {
            continue;
        };
        batch.push(record);
        if batch.len() == BATCH {
            store::write_practices(&app.db, &batch, outcodes, &mut summary, &mut placement).await?;
            batch.clear();
        }
    }
    store::write_practices(&app.db, &batch, outcodes, &mut summary, &mut placement).await?;
    bar.finish_and_clear();
    summary.notes.push(format!(
        "positions: {} from their postcode, {} from their postcode district's centre, {} unplaced (kept, but not found by distance)",
        placement.postcode, placement.outcode, placement.unplaced
    ));
    let kept = stored_before.saturating_sub(summary.updated + summary.unchanged);
    if kept > 0 {
        summary.notes.push(format!(
            "{kept} stored {label} are not in this file; they were kept"
        ));
    }
    Ok(summary)
}

/// Counts a row read and gives it back, or skips it with the reason: it could not be read, or
/// its key (by `key_of`) is already on an earlier line in `seen`, which then remembers it.
fn take_row<T>(
    summary: &mut ImportSummary,
    file: &str,
    row: Result<(u64, T), RowError>,
    seen: &mut HashMap<String, u64>,
    key_of: impl Fn(&T) -> String,
) -> Option<T> {
    summary.read += 1;
    let (line, item) = match row {
        Ok(row) => row,
        Err(error) => {
            summary.skip(file, error.line, error.reason);
            return None;
        }
    };
    let key = key_of(&item);
    if let Some(first) = seen.get(&key) {
        summary.skip(file, line, format!("{key} is already on line {first}"));
        return None;
    }
    seen.insert(key, line);
    Some(item)
}

/// Imports Code-Point Open files and/or the outcode centroid file, places the stored
/// practices again, and rebuilds the index.
pub async fn import_postcodes(
    app: &AppState,
    codepoint: &[Input],
    outcodes: Option<&Input>,
    progress: bool,
) -> anyhow::Result<ImportReport> {
    let mut report = ImportReport::default();
    if let Some(input) = outcodes {
        report
            .summaries
            .push(outcode_file(app, input, progress).await?);
    }
    if !codepoint.is_empty() {
        let total = codepoint.iter().map(|i| i.bytes.len()).sum();
        let bar = progress_bar(progress, total, "postcodes");
        let mut summary = ImportSummary::new("postcodes");
        for input in codepoint {
            codepoint_file(app, input, &bar, &mut summary).await?;
        }
        bar.finish_and_clear();
        report.summaries.push(summary);
    }
    let centroids = store::outcode_map(&app.db).await?;
    let moved = store::replace_practices(&app.db, &centroids).await?;
    report
        .notes
        .push(format!("practices placed again: {moved}"));
    reload_index(app, &mut report).await?;
    Ok(report)
}

async fn codepoint_file(
    app: &AppState,
    input: &Input,
    bar: &ProgressBar,
    summary: &mut ImportSummary,
) -> anyhow::Result<()> {
    let mut batch: Vec<PostcodePosition> = Vec::with_capacity(BATCH);
    let mut in_batch: HashMap<String, u64> = HashMap::new();
    for row in postcode::read_codepoint_numbered(bar.wrap_read(&input.bytes[..])) {
        let key = |p: &PostcodePosition| p.postcode.to_string();
        let Some(position) = take_row(summary, &input.name, row, &mut in_batch, key) else {
            continue;
        };
        batch.push(position);
        if batch.len() == BATCH {
            store::write_postcodes(&app.db, &batch, summary).await?;
            batch.clear();
            in_batch.clear();
        }
    }
    store::write_postcodes(&app.db, &batch, summary).await?;
    Ok(())
}

async fn outcode_file(
    app: &AppState,
    input: &Input,
    progress: bool,
) -> anyhow::Result<ImportSummary> {
    let mut summary = ImportSummary::new("outcodes");
    let bar = progress_bar(progress, input.bytes.len(), "outcodes");
    let mut batch: Vec<OutcodeCentroid> = Vec::with_capacity(BATCH);
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for row in postcode::read_outcodes_numbered(bar.wrap_read(&input.bytes[..])) {
        let outcode = |c: &OutcodeCentroid| c.outcode.clone();
        let Some(centroid) = take_row(&mut summary, &input.name, row, &mut first_line, outcode)
        else {
            continue;
        };
        batch.push(centroid);
        if batch.len() == BATCH {
            store::write_outcodes(&app.db, &batch, &mut summary).await?;
            batch.clear();
        }
    }
    store::write_outcodes(&app.db, &batch, &mut summary).await?;
    bar.finish_and_clear();
    Ok(summary)
}
