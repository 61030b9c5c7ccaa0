//! Every account: care leavers and staff alike.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `care_leaver`, `nurse`, `caseworker`, `hr`, `connexions`, `admin` or `virtual_school`.
    pub role: String,
    /// Stored lower-cased; unique.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub preferred_name: Option<String>,
    pub local_authority: String,
    /// Argon2id PHC string; `None` until the invitation is accepted.
    pub password_hash: Option<String>,
    /// `invited`, `active` or `disabled`.
    pub status: String,
    /// A nurse who is the Designated Nurse for Children in Care: decides applications for the
    /// care leavers' prescription scheme. Set by an admin of the authority.
    pub designated_nurse: bool,
    /// HR and Connexions: how they hear of new Chances4YOUth forms of their authority:
    /// `each_form`, `daily_digest` or `none`.
    pub interest_mail: String,
    /// Access tokens issued before this instant are refused (password change, disabling).
    pub tokens_valid_after: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
