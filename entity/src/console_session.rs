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
    pub stage: Stage,
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

column_enum! {
    /// Where a session is in signing in.
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    pub enum Stage {
        /// Nobody signed in: the session only carries the sign-in form's CSRF token.
        #[sea_orm(string_value = "anonymous")]
        Anonymous,
        /// The password was right; the second-factor code comes next.
        #[sea_orm(string_value = "second_factor")]
        SecondFactor,
        /// The password was right; the account has no second factor yet and sets one up now.
        #[sea_orm(string_value = "enrol")]
        Enrol,
        #[sea_orm(string_value = "signed_in")]
        SignedIn,
    }
}

display_as_stored!(Stage);
