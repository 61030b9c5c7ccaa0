//! Gaps in a young person's immunisation record against the UK routine schedule
//! (`super::schedule`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::clinical::Immunisation;
use super::schedule::{Programme, SCHEDULE, applies, recognise_vaccine};

/// A routine dose the young person should have had by now but which is not in their record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "programme": "mmr", "vaccine": "MMR (measles, mumps and rubella)", "dose_number": 2,
    "doses_in_course": 2, "due_from": "2011-09-01", "status": "incomplete",
    "catch_up_possible": true
}))]
pub struct ImmunisationGap {
    /// Stable programme id, e.g. `mmr`, `td_ipv`.
    pub programme: String,
    pub vaccine: String,
    pub dose_number: u32,
    pub doses_in_course: u32,
    pub due_from: NaiveDate,
    pub status: GapStatus,
    /// False when the dose can no longer be given at the young person's age.
    pub catch_up_possible: bool,
}

/// Nothing recorded for the programme, or some doses but not all that are due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GapStatus {
    Missing,
    Incomplete,
}

/// A routine dose due for someone born on a given date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDose {
    pub programme: &'static str,
    pub vaccine: &'static str,
    pub dose_number: u32,
    pub doses_in_course: u32,
    pub due_from: NaiveDate,
}

/// The doses of `programme` due by `today`: (dose number, due date).
fn due_in(programme: &Programme, born: NaiveDate, today: NaiveDate) -> Vec<(u32, NaiveDate)> {
    (1u32..)
        .zip(programme.doses)
        .filter_map(|(n, age)| Some((n, age.after(born)?)))
        .filter(|(_, due)| *due <= today)
        .collect()
}

/// Every routine dose for someone born on `date_of_birth` that was due on or before `today`,
/// in schedule order.
pub fn due_doses(date_of_birth: NaiveDate, today: NaiveDate) -> Vec<DueDose> {
    let programmes = SCHEDULE.iter().filter(|p| applies(p, date_of_birth));
    programmes
        .flat_map(|p| {
            due_in(p, date_of_birth, today)
                .into_iter()
                .map(|(dose_number, due_from)| DueDose {
                    programme: p.id,
                    vaccine: p.name,
                    dose_number,
                    doses_in_course: p.doses.len() as u32,
                    due_from,
                })
        })
        .collect()
}

/// The routine doses due by `today` that `immunisations` does not show, earliest first.
///
/// Records are matched to programmes by name (aliases and brand names); a record with a dose
/// number counts as that dose, one without fills the lowest dose not yet accounted for.
/// Unrecognised vaccines (flu, BCG, travel) are ignored.
pub fn gaps(
    immunisations: &[Immunisation],
    date_of_birth: NaiveDate,
    today: NaiveDate,
) -> Vec<ImmunisationGap> {
    // Each record is recognised once, not once per programme.
    let recognised: Vec<(Option<&str>, &Immunisation)> = (immunisations.iter())
        .map(|i| (recognise_vaccine(&i.vaccine), i))
        .collect();
    let mut gaps = Vec::new();
    for programme in SCHEDULE.iter().filter(|p| applies(p, date_of_birth)) {
        let records: Vec<&Immunisation> = (recognised.iter())
            .filter(|(id, _)| *id == Some(programme.id))
            .map(|(_, i)| *i)
            .collect();
        let mut given = vec![false; programme.doses.len()];
        for n in records.iter().filter_map(|r| r.dose_number) {
            let index = (n as usize).checked_sub(1);
            if let Some(slot) = index.and_then(|i| given.get_mut(i)) {
                *slot = true;
            }
        }
        for _ in records.iter().filter(|r| r.dose_number.is_none()) {
            if let Some(slot) = given.iter_mut().find(|g| !**g) {
                *slot = true;
            }
        }
        let catch_up_possible = (programme.catch_up_until)
            .is_none_or(|age| age.after(date_of_birth).is_some_and(|until| today < until));
        let status = if records.is_empty() {
            GapStatus::Missing
        } else {
            GapStatus::Incomplete
        };
        for (dose_number, due_from) in due_in(programme, date_of_birth, today) {
            if given.get(dose_number as usize - 1) == Some(&true) {
                continue;
            }
            gaps.push(ImmunisationGap {
                programme: programme.id.to_owned(),
                vaccine: programme.name.to_owned(),
                dose_number,
                doses_in_course: programme.doses.len() as u32,
                due_from,
                status,
                catch_up_possible,
            });
        }
    }
    gaps.sort_by_key(|g| g.due_from);
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn record(vaccine: &str, dose_number: Option<u32>) -> Immunisation {
        let (vaccine, date) = (vaccine.to_owned(), None);
        Immunisation {
            vaccine,
            date,
            dose_number,
            recorded_by: None,
            recorded_at: None,
        }
    }

    /// A complete routine history for someone born in 2008, as a child health record lists it.
    fn complete_2008() -> Vec<Immunisation> {
        let names = [
            "DTaP/IPV/Hib (5-in-1)",
            "5-in-1",
            "Pediacel",
            "PCV",
            "Prevenar 13",
            "PCV booster",
            "Hib/MenC",
            "MMR",
            "MMR vaccine",
            "4-in-1 pre-school booster",
            "HPV (Gardasil)",
            "Td/IPV",
            "MenACWY",
            "Flu nasal spray",
            "BCG",
        ];
        names.iter().map(|n| record(n, None)).collect()
    }

    fn summary(gaps: &[ImmunisationGap]) -> Vec<(String, u32, GapStatus)> {
        gaps.iter()
            .map(|g| (g.programme.clone(), g.dose_number, g.status))
            .collect()
    }

    #[test]
    fn gaps_follow_the_schedule_for_the_young_persons_age_and_cohort() {
        let born_2008 = day(2008, 5, 1);
        let mut without_second_mmr = complete_2008();
        without_second_mmr.retain(|r| r.vaccine != "MMR vaccine");
        let mmr_two_only = vec![record("MMR", Some(2))];
        type Case = (
            &'static str,
            Vec<Immunisation>,
            NaiveDate,
            NaiveDate,
            Vec<(&'static str, u32, GapStatus)>,
        );
        use GapStatus::{Incomplete as I, Missing as X};
        let cases: Vec<Case> = vec![
            (
                "complete history",
                complete_2008(),
                born_2008,
                day(2026, 1, 15),
                vec![],
            ),
            (
                "second MMR missing",
                without_second_mmr,
                born_2008,
                day(2026, 1, 15),
                vec![("mmr", 2, I)],
            ),
            (
                "dose number 2 recorded, dose 1 not",
                mmr_two_only,
                born_2008,
                day(2009, 12, 1),
                vec![
                    ("six_in_one", 1, X),
                    ("pcv", 1, X),
                    ("six_in_one", 2, X),
                    ("six_in_one", 3, X),
                    ("pcv", 2, X),
                    ("pcv", 3, X),
                    ("hib_menc", 1, X),
                    ("mmr", 1, I),
                ],
            ),
            (
                "nothing due at seven weeks",
                vec![],
                day(2025, 3, 3),
                day(2025, 4, 20),
                vec![],
            ),
            (
                "infant born 2025 at ten weeks",
                vec![],
                day(2025, 3, 3),
                day(2025, 5, 12),
                vec![("six_in_one", 1, X), ("rotavirus", 1, X), ("menb", 1, X)],
            ),
            (
                "born 2003: no PCV, Hib/MenC or HPV expected",
                vec![],
                day(2003, 2, 1),
                day(2017, 2, 1),
                vec![
                    ("six_in_one", 1, X),
                    ("six_in_one", 2, X),
                    ("six_in_one", 3, X),
                    ("mmr", 1, X),
                    ("mmr", 2, X),
                    ("four_in_one", 1, X),
                    ("td_ipv", 1, X),
                    ("menacwy", 1, X),
                ],
            ),
        ];
        for (why, records, born, today, expected) in cases {
            let expected: Vec<(String, u32, GapStatus)> = expected
                .into_iter()
                .map(|(p, n, s)| (p.to_owned(), n, s))
                .collect();
            assert_eq!(summary(&gaps(&records, born, today)), expected, "{why}");
        }
    }

    #[test]
    fn a_missed_dose_that_can_no_longer_be_given_is_flagged_as_such() {
        let found = gaps(&[], day(2015, 9, 1), day(2026, 1, 15));
        let catch_up = |id: &str| {
            let gap = found.iter().find(|g| g.programme == id);
            gap.map(|g| g.catch_up_possible)
        };
        assert_eq!(catch_up("rotavirus"), Some(false));
        assert_eq!(catch_up("four_in_one"), Some(false));
        assert_eq!(catch_up("mmr"), Some(true));
        assert_eq!(catch_up("hpv"), None, "not due until 13");
    }

    #[test]
    fn due_doses_list_each_dose_with_its_date() {
        let due = due_doses(day(2008, 5, 1), day(2009, 6, 1));
        let mmr = due.iter().find(|d| d.programme == "mmr");
        assert_eq!(
            mmr.map(|d| (d.dose_number, d.doses_in_course, d.due_from)),
            Some((1, 2, day(2009, 5, 1)))
        );
        assert_eq!(due.len(), 3 + 3 + 1 + 1, "6-in-1, PCV, Hib/MenC, MMR 1");
    }
}
