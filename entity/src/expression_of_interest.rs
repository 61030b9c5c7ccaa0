//! A Chances4YOUth expression of interest in apprenticeships and work experience.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "expressions_of_interest")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub care_leaver_id: Uuid,
    /// The authority whose programme received the form.
    pub local_authority: String,
    /// A workflow status, e.g. `in_review`.
    pub status: String,
    /// The form as the young person sent it (never anything from their health passport).
    pub form: Json,
    /// `16-17`, `18-21`, `22-25` or `26+`, on the day the form was sent.
    pub age_band: String,
    pub consent_share_with_employer: bool,
    pub submitted_at: DateTimeUtc,
    pub acknowledged_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
