//! The Leaving Care Health Passport: typed content, validation, stamping, versions, and the
//! routes, storage and e-mails around them.
pub mod about;
pub mod cache;
pub mod checker;
pub mod clinical;
pub mod demo;
pub mod demo_load;
pub mod demo_stories;
pub mod diff;
pub mod due;
pub mod due_routes;
pub mod export;
pub mod fhir;
mod fhir_entries;
pub mod immunisations;
mod me_routes;
pub mod model;
pub mod nhs_number;
mod notify;
pub mod pdf;
pub mod plain;
pub mod queries;
pub mod routes;
pub mod schedule;
pub mod service;
pub mod share;
pub mod stamp;
pub mod store;
pub mod travel;
mod travel_routes;
pub mod validate;
pub mod views;
pub mod visibility;
pub mod wellbeing;

pub use demo_load::load_demo;
