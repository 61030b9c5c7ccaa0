//! An opportunity type asked for on an expression of interest (for filtering and reports).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "eoi_opportunity_types")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub eoi_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub opportunity_type: OpportunityType,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// Kinds of opportunity Chances4YOUth offers.
    #[derive(PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum OpportunityType {
        #[sea_orm(string_value = "apprenticeship")]
        Apprenticeship,
        #[sea_orm(string_value = "work_experience")]
        WorkExperience,
        #[sea_orm(string_value = "mock_interview")]
        MockInterview,
        #[sea_orm(string_value = "coaching_mentoring")]
        CoachingMentoring,
        #[sea_orm(string_value = "internship")]
        Internship,
    }
}

display_as_stored!(OpportunityType);
