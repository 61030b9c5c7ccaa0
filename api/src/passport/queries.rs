//! Queries: the young person says a section, or one entry of it, looks wrong; their nurse
//! answers and resolves it. Nurses list the open ones across their caseload.
use crate::http::prelude::*;

use super::me_routes::me;
use super::questions;
pub use super::questions::{MAX_OPEN_QUERIES, MAX_QUERY_TEXT};
use super::service::{audit_read, viewer_for};
use super::views::*;
use super::visibility::Viewer;
use crate::audit::AuditAction;
use crate::{
    care_leavers::{CareLeaver, visible_to},
    http::pagination,
};

/// Ask about a part of my passport, or one entry in it, that I think is wrong
///
/// Queries the version I read (the latest unless `version` says otherwise). With
/// `entry_index` the question is about one entry of a list section (e.g. one allergy), which
/// must be in that version. My nurse is e-mailed (without the message).
#[utoipa::path(post, path = "/v1/me/passport/queries", operation_id = "raise_passport_query", tag = "passport",
    request_body = NewQuery,
    responses(
        (status = 201, description = "Raised", body = QueryView),
        (status = 409, description = "No passport published yet, or too many open queries", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown section, a version never published, an entry that is not in that version (or a section that is not a list), or a blank or too long message; `errors[0].field` names it", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, PassportOwnersOnly,
    ))]
pub(crate) async fn raise_query(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    AppJson(body): AppJson<NewQuery>,
) -> Result<(StatusCode, Json<QueryView>), AppError> {
    let leaver = me(&app, &user, Record::PassportFeedback).await?;
    let row = questions::raise(&app.db, &app.config, &actor, &leaver, &body).await?;
    app.mail_wakeup.notify_one();
    let view = questions::views(&app.db, vec![row], Viewer::Owner)
        .await?
        .pop();
    Ok((StatusCode::CREATED, Json(view.ok_or(AppError::NotFound)?)))
}

/// My queries and their answers
///
/// The queries the signed-in young person raised about their passport, with the nurse's answer
/// once resolved.
#[utoipa::path(get, path = "/v1/me/passport/queries", operation_id = "list_my_passport_queries", tag = "passport",
    params(IfNoneMatch, QueryStatusFilter),
    responses(
        (status = 200, description = "Newest first", body = Page<QueryView>,
            headers(("ETag" = String, description = "Changes when a query is raised or answered"))),
        NotModified, NotSignedIn, PassportOwnersOnly, BadQuery,
    ))]
pub(crate) async fn my_queries(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    AppQuery(filter): AppQuery<QueryStatusFilter>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let leaver = me(&app, &user, Record::PassportFeedback).await?;
    let list = list_read(&app, &actor, &leaver, &filter, Viewer::Owner).await?;
    with_etag(&headers, &list)
}

/// A page of `leaver`'s queries as `viewer` sees them, the read audited.
async fn list_read(
    app: &AppState,
    actor: &crate::auth::Actor,
    leaver: &CareLeaver,
    filter: &QueryStatusFilter,
    viewer: Viewer,
) -> Result<Page<QueryView>, AppError> {
    let paging = pagination::page(filter.limit, filter.offset)?;
    let list = questions::list(&app.db, leaver, filter.status, viewer, paging).await?;
    let target = "passport:queries".to_owned();
    audit_read(
        &app.audit,
        actor,
        leaver,
        AuditAction::PassportQueriesRead,
        target,
    )
    .await?;
    Ok(list)
}

/// A care leaver's queries on their passport (nurses)
///
/// Queries the young person raised about their passport. Nurses of their local
/// authority only.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport/queries", operation_id = "list_care_leaver_passport_queries", tag = "passport",
    params(CareLeaverPath, QueryStatusFilter),
    responses(
        (status = 200, description = "Newest first; queries on sections hidden from you are left out", body = Page<QueryView>),
        (status = 404, description = "No such care leaver, or not one whose passport you write", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, BadQuery,
    ))]
pub(crate) async fn care_leaver_queries(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    AppQuery(filter): AppQuery<QueryStatusFilter>,
) -> Result<Json<Page<QueryView>>, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::PassportFeedback).await?;
    let viewer = viewer_for(&user.viewer(), &leaver);
    Ok(Json(
        list_read(&app, &actor, &leaver, &filter, viewer).await?,
    ))
}

/// Resolve a query with a note for the young person (nurses)
///
/// Closes a query with a note the young person sees. Nurses of the young person's local authority
/// only.
#[utoipa::path(post, path = "/v1/passport-queries/{id}/resolve", operation_id = "resolve_passport_query", tag = "passport",
    params(("id" = Uuid, Path, description = "Query id")),
    request_body = ResolveQuery,
    responses(
        (status = 200, description = "Resolved; the young person is e-mailed that there is an answer (not the answer)", body = QueryView),
        (status = 403, description = "Only nurses resolve queries", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such query, or not one you may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already resolved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Blank or too long note", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
pub(crate) async fn resolve_query(
    Caller(app, _, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    AppJson(body): AppJson<ResolveQuery>,
) -> Result<Json<QueryView>, AppError> {
    let view = questions::answer(&app.db, &app.config, &actor, id, &body.note).await?;
    app.mail_wakeup.notify_one();
    Ok(Json(view))
}

/// Open questions across my caseload, oldest first (nurses)
///
/// The open questions of the young people of my authority I am the assigned nurse of
/// (`scope=mine`, the default), or of every young person of my authority (`scope=authority`),
/// with whose each is. Questions on a section hidden from me are left out.
#[utoipa::path(get, path = "/v1/passport-queries", operation_id = "list_caseload_passport_queries", tag = "passport",
    params(CaseloadQueryFilter),
    responses(
        (status = 200, description = "Oldest first", body = Page<CaseloadQuery>),
        (status = 403, description = "Only nurses answer questions", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, BadQuery,
    ))]
pub(crate) async fn caseload_queries(
    Caller(app, _, actor, ..): Caller,
    AppQuery(filter): AppQuery<CaseloadQueryFilter>,
) -> Result<Json<Page<CaseloadQuery>>, AppError> {
    let paging = pagination::page(filter.limit, filter.offset)?;
    let scope = filter.scope.unwrap_or_default();
    let list = questions::open_for_caseload(&app.db, &actor, scope).await?;
    Ok(Json(Page::of_all(list, paging)))
}
