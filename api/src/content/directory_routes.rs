//! The local services directory and the app's fixed links: `/v1/content/services`,
//! `/v1/content/links`.
use crate::http::prelude::*;

use super::{
    directory,
    model::{LOCAL_AUTHORITIES, Link, ServiceInput, ServiceView},
    service,
    views::ServiceQuery,
};

fn service_response(
    service: &entity::local_service::Model,
    status: StatusCode,
) -> Result<Response, AppError> {
    let etag = directory::etag(service);
    let view = directory::view(service)?;
    Ok((status, [(header::ETAG, etag.header_value())], Json(view)).into_response())
}

/// List local services, by name
///
/// The local services directory that nurses keep up to date, by name.
#[utoipa::path(get, path = "/v1/content/services", operation_id = "list_services", tag = "content",
    params(ServiceQuery, IfNoneMatch),
    responses(
        (status = 200, description = "The services directory", body = Page<ServiceView>,
            headers(("ETag" = String, description = "Send as If-None-Match to get 304 while nothing changed"))),
        UnchangedSinceETag, NotSignedIn, BadQuery,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_services(
    Caller(app, ..): Caller,
    headers: HeaderMap,
    AppQuery(query): AppQuery<ServiceQuery>,
) -> Result<Response, AppError> {
    if let Some(la) = &query.local_authority
        && !LOCAL_AUTHORITIES.contains(&la.as_str())
    {
        return Err(AppError::invalid(
            "local_authority",
            "must be one of the local authorities listed at /v1/local-authorities",
        ));
    }
    let paging = crate::http::pagination::page(query.limit, query.offset)?;
    let services = directory::list(&app.db, &query).await?;
    // The directory is one council's services: read whole, filtered and ordered by name in
    // `directory::list`, then cut.
    with_etag(&headers, &Page::of_all(services, paging))
}

/// Add a service to the directory (nurses and admins)
///
/// Nurses and admins add a service to the directory.
#[utoipa::path(post, path = "/v1/content/services", operation_id = "create_service", tag = "content",
    request_body = ServiceInput,
    responses(
        (status = 201, description = "Added", body = ServiceView,
            headers(("ETag" = String, description = "Send as If-Match to change it"))),
        (status = 403, description = "Only nurses and admins change the directory", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A service with this name exists", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, InvalidField,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn create_service(
    Caller(app, _, actor, ..): Caller<ContentEditors>,
    AppJson(input): AppJson<ServiceInput>,
) -> Result<Response, AppError> {
    let service = service::create_service(&app.db, &actor, &input).await?;
    service_response(&service, StatusCode::CREATED)
}

/// Read one service
///
/// One service from the directory, with an ETag to send back as If-Match when changing it.
#[utoipa::path(get, path = "/v1/content/services/{id}", operation_id = "get_service", tag = "content",
    params(("id" = Uuid, Path, description = "Service id")),
    responses(
        (status = 200, description = "The service", body = ServiceView,
            headers(("ETag" = String, description = "Send as If-Match to change it"))),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
#[tracing::instrument(skip_all, fields(service = %id))]
pub(crate) async fn get_service(
    Caller(app, ..): Caller,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response, AppError> {
    let service = directory::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    service_response(&service, StatusCode::OK)
}

/// Replace a service's details (nurses and admins; needs If-Match)
///
/// Replaces every field of the service. Send the ETag from the last read as If-Match; a stale one
/// is 412.
#[utoipa::path(put, path = "/v1/content/services/{id}", operation_id = "update_service", tag = "content",
    params(
        ("id" = Uuid, Path, description = "Service id"),
        ("If-Match" = String, Header, description = "The ETag of the service you edited"),
    ),
    request_body = ServiceInput,
    responses(
        (status = 200, description = "Saved", body = ServiceView,
            headers(("ETag" = String, description = "Send as If-Match for the next change"))),
        (status = 403, description = "Only nurses and admins change the directory, and only for their own local authority or national services", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another service has this name", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Someone changed the service since you read it; nothing was saved", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, InvalidField, IfMatchMissing,
    ))]
#[tracing::instrument(skip_all, fields(service = %id))]
pub(crate) async fn update_service(
    Caller(app, user, actor, ..): Caller<ContentEditors>,
    AppPath(id): AppPath<Uuid>,
    if_match: IfMatch,
    AppJson(input): AppJson<ServiceInput>,
) -> Result<Response, AppError> {
    let current = directory::find(&app.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if current
        .local_authority
        .as_ref()
        .is_some_and(|la| *la != user.local_authority)
    {
        return Err(AppError::Forbidden(
            "this service belongs to another local authority".into(),
        ));
    }
    if_match.check(&directory::etag(&current))?;
    let service = service::update_service(&app.db, &actor, &current, &input).await?;
    service_response(&service, StatusCode::OK)
}

/// The app's fixed links: NHS App, NHS 111, urgent mental health help, 999
///
/// Fixed links the app always shows, such as NHS 111 and urgent mental health help.
#[utoipa::path(get, path = "/v1/content/links", operation_id = "list_links", tag = "content",
    params(IfNoneMatch, PageQuery),
    responses(
        (status = 200, description = "The links, in the order the app shows them", body = Page<Link>,
            headers(("ETag" = String, description = "Send as If-None-Match to get 304 while nothing changed"))),
        UnchangedSinceETag, NotSignedIn, PageOutOfRange,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn list_links(
    Caller(app, ..): Caller,
    AppQuery(paging): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let paging = paging.page()?;
    let links = directory::links(&app.db).await?;
    with_etag(&headers, &Page::of_all(links, paging))
}
