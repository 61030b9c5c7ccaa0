//! The nurse's working draft of a care leaver's passport (one per care leaver).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passport_drafts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub care_leaver_id: Uuid,
    /// The passport content (`PassportContent` as JSON), stamped entry by entry.
    pub content: Json,
    /// Bumped on every save; the draft's ETag is derived from it.
    pub version: i32,
    pub updated_by: Option<Uuid>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
