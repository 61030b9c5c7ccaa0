//! The "my own words" section as the young person wrote it themselves.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passport_own_words")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub care_leaver_id: Uuid,
    /// Null when the young person took their words out again.
    pub text: Option<String>,
    /// The young person's account.
    pub written_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
