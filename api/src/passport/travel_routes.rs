//! Routes for the passport leaving the service: the young person's FHIR summary and PDF, and
//! the FHIR summary of a version for their nurse.
use crate::http::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::me_routes::me;
use super::model::SectionId;
use super::service::{audit_read, viewer_for};
use super::store;
use super::travel::{self, fhir_response, parse_sections, pdf_response};
use crate::audit::AuditAction;
use crate::care_leavers::{CareLeaver, visible_to};
use entity::passport_version::Model as PassportVersion;

/// Which sections to include.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SectionsQuery {
    /// Section ids separated by commas, e.g. `medicines,allergies,immunisations`. Every
    /// section when left out.
    #[param(example = "medicines,allergies,immunisations")]
    pub sections: Option<String>,
}

/// My latest published version, with the sections I asked for.
async fn my_latest(
    app: &AppState,
    user: &AuthUser,
    query: &SectionsQuery,
) -> Result<(CareLeaver, PassportVersion, Vec<SectionId>), AppError> {
    let leaver = me(app, user, Record::Passport).await?;
    let sections = parse_sections(query.sections.as_deref())?;
    let version = store::latest_version(&app.db, leaver.id())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((leaver, version, sections))
}

/// `sections` of `version` as a FHIR IPS Bundle, its export audited.
async fn fhir_export(
    app: &AppState,
    actor: &crate::auth::Actor,
    leaver: &CareLeaver,
    version: &PassportVersion,
    sections: &[SectionId],
) -> Result<Response, AppError> {
    let bundle = travel::ips(&app.db, leaver, version, sections).await?;
    let target = format!("passport:fhir:v{}", version.number);
    audit_read(
        &app.audit,
        actor,
        leaver,
        AuditAction::PassportFhirExported,
        target,
    )
    .await?;
    fhir_response(bundle)
}

/// Download my passport as a FHIR patient summary
///
/// The latest published version as a FHIR R4 International Patient Summary: a `document`
/// Bundle for a GP system. Your own copy includes the sexual health section unless you leave
/// it out of `sections`.
#[utoipa::path(get, path = "/v1/me/passport/fhir", operation_id = "get_my_passport_fhir", tag = "passport",
    params(SectionsQuery),
    responses(
        (status = 200, description = "The IPS document Bundle", body = Object, content_type = "application/fhir+json"),
        (status = 422, description = "A section id is not known", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, PassportOwnersOnly, NoPassportYet,
    ))]
pub(crate) async fn my_fhir(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    AppQuery(query): AppQuery<SectionsQuery>,
) -> Result<Response, AppError> {
    let (leaver, version, sections) = my_latest(&app, &user, &query).await?;
    fhir_export(&app, &actor, &leaver, &version, &sections).await
}

/// Download my passport as a PDF to print
///
/// The latest published version as an A4 PDF in plain words, with only the sections you
/// choose, the date and version on every page, and a "where to get help" page.
#[utoipa::path(get, path = "/v1/me/passport/pdf", operation_id = "get_my_passport_pdf", tag = "passport",
    params(SectionsQuery),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf", body = String),
        (status = 422, description = "A section id is not known", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, PassportOwnersOnly, NoPassportYet,
    ))]
pub(crate) async fn my_pdf(
    Caller(app, user, actor, ..): Caller<CareLeavers>,
    AppQuery(query): AppQuery<SectionsQuery>,
) -> Result<Response, AppError> {
    let (leaver, version, sections) = my_latest(&app, &user, &query).await?;
    let bytes = travel::pdf(&leaver, &version, &sections).await?;
    let target = format!("passport:pdf:v{}", version.number);
    audit_read(
        &app.audit,
        &actor,
        &leaver,
        AuditAction::PassportPdfDownloaded,
        target,
    )
    .await?;
    Ok(pdf_response(bytes))
}

/// Download a published version as a FHIR patient summary (nurses)
///
/// The version as a FHIR R4 International Patient Summary. The sexual health and substance
/// use section is never included in a staff export.
#[utoipa::path(get, path = "/v1/care-leavers/{id}/passport/versions/{n}/fhir", operation_id = "get_passport_version_fhir", tag = "passport",
    params(
        CareLeaverPath,
        ("n" = i32, Path, description = "Version number"),
    ),
    responses(
        (status = 200, description = "The IPS document Bundle", body = Object, content_type = "application/fhir+json"),
        (status = 404, description = "No such version, or not a passport you may read", body = Problem, content_type = "application/problem+json"),
        NotSignedIn,
    ))]
pub(crate) async fn version_fhir(
    Caller(app, user, actor, ..): Caller,
    AppPath((id, n)): AppPath<(Uuid, i32)>,
) -> Result<Response, AppError> {
    let leaver = visible_to(&app.db, &user, id, Action::Read, Record::Passport).await?;
    let version = store::find_version(&app.db, id, n)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = viewer_for(&user.viewer(), &leaver);
    let staff: Vec<SectionId> = SectionId::ALL
        .into_iter()
        .filter(|s| !s.is_sensitive() && viewer.can_see(*s))
        .collect();
    fhir_export(&app, &actor, &leaver, &version, &staff).await
}
