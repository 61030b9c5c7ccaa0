//! A directorate named on an expression of interest (for filtering and reports).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "eoi_directorates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub eoi_id: Uuid,
    /// Directorate id, e.g. `digital_and_it`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub directorate: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
