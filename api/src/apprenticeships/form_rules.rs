//! Who may send an expression of interest, and whether what they sent is complete and sane.

use chrono::{Months, NaiveDate};
use std::collections::HashSet;

use super::form::{ContactMethod, CurrentActivity, Directorate, ExpressionOfInterestForm};
use crate::domain_types::{EmailAddress, UkPhone, email, phone};
use crate::{
    care_leavers::types::LeavingCareStatus,
    error::{AppError, FieldError},
    text::check_free_text,
};
pub use entity::expression_of_interest::AgeBand;

/// Youngest age at which Chances4YOUth takes a form.
pub const MIN_AGE: u32 = 16;

const MAX_NAME: usize = 100;
const MAX_SHORT_TEXT: usize = 500;
const MAX_SUPPORT_NEEDS: usize = 2000;
const MAX_ACTIVITIES: usize = 10;

pub use crate::age::age_on;

/// The reporting age band on `today`; none for anyone under 16 (who cannot have a form).
pub fn age_band(date_of_birth: NaiveDate, today: NaiveDate) -> Option<AgeBand> {
    match age_on(date_of_birth, today)? {
        26.. => Some(AgeBand::Aged26AndOver),
        22..=25 => Some(AgeBand::Aged22To25),
        18..=21 => Some(AgeBand::Aged18To21),
        16..=17 => Some(AgeBand::Aged16To17),
        _ => None,
    }
}

/// The age band of a form sent on `today` by someone born on `date_of_birth`, who must be 16
/// or over (as [`validate`] checks).
pub fn sender_age_band(date_of_birth: NaiveDate, today: NaiveDate) -> Result<AgeBand, AppError> {
    age_band(date_of_birth, today).ok_or_else(|| AppError::Validation(vec![too_young()]))
}

fn too_young() -> FieldError {
    FieldError::new(
        "date_of_birth",
        "Chances4YOUth is for young people aged 16 or over",
    )
}

/// Checks an expression of interest from a young person born on `date_of_birth` whose
/// leaving-care status is `leaving_care_status`,
/// against the current `directorates`. Returns every problem found, eligibility first.
pub fn validate(
    form: &ExpressionOfInterestForm,
    today: NaiveDate,
    date_of_birth: NaiveDate,
    leaving_care_status: LeavingCareStatus,
    directorates: &[Directorate],
) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if age_on(date_of_birth, today).is_none_or(|age| age < MIN_AGE) {
        errors.push(too_young());
    }
    match leaving_care_status {
        LeavingCareStatus::ThroughCare | LeavingCareStatus::CareLeaver => {}
        LeavingCareStatus::Closed => errors.push(FieldError::new(
            "leaving_care_status",
            "your leaving care case is closed; ask the leaving care team to reopen it",
        )),
    }
    check_contact(form, &mut errors);
    check_choices(form, directorates, &mut errors);
    check_text(
        &mut errors,
        "career_goal",
        form.career_goal.as_deref(),
        MAX_SHORT_TEXT,
    );
    check_text(
        &mut errors,
        "availability.notes",
        form.availability.notes.as_deref(),
        MAX_SHORT_TEXT,
    );
    check_text(
        &mut errors,
        "travel.notes",
        form.travel.notes.as_deref(),
        MAX_SHORT_TEXT,
    );
    check_text(
        &mut errors,
        "support_needs",
        form.support_needs.as_deref(),
        MAX_SUPPORT_NEEDS,
    );
    let latest_start = today
        .checked_add_months(Months::new(24))
        .unwrap_or(NaiveDate::MAX);
    if form
        .availability
        .available_from
        .is_some_and(|d| d > latest_start)
    {
        errors.push(FieldError::new(
            "availability.available_from",
            "Please pick a date in the next two years.",
        ));
    }
    if form.travel.max_travel_minutes.is_some_and(|m| m > 240) {
        errors.push(FieldError::new(
            "travel.max_travel_minutes",
            "Please choose 240 minutes (4 hours) or less.",
        ));
    }
    if !form.consents.share_with_hr_and_connexions {
        errors.push(FieldError::new(
            "consents.share_with_hr_and_connexions",
            "Please say yes to sharing this form with HR and Connexions. They need to see it before you can send it.",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_contact(form: &ExpressionOfInterestForm, errors: &mut Vec<FieldError>) {
    let contact = &form.contact;
    if contact.name.trim().is_empty() {
        errors.push(FieldError::new("contact.name", "tell us what to call you"));
    } else {
        check_text(errors, "contact.name", Some(&contact.name), MAX_NAME);
    }
    let email = contact
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    let phone = contact
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    if email.is_some_and(|e| EmailAddress::parse(e).is_err()) {
        errors.push(FieldError::new("contact.email", email::NOT_AN_EMAIL));
    }
    if phone.is_some_and(|p| UkPhone::parse(p).is_err()) {
        errors.push(FieldError::new("contact.phone", phone::NOT_A_UK_PHONE));
    }
    match contact.preferred_contact_method {
        ContactMethod::Email if email.is_none() => errors.push(FieldError::new(
            "contact.email",
            "Add an e-mail address if you want us to e-mail you.",
        )),
        ContactMethod::Phone if phone.is_none() => errors.push(FieldError::new(
            "contact.phone",
            "Add a phone number if you want us to call you.",
        )),
        ContactMethod::Text
            if phone.is_none_or(|p| !UkPhone::parse(p).is_ok_and(|p| p.is_mobile())) =>
        {
            errors.push(FieldError::new(
                "contact.phone",
                "Add a mobile number if you want us to text you.",
            ))
        }
        _ => {}
    }
}

fn check_choices(
    form: &ExpressionOfInterestForm,
    directorates: &[Directorate],
    errors: &mut Vec<FieldError>,
) {
    if form.opportunity_types.is_empty() {
        errors.push(FieldError::new("opportunity_types", "choose at least one"));
    }
    push_duplicates(errors, "opportunity_types", &form.opportunity_types);

    for (i, id) in form.directorates.iter().enumerate() {
        let known = directorates.iter().any(|d| d.id == *id && !d.retired);
        if !known {
            errors.push(FieldError::new(
                format!("directorates[{i}]"),
                "is not a directorate",
            ));
        }
    }
    push_duplicates(errors, "directorates", &form.directorates);

    let activities = &form.current_activities;
    if activities.is_empty() {
        errors.push(FieldError::new("current_activities", "choose at least one"));
    } else if activities.len() > MAX_ACTIVITIES {
        errors.push(FieldError::new("current_activities", "choose at most 10"));
    } else if activities.len() > 1 && activities.contains(&CurrentActivity::NotInAny) {
        errors.push(FieldError::new(
            "current_activities",
            "\"not in any\" cannot be chosen with anything else",
        ));
    }
    push_duplicates(errors, "current_activities", activities);
}

/// Names the second and later copies of a repeated choice, e.g. `directorates[2]`.
fn push_duplicates<T: Eq + std::hash::Hash>(
    errors: &mut Vec<FieldError>,
    field: &str,
    items: &[T],
) {
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        if !seen.insert(item) {
            errors.push(FieldError::new(format!("{field}[{i}]"), "is chosen twice"));
        }
    }
}

/// Bounds free text and refuses control characters (a NUL cannot even be stored in PostgreSQL).
fn check_text(errors: &mut Vec<FieldError>, field: &str, value: Option<&str>, max: usize) {
    errors.extend(value.and_then(|v| check_free_text(field, v, max)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apprenticeships::form::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn directorates() -> Vec<Directorate> {
        let mut list = parse_directorates(DEFAULT_DIRECTORATES_JSON).unwrap();
        list.push(Directorate {
            id: "old_dept".into(),
            name: "Old".into(),
            retired: true,
        });
        list
    }

    fn valid_form() -> ExpressionOfInterestForm {
        ExpressionOfInterestForm {
            contact: ContactDetails {
                name: "Jay".into(),
                email: Some("jay@example.com".into()),
                phone: Some("07700 900123".into()),
                preferred_contact_method: ContactMethod::Text,
            },
            opportunity_types: vec![OpportunityType::Apprenticeship],
            directorates: vec!["digital_and_it".into(), "public_health".into()],
            level_sought: LevelSought::Advanced,
            current_activities: vec![CurrentActivity::College],
            english: Qualification {
                level: QualificationLevel::Level2OrAbove,
                studying_now: false,
            },
            maths: Qualification {
                level: QualificationLevel::Level1,
                studying_now: true,
            },
            career_goal: Some("IT support".into()),
            availability: Availability {
                hours: HoursWanted::FullTime,
                available_from: None,
                notes: None,
            },
            travel: Travel {
                max_travel_minutes: Some(45),
                driving_licence: DrivingLicence::None,
                notes: None,
            },
            right_to_work: RightToWork::Yes,
            support_needs: None,
            consents: Consents {
                share_with_hr_and_connexions: true,
                share_with_future_employer: false,
            },
        }
    }

    const TODAY: &str = "2026-03-01";
    const AGED_19: &str = "2006-06-15";

    fn fields(form: &ExpressionOfInterestForm, dob: &str, status: &str) -> Vec<String> {
        let status = sea_orm::ActiveEnum::try_from_value(&status.to_owned()).expect("a status");
        match validate(form, date(TODAY), date(dob), status, &directorates()) {
            Ok(()) => vec![],
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn a_complete_form_from_an_eligible_young_person_is_accepted() {
        for (dob, status) in [(AGED_19, "care_leaver"), ("2010-03-01", "through_care")] {
            assert_eq!(
                fields(&valid_form(), dob, status),
                Vec::<String>::new(),
                "{dob} {status}"
            );
        }
    }

    #[test]
    fn eligibility_is_refused_on_age_and_case_status() {
        let cases = [
            ("2010-03-02", "through_care", "date_of_birth"), // 16 tomorrow
            ("2011-01-01", "through_care", "date_of_birth"), // 15
            ("2027-01-01", "through_care", "date_of_birth"), // not born yet
            (AGED_19, "closed", "leaving_care_status"),
        ];
        for (dob, status, field) in cases {
            assert_eq!(
                fields(&valid_form(), dob, status),
                vec![field],
                "{dob} {status}"
            );
        }
    }

    #[test]
    fn sending_without_the_required_consent_names_the_consent() {
        let mut form = valid_form();
        form.consents.share_with_hr_and_connexions = false;
        form.consents.share_with_future_employer = true;
        assert_eq!(
            fields(&form, AGED_19, "care_leaver"),
            vec!["consents.share_with_hr_and_connexions"]
        );
    }

    #[test]
    fn each_broken_field_is_named_by_its_json_path() {
        type Break = fn(&mut ExpressionOfInterestForm);
        let cases: [(Break, &[&str]); 16] = [
            (|f| f.contact.name = "  ".into(), &["contact.name"]),
            (|f| f.contact.name = "J".repeat(101), &["contact.name"]),
            (
                |f| f.contact.email = Some("jay@".into()),
                &["contact.email"],
            ),
            (
                |f| f.contact.phone = Some("12345".into()),
                &["contact.phone", "contact.phone"],
            ),
            (
                |f| f.contact.phone = Some("01384 818181".into()),
                &["contact.phone"],
            ),
            (
                |f| {
                    f.contact.email = None;
                    f.contact.preferred_contact_method = ContactMethod::Email
                },
                &["contact.email"],
            ),
            (
                |f| {
                    f.contact.phone = Some(" ".into());
                    f.contact.preferred_contact_method = ContactMethod::Phone
                },
                &["contact.phone"],
            ),
            (|f| f.opportunity_types.clear(), &["opportunity_types"]),
            (
                |f| f.opportunity_types.push(OpportunityType::Apprenticeship),
                &["opportunity_types[1]"],
            ),
            (
                |f| f.directorates = vec!["space_programme".into(), "old_dept".into()],
                &["directorates[0]", "directorates[1]"],
            ),
            (
                |f| f.directorates.push("digital_and_it".into()),
                &["directorates[2]"],
            ),
            (
                |f| {
                    f.current_activities = vec![CurrentActivity::NotInAny, CurrentActivity::College]
                },
                &["current_activities"],
            ),
            (|f| f.current_activities.clear(), &["current_activities"]),
            (
                |f| f.support_needs = Some("x".repeat(2001)),
                &["support_needs"],
            ),
            (
                |f| f.career_goal = Some("nurse\u{0}".into()),
                &["career_goal"],
            ),
            (
                |f| {
                    f.travel.max_travel_minutes = Some(241);
                    f.availability.available_from = Some(date("2028-03-02"))
                },
                &["availability.available_from", "travel.max_travel_minutes"],
            ),
        ];
        for (i, (break_it, expected)) in cases.into_iter().enumerate() {
            let mut form = valid_form();
            break_it(&mut form);
            assert_eq!(
                fields(&form, AGED_19, "care_leaver"),
                expected.to_vec(),
                "case {i}"
            );
        }
    }

    #[test]
    fn a_form_with_no_directorate_means_any_and_not_in_any_alone_is_fine() {
        let mut form = valid_form();
        form.directorates.clear();
        form.current_activities = vec![CurrentActivity::NotInAny];
        form.contact.preferred_contact_method = ContactMethod::Phone;
        form.contact.phone = Some("01384 818181".into());
        assert_eq!(fields(&form, AGED_19, "care_leaver"), Vec::<String>::new());
    }

    #[test]
    fn age_bands_change_on_the_birthday() {
        let cases = [
            ("2010-03-01", Some(AgeBand::Aged16To17)),
            ("2010-03-02", None),
            ("2008-03-02", Some(AgeBand::Aged16To17)),
            ("2008-03-01", Some(AgeBand::Aged18To21)),
            ("2004-03-02", Some(AgeBand::Aged18To21)),
            ("2004-03-01", Some(AgeBand::Aged22To25)),
            ("2000-03-02", Some(AgeBand::Aged22To25)),
            ("2000-03-01", Some(AgeBand::Aged26AndOver)),
            ("1990-01-01", Some(AgeBand::Aged26AndOver)),
            ("2030-01-01", None),
        ];
        for (dob, band) in cases {
            assert_eq!(age_band(date(dob), date(TODAY)), band, "{dob}");
        }
    }

    #[test]
    fn someone_born_on_29_february_is_a_year_older_on_1_march_in_other_years() {
        let dob = date("2008-02-29");
        let cases = [
            ("2024-02-28", Some(15)),
            ("2024-02-29", Some(16)),
            ("2025-02-28", Some(16)),
            ("2025-03-01", Some(17)),
            ("2008-02-28", None),
        ];
        for (today, age) in cases {
            assert_eq!(age_on(dob, date(today)), age, "{today}");
        }
    }

    #[test]
    fn the_shipped_directorates_have_unique_stable_ids() {
        let list = parse_directorates(DEFAULT_DIRECTORATES_JSON).unwrap();
        assert_eq!(list.len(), 8);
        let ids: HashSet<_> = list.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids.len(), list.len());
        assert!(ids.contains("childrens_services") && ids.contains("regeneration_and_enterprise"));
    }

    #[test]
    fn unknown_fields_in_the_form_are_refused() {
        let mut json = serde_json::to_value(valid_form()).unwrap();
        json["health_conditions"] = serde_json::json!("asthma");
        assert!(serde_json::from_value::<ExpressionOfInterestForm>(json).is_err());
    }

    #[test]
    fn the_bursary_prompt_names_the_amount_and_universal_credit() {
        assert!(BURSARY_PROMPT.contains("£3,000"));
        assert!(BURSARY_PROMPT.contains("instalments"));
        assert!(BURSARY_PROMPT.contains("Universal Credit"));
    }
}
