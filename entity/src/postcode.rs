//! A postcode and its position, from OS Code-Point Open.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "postcodes")]
pub struct Model {
    /// Normalised postcode (`DY1 1HF`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub postcode: String,
    /// British National Grid, metres.
    pub easting: i32,
    pub northing: i32,
    /// Code-Point positional quality (10 best … 60).
    pub quality: i16,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
