//! Chances4YOUth: apprenticeship and work-experience expressions of interest.
pub mod contact;
pub mod demo;
pub mod form;
pub mod form_rules;
pub mod notify;
pub mod present;
pub mod report;
pub mod report_routes;
pub mod review_routes;
pub mod routes;
pub mod service;
pub mod submission;
pub mod views;
pub mod workflow;

pub use demo::load_demo;
