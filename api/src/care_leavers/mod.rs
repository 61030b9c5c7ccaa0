//! Care leavers and staff accounts: onboarding, profiles and who supports whom.
pub mod caseload;
pub mod caseworker;
pub mod me;
pub mod onboarding;
pub mod routes;
pub mod service;
pub mod store;
pub mod types;

pub use service::{CareLeaver, find, visible_to};
