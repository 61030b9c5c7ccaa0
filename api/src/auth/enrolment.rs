//! Turning a second factor on and off and replacing recovery codes, audited: the operations
//! behind `/v1/me/second-factor` and the staff console's set-up and account pages.
use chrono::Utc;
use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::{
    Actor,
    second_factor::{self, SecretCipher},
};
use crate::{
    audit::{self, AuditAction, Event},
    error::AppError,
};

async fn record(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
) -> Result<(), AppError> {
    let event = Event {
        action,
        care_leaver_id: None,
        target: None,
    };
    Ok(audit::record_by(conn, actor, event).await?)
}

/// Turns the actor's pending second factor on with a code from their app (422 naming `code`
/// when it is wrong) and returns their new recovery codes. Runs in the caller's transaction.
pub async fn confirm(
    conn: &impl ConnectionTrait,
    cipher: &SecretCipher,
    actor: &Actor,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let codes = second_factor::confirm_enrolment(conn, cipher, actor.id, code, Utc::now()).await?;
    record(conn, actor, AuditAction::AuthSecondFactorEnrolled).await?;
    Ok(codes)
}

/// As `confirm`, in a transaction of its own (the API; the console confirms inside its
/// sign-in transaction).
pub async fn turn_on(
    db: &DatabaseConnection,
    cipher: &SecretCipher,
    actor: &Actor,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let codes = confirm(&txn, cipher, actor, code).await?;
    txn.commit().await?;
    Ok(codes)
}

/// Turns the actor's second factor off; 403 for staff, who must keep one.
pub async fn turn_off(db: &DatabaseConnection, actor: &Actor) -> Result<(), AppError> {
    if second_factor::required_for(actor.role) {
        return Err(AppError::Forbidden(
            "Staff accounts must keep their second factor.".into(),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    second_factor::remove(&txn, actor.id).await?;
    record(&txn, actor, AuditAction::AuthSecondFactorRemoved).await?;
    txn.commit().await?;
    Ok(())
}

/// Replaces the actor's recovery codes with ten new ones (the old ones stop working).
pub async fn replace_recovery_codes(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<String>, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let codes = second_factor::new_recovery_codes(&txn, actor.id).await?;
    record(&txn, actor, AuditAction::AuthRecoveryCodesReplaced).await?;
    txn.commit().await?;
    Ok(codes)
}
