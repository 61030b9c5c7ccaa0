//! Free-prescription eligibility (NHS England exemptions and the Black Country care leavers'
//! scheme) and applications for the scheme.
//!
//! Pure rules: `rules`, `decision`, `national`, `scheme`, `data` (date-effective data),
//! `types` and `facts`. Around them: `known` (what the service already knows), `applications`
//! and `decisions` (storage, audit, e-mail), `report`, `routes` and `demo`.
/// Ages and birthdays live in `crate::age`, shared by every domain.
pub use crate::age;
pub mod answer;
pub mod applications;
pub mod data;
pub mod decision;
pub mod decisions;
pub mod facts;
pub mod known;
pub mod national;
pub mod nurse_work;
pub mod record;
pub mod refusal;
pub mod renewal;
pub mod report;
pub mod routes;
pub mod rules;
pub mod scheme;
pub mod service;
pub mod store;
pub mod types;
pub mod validate;
pub mod views;
pub mod wording;
