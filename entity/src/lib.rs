//! sea-orm entities for Care Passport. Models only: no logic lives here.
//!
//! Enum-like columns are Rust enums (`DeriveActiveEnum`) stored as the same text the columns
//! have always held, so a status cannot be misspelt and a `match` on one is exhaustive. Where
//! the API shows the same values, the enum is the API's type too (its JSON name is its stored
//! text).

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
        let cases: [(Vec<String>, &[&str]); 10] = [
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
        ];
        for (names, expected) in cases {
            assert_eq!(names, expected);
        }
    }
}
