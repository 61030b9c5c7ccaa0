//! A Chances4YOUth expression of interest in apprenticeships and work experience.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "expressions_of_interest")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub care_leaver_id: Uuid,
    /// The authority whose programme received the form.
    pub local_authority: String,
    pub status: EoiStatus,
    /// The form as the young person sent it (never anything from their health passport).
    pub form: Json,
    /// The young person's age band on the day the form was sent.
    pub age_band: AgeBand,
    pub consent_share_with_employer: bool,
    pub submitted_at: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// Where an expression of interest is in the Chances4YOUth review.
    #[derive(PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    #[schema(example = "in_review")]
    pub enum EoiStatus {
        #[sea_orm(string_value = "submitted")]
        Submitted,
        #[sea_orm(string_value = "acknowledged")]
        Acknowledged,
        #[sea_orm(string_value = "in_review")]
        InReview,
        #[sea_orm(string_value = "interview_offered")]
        InterviewOffered,
        #[sea_orm(string_value = "work_experience_offered")]
        WorkExperienceOffered,
        #[sea_orm(string_value = "mock_interview_offered")]
        MockInterviewOffered,
        /// HR offers coaching or mentoring.
        #[sea_orm(string_value = "coaching_offered")]
        CoachingOffered,
        /// An apprenticeship or placement is offered in a directorate and team.
        #[sea_orm(string_value = "placement_offered")]
        PlacementOffered,
        /// The young person started (a placement, work experience or a job) on a day, in a
        /// directorate and team.
        #[sea_orm(string_value = "started")]
        Started,
        /// A check-in after the start: still going.
        #[sea_orm(string_value = "continuing")]
        Continuing,
        #[sea_orm(string_value = "completed")]
        Completed,
        #[sea_orm(string_value = "left_early")]
        LeftEarly,
        /// Moved on into employment or further training.
        #[sea_orm(string_value = "moved_on")]
        MovedOn,
        #[sea_orm(string_value = "not_progressed")]
        NotProgressed,
        #[sea_orm(string_value = "withdrawn")]
        Withdrawn,
    }
}

column_enum! {
    /// A young person's age band, for filtering and reports, youngest first. Its stored text (also
    /// its JSON name) is the band as people write it, e.g. `18-21`.
    #[derive(PartialOrd, Ord, Serialize, Deserialize)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    pub enum AgeBand {
        #[sea_orm(string_value = "16-17")]
        #[serde(rename = "16-17")]
        Aged16To17,
        #[sea_orm(string_value = "18-21")]
        #[serde(rename = "18-21")]
        Aged18To21,
        #[sea_orm(string_value = "22-25")]
        #[serde(rename = "22-25")]
        Aged22To25,
        #[sea_orm(string_value = "26+")]
        #[serde(rename = "26+")]
        Aged26AndOver,
    }
}

display_as_stored!(EoiStatus, AgeBand);
