//! Accounts, sign-in and access control.
pub mod account;
pub mod extractor;
pub mod links;
pub mod password;
pub mod policy;
pub mod roles;
pub mod routes;
pub mod second_factor;
pub mod second_factor_routes;
pub mod service;
pub mod throttle;
pub mod tokens;
pub mod types;

pub use extractor::AuthUser;
pub use roles::Role;
