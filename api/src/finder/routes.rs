//! The finder API: `/v1/practices/nearby` and `/v1/practices/{ods_code}`.

use crate::http::prelude::*;
use axum::extract::Path;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::dentist_notes::for_practices;
use super::geo;
use super::local_knowledge::LocalKnowledge;
use super::ods::PracticeKind;
use super::service;
use super::types::NearbyQuery;
use super::views::{DENTIST_GUIDANCE, GP_REGISTRATION_GUIDANCE, NearbyResponse, PracticeView};
use entity::practice::PositionSource;

/// Find the nearest GP practices or dentists
///
/// Ordered by straight-line distance from a postcode (any case and spacing) or a GPS
/// position. Dentists carry what the nurses know locally (`local_knowledge`: whether they take
/// new NHS patients, a phone number, notes, and how long ago a nurse checked; `unconfirmed`
/// after 90 days). Only practices a care leaver can use are returned: open GP practices that
/// register patients, and open dentists (`nhs_only=true` leaves out private-only ones). A
/// full postcode missing from the postcode data is searched from the centre of its postcode
/// district, and `origin.source` and `origin.note` say so.
#[utoipa::path(get, path = "/v1/practices/nearby", operation_id = "find_nearby_practices", tag = "practices",
    params(IfNoneMatch, NearbyQuery),
    responses(
        (status = 200, description = "The nearest practices, nearest first, with guidance to show", body = NearbyResponse,
            headers(("ETag" = String, description = "Changes when the answer changes"))),
        (status = 422, description = "No position, an unknown or malformed postcode, coordinates out of range or outside Great Britain, a bad kind, limit or nhs_only, or an unknown parameter; `errors[0].field` names the parameter", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "No practice data has been imported yet", body = Problem, content_type = "application/problem+json"),
        NotModified, NotSignedIn,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn nearby(
    Caller(app, ..): Caller,
    AppQuery(query): AppQuery<NearbyQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let search = query.validate()?;
    let index = app.finder.index();
    if index.is_empty() {
        return Err(AppError::Unavailable);
    }
    let (origin, point) = service::locate(&app.db, &search.position).await?;
    let found = index.nearest(point, search.kind, search.nhs_only, search.limit);
    let mut response = NearbyResponse::new(search.kind, origin, found);
    let codes = response
        .practices
        .iter()
        .map(|p| p.practice.ods_code.clone());
    let mut known = for_practices(&app.db, codes, crate::age::today()).await?;
    for practice in &mut response.practices {
        practice.local_knowledge = known.remove(&practice.practice.ods_code);
    }
    with_etag(&headers, &response)
}

/// Where a practice is, for a map.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PracticePosition {
    #[schema(example = 52.511)]
    pub lat: f64,
    #[schema(example = -2.081)]
    pub lon: f64,
    /// `true` when only the centre of the practice's postcode district is known.
    pub approximate: bool,
}

/// One practice, with what the app needs to show it on its own.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PracticeDetail {
    #[serde(flatten)]
    pub practice: PracticeView,
    pub county: Option<String>,
    /// Whether a care leaver can register here (GPs) or go here (dentists) now.
    pub registrable: bool,
    pub open_date: Option<NaiveDate>,
    pub close_date: Option<NaiveDate>,
    /// `null` when the practice's postcode and district are both unknown.
    pub position: Option<PracticePosition>,
    /// Plain-English advice to show with the practice.
    pub guidance: String,
    /// Dentists: what the nurses know locally, with how long ago they checked.
    pub local_knowledge: Option<LocalKnowledge>,
}

/// Read one GP or dental practice
///
/// Closed practices are still found here (status `closed`), so a care leaver's recorded GP
/// always resolves; they never appear in nearby searches.
#[utoipa::path(get, path = "/v1/practices/{ods_code}", operation_id = "get_practice", tag = "practices",
    params(IfNoneMatch, ("ods_code" = String, Path, description = "NHS ODS practice code, any case", example = "M87025")),
    responses(
        (status = 200, description = "The practice", body = PracticeDetail,
            headers(("ETag" = String, description = "Changes when the practice's details change"))),
        (status = 404, description = "No practice with this code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an ODS code (`errors[0].field` is `ods_code`)", body = Problem, content_type = "application/problem+json"),
        NotModified, NotSignedIn,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn get_practice(
    Caller(app, ..): Caller,
    Path(ods_code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let code = super::ods::practice_code(&ods_code)?;
    let row = super::store::practice(&app.db, code)
        .await?
        .ok_or(AppError::NotFound)?;
    let practice = service::view(&row);
    let position = row.easting.zip(row.northing).and_then(|(e, n)| {
        let (lat, lon) = geo::grid_to_wgs84(service::grid(e, n))?;
        Some(PracticePosition {
            lat: round6(lat),
            lon: round6(lon),
            approximate: row.position_source != PositionSource::Postcode,
        })
    });
    let guidance = match practice.kind {
        PracticeKind::Gp => GP_REGISTRATION_GUIDANCE,
        PracticeKind::Dentist => DENTIST_GUIDANCE,
    };
    let local_knowledge = for_practices(&app.db, [row.ods_code.clone()], crate::age::today())
        .await?
        .remove(&row.ods_code);
    with_etag(
        &headers,
        &PracticeDetail {
            practice,
            county: row.county,
            registrable: row.registrable,
            open_date: row.open_date,
            close_date: row.close_date,
            position,
            guidance: guidance.to_owned(),
            local_knowledge,
        },
    )
}

fn round6(value: f64) -> f64 {
    (value * 1e6).round() / 1e6
}
