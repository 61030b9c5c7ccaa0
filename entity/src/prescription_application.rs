//! An application for the care leavers' free-prescription scheme, and the nurse's decision.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "prescription_applications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub care_leaver_id: Uuid,
    /// The young person, or the member of staff who applied for them.
    pub applied_by: Uuid,
    /// The scheme applied for, e.g. `black_country_care_leavers`.
    pub scheme_id: String,
    pub status: ApplicationStatus,
    /// The eligibility facts as checked when applying (the request body's shape, with the
    /// date checked). Only what the rules need.
    pub facts: Json,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    /// The prescription prepayment certificate number, once approved.
    pub ppc_number: Option<String>,
    /// The certificate's last valid day.
    pub certificate_expires_on: Option<Date>,
    pub decline_reason: Option<String>,
    /// The approved application whose certificate this one renews.
    pub renews_application_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// Where an application is.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum ApplicationStatus {
        /// Waiting for the nurse's decision. Only one at a time per young person.
        #[sea_orm(string_value = "submitted")]
        Submitted,
        #[sea_orm(string_value = "approved")]
        Approved,
        #[sea_orm(string_value = "declined")]
        Declined,
        /// Taken back before a decision.
        #[sea_orm(string_value = "withdrawn")]
        Withdrawn,
    }
}

display_as_stored!(ApplicationStatus);
