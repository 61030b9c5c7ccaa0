//! The free prescriptions report: requests since launch and in the period, approved and
//! declined, renewals, and certificates active now.
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::figures::{Cell, Period, Table, month_label};
use super::{BoardReport, ChartKind, ChartSpec};
use crate::age::uk_date;

/// One application, as much as the report needs (no personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRow {
    pub created_at: DateTime<Utc>,
    /// `Some(true)` approved, `Some(false)` declined, with when; `None` not decided.
    pub decision: Option<(bool, DateTime<Utc>)>,
    /// The last day of an approved certificate.
    pub certificate_expires_on: Option<NaiveDate>,
    /// Whether it renews an earlier certificate.
    pub renewal: bool,
}

/// The report for `period`, with "active now" measured on `today`.
pub fn build(period: &Period, today: NaiveDate, rows: &[ApplicationRow]) -> BoardReport {
    let in_period = |at: DateTime<Utc>| period.contains(uk_date(at));
    let requested = |r: &&ApplicationRow| in_period(r.created_at);
    let decided = |approved: bool| {
        move |r: &&ApplicationRow| {
            r.decision
                .is_some_and(|(a, at)| a == approved && in_period(at))
        }
    };
    let ever_decided =
        |approved: bool| move |r: &&ApplicationRow| r.decision.is_some_and(|(a, _)| a == approved);
    let n =
        |f: &dyn Fn(&&ApplicationRow) -> bool| Cell::count(rows.iter().filter(|r| f(r)).count());

    let requests = Table::new(
        "requests",
        "Requests for free prescriptions, and the nurses' decisions",
        &["Requests", "In the period", "Since the scheme began"],
    )
    .row(
        "Requests made",
        vec![n(&requested), Cell::count(rows.len())],
    )
    .row("Approved", vec![n(&decided(true)), n(&ever_decided(true))])
    .row(
        "Declined",
        vec![n(&decided(false)), n(&ever_decided(false))],
    )
    .row(
        "Renewals requested",
        vec![n(&|r| r.renewal && requested(r)), n(&|r| r.renewal)],
    );

    let active = |r: &&ApplicationRow| {
        r.decision.is_some_and(|(approved, _)| approved)
            && r.certificate_expires_on.is_some_and(|last| last >= today)
    };
    let certificates = Table::new("certificates", "Certificates", &["Certificates", "Today"])
        .row("Certificates active today", vec![n(&active)]);

    let mut monthly = Table::new(
        "requests_by_month",
        "Each month: requests made, approved and declined",
        &["Month", "Requests made", "Approved", "Declined"],
    );
    for first in period.months() {
        let same = |at: DateTime<Utc>| {
            let day = uk_date(at);
            in_period(at) && (day.year(), day.month()) == (first.year(), first.month())
        };
        let made = rows.iter().filter(|r| same(r.created_at)).count();
        let by = |approved: bool| {
            rows.iter()
                .filter(|r| r.decision.is_some_and(|(a, at)| a == approved && same(at)))
                .count()
        };
        monthly = monthly.row(
            month_label(first),
            vec![
                Cell::count(made),
                Cell::count(by(true)),
                Cell::count(by(false)),
            ],
        );
    }

    BoardReport {
        tables: vec![requests, certificates, monthly],
        charts: vec![
            ChartSpec {
                table: "requests",
                kind: ChartKind::Bar,
                title: "Requests and decisions in the period".into(),
            },
            ChartSpec {
                table: "requests_by_month",
                kind: ChartKind::Line,
                title: "Monthly trend: requests and decisions".into(),
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::figures::Figure;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn app(
        created: &str,
        decision: Option<(bool, &str)>,
        last: Option<&str>,
        renewal: bool,
    ) -> ApplicationRow {
        ApplicationRow {
            created_at: at(created),
            decision: decision.map(|(a, when)| (a, at(when))),
            certificate_expires_on: last.map(|s| s.parse().unwrap()),
            renewal,
        }
    }

    #[test]
    fn the_known_applications_give_the_known_figures() {
        let period = Period::financial_year(2026);
        let today: NaiveDate = "2026-11-30".parse().unwrap();
        let mut rows = Vec::new();
        // Six requested in May 2026 and approved in June, certificates to 2027: active today.
        for _ in 0..6 {
            rows.push(app(
                "2026-05-02T10:00:00Z",
                Some((true, "2026-06-01T10:00:00Z")),
                Some("2027-05-31"),
                false,
            ));
        }
        // Five requested in March 2026 (before the period) and approved in April (decisions in
        // the period); their certificates ran out on 31 October 2026. Two are renewals.
        for n in 0..5 {
            rows.push(app(
                "2026-03-20T10:00:00Z",
                Some((true, "2026-04-02T10:00:00Z")),
                Some("2026-10-31"),
                n < 2,
            ));
        }
        // Five requested in July and declined in July; one still waiting.
        for _ in 0..5 {
            rows.push(app(
                "2026-07-01T10:00:00Z",
                Some((false, "2026-07-03T10:00:00Z")),
                None,
                false,
            ));
        }
        rows.push(app("2026-11-01T10:00:00Z", None, None, true));

        let report = build(&period, today, &rows);

        let requests: Vec<(String, Vec<Cell>)> = report.tables[0]
            .rows
            .iter()
            .map(|r| (r.label.clone(), r.cells.clone()))
            .collect();
        let few = Cell::Count(Figure::FewerThanFive);
        assert_eq!(
            requests,
            vec![
                (
                    "Requests made".into(),
                    vec![Cell::count(12), Cell::count(17)]
                ),
                ("Approved".into(), vec![Cell::count(11), Cell::count(11)]),
                ("Declined".into(), vec![Cell::count(5), Cell::count(5)]),
                ("Renewals requested".into(), vec![few.clone(), few]),
            ]
        );
        assert_eq!(report.tables[1].rows[0].cells, vec![Cell::count(6)]);
        let april = &report.tables[2].rows[0];
        assert_eq!(
            april.cells,
            vec![Cell::count(0), Cell::count(5), Cell::count(0)]
        );
    }
}
