//! The care-leaver part of an account: who they are and who supports them.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "care_leavers")]
pub struct Model {
    /// Same id as the user account.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub date_of_birth: Date,
    pub phone: Option<String>,
    /// Ten digits, no spaces, check digit verified.
    pub nhs_number: Option<String>,
    pub leaving_care_status: LeavingCareStatus,
    pub caseworker_id: Option<Uuid>,
    pub nurse_id: Option<Uuid>,
    pub consent_share_passport_with_caseworker: bool,
    /// ODS code of the GP practice they are registered with.
    pub gp_ods_code: Option<String>,
    /// ODS code of their dental practice.
    pub dentist_ods_code: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// No doc comment on the enum: it would become the schema's description in the contract.
column_enum! {
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum LeavingCareStatus {
        /// 16–17 year olds still in care, supported by the Through Care service.
        #[sea_orm(string_value = "through_care")]
        ThroughCare,
        /// 18–25 year olds supported by the leaving care service.
        #[sea_orm(string_value = "care_leaver")]
        CareLeaver,
        #[sea_orm(string_value = "closed")]
        Closed,
    }
}

display_as_stored!(LeavingCareStatus);
