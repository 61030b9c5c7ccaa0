//! The nurses' local knowledge of a dental practice: whether it takes new NHS patients, a
//! phone number, notes for care leavers, and when and by whom it was last confirmed.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dentist_notes")]
pub struct Model {
    /// The practice's ODS code (`practices.ods_code`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub ods_code: String,
    pub nhs_patients: NhsPatients,
    /// UK phone number in national form (`01384456111`).
    pub phone: Option<String>,
    /// Notes for care leavers, in plain words.
    pub notes: Option<String>,
    pub confirmed_on: Date,
    /// The nurse who confirmed it.
    pub confirmed_by: Uuid,
    pub updated_at: DateTimeUtc,
}

column_enum! {
    /// Whether a dental practice is taking new NHS patients, as a nurse last found out.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::N(16))")]
    #[serde(rename_all = "snake_case")]
    pub enum NhsPatients {
        /// Taking new adult NHS patients (most also take children).
        #[sea_orm(string_value = "adults")]
        Adults,
        /// Taking new NHS patients under 18 only.
        #[sea_orm(string_value = "under_18s")]
        #[serde(rename = "under_18s")]
        Under18s,
        /// Not taking new NHS patients now.
        #[sea_orm(string_value = "not_now")]
        NotNow,
        /// Not known.
        #[sea_orm(string_value = "unknown")]
        Unknown,
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
