//! Single-use tokens sent by e-mail (invitations, password resets). Only hashes are stored.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "one_time_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub purpose: TokenPurpose,
    #[sea_orm(unique)]
    pub token_hash: String,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// For `email_change`: the address that becomes the sign-in e-mail once confirmed.
    pub new_email: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

column_enum! {
    /// What a one-time token is for; a token only ever works for its own purpose.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    pub enum TokenPurpose {
        /// Setting the first password of an invited account.
        #[sea_orm(string_value = "invitation")]
        Invitation,
        #[sea_orm(string_value = "password_reset")]
        PasswordReset,
        /// Confirming a new sign-in e-mail address.
        #[sea_orm(string_value = "email_change")]
        EmailChange,
    }
}

display_as_stored!(TokenPurpose);
