//! Chances4YOUth: apprenticeship and work-experience expressions of interest.
pub mod contact;
pub mod form;
pub mod form_rules;
pub mod notify;
pub mod present;
pub mod report;
pub mod report_routes;
pub mod report_service;
pub mod review;
pub mod review_routes;
pub mod routes;
pub mod service;
pub mod store;
pub mod submission;
pub mod views;
pub mod workflow;
pub mod young_person;
