//! Request and response bodies for the Chances4YOUth routes. The young person's views never
//! carry staff notes; no view carries anything from the health passport or prescriptions.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{
    form::{AgeBand, Directorate, ExpressionOfInterestForm, OpportunityType},
    workflow::EoiStatus,
};
use crate::auth::Role;

/// One of the young person's own forms, with its progress and the feedback they were given.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyExpressionOfInterest {
    pub id: Uuid,
    pub status: EoiStatus,
    /// `status` in words to show, e.g. "Being reviewed".
    #[schema(example = "Being reviewed")]
    pub status_label: String,
    pub form: ExpressionOfInterestForm,
    /// Age band on the day the form was sent.
    #[schema(value_type = String, example = "18-21")]
    pub age_band: AgeBand,
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Whether the form can still be changed or withdrawn.
    pub open: bool,
    /// Oldest first, starting with the submission.
    pub history: Vec<MyHistoryEntry>,
}

/// A step in the young person's form's progress, as they see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyHistoryEntry {
    /// Absent for the submission itself.
    pub from: Option<EoiStatus>,
    /// `from` in words to show.
    pub from_label: Option<String>,
    pub to: EoiStatus,
    /// `to` in words to show, e.g. "Interview offered".
    #[schema(example = "Interview offered")]
    pub to_label: String,
    pub at: DateTime<Utc>,
    /// `you`, or the team that made the change, e.g. `HR Talent and Development`.
    #[schema(example = "HR Talent and Development")]
    pub by: String,
    /// Feedback written for the young person.
    pub feedback_for_young_person: Option<String>,
}

/// Who a form is from, as staff see them (no date of birth, nothing about health).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YoungPerson {
    pub id: Uuid,
    #[schema(example = "Jordan Smith")]
    pub name: String,
    #[schema(example = "Jo")]
    pub preferred_name: Option<String>,
    #[schema(example = "dudley")]
    pub local_authority: String,
}

/// A form in a staff list.
#[derive(Debug, Serialize, ToSchema)]
pub struct EoiSummary {
    pub id: Uuid,
    pub young_person: YoungPerson,
    pub status: EoiStatus,
    #[schema(value_type = String, example = "18-21")]
    pub age_band: AgeBand,
    /// Directorate ids; empty means any part of the council.
    pub directorates: Vec<String>,
    pub opportunity_types: Vec<OpportunityType>,
    /// The young person agreed to share the form with a future employer.
    pub consent_share_with_employer: bool,
    pub submitted_at: DateTime<Utc>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A form as staff see it: the form, its history with staff notes, and what can happen next.
#[derive(Debug, Serialize, ToSchema)]
pub struct EoiStaffView {
    #[serde(flatten)]
    pub summary: EoiSummary,
    pub form: ExpressionOfInterestForm,
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Oldest first, starting with the submission.
    pub history: Vec<StaffHistoryEntry>,
    /// The statuses the caller may move the form to (empty for caseworkers).
    pub next_statuses: Vec<EoiStatus>,
}

/// A step in a form's progress, as staff see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffHistoryEntry {
    pub from: Option<EoiStatus>,
    pub to: EoiStatus,
    pub at: DateTime<Utc>,
    /// `None` if the account has since been removed.
    pub by: Option<Actor>,
    /// For staff only.
    pub note: Option<String>,
    /// What the young person was told.
    pub feedback_for_young_person: Option<String>,
    /// Where a placement offered or started is: a directorate id from
    /// `/v1/chances4youth/options` (absent for other moves and for older rows).
    #[schema(example = "digital_and_it")]
    pub directorate: Option<String>,
    /// The team within the directorate, in words.
    #[schema(example = "Service desk")]
    pub team: Option<String>,
    /// The day a start or an outcome happened.
    pub effective_on: Option<NaiveDate>,
}

/// Who made a change.
#[derive(Debug, Serialize, ToSchema)]
pub struct Actor {
    pub id: Uuid,
    #[schema(example = "Priya Shah")]
    pub name: String,
    pub role: Role,
}

/// A reviewer's status change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "placement_offered", "note": "Spoke to Digital about an IT support vacancy", "feedback_for_young_person": "We would like to offer you a placement with the service desk.", "directorate": "digital_and_it", "team": "Service desk"}))]
pub struct StatusChange {
    pub status: EoiStatus,
    /// Seen by staff only (HR, Connexions and the young person's caseworker).
    #[schema(example = "Spoke to Digital about an IT support vacancy")]
    pub note: Option<String>,
    /// Seen by the young person, who is e-mailed that there is feedback.
    #[schema(example = "Your form was really clear. We'd like to invite you to interview.")]
    pub feedback_for_young_person: Option<String>,
    /// Where the placement is, for `placement_offered` and `started` (required; a start takes
    /// the offer's when neither is given) and `work_experience_offered` (both or neither): a
    /// directorate id from `/v1/chances4youth/options` that is not retired.
    #[schema(example = "digital_and_it")]
    pub directorate: Option<String>,
    /// The team within the directorate, 1–200 characters.
    #[schema(example = "Service desk", max_length = 200)]
    pub team: Option<String>,
    /// For `started` and the outcomes (`continuing`, `completed`, `left_early`, `moved_on`):
    /// the day it happened, between the day the form was sent and today. Default: today.
    pub effective_on: Option<NaiveDate>,
}

/// Filters for `GET /v1/expressions-of-interest`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[param(inline)]
    pub status: Option<EoiStatus>,
    /// A directorate id from `/v1/chances4youth/options`.
    #[param(example = "digital_and_it")]
    pub directorate: Option<String>,
    #[param(inline)]
    pub opportunity_type: Option<OpportunityType>,
    /// `16-17`, `18-21`, `22-25` or `26+` (age when the form was sent).
    #[param(example = "16-17")]
    pub age_band: Option<String>,
    /// Sent on or after this day (UTC).
    pub submitted_from: Option<NaiveDate>,
    /// Sent on or before this day (UTC).
    pub submitted_to: Option<NaiveDate>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// How many to skip, for the next page.
    #[param(minimum = 0, maximum = 1000000)]
    pub offset: Option<u32>,
}

/// `GET /v1/reports/chances4youth` options.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// `json` (default) or `csv`.
    #[param(inline)]
    pub format: Option<ReportFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Json,
    Csv,
}

/// A choice on the form: its stable id and the words to show.
#[derive(Debug, Serialize, ToSchema)]
pub struct Choice {
    #[schema(example = "apprenticeship")]
    pub id: String,
    #[schema(example = "Apprenticeship")]
    pub label: String,
}

/// What the app needs to draw the form.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormOptions {
    /// Council directorates; retired ones are kept so old forms still read well, but cannot
    /// be chosen.
    pub directorates: Vec<Directorate>,
    pub opportunity_types: Vec<Choice>,
    pub levels: Vec<Choice>,
    /// Where a form can be in the review (`status` in responses).
    pub statuses: Vec<Choice>,
    /// What the young person is doing now (`current_activities`).
    pub activities: Vec<Choice>,
    /// English and maths levels (`english.level`, `maths.level`).
    pub qualification_levels: Vec<Choice>,
    /// Hours wanted (`availability.hours`).
    pub hours: Vec<Choice>,
    /// Driving licence held (`travel.driving_licence`).
    pub driving_licences: Vec<Choice>,
    /// Right to work in the UK (`right_to_work`).
    pub right_to_work: Vec<Choice>,
    /// How to get in touch (`contact.preferred_contact_method`).
    pub contact_methods: Vec<Choice>,
    /// Shown beside the form.
    pub bursary_prompt: String,
    #[schema(example = 16)]
    pub minimum_age: u32,
    #[schema(value_type = Vec<String>, example = json!(["16-17", "18-21", "22-25", "26+"]))]
    pub age_bands: Vec<AgeBand>,
}
