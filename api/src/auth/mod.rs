//! Accounts, sign-in and access control.
pub mod account;
pub mod actor;
pub mod email_change;
pub mod enrolment;
pub mod extractor;
pub mod guard;
pub mod links;
pub mod password;
pub mod policy;
pub mod roles;
pub mod routes;
pub mod second_factor;
pub mod second_factor_routes;
pub mod service;
pub mod session_routes;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod types;

pub use actor::Actor;
pub use extractor::{AuthUser, BearerToken};
pub use roles::{Role, RoleWords};
