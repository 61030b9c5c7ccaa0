//! Staff routes: the draft, publishing, and published versions with their changes.
use crate::http::prelude::*;

use super::diff::diff;
use super::export::PassportVersionSummary;
use super::model::PassportContent;
use super::service::{self, audit_read, viewer_for};
use super::store;
use super::views::*;
use super::visibility::visible_changes;
use crate::audit::AuditAction;
use crate::care_leavers::visible_to;

/// The draft revision an `If-Match` names: the current one if its tag is there, else 412. The
/// service checks again inside its transaction, so a save in between is a 412 too.
async fn expected_revision(app: &AppState, id: Uuid, if_match: &IfMatch) -> Result<i32, AppError> {
    let current = store::draft_revision(&app.db, id).await?;
    if_match.check(&store::draft_etag(id, current))?;
    Ok(current)
}

fn with_draft_etag(status: StatusCode, id: Uuid, view: DraftView) -> Response {
    let etag = store::draft_etag(id, view.revision);
    (status, [(header::ETAG, etag.header_value())], Json(view)).into_response()
}

/// Read the draft of a care leaver's passport (nurses)
///
/// When no draft has been saved, the draft is seeded from the latest published version (or is
/// empty), with revision 0 and its own ETag.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport/draft", operation_id = "get_passport_draft", tag = "passport",
    params(CareLeaverPath),
    responses(
        (status = 200, description = "The draft; send its ETag back as If-Match to save or publish", body = DraftView,
            headers(("ETag" = String, description = "Changes on every save"))),
        (status = 404, description = "No such care leaver, or not one whose passport you write", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn get_draft(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
) -> Result<Response, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::PassportDraft).await?;
    let viewer = viewer_for(&user.viewer(), &leaver);
    let view = service::read_draft(&app.db, &app.audit, &actor, &leaver, viewer).await?;
    Ok(with_draft_etag(StatusCode::OK, id, view))
}

/// Save the draft of a care leaver's passport (nurses)
///
/// Replaces the whole draft. Entries that are new or changed are stamped with your name and
/// the time; unchanged ones keep their stamps. Stamps sent by the client are ignored.
#[utoipa::path(put, path = "/v1/care-leavers/{id}/passport/draft", operation_id = "save_passport_draft", tag = "passport",
    params(
        CareLeaverPath,
        ("If-Match" = String, Header, description = "The ETag of the draft you edited"),
    ),
    request_body = PassportContent,
    responses(
        (status = 200, description = "Saved", body = DraftView,
            headers(("ETag" = String, description = "The new revision's ETag"))),
        (status = 404, description = "No such care leaver, or not one whose passport you write", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The draft was saved by someone else since you read it; nothing was overwritten", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body over 256 KiB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or unknown field, named by its path (e.g. `medicines[2].since`)", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn, IfMatchMissing,
    ))]
pub(crate) async fn put_draft(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    if_match: Result<IfMatch, AppError>,
    AppJson(content): AppJson<PassportContent>,
) -> Result<Response, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Write, Record::PassportDraft).await?;
    let expected = expected_revision(&app, id, &if_match?).await?;
    let saved = service::save_draft(&app.db, &actor, &leaver, expected, content).await?;
    let view =
        service::draft_view(&app.db, &leaver, saved, viewer_for(&user.viewer(), &leaver)).await?;
    Ok(with_draft_etag(StatusCode::OK, id, view))
}

/// Publish the draft as the next version (nurses)
///
/// Freezes the saved draft as version n+1, with your name and the time. The young person is
/// e-mailed, and so is their caseworker if the young person agreed to share their passport.
#[utoipa::path(post, path = "/v1/care-leavers/{id}/passport/publish", operation_id = "publish_passport", tag = "passport",
    params(
        CareLeaverPath,
        ("If-Match" = String, Header, description = "The ETag of the draft you are publishing"),
    ),
    responses(
        (status = 201, description = "Published", body = PassportView),
        (status = 404, description = "No such care leaver, or not one whose passport you write", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No saved draft, nothing changed since the latest version, or another version was published at the same time", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "The draft changed since you read it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The saved draft is no longer valid (e.g. the date of birth changed)", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, IfMatchMissing,
    ))]
pub(crate) async fn publish(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    if_match: Result<IfMatch, AppError>,
) -> Result<(StatusCode, Json<PassportView>), AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Write, Record::PassportDraft).await?;
    let expected = expected_revision(&app, id, &if_match?).await?;
    let version = service::publish(&app.db, &app.config, &actor, &leaver, expected).await?;
    app.passports.forget(leaver.id());
    app.mail_wakeup.notify_one();
    let view = service::passport_view(
        &app.db,
        &leaver,
        &version,
        viewer_for(&user.viewer(), &leaver),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(view)))
}

async fn readable_version(
    app: &AppState,
    leaver: uuid::Uuid,
    number: i32,
) -> Result<entity::passport_version::Model, AppError> {
    store::find_version(&app.db, leaver, number)
        .await?
        .ok_or(AppError::NotFound)
}

/// Read a care leaver's latest published passport
///
/// For their nurses, their caseworker if they agreed to share it, and themselves. The sexual
/// health and substance use section is hidden from caseworkers.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport", operation_id = "get_passport", tag = "passport",
    params(CareLeaverPath),
    responses(
        (status = 200, description = "The latest published version", body = PassportView),
        (status = 404, description = "Nothing published yet, or not a passport you may read", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn get_passport(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<PassportView>, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::Passport).await?;
    let view = service::read_latest(
        &app.db,
        &app.audit,
        &actor,
        &leaver,
        viewer_for(&user.viewer(), &leaver),
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Json(view))
}

/// List the published versions of a care leaver's passport
///
/// Each published version of the passport, newest first, with when and by whom it was published.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport/versions", operation_id = "list_passport_versions", tag = "passport",
    params(CareLeaverPath, PageQuery),
    responses(
        (status = 200, description = "Versions, newest first (empty when nothing is published)", body = Page<PassportVersionSummary>),
        (status = 404, description = "Not a passport you may read", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, PageOutOfRange,
    ))]
pub(crate) async fn list_versions(
    Caller(app, user, actor, ..): Caller,
    AppPath(id): AppPath<Uuid>,
    AppQuery(paging): AppQuery<PageQuery>,
) -> Result<Json<Page<PassportVersionSummary>>, AppError> {
    let paging = paging.page()?;
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::Passport).await?;
    let mut versions = store::summaries(&app.db, id).await?;
    versions.reverse();
    let target = "passport:versions".to_owned();
    audit_read(
        &app.audit,
        &actor,
        &leaver,
        AuditAction::PassportVersionsListed,
        target,
    )
    .await?;
    // A passport has one version per publication: few enough to read whole and cut.
    Ok(Json(Page::of_all(versions, paging)))
}

/// Read one published version of a care leaver's passport
///
/// The passport as it was published in version `n`.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport/versions/{n}", operation_id = "get_passport_version", tag = "passport",
    params(
        CareLeaverPath,
        ("n" = i32, Path, description = "Version number"),
    ),
    responses(
        (status = 200, description = "The version as published", body = PassportView),
        (status = 404, description = "No such version, or not a passport you may read", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn get_version(
    Caller(app, user, actor, ..): Caller,
    AppPath((id, n)): AppPath<(Uuid, i32)>,
) -> Result<Json<PassportView>, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::Passport).await?;
    let version = readable_version(&app, id, n).await?;
    let view = service::passport_view(
        &app.db,
        &leaver,
        &version,
        viewer_for(&user.viewer(), &leaver),
    )
    .await?;
    let target = format!("passport:v{n}");
    audit_read(
        &app.audit,
        &actor,
        &leaver,
        AuditAction::PassportVersionRead,
        target,
    )
    .await?;
    Ok(Json(view))
}

/// See what changed between two versions, section by section
///
/// What changed from the version before `n` to version `n`, section by section.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport/versions/{n}/changes", operation_id = "get_passport_version_changes", tag = "passport",
    params(
        CareLeaverPath,
        ("n" = i32, Path, description = "The later version"),
        ChangesQuery,
    ),
    responses(
        (status = 200, description = "Sections that differ; sections hidden from you are left out", body = ChangesView),
        (status = 404, description = "No such version, or not a passport you may read", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` is not a published version", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn get_changes(
    Caller(app, user, actor, ..): Caller,
    AppPath((id, n)): AppPath<(Uuid, i32)>,
    AppQuery(query): AppQuery<ChangesQuery>,
) -> Result<Json<ChangesView>, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::Passport).await?;
    let later = readable_version(&app, id, n).await?;
    let from = query.from.unwrap_or(n - 1);
    let earlier = match from {
        0 => PassportContent::default(),
        m => match store::find_version(&app.db, id, m).await? {
            Some(v) => store::content_of(&v.content)?,
            None => {
                let message = "must be the number of a published version, or 0";
                return Err(FieldError::new("from", message).into());
            }
        },
    };
    let changes = diff(&earlier, &store::content_of(&later.content)?);
    let changes = visible_changes(changes, viewer_for(&user.viewer(), &leaver));
    let target = format!("passport:v{from}..v{n}");
    audit_read(
        &app.audit,
        &actor,
        &leaver,
        AuditAction::PassportChangesRead,
        target,
    )
    .await?;
    Ok(Json(ChangesView {
        from,
        to: n,
        changes,
    }))
}
