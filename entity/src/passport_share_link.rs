//! A link a young person made to share chosen passport sections with a new GP practice for a
//! while. Only hashes of the link token and of the 6-digit passcode are stored.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passport_share_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub care_leaver_id: Uuid,
    /// Who it is for, in the young person's words (`Limestone Surgery`).
    pub recipient: String,
    /// The section ids shared (JSON array of strings).
    pub sections: Json,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Argon2id hash of the passcode.
    pub passcode_hash: String,
    pub failed_attempts: i32,
    pub openings: i32,
    pub expires_at: DateTimeUtc,
    pub revoked_at: Option<DateTimeUtc>,
    /// Set on the fifth wrong passcode; a locked link never opens again.
    pub locked_at: Option<DateTimeUtc>,
    pub last_opened_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
