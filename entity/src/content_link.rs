//! The app's fixed links (NHS App, NHS 111, urgent mental health help, 999), kept as data.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "links")]
pub struct Model {
    /// Stable id the app refers to, e.g. `nhs_111_phone`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// Order in which the app lists them.
    pub position: i32,
    pub title: String,
    /// `https:` or `tel:`.
    pub url: String,
    pub description: String,
    pub category: LinkCategory,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// What kind of help a fixed link leads to.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum LinkCategory {
        #[sea_orm(string_value = "nhs_services")]
        NhsServices,
        #[sea_orm(string_value = "urgent_help")]
        UrgentHelp,
        #[sea_orm(string_value = "emergency")]
        Emergency,
    }
}
