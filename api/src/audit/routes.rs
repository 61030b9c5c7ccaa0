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
    http::{IfNoneMatch, with_etag},
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

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessLog {
    pub entries: Vec<AccessLogEntry>,
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
    use entity::audit_event::{Column, Entity};
    let events = Entity::find()
        .filter(Column::CareLeaverId.eq(user.id))
        // Someone else's doing: another actor, or a share-link opening (no signed-in actor).
        // Written as the partial index `idx_audit_others_access` is, so SQLite uses it and
        // does not walk the young person's own reads.
        .filter(sea_orm::sea_query::Expr::cust(
            migration::ACCESS_LOG_CONDITION,
        ))
        .order_by_desc(Column::At)
        .order_by_desc(Column::Id)
        .limit(500)
        .all(&app.db)
        .await?;
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
    with_etag(&headers, &AccessLog { entries })
}
