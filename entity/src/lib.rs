//! sea-orm entities for Care Passport. Models only: no logic lives here.
//!
//! Enum-like columns are Rust enums (`DeriveActiveEnum`) stored as the same text the columns
//! have always held, so a status cannot be misspelt and a `match` on one is exhaustive. Where
//! the API shows the same values, the enum is the API's type too (its JSON name is its stored
//! text).

/// An enum-like column: a Rust enum stored as text (`DeriveActiveEnum`), with what every one
/// of them needs (copy, compare, hash, iterate). Its own attributes come with it: the
/// `#[sea_orm(..)]` storage, and the serde and schema derives where the API shows it.
macro_rules! column_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident,)*
        }
    ) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
        $(#[$attr])*
        pub enum $name {
            $($(#[$variant_attr])* $variant,)*
        }
    };
}

/// `Display` as the stored text (e.g. `approved`), for messages that name a value.
macro_rules! display_as_stored {
    ($($name:ty),* $(,)?) => {$(
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&sea_orm::ActiveEnum::to_value(self))
            }
        }
    )*};
}

/// The value of an enum column whose stored text is `text`, if any (for query strings and
/// form fields, which carry the same text).
pub fn from_stored_text<T: sea_orm::ActiveEnum<Value = String>>(text: &str) -> Option<T> {
    T::try_from_value(&text.to_owned()).ok()
}

pub mod article;
pub mod article_version;
pub mod audit_event;
pub mod care_leaver;
pub mod console_session;
pub mod content_link;
pub mod dentist_note;
pub mod eoi_directorate;
pub mod eoi_opportunity_type;
pub mod eoi_status_history;
pub mod expression_of_interest;
pub mod local_authority;
pub mod local_service;
pub mod login_challenge;
pub mod login_throttle;
pub mod one_time_token;
pub mod outbox_message;
pub mod outcode;
pub mod passport_acknowledgement;
pub mod passport_draft;
pub mod passport_own_words;
pub mod passport_query;
pub mod passport_share_link;
pub mod passport_version;
pub mod postcode;
pub mod practice;
pub mod prescription_application;
pub mod prescription_application_note;
pub mod recovery_code;
pub mod refresh_token;
pub mod second_factor;
pub mod session;
pub mod user;

#[cfg(test)]
mod tests {
    use sea_orm::{ActiveEnum, Iterable};
    use serde::Serialize;

    /// Every value's stored text, in declaration order; also its JSON name.
    fn stored<T: ActiveEnum<Value = String> + Serialize + std::fmt::Debug>() -> Vec<String> {
        T::iter()
            .map(|v| {
                let text = v.to_value();
                assert_eq!(serde_json::to_value(&v).unwrap(), text.as_str(), "{v:?}");
                assert_eq!(
                    T::try_from_value(&text).ok().map(|b| b.to_value()),
                    Some(text.clone())
                );
                text
            })
            .collect()
    }

    #[test]
    fn every_enum_column_keeps_the_text_it_has_always_stored() {
        let cases: [(Vec<String>, &[&str]); 20] = [
            (
                stored::<crate::prescription_application::ApplicationStatus>(),
                &["submitted", "approved", "declined", "withdrawn"],
            ),
            (
                stored::<crate::outbox_message::OutboxStatus>(),
                &["pending", "sending", "sent", "failed"],
            ),
            (
                stored::<crate::care_leaver::LeavingCareStatus>(),
                &["through_care", "care_leaver", "closed"],
            ),
            (
                crate::console_session::Stage::iter()
                    .map(|s| s.to_value())
                    .collect(),
                &["anonymous", "second_factor", "enrol", "signed_in"],
            ),
            (
                crate::one_time_token::TokenPurpose::iter()
                    .map(|s| s.to_value())
                    .collect(),
                &["invitation", "password_reset", "email_change"],
            ),
            (
                stored::<crate::practice::PracticeKind>(),
                &["gp", "dentist"],
            ),
            (
                stored::<crate::passport_query::QueryStatus>(),
                &["open", "resolved"],
            ),
            (
                stored::<crate::article::ArticleStatus>(),
                &["draft", "published", "unpublished"],
            ),
            (
                stored::<crate::practice::PracticeStatus>(),
                &["active", "closed", "dormant", "proposed"],
            ),
            (
                crate::practice::PositionSource::iter()
                    .map(|s| s.to_value())
                    .collect(),
                &["postcode", "outcode", "none"],
            ),
            (
                stored::<crate::user::Role>(),
                &[
                    "care_leaver",
                    "nurse",
                    "caseworker",
                    "hr",
                    "connexions",
                    "admin",
                    "virtual_school",
                ],
            ),
            (
                stored::<crate::user::UserStatus>(),
                &["invited", "active", "disabled"],
            ),
            (
                stored::<crate::user::InterestMail>(),
                &["each_form", "daily_digest", "none"],
            ),
            (
                stored::<crate::expression_of_interest::EoiStatus>(),
                &[
                    "submitted",
                    "acknowledged",
                    "in_review",
                    "interview_offered",
                    "work_experience_offered",
                    "mock_interview_offered",
                    "coaching_offered",
                    "placement_offered",
                    "started",
                    "continuing",
                    "completed",
                    "left_early",
                    "moved_on",
                    "not_progressed",
                    "withdrawn",
                ],
            ),
            (
                stored::<crate::expression_of_interest::AgeBand>(),
                &["16-17", "18-21", "22-25", "26+"],
            ),
            (
                stored::<crate::content_link::LinkCategory>(),
                &["nhs_services", "urgent_help", "emergency"],
            ),
            (
                stored::<crate::eoi_opportunity_type::OpportunityType>(),
                &[
                    "apprenticeship",
                    "work_experience",
                    "mock_interview",
                    "coaching_mentoring",
                    "internship",
                ],
            ),
            (
                stored::<crate::passport_query::SectionId>(),
                &[
                    "about_me",
                    "birth_history",
                    "family_history",
                    "development",
                    "conditions",
                    "operations_and_hospital_stays",
                    "therapies",
                    "medicines",
                    "allergies",
                    "immunisations",
                    "dental_optical_hearing",
                    "emotional_health",
                    "sexual_health_and_substance_use",
                    "health_assessments",
                    "health_plan_actions",
                    "where_to_get_help",
                    "my_own_words",
                ],
            ),
            (
                stored::<crate::article::Topic>(),
                &[
                    "registering_with_a_gp",
                    "dentists_and_eye_tests",
                    "prescriptions",
                    "mental_health",
                    "sexual_health",
                    "healthy_eating",
                    "alcohol_and_drugs",
                    "staying_safe",
                    "sleep",
                    "urgent_care",
                    "nhs_app",
                    "health_passport",
                    "education_and_work",
                    "leaving_care_support",
                ],
            ),
            (
                crate::outbox_message::TemplateName::iter()
                    .map(|t| t.to_value())
                    .collect(),
                &[
                    "invitation",
                    "password_reset",
                    "email_change_confirm",
                    "email_changed",
                    "second_factor_reset",
                    "passport_published",
                    "passport_query_raised",
                    "passport_ready",
                    "passport_query_answered",
                    "prescription_application_received",
                    "prescription_decision",
                    "prescription_certificate_expiring",
                    "eoi_submitted",
                    "eoi_digest",
                    "eoi_status_changed",
                    "eoi_update",
                ],
            ),
        ];
        for (names, expected) in cases {
            assert_eq!(names, expected);
        }
        // The passport's order of sections is its declaration order.
        assert_eq!(
            crate::passport_query::SectionId::ALL.to_vec(),
            crate::passport_query::SectionId::iter().collect::<Vec<_>>()
        );
    }
}
