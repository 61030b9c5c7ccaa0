//! `GET /v1/me/access-log`: who looked at or changed my records, in plain words.
use crate::http::prelude::*;

use super::views::AccessLogEntry;
use crate::http::pagination::{CursorPage, CursorQuery};

/// Who has looked at or changed my records
///
/// Every time staff looked at or changed the signed-in person's records, newest first, with who
/// did it and when, one page at a time: `limit` (1–200, default 50) and `cursor` (the
/// `next_cursor` of the page before). Entries added while the app pages do not shift the pages.
#[utoipa::path(get, path = "/v1/me/access-log", operation_id = "get_my_access_log", tag = "me",
    params(IfNoneMatch, CursorQuery),
    responses(
        (status = 200, description = "Most recent first. A page can hold fewer than `limit` entries: follow `next_cursor` until it is null", body = CursorPage<AccessLogEntry>,
            headers(("ETag" = String, description = "Changes when an entry is added"))),
        (status = 403, description = "Only care leavers have an access log", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range, or a `cursor` this list did not give out", body = Problem, content_type = "application/problem+json"),
        NotModified, NotSignedIn,
    ))]
pub(crate) async fn access_log(
    Caller(app, user, ..): Caller<CareLeavers>,
    AppQuery(paging): AppQuery<CursorQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (limit, cursor) = paging.page::<i64>()?;
    let page = super::access_log::of(&app.db, user.id, limit, cursor).await?;
    with_etag(&headers, &page)
}
