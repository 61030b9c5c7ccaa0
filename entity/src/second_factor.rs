//! A TOTP second factor (RFC 6238). The secret is encrypted at rest.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "second_factors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Base64 of nonce ‖ ciphertext (XChaCha20-Poly1305).
    pub secret_ciphertext: String,
    /// `None` while enrolment waits for the first code.
    pub confirmed_at: Option<DateTimeUtc>,
    /// The last time step whose code was accepted: a code is never accepted twice.
    pub last_used_step: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
