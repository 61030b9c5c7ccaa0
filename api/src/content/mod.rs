//! Health information and local services that nurses keep up to date.
pub mod markdown;
pub mod model;
pub mod readability;
pub mod rules;
pub mod seed;
