//! The care-leaver part of an account: who they are and who supports them.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

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
    /// `through_care`, `care_leaver` or `closed`.
    pub leaving_care_status: String,
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
