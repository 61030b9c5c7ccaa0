//! Share-link routes: the young person makes, lists and revokes links; a practice opens one
//! with its passcode, without an account.
use crate::http::prelude::*;
use chrono::Utc;

use super::service;
use super::views::{CreatedShareLink, NewShareLink, Passcode, ShareLinkView};
use crate::{
    care_leavers,
    passport::{
        me_routes::me,
        store,
        travel::{self, fhir_response, pdf_response},
    },
};

/// Make a link to share my passport with a new GP
///
/// Choose the sections and how long the link works (1 hour to 30 days). You get a link and a
/// 6-digit passcode: give both to the practice. The passcode is shown only now.
#[utoipa::path(post, path = "/v1/me/passport/share-links", operation_id = "create_share_link", tag = "passport",
    request_body = NewShareLink,
    responses(
        (status = 201, description = "The link and its passcode", body = CreatedShareLink),
        (status = 422, description = "No recipient, no sections, or an expiry outside 1 hour to 30 days", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, PassportOwnersOnly, NoPassportYet,
    ))]
pub(crate) async fn create_share_link(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    AppJson(body): AppJson<NewShareLink>,
) -> Result<(StatusCode, Json<CreatedShareLink>), AppError> {
    let leaver = me(&app, &user, Record::Passport).await?;
    store::latest_version(&app.db, leaver.id())
        .await?
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let created = service::create(
        &app.db,
        &actor,
        &body.recipient,
        &body.sections,
        body.expires_in_hours,
        now,
    )
    .await?;
    let base = app.config.public_base_url.as_str().trim_end_matches('/');
    Ok((
        StatusCode::CREATED,
        Json(CreatedShareLink {
            link: service::view(&created.link, now),
            url: format!("{base}/v1/shared/{}", created.token),
            passcode: created.passcode,
        }),
    ))
}

/// List my share links
///
/// The signed-in young person's share links, with when each expires and whether it was used or
/// stopped.
#[utoipa::path(get, path = "/v1/me/passport/share-links", operation_id = "list_share_links", tag = "passport",
    params(IfNoneMatch, PageQuery),
    responses(
        (status = 200, description = "Newest first, with whether each still works and how often it was opened", body = Page<ShareLinkView>,
            headers(("ETag" = String, description = "Changes when a link is made, used, stopped or expires"))),
        NotModified, NotSignedIn, PassportOwnersOnly, PageOutOfRange,
    ))]
pub(crate) async fn list_share_links(
    Caller(app, user, ..): Caller<CareLeavers>,
    AppQuery(paging): AppQuery<PageQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let paging = paging.page()?;
    let leaver = me(&app, &user, Record::Passport).await?;
    let now = Utc::now();
    let links = service::list(&app.db, leaver.id()).await?;
    let views = links.iter().map(|l| service::view(l, now)).collect();
    with_etag(&headers, &Page::of_all(views, paging))
}

/// Stop a share link
///
/// The link stops working at once (it answers 404). Stopping it again changes nothing.
#[utoipa::path(delete, path = "/v1/me/passport/share-links/{id}", operation_id = "revoke_share_link", tag = "passport",
    params(("id" = Uuid, Path, description = "Share link id")),
    responses(
        (status = 204, description = "Stopped"),
        (status = 404, description = "No such link of yours", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, PassportOwnersOnly,
    ))]
pub(crate) async fn revoke_share_link(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, AppError> {
    me(&app, &user, Record::Passport).await?;
    service::revoke(&app.db, &actor, id, Utc::now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn opened(
    app: &AppState,
    request_id: &RequestId,
    token: &str,
    passcode: &str,
    what: &str,
) -> Result<
    (
        care_leavers::CareLeaver,
        entity::passport_version::Model,
        Vec<crate::passport::model::SectionId>,
    ),
    AppError,
> {
    let link = service::open(&app.db, request_id.0.as_deref(), token, passcode, what).await?;
    let leaver = care_leavers::find(&app.db, link.care_leaver_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let version = store::latest_version(&app.db, link.care_leaver_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((leaver, version, service::sections_of(&link)))
}

/// `{token}`: the share link's token.
pub(crate) struct ShareTokenPath;

impl utoipa::IntoParams for ShareTokenPath {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        use utoipa::openapi::{ObjectBuilder, Required, Type, path::*};
        vec![
            ParameterBuilder::new()
                .name("token")
                .parameter_in(ParameterIn::Path)
                .description(Some("The token at the end of the share link"))
                .required(Required::True)
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .build(),
        ]
    }
}

/// What a practice opening a share link can be told, whichever format it asks for.
pub(crate) struct SharedLinkRefusals;

impl utoipa::IntoResponses for SharedLinkRefusals {
    fn responses()
    -> std::collections::BTreeMap<String, utoipa::openapi::RefOr<utoipa::openapi::Response>> {
        use crate::http::responses::problem;
        std::collections::BTreeMap::from([
            (
                "403".to_owned(),
                problem("Wrong passcode (the fifth locks the link)"),
            ),
            (
                "404".to_owned(),
                problem("No such link, or it expired, was stopped or is locked"),
            ),
            ("422".to_owned(), problem("The passcode is not 6 digits")),
        ])
    }
}

/// Open a shared passport as a FHIR patient summary (no account)
///
/// For the practice the young person gave the link to: send the 6-digit passcode. The link
/// answers 404 once it has expired, been stopped, or locked after 5 wrong passcodes.
#[utoipa::path(post, path = "/v1/shared/{token}/fhir", operation_id = "open_shared_fhir", tag = "passport", security(),
    params(ShareTokenPath),
    request_body = Passcode,
    responses(
        (status = 200, description = "The IPS document Bundle with the shared sections", body = Object, content_type = "application/fhir+json"),
        BodyErrors, SharedLinkRefusals,
    ))]
pub(crate) async fn open_shared_fhir(
    State(app): State<AppState>,
    request_id: RequestId,
    AppPath(token): AppPath<String>,
    AppJson(body): AppJson<Passcode>,
) -> Result<Response, AppError> {
    let (leaver, version, sections) =
        opened(&app, &request_id, &token, &body.passcode, "fhir").await?;
    let bundle = travel::ips(&app.db, &leaver, &version, &sections).await?;
    fhir_response(bundle)
}

/// Open a shared passport as a PDF (no account)
///
/// As the FHIR summary, as a printable A4 PDF of the shared sections.
#[utoipa::path(post, path = "/v1/shared/{token}/pdf", operation_id = "open_shared_pdf", tag = "passport", security(),
    params(ShareTokenPath),
    request_body = Passcode,
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = String),
        BodyErrors, SharedLinkRefusals,
    ))]
pub(crate) async fn open_shared_pdf(
    State(app): State<AppState>,
    request_id: RequestId,
    AppPath(token): AppPath<String>,
    AppJson(body): AppJson<Passcode>,
) -> Result<Response, AppError> {
    let (leaver, version, sections) =
        opened(&app, &request_id, &token, &body.passcode, "pdf").await?;
    let bytes = travel::pdf(&leaver, &version, &sections).await?;
    Ok(pdf_response(bytes).into_response())
}
