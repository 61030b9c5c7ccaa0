//! The nurses' local knowledge of dental practices, as the finder shows it: whether a practice
//! takes new NHS patients, in plain words, and how long ago a nurse checked. Pure rules over
//! dates (today is passed in).
use chrono::NaiveDate;
use entity::dentist_note::NhsPatients;
use serde::Serialize;
use utoipa::ToSchema;

/// After this many days a nurse's check is shown as unconfirmed and listed to check again.
pub const RECHECK_AFTER_DAYS: i64 = 90;

/// A nurse's note on a dentist as the app shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({
    "nhs_patients": "adults", "nhs_patients_words": "Taking new NHS patients, adults too.",
    "phone": "01384 456111", "notes": "Ask for the care leavers' appointment slot on Tuesdays.",
    "confirmed_on": "2026-11-18", "confirmed_by": "Sarah Bennett", "age_days": 12,
    "checked": "Checked 12 days ago", "unconfirmed": false
}))]
pub struct LocalKnowledge {
    pub nhs_patients: NhsPatients,
    /// `nhs_patients` in plain words, to show as it is.
    pub nhs_patients_words: String,
    /// A phone number that works, as the nurse found it (UK, spaced for reading).
    pub phone: Option<String>,
    /// Notes for care leavers.
    pub notes: Option<String>,
    pub confirmed_on: NaiveDate,
    /// The nurse who confirmed it.
    pub confirmed_by: String,
    /// Days since it was confirmed.
    #[schema(minimum = 0)]
    pub age_days: i64,
    /// How long ago, in plain words.
    pub checked: String,
    /// True when it was confirmed more than 90 days ago: it may be out of date.
    pub unconfirmed: bool,
}

/// `nhs_patients` in plain words.
pub fn nhs_patients_words(taking: NhsPatients) -> &'static str {
    match taking {
        NhsPatients::Adults => "Taking new NHS patients, adults too.",
        NhsPatients::Under18s => "Taking new NHS patients, but only under 18s.",
        NhsPatients::NotNow => "Not taking new NHS patients at the moment.",
        NhsPatients::Unknown => "We do not know if they are taking new NHS patients.",
    }
}

/// Days from `confirmed_on` to `today` (0 for a date in the future).
pub fn age_days(confirmed_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - confirmed_on).num_days().max(0)
}

/// How long ago a check was, in plain words: "Checked 12 days ago".
pub fn checked_words(confirmed_on: NaiveDate, today: NaiveDate) -> String {
    let days = age_days(confirmed_on, today);
    let when = match days {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        n => format!("{n} days ago"),
    };
    if is_unconfirmed(confirmed_on, today) {
        format!("Checked {when}, so this may be out of date")
    } else {
        format!("Checked {when}")
    }
}

/// Whether a check is too old to rely on.
pub fn is_unconfirmed(confirmed_on: NaiveDate, today: NaiveDate) -> bool {
    age_days(confirmed_on, today) > RECHECK_AFTER_DAYS
}

/// The first day on which a check made on `confirmed_on` is unconfirmed is after this day:
/// checks made before `today - 90 days` are to be checked again.
pub fn recheck_before(today: NaiveDate) -> NaiveDate {
    today - chrono::Duration::days(RECHECK_AFTER_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a date")
    }

    #[test]
    fn a_check_says_how_long_ago_it_was_and_is_unconfirmed_after_90_days() {
        let today = d(2026, 11, 30);
        let cases = [
            (d(2026, 11, 30), "Checked today", false),
            (d(2026, 11, 29), "Checked yesterday", false),
            (d(2026, 11, 18), "Checked 12 days ago", false),
            (d(2026, 9, 1), "Checked 90 days ago", false),
            (
                d(2026, 8, 31),
                "Checked 91 days ago, so this may be out of date",
                true,
            ),
            (d(2026, 12, 2), "Checked today", false),
        ];
        for (on, words, unconfirmed) in cases {
            assert_eq!(checked_words(on, today), words, "{on}");
            assert_eq!(is_unconfirmed(on, today), unconfirmed, "{on}");
            assert_eq!(on < recheck_before(today), unconfirmed, "{on}");
        }
    }

    #[test]
    fn every_answer_has_plain_words() {
        use sea_orm::Iterable;
        let words: Vec<&str> = NhsPatients::iter().map(nhs_patients_words).collect();
        assert_eq!(words.len(), 4);
        assert!(words.iter().all(|w| w.ends_with('.')));
        let json = serde_json::to_value(NhsPatients::Under18s).expect("serialises");
        assert_eq!(json, "under_18s");
    }
}
