//! A GP or dental practice from the NHS Organisation Data Service lists, with its position.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "practices")]
pub struct Model {
    /// ODS organisation code, upper case (`M87025`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub ods_code: String,
    pub kind: PracticeKind,
    pub name: String,
    /// The street address lines (JSON array of strings), without town and county.
    pub address_lines: Json,
    pub town: Option<String>,
    pub county: Option<String>,
    /// Normalised postcode (`DY1 1RN`).
    pub postcode: String,
    pub telephone: Option<String>,
    /// Closed practices are kept, never deleted.
    pub status: PracticeStatus,
    /// Dentists: true for NHS and private, false for private only; null for GPs.
    pub nhs: Option<bool>,
    /// GP file only: `4` (or `RO76`) is an ordinary GP practice.
    pub prescribing_setting: Option<String>,
    /// Whether a care leaver can register here; only these go into the search index.
    pub registrable: bool,
    pub open_date: Option<Date>,
    pub close_date: Option<Date>,
    /// British National Grid position in metres; null when the practice could not be placed.
    pub easting: Option<i32>,
    pub northing: Option<i32>,
    pub position_source: PositionSource,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// Which kind of practice: a GP surgery or a dentist.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum PracticeKind {
        #[sea_orm(string_value = "gp")]
        Gp,
        #[sea_orm(string_value = "dentist")]
        Dentist,
    }
}

column_enum! {
    /// Whether a practice is open, per ODS.
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum PracticeStatus {
        #[sea_orm(string_value = "active")]
        Active,
        #[sea_orm(string_value = "closed")]
        Closed,
        #[sea_orm(string_value = "dormant")]
        Dormant,
        #[sea_orm(string_value = "proposed")]
        Proposed,
    }
}

column_enum! {
    /// Where a practice's position came from.
    #[derive(Serialize, Deserialize)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum PositionSource {
        /// Its own postcode, from Code-Point.
        #[sea_orm(string_value = "postcode")]
        Postcode,
        /// The centre of its postcode district.
        #[sea_orm(string_value = "outcode")]
        Outcode,
        /// Neither is known: the practice is kept but cannot be found by distance.
        #[sea_orm(string_value = "none")]
        None,
    }
}

display_as_stored!(PracticeKind, PracticeStatus, PositionSource);
