//! The identifiers and contact details people type, as types: one `parse` each that
//! normalises and checks, so a value that got through never needs checking again.
//!
//! | Type | Stored form | Replaces |
//! |---|---|---|
//! | [`EmailAddress`] | trimmed, ASCII letters in lower case | three e-mail checks (care leavers, apprenticeships, passport) |
//! | [`UkPhone`] | national form, `07700900123` | `normalise_uk_phone`, `is_uk_mobile`, `spaced_phone` |
//! | [`PhoneNumber`] | trimmed, as typed | the care-leaver, passport and health-information phone checks |
//! | [`NhsNumber`] | ten digits | `normalise_nhs_number`, `check_nhs_number` |
//! | [`OdsCode`] | upper case | `parse_ods_code`, `check_ods_code`, the passport's ODS check |
//! | [`Postcode`] | `DY1 1HF` | (moved here from `finder::postcode`) |
//! | [`PersonName`] | trimmed | `check_name` |
//!
//! Request bodies keep these fields as `String`; the contract states each type's `PATTERN`
//! on them (`openapi::constraints`). The service parses them and says what is wrong under the
//! field the client sent: for an address or a phone number in one sentence everywhere
//! ([`email::NOT_AN_EMAIL`], [`phone::NOT_A_PHONE`], [`phone::NOT_A_UK_PHONE`]), otherwise in
//! the words of its own form. Each type also (de)serialises as its string, parsing on the way
//! in.

pub mod email;
mod nhs_number;
mod ods_code;
mod person_name;
pub mod phone;
mod postcode;

pub use email::EmailAddress;
pub use nhs_number::NhsNumber;
pub use ods_code::OdsCode;
pub use person_name::{NameError, PersonName};
pub use phone::{PhoneNumber, UkPhone};
pub use postcode::Postcode;
pub(crate) use postcode::is_outcode;

/// A value that is not what its type accepts. Callers say why in their own words, under
/// their own field name; this only says which kind of value it was not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not {0}")]
pub struct Invalid(pub &'static str);

/// `as_str`, `Display`, `AsRef<str>`, `From<T> for String` and serde as a string that parses
/// on the way in, for a newtype over `String` with a `parse(&str) -> Result<Self, E>`.
macro_rules! text_newtype {
    ($type:ident) => {
        impl $type {
            /// The value in its stored form.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $type {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> String {
                value.0
            }
        }

        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $type::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use text_newtype;
