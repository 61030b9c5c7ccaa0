//! The Chances4YOUth "outcomes so far" report for the Corporate Parenting Board, computed from
//! plain rows so the figures can be checked against known data.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::Iterable;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

use super::form::OpportunityType;
use super::workflow::EoiStatus;
use crate::reports::figures::median;
use crate::spreadsheet::{csv_text, safe_cell};

/// Key under which forms that name no directorate ("any part of the council") are counted.
pub const ANY_DIRECTORATE: &str = "any";

/// One expression of interest, as much as the report needs (no personal data).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub status: EoiStatus,
    pub directorates: Vec<String>,
    pub opportunity_types: Vec<OpportunityType>,
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// How many forms have a given key (a status, directorate id, opportunity type or month).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Count {
    #[schema(example = "in_review")]
    pub key: String,
    #[schema(example = 4)]
    pub count: u64,
}

/// Figures for `GET /v1/reports/chances4youth`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Chances4YouthReport {
    /// Forms counted.
    pub total: u64,
    /// Every status in workflow order, zeros included.
    pub by_status: Vec<Count>,
    /// By directorate id, sorted; a form naming several counts once under each, and one
    /// naming none counts under `any`.
    pub by_directorate: Vec<Count>,
    /// Every opportunity type in form order, zeros included; a form counts once per type.
    pub by_opportunity_type: Vec<Count>,
    /// By month of submission (`YYYY-MM`, UTC), oldest first, with empty months filled in.
    pub by_month: Vec<Count>,
    /// Median days from submission to acknowledgement over acknowledged forms; `None` when
    /// none have been acknowledged.
    #[schema(example = 2.5)]
    pub median_days_to_acknowledgement: Option<f64>,
    /// Forms that have ever started an opportunity (a history row moving them to `started`),
    /// whatever happened after (since 2.2.0; before, only forms whose status was `started`).
    pub started: u64,
    /// Every status forms were moved to, counted as events (history rows), sorted by status:
    /// a form that was offered an interview and then a placement counts once under each.
    pub events_by_status: Vec<Count>,
    /// Placements (and work experience) offered, counted as events, by the directorate id
    /// on the offer (`not_recorded` for offers made before directorates were recorded).
    pub placements_offered_by_directorate: Vec<Count>,
    /// Starts, counted as events, by the directorate id of the placement.
    pub placements_started_by_directorate: Vec<Count>,
    /// Outcomes after a start, counted as events: `continuing`, `completed`, `left_early`,
    /// `moved_on` (zeros included).
    pub outcomes: Vec<Count>,
}

/// One history row of a form: the status it moved to, and the directorate on the row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub eoi_id: uuid::Uuid,
    pub to_status: EoiStatus,
    pub directorate: Option<String>,
}

/// Key under which offers and starts with no directorate recorded are counted.
pub const NOT_RECORDED: &str = "not_recorded";

/// Counts of `events` (history rows of the same forms as the report) by what happened.
fn event_counts(events: &[EventRow]) -> (Vec<Count>, Vec<Count>, Vec<Count>, Vec<Count>) {
    use crate::reports::chances::{OUTCOMES, PLACEMENT_OFFERS};
    // Keyed by text, so each list is in the order of its keys' names.
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut offered: BTreeMap<String, usize> = BTreeMap::new();
    let mut started: BTreeMap<String, usize> = BTreeMap::new();
    for e in events {
        *by_status.entry(e.to_status.to_string()).or_default() += 1;
        let directorate = e.directorate.as_deref().unwrap_or(NOT_RECORDED).to_owned();
        if PLACEMENT_OFFERS.contains(&e.to_status) {
            *offered.entry(directorate).or_default() += 1;
        } else if e.to_status == EoiStatus::Started {
            *started.entry(directorate).or_default() += 1;
        }
    }
    let list = |m: BTreeMap<String, usize>| m.into_iter().map(|(k, n)| count(&k, n)).collect();
    let outcomes = OUTCOMES
        .iter()
        .map(|(status, _)| {
            let key = status.to_string();
            let n = by_status.get(&key).copied().unwrap_or(0);
            count(&key, n)
        })
        .collect();
    (list(by_status), list(offered), list(started), outcomes)
}

/// Builds the report from every row the caller may see and those forms' history rows.
pub fn build_report(rows: &[ReportRow], events: &[EventRow]) -> Chances4YouthReport {
    let by_status = EoiStatus::iter()
        .map(|s| {
            count(
                &s.to_string(),
                rows.iter().filter(|r| r.status == s).count(),
            )
        })
        .collect();
    let by_opportunity_type = OpportunityType::iter()
        .map(|t| {
            count(
                &t.to_string(),
                rows.iter()
                    .filter(|r| r.opportunity_types.contains(&t))
                    .count(),
            )
        })
        .collect();

    let mut directorates: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        if row.directorates.is_empty() {
            *directorates.entry(ANY_DIRECTORATE).or_default() += 1;
        }
        let mut seen: Vec<&str> = row.directorates.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for id in seen {
            *directorates.entry(id).or_default() += 1;
        }
    }

    let mut months: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for row in rows {
        let d = crate::age::uk_date(row.submitted_at);
        if let Some(first) = NaiveDate::from_ymd_opt(d.year(), d.month(), 1) {
            *months.entry(first).or_default() += 1;
        }
    }

    let days: Vec<f64> = rows
        .iter()
        .filter_map(|r| {
            let seconds = (r.acknowledged_at? - r.submitted_at).num_seconds();
            // An acknowledgement recorded before submission is bad data, not a fast reply.
            (seconds >= 0).then(|| seconds as f64 / 86_400.0)
        })
        .collect();

    let (
        events_by_status,
        placements_offered_by_directorate,
        placements_started_by_directorate,
        outcomes,
    ) = event_counts(events);
    Chances4YouthReport {
        total: rows.len() as u64,
        by_status,
        by_directorate: directorates.into_iter().map(|(k, n)| count(k, n)).collect(),
        by_opportunity_type,
        by_month: fill_months(&months),
        median_days_to_acknowledgement: median(days),
        started: events
            .iter()
            .filter(|e| e.to_status == EoiStatus::Started)
            .map(|e| e.eoi_id)
            .collect::<std::collections::HashSet<_>>()
            .len() as u64,
        events_by_status,
        placements_offered_by_directorate,
        placements_started_by_directorate,
        outcomes,
    }
}

fn count(key: &str, n: usize) -> Count {
    Count {
        key: key.to_owned(),
        count: n as u64,
    }
}

/// Every month from the first to the last seen, so a chart shows quiet months as zero.
fn fill_months(months: &BTreeMap<NaiveDate, usize>) -> Vec<Count> {
    let (Some((&first, _)), Some((&last, _))) = (months.first_key_value(), months.last_key_value())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut month = Some(first);
    while let Some(m) = month.filter(|m| *m <= last) {
        let n = months.get(&m).copied().unwrap_or(0);
        out.push(count(&m.format("%Y-%m").to_string(), n));
        month = m.checked_add_months(chrono::Months::new(1));
    }
    out
}

/// The report as CSV in long form (`measure,key,value`), one figure per line, for the
/// download link. Medians are given to one decimal place.
pub fn to_csv(report: &Chances4YouthReport) -> String {
    let mut lines: Vec<[String; 3]> =
        vec![["total".into(), String::new(), report.total.to_string()]];
    let sections = [
        ("status", &report.by_status),
        ("directorate", &report.by_directorate),
        ("opportunity_type", &report.by_opportunity_type),
        ("month", &report.by_month),
        ("event", &report.events_by_status),
        (
            "placement_offered",
            &report.placements_offered_by_directorate,
        ),
        (
            "placement_started",
            &report.placements_started_by_directorate,
        ),
        ("outcome", &report.outcomes),
    ];
    for (measure, counts) in sections {
        for c in counts {
            lines.push([measure.into(), safe_cell(&c.key), c.count.to_string()]);
        }
    }
    let median = report
        .median_days_to_acknowledgement
        .map(|d| format!("{d:.1}"))
        .unwrap_or_default();
    lines.push([
        "median_days_to_acknowledgement".into(),
        String::new(),
        median,
    ]);
    lines.push(["started".into(), String::new(), report.started.to_string()]);
    csv_text(&["measure", "key", "value"], &lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use EoiStatus::*;
    use OpportunityType::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn row(
        status: EoiStatus,
        dirs: &[&str],
        types: &[OpportunityType],
        sub: &str,
        ack: Option<&str>,
    ) -> ReportRow {
        ReportRow {
            status,
            directorates: dirs.iter().map(|d| d.to_string()).collect(),
            opportunity_types: types.to_vec(),
            submitted_at: at(sub),
            acknowledged_at: ack.map(at),
        }
    }

    fn ev(n: u128, to: &str, dir: Option<&str>) -> EventRow {
        EventRow {
            eoi_id: uuid::Uuid::from_u128(n),
            to_status: entity::from_stored_text(to).expect("a status"),
            directorate: dir.map(str::to_owned),
        }
    }

    /// Form 1 offered an interview, then a placement in Environment, started there and
    /// completed; form 2 offered work experience with no directorate recorded.
    fn known_events() -> Vec<EventRow> {
        vec![
            ev(1, "submitted", None),
            ev(1, "interview_offered", None),
            ev(1, "placement_offered", Some("environment")),
            ev(1, "started", Some("environment")),
            ev(1, "completed", None),
            ev(2, "submitted", None),
            ev(2, "work_experience_offered", None),
        ]
    }

    fn known_rows() -> Vec<ReportRow> {
        vec![
            row(
                Submitted,
                &["digital_and_it"],
                &[Apprenticeship],
                "2026-03-10T09:00:00Z",
                None,
            ),
            row(
                InReview,
                &["digital_and_it", "public_health"],
                &[Apprenticeship, WorkExperience],
                "2026-01-05T09:00:00Z",
                Some("2026-01-06T09:00:00Z"),
            ),
            row(
                Started,
                &["environment"],
                &[Apprenticeship],
                "2026-01-20T12:00:00Z",
                Some("2026-01-23T12:00:00Z"),
            ),
            row(
                Withdrawn,
                &[],
                &[MockInterview],
                "2026-01-31T23:30:00Z",
                None,
            ),
            row(
                NotProgressed,
                &["public_health"],
                &[Internship, CoachingMentoring],
                "2026-03-01T08:00:00Z",
                Some("2026-03-11T08:00:00Z"),
            ),
            row(
                Acknowledged,
                &["environment"],
                &[WorkExperience],
                "2026-03-02T08:00:00Z",
                Some("2026-03-04T08:00:00Z"),
            ),
        ]
    }

    fn counts(pairs: &[(&str, u64)]) -> Vec<Count> {
        pairs
            .iter()
            .map(|&(k, n)| Count {
                key: k.into(),
                count: n,
            })
            .collect()
    }

    #[test]
    fn the_report_on_known_data_gives_the_known_figures() {
        let report = build_report(&known_rows(), &known_events());
        assert_eq!(report.total, 6);
        assert_eq!(report.started, 1);
        assert_eq!(
            report.by_status,
            counts(&[
                ("submitted", 1),
                ("acknowledged", 1),
                ("in_review", 1),
                ("interview_offered", 0),
                ("work_experience_offered", 0),
                ("mock_interview_offered", 0),
                ("coaching_offered", 0),
                ("placement_offered", 0),
                ("started", 1),
                ("continuing", 0),
                ("completed", 0),
                ("left_early", 0),
                ("moved_on", 0),
                ("not_progressed", 1),
                ("withdrawn", 1)
            ])
        );
        assert_eq!(
            report.by_directorate,
            counts(&[
                ("any", 1),
                ("digital_and_it", 2),
                ("environment", 2),
                ("public_health", 2)
            ])
        );
        assert_eq!(
            report.by_opportunity_type,
            counts(&[
                ("apprenticeship", 3),
                ("work_experience", 2),
                ("mock_interview", 1),
                ("coaching_mentoring", 1),
                ("internship", 1)
            ])
        );
        assert_eq!(
            report.by_month,
            counts(&[("2026-01", 3), ("2026-02", 0), ("2026-03", 3)])
        );
        // Acknowledged after 1, 3, 10 and 2 days: the median of 1, 2, 3, 10 is 2.5.
        assert_eq!(report.median_days_to_acknowledgement, Some(2.5));
        assert_eq!(
            report.events_by_status,
            counts(&[
                ("completed", 1),
                ("interview_offered", 1),
                ("placement_offered", 1),
                ("started", 1),
                ("submitted", 2),
                ("work_experience_offered", 1)
            ])
        );
        assert_eq!(
            report.placements_offered_by_directorate,
            counts(&[("environment", 1), ("not_recorded", 1)])
        );
        assert_eq!(
            report.placements_started_by_directorate,
            counts(&[("environment", 1)])
        );
        assert_eq!(
            report.outcomes,
            counts(&[
                ("continuing", 0),
                ("completed", 1),
                ("left_early", 0),
                ("moved_on", 0)
            ])
        );
    }

    #[test]
    fn a_form_that_started_and_then_completed_still_counts_as_started_once() {
        let events = [
            ev(7, "started", Some("environment")),
            ev(7, "continuing", None),
            ev(7, "completed", None),
        ];
        let report = build_report(&[], &events);
        assert_eq!(report.started, 1);
    }

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_middle_two() {
        let cases: [(&[f64], Option<f64>); 5] = [
            (&[], None),
            (&[4.0], Some(4.0)),
            (&[5.0, 1.0, 3.0], Some(3.0)),
            (&[1.0, 2.0, 3.0, 10.0], Some(2.5)),
            (&[0.5, 0.25], Some(0.375)),
        ];
        for (values, expected) in cases {
            assert_eq!(median(values.to_vec()), expected, "{values:?}");
        }
    }

    #[test]
    fn no_acknowledgements_means_no_median_and_no_rows_means_an_empty_report() {
        let rows = vec![row(
            Submitted,
            &[],
            &[Apprenticeship],
            "2026-02-01T10:00:00Z",
            None,
        )];
        assert_eq!(
            build_report(&rows, &[]).median_days_to_acknowledgement,
            None
        );
        let empty = build_report(&[], &[]);
        assert_eq!((empty.total, empty.started), (0, 0));
        assert!(empty.by_month.is_empty() && empty.by_directorate.is_empty());
        assert!(empty.by_status.iter().all(|c| c.count == 0));
    }

    #[test]
    fn an_acknowledgement_before_submission_is_left_out_of_the_median() {
        let rows = vec![
            row(
                Acknowledged,
                &[],
                &[Apprenticeship],
                "2026-02-05T10:00:00Z",
                Some("2026-02-01T10:00:00Z"),
            ),
            row(
                Acknowledged,
                &[],
                &[Apprenticeship],
                "2026-02-05T10:00:00Z",
                Some("2026-02-05T22:00:00Z"),
            ),
        ];
        assert_eq!(
            build_report(&rows, &[]).median_days_to_acknowledgement,
            Some(0.5)
        );
    }

    #[test]
    fn a_directorate_named_twice_on_one_form_counts_once() {
        let rows = vec![row(
            Submitted,
            &["environment", "environment"],
            &[Apprenticeship],
            "2026-02-01T10:00:00Z",
            None,
        )];
        assert_eq!(
            build_report(&rows, &[]).by_directorate,
            counts(&[("environment", 1)])
        );
    }

    #[test]
    fn the_csv_lists_every_figure_in_long_form() {
        let csv = to_csv(&build_report(&known_rows(), &known_events()));
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "measure,key,value");
        assert_eq!(lines[1], "total,,6");
        for expected in [
            "status,in_review,1",
            "directorate,any,1",
            "opportunity_type,apprenticeship,3",
            "month,2026-02,0",
            "median_days_to_acknowledgement,,2.5",
            "started,,1",
            "event,submitted,2",
            "placement_offered,not_recorded,1",
            "placement_started,environment,1",
            "outcome,completed,1",
        ] {
            assert!(lines.contains(&expected), "missing {expected}");
        }
        assert_eq!(
            lines.len(),
            2 + EoiStatus::iter().len() + 4 + 5 + 3 + 6 + 2 + 1 + 4 + 2
        );
    }

    #[test]
    fn csv_keys_that_look_like_formulas_are_neutralised() {
        let rows = vec![row(
            Submitted,
            &["=HYPERLINK(\"x\")"],
            &[Apprenticeship],
            "2026-02-01T10:00:00Z",
            None,
        )];
        let csv = to_csv(&build_report(&rows, &[]));
        assert!(
            csv.contains("directorate,\"'=HYPERLINK(\"\"x\"\")\",1"),
            "{csv}"
        );
    }
}
