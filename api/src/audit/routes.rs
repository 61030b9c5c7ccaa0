//! `GET /v1/me/access-log`: who looked at or changed my records, in plain words.
use axum::{extract::State, http::HeaderMap, response::Response};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::views::AccessLog;
use crate::{
    auth::{AuthUser, Role},
    error::{AppError, Problem},
    http::{IfNoneMatch, with_etag},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(access_log))
}

/// Who has looked at or changed my records
///
/// Every time staff looked at or changed the signed-in person's records, newest first, with who
/// did it and when.
#[utoipa::path(get, path = "/v1/me/access-log", operation_id = "get_my_access_log", tag = "me",
    params(IfNoneMatch),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Most recent first (up to 500 entries)", body = AccessLog,
            headers(("ETag" = String, description = "Changes when an entry is added"))),
        (status = 304, description = "Your copy is current"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only care leavers have an access log", body = Problem, content_type = "application/problem+json"),
    ))]
async fn access_log(
    State(app): State<AppState>,
    user: AuthUser,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    user.require(&[Role::CareLeaver])?;
    let entries = super::access_log::of(&app.db, user.id).await?;
    with_etag(&headers, &AccessLog { entries })
}
