//! Every account: care leavers and staff alike.
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub role: Role,
    /// Stored lower-cased; unique.
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub preferred_name: Option<String>,
    pub local_authority: String,
    /// Argon2id PHC string; `None` until the invitation is accepted.
    pub password_hash: Option<String>,
    pub status: UserStatus,
    /// A nurse who is the Designated Nurse for Children in Care: decides applications for the
    /// care leavers' prescription scheme. Set by an admin of the authority.
    pub designated_nurse: bool,
    /// HR and Connexions: how they hear of new Chances4YOUth forms of their authority.
    pub interest_mail: InterestMail,
    /// Access tokens issued before this instant are refused (password change, disabling).
    pub tokens_valid_after: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

// No doc comment: it would become the schema's description in the committed contract.
column_enum! {
    #[derive(Serialize, Deserialize, ToSchema)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum Role {
        /// A young person leaving care (16–25), using the app.
        #[sea_orm(string_value = "care_leaver")]
        CareLeaver,
        /// A Children in Care nurse, who writes passports.
        #[sea_orm(string_value = "nurse")]
        Nurse,
        /// A personal adviser or social worker.
        #[sea_orm(string_value = "caseworker")]
        Caseworker,
        /// HR Talent and Development.
        #[sea_orm(string_value = "hr")]
        Hr,
        /// A Connexions careers adviser.
        #[sea_orm(string_value = "connexions")]
        Connexions,
        /// Manages accounts and assignments.
        #[sea_orm(string_value = "admin")]
        Admin,
        /// Education staff of the Virtual School in the Chances4YOUth review group: they read the
        /// education answers on forms of 16–17-year-olds, and nothing else.
        #[sea_orm(string_value = "virtual_school")]
        VirtualSchool,
    }
}

impl Role {
    /// Everyone but the young people themselves.
    pub fn is_staff(self) -> bool {
        self != Role::CareLeaver
    }
}

column_enum! {
    /// Whether an account can sign in.
    #[derive(Serialize, Deserialize)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum UserStatus {
        /// Invited; the invitation has not been accepted yet.
        #[sea_orm(string_value = "invited")]
        Invited,
        #[sea_orm(string_value = "active")]
        Active,
        /// Cannot sign in; kept, never deleted.
        #[sea_orm(string_value = "disabled")]
        Disabled,
    }
}

column_enum! {
    /// How a member of HR or Connexions hears of new forms.
    #[derive(Default, Serialize, Deserialize)]
    #[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
    #[serde(rename_all = "snake_case")]
    pub enum InterestMail {
        /// An e-mail as each form arrives.
        #[default]
        #[sea_orm(string_value = "each_form")]
        EachForm,
        /// One e-mail a day, at 07:00, with how many arrived.
        #[sea_orm(string_value = "daily_digest")]
        DailyDigest,
        #[sea_orm(string_value = "none")]
        None,
    }
}

display_as_stored!(Role, UserStatus, InterestMail);
