//! The Leaving Care Health Passport.
pub mod nhs_number;
