//! Field checks used by `super::validate`: text sizes, dates, contact details and codes.
//! Errors name the JSON path the client sent, e.g. `medicines[2].since`.

use chrono::NaiveDate;

use crate::domain_types::{EmailAddress, OdsCode, PhoneNumber, email, phone};
use crate::error::{FieldError, FieldErrors};

/// Longest name-like text (names, roles, phone numbers) in characters.
pub const MAX_SHORT_TEXT: usize = 200;
/// Longest free text (notes, summaries, outcomes) in characters.
pub const MAX_TEXT: usize = 2000;
/// Longest "my own words" text in characters.
pub const MAX_OWN_WORDS: usize = 5000;
/// Most entries in one list.
pub const MAX_ENTRIES_PER_LIST: usize = 200;
/// Most entries over all lists of a passport.
pub const MAX_ENTRIES_TOTAL: usize = 1000;
/// Most characters of text over the whole passport.
pub const MAX_TOTAL_TEXT: usize = 100_000;

/// Two dates that must be in order: (earlier, later).
pub(crate) type Dates = (Option<NaiveDate>, Option<NaiveDate>);

/// Collects field errors and running totals while a passport is checked. Every check takes
/// the path of the object (`at`, e.g. `medicines[2]`) and the field name within it.
pub(crate) struct Checker {
    date_of_birth: NaiveDate,
    today: NaiveDate,
    pub errors: FieldErrors,
    entries: usize,
    text: usize,
}

impl Checker {
    pub fn new(date_of_birth: NaiveDate, today: NaiveDate) -> Self {
        Self {
            date_of_birth,
            today,
            errors: FieldErrors::default(),
            entries: 0,
            text: 0,
        }
    }

    /// Records an error at `at.field`, or at `at` when `field` is empty.
    pub fn error(&mut self, at: &str, field: &str, message: impl Into<String>) {
        let path = match (at, field) {
            ("", field) => field.to_owned(),
            (at, "") => at.to_owned(),
            (at, field) => format!("{at}.{field}"),
        };
        self.errors.push(FieldError::new(path, message));
    }

    /// Text that must be present and not blank.
    pub fn required(&mut self, at: &str, field: &str, value: &str, max: usize) {
        if value.trim().is_empty() {
            self.error(at, field, "must not be blank");
        }
        self.optional(at, field, Some(value), max);
    }

    pub fn optional(&mut self, at: &str, field: &str, value: Option<&str>, max: usize) {
        let Some(value) = value else { return };
        let length = value.chars().count();
        self.text += length;
        if length > max {
            self.error(at, field, format!("must be at most {max} characters"));
        }
    }

    /// A date something happened: not in the future and not before birth.
    pub fn past(&mut self, at: &str, field: &str, date: Option<NaiveDate>) {
        let Some(date) = date else { return };
        if date > self.today {
            self.error(at, field, "must not be in the future");
        } else if date < self.date_of_birth {
            self.error(at, field, "must not be before the date of birth");
        }
    }

    /// A date something is due: may be in the future, not before birth.
    pub fn due(&mut self, at: &str, field: &str, date: Option<NaiveDate>) {
        if date.is_some_and(|d| d < self.date_of_birth) {
            self.error(at, field, "must not be before the date of birth");
        }
    }

    /// The date in `field` (the later of `dates`) must not be before `earlier_name`.
    pub fn order(&mut self, at: &str, field: &str, dates: Dates, earlier_name: &str) {
        if let (Some(earlier), Some(later)) = dates
            && later < earlier
        {
            self.error(at, field, format!("must not be before {earlier_name}"));
        }
    }

    /// Counts a list's entries; false (with an error) when it is too long to check entry by
    /// entry.
    pub fn list(&mut self, field: &str, length: usize) -> bool {
        self.entries += length;
        if length > MAX_ENTRIES_PER_LIST {
            let message = format!("must have at most {MAX_ENTRIES_PER_LIST} entries");
            self.error("", field, message);
            return false;
        }
        true
    }

    /// A number to call: a full number or a short code such as 111.
    pub fn phone(&mut self, at: &str, field: &str, value: Option<&str>) {
        let Some(value) = value else { return };
        self.optional(at, field, Some(value), MAX_SHORT_TEXT);
        if PhoneNumber::parse(value).is_err() {
            self.error(at, field, phone::NOT_A_PHONE);
        }
    }

    pub fn email(&mut self, at: &str, field: &str, value: Option<&str>) {
        let Some(value) = value else { return };
        self.optional(at, field, Some(value), MAX_SHORT_TEXT);
        if EmailAddress::parse(value).is_err() {
            self.error(at, field, email::NOT_AN_EMAIL);
        }
    }

    pub fn website(&mut self, at: &str, field: &str, value: Option<&str>) {
        let Some(value) = value else { return };
        self.optional(at, field, Some(value), MAX_SHORT_TEXT);
        let rest = (value.strip_prefix("https://")).or_else(|| value.strip_prefix("http://"));
        if !rest.is_some_and(|r| r.contains('.') && !r.chars().any(char::is_whitespace)) {
            self.error(at, field, "must be a web address starting with https://");
        }
    }

    /// An NHS Organisation Data Service code such as `M87006` (GP) or `V03347` (dentist).
    pub fn ods_code(&mut self, at: &str, field: &str, value: Option<&str>) {
        if value.is_some_and(|code| OdsCode::parse(code).is_err()) {
            self.error(at, field, "must be an ODS code such as M87006");
        }
    }

    /// Ends the check: totals are checked last and name the whole passport.
    pub fn finish(mut self) -> Result<(), Vec<FieldError>> {
        if self.entries > MAX_ENTRIES_TOTAL {
            let message = format!("must have at most {MAX_ENTRIES_TOTAL} entries in all");
            self.error("", "passport", message);
        }
        if self.text > MAX_TOTAL_TEXT {
            let message = format!("must have at most {MAX_TOTAL_TEXT} characters of text in all");
            self.error("", "passport", message);
        }
        self.errors.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checker() -> Checker {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        Checker::new(day(2008, 5, 1), day(2026, 1, 15))
    }

    #[test]
    fn contact_details_are_checked_by_shape() {
        let cases: [(&str, &str, bool); 15] = [
            ("phone", "116 123", true),
            ("phone", "111", true),
            ("phone", "+44 (0)121 496 0101", true),
            ("phone", "call the office", false),
            ("phone", "12", false),
            ("phone", "0121+496 0101", false),
            ("email", "jo@samaritans.org", true),
            ("email", "jo@samaritans", false),
            ("email", "jo samaritans.org", false),
            ("email", "a@b@c.org", false),
            ("email", "jo..b@samaritans.org", false),
            ("email", "jo<b>@samaritans.org", false),
            ("website", "https://www.nhs.uk", true),
            ("website", "www.nhs.uk", false),
            ("ods", "M87006", true),
        ];
        for (kind, value, ok) in cases {
            let mut c = checker();
            match kind {
                "phone" => c.phone("", "f", Some(value)),
                "email" => c.email("", "f", Some(value)),
                "website" => c.website("", "f", Some(value)),
                _ => c.ods_code("", "f", Some(value)),
            }
            assert_eq!(c.errors.is_empty(), ok, "{kind} {value:?}");
        }
    }

    #[test]
    fn past_dates_must_lie_between_birth_and_today_but_due_dates_may_be_future() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let mut c = checker();
        c.past("x", "born", day(2008, 5, 1));
        c.past("x", "today", day(2026, 1, 15));
        c.due("x", "next_due", day(2027, 1, 1));
        assert!(c.errors.is_empty(), "{:?}", c.errors);

        c.past("x", "tomorrow", day(2026, 1, 16));
        c.past("x", "before_birth", day(2008, 4, 30));
        c.due("x", "due_before_birth", day(2000, 1, 1));
        let fields: Vec<&str> = c.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["x.tomorrow", "x.before_birth", "x.due_before_birth"]
        );
    }

    #[test]
    fn text_limits_count_characters_not_bytes() {
        let mut c = checker();
        c.required("", "name", &"é".repeat(MAX_SHORT_TEXT), MAX_SHORT_TEXT);
        assert!(c.errors.is_empty());
        c.required("", "name", &"é".repeat(MAX_SHORT_TEXT + 1), MAX_SHORT_TEXT);
        c.required("", "blank", "   ", MAX_SHORT_TEXT);
        let messages: Vec<&str> = c.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            ["must be at most 200 characters", "must not be blank"]
        );
    }
}
