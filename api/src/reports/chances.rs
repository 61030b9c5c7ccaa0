//! The Chances4YOUth report for the Corporate Parenting Board: every figure counts events in
//! the period (forms received, history rows), never forms by where they are now.
//!
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Utc};
use entity::expression_of_interest::{AgeBand, EoiStatus};
use uuid::Uuid;

use super::figures::{Cell, Median, Period, Table, month_label};
use super::{BoardReport, ChartKind, ChartSpec};

/// The statuses that offer something (an interview, work experience, a mock interview,
/// coaching, a placement).
pub const OFFERS: [EoiStatus; 5] = [
    EoiStatus::InterviewOffered,
    EoiStatus::WorkExperienceOffered,
    EoiStatus::MockInterviewOffered,
    EoiStatus::CoachingOffered,
    EoiStatus::PlacementOffered,
];

/// The offers that are placements, counted by the directorate they are in.
pub const PLACEMENT_OFFERS: [EoiStatus; 2] = [
    EoiStatus::PlacementOffered,
    EoiStatus::WorkExperienceOffered,
];

/// Outcomes after a start, with their words.
pub const OUTCOMES: [(EoiStatus, &str); 4] = [
    (EoiStatus::Continuing, "Continuing (check-in)"),
    (EoiStatus::Completed, "Completed"),
    (EoiStatus::LeftEarly, "Left early"),
    (EoiStatus::MovedOn, "Moved into work or further training"),
];

/// One form, as much as the report needs (no personal data).
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    pub id: Uuid,
    pub submitted_at: DateTime<Utc>,
    pub age_band: AgeBand,
    pub opportunity_types: Vec<String>,
    /// Directorate ids the young person named; none means any part of the council.
    pub directorates: Vec<String>,
}

/// One history row: a form moved to `to_status` at `at`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub eoi_id: Uuid,
    pub to_status: EoiStatus,
    pub at: DateTime<Utc>,
    /// For placement offers and starts: the directorate id it is in.
    pub directorate: Option<String>,
}

/// Names for ids: the age bands, opportunity types and directorates, in the order to show.
pub struct Names {
    pub age_bands: Vec<AgeBand>,
    pub opportunity_types: Vec<(String, String)>,
    pub directorates: Vec<(String, String)>,
}

const ANY_DIRECTORATE: &str = "Any part of the council";
const NOT_RECORDED: &str = "Directorate not recorded";

fn in_period(period: Period, at: DateTime<Utc>) -> bool {
    period.contains(crate::age::uk_date(at))
}

/// The report for `period` from every form of the authority and their history rows.
pub fn build(
    period: &Period,
    names: &Names,
    forms: &[FormRow],
    events: &[EventRow],
) -> BoardReport {
    let received: Vec<&FormRow> = forms
        .iter()
        .filter(|f| in_period(*period, f.submitted_at))
        .collect();

    let mut by_band = Table::new(
        "forms_by_age_band",
        "Forms received, by age band",
        &["Age band", "Forms received"],
    );
    for &band in &names.age_bands {
        let n = received.iter().filter(|f| f.age_band == band).count();
        by_band = by_band.row(band.to_string(), vec![Cell::count(n)]);
    }
    by_band = by_band.row("All ages", vec![Cell::count(received.len())]);

    let by_type = Table::new(
        "forms_by_opportunity_type",
        "Forms received, by the kind of opportunity asked for (a form can ask for several)",
        &["Opportunity", "Forms asking for it"],
    );
    let by_type = count_by_choice(by_type, &names.opportunity_types, &received, |f| {
        &f.opportunity_types
    });

    let wanted = Table::new(
        "forms_by_directorate_wanted",
        "Forms received, by the directorate the young person would like to work in",
        &["Directorate wanted", "Forms naming it"],
    );
    let mut wanted = count_by_choice(wanted, &names.directorates, &received, |f| &f.directorates);
    let any = received
        .iter()
        .filter(|f| f.directorates.is_empty())
        .count();
    wanted = wanted.row(ANY_DIRECTORATE, vec![Cell::count(any)]);

    let mut by_month = Table::new(
        "forms_by_month",
        "Forms received, by month",
        &["Month", "Forms received"],
    );
    for first in period.months() {
        let n = received
            .iter()
            .filter(|f| {
                let day = crate::age::uk_date(f.submitted_at);
                (day.year(), day.month()) == (first.year(), first.month())
            })
            .count();
        by_month = by_month.row(month_label(first), vec![Cell::count(n)]);
    }

    let happened: Vec<&EventRow> = events.iter().filter(|e| in_period(*period, e.at)).collect();
    let placements = placements_table(names, &happened);

    let mut outcomes = Table::new(
        "outcomes",
        "Outcomes recorded after a start",
        &["Outcome", "Recorded in the period"],
    );
    for (status, words) in OUTCOMES {
        let n = happened.iter().filter(|e| e.to_status == status).count();
        outcomes = outcomes.row(words, vec![Cell::count(n)]);
    }

    let (to_response, to_offer) = waits(*period, forms, events);
    let times = Table::new(
        "response_times",
        "How long young people waited (median days, for replies and offers made in the period)",
        &["From the form to", "Median days"],
    )
    .row(
        "The first reply",
        vec![Cell::Median(Median::of(to_response))],
    )
    .row("The first offer", vec![Cell::Median(Median::of(to_offer))]);

    BoardReport {
        tables: vec![
            by_band, by_type, wanted, by_month, placements, outcomes, times,
        ],
        charts: vec![
            ChartSpec {
                table: "forms_by_month",
                kind: ChartKind::Line,
                title: "Forms received each month".into(),
            },
            ChartSpec {
                table: "placements_by_directorate",
                kind: ChartKind::Bar,
                title: "Placements offered, by directorate".into(),
            },
            ChartSpec {
                table: "outcomes",
                kind: ChartKind::Bar,
                title: "Outcomes recorded after a start".into(),
            },
        ],
    }
}

/// `table` with a row for each of `choices` (id, label): how many `received` forms name the id
/// in the list `named` picks out (a form can name several).
fn count_by_choice(
    mut table: Table,
    choices: &[(String, String)],
    received: &[&FormRow],
    named: impl Fn(&FormRow) -> &[String],
) -> Table {
    for (id, label) in choices {
        let n = received.iter().filter(|f| named(f).contains(id)).count();
        table = table.row(label.clone(), vec![Cell::count(n)]);
    }
    table
}

/// Placements offered and started in the period, by the directorate on the history row.
fn placements_table(names: &Names, happened: &[&EventRow]) -> Table {
    let mut counts: BTreeMap<Option<&str>, (usize, usize)> = BTreeMap::new();
    for e in happened {
        let key = e.directorate.as_deref();
        if PLACEMENT_OFFERS.contains(&e.to_status) {
            counts.entry(key).or_default().0 += 1;
        } else if e.to_status == EoiStatus::Started {
            counts.entry(key).or_default().1 += 1;
        }
    }
    let mut table = Table::new(
        "placements_by_directorate",
        "Placements (including work experience) offered and started, by directorate",
        &["Directorate", "Placements offered", "Placements started"],
    );
    for (id, label) in &names.directorates {
        let (offered, started) = counts.remove(&Some(id.as_str())).unwrap_or_default();
        table = table.row(
            label.clone(),
            vec![Cell::count(offered), Cell::count(started)],
        );
    }
    // Ids no longer on the list, then rows with none recorded (older offers).
    let missing = counts.remove(&None);
    for (id, (offered, started)) in counts {
        table = table.row(
            id.unwrap_or(NOT_RECORDED),
            vec![Cell::count(offered), Cell::count(started)],
        );
    }
    if let Some((offered, started)) = missing {
        table = table.row(
            NOT_RECORDED,
            vec![Cell::count(offered), Cell::count(started)],
        );
    }
    table
}

/// Days from each form to its first reply, and to its first offer, for those that happened
/// in the period.
fn waits(period: Period, forms: &[FormRow], events: &[EventRow]) -> (Vec<f64>, Vec<f64>) {
    let submitted: HashMap<Uuid, DateTime<Utc>> =
        forms.iter().map(|f| (f.id, f.submitted_at)).collect();
    let mut first_reply: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    let mut first_offer: HashMap<Uuid, DateTime<Utc>> = HashMap::new();
    for e in events
        .iter()
        .filter(|e| e.to_status != EoiStatus::Submitted)
    {
        let earlier = |slot: Option<&DateTime<Utc>>| slot.is_none_or(|t| e.at < *t);
        if earlier(first_reply.get(&e.eoi_id)) {
            first_reply.insert(e.eoi_id, e.at);
        }
        if OFFERS.contains(&e.to_status) && earlier(first_offer.get(&e.eoi_id)) {
            first_offer.insert(e.eoi_id, e.at);
        }
    }
    let days = |firsts: HashMap<Uuid, DateTime<Utc>>| -> Vec<f64> {
        firsts
            .into_iter()
            .filter(|(_, at)| in_period(period, *at))
            .filter_map(|(id, at)| {
                let seconds = (at - *submitted.get(&id)?).num_seconds();
                // A reply recorded before the form is bad data, not a fast reply.
                (seconds >= 0).then(|| seconds as f64 / 86_400.0)
            })
            .collect()
    };
    (days(first_reply), days(first_offer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::figures::{Figure, Row};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn names() -> Names {
        Names {
            age_bands: vec![AgeBand::Aged16To17, AgeBand::Aged18To21],
            opportunity_types: vec![
                ("apprenticeship".into(), "Apprenticeship".into()),
                ("work_experience".into(), "Work experience".into()),
            ],
            directorates: vec![
                ("digital_and_it".into(), "Digital and IT".into()),
                ("environment".into(), "Environment".into()),
            ],
        }
    }

    fn form(n: u128, sub: &str, band: AgeBand, dirs: &[&str]) -> FormRow {
        FormRow {
            id: id(n),
            submitted_at: at(sub),
            age_band: band,
            opportunity_types: vec!["apprenticeship".into()],
            directorates: dirs.iter().map(|d| (*d).to_owned()).collect(),
        }
    }

    fn event(n: u128, to: &str, when: &str, dir: Option<&str>) -> EventRow {
        EventRow {
            eoi_id: id(n),
            to_status: entity::from_stored_text(to).expect("a status"),
            at: at(when),
            directorate: dir.map(str::to_owned),
        }
    }

    fn cells(table: &Table) -> Vec<(String, Vec<Cell>)> {
        table
            .rows
            .iter()
            .map(|Row { label, cells }| (label.clone(), cells.clone()))
            .collect()
    }

    fn table<'a>(report: &'a BoardReport, id: &str) -> &'a Table {
        report.tables.iter().find(|t| t.id == id).unwrap()
    }

    #[test]
    fn offers_and_starts_count_as_events_by_the_directorate_on_the_history_row() {
        let period = Period::financial_year(2026);
        // Six forms in Digital and IT each offered, then started; one offered in March 2026
        // (before the period) and started in April (counts as a start only); one in
        // Environment offered twice in the period (two offers: events, not forms).
        let mut events = Vec::new();
        for n in 1..=6 {
            events.push(event(
                n,
                "placement_offered",
                "2026-05-01T10:00:00Z",
                Some("digital_and_it"),
            ));
            events.push(event(
                n,
                "started",
                "2026-06-01T10:00:00Z",
                Some("digital_and_it"),
            ));
            events.push(event(n, "completed", "2026-09-01T10:00:00Z", None));
        }
        events.push(event(
            7,
            "placement_offered",
            "2026-03-20T10:00:00Z",
            Some("digital_and_it"),
        ));
        events.push(event(
            7,
            "started",
            "2026-04-02T10:00:00Z",
            Some("digital_and_it"),
        ));
        events.push(event(
            8,
            "work_experience_offered",
            "2026-07-01T10:00:00Z",
            Some("environment"),
        ));
        events.push(event(
            8,
            "placement_offered",
            "2026-08-01T10:00:00Z",
            Some("environment"),
        ));
        events.push(event(
            9,
            "work_experience_offered",
            "2026-07-01T10:00:00Z",
            None,
        ));

        let report = build(&period, &names(), &[], &events);

        assert_eq!(
            cells(table(&report, "placements_by_directorate")),
            vec![
                (
                    "Digital and IT".into(),
                    vec![Cell::count(6), Cell::count(7)]
                ),
                (
                    "Environment".into(),
                    vec![Cell::Count(Figure::FewerThanFive), Cell::count(0)]
                ),
                (
                    NOT_RECORDED.into(),
                    vec![Cell::Count(Figure::FewerThanFive), Cell::count(0)]
                ),
            ]
        );
        assert_eq!(
            table(&report, "outcomes").rows[1],
            Row::new("Completed", vec![Cell::count(6)])
        );
    }

    #[test]
    fn forms_count_when_received_in_the_period_and_waits_when_the_reply_is_in_it() {
        let period = Period::financial_year(2026);
        let mut forms = Vec::new();
        let mut events = Vec::new();
        // Forms 1–5 received in April, replied after 1, 2, 3, 4 and 8 days, offered after 5, 6,
        // 7, 8 and 9 days (median 7). Form 6 received in March 2026: not counted as received,
        // but its reply on 2 April (2 days later) counts in the median of six replies:
        // 1, 2, 2, 3, 4, 8 → (2 + 3) / 2 = 2.5.
        for (n, reply, offer) in [(1, 1, 5), (2, 2, 6), (3, 3, 7), (4, 4, 8), (5, 8, 9)] {
            forms.push(form(
                n,
                "2026-04-10T09:00:00Z",
                AgeBand::Aged18To21,
                &["environment"],
            ));
            let day = |d: u32| format!("2026-04-{:02}T09:00:00Z", 10 + d);
            events.push(event(n, "submitted", "2026-04-10T09:00:00Z", None));
            events.push(event(n, "acknowledged", &day(reply), None));
            events.push(event(n, "interview_offered", &day(offer), None));
        }
        forms.push(form(6, "2026-03-31T09:00:00Z", AgeBand::Aged16To17, &[]));
        events.push(event(6, "acknowledged", "2026-04-02T09:00:00Z", None));

        let report = build(&period, &names(), &forms, &events);

        assert_eq!(
            cells(table(&report, "forms_by_age_band")),
            vec![
                ("16-17".into(), vec![Cell::count(0)]),
                ("18-21".into(), vec![Cell::count(5)]),
                ("All ages".into(), vec![Cell::count(5)]),
            ]
        );
        assert_eq!(
            table(&report, "forms_by_directorate_wanted").rows[1],
            Row::new("Environment", vec![Cell::count(5)])
        );
        assert_eq!(
            table(&report, "forms_by_month").rows[0],
            Row::new("Apr 2026", vec![Cell::count(5)])
        );
        assert_eq!(
            cells(table(&report, "response_times")),
            vec![
                (
                    "The first reply".into(),
                    vec![Cell::Median(Median::Days(2.5))]
                ),
                (
                    "The first offer".into(),
                    vec![Cell::Median(Median::Days(7.0))]
                ),
            ]
        );
    }
}
