//! The young person's own passport: reading it, acknowledging it and exporting it.
use crate::http::prelude::*;
use axum::http::HeaderValue;
use std::sync::Arc;

use chrono::Utc;

use super::cache::{Inputs, Rendered};
use super::export::{ExportProfile, PassportExport};
use super::service::{self, VersionHeader, audit_read, with_registered_practices};
use super::store;
use super::views::{AcknowledgementView, PassportView};
use super::visibility::Viewer;
use crate::audit::AuditAction;
use crate::{
    care_leavers::{CareLeaver, visible_to},
    http::ETag,
};

/// The signed-in care leaver, loaded through the access policy (the caller's handler holds
/// `Caller<CareLeavers>`).
pub(super) async fn me(
    app: &AppState,
    user: &AuthUser,
    record: Record,
) -> Result<CareLeaver, AppError> {
    visible_to(&app.db, user, user.id, Action::Read, record).await
}

async fn my_latest(
    app: &AppState,
    leaver: &CareLeaver,
) -> Result<(entity::passport_version::Model, PassportView), AppError> {
    let version = store::latest_version(&app.db, leaver.id())
        .await?
        .ok_or_else(AppError::passport_not_published)?;
    let view = service::passport_view(&app.db, leaver, &version, Viewer::Owner).await?;
    Ok((version, view))
}

/// Read my health passport
///
/// The latest published version, in full. Send the ETag back as If-None-Match to get 304 when
/// nothing changed.
#[utoipa::path(get, path = "/v1/me/passport", operation_id = "get_my_passport", tag = "passport",
    params(IfNoneMatch),
    responses(
        (status = 200, description = "My passport", body = PassportView,
            headers(("ETag" = String, description = "Changes when the passport, its acknowledgement or its immunisation gaps change"))),
        NotModified, NotSignedIn, PassportOwnersOnly, NoPassportYet,
    ))]
pub(crate) async fn my_passport(
    State(app): State<AppState>,
    token: BearerToken,
    request_id: RequestId,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (user, leaver, passport) = own_passport(&app, &token).await?;
    let actor = user.actor(&request_id);
    let response = respond_with_etag(&headers, passport.body.clone(), &passport.etag);
    if response.status() == StatusCode::OK {
        let target = format!("passport:v{}", passport.number);
        audit_read(
            &app.audit,
            &actor,
            &leaver,
            AuditAction::PassportRead,
            target,
        )
        .await?;
    }
    Ok(response)
}

/// The caller's own latest passport, rendered: one statement checks the token's account and
/// session (what `Caller<CareLeavers>` checks in a statement of its own on other routes) and
/// loads their records and the latest version's header; the rendering is reused while
/// nothing it depends on changed.
async fn own_passport(
    app: &AppState,
    token: &BearerToken,
) -> Result<(AuthUser, CareLeaver, Arc<Rendered>), AppError> {
    let claims = &token.0;
    let cached = app.passports.get(claims.sub);
    let Some(read) =
        store::leaver_with_latest(&app.db, claims.sub, claims.sid, cached.is_none()).await?
    else {
        // No care leaver record for the token's account: the ordinary sign-in check and guard
        // decide the answer (401, 403), as on every other route; a care leaver without one
        // gets 404.
        CareLeavers::admit(&token.user(app).await?)?;
        return Err(AppError::NotFound);
    };
    let store::OwnRead {
        leaver,
        session_open,
        latest,
    } = read;
    let user = AuthUser::of_account(claims, leaver.user.clone(), session_open)?;
    CareLeavers::admit(&user)?;
    if !policy::allowed(
        &user.viewer(),
        Action::Read,
        Record::Passport,
        &leaver.facts(),
    ) {
        return Err(AppError::NotFound);
    }
    let latest = latest.ok_or_else(AppError::passport_not_published)?;
    let inputs = Inputs::new(&leaver, latest.id, latest.acknowledged_at, service::today());
    if let Some(cached) = cached.filter(|c| c.inputs == inputs) {
        return Ok((user, leaver, cached));
    }
    let content = match &latest.content {
        Some(json) => store::content_of_text(json)?,
        // Rendered earlier, but something changed since: load the content after all.
        None => {
            let version = store::find_version(&app.db, leaver.id(), latest.number)
                .await?
                .ok_or(AppError::NotFound)?;
            store::content_of(&version.content)?
        }
    };
    let header = VersionHeader {
        number: latest.number,
        published_at: latest.published_at,
        published_by: latest.published_by_name,
        acknowledged_at: latest.acknowledged_at,
    };
    let view = service::view_of(&leaver, header, content, Viewer::Owner);
    let body = serde_json::to_vec(&view).map_err(|e| AppError::Internal(e.into()))?;
    let etag = ETag::of(&body);
    let rendered = Rendered {
        inputs,
        number: latest.number,
        body: body.into(),
        etag,
    };
    let rendered = app.passports.put(leaver.id(), rendered);
    Ok((user, leaver, rendered))
}

/// Say I have received my passport
///
/// Acknowledges the latest published version. Calling it again changes nothing. With If-Match
/// (the ETag of `GET /v1/me/passport`) it acknowledges only if that is still the passport you
/// read.
#[utoipa::path(post, path = "/v1/me/passport/acknowledge", operation_id = "acknowledge_passport", tag = "passport",
    params(("If-Match" = Option<String>, Header, description = "ETag of the passport you read")),
    responses(
        (status = 200, description = "Acknowledged", body = AcknowledgementView),
        (status = 412, description = "A newer version was published since you read it", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, PassportOwnersOnly, NoPassportYet,
    ))]
pub(crate) async fn acknowledge(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    if_match: Result<IfMatch, AppError>,
) -> Result<Json<AcknowledgementView>, AppError> {
    let leaver = me(&app, &user, Record::PassportFeedback).await?;
    let (version, view) = my_latest(&app, &leaver).await?;
    if let Ok(if_match) = if_match {
        let bytes = serde_json::to_vec(&view).map_err(|e| AppError::Internal(e.into()))?;
        if_match.check(&ETag::of(&bytes))?;
    }
    let acknowledged_at = service::acknowledge(&app.db, &actor, &leaver, &version).await?;
    app.passports.forget(leaver.id());
    Ok(Json(AcknowledgementView {
        version: version.number,
        acknowledged_at,
    }))
}

/// Download my whole passport as one JSON document
///
/// The latest published version in full, with the history of versions. Offered as a file
/// (`Content-Disposition: attachment`).
#[utoipa::path(get, path = "/v1/me/passport/export", operation_id = "export_my_passport", tag = "passport",
    responses(
        (status = 200, description = "The export (`content` is null when nothing is published yet)", body = PassportExport),
        NotSignedIn, PassportOwnersOnly,
    ))]
pub(crate) async fn export(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
) -> Result<Response, AppError> {
    let leaver = me(&app, &user, Record::Passport).await?;
    let authority = store::authority_name(&app.db, &leaver.user.local_authority).await?;
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
        &app.audit,
        &actor,
        &leaver,
        AuditAction::PassportExported,
        target,
    )
    .await?;
    let disposition = HeaderValue::from_static("attachment; filename=\"health-passport.json\"");
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(document)).into_response())
}
