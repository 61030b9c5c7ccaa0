//! Birthdays and ages, for every rule that depends on one.
//!
//! Rule for 29 February: in a year that is not a leap year, a person born on 29 February
//! reaches their new age on 1 March (the usual reading in England and Wales of "attains an age
//! at the start of the anniversary of their birth"). Everything else follows from `birthday`.
//!
//! "Today" is the calendar date in England (Europe/London), never the UTC date: from midnight
//! to 1 a.m. UK time in summer the two differ, and someone turning 18 that night must be 18.
//! Every age and date rule takes its "today" from [`today`] (or [`uk_date`] for a stored
//! instant).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Europe::London;

/// Today's date in England (Europe/London).
pub fn today() -> NaiveDate {
    uk_date(Utc::now())
}

/// The date in England at the instant `at` (e.g. the UK day an application was decided).
pub fn uk_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&London).date_naive()
}

/// The day on which someone born on `date_of_birth` reaches `age`, or `None` if that is
/// outside the calendar chrono supports.
pub fn birthday(date_of_birth: NaiveDate, age: u32) -> Option<NaiveDate> {
    let year = date_of_birth.year().checked_add(i32::try_from(age).ok()?)?;
    NaiveDate::from_ymd_opt(year, date_of_birth.month(), date_of_birth.day())
        // Only 29 February can fail here: the anniversary falls on 1 March.
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// Age in whole years on `on`; `None` when `on` is before the date of birth.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    if on < date_of_birth {
        return None;
    }
    let years = u32::try_from(on.year() - date_of_birth.year()).ok()?;
    match birthday(date_of_birth, years) {
        Some(day) if day <= on => Some(years),
        _ => years.checked_sub(1),
    }
}

/// The last day before someone reaches `age` (e.g. the day before the 19th birthday).
pub fn last_day_before(date_of_birth: NaiveDate, age: u32) -> Option<NaiveDate> {
    birthday(date_of_birth, age)?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn a_leap_day_birthday_falls_on_1_march_in_ordinary_years_and_29_february_in_leap_years() {
        let cases = [
            (d(2004, 2, 29), 19, d(2023, 3, 1)),
            (d(2004, 2, 29), 16, d(2020, 2, 29)),
            (d(2000, 2, 29), 25, d(2025, 3, 1)),
            (d(2007, 3, 1), 16, d(2023, 3, 1)),
            (d(2007, 2, 28), 16, d(2023, 2, 28)),
        ];
        for (born, age, expected) in cases {
            assert_eq!(
                birthday(born, age),
                Some(expected),
                "born {born}, age {age}"
            );
        }
    }

    #[test]
    fn age_changes_on_the_birthday_itself_not_the_day_before() {
        let cases = [
            (d(2008, 6, 15), d(2024, 6, 14), Some(15)),
            (d(2008, 6, 15), d(2024, 6, 15), Some(16)),
            (d(2004, 2, 29), d(2023, 2, 28), Some(18)),
            (d(2004, 2, 29), d(2023, 3, 1), Some(19)),
            (d(2004, 2, 29), d(2024, 2, 28), Some(19)),
            (d(2004, 2, 29), d(2024, 2, 29), Some(20)),
            (d(2008, 6, 15), d(2008, 6, 15), Some(0)),
            (d(2008, 6, 15), d(2008, 6, 14), None),
        ];
        for (born, on, expected) in cases {
            assert_eq!(age_on(born, on), expected, "born {born}, on {on}");
        }
    }

    #[test]
    fn the_last_day_before_the_19th_birthday_of_a_leap_day_baby_is_28_february() {
        assert_eq!(last_day_before(d(2004, 2, 29), 19), Some(d(2023, 2, 28)));
        assert_eq!(last_day_before(d(2005, 9, 1), 19), Some(d(2024, 8, 31)));
    }

    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        d(y, m, day)
            .and_hms_opt(h, min, 0)
            .expect("valid test time")
            .and_utc()
    }

    #[test]
    fn the_uk_date_is_a_day_ahead_of_utc_from_midnight_to_1am_in_summer_time_only() {
        let cases = [
            // British Summer Time (UTC+1): 23:30 UTC is already the next day in England.
            (utc(2025, 6, 14, 22, 59), d(2025, 6, 14)),
            (utc(2025, 6, 14, 23, 0), d(2025, 6, 15)),
            (utc(2025, 6, 14, 23, 30), d(2025, 6, 15)),
            // Greenwich Mean Time (UTC+0): the same date.
            (utc(2025, 12, 14, 23, 30), d(2025, 12, 14)),
            (utc(2025, 12, 15, 0, 0), d(2025, 12, 15)),
            // The clocks go forward at 01:00 UTC on 30 March 2025 and back at 01:00 UTC on
            // 26 October 2025.
            (utc(2025, 3, 29, 23, 30), d(2025, 3, 29)),
            (utc(2025, 3, 30, 23, 30), d(2025, 3, 31)),
            (utc(2025, 10, 25, 23, 30), d(2025, 10, 26)),
            (utc(2025, 10, 26, 23, 30), d(2025, 10, 26)),
        ];
        for (at, expected) in cases {
            assert_eq!(uk_date(at), expected, "{at}");
        }
    }

    #[test]
    fn at_2330_utc_on_the_eve_of_an_18th_birthday_in_summer_the_person_is_already_18() {
        let born = d(2007, 6, 15);
        let cases = [
            (utc(2025, 6, 14, 22, 59), 17),
            (utc(2025, 6, 14, 23, 0), 18),
            (utc(2025, 6, 14, 23, 30), 18),
        ];
        for (at, age) in cases {
            assert_eq!(age_on(born, uk_date(at)), Some(age), "{at}");
            assert_eq!(
                age_on(born, at.date_naive()),
                Some(17),
                "the UTC date would say 17"
            );
        }
    }

    #[test]
    fn birthdays_beyond_the_calendar_are_none_rather_than_a_panic() {
        assert_eq!(birthday(NaiveDate::MAX, 1), None);
        assert_eq!(birthday(d(2000, 1, 1), u32::MAX), None);
    }
}
