//! Staff operations on expressions of interest: reading one (audited) and moving it through
//! the review. The access decision is the caller's; these record and notify.
use chrono::Utc;
use entity::expression_of_interest as eoi;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::{
    notify,
    service::{self, Move, status_of, transition_error},
    workflow::{self, EoiStatus},
};
use crate::{
    audit::{self, AuditAction, Event},
    auth::Actor,
    care_leavers::CareLeaver,
    config::Config,
    error::AppError,
};

/// Records that the actor read `leaver`'s form `model`.
pub async fn record_read(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    leaver: &CareLeaver,
    model: &eoi::Model,
) -> Result<(), AppError> {
    audit::record_by(
        conn,
        actor,
        Event {
            action: AuditAction::EoiRead,
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("eoi:{}", model.id)),
        },
    )
    .await?;
    Ok(())
}

/// A reviewer's move: the new status, a note for staff and feedback for the young person
/// (both already checked).
pub struct StatusMove<'a> {
    pub to: EoiStatus,
    pub note: Option<&'a str>,
    pub feedback: Option<&'a str>,
}

/// Moves a form to `change.to` if the review allows it from where it is (409 otherwise),
/// audited; the caseworker is e-mailed, and the young person on an offer or with feedback.
pub async fn change_status(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    model: &eoi::Model,
    change: StatusMove<'_>,
) -> Result<eoi::Model, AppError> {
    let from = status_of(model)?;
    workflow::transition(from, change.to, workflow::Actor::Reviewer).map_err(transition_error)?;
    let txn = crate::db::begin_write(db).await?;
    let model = service::move_status(
        &txn,
        model,
        Move {
            from,
            to: change.to,
            by: (actor.id, actor.role),
            note: change.note,
            feedback: change.feedback,
            at: Utc::now(),
        },
    )
    .await?;
    audit::record_by(
        &txn,
        actor,
        Event {
            action: AuditAction::EoiStatusChanged,
            care_leaver_id: Some(leaver.id()),
            target: Some(format!("eoi:{}:{}", model.id, change.to)),
        },
    )
    .await?;
    notify::status_changed(&txn, config, leaver, change.to, change.feedback.is_some()).await?;
    txn.commit().await?;
    Ok(model)
}
