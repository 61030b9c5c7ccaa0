//! `GET /v1/me/access-log`: who looked at or changed my records, in plain words.
use axum::{extract::State, http::HeaderMap, response::Response};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::{
    auth::{AuthUser, Role},
    error::{AppError, Problem},
    http::{
        AppQuery, IfNoneMatch,
        pagination::{Cursor, CursorPage, CursorQuery},
        with_etag,
    },
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(access_log))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLogEntry {
    pub at: DateTime<Utc>,
    /// The staff member's name.
    #[schema(example = "Sam Patel")]
    pub who: String,
    #[schema(example = "Children in Care nurse")]
    pub role: String,
    #[schema(example = "read your health passport")]
    pub what: String,
    /// One sentence for the app to show.
    #[schema(example = "Sam Patel (Children in Care nurse) read your health passport.")]
    pub summary: String,
}

/// Who has looked at or changed my records
///
/// Every time staff looked at or changed the signed-in person's records, newest first, with who
/// did it and when, one page at a time: `limit` (1–200, default 50) and `cursor` (the
/// `next_cursor` of the page before). Entries added while the app pages do not shift the pages.
#[utoipa::path(get, path = "/v1/me/access-log", operation_id = "get_my_access_log", tag = "me",
    params(IfNoneMatch, CursorQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Most recent first. A page can hold fewer than `limit` entries: follow `next_cursor` until it is null", body = CursorPage<AccessLogEntry>,
            headers(("ETag" = String, description = "Changes when an entry is added"))),
        (status = 304, description = "Your copy is current"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only care leavers have an access log", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range, or a `cursor` this list did not give out", body = Problem, content_type = "application/problem+json"),
    ))]
async fn access_log(
    State(app): State<AppState>,
    user: AuthUser,
    AppQuery(paging): AppQuery<CursorQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    user.require(&[Role::CareLeaver])?;
    let (limit, cursor) = paging.page::<i64>()?;
    use entity::audit_event::{Column, Entity};
    let mut select = Entity::find()
        .filter(Column::CareLeaverId.eq(user.id))
        // Someone else's doing: another actor, or a share-link opening (no signed-in actor).
        // Written as the partial index `idx_audit_others_access` is, so SQLite uses it and
        // does not walk the young person's own reads.
        .filter(sea_orm::sea_query::Expr::cust(
            migration::ACCESS_LOG_CONDITION,
        ))
        .order_by_desc(Column::At)
        .order_by_desc(Column::Id);
    if let Some(cursor) = cursor {
        select = select.filter(cursor.after(Column::At, Column::Id));
    }
    // One more than the page: if it comes back, there is a next page.
    let rows = select.limit(limit + 1).all(&app.db).await?;
    let CursorPage {
        items: events,
        next_cursor,
        ..
    } = CursorPage::from_rows(
        rows,
        limit,
        |e| Cursor {
            at: e.at,
            key: e.id,
        },
        |rows| rows,
    );
    let actor_ids: Vec<_> = events.iter().filter_map(|e| e.actor_id).collect();
    let actors: std::collections::HashMap<_, _> = entity::user::Entity::find()
        .filter(entity::user::Column::Id.is_in(actor_ids))
        .all(&app.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut shared = crate::passport::share::access_log_entries(&app.db, &events).await?;
    let entries = events
        .into_iter()
        .filter_map(|e| {
            if e.actor_id.is_none() {
                return shared.remove(&e.id);
            }
            let what = crate::audit::describe(&e.action)?;
            let actor = actors.get(&e.actor_id?)?;
            let parsed = Role::parse(&actor.role)?;
            let role = parsed.described().to_owned();
            let short = crate::words::labels::role_in_access_log(parsed);
            Some(AccessLogEntry {
                at: e.at,
                summary: format!("{} ({short}) {what}.", actor.name),
                who: actor.name.clone(),
                role,
                what: what.to_owned(),
            })
        })
        .collect();
    with_etag(
        &headers,
        &CursorPage {
            items: entries,
            limit,
            next_cursor,
        },
    )
}
