//! The queries on accounts (the `user` table) that the account services share.
use entity::user::UserStatus;
use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::auth::Role;

/// An account to insert: active when it has a password, invited (waiting for its first
/// password) otherwise.
#[derive(Debug, Clone)]
pub struct NewAccount<'a> {
    pub role: Role,
    /// Already normalised and checked.
    pub email: &'a str,
    pub name: &'a str,
    pub preferred_name: Option<String>,
    pub local_authority: &'a str,
    pub password_hash: Option<String>,
}

/// An account by id, whatever its role.
pub async fn find(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<entity::user::Model>, DbErr> {
    entity::user::Entity::find_by_id(id).one(conn).await
}

/// The accounts with `ids`, by id (one query, however many; none for no ids).
pub async fn by_id(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, entity::user::Model>, DbErr> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(entity::user::Entity::find()
        .filter(entity::user::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// Names of users by id (who updated, resolved, confirmed or did a thing).
pub async fn names(
    conn: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, DbErr> {
    Ok(by_id(conn, ids)
        .await?
        .into_iter()
        .map(|(id, u)| (id, u.name))
        .collect())
}

/// Whether any account signs in with `email`.
pub async fn email_taken(conn: &impl ConnectionTrait, email: &str) -> Result<bool, DbErr> {
    Ok(entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email))
        .one(conn)
        .await?
        .is_some())
}

/// Inserts `new` and returns the stored row.
pub async fn insert(
    conn: &impl ConnectionTrait,
    new: NewAccount<'_>,
) -> Result<entity::user::Model, DbErr> {
    let now = Utc::now();
    let status = if new.password_hash.is_some() {
        UserStatus::Active
    } else {
        UserStatus::Invited
    };
    entity::user::Entity::insert(entity::user::ActiveModel {
        id: Set(Uuid::new_v4()),
        role: Set(new.role),
        email: Set(new.email.to_owned()),
        name: Set(new.name.to_owned()),
        preferred_name: Set(new.preferred_name),
        local_authority: Set(new.local_authority.to_owned()),
        password_hash: Set(new.password_hash),
        status: Set(status),
        designated_nurse: Set(false),
        interest_mail: Set(entity::user::InterestMail::default()),
        tokens_valid_after: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_with_returning(conn)
    .await
}
