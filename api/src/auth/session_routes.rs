//! My signed-in devices: `GET /v1/me/sessions` and `DELETE /v1/me/sessions/{id}`.
use crate::http::prelude::*;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::sessions;

/// A device I am signed in on.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub id: Uuid,
    /// What the device said it was when it signed in, if anything.
    #[schema(example = "CarePassport/2.3 (iPhone; iOS 18.1)")]
    pub device: Option<String>,
    pub signed_in_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    /// When this sign-in ends at the latest, however often it is used.
    pub expires_at: DateTime<Utc>,
    /// True for the session making this request.
    pub current: bool,
}

/// The devices I am signed in on
///
/// Each device the signed-in person is signed in on, with when it was last used, so they can sign
/// out one they do not know.
#[utoipa::path(get, path = "/v1/me/sessions", operation_id = "list_sessions", tag = "me",
    params(IfNoneMatch, PageQuery),
    responses(
        (status = 200, description = "Open sessions, most recently used first", body = Page<SessionView>,
            headers(("ETag" = String, description = "Changes when a device signs in or out or is used"))),
        NotModified, NotSignedIn, PageOutOfRange,
    ))]
pub(crate) async fn list_sessions(
    Caller(app, user, ..): Caller,
    AppQuery(paging): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let paging = paging.page()?;
    let sessions = sessions::open_sessions(&app.db, user.id, Utc::now())
        .await?
        .into_iter()
        .map(|s| SessionView {
            current: s.id == user.session_id,
            id: s.id,
            device: s.device,
            signed_in_at: s.created_at,
            last_used_at: s.last_used_at,
            expires_at: s.expires_at,
        })
        .collect();
    // A person has a handful of devices: the page is cut from the whole list.
    with_etag(&headers, &Page::of_all(sessions, paging))
}

/// Sign one of my devices out
///
/// Its access token stops working at once and its refresh token can no longer be used.
#[utoipa::path(delete, path = "/v1/me/sessions/{id}", operation_id = "end_session", tag = "me",
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 404, description = "No such open session of mine", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn end_session(
    Caller(app, _, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, AppError> {
    super::service::end_own_session(&app.db, &actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
