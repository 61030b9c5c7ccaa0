//! The young person's own passport: reading it, acknowledging it and exporting it.
use axum::{
    Json,
    extract::State,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use sea_orm::EntityTrait;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::export::{ExportProfile, PassportExport};
use super::service::{self, audit_read, with_registered_practices};
use super::store;
use super::views::{AcknowledgementView, PassportView};
use super::visibility::Viewer;
use crate::{
    audit::{self, Event},
    auth::{
        AuthUser, Role,
        policy::{Action, Record},
    },
    care_leavers::{CareLeaver, visible_to},
    error::{AppError, Problem},
    http::{ETag, IfMatch, RequestId, with_etag},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_passport))
        .routes(routes!(acknowledge))
        .routes(routes!(export))
}

/// The signed-in care leaver, loaded through the access policy.
pub(super) async fn me(
    app: &AppState,
    user: &AuthUser,
    record: Record,
) -> Result<CareLeaver, AppError> {
    user.require(&[Role::CareLeaver])?;
    visible_to(&app.db, user, user.id, Action::Read, record).await
}

async fn my_latest(
    app: &AppState,
    leaver: &CareLeaver,
) -> Result<(entity::passport_version::Model, PassportView), AppError> {
    let version = store::latest_version(&app.db, leaver.id())
        .await?
        .ok_or(AppError::NotFound)?;
    let view = service::passport_view(&app.db, leaver, &version, Viewer::Owner).await?;
    Ok((version, view))
}

/// Read my health passport
///
/// The latest published version, in full. Send the ETag back as If-None-Match to get 304 when
/// nothing changed.
#[utoipa::path(get, path = "/v1/me/passport", tag = "passport",
    params(("If-None-Match" = Option<String>, Header, description = "ETag of the copy you have")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "My passport", body = PassportView,
            headers(("ETag" = String, description = "Changes when the passport, its acknowledgement or its immunisation gaps change"))),
        (status = 304, description = "Your copy is current"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only care leavers have a passport", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No passport has been published for you yet", body = Problem, content_type = "application/problem+json"),
    ))]
async fn my_passport(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let leaver = me(&app, &user, Record::Passport).await?;
    let (version, view) = my_latest(&app, &leaver).await?;
    let response = with_etag(&headers, &view)?;
    if response.status() == StatusCode::OK {
        let target = format!("passport:v{}", version.number);
        audit_read(
            &app.db,
            &user,
            &request_id,
            &leaver,
            "passport.read",
            target,
        )
        .await?;
    }
    Ok(response)
}

/// Say I have received my passport
///
/// Acknowledges the latest published version. Calling it again changes nothing. With If-Match
/// (the ETag of `GET /v1/me/passport`) it acknowledges only if that is still the passport you
/// read.
#[utoipa::path(post, path = "/v1/me/passport/acknowledge", tag = "passport",
    params(("If-Match" = Option<String>, Header, description = "ETag of the passport you read")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Acknowledged", body = AcknowledgementView),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only care leavers have a passport", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No passport has been published for you yet", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "A newer version was published since you read it", body = Problem, content_type = "application/problem+json"),
    ))]
async fn acknowledge(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
    if_match: Result<IfMatch, AppError>,
) -> Result<Json<AcknowledgementView>, AppError> {
    let leaver = me(&app, &user, Record::PassportFeedback).await?;
    let (version, view) = my_latest(&app, &leaver).await?;
    if let Ok(if_match) = if_match {
        let bytes = serde_json::to_vec(&view).map_err(|e| AppError::Internal(e.into()))?;
        if_match.check(&ETag::of(&bytes))?;
    }
    let txn = crate::db::begin_write(&app.db).await?;
    let acknowledged_at = store::acknowledge(&txn, &version, store::now()).await?;
    let event = Event {
        action: "passport.acknowledged",
        care_leaver_id: Some(leaver.id()),
        target: Some(format!("passport:v{}", version.number)),
    };
    audit::record(&txn, Some(&user), &request_id, event).await?;
    txn.commit().await?;
    Ok(Json(AcknowledgementView {
        version: version.number,
        acknowledged_at,
    }))
}

/// Download my whole passport as one JSON document
///
/// The latest published version in full, with the history of versions. Offered as a file
/// (`Content-Disposition: attachment`).
#[utoipa::path(get, path = "/v1/me/passport/export", tag = "passport",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The export (`content` is null when nothing is published yet)", body = PassportExport),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only care leavers have a passport", body = Problem, content_type = "application/problem+json"),
    ))]
async fn export(
    State(app): State<AppState>,
    user: AuthUser,
    request_id: RequestId,
) -> Result<Response, AppError> {
    let leaver = me(&app, &user, Record::Passport).await?;
    let authority =
        entity::local_authority::Entity::find_by_id(leaver.user.local_authority.clone())
            .one(&app.db)
            .await?
            .map(|la| la.name);
    let profile = ExportProfile {
        name: leaver.user.name.clone(),
        date_of_birth: leaver.profile.date_of_birth,
        local_authority: authority,
    };
    let latest = store::latest_version(&app.db, leaver.id()).await?;
    let versions = store::summaries(&app.db, leaver.id()).await?;
    let current = match &latest {
        Some(v) => {
            let content = with_registered_practices(store::content_of(&v.content)?, &leaver);
            versions
                .iter()
                .find(|s| s.number == v.number)
                .zip(Some(content))
        }
        None => None,
    };
    let document = PassportExport::new(Utc::now(), profile, current, versions.clone());
    let target = format!("passport:export:v{}", document.latest_version.unwrap_or(0));
    audit_read(
        &app.db,
        &user,
        &request_id,
        &leaver,
        "passport.exported",
        target,
    )
    .await?;
    let disposition = HeaderValue::from_static("attachment; filename=\"health-passport.json\"");
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(document)).into_response())
}
