//! The operations on staff accounts. Every one is for admins, inside their own local
//! authority: an account of another authority answers 404, as if it did not exist.
use chrono::{Duration, Utc};
use entity::user::UserStatus;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

use super::store::{self, NewAccount};

use crate::{
    audit::{self, AuditAction, Event},
    auth::{Actor, Role, policy::Power, service::end_all_sessions},
    care_leavers::{service::email_field, types::AccountStatusChange},
    config::Config,
    domain_types::PersonName,
    error::{AppError, FieldError, FieldErrors},
};

/// A member of staff to invite.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub role: Role,
    pub email: String,
    pub name: String,
}

/// What an admin changes on an account; `None` leaves it as it is.
#[derive(Debug, Clone, Default)]
pub struct AccountChanges {
    pub name: Option<String>,
    pub role: Option<Role>,
    pub status: Option<AccountStatusChange>,
    /// Names (or stops naming) a nurse the authority's Designated Nurse.
    pub designated_nurse: Option<bool>,
}

/// Inserts an account; 409 naming `email` if the address is taken. The API, the console, the
/// CLI, the demo data and the tests all create accounts through here.
pub async fn create_account(
    conn: &impl ConnectionTrait,
    new: NewAccount<'_>,
) -> Result<entity::user::Model, AppError> {
    if store::email_taken(conn, new.email).await? {
        return Err(AppError::email_taken("email"));
    }
    Ok(store::insert(conn, new).await?)
}

/// The staff accounts of the admin's local authority, by name.
pub async fn list_staff(
    conn: &impl ConnectionTrait,
    actor: &Actor,
) -> Result<Vec<entity::user::Model>, AppError> {
    use entity::user::Column as U;
    Ok(staff_of_my_council(actor)?
        .order_by_asc(U::Name)
        .order_by_asc(U::Id)
        .all(conn)
        .await?)
}

/// One page of the staff accounts of the admin's authority, by name, and how many there are
/// in all. `limit`/`offset` are checked as on every list (1–200, default 50).
pub async fn list_staff_page(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<(Vec<entity::user::Model>, u64, u64, u64), AppError> {
    let query = staff_of_my_council(actor)?;
    let (limit, offset) = crate::http::pagination::page(limit, offset)?;
    use entity::user::Column as U;
    let total = query.clone().count(conn).await?;
    let users = query
        .order_by_asc(U::Name)
        .order_by_asc(U::Id)
        .limit(limit)
        .offset(offset)
        .all(conn)
        .await?;
    Ok((users, total, limit, offset))
}

/// The staff accounts of the admin's own authority (403 for anyone but an admin).
fn staff_of_my_council(actor: &Actor) -> Result<sea_orm::Select<entity::user::Entity>, AppError> {
    actor.require(Power::ManageAccounts)?;
    use entity::user::Column as U;
    Ok(entity::user::Entity::find()
        .filter(U::LocalAuthority.eq(&actor.local_authority))
        .filter(U::Role.ne(Role::CareLeaver)))
}

/// An account the admin may manage: one of their own authority; 404 otherwise.
pub async fn find_managed(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    id: Uuid,
) -> Result<entity::user::Model, AppError> {
    actor.require(Power::ManageAccounts)?;
    entity::user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|u| crate::auth::policy::admin_may_manage(&actor.viewer(), &u.local_authority))
        .ok_or(AppError::NotFound)
}

/// The audit event `action` on `account`: it names the account, and the young person too when
/// it is a young person's.
pub fn about(action: AuditAction, account: &entity::user::Model) -> Event {
    Event {
        action,
        care_leaver_id: (account.role == Role::CareLeaver).then_some(account.id),
        target: Some(format!("user:{}", account.id)),
    }
}

/// Audits `action` on `account` by `actor`, commits `txn` and returns the account.
async fn audited(
    txn: DatabaseTransaction,
    actor: &Actor,
    action: AuditAction,
    account: entity::user::Model,
) -> Result<entity::user::Model, AppError> {
    audit::record_by(&txn, actor, about(action, &account)).await?;
    txn.commit().await?;
    Ok(account)
}

/// Creates a staff account in the admin's authority and queues its invitation e-mail.
pub async fn invite_staff(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    new: NewStaff,
) -> Result<entity::user::Model, AppError> {
    actor.require(Power::ManageAccounts)?;
    let mut checks = FieldErrors::default();
    if new.role == Role::CareLeaver {
        checks.push(FieldError::new(
            "role",
            "create care leavers with POST /v1/care-leavers",
        ));
    }
    let name = checks.take(PersonName::parse(&new.name).map_err(|e| e.at("name")));
    let email = checks.take(email_field(&new.email));
    checks.finish()?;
    let (Some(name), Some(email)) = (name, email) else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "validated fields missing"
        )));
    };
    let txn = crate::db::begin_write(db).await?;
    let created = create_account(
        &txn,
        NewAccount {
            role: new.role,
            email: email.as_str(),
            name: name.as_str(),
            preferred_name: None,
            local_authority: &actor.local_authority,
            password_hash: None,
        },
    )
    .await?;
    crate::auth::service::queue_invitation(&txn, config, &created).await?;
    audited(txn, actor, AuditAction::UserCreated, created).await
}

/// Renames, changes the role of, disables or re-enables an account. Disabling or changing the
/// role ends every session of the account at once.
pub async fn update_account(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Uuid,
    changes: AccountChanges,
) -> Result<entity::user::Model, AppError> {
    let target = find_managed(db, actor, id).await?;
    let mut update = entity::user::ActiveModel {
        id: Set(id),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(name) = &changes.name {
        update.name = Set(PersonName::parse(name).map_err(|e| e.at("name"))?.into());
    }
    if changes.status == Some(AccountStatusChange::Disabled) && target.id == actor.id {
        return Err(AppError::invalid(
            "status",
            "you cannot disable your own account",
        ));
    }
    let role_change = changes.role.filter(|r| *r != target.role);
    if let Some(role) = role_change {
        if target.role == Role::CareLeaver || role == Role::CareLeaver {
            return Err(AppError::invalid(
                "role",
                "a young person's account and a staff account cannot change into each other",
            ));
        }
        if target.id == actor.id {
            return Err(AppError::invalid("role", "you cannot change your own role"));
        }
        update.role = Set(role);
        if target.designated_nurse && role != Role::Nurse {
            update.designated_nurse = Set(false);
        }
    }
    if let Some(designated) = changes.designated_nurse {
        let role = changes.role.unwrap_or(target.role);
        if designated && role != Role::Nurse {
            return Err(AppError::invalid(
                "designated_nurse",
                "only a nurse account can be the Designated Nurse",
            ));
        }
        update.designated_nurse = Set(designated);
    }
    let txn = crate::db::begin_write(db).await?;
    let mut ends_sessions = role_change.is_some();
    match changes.status {
        Some(AccountStatusChange::Disabled) => {
            update.status = Set(UserStatus::Disabled);
            ends_sessions = true;
        }
        Some(AccountStatusChange::Active) if target.status == UserStatus::Disabled => {
            update.status = Set(if target.password_hash.is_some() {
                UserStatus::Active
            } else {
                UserStatus::Invited
            });
        }
        _ => {}
    }
    if ends_sessions {
        end_all_sessions(&txn, id).await?;
    }
    let updated = entity::user::Entity::update(update).exec(&txn).await?;
    let action = if role_change.is_some() {
        AuditAction::UserRoleChanged
    } else {
        AuditAction::UserUpdated
    };
    audit::record_by(&txn, actor, about(action, &target)).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Sends a new invitation to an account that has not accepted one yet; earlier invitation
/// links stop working.
pub async fn resend_invitation(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    id: Uuid,
) -> Result<entity::user::Model, AppError> {
    let target = find_managed(db, actor, id).await?;
    if target.status != UserStatus::Invited {
        return Err(AppError::conflict(format!(
            "only an invitation that has not been accepted can be sent again; this account is {}",
            target.status
        )));
    }
    let txn = crate::db::begin_write(db).await?;
    use entity::one_time_token::Column as T;
    entity::one_time_token::Entity::update_many()
        .col_expr(T::ExpiresAt, Expr::value(Utc::now() - Duration::seconds(1)))
        .filter(T::UserId.eq(id))
        .filter(T::Purpose.eq(entity::one_time_token::TokenPurpose::Invitation))
        .filter(T::UsedAt.is_null())
        .exec(&txn)
        .await?;
    crate::auth::service::queue_invitation(&txn, config, &target).await?;
    audited(txn, actor, AuditAction::UserInvitationResent, target).await
}

/// Removes a member of staff's second factor (they enrol again at their next sign-in), ends
/// their sessions and e-mails them to say so. Audited.
pub async fn reset_second_factor(
    db: &DatabaseConnection,
    config: &Config,
    actor: &Actor,
    id: Uuid,
) -> Result<entity::user::Model, AppError> {
    let target = find_managed(db, actor, id).await?;
    if target.role == Role::CareLeaver {
        return Err(AppError::NotFound);
    }
    let txn = crate::db::begin_write(db).await?;
    crate::auth::second_factor::remove(&txn, id).await?;
    end_all_sessions(&txn, id).await?;
    crate::mail::enqueue(
        &txn,
        config,
        crate::mail::Outgoing {
            to: target.email.clone(),
            to_name: Some(target.name.clone()),
            template: crate::mail::Template::SecondFactorReset {
                name: target.name.clone(),
            },
            send_after: None,
        },
    )
    .await?;
    audited(txn, actor, AuditAction::UserSecondFactorReset, target).await
}
