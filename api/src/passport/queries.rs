//! Queries: the young person says an entry looks wrong; their nurse answers and resolves it.
use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::Response,
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use super::me_routes::me;
use super::model::SectionId;
use super::service::{audit_read, viewer_for};
use super::store;
use super::views::*;
use super::{notify, visibility::Viewer};
use crate::{
    audit::{self, Event},
    auth::{
        AuthUser, Role,
        policy::{Action, Record},
    },
    care_leavers::{CareLeaver, visible_to},
    error::{AppError, FieldError, Problem},
    http::{
        AppJson, AppPath, AppQuery, IfNoneMatch, RequestId,
        pagination::{self, Page},
        with_etag,
    },
    state::AppState,
};

use entity::passport_query as query;

/// Longest query message or resolution note, in characters.
pub const MAX_QUERY_TEXT: usize = 2000;
/// Most open queries a young person may have at once.
pub const MAX_OPEN_QUERIES: u64 = 20;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(raise_query, my_queries))
        .routes(routes!(care_leaver_queries))
        .routes(routes!(resolve_query))
}

fn text(field: &str, value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "must not be blank"));
    }
    if value.chars().count() > MAX_QUERY_TEXT {
        let message = format!("must be at most {MAX_QUERY_TEXT} characters");
        return Err(FieldError::new(field, message));
    }
    Ok(value.to_owned())
}

fn section_of(row: &query::Model) -> Option<SectionId> {
    serde_json::from_value(serde_json::Value::String(row.section.clone())).ok()
}

async fn views(
    conn: &impl ConnectionTrait,
    rows: Vec<query::Model>,
    viewer: Viewer,
) -> Result<Vec<QueryView>, AppError> {
    let names = store::names(conn, rows.iter().filter_map(|q| q.resolved_by)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|q| {
            let section = section_of(&q)?;
            viewer.can_see(section).then(|| QueryView {
                id: q.id,
                care_leaver_id: q.care_leaver_id,
                version: q.version,
                section,
                message: q.message,
                status: if q.status == QueryStatus::Open.as_str() {
                    QueryStatus::Open
                } else {
                    QueryStatus::Resolved
                },
                resolution_note: q.resolution_note,
                resolved_by: q.resolved_by.and_then(|id| names.get(&id).cloned()),
                resolved_at: q.resolved_at,
                created_at: q.created_at,
            })
        })
        .collect())
}

/// One page of a young person's queries the viewer may see, newest first. A young person
/// raises few queries, and which the viewer may see depends on their sections, so the page is
/// cut after that check and `total` counts only what the viewer sees.
async fn list(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    filter: &QueryStatusFilter,
    viewer: Viewer,
) -> Result<Page<QueryView>, AppError> {
    let paging = pagination::page(filter.limit, filter.offset)?;
    let mut select = query::Entity::find()
        .filter(query::Column::CareLeaverId.eq(leaver.id()))
        .order_by_desc(query::Column::CreatedAt)
        .order_by_desc(query::Column::Id);
    if let Some(status) = filter.status {
        select = select.filter(query::Column::Status.eq(status.as_str()));
    }
    let queries = views(conn, select.all(conn).await?, viewer).await?;
    Ok(Page::of_all(queries, paging))
}

/// Ask about an entry in my passport that I think is wrong
///
/// Queries the latest published version; my nurse is e-mailed (without the message).
#[utoipa::path(post, path = "/v1/me/passport/queries", operation_id = "raise_passport_query", tag = "passport",
    request_body = NewQuery,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Raised", body = QueryView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only care leavers have a passport", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No passport published yet, or too many open queries", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown section, or a blank or too long message", body = Problem, content_type = "application/problem+json"),
    ))]
async fn raise_query(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppJson(body): AppJson<NewQuery>,
) -> Result<(StatusCode, Json<QueryView>), AppError> {
    let leaver = me(&app, &user, Record::PassportFeedback).await?;
    let message = text("message", &body.message)?;
    let txn = crate::db::begin_write(&app.db).await?;
    let Some(version) = store::latest_version(&txn, leaver.id()).await? else {
        return Err(AppError::conflict(
            "no passport has been published for you yet",
        ));
    };
    let open = query::Entity::find()
        .filter(query::Column::CareLeaverId.eq(leaver.id()))
        .filter(query::Column::Status.eq(QueryStatus::Open.as_str()))
        .count(&txn)
        .await?;
    if open >= MAX_OPEN_QUERIES {
        return Err(AppError::conflict(format!(
            "you have {open} open queries; your nurse will answer them before you add more"
        )));
    }
    let row = query::Entity::insert(query::ActiveModel {
        id: Set(Uuid::new_v4()),
        care_leaver_id: Set(leaver.id()),
        version: Set(version.number),
        section: Set(body.section.as_str().to_owned()),
        message: Set(message),
        status: Set(QueryStatus::Open.as_str().to_owned()),
        resolution_note: Set(None),
        resolved_by: Set(None),
        resolved_at: Set(None),
        created_at: Set(store::now()),
    })
    .exec_with_returning(&txn)
    .await?;
    let event = Event {
        action: "passport.query_raised",
        care_leaver_id: Some(leaver.id()),
        target: Some(format!("passport_query:{}", row.id)),
    };
    audit::record(&txn, Some(&user), &request_id, event).await?;
    notify::query_raised(&txn, &app.config, &leaver).await?;
    txn.commit().await?;
    app.mail_wakeup.notify_one();
    let view = views(&app.db, vec![row], Viewer::Owner).await?.pop();
    Ok((StatusCode::CREATED, Json(view.ok_or(AppError::NotFound)?)))
}

/// My queries and their answers
///
/// The queries the signed-in young person raised about their passport, with the nurse's answer
/// once resolved.
#[utoipa::path(get, path = "/v1/me/passport/queries", operation_id = "list_my_passport_queries", tag = "passport",
    params(IfNoneMatch, QueryStatusFilter),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first", body = Page<QueryView>,
            headers(("ETag" = String, description = "Changes when a query is raised or answered"))),
        (status = 304, description = "Your copy is current"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only care leavers have a passport", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn my_queries(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppQuery(filter): AppQuery<QueryStatusFilter>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let leaver = me(&app, &user, Record::PassportFeedback).await?;
    let list = list(&app.db, &leaver, &filter, Viewer::Owner).await?;
    let target = "passport:queries".to_owned();
    audit_read(
        &app.audit,
        &user,
        &request_id,
        &leaver,
        "passport.queries_read",
        target,
    )
    .await?;
    with_etag(&headers, &list)
}

/// A care leaver's queries on their passport (nurses)
///
/// Queries the young person raised about their passport. Nurses of their local
/// authority only.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport/queries", operation_id = "list_care_leaver_passport_queries", tag = "passport",
    params(("id" = Uuid, Path, description = "Care leaver id"), QueryStatusFilter),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Newest first; queries on sections hidden from you are left out", body = Page<QueryView>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such care leaver, or not one whose passport you write", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad query parameter", body = Problem, content_type = "application/problem+json"),
    ))]
async fn care_leaver_queries(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppQuery(filter): AppQuery<QueryStatusFilter>,
) -> Result<Json<Page<QueryView>>, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::PassportFeedback).await?;
    let list = list(&app.db, &leaver, &filter, viewer_for(&user, &leaver)).await?;
    let target = "passport:queries".to_owned();
    audit_read(
        &app.audit,
        &user,
        &request_id,
        &leaver,
        "passport.queries_read",
        target,
    )
    .await?;
    Ok(Json(list))
}

/// Resolve a query with a note for the young person (nurses)
///
/// Closes a query with a note the young person sees. Nurses of the young person's local authority
/// only.
#[utoipa::path(post, path = "/v1/passport-queries/{id}/resolve", operation_id = "resolve_passport_query", tag = "passport",
    params(("id" = Uuid, Path, description = "Query id")),
    request_body = ResolveQuery,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Resolved", body = QueryView),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only nurses resolve queries", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such query, or not one you may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already resolved", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Blank or too long note", body = Problem, content_type = "application/problem+json"),
    ))]
async fn resolve_query(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ResolveQuery>,
) -> Result<Json<QueryView>, AppError> {
    let row = query::Entity::find_by_id(id)
        .one(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let leaver_id = row.care_leaver_id;
    let leaver = visible_to(
        &app.db,
        &user,
        leaver_id,
        Action::Write,
        Record::PassportFeedback,
    )
    .await?;
    let viewer = viewer_for(&user, &leaver);
    if !section_of(&row).is_some_and(|s| viewer.can_see(s)) {
        return Err(AppError::NotFound);
    }
    if user.role != Role::Nurse {
        return Err(AppError::Forbidden("only nurses resolve queries".into()));
    }
    let note = text("note", &body.note)?;
    let txn = crate::db::begin_write(&app.db).await?;
    let resolved = query::Entity::update_many()
        .set(query::ActiveModel {
            status: Set(QueryStatus::Resolved.as_str().to_owned()),
            resolution_note: Set(Some(note)),
            resolved_by: Set(Some(user.id)),
            resolved_at: Set(Some(store::now())),
            ..Default::default()
        })
        .filter(query::Column::Id.eq(id))
        .filter(query::Column::Status.eq(QueryStatus::Open.as_str()))
        .exec(&txn)
        .await?;
    if resolved.rows_affected != 1 {
        return Err(AppError::conflict("this query is already resolved"));
    }
    let event = Event {
        action: "passport.query_resolved",
        care_leaver_id: Some(leaver_id),
        target: Some(format!("passport_query:{id}")),
    };
    audit::record(&txn, Some(&user), &request_id, event).await?;
    txn.commit().await?;
    let row = query::Entity::find_by_id(id).one(&app.db).await?;
    let view = views(&app.db, row.into_iter().collect(), viewer)
        .await?
        .pop();
    Ok(Json(view.ok_or(AppError::NotFound)?))
}
