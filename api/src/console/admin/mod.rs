//! The admin pages: users of my authority, care leavers, failed mail and the audit search.
//! Each handler calls the same domain service as the API (`accounts`, `care_leavers`,
//! `mail::admin`, `audit::search`), so scoping to the admin's own authority and every rule
//! live in one place; a record of another authority is a 404 page.
pub mod audit;
pub mod care_leavers;
pub mod mail;
pub mod users;

use axum::{
    Router,
    extract::{Path, Query},
    response::Response,
};
use uuid::Uuid;

use super::{
    Console, ConsoleAdmin,
    extract::ConsoleUser,
    pages::{self, DoneQuery, FormErrors, PageError},
};
use crate::{accounts, auth::Actor, error::AppError, http::RequestId, state::AppState};

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

/// An admin's request, as a handler extracts it: the state, the admin and the request's id.
type AdminRequest = Console<ConsoleAdmin>;

/// An admin page about one record (a staff account, a care leaver) whose forms post back to
/// it: shown with what was just done (`?done=`), and shown again with a form's errors when an
/// action on the record is refused.
trait RecordPage {
    /// Where the record's page is.
    fn address(id: Uuid) -> String;

    /// What the page says after the action `done` (`?done=…`).
    fn done_message(done: &str) -> Option<&'static str>;

    /// The record's page, with the message of what was `done` or the form's `errors`.
    async fn page(
        request: &AdminRequest,
        id: Uuid,
        done: Option<&'static str>,
        errors: FormErrors,
    ) -> Result<Response, PageError>;

    /// The errors a refused action shows on the page; anything else is the error page.
    fn errors(error: AppError) -> Result<FormErrors, AppError>;
}

/// A record's page.
async fn show<P: RecordPage>(
    request: AdminRequest,
    Path(id): Path<Uuid>,
    Query(done): Query<DoneQuery>,
) -> Result<Response, PageError> {
    let done = done.done().and_then(P::done_message);
    P::page(&request, id, done, FormErrors::default()).await
}

/// After an action on record `id`: back to its page saying what was done (post/redirect/get),
/// or its page again with the errors.
async fn after<P: RecordPage>(
    request: &AdminRequest,
    id: Uuid,
    outcome: Result<&'static str, AppError>,
) -> Result<Response, PageError> {
    let Console(_, user, _) = request;
    match outcome {
        Ok(done) => Ok(pages::see_other(&format!("{}?done={done}", P::address(id)))),
        Err(error) => {
            let errors = P::errors(error).map_err(|e| PageError::for_user(e, user))?;
            P::page(request, id, None, errors).await
        }
    }
}
