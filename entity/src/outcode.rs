//! The centre of a postcode district, the fallback for postcodes missing from Code-Point.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "outcodes")]
pub struct Model {
    /// Outward code (`DY1`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub outcode: String,
    /// British National Grid, metres.
    pub easting: i32,
    pub northing: i32,
    /// Town or area name from the file, e.g. `Dudley`.
    pub place: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
