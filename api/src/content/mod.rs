//! Health information and local services that nurses keep up to date.
pub mod cache;
pub mod directory;
pub mod directory_routes;
pub mod markdown;
pub mod model;
pub mod readability;
pub mod routes;
pub mod rules;
pub mod seed;
pub mod service;
pub mod store;
pub mod views;
