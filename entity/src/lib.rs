//! sea-orm entities for Care Passport. Models only: no logic lives here.

pub mod audit_event;
pub mod care_leaver;
pub mod local_authority;
pub mod login_throttle;
pub mod one_time_token;
pub mod outbox_message;
pub mod outcode;
pub mod postcode;
pub mod practice;
pub mod refresh_token;
pub mod user;
