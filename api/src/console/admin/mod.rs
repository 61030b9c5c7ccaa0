//! The admin pages: users of my authority, care leavers, failed mail and the audit search.
//! Each handler calls the same domain service as the API (`accounts`, `care_leavers`,
//! `mail::admin`, `audit::search`), so scoping to the admin's own authority and every rule
//! live in one place; a record of another authority is a 404 page.
pub mod audit;
pub mod care_leavers;
pub mod mail;
pub mod users;

use axum::Router;

use super::{extract::ConsoleUser, pages::PageError};
use crate::{accounts, auth::Actor, http::RequestId, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(users::router())
        .merge(care_leavers::router())
        .merge(mail::router())
        .merge(audit::router())
}

/// The signed-in admin as the actor of this request.
fn actor(user: &ConsoleUser, request_id: &RequestId) -> Actor {
    user.auth_user().actor(request_id)
}

/// The staff accounts of the admin's authority, as the API lists them.
async fn staff(
    app: &AppState,
    user: &ConsoleUser,
    request_id: &RequestId,
) -> Result<Vec<entity::user::Model>, PageError> {
    accounts::service::list_staff(&app.db, &actor(user, request_id))
        .await
        .map_err(|e| PageError::for_user(e, user))
}
