//! The Leaving Care Health Passport: typed content, validation, stamping, versions.
pub mod about;
pub mod checker;
pub mod clinical;
pub mod demo;
pub mod demo_stories;
pub mod diff;
pub mod export;
pub mod immunisations;
pub mod model;
pub mod nhs_number;
pub mod schedule;
pub mod stamp;
pub mod validate;
pub mod visibility;
pub mod wellbeing;
