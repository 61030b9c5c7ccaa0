//! sea-orm entities for Care Passport. Models only: no logic lives here.

pub mod article;
pub mod article_version;
pub mod audit_event;
pub mod care_leaver;
pub mod content_link;
pub mod eoi_directorate;
pub mod eoi_opportunity_type;
pub mod eoi_status_history;
pub mod expression_of_interest;
pub mod local_authority;
pub mod local_service;
pub mod login_throttle;
pub mod one_time_token;
pub mod outbox_message;
pub mod outcode;
pub mod passport_acknowledgement;
pub mod passport_draft;
pub mod passport_query;
pub mod passport_share_link;
pub mod passport_version;
pub mod postcode;
pub mod practice;
pub mod prescription_application;
pub mod refresh_token;
pub mod user;
