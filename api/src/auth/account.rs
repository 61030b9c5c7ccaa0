//! Changing one's own password: one operation for the API (`POST /v1/me/password`) and the
//! staff console's "My account" page.
use chrono::Utc;
use entity::one_time_token::TokenPurpose;
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::{Actor, password, service};

use crate::{
    audit::{self, AuditAction, Event},
    error::AppError,
};

/// Checks the current password, sets the new one and ends every API session of the account.
/// Validation errors name `current_password` or `new_password`.
pub async fn change_password(
    db: &sea_orm::DatabaseConnection,
    user: &Actor,
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    password::check_new_password(&new_password, "new_password")?;
    let stored = entity::user::Entity::find_by_id(user.id)
        .one(db)
        .await?
        .and_then(|u| u.password_hash);
    if !password::verify(current_password, stored).await {
        return Err(AppError::invalid(
            "current_password",
            "is not your current password",
        ));
    }
    let hash = password::hash(new_password).await?;
    let txn = crate::db::begin_write(db).await?;
    entity::user::Entity::update(entity::user::ActiveModel {
        id: Set(user.id),
        password_hash: Set(Some(hash)),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(&txn)
    .await?;
    service::end_all_sessions(&txn, user.id).await?;
    service::void_tokens(
        &txn,
        user.id,
        &[TokenPurpose::PasswordReset, TokenPurpose::EmailChange],
    )
    .await?;
    audit::record_by(
        &txn,
        user,
        Event {
            action: AuditAction::AuthPasswordChanged,
            care_leaver_id: None,
            target: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
