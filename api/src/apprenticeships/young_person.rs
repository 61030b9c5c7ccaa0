//! The young person's operations on their own expressions of interest: sending one, changing
//! an open one and withdrawing it. Each is one transaction, audited; e-mails are queued in it
//! (the caller wakes the mail worker).
use chrono::Utc;
use entity::expression_of_interest as eoi;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::Value;
use uuid::Uuid;

use super::{
    form::ExpressionOfInterestForm,
    form_rules::{sender_age_band, validate},
    notify,
    service::{self, Move, NewForm, transition_error},
    submission,
    workflow::{self, EoiStatus, is_open},
};
use crate::{
    audit::{self, AuditAction, Event},
    auth::{Actor, Role},
    care_leavers::CareLeaver,
    config::Config,
    error::AppError,
};

/// Reads a form from the body, checks the young person may send it, and checks what it says.
fn checked_form(
    config: &Config,
    leaver: &CareLeaver,
    body: &Value,
) -> Result<ExpressionOfInterestForm, AppError> {
    let form = submission::read_form(body)?;
    validate(
        &form,
        crate::age::today(),
        leaver.profile.date_of_birth,
        leaver.profile.leaving_care_status,
        &service::directorates(config),
    )?;
    Ok(form)
}

async fn audit_own(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    id: Uuid,
) -> Result<(), AppError> {
    audit::record_by(
        conn,
        actor,
        Event {
            action,
            care_leaver_id: Some(actor.id),
            target: Some(format!("eoi:{id}")),
        },
    )
    .await?;
    Ok(())
}

/// Sends `body` (contact details already filled) as `leaver`'s new form; 409 while another is
/// open. The caseworker and the Chances4YOUth inbox are told.
pub async fn submit(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    body: &Value,
) -> Result<eoi::Model, AppError> {
    let form = checked_form(config, leaver, body)?;
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    if service::open_form_of(&txn, leaver.id()).await?.is_some() {
        return Err(service::already_open());
    }
    let model = service::insert(
        &txn,
        NewForm {
            care_leaver_id: leaver.id(),
            local_authority: &leaver.user.local_authority,
            form: &form,
            age_band: sender_age_band(leaver.profile.date_of_birth, crate::age::uk_date(now))?,
            submitted_at: now,
        },
    )
    .await?;
    audit_own(&txn, actor, AuditAction::EoiSubmitted, model.id).await?;
    notify::submitted(&txn, config, leaver).await?;
    txn.commit().await?;
    Ok(model)
}

/// Changes an open form to `body` (already merged or filled); 409 once it is closed.
pub async fn update(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    model: &eoi::Model,
    body: &Value,
) -> Result<(), AppError> {
    let status = model.status;
    if !is_open(status) {
        return Err(AppError::Conflict {
            detail: crate::words::labels::eoi_closed(status),
            field: Some("status".into()),
        });
    }
    let form = checked_form(config, leaver, body)?;
    let txn = crate::db::begin_write(db).await?;
    service::replace_form(&txn, model, status, &form, Utc::now()).await?;
    audit_own(&txn, actor, AuditAction::EoiUpdated, model.id).await?;
    txn.commit().await?;
    Ok(())
}

/// Withdraws a form from any open status; the caseworker is told.
pub async fn withdraw(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    leaver: &CareLeaver,
    model: &eoi::Model,
) -> Result<(), AppError> {
    let from = model.status;
    workflow::transition(from, EoiStatus::Withdrawn, workflow::Actor::YoungPerson)
        .map_err(transition_error)?;
    let txn = crate::db::begin_write(db).await?;
    service::move_status(
        &txn,
        model,
        Move {
            from,
            to: EoiStatus::Withdrawn,
            by: (actor.id, Role::CareLeaver),
            note: None,
            feedback: None,
            at: Utc::now(),
            recorded: super::review_rules::Recorded::default(),
        },
    )
    .await?;
    audit_own(&txn, actor, AuditAction::EoiWithdrawn, model.id).await?;
    notify::status_changed(&txn, config, leaver, EoiStatus::Withdrawn, false).await?;
    txn.commit().await?;
    Ok(())
}
