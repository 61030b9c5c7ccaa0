//! Free-prescription eligibility (NHS England exemptions and the Black Country care leavers'
//! scheme) and applications for the scheme.
pub mod age;
pub mod answer;
pub mod data;
pub mod decision;
pub mod facts;
pub mod national;
pub mod rules;
pub mod scheme;
pub mod types;
pub mod validate;
pub mod wording;
