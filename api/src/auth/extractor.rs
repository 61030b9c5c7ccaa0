//! `AuthUser`: the signed-in caller, from a bearer access token.
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts},
};
use entity::user::UserStatus;
use sea_orm::{EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{policy::Viewer, roles::Role, tokens::AccessClaims};
use crate::{error::AppError, http::header_text, state::AppState};

/// The caller, checked against the database on every request so that disabling an account or
/// changing its password ends its sessions at once.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: Uuid,
    pub role: Role,
    pub name: String,
    pub email: String,
    pub local_authority: String,
    /// The sign-in session of the access token.
    pub session_id: Uuid,
}

impl AuthUser {
    pub fn viewer(&self) -> Viewer {
        Viewer {
            id: self.id,
            role: self.role,
            local_authority: self.local_authority.clone(),
        }
    }
}

/// A bearer access token whose signature, issuer, audience and expiry are valid, before the
/// database is asked about its account and session. For a route that folds that check into
/// its own statement (the passport read) and then builds the caller with
/// [`AuthUser::of_account`]; every other route extracts [`AuthUser`].
#[derive(Debug)]
pub struct BearerToken(pub AccessClaims);

impl FromRequestParts<AppState> for BearerToken {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = header_text(&parts.headers, header::AUTHORIZATION)
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .ok_or(AppError::Unauthorized)?;
        let claims = state
            .keys
            .verify_access(token.trim())
            .ok_or(AppError::Unauthorized)?;
        Ok(BearerToken(claims))
    }
}

impl BearerToken {
    /// The caller, checked against the database: one statement.
    pub async fn user(&self, state: &AppState) -> Result<AuthUser, AppError> {
        let claims = &self.0;
        // One statement: the user, only while the token's session is still open.
        let user = entity::user::Entity::find_by_id(claims.sub)
            .filter(super::sessions::is_open(
                claims.sid,
                claims.sub,
                chrono::Utc::now(),
            ))
            .one(&state.db)
            .await?
            .ok_or(AppError::Unauthorized)?;
        AuthUser::of_account(claims, user, true)
    }
}

impl AuthUser {
    /// The caller a valid token names, from their account row and whether the token's sign-in
    /// session is open: 401 unless the session is open, the account active, its role the
    /// token's, and the token issued after the account's sessions were last ended.
    pub fn of_account(
        claims: &AccessClaims,
        user: entity::user::Model,
        session_open: bool,
    ) -> Result<AuthUser, AppError> {
        let role = user.role;
        if !session_open
            || user.id != claims.sub
            || user.status != UserStatus::Active
            || role != claims.role
            || claims.iat_ms < user.tokens_valid_after.timestamp_millis()
        {
            return Err(AppError::Unauthorized);
        }
        Ok(AuthUser {
            id: user.id,
            role,
            name: user.name,
            email: user.email,
            local_authority: user.local_authority,
            session_id: claims.sid,
        })
    }
}

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        BearerToken::from_request_parts(parts, state)
            .await?
            .user(state)
            .await
    }
}
