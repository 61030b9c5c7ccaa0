//! The staff console over HTTP (no browser): pages, sessions, CSRF, the second factor and the
//! e-mailed links.
mod account;
mod caseload;
mod caseworker;
mod dentists;
mod email_change;
mod health_information;
mod home;
mod interest;
mod links;
mod passport_editor;
mod prescriptions;
mod questions;
mod second_factor;
mod sign_in;
