//! A staff console session. The cookie holds a random id; only its hash is stored.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "console_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// `None` before sign-in (the session then only carries the sign-in form's CSRF token).
    pub user_id: Option<Uuid>,
    /// `anonymous`, `second_factor` (password right, code next), `enrol` (password right,
    /// second factor to set up) or `signed_in`.
    pub stage: String,
    pub csrf_token: String,
    /// Wrong second-factor codes in this session.
    pub attempts: i32,
    pub user_agent: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
