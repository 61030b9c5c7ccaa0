//! Accounts, sign-in and access control.
pub mod email_change;
pub mod extractor;
pub mod guard;
pub mod password;
pub mod policy;
pub mod roles;
pub mod routes;
pub mod service;
pub mod session_routes;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod types;

pub use extractor::AuthUser;
pub use roles::Role;
