//! Sign-in sessions. Each sign-in starts one; its refresh tokens and access tokens (`sid`)
//! belong to it. Revoking it (signing out, a password or e-mail change, disabling the account,
//! the young person signing a device out) refuses its access tokens at once. A session also
//! ends at an absolute time, whatever the refresh activity.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, IntoCondition},
};
use uuid::Uuid;

use super::Role;
use crate::config::Config;
use entity::session::{ActiveModel, Column, Entity, Model};

/// The absolute lifetime of a session for `role`: care leavers 90 days, staff 12 hours.
pub fn lifetime(config: &Config, role: Role) -> Duration {
    let std = if role == Role::CareLeaver {
        config.session_lifetime_care_leaver
    } else {
        config.session_lifetime_staff
    };
    Duration::from_std(std).unwrap_or_else(|_| Duration::hours(12))
}

/// Starts a session for a new sign-in.
pub async fn start(
    conn: &impl ConnectionTrait,
    config: &Config,
    user_id: Uuid,
    role: Role,
    device: Option<String>,
    now: DateTime<Utc>,
) -> Result<Model, DbErr> {
    let model = Model {
        id: Uuid::new_v4(),
        user_id,
        device: device.map(|d| d.chars().take(120).collect()),
        created_at: now,
        last_used_at: now,
        expires_at: now + lifetime(config, role),
        revoked_at: None,
    };
    Entity::insert(ActiveModel {
        id: Set(model.id),
        user_id: Set(model.user_id),
        device: Set(model.device.clone()),
        created_at: Set(now),
        last_used_at: Set(now),
        expires_at: Set(model.expires_at),
        revoked_at: Set(None),
    })
    .exec_without_returning(conn)
    .await?;
    Ok(model)
}

/// The session, if it is still open at `now`; records its use.
pub async fn resume(
    conn: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    let Some(session) = Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|s| s.revoked_at.is_none() && s.expires_at > now)
    else {
        return Ok(None);
    };
    Entity::update_many()
        .col_expr(Column::LastUsedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(Some(session))
}

/// A session that is still open (neither revoked nor past its end), by id.
pub async fn find_open(
    conn: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Option<Model>, DbErr> {
    Ok(Entity::find_by_id(id)
        .one(conn)
        .await?
        .filter(|s| s.revoked_at.is_none() && s.expires_at > now))
}

/// Ends one session (and so every token of it).
pub async fn revoke(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), DbErr> {
    revoke_where(conn, Column::Id.eq(id)).await
}

/// Ends every session of a user.
pub async fn revoke_all(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<(), DbErr> {
    revoke_where(conn, Column::UserId.eq(user_id)).await
}

/// Ends the sessions `which` picks that are not ended yet.
async fn revoke_where(conn: &impl ConnectionTrait, which: impl IntoCondition) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(Utc::now()))
        .filter(which)
        .filter(Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// The user's open sessions, most recently used first.
pub async fn open_sessions(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .order_by_desc(Column::LastUsedAt)
        .all(conn)
        .await
}

/// A condition for the extractor's user query: the session `sid` of that user is open. Folded
/// into the one query the extractor already makes, so checking it costs no extra statement.
/// `user_id` is a value, or a column of the query it is folded into (the passport read's).
pub fn is_open(
    sid: Uuid,
    user_id: impl Into<Expr>,
    now: DateTime<Utc>,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{ExprTrait, Query};
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(Entity)
            .and_where(Column::Id.eq(sid))
            .and_where(Expr::col((Entity, Column::UserId)).eq(user_id))
            .and_where(Column::RevokedAt.is_null())
            .and_where(Column::ExpiresAt.gt(now))
            .to_owned(),
    )
}
