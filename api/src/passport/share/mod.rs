//! Share links for a new GP, in the spirit of SMART Health Links: the young person picks
//! sections and an expiry and gets a link and a 6-digit passcode; the practice opens the FHIR
//! summary or the PDF with both, without an account. Every opening is in the young person's
//! access log.
pub mod routes;
pub mod rules;
pub mod service;
pub mod views;

pub use service::access_log_entries;
