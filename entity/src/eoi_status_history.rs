//! Every status an expression of interest has been in, who moved it and why.
use sea_orm::entity::prelude::*;

use crate::{expression_of_interest::EoiStatus, user::Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "eoi_status_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub eoi_id: Uuid,
    /// `None` for the submission itself.
    pub from_status: Option<EoiStatus>,
    pub to_status: EoiStatus,
    pub by_user_id: Option<Uuid>,
    pub by_role: Role,
    /// For staff only; never shown to the young person.
    pub note: Option<String>,
    /// Shown to the young person.
    pub feedback_for_young_person: Option<String>,
    pub at: DateTimeUtc,
    /// Where a placement offered or started is: the directorate's id from the directorate list.
    pub directorate: Option<String>,
    /// The team within `directorate`, in words (e.g. "Service desk").
    pub team: Option<String>,
    /// The day it happened, when that is not the day it was recorded (a placement's start, an
    /// outcome's date).
    pub effective_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
