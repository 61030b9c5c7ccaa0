//! The health passports report: of the care leavers turning 18 in the period, how many had a
//! published passport by their 18th birthday, how many were late and by how long, how many are
//! still without one, acknowledged by the young person, and immunisations recorded before 19.
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::figures::{Cell, Median, Period, Table, month_label};
use super::{BoardReport, ChartKind, ChartSpec};
use crate::age::{birthday, uk_date};

/// One care leaver, as much as the report needs (no name, no contents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaverRow {
    pub date_of_birth: NaiveDate,
    /// When their first passport version was published.
    pub first_published: Option<DateTime<Utc>>,
    /// Whether they have acknowledged any version.
    pub acknowledged: bool,
    /// Whether a version published before their 19th birthday lists any immunisation.
    pub immunisations_before_19: bool,
}

/// What happened to one care leaver's first passport, against their 18th birthday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FirstPassport {
    OnTime,
    /// Published this many days after the 18th birthday.
    Late(i64),
    /// None yet, and they are 18.
    Outstanding,
    /// None yet, and they are not 18 yet.
    NotYetDue,
}

fn first_passport(row: &LeaverRow, eighteen: NaiveDate, today: NaiveDate) -> FirstPassport {
    match row.first_published.map(uk_date) {
        Some(day) if day <= eighteen => FirstPassport::OnTime,
        Some(day) => FirstPassport::Late((day - eighteen).num_days()),
        None if eighteen <= today => FirstPassport::Outstanding,
        None => FirstPassport::NotYetDue,
    }
}

/// The report for the care leavers turning 18 in `period`, as it stands on `today`.
pub fn build(period: &Period, today: NaiveDate, rows: &[LeaverRow]) -> BoardReport {
    let cohort: Vec<(&LeaverRow, NaiveDate, FirstPassport)> = rows
        .iter()
        .filter_map(|r| {
            let eighteen = birthday(r.date_of_birth, 18)?;
            period
                .contains(eighteen)
                .then(|| (r, eighteen, first_passport(r, eighteen, today)))
        })
        .collect();
    let count = |f: &dyn Fn(&(&LeaverRow, NaiveDate, FirstPassport)) -> bool| {
        Cell::count(cohort.iter().filter(|c| f(c)).count())
    };
    let late_days: Vec<f64> = cohort
        .iter()
        .filter_map(|(_, _, p)| match p {
            FirstPassport::Late(days) => Some(*days as f64),
            _ => None,
        })
        .collect();

    let summary = Table::new(
        "passports",
        "Care leavers turning 18 in the period, and their health passports",
        &["Care leavers turning 18", "Number"],
    )
    .row("Turning 18 in the period", vec![Cell::count(cohort.len())])
    .row(
        "Passport published by their 18th birthday",
        vec![count(&|c| c.2 == FirstPassport::OnTime)],
    )
    .row(
        "Passport published after their 18th birthday",
        vec![count(&|c| matches!(c.2, FirstPassport::Late(_)))],
    )
    .row(
        "Still without a passport, and 18 now",
        vec![count(&|c| c.2 == FirstPassport::Outstanding)],
    )
    .row(
        "Not 18 yet, no passport yet",
        vec![count(&|c| c.2 == FirstPassport::NotYetDue)],
    )
    .row(
        "Passport acknowledged by the young person",
        vec![count(&|c| c.0.acknowledged)],
    )
    .row(
        "Immunisation history recorded before 19",
        vec![count(&|c| c.0.immunisations_before_19)],
    );

    let lateness = Table::new(
        "lateness",
        "How late the late passports were",
        &[
            "Passports published after the 18th birthday",
            "Median days late",
        ],
    )
    .row(
        "Days after the 18th birthday",
        vec![Cell::Median(Median::of(late_days))],
    );

    let mut monthly = Table::new(
        "passports_by_month",
        "Each month: care leavers turning 18, and those with a passport by their birthday",
        &[
            "Month of the 18th birthday",
            "Turning 18",
            "Passport by the birthday",
        ],
    );
    for first in period.months() {
        let in_month: Vec<_> = cohort
            .iter()
            .filter(|(_, b, _)| (b.year(), b.month()) == (first.year(), first.month()))
            .collect();
        let on_time = in_month
            .iter()
            .filter(|(_, _, p)| *p == FirstPassport::OnTime)
            .count();
        monthly = monthly.row(
            month_label(first),
            vec![Cell::count(in_month.len()), Cell::count(on_time)],
        );
    }

    BoardReport {
        tables: vec![summary, lateness, monthly],
        charts: vec![
            ChartSpec {
                table: "passports",
                kind: ChartKind::Bar,
                title: "Care leavers turning 18 and their passports".into(),
            },
            ChartSpec {
                table: "passports_by_month",
                kind: ChartKind::Line,
                title: "Monthly trend: turning 18, and passports by the birthday".into(),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::figures::{Figure, Row};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn leaver(born: NaiveDate, published: Option<&str>, ack: bool, imms: bool) -> LeaverRow {
        LeaverRow {
            date_of_birth: born,
            first_published: published.map(|s| s.parse().unwrap()),
            acknowledged: ack,
            immunisations_before_19: imms,
        }
    }

    #[test]
    fn the_known_cohort_gives_the_known_figures() {
        let period = Period::financial_year(2026);
        let today = d(2026, 11, 30);
        let mut rows = Vec::new();
        // Five turn 18 on 10 May 2026 with a passport published the day before: on time,
        // acknowledged, immunisations recorded.
        for _ in 0..5 {
            rows.push(leaver(
                d(2008, 5, 10),
                Some("2026-05-09T10:00:00Z"),
                true,
                true,
            ));
        }
        // Five turn 18 on 1 June 2026 and were published 3, 5, 10, 20 and 40 days late
        // (median 10).
        for late in [
            "2026-06-04",
            "2026-06-06",
            "2026-06-11",
            "2026-06-21",
            "2026-07-11",
        ] {
            rows.push(leaver(
                d(2008, 6, 1),
                Some(&format!("{late}T12:00:00Z")),
                false,
                false,
            ));
        }
        // Two turned 18 in October with none yet (outstanding); one turns 18 in February 2027
        // with none yet (not yet due).
        rows.push(leaver(d(2008, 10, 3), None, false, false));
        rows.push(leaver(d(2008, 10, 4), None, false, false));
        rows.push(leaver(d(2009, 2, 14), None, false, false));
        // Turned 18 in March 2026, before the period: not in the cohort.
        rows.push(leaver(d(2008, 3, 31), None, false, false));

        let report = build(&period, today, &rows);

        let summary: Vec<Cell> = report.tables[0]
            .rows
            .iter()
            .map(|r| r.cells[0].clone())
            .collect();
        let few = Cell::Count(Figure::FewerThanFive);
        assert_eq!(
            summary,
            vec![
                Cell::count(13),
                Cell::count(5),
                Cell::count(5),
                few.clone(),
                few,
                Cell::count(5),
                Cell::count(5),
            ]
        );
        assert_eq!(
            report.tables[1].rows[0].cells,
            vec![Cell::Median(Median::Days(10.0))]
        );
        let monthly = &report.tables[2];
        assert_eq!(monthly.rows.len(), 12);
        assert_eq!(
            monthly.rows[1],
            Row::new("May 2026", vec![Cell::count(5), Cell::count(5)])
        );
        assert_eq!(
            monthly.rows[2],
            Row::new("Jun 2026", vec![Cell::count(5), Cell::count(0)])
        );
    }

    #[test]
    fn a_passport_published_on_the_18th_birthday_itself_is_on_time() {
        let eighteen = d(2026, 5, 10);
        let row = leaver(d(2008, 5, 10), Some("2026-05-10T22:30:00Z"), false, false);
        // 22:30 UTC on 10 May is 23:30 in England: still the birthday.
        assert_eq!(
            first_passport(&row, eighteen, d(2026, 6, 1)),
            FirstPassport::OnTime
        );
        let row = leaver(d(2008, 5, 10), Some("2026-05-10T23:30:00Z"), false, false);
        assert_eq!(
            first_passport(&row, eighteen, d(2026, 6, 1)),
            FirstPassport::Late(1)
        );
    }
}
