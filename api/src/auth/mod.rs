//! Accounts, sign-in and access control.
pub mod actor;
pub mod extractor;
pub mod links;
pub mod password;
pub mod policy;
pub mod roles;
pub mod routes;
pub mod second_factor;
pub mod service;
pub mod throttle;
pub mod tokens;
pub mod types;

pub use actor::Actor;
pub use extractor::AuthUser;
pub use roles::Role;
