//! A service in the local directory (Lighthouse Links, CAMHS, sexual health clinics…).
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub name: String,
    pub offers: String,
    pub who_for: String,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub area_note: Option<String>,
    pub phone: Option<String>,
    pub sms: Option<String>,
    pub email: Option<String>,
    pub web: Option<String>,
    pub address: Option<String>,
    pub opening_times: Option<String>,
    /// A local authority code; `None` for a service open to everyone.
    pub local_authority: Option<String>,
    pub referral_needed: bool,
    /// Topic ids, e.g. `["mental_health"]`.
    pub topics: Json,
    pub created_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
