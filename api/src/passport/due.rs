//! Which passports are due: the nurses' work list (`GET /v1/passports/due`).
//!
//! A passport should be ready by the 18th birthday, so care leavers appear from 17½ until one is
//! published (overdue after the birthday). Separately, child health records stop holding
//! immunisation history at 19: care leavers within six months of 19 whose passport (published
//! or draft) records no immunisations are listed so the history can be copied in first.

use chrono::{Months, NaiveDate};
use uuid::Uuid;

use super::views::{DueImmunisations, DueList, DueWithoutPassport};

/// What the rule needs to know about one care leaver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueFacts {
    pub id: Uuid,
    pub name: String,
    pub preferred_name: Option<String>,
    pub date_of_birth: NaiveDate,
    pub nurse_id: Option<Uuid>,
    pub has_published: bool,
    pub has_draft: bool,
    /// Any immunisation entry in the latest published version or the draft.
    pub immunisations_recorded: bool,
}

/// The date `months` after birth. Whole years are birthdays, so they follow the shared age
/// rule (a 29 February birthday falls on 1 March in ordinary years); half years are counted in
/// months from the date of birth.
fn at_age(date_of_birth: NaiveDate, months: u32) -> Option<NaiveDate> {
    let birthday = crate::age::birthday(date_of_birth, months / 12)?;
    match months % 12 {
        0 => Some(birthday),
        _ => date_of_birth.checked_add_months(Months::new(months)),
    }
}

const LISTED_FROM: u32 = 17 * 12 + 6;
const DUE_BY: u32 = 18 * 12;
const IMMUNISATIONS_FROM: u32 = 18 * 12 + 6;
const IMMUNISATIONS_BY: u32 = 19 * 12;

/// Whether `on` falls in the six months before the 19th birthday.
pub fn approaching_19(date_of_birth: NaiveDate, on: NaiveDate) -> bool {
    let from = at_age(date_of_birth, IMMUNISATIONS_FROM);
    let nineteenth_birthday = at_age(date_of_birth, IMMUNISATIONS_BY);
    from.is_some_and(|from| from <= on) && nineteenth_birthday.is_some_and(|b| on < b)
}

/// Builds the due list for `on`.
pub fn due_list(leavers: &[DueFacts], on: NaiveDate) -> DueList {
    let mut without_passport: Vec<DueWithoutPassport> = leavers
        .iter()
        .filter(|l| !l.has_published)
        .filter_map(|l| {
            let listed_from = at_age(l.date_of_birth, LISTED_FROM)?;
            let due_by = at_age(l.date_of_birth, DUE_BY)?;
            (on >= listed_from).then(|| DueWithoutPassport {
                care_leaver_id: l.id,
                name: l.name.clone(),
                preferred_name: l.preferred_name.clone(),
                date_of_birth: l.date_of_birth,
                due_by,
                overdue: on > due_by,
                has_draft: l.has_draft,
                nurse_id: l.nurse_id,
            })
        })
        .collect();
    without_passport.sort_by(|a, b| (a.due_by, &a.name).cmp(&(b.due_by, &b.name)));

    let mut immunisations: Vec<DueImmunisations> = leavers
        .iter()
        .filter(|l| !l.immunisations_recorded && approaching_19(l.date_of_birth, on))
        .filter_map(|l| {
            let nineteenth_birthday = at_age(l.date_of_birth, IMMUNISATIONS_BY)?;
            Some(DueImmunisations {
                care_leaver_id: l.id,
                name: l.name.clone(),
                preferred_name: l.preferred_name.clone(),
                date_of_birth: l.date_of_birth,
                nineteenth_birthday,
                has_published_passport: l.has_published,
                nurse_id: l.nurse_id,
            })
        })
        .collect();
    immunisations
        .sort_by(|a, b| (a.nineteenth_birthday, &a.name).cmp(&(b.nineteenth_birthday, &b.name)));

    DueList {
        on,
        without_passport,
        approaching_19_without_immunisations: immunisations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn leaver(n: u128, born: NaiveDate, published: bool, immunisations: bool) -> DueFacts {
        DueFacts {
            id: Uuid::from_u128(n),
            name: format!("Young person {n}"),
            preferred_name: None,
            date_of_birth: born,
            nurse_id: None,
            has_published: published,
            has_draft: false,
            immunisations_recorded: immunisations,
        }
    }

    /// (listed without a passport, overdue) for someone born 10 March 2008 on each day.
    #[test]
    fn care_leavers_are_listed_from_17_and_a_half_and_overdue_after_their_18th_birthday() {
        let born = day(2008, 3, 10);
        let cases = [
            ("the day before 17½", day(2025, 9, 9), None),
            ("17½", day(2025, 9, 10), Some(false)),
            ("the day before 18", day(2026, 3, 9), Some(false)),
            ("the 18th birthday", day(2026, 3, 10), Some(false)),
            ("the day after", day(2026, 3, 11), Some(true)),
            ("aged 21", day(2029, 6, 1), Some(true)),
        ];
        for (when, on, expected) in cases {
            let list = due_list(&[leaver(1, born, false, true)], on);
            let found = list.without_passport.first().map(|d| d.overdue);
            assert_eq!(found, expected, "{when}");
            if let Some(entry) = list.without_passport.first() {
                assert_eq!(entry.due_by, day(2026, 3, 10));
            }
        }
        let published = due_list(&[leaver(1, born, true, true)], day(2026, 6, 1));
        assert!(published.without_passport.is_empty());
    }

    #[test]
    fn the_list_is_ordered_by_18th_birthday() {
        let leavers = [
            leaver(1, day(2008, 5, 1), false, true),
            leaver(2, day(2007, 1, 1), false, true),
            leaver(3, day(2008, 4, 1), false, true),
        ];
        let list = due_list(&leavers, day(2026, 1, 15));
        let order: Vec<u128> = (list.without_passport.iter())
            .map(|d| d.care_leaver_id.as_u128())
            .collect();
        assert_eq!(order, [2, 3, 1]);
        let overdue: Vec<bool> = list.without_passport.iter().map(|d| d.overdue).collect();
        assert_eq!(overdue, [true, false, false]);
    }

    #[test]
    fn those_within_six_months_of_19_without_immunisations_are_listed_until_their_birthday() {
        let born = day(2007, 3, 10);
        let cases = [
            ("the day before 18½", day(2025, 9, 9), false, false),
            ("18½", day(2025, 9, 10), false, true),
            ("the day before 19", day(2026, 3, 9), false, true),
            ("the 19th birthday", day(2026, 3, 10), false, false),
            ("history recorded", day(2025, 12, 1), true, false),
        ];
        for (when, on, recorded, listed) in cases {
            let list = due_list(&[leaver(1, born, true, recorded)], on);
            let found = &list.approaching_19_without_immunisations;
            assert_eq!(found.len(), usize::from(listed), "{when}");
            if let Some(entry) = found.first() {
                assert_eq!(entry.nineteenth_birthday, day(2026, 3, 10));
                assert!(entry.has_published_passport);
            }
        }
    }

    /// Issue 14 changed this rule: a 29 February birthday used to fall due on 28 February
    /// (adding months), a day before the shared age rule says the person turns 18.
    #[test]
    fn a_29_february_birthday_falls_due_on_1_march_in_an_ordinary_year_as_the_age_rule_says() {
        let born = day(2008, 2, 29);
        let cases = [
            ("28 February", day(2026, 2, 28), Some(false)),
            ("1 March, the 18th birthday", day(2026, 3, 1), Some(false)),
            ("2 March", day(2026, 3, 2), Some(true)),
        ];
        for (when, on, overdue) in cases {
            let list = due_list(&[leaver(1, born, false, true)], on);
            let entry = list.without_passport.first();
            assert_eq!(entry.map(|e| e.overdue), overdue, "{when}");
            assert_eq!(entry.map(|e| e.due_by), Some(day(2026, 3, 1)), "{when}");
        }
        let leap_year_born = day(2004, 2, 29);
        let cases = [
            ("28 February 2023", day(2023, 2, 28), true),
            ("1 March 2023, the 19th birthday", day(2023, 3, 1), false),
        ];
        for (when, on, listed) in cases {
            let list = due_list(&[leaver(1, leap_year_born, true, false)], on);
            let found = &list.approaching_19_without_immunisations;
            assert_eq!(found.len(), usize::from(listed), "{when}");
            if let Some(entry) = found.first() {
                assert_eq!(entry.nineteenth_birthday, day(2023, 3, 1));
            }
        }
    }
}
