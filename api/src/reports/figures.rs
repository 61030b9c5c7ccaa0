//! What every Board report is made of: counts with small numbers suppressed, medians, tables
//! (the page's and the CSV's), and the period they cover.
use chrono::{Datelike, NaiveDate};

use crate::spreadsheet::{csv_text, safe_cell};

/// Counts from 1 to `THRESHOLD - 1` are not shown (the council's statistical disclosure
/// practice), nor medians of fewer than `THRESHOLD` values.
pub const THRESHOLD: u64 = 5;

/// How a suppressed figure reads on the page.
pub const SUPPRESSED_PAGE: &str = "fewer than 5";
/// How a suppressed figure reads in the CSV.
pub const SUPPRESSED_CSV: &str = "<5";

/// A count as the Board may see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Count(u64),
    /// 1 to 4: too few to show without risking someone being recognised.
    FewerThanFive,
}

impl Figure {
    pub fn of(n: u64) -> Self {
        if (1..THRESHOLD).contains(&n) {
            Figure::FewerThanFive
        } else {
            Figure::Count(n)
        }
    }

    pub fn of_usize(n: usize) -> Self {
        Self::of(n as u64)
    }

    /// The value a chart may draw (`None` when suppressed).
    pub fn shown(self) -> Option<u64> {
        match self {
            Figure::Count(n) => Some(n),
            Figure::FewerThanFive => None,
        }
    }
}

/// A median number of days, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Median {
    Days(f64),
    /// Worked out from fewer than `THRESHOLD` values, so not shown.
    TooFew,
    /// Nothing to work it out from.
    NoneYet,
}

impl Median {
    /// The median of `values`, suppressed when there are fewer than `THRESHOLD`.
    pub fn of(values: Vec<f64>) -> Self {
        let n = values.len();
        if n == 0 {
            return Median::NoneYet;
        }
        if (n as u64) < THRESHOLD {
            return Median::TooFew;
        }
        median(values).map_or(Median::NoneYet, Median::Days)
    }
}

/// The middle value; for an even count, the mean of the middle two.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

/// One cell of a report table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Count(Figure),
    Median(Median),
}

impl Cell {
    pub fn count(n: usize) -> Self {
        Cell::Count(Figure::of_usize(n))
    }

    /// The words on the page.
    pub fn page(&self) -> String {
        match self {
            Cell::Count(Figure::Count(n)) => n.to_string(),
            Cell::Count(Figure::FewerThanFive) | Cell::Median(Median::TooFew) => {
                SUPPRESSED_PAGE.into()
            }
            Cell::Median(Median::Days(d)) => format!("{d:.1}"),
            Cell::Median(Median::NoneYet) => "none yet".into(),
        }
    }

    /// The value in the CSV.
    pub fn csv(&self) -> String {
        match self {
            Cell::Count(Figure::FewerThanFive) | Cell::Median(Median::TooFew) => {
                SUPPRESSED_CSV.into()
            }
            Cell::Median(Median::NoneYet) => String::new(),
            other => other.page(),
        }
    }
}

/// One row: its label and a cell per column after the first.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn new(label: impl Into<String>, cells: Vec<Cell>) -> Self {
        Self {
            label: label.into(),
            cells,
        }
    }
}

/// A table as the page shows it and the CSV lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A short id, the CSV's `table` column.
    pub id: &'static str,
    pub caption: String,
    /// The headings; the first is over the row labels.
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    pub fn new(id: &'static str, caption: impl Into<String>, columns: &[&str]) -> Self {
        Self {
            id,
            caption: caption.into(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    #[must_use]
    pub fn row(mut self, label: impl Into<String>, cells: Vec<Cell>) -> Self {
        self.rows.push(Row::new(label, cells));
        self
    }

    /// The cells of column `index` (after the labels), in row order, as a chart may draw them.
    pub fn column(&self, index: usize) -> Vec<(String, Option<u64>)> {
        self.rows
            .iter()
            .map(|r| {
                let value = match r.cells.get(index) {
                    Some(Cell::Count(f)) => f.shown(),
                    _ => None,
                };
                (r.label.clone(), value)
            })
            .collect()
    }
}

/// Every table as CSV in long form (`table,row,column,value`): one line per cell of the page's
/// tables, in page order, with suppressed figures as `<5`.
pub fn to_csv(tables: &[Table]) -> String {
    let records = tables.iter().flat_map(|table| {
        table.rows.iter().flat_map(move |row| {
            let columns = table.columns.iter().skip(1);
            columns.zip(&row.cells).map(move |(column, cell)| {
                [
                    table.id.to_owned(),
                    safe_cell(&row.label),
                    safe_cell(column),
                    cell.csv(),
                ]
            })
        })
    });
    csv_text(&["table", "row", "column", "value"], records)
}

/// The days a report covers, both ends included (dates in England).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The financial year (1 April to 31 March) that `day` falls in.
    pub fn financial_year_of(day: NaiveDate) -> Self {
        let start = if day.month() >= 4 {
            day.year()
        } else {
            day.year() - 1
        };
        Self::financial_year(start)
    }

    /// The financial year starting on 1 April `start`.
    pub fn financial_year(start: i32) -> Self {
        let (from, to) = (
            NaiveDate::from_ymd_opt(start, 4, 1),
            NaiveDate::from_ymd_opt(start + 1, 3, 31),
        );
        match (from, to) {
            (Some(from), Some(to)) => Self { from, to },
            _ => Self {
                from: NaiveDate::MIN,
                to: NaiveDate::MIN,
            },
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The first day of every month the period touches, oldest first.
    pub fn months(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let mut month = self.from.with_day(1);
        while let Some(m) = month.filter(|m| *m <= self.to) {
            out.push(m);
            month = m.checked_add_months(chrono::Months::new(1));
        }
        out
    }

    /// Like "1 April 2026 to 31 March 2027".
    pub fn words(&self) -> String {
        format!(
            "{} to {}",
            crate::words::long_date(self.from),
            crate::words::long_date(self.to)
        )
    }
}

/// A month's label in tables and charts, like "Apr 2026".
pub fn month_label(first: NaiveDate) -> String {
    first.format("%b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn counts_from_one_to_four_are_suppressed_and_zero_and_five_are_shown() {
        let cases = [
            (0, "0", "0"),
            (1, SUPPRESSED_PAGE, "<5"),
            (4, SUPPRESSED_PAGE, "<5"),
            (5, "5", "5"),
            (120, "120", "120"),
        ];
        for (n, page, csv) in cases {
            let cell = Cell::count(n);
            assert_eq!(
                (cell.page().as_str(), cell.csv().as_str()),
                (page, csv),
                "{n}"
            );
        }
    }

    #[test]
    fn a_median_of_fewer_than_five_values_is_suppressed() {
        let cases: [(&[f64], Median); 4] = [
            (&[], Median::NoneYet),
            (&[1.0, 2.0, 3.0, 4.0], Median::TooFew),
            (&[5.0, 1.0, 3.0, 2.0, 4.0], Median::Days(3.0)),
            (&[1.0, 2.0, 3.0, 10.0, 20.0, 30.0], Median::Days(6.5)),
        ];
        for (values, expected) in cases {
            assert_eq!(Median::of(values.to_vec()), expected, "{values:?}");
        }
        assert_eq!(Cell::Median(Median::Days(6.5)).page(), "6.5");
        assert_eq!(Cell::Median(Median::TooFew).csv(), "<5");
        assert_eq!(Cell::Median(Median::NoneYet).csv(), "");
    }

    #[test]
    fn the_financial_year_runs_from_1_april_to_31_march() {
        let cases = [
            (d(2026, 11, 30), (d(2026, 4, 1), d(2027, 3, 31))),
            (d(2027, 3, 31), (d(2026, 4, 1), d(2027, 3, 31))),
            (d(2027, 4, 1), (d(2027, 4, 1), d(2028, 3, 31))),
        ];
        for (day, (from, to)) in cases {
            assert_eq!(Period::financial_year_of(day), Period { from, to }, "{day}");
        }
        let months = Period::financial_year(2026).months();
        assert_eq!(months.len(), 12);
        assert_eq!(month_label(months[0]), "Apr 2026");
        assert_eq!(month_label(months[11]), "Mar 2027");
    }

    #[test]
    fn the_csv_has_a_line_per_cell_and_neutralises_formulas() {
        let table = Table::new("t", "Caption", &["Thing", "Now", "Ever"])
            .row("=SUM(A1)", vec![Cell::count(3), Cell::count(7)]);
        let csv = to_csv(&[table]);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines,
            [
                "table,row,column,value",
                "t,'=SUM(A1),Now,<5",
                "t,'=SUM(A1),Ever,7"
            ]
        );
    }
}
