//! `GET /v1/reports/prescriptions`: how the scheme is used in one local authority. Counts
//! only; no names.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::views::ApplicationStatus;

/// One calendar month (UK time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MonthFigures {
    #[schema(example = "2025-06")]
    pub month: String,
    /// Applications sent that month.
    pub applications: u64,
    /// Approved that month.
    pub approved: u64,
    /// Declined that month.
    pub declined: u64,
}

/// Every application there has been, by where it is now.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Totals {
    pub applications: u64,
    pub submitted: u64,
    pub approved: u64,
    pub declined: u64,
    pub withdrawn: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PrescriptionReport {
    #[schema(example = "dudley")]
    pub local_authority: String,
    /// The day "active" is measured on.
    pub on: NaiveDate,
    pub totals: Totals,
    /// Approved certificates whose last valid day is today or later.
    pub active_certificates: u64,
    /// Every month from the first application to this one, oldest first (months with no
    /// activity show zeros).
    pub months: Vec<MonthFigures>,
}

/// What the report needs from one application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub status: ApplicationStatus,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub certificate_expires_on: Option<NaiveDate>,
}

/// The calendar month in England in which `at` fell.
fn month_of(at: DateTime<Utc>) -> (i32, u32) {
    let day = crate::age::uk_date(at);
    (day.year(), day.month())
}

fn figures(months: &mut BTreeMap<(i32, u32), MonthFigures>, key: (i32, u32)) -> &mut MonthFigures {
    months.entry(key).or_insert_with(|| MonthFigures {
        month: format!("{:04}-{:02}", key.0, key.1),
        applications: 0,
        approved: 0,
        declined: 0,
    })
}

fn next_month((year, month): (i32, u32)) -> (i32, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// Counts `rows` as of `on` (`now` bounds the list of months).
pub fn build(
    local_authority: &str,
    rows: &[Row],
    on: NaiveDate,
    now: DateTime<Utc>,
) -> PrescriptionReport {
    let mut totals = Totals::default();
    let mut months: BTreeMap<(i32, u32), MonthFigures> = BTreeMap::new();
    let mut active_certificates = 0;
    for row in rows {
        totals.applications += 1;
        figures(&mut months, month_of(row.created_at)).applications += 1;
        match row.status {
            ApplicationStatus::Submitted => totals.submitted += 1,
            ApplicationStatus::Withdrawn => totals.withdrawn += 1,
            ApplicationStatus::Approved => {
                totals.approved += 1;
                if let Some(at) = row.decided_at {
                    figures(&mut months, month_of(at)).approved += 1;
                }
                if row.certificate_expires_on.is_some_and(|last| last >= on) {
                    active_certificates += 1;
                }
            }
            ApplicationStatus::Declined => {
                totals.declined += 1;
                if let Some(at) = row.decided_at {
                    figures(&mut months, month_of(at)).declined += 1;
                }
            }
        }
    }
    if let Some(first) = months.keys().next().copied() {
        let last = months
            .keys()
            .next_back()
            .copied()
            .unwrap_or(first)
            .max(month_of(now));
        let mut key = first;
        while key <= last {
            figures(&mut months, key);
            key = next_month(key);
        }
    }
    PrescriptionReport {
        local_authority: local_authority.to_string(),
        on,
        totals,
        active_certificates,
        months: months.into_values().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::examples::d;

    fn at(y: i32, m: u32, day: u32) -> DateTime<Utc> {
        d(y, m, day).and_hms_opt(12, 0, 0).unwrap().and_utc()
    }

    fn row(
        status: ApplicationStatus,
        created: DateTime<Utc>,
        decided: Option<DateTime<Utc>>,
        expires: Option<NaiveDate>,
    ) -> Row {
        Row {
            status,
            created_at: created,
            decided_at: decided,
            certificate_expires_on: expires,
        }
    }

    #[test]
    fn months_count_applications_when_sent_and_decisions_when_made() {
        use ApplicationStatus::*;
        let rows = [
            row(
                Approved,
                at(2025, 1, 30),
                Some(at(2025, 2, 3)),
                Some(d(2026, 2, 2)),
            ),
            row(
                Approved,
                at(2024, 3, 1),
                Some(at(2024, 3, 2)),
                Some(d(2025, 3, 1)),
            ),
            row(Declined, at(2025, 2, 10), Some(at(2025, 2, 11)), None),
            row(Withdrawn, at(2025, 2, 12), None, None),
            row(Submitted, at(2025, 4, 1), None, None),
            row(
                Approved,
                at(2025, 4, 2),
                Some(at(2025, 4, 3)),
                Some(d(2025, 4, 30)),
            ),
        ];
        let report = build("dudley", &rows, d(2025, 4, 30), at(2025, 4, 30));
        assert_eq!(
            report.totals,
            Totals {
                applications: 6,
                submitted: 1,
                approved: 3,
                declined: 1,
                withdrawn: 1
            }
        );
        assert_eq!(report.active_certificates, 2, "one ran out in March 2025");
        let months: Vec<(&str, u64, u64, u64)> = report
            .months
            .iter()
            .map(|m| (m.month.as_str(), m.applications, m.approved, m.declined))
            .collect();
        assert_eq!(months.len(), 14, "March 2024 to April 2025, gaps included");
        assert_eq!(months[0], ("2024-03", 1, 1, 0));
        assert_eq!(months[1], ("2024-04", 0, 0, 0));
        assert_eq!(months[10], ("2025-01", 1, 0, 0));
        assert_eq!(months[11], ("2025-02", 2, 1, 1));
        assert_eq!(months[13], ("2025-04", 2, 1, 0));
    }

    #[test]
    fn with_no_applications_the_report_is_all_zeros() {
        let report = build("walsall", &[], d(2025, 4, 30), at(2025, 4, 30));
        assert_eq!(report.totals, Totals::default());
        assert_eq!((report.active_certificates, report.months.len()), (0, 0));
    }
}
