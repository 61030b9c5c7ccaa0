//! Request and response bodies for `POST /v1/prescriptions/eligibility`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::answer::Eligibility;
use super::data::RuleSet;
use super::facts::{Benefits, Certificate, Facts, UniversalCredit, WhoGetsIt};
use super::rules::evaluate;
use super::wording::long_date;
use crate::error::FieldError;

/// Declares the two request bodies from one list of answers, so they cannot drift apart: the
/// eligibility check takes the answers and the date to check; an application takes the answers
/// alone. Each answer is optional (`#[serde(default)]`).
macro_rules! answer_bodies {
    (
        $(#[$check_attr:meta])*
        pub struct $check:ident { $(#[$on_attr:meta])* pub $on:ident: $on_ty:ty, }

        $(#[$apply_attr:meta])*
        pub struct $apply:ident;

        answers { $($(#[$attr:meta])* $field:ident: $ty:ty,)* }
    ) => {
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        $(#[$check_attr])*
        pub struct $check {
            $(#[$on_attr])*
            #[serde(default)]
            pub $on: $on_ty,
            $($(#[$attr])* #[serde(default)] pub $field: $ty,)*
        }

        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        $(#[$apply_attr])*
        pub struct $apply {
            $($(#[$attr])* #[serde(default)] pub $field: $ty,)*
        }

        /// An application is checked as a request with no date (for today).
        impl From<$apply> for $check {
            fn from(a: $apply) -> Self {
                $check { $on: None, $($field: a.$field,)* }
            }
        }

        /// The answers of a request, without the date to check.
        impl From<$check> for $apply {
            fn from(c: $check) -> Self {
                $apply { $($field: c.$field,)* }
            }
        }
    };
}

answer_bodies! {
    /// What the person tells us. Every field is optional: leave out what you don't know and the
    /// answer lists the questions still needed.
    #[schema(example = example_request)]
    pub struct EligibilityRequest {
        /// The date to check; today when left out.
        pub on: Option<NaiveDate>,
    }

    /// An application for the care leavers' scheme: the eligibility answers without `on`, since an
    /// application is always checked for today. Every field is optional; what is left out is
    /// filled from the care leaver's record.
    #[schema(example = example_application)]
    pub struct ApplicationRequest;

    answers {
        date_of_birth: Option<NaiveDate>,
        in_full_time_education: Option<bool>,
        /// Maternity exemption certificate (pregnant or had a baby in the last 12 months).
        pregnant_or_recent_birth_with_matex: Option<Certificate>,
        medical_exemption_certificate: Option<Certificate>,
        war_pension_certificate: Option<Certificate>,
        nhs_inpatient: Option<bool>,
        benefits: Option<Benefits>,
        tax_credit_exemption_certificate: Option<Certificate>,
        hc2_certificate: Option<Certificate>,
        hc3_certificate: Option<Certificate>,
        /// Last day of the person's prescription prepayment certificate, if they have one.
        prepayment_certificate_expires: Option<NaiveDate>,
        registered_with_gp: Option<bool>,
        /// The council whose leaving-care team helps them, e.g. `dudley`.
        #[schema(example = "dudley")]
        leaving_care_local_authority: Option<String>,
        eligible_for_leaving_care_service: Option<bool>,
    }
}

/// The OpenAPI example application: Jordan, a Dudley care leaver on Universal Credit.
pub fn example_application() -> ApplicationRequest {
    example_request().into()
}

/// The answer, and the date it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = example_response)]
pub struct EligibilityResponse {
    pub checked_on: NaiveDate,
    #[serde(flatten)]
    pub eligibility: Eligibility,
}

/// Facts the service already holds about a signed-in care leaver.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileFacts {
    pub date_of_birth: Option<NaiveDate>,
    pub leaving_care_local_authority: Option<String>,
    pub registered_with_gp: Option<bool>,
    pub eligible_for_leaving_care_service: Option<bool>,
}

/// Fills in what the request leaves out from the care leaver's profile. What the person sent
/// wins, so they can check "what if" (e.g. after registering with a GP).
pub fn merge_profile(mut req: EligibilityRequest, profile: &ProfileFacts) -> EligibilityRequest {
    req.date_of_birth = req.date_of_birth.or(profile.date_of_birth);
    req.leaving_care_local_authority = req
        .leaving_care_local_authority
        .or_else(|| profile.leaving_care_local_authority.clone());
    req.registered_with_gp = req.registered_with_gp.or(profile.registered_with_gp);
    req.eligible_for_leaving_care_service = req
        .eligible_for_leaving_care_service
        .or(profile.eligible_for_leaving_care_service);
    req
}

impl EligibilityRequest {
    /// Checks the request and splits it into the date to check and the facts.
    pub fn into_facts(self, today: NaiveDate) -> Result<(NaiveDate, Facts), FieldError> {
        let on = self.on.unwrap_or(today);
        let covers_from = RuleSet::current().covers_from;
        if on < covers_from {
            let message = format!("We can only check dates from {}.", long_date(covers_from));
            return Err(FieldError::new("on", message));
        }
        if self.date_of_birth.is_some_and(|born| born > on) {
            return Err(FieldError::new(
                "date_of_birth",
                "The date of birth is after the date being checked.",
            ));
        }
        let benefits = self.benefits.unwrap_or_default();
        let pay = benefits
            .universal_credit
            .and_then(|uc| uc.take_home_pay_pence);
        if pay.is_some_and(|pence| pence < 0) {
            return Err(FieldError::new(
                "benefits.universal_credit.take_home_pay_pence",
                "Take-home pay can't be less than 0.",
            ));
        }
        let council = self
            .leaving_care_local_authority
            .map(|c| c.trim().to_string());
        if council
            .as_ref()
            .is_some_and(|c| c.is_empty() || c.chars().count() > 100)
        {
            return Err(FieldError::new(
                "leaving_care_local_authority",
                "Give the council's name, for example Dudley.",
            ));
        }
        let facts = Facts {
            date_of_birth: self.date_of_birth,
            in_full_time_education: self.in_full_time_education,
            pregnant_or_recent_birth_with_matex: self.pregnant_or_recent_birth_with_matex,
            medical_exemption_certificate: self.medical_exemption_certificate,
            war_pension_certificate: self.war_pension_certificate,
            nhs_inpatient: self.nhs_inpatient,
            benefits,
            tax_credit_exemption_certificate: self.tax_credit_exemption_certificate,
            hc2_certificate: self.hc2_certificate,
            hc3_certificate: self.hc3_certificate,
            prepayment_certificate_expires: self.prepayment_certificate_expires,
            registered_with_gp: self.registered_with_gp,
            leaving_care_local_authority: council,
            eligible_for_leaving_care_service: self.eligible_for_leaving_care_service,
            scheme_certificate: None,
        };
        Ok((on, facts))
    }
}

/// The OpenAPI example request: a Dudley care leaver on Universal Credit.
pub fn example_request() -> EligibilityRequest {
    EligibilityRequest {
        on: NaiveDate::from_ymd_opt(2025, 6, 2),
        date_of_birth: NaiveDate::from_ymd_opt(2005, 9, 14),
        in_full_time_education: Some(false),
        pregnant_or_recent_birth_with_matex: Some(Certificate::none()),
        medical_exemption_certificate: Some(Certificate::none()),
        war_pension_certificate: Some(Certificate::none()),
        nhs_inpatient: Some(false),
        benefits: Some(Benefits {
            universal_credit: Some(UniversalCredit {
                who_gets: Some(WhoGetsIt::Me),
                take_home_pay_pence: Some(61_200),
                has_child_element: Some(false),
                has_limited_capability_for_work: Some(false),
            }),
            ..Benefits::none()
        }),
        tax_credit_exemption_certificate: Some(Certificate::none()),
        hc2_certificate: Some(Certificate::none()),
        registered_with_gp: Some(true),
        leaving_care_local_authority: Some("dudley".to_string()),
        eligible_for_leaving_care_service: Some(true),
        ..EligibilityRequest::default()
    }
}

/// The OpenAPI example response: what the rules say about [`example_request`].
pub fn example_response() -> EligibilityResponse {
    let request = example_request();
    let today = request.on.unwrap_or_default();
    match request.into_facts(today) {
        Ok((on, facts)) => EligibilityResponse {
            checked_on: on,
            eligibility: evaluate(&facts, on),
        },
        // Unreachable with the example above; a test keeps it that way.
        Err(_) => EligibilityResponse {
            checked_on: today,
            eligibility: evaluate(&Facts::default(), today),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::answer::Outcome;
    use crate::prescriptions::facts::examples::d;

    #[test]
    fn the_example_request_round_trips_through_json_and_gives_the_scheme() {
        let json = serde_json::to_value(example_request()).expect("serialises");
        let back: EligibilityRequest = serde_json::from_value(json).expect("parses");
        assert_eq!(back, example_request());
        let response = example_response();
        assert_eq!(response.checked_on, d(2025, 6, 2));
        assert_eq!(response.eligibility.outcome, Outcome::Eligible);
        assert_eq!(
            response.eligibility.routes[0].id,
            "black_country_care_leavers"
        );
    }

    #[test]
    fn unknown_fields_are_refused_at_the_top_and_inside_benefits() {
        for body in [
            r#"{"date_of_brith": "2005-01-01"}"#,
            r#"{"benefits": {"universal_credit": {"pay": 1}}}"#,
            r#"{"medical_exemption_certificate": {"held": true, "colour": "red"}}"#,
        ] {
            assert!(
                serde_json::from_str::<EligibilityRequest>(body).is_err(),
                "{body}"
            );
        }
        let empty: EligibilityRequest = serde_json::from_str("{}").expect("all optional");
        assert_eq!(empty, EligibilityRequest::default());
    }

    #[test]
    fn bad_requests_name_the_field_that_is_wrong() {
        let today = d(2025, 6, 2);
        let uc = |pay| Benefits {
            universal_credit: Some(UniversalCredit {
                take_home_pay_pence: Some(pay),
                ..Default::default()
            }),
            ..Default::default()
        };
        let cases = [
            (
                EligibilityRequest {
                    on: Some(d(2021, 3, 31)),
                    ..Default::default()
                },
                "on",
            ),
            (
                EligibilityRequest {
                    date_of_birth: Some(d(2025, 6, 3)),
                    ..Default::default()
                },
                "date_of_birth",
            ),
            (
                EligibilityRequest {
                    benefits: Some(uc(-1)),
                    ..Default::default()
                },
                "benefits.universal_credit.take_home_pay_pence",
            ),
            (
                EligibilityRequest {
                    leaving_care_local_authority: Some("  ".into()),
                    ..Default::default()
                },
                "leaving_care_local_authority",
            ),
        ];
        for (request, field) in cases {
            let error = request.into_facts(today).expect_err(field);
            assert_eq!(error.field, field);
        }
        let (on, facts) = EligibilityRequest {
            benefits: Some(uc(0)),
            ..Default::default()
        }
        .into_facts(today)
        .expect("zero pay is fine");
        assert_eq!(
            (
                on,
                facts
                    .benefits
                    .universal_credit
                    .and_then(|u| u.take_home_pay_pence)
            ),
            (today, Some(0))
        );
    }

    #[test]
    fn the_profile_fills_in_only_what_the_request_leaves_out() {
        let profile = ProfileFacts {
            date_of_birth: Some(d(2005, 9, 14)),
            leaving_care_local_authority: Some("dudley".into()),
            registered_with_gp: Some(true),
            eligible_for_leaving_care_service: Some(true),
        };
        let merged = merge_profile(EligibilityRequest::default(), &profile);
        assert_eq!(merged.date_of_birth, profile.date_of_birth);
        assert_eq!(
            merged.leaving_care_local_authority.as_deref(),
            Some("dudley")
        );
        assert_eq!(merged.registered_with_gp, Some(true));
        assert_eq!(merged.eligible_for_leaving_care_service, Some(true));

        let asked = EligibilityRequest {
            registered_with_gp: Some(false),
            ..Default::default()
        };
        assert_eq!(
            merge_profile(asked, &profile).registered_with_gp,
            Some(false)
        );
    }

    #[test]
    fn the_response_uses_json_paths_for_question_ids_and_snake_case_outcomes() {
        let facts = Facts::default();
        let response = EligibilityResponse {
            checked_on: d(2025, 6, 2),
            eligibility: evaluate(&facts, d(2025, 6, 2)),
        };
        let json = serde_json::to_value(&response).expect("serialises");
        assert_eq!(json["outcome"], "need_more_information");
        assert_eq!(json["checked_on"], "2025-06-02");
        assert_eq!(json["questions"][0]["id"], "date_of_birth");
        let ids: Vec<&str> = json["questions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|q| q["id"].as_str())
            .collect();
        assert!(
            ids.contains(&"benefits.universal_credit.who_gets"),
            "{ids:?}"
        );
    }

    #[test]
    fn the_openapi_schemas_carry_the_examples() {
        use utoipa::PartialSchema;
        let request = serde_json::to_value(EligibilityRequest::schema()).expect("schema");
        assert_eq!(request["example"]["leaving_care_local_authority"], "dudley");
        let response = serde_json::to_value(EligibilityResponse::schema()).expect("schema");
        assert_eq!(response["example"]["outcome"], "eligible");
    }
}
