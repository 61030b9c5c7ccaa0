//! A GP or dental practice from the NHS Organisation Data Service lists, with its position.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "practices")]
pub struct Model {
    /// ODS organisation code, upper case (`M87025`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub ods_code: String,
    /// `gp` or `dentist`.
    pub kind: String,
    pub name: String,
    /// The street address lines (JSON array of strings), without town and county.
    pub address_lines: Json,
    pub town: Option<String>,
    pub county: Option<String>,
    /// Normalised postcode (`DY1 1RN`).
    pub postcode: String,
    pub telephone: Option<String>,
    /// `active`, `closed`, `dormant` or `proposed`. Closed practices are kept, never deleted.
    pub status: String,
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
    /// `postcode` (Code-Point), `outcode` (district centroid) or `none`.
    pub position_source: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
