//! Finding a GP or dentist near a care leaver, from NHS ODS data and Code-Point positions.
pub mod geo;
pub mod index;
pub mod ods;
pub mod postcode;
pub mod rows;
pub mod types;
pub mod views;
