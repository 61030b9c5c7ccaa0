//! The Chances4YOUth expression of interest form, as the young person sends it.
//!
//! Checks on what was sent live in [`super::form_rules`]; this file is the shape of the form
//! and the reference data it points at.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use super::form_rules::{AgeBand, age_band, age_on, sender_age_band, validate};

/// Shown beside the form: the apprenticeship bursary most care-experienced young people do not
/// know they can claim.
pub const BURSARY_PROMPT: &str = "If you start an apprenticeship before you are 25, you can get \
a £3,000 care leavers' bursary. It is paid in instalments during your first year. It is \
tax-free and it does not count as income for Universal Credit. Your employer does not have to \
know you have been in care. Ask your training provider or your personal adviser about it.";

/// The directorates shipped with the service; the live list can be replaced without a release.
pub const DEFAULT_DIRECTORATES_JSON: &str =
    include_str!("../../seed/chances4youth/directorates.json");

/// A council directorate a young person can choose as an area of interest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Directorate {
    /// Stable id stored on forms; never reused for a different directorate.
    #[schema(example = "digital_and_it")]
    pub id: String,
    #[schema(example = "Digital and IT")]
    pub name: String,
    /// Retired directorates stay readable on old forms but cannot be chosen on new ones.
    #[serde(default)]
    pub retired: bool,
}

/// Reads a directorate list in the format of `seed/chances4youth/directorates.json`.
pub fn parse_directorates(json: &str) -> Result<Vec<Directorate>, serde_json::Error> {
    serde_json::from_str(json)
}

/// The whole form. Contact details are pre-filled from the profile but the young person may
/// change them here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "contact": {"name": "Jay", "email": "jay@example.com", "phone": "07700 900123", "preferred_contact_method": "text"},
    "opportunity_types": ["apprenticeship"],
    "directorates": ["digital_and_it"],
    "level_sought": "advanced",
    "current_activities": ["college"],
    "english": {"level": "level2_or_above", "studying_now": false},
    "maths": {"level": "level1", "studying_now": true},
    "career_goal": "I want to work in IT support",
    "availability": {"hours": "full_time", "available_from": null, "notes": null},
    "travel": {"max_travel_minutes": 45, "driving_licence": "none", "notes": null},
    "right_to_work": "yes",
    "support_needs": "Extra time to read things at interview",
    "consents": {"share_with_hr_and_connexions": true, "share_with_future_employer": false}
}))]
pub struct ExpressionOfInterestForm {
    pub contact: ContactDetails,
    /// At least one.
    #[schema(example = json!(["apprenticeship", "work_experience"]))]
    pub opportunity_types: Vec<OpportunityType>,
    /// Directorate ids; empty means "any part of the council".
    #[schema(example = json!(["digital_and_it"]))]
    pub directorates: Vec<String>,
    pub level_sought: LevelSought,
    /// What they are doing now; `not_in_any` cannot be combined with anything else.
    #[schema(example = json!(["college"]))]
    pub current_activities: Vec<CurrentActivity>,
    pub english: Qualification,
    pub maths: Qualification,
    /// What they want to be, in their own words.
    #[schema(example = "I want to work in IT support")]
    pub career_goal: Option<String>,
    pub availability: Availability,
    pub travel: Travel,
    pub right_to_work: RightToWork,
    /// Support or adjustments for interview and for work, in their own words.
    pub support_needs: Option<String>,
    pub consents: Consents,
}

/// How to reach the young person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactDetails {
    /// The name they want to be called.
    #[schema(example = "Jay")]
    pub name: String,
    #[schema(example = "jay@example.com")]
    pub email: Option<String>,
    #[schema(example = "07700 900123")]
    pub phone: Option<String>,
    pub preferred_contact_method: ContactMethod,
}

/// How the young person prefers to be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContactMethod {
    Phone,
    Text,
    Email,
}

pub use entity::eoi_opportunity_type::OpportunityType;

/// Apprenticeship level sought (England's qualification levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LevelSought {
    /// Entry level or a foundation apprenticeship.
    Entry,
    /// Level 2, like GCSEs.
    Intermediate,
    /// Level 3, like A levels.
    Advanced,
    /// Levels 4 and 5, like a foundation degree.
    Higher,
    /// Levels 6 and 7, a degree apprenticeship.
    Degree,
    NotSure,
}

/// What the young person is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CurrentActivity {
    School,
    College,
    University,
    Apprenticeship,
    TrainingCourse,
    EmployedFullTime,
    EmployedPartTime,
    SelfEmployed,
    Volunteering,
    /// Not in education, employment or training.
    NotInAny,
}

/// Highest English or maths qualification so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Qualification {
    pub level: QualificationLevel,
    /// Studying for a (better) English or maths qualification now.
    #[serde(default)]
    pub studying_now: bool,
}

/// English and maths levels as apprenticeship entry requirements describe them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QualificationLevel {
    None,
    EntryLevel,
    /// GCSE grade 1–3 (D–G) or Functional Skills level 1.
    Level1,
    /// GCSE grade 4 (C) or above, or Functional Skills level 2.
    Level2OrAbove,
    NotSure,
}

/// When and how much the young person can work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    pub hours: HoursWanted,
    /// Empty means "straight away".
    pub available_from: Option<NaiveDate>,
    /// For example "not Tuesdays, I'm at college".
    pub notes: Option<String>,
}

/// Hours the young person is looking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HoursWanted {
    FullTime,
    PartTime,
    Flexible,
    NotSure,
}

/// Getting to work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Travel {
    /// Longest journey to work they would be happy with, one way.
    #[schema(example = 45, maximum = 240)]
    pub max_travel_minutes: Option<u16>,
    pub driving_licence: DrivingLicence,
    pub notes: Option<String>,
}

/// Driving licence held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DrivingLicence {
    None,
    Provisional,
    Full,
}

/// Right to work in the UK. Recorded so HR can help early; never a reason to refuse the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RightToWork {
    Yes,
    /// Waiting for a Home Office decision.
    Pending,
    No,
    NotSure,
}

/// The two separate consents on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = EoiConsents)]
#[serde(deny_unknown_fields)]
pub struct Consents {
    /// Share this form with HR (Talent and Development) and Connexions; required to submit.
    pub share_with_hr_and_connexions: bool,
    /// Share it with a future employer; optional.
    #[serde(default)]
    pub share_with_future_employer: bool,
}
