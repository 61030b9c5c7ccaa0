//! Console sessions: a random id in a `__Host-` cookie, its hash in `console_sessions`, a CSRF
//! token per session, an idle and an absolute limit, a new id at every change of who is signed in.
use axum::http::{HeaderMap, HeaderValue, header};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use crate::{auth::tokens, config::ConsoleSettings, error::AppError};

pub use entity::console_session::Model as Session;

/// The cookie's name: `__Host-` makes browsers insist on `Secure`, `Path=/` and no `Domain`.
pub const COOKIE: &str = "__Host-cp_console";

pub use entity::console_session::Stage;

/// The stage of a stored session.
pub fn stage_of(session: &Session) -> Stage {
    session.stage
}

/// The account of a session at `stage`; `None` at any other stage or with no account yet.
pub fn user_at(session: &Session, stage: Stage) -> Option<Uuid> {
    session.user_id.filter(|_| stage_of(session) == stage)
}

/// The raw session id from the request's cookie, if any.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` for a new session id. No `Max-Age`: the browser forgets it when it closes, and
/// the server enforces the limits either way.
pub fn set_cookie(raw: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}={raw}; Path=/; Secure; HttpOnly; SameSite=Strict"
    ))
    .expect("a token is a valid header value")
}

/// `Set-Cookie` that removes the cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_str(&format!(
        "{COOKIE}=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0"
    ))
    .expect("static header value")
}

/// Why a stored session no longer counts, if it does not.
pub fn expired(session: &Session, limits: &ConsoleSettings, now: DateTime<Utc>) -> bool {
    let idle = Duration::from_std(limits.idle_timeout).unwrap_or_default();
    let absolute = Duration::from_std(limits.absolute_timeout).unwrap_or_default();
    now - session.last_seen_at > idle || now - session.created_at > absolute
}

/// Loads the session the cookie names. An expired one is deleted and counts as none; a live
/// one has its last-seen time moved on (at most once a minute, to spare the database).
pub async fn load(
    conn: &impl ConnectionTrait,
    raw: &str,
    limits: &ConsoleSettings,
    now: DateTime<Utc>,
) -> Result<Option<Session>, AppError> {
    use entity::console_session::{Column, Entity};
    let Some(session) = Entity::find()
        .filter(Column::TokenHash.eq(tokens::hash_token(raw)))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    if expired(&session, limits, now) {
        Entity::delete_by_id(session.id).exec(conn).await?;
        return Ok(None);
    }
    if now - session.last_seen_at > Duration::seconds(60) {
        Entity::update_many()
            .col_expr(Column::LastSeenAt, Expr::value(now))
            .filter(Column::Id.eq(session.id))
            .exec(conn)
            .await?;
    }
    Ok(Some(session))
}

/// Creates a session and returns it with the raw id for the cookie.
pub async fn create(
    conn: &impl ConnectionTrait,
    user_id: Option<Uuid>,
    stage: Stage,
    user_agent: Option<&str>,
) -> Result<(Session, String), AppError> {
    let raw = tokens::random_token();
    let now = Utc::now();
    let session = Session {
        id: Uuid::new_v4(),
        token_hash: tokens::hash_token(&raw),
        user_id,
        stage,
        csrf_token: tokens::random_token(),
        attempts: 0,
        user_agent: user_agent.map(|ua| ua.chars().take(200).collect()),
        created_at: now,
        last_seen_at: now,
    };
    entity::console_session::Entity::insert(entity::console_session::ActiveModel {
        id: Set(session.id),
        token_hash: Set(session.token_hash.clone()),
        user_id: Set(session.user_id),
        stage: Set(session.stage),
        csrf_token: Set(session.csrf_token.clone()),
        attempts: Set(0),
        user_agent: Set(session.user_agent.clone()),
        created_at: Set(now),
        last_seen_at: Set(now),
    })
    .exec_without_returning(conn)
    .await?;
    Ok((session, raw))
}

/// Ends `old` and starts a new session for `user_id` at `stage` (a new id and CSRF token, so
/// an id planted before sign-in is worthless after it).
pub async fn rotate(
    conn: &impl ConnectionTrait,
    old: &Session,
    user_id: Uuid,
    stage: Stage,
) -> Result<(Session, String), AppError> {
    delete(conn, old.id).await?;
    create(conn, Some(user_id), stage, old.user_agent.as_deref()).await
}

pub async fn delete(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), AppError> {
    entity::console_session::Entity::delete_by_id(id)
        .exec(conn)
        .await?;
    Ok(())
}

/// Counts a wrong second-factor code; returns the new count.
pub async fn count_attempt(
    conn: &impl ConnectionTrait,
    session: &Session,
) -> Result<i32, AppError> {
    use entity::console_session::{Column, Entity};
    Entity::update_many()
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .filter(Column::Id.eq(session.id))
        .exec(conn)
        .await?;
    Ok(session.attempts + 1)
}

/// A user's signed-in sessions, newest first.
pub async fn of_user(conn: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<Session>, AppError> {
    use entity::console_session::{Column, Entity};
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Stage.eq(Stage::SignedIn))
        .order_by_desc(Column::LastSeenAt)
        .all(conn)
        .await?)
}

/// Ends one of the user's sessions (only theirs: another user's id is simply not found).
pub async fn end_for_user(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    id: Uuid,
) -> Result<bool, AppError> {
    use entity::console_session::{Column, Entity};
    Ok(Entity::delete_many()
        .filter(Column::Id.eq(id))
        .filter(Column::UserId.eq(user_id))
        .exec(conn)
        .await?
        .rows_affected
        == 1)
}

/// Ends every console session of a user, except `keep` (a password change ends the others).
pub async fn end_all_for_user(
    conn: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
) -> Result<(), AppError> {
    use entity::console_session::{Column, Entity};
    let mut query = Entity::delete_many().filter(Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        query = query.filter(Column::Id.ne(keep));
    }
    query.exec(conn).await?;
    Ok(())
}

/// Constant-time comparison for the CSRF token.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(created_mins_ago: i64, seen_mins_ago: i64, now: DateTime<Utc>) -> Session {
        Session {
            id: Uuid::nil(),
            token_hash: String::new(),
            user_id: None,
            stage: Stage::SignedIn,
            csrf_token: String::new(),
            attempts: 0,
            user_agent: None,
            created_at: now - Duration::minutes(created_mins_ago),
            last_seen_at: now - Duration::minutes(seen_mins_ago),
        }
    }

    #[test]
    fn a_session_expires_after_30_idle_minutes_or_12_hours() {
        let limits = ConsoleSettings::default();
        let now = Utc::now();
        let cases = [
            (10, 0, false),
            (60, 29, false),
            (60, 31, true),
            (11 * 60 + 59, 1, false),
            (12 * 60 + 1, 1, true),
        ];
        for (created, seen, want) in cases {
            assert_eq!(
                expired(&session(created, seen, now), &limits, now),
                want,
                "{created} {seen}"
            );
        }
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-cp_console=abc; b=2"),
        );
        assert_eq!(cookie_value(&headers).as_deref(), Some("abc"));
        assert!(
            set_cookie("x")
                .to_str()
                .unwrap()
                .contains("SameSite=Strict")
        );
    }
}
