//! Append-only audit log. Never holds health details: only who, what, whose record, when.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_role: Option<String>,
    /// Dotted action name, e.g. `passport.read`, `auth.login_failed`.
    pub action: String,
    pub care_leaver_id: Option<Uuid>,
    /// What was touched, e.g. `passport:v3`; never content.
    pub target: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
