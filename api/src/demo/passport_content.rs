//! Demo passports that read like real ones written by Dudley Children in Care nurses.
//!
//! Every date is relative to the young person's date of birth and "today" (and clamped between
//! them), so the demo stays valid whenever it is loaded. Names, NHS numbers (999 test range),
//! phone numbers (Ofcom drama range) and e-mail addresses (example.org) are fictitious; GP and
//! dental practice ODS codes and the help services are real.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use serde_json::{Value, json};

use super::stories;
use crate::passport::immunisations::due_doses;
use crate::passport::model::PassportContent;
use crate::passport::stamp::stamp;

/// The three demo young people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoStory {
    /// Kayleigh: asthma, penicillin allergy, second MMR missing, CAMHS then Lighthouse Links.
    AsthmaAndAnxiety,
    /// Jay: autism with an EHCP, born early, speech and language therapy, glasses.
    AutismWithEhcp,
    /// Amira: type 1 diabetes on insulin, preparing for university.
    TypeOneDiabetes,
}

impl DemoStory {
    pub const ALL: [DemoStory; 3] = [
        DemoStory::AsthmaAndAnxiety,
        DemoStory::AutismWithEhcp,
        DemoStory::TypeOneDiabetes,
    ];

    /// The named nurse who writes (and stamps) this passport.
    pub fn nurse(self) -> &'static str {
        match self {
            DemoStory::AsthmaAndAnxiety | DemoStory::TypeOneDiabetes => "Sarah Bennett",
            DemoStory::AutismWithEhcp => "Priya Kaur",
        }
    }

    fn build(self, dates: &Dates, later: bool) -> PassportContent {
        let value = match self {
            DemoStory::AsthmaAndAnxiety => stories::kayleigh(dates, later),
            DemoStory::AutismWithEhcp => stories::jay(dates, later),
            DemoStory::TypeOneDiabetes => stories::amira(dates, later),
        };
        // The JSON is ours and covered by tests; an empty passport would make them fail.
        serde_json::from_value(value).unwrap_or_default()
    }
}

/// Two stamped versions of a story, oldest first: the first passport as written about five
/// months before `today`, and the current one (new checks, scores and the young person's own
/// words), stamped so that unchanged entries keep their first stamps.
pub fn demo_versions(
    story: DemoStory,
    date_of_birth: NaiveDate,
    today: NaiveDate,
) -> Vec<PassportContent> {
    let earlier = months_before(today, 5).max(date_of_birth);
    let mut first = story.build(&Dates::new(date_of_birth, earlier), false);
    stamp(&mut first, None, story.nurse(), time(earlier, 11));
    let mut latest = story.build(&Dates::new(date_of_birth, today), true);
    let written = today
        .checked_sub_days(Days::new(2))
        .unwrap_or(today)
        .max(earlier);
    stamp(&mut latest, Some(&first), story.nurse(), time(written, 15));
    vec![first, latest]
}

/// The current passport for `story`.
pub fn demo_passport(
    story: DemoStory,
    date_of_birth: NaiveDate,
    today: NaiveDate,
) -> PassportContent {
    demo_versions(story, date_of_birth, today)
        .pop()
        .unwrap_or_default()
}

/// The current passports of all three stories for someone born on `date_of_birth`.
pub fn demo_passports(date_of_birth: NaiveDate, today: NaiveDate) -> Vec<PassportContent> {
    DemoStory::ALL
        .iter()
        .map(|s| demo_passport(*s, date_of_birth, today))
        .collect()
}

fn months_before(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months)).unwrap_or(date)
}

fn time(date: NaiveDate, hour: u32) -> DateTime<Utc> {
    date.and_hms_opt(hour, 0, 0).unwrap_or_default().and_utc()
}

/// Dates for a story, relative to birth and today.
pub(super) struct Dates {
    pub dob: NaiveDate,
    pub today: NaiveDate,
}

impl Dates {
    fn new(dob: NaiveDate, today: NaiveDate) -> Self {
        Self { dob, today }
    }

    /// Within birth .. today (without `Ord::clamp`, which panics if birth is after today).
    pub fn clamp(&self, date: NaiveDate) -> NaiveDate {
        date.min(self.today).max(self.dob)
    }

    /// The date at an age, if that has happened (else today).
    pub fn age(&self, years: u32, months: u32) -> NaiveDate {
        let date = self
            .dob
            .checked_add_months(Months::new(years * 12 + months));
        self.clamp(date.unwrap_or(self.today))
    }

    /// `days` after `date`, not beyond today.
    pub fn plus_days(&self, date: NaiveDate, days: u64) -> NaiveDate {
        self.clamp(date.checked_add_days(Days::new(days)).unwrap_or(date))
    }

    pub fn ago(&self, months: u32) -> NaiveDate {
        self.clamp(months_before(self.today, months))
    }

    /// A due date `months` ahead of today.
    pub fn ahead(&self, months: u32) -> NaiveDate {
        self.today
            .checked_add_months(Months::new(months))
            .unwrap_or(self.today)
    }

    /// An initial health assessment at an age, then yearly reviews up to today.
    pub fn assessments(&self, years: u32, months: u32) -> Vec<Value> {
        let mut list = vec![json!({"kind": "initial", "date": self.age(years, months),
            "notes": "Initial health assessment on coming into care."})];
        for k in 1..=10 {
            let date = self
                .dob
                .checked_add_months(Months::new((years + k) * 12 + months));
            match date {
                Some(date) if date <= self.today => {
                    list.push(json!({"kind": "review", "date": date}))
                }
                _ => break,
            }
        }
        list
    }

    /// The routine doses due by today, given two weeks after they fell due, as the child health
    /// record names them; `missing` lists (programme, dose) pairs that were never given.
    pub fn routine_immunisations(&self, missing: &[(&str, u32)]) -> Vec<Value> {
        let five_in_one = NaiveDate::from_ymd_opt(2017, 8, 1).is_some_and(|d| self.dob < d);
        due_doses(self.dob, self.today)
            .into_iter()
            .filter(|dose| !missing.contains(&(dose.programme, dose.dose_number)))
            .map(|dose| {
                let vaccine = match dose.programme {
                    "six_in_one" if five_in_one => "DTaP/IPV/Hib (5-in-1)",
                    "six_in_one" => "6-in-1 (DTaP/IPV/Hib/HepB)",
                    "rotavirus" => "Rotavirus (Rotarix)",
                    "menb" => "MenB (Bexsero)",
                    "pcv" => "PCV (Prevenar 13)",
                    "hib_menc" => "Hib/MenC",
                    "mmr" => "MMR",
                    "four_in_one" => "4-in-1 pre-school booster (DTaP/IPV)",
                    "hpv" => "HPV (Gardasil)",
                    "td_ipv" => "Td/IPV (3-in-1 teenage booster)",
                    _ => "MenACWY",
                };
                let date = self.plus_days(dose.due_from, 14);
                json!({"vaccine": vaccine, "date": date, "dose_number": dose.dose_number})
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passport::immunisations::gaps;
    use crate::passport::model::SectionId;
    use crate::passport::validate::validate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    /// Ages from just 16 to 24, on a few "todays".
    fn births_and_todays() -> Vec<(NaiveDate, NaiveDate)> {
        let todays = [day(2026, 1, 15), day(2026, 8, 31), day(2030, 2, 28)];
        let ages = [(16, 0), (17, 6), (18, 0), (19, 11), (24, 3)];
        let mut pairs = Vec::new();
        for today in todays {
            for (years, months) in ages {
                pairs.push((months_before(today, years * 12 + months), today));
            }
        }
        pairs
    }

    #[test]
    fn every_demo_version_passes_validation_for_any_care_leaver_age() {
        for (dob, today) in births_and_todays() {
            for story in DemoStory::ALL {
                for (n, version) in demo_versions(story, dob, today).iter().enumerate() {
                    let result = validate(version, dob, today);
                    assert_eq!(result, Ok(()), "{story:?} v{} born {dob} on {today}", n + 1);
                }
            }
        }
    }

    #[test]
    fn the_current_demo_passports_fill_in_every_section_and_are_stamped() {
        let (dob, today) = (day(2008, 7, 10), day(2026, 1, 15));
        for (story, passport) in DemoStory::ALL.iter().zip(demo_passports(dob, today)) {
            for section in SectionId::ALL {
                assert!(passport.has(section), "{story:?} has {section:?}");
            }
            let medicines = passport.medicines.unwrap_or_default();
            assert!(
                medicines
                    .iter()
                    .all(|m| m.recorded_by.as_deref() == Some(story.nurse()))
            );
        }
    }

    #[test]
    fn only_kayleigh_is_missing_a_routine_immunisation_her_second_mmr() {
        let (dob, today) = (day(2008, 7, 10), day(2026, 1, 15));
        for story in DemoStory::ALL {
            let passport = demo_passport(story, dob, today);
            let found = gaps(&passport.immunisations.unwrap_or_default(), dob, today);
            let summary: Vec<(String, u32)> = found
                .into_iter()
                .map(|g| (g.programme, g.dose_number))
                .collect();
            let expected = match story {
                DemoStory::AsthmaAndAnxiety => vec![("mmr".to_owned(), 2)],
                _ => vec![],
            };
            assert_eq!(summary, expected, "{story:?}");
        }
    }

    #[test]
    fn the_later_version_keeps_the_first_stamps_on_what_did_not_change() {
        let (dob, today) = (day(2008, 7, 10), day(2026, 1, 15));
        let versions = demo_versions(DemoStory::AsthmaAndAnxiety, dob, today);
        let allergy_stamp = |v: &PassportContent| {
            let allergies = v.allergies.clone().unwrap_or_default();
            allergies.first().and_then(|a| a.recorded_at)
        };
        assert_eq!(allergy_stamp(&versions[0]), allergy_stamp(&versions[1]));
        assert!(allergy_stamp(&versions[0]).is_some());
        assert!(versions[0].my_own_words.is_none() && versions[1].my_own_words.is_some());
    }
}
