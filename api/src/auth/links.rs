//! What state an e-mailed link's token is in, without using it: so a page can say in plain
//! words whether the link still works, was used, expired, or was never valid.
use chrono::{DateTime, Utc};
use entity::user::UserStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::tokens;
use crate::error::AppError;
use entity::one_time_token::TokenPurpose;

/// A link's token, looked up but not used.
#[derive(Debug)]
pub enum LinkState {
    /// It works: the account it is for.
    Usable(Box<entity::user::Model>),
    Used,
    Expired,
    /// No such token for this purpose (mistyped, cut short or tampered with).
    Unknown,
    /// The account has been disabled since the link was sent.
    Disabled,
}

/// Looks up a token for `purpose`.
pub async fn inspect(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<LinkState, AppError> {
    Ok(inspect_with_token(conn, token, purpose, now).await?.0)
}

/// As `inspect`, with the token's row when there is one (an e-mail change's link carries the
/// new address in it).
pub async fn inspect_with_token(
    conn: &impl ConnectionTrait,
    token: &str,
    purpose: TokenPurpose,
    now: DateTime<Utc>,
) -> Result<(LinkState, Option<entity::one_time_token::Model>), AppError> {
    use entity::one_time_token::{Column, Entity};
    if token.is_empty() {
        return Ok((LinkState::Unknown, None));
    }
    let Some(row) = Entity::find()
        .filter(Column::TokenHash.eq(tokens::hash_token(token)))
        .filter(Column::Purpose.eq(purpose))
        .one(conn)
        .await?
    else {
        return Ok((LinkState::Unknown, None));
    };
    if row.used_at.is_some() {
        return Ok((LinkState::Used, Some(row)));
    }
    if row.expires_at <= now {
        return Ok((LinkState::Expired, Some(row)));
    }
    let state = match entity::user::Entity::find_by_id(row.user_id)
        .one(conn)
        .await?
    {
        Some(user) if user.status == UserStatus::Disabled => LinkState::Disabled,
        Some(user) => LinkState::Usable(Box::new(user)),
        None => LinkState::Unknown,
    };
    Ok((state, Some(row)))
}
