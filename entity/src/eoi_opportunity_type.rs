//! An opportunity type asked for on an expression of interest (for filtering and reports).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "eoi_opportunity_types")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub eoi_id: Uuid,
    /// e.g. `apprenticeship`, `work_experience`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub opportunity_type: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
