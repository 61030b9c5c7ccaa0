//! Finding a GP or dentist near a care leaver, from NHS ODS data and Code-Point positions.
pub mod dentist_note_routes;
pub mod dentist_notes;
pub mod geo;
pub mod import;
pub mod index;
pub mod local_knowledge;
pub mod ods;
pub mod postcode;
pub mod routes;
pub mod rows;
pub mod service;
pub mod store;
pub mod summary;
pub mod types;
pub mod views;

pub use service::Finder;
