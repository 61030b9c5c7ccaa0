//! Chances4YOUth: apprenticeship and work-experience expressions of interest.
pub mod contact;
pub mod form;
pub mod form_rules;
pub mod report;
pub mod workflow;
