//! The facts the council holds about a care leaver decide an application: the date of birth,
//! the leaving-care council, whether they get leaving-care help and, where known, GP
//! registration. An application whose body says otherwise is refused (422) and the young
//! person is told to ask for the record to be corrected; the eligibility checker may still ask
//! "what if" and says which facts came from where.

use super::scheme::normalise_council;
use super::types::{EligibilityRequest, ProfileFacts};
use super::wording::{councils_list, long_date};
use crate::error::FieldError;

/// What to do when the record is wrong, in plain words.
pub const ASK_TO_CORRECT: &str = "If that is wrong, ask your personal adviser or nurse to fix it.";

/// Every record fact the request contradicts, each named by its field with what the record
/// says. Facts the record does not hold (e.g. an unknown GP) can be given in the request.
pub fn disagreements(request: &EligibilityRequest, record: &ProfileFacts) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let (Some(sent), Some(held)) = (request.date_of_birth, record.date_of_birth)
        && sent != held
    {
        errors.push(differs(
            "date_of_birth",
            format!("you were born on {}", long_date(held)),
        ));
    }
    if let (Some(sent), Some(held)) = (
        request.leaving_care_local_authority.as_deref(),
        record.leaving_care_local_authority.as_deref(),
    ) && normalise_council(sent) != normalise_council(held)
    {
        errors.push(differs(
            "leaving_care_local_authority",
            format!(
                "{}'s leaving-care team helps you",
                councils_list(&[normalise_council(held)])
            ),
        ));
    }
    if let (Some(sent), Some(held)) = (
        request.eligible_for_leaving_care_service,
        record.eligible_for_leaving_care_service,
    ) && sent != held
    {
        let says = if held {
            "you get help from a leaving-care team"
        } else {
            "you don't get help from a leaving-care team"
        };
        errors.push(differs("eligible_for_leaving_care_service", says.into()));
    }
    if let (Some(sent), Some(held)) = (request.registered_with_gp, record.registered_with_gp)
        && sent != held
    {
        let says = if held {
            "you are registered with a GP"
        } else {
            "you are not registered with a GP"
        };
        errors.push(differs("registered_with_gp", says.into()));
    }
    errors
}

fn differs(field: &str, record_says: String) -> FieldError {
    FieldError::new(
        field,
        format!("Your record says {record_says}. {ASK_TO_CORRECT}"),
    )
}

/// The request fields the person answered themselves (top-level names, in request order).
pub fn answered_in_question(request: &EligibilityRequest) -> Vec<String> {
    let r = request;
    [
        ("on", r.on.is_some()),
        ("date_of_birth", r.date_of_birth.is_some()),
        ("in_full_time_education", r.in_full_time_education.is_some()),
        (
            "pregnant_or_recent_birth_with_matex",
            r.pregnant_or_recent_birth_with_matex.is_some(),
        ),
        (
            "medical_exemption_certificate",
            r.medical_exemption_certificate.is_some(),
        ),
        (
            "war_pension_certificate",
            r.war_pension_certificate.is_some(),
        ),
        ("nhs_inpatient", r.nhs_inpatient.is_some()),
        ("benefits", r.benefits.is_some()),
        (
            "tax_credit_exemption_certificate",
            r.tax_credit_exemption_certificate.is_some(),
        ),
        ("hc2_certificate", r.hc2_certificate.is_some()),
        ("hc3_certificate", r.hc3_certificate.is_some()),
        (
            "prepayment_certificate_expires",
            r.prepayment_certificate_expires.is_some(),
        ),
        ("registered_with_gp", r.registered_with_gp.is_some()),
        (
            "leaving_care_local_authority",
            r.leaving_care_local_authority.is_some(),
        ),
        (
            "eligible_for_leaving_care_service",
            r.eligible_for_leaving_care_service.is_some(),
        ),
    ]
    .into_iter()
    .filter(|(_, sent)| *sent)
    .map(|(field, _)| field.to_string())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::facts::examples::d;

    fn record() -> ProfileFacts {
        ProfileFacts {
            date_of_birth: Some(d(1998, 1, 1)),
            leaving_care_local_authority: Some("dudley".into()),
            registered_with_gp: None,
            eligible_for_leaving_care_service: Some(true),
        }
    }

    fn fields(request: EligibilityRequest) -> Vec<String> {
        disagreements(&request, &record())
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn a_request_that_contradicts_the_record_is_named_field_by_field() {
        let cases: Vec<(&str, EligibilityRequest, Vec<&str>)> = vec![
            ("nothing sent", EligibilityRequest::default(), vec![]),
            (
                "the same facts",
                EligibilityRequest {
                    date_of_birth: Some(d(1998, 1, 1)),
                    leaving_care_local_authority: Some(" Dudley ".into()),
                    eligible_for_leaving_care_service: Some(true),
                    ..Default::default()
                },
                vec![],
            ),
            (
                "a younger date of birth",
                EligibilityRequest {
                    date_of_birth: Some(d(2004, 1, 1)),
                    ..Default::default()
                },
                vec!["date_of_birth"],
            ),
            (
                "another council",
                EligibilityRequest {
                    leaving_care_local_authority: Some("walsall".into()),
                    ..Default::default()
                },
                vec!["leaving_care_local_authority"],
            ),
            (
                "not a care leaver",
                EligibilityRequest {
                    eligible_for_leaving_care_service: Some(false),
                    ..Default::default()
                },
                vec!["eligible_for_leaving_care_service"],
            ),
            (
                "a GP the record does not know about",
                EligibilityRequest {
                    registered_with_gp: Some(true),
                    ..Default::default()
                },
                vec![],
            ),
        ];
        for (what, request, expected) in cases {
            assert_eq!(fields(request), expected, "{what}");
        }
        let registered = ProfileFacts {
            registered_with_gp: Some(true),
            ..record()
        };
        let no_gp = EligibilityRequest {
            registered_with_gp: Some(false),
            ..Default::default()
        };
        let errors = disagreements(&no_gp, &registered);
        assert_eq!(errors[0].field, "registered_with_gp");
    }

    #[test]
    fn the_message_says_what_the_record_holds_and_who_can_correct_it() {
        let request = EligibilityRequest {
            date_of_birth: Some(d(2004, 1, 1)),
            leaving_care_local_authority: Some("walsall".into()),
            ..Default::default()
        };
        let errors = disagreements(&request, &record());
        assert_eq!(
            errors[0].message,
            "Your record says you were born on 1 January 1998. If that is wrong, ask your \
             personal adviser or nurse to fix it."
        );
        assert!(
            errors[1]
                .message
                .starts_with("Your record says Dudley's leaving-care team")
        );
    }

    #[test]
    fn what_a_young_person_reads_here_is_plain_english() {
        use crate::content::readability::flesch_reading_ease;
        use crate::prescriptions::refusal::record_differs;
        use crate::prescriptions::renewal::renewal;
        use crate::prescriptions::wording::certificate_held_next_step;
        let request = EligibilityRequest {
            date_of_birth: Some(d(2004, 1, 1)),
            leaving_care_local_authority: Some("walsall".into()),
            eligible_for_leaving_care_service: Some(false),
            registered_with_gp: Some(false),
            ..Default::default()
        };
        let registered = ProfileFacts {
            registered_with_gp: Some(true),
            ..record()
        };
        let mut texts: Vec<String> = disagreements(&request, &registered)
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(texts.len(), 4);
        texts.push(record_differs(Vec::new()).problem.detail);
        let ends = d(2026, 6, 30);
        for today in [d(2026, 5, 1), d(2026, 6, 1)] {
            texts.push(certificate_held_next_step(
                ends,
                &renewal(Some(ends), today),
            ));
        }
        for text in texts {
            let score = flesch_reading_ease(&text);
            assert!(score >= 70.0, "{score:.0}: {text}");
        }
    }

    #[test]
    fn the_fields_answered_in_the_question_are_listed() {
        let request = EligibilityRequest {
            date_of_birth: Some(d(2004, 1, 1)),
            nhs_inpatient: Some(false),
            ..Default::default()
        };
        assert_eq!(
            answered_in_question(&request),
            vec!["date_of_birth", "nhs_inpatient"]
        );
    }
}
