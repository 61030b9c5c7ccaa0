//! Changing the e-mail an account signs in with. The address changes only when its owner
//! follows a link sent to the new address; the old address is told, and every session ends.
//! Staff (and the young person) can only *request* a change. The API and the staff console
//! both confirm through `confirm`.
use chrono::{Duration, Utc};
use entity::one_time_token::TokenPurpose;
use entity::user::UserStatus;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Role, service};
use crate::{
    accounts::service::about,
    audit::{self, AuditAction},
    care_leavers::service::email_field,
    config::Config,
    domain_types::EmailAddress,
    error::{AppError, FieldError},
    mail::{self, Outgoing, Template},
};

/// The purpose of an e-mail change's one-time token.
pub const PURPOSE: TokenPurpose = TokenPurpose::EmailChange;
/// How long the confirmation link works.
pub const TTL_HOURS: i64 = 1;

/// `request_own`'s message when the new address is the one the account has now.
pub const SAME_ADDRESS: &str = "is the address you sign in with now";

/// Who asked for an e-mail change.
#[derive(Debug, Clone, Copy)]
pub struct Requester {
    pub id: Uuid,
    pub role: Role,
}

/// Asks for `account`'s sign-in e-mail to become `new_email`:
/// sends a confirmation link to the new address and changes nothing else. Earlier unconfirmed
/// requests stop working. 409 naming `email` if another account uses the address.
pub async fn request(
    conn: &impl ConnectionTrait,
    config: &Config,
    account: &entity::user::Model,
    new_email: &EmailAddress,
    by: Requester,
    request_id: Option<String>,
) -> Result<(), AppError> {
    let new_email = new_email.as_str();
    if new_email == account.email {
        return Ok(());
    }
    ensure_free(conn, new_email, account.id, "email").await?;
    service::void_tokens(conn, account.id, &[PURPOSE]).await?;
    let token = service::create_one_time_token_with(
        conn,
        account.id,
        PURPOSE,
        Duration::hours(TTL_HOURS),
        Some(new_email.to_owned()),
    )
    .await?;
    mail::enqueue_for(
        conn,
        config,
        Outgoing {
            to: new_email.to_owned(),
            to_name: Some(account.name.clone()),
            template: Template::EmailChangeConfirm {
                name: greeting(account),
                token,
            },
            send_after: None,
        },
        Some(account.local_authority.clone()),
    )
    .await?;
    audit::record_raw(
        conn,
        Some(by.id),
        Some(by.role),
        request_id.as_deref(),
        about(AuditAction::AuthEmailChangeRequested, account),
    )
    .await?;
    Ok(())
}

/// A signed-in person asks to change their own sign-in e-mail (the staff console's "My
/// account"): the address is checked as the API checks it and the current password must be
/// right, as `PATCH /v1/me` requires. Validation errors name `email` or `current_password`;
/// 409 naming `email` if another account uses the address. Returns the normalised address.
/// The password is checked before the write transaction starts, so the slow hash does not
/// hold SQLite's write lock.
pub async fn request_own(
    db: &sea_orm::DatabaseConnection,
    config: &Config,
    account: &entity::user::Model,
    new_email: &str,
    current_password: String,
    request_id: Option<String>,
) -> Result<String, AppError> {
    let mut errors = Vec::new();
    let new_email = match email_field(new_email) {
        Ok(email) if email.as_str() == account.email => {
            errors.push(FieldError::new("email", SAME_ADDRESS));
            None
        }
        Ok(email) => Some(email),
        Err(not_an_email) => {
            errors.push(not_an_email);
            None
        }
    };
    if !super::password::verify(current_password, account.password_hash.clone()).await {
        errors.push(FieldError::new(
            "current_password",
            "enter your current password to change your e-mail",
        ));
    }
    let Some(new_email) = new_email.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let role = account.role;
    let txn = crate::db::begin_write(db).await?;
    request(
        &txn,
        config,
        account,
        &new_email,
        Requester {
            id: account.id,
            role,
        },
        request_id,
    )
    .await?;
    txn.commit().await?;
    Ok(new_email.into())
}

/// Confirms an e-mail change with the token from the link: the account's sign-in e-mail
/// becomes the new address, the old address is told, and every session of the account ends.
/// 422 naming `token` for an unknown, used or expired link; 409 if the address was taken
/// meanwhile (then nothing changes, and the link still works). One transaction; the caller
/// wakes the mail worker.
pub async fn confirm(
    db: &sea_orm::DatabaseConnection,
    config: &Config,
    token: &str,
    request_id: Option<String>,
) -> Result<entity::user::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    match confirm_in(&txn, config, token, request_id).await {
        Ok(confirmed) => {
            txn.commit().await?;
            Ok(confirmed)
        }
        Err(error) => {
            txn.rollback().await?;
            Err(error)
        }
    }
}

async fn confirm_in(
    conn: &impl ConnectionTrait,
    config: &Config,
    token: &str,
    request_id: Option<String>,
) -> Result<entity::user::Model, AppError> {
    let row = service::claim_token(conn, token, PURPOSE).await?;
    let invalid = || {
        AppError::invalid(
            "token",
            "This link does not work. It may be used already or too old. Ask for a new one.",
        )
    };
    let new_email = row.new_email.ok_or_else(invalid)?;
    let account = entity::user::Entity::find_by_id(row.user_id)
        .one(conn)
        .await?
        .filter(|u| u.status != UserStatus::Disabled)
        .ok_or_else(invalid)?;
    ensure_free(conn, &new_email, account.id, "token").await?;
    let updated = entity::user::Entity::update(entity::user::ActiveModel {
        id: Set(account.id),
        email: Set(new_email),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(conn)
    .await?;
    service::end_all_sessions(conn, account.id).await?;
    // Links sent to the old address must not work any more.
    service::void_tokens(conn, account.id, &[TokenPurpose::PasswordReset, PURPOSE]).await?;
    mail::enqueue_for(
        conn,
        config,
        Outgoing {
            to: account.email.clone(),
            to_name: Some(account.name.clone()),
            template: Template::EmailChanged {
                name: greeting(&account),
            },
            send_after: None,
        },
        Some(account.local_authority.clone()),
    )
    .await?;
    service::record_own(
        conn,
        &account,
        request_id.as_deref(),
        about(AuditAction::AuthEmailChanged, &account),
    )
    .await?;
    Ok(updated)
}

fn greeting(account: &entity::user::Model) -> String {
    account
        .preferred_name
        .clone()
        .unwrap_or_else(|| account.name.clone())
}

async fn ensure_free(
    conn: &impl ConnectionTrait,
    email: &str,
    owner: Uuid,
    field: &str,
) -> Result<(), AppError> {
    let taken = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email))
        .filter(entity::user::Column::Id.ne(owner))
        .one(conn)
        .await?
        .is_some();
    if taken {
        return Err(AppError::email_taken(field));
    }
    Ok(())
}
