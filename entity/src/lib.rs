//! sea-orm entities for Care Passport. Models only: no logic lives here.

pub mod audit_event;
pub mod care_leaver;
pub mod eoi_directorate;
pub mod eoi_opportunity_type;
pub mod eoi_status_history;
pub mod expression_of_interest;
pub mod local_authority;
pub mod login_throttle;
pub mod one_time_token;
pub mod outbox_message;
pub mod refresh_token;
pub mod user;
