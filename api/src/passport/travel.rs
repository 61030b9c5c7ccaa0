//! The passport leaving the service: the FHIR patient summary and the printable PDF of one
//! published version, for the young person, their nurse and share links alike.

use axum::{
    body::Body,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::Value;

use super::fhir::{FHIR_JSON, GpPractice, IpsInput, ips_bundle};
use super::model::SectionId;
use super::pdf::{Printable, render};
use super::plain::keep_only;
use super::service::with_registered_practices;
use super::store;
use crate::{care_leavers::CareLeaver, error::AppError};

/// Reads `sections=medicines,allergies` (section ids, comma-separated); every section when
/// absent.
pub fn parse_sections(raw: Option<&str>) -> Result<Vec<SectionId>, AppError> {
    let Some(raw) = raw else {
        return Ok(SectionId::ALL.to_vec());
    };
    let mut chosen = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let section =
            serde_json::from_value::<SectionId>(Value::String(part.to_owned())).map_err(|_| {
                AppError::invalid("sections", format!("`{part}` is not a passport section"))
            })?;
        if !chosen.contains(&section) {
            chosen.push(section);
        }
    }
    if chosen.is_empty() {
        return Err(AppError::invalid("sections", "choose at least one section"));
    }
    Ok(chosen)
}

/// The IPS bundle of `version` with only `shared` sections (the caller has already left out
/// what this reader may not see).
pub async fn ips(
    conn: &impl ConnectionTrait,
    leaver: &CareLeaver,
    version: &entity::passport_version::Model,
    shared: &[SectionId],
) -> Result<Value, AppError> {
    let content = with_registered_practices(store::content_of(&version.content)?, leaver);
    let about = content.about_me.clone().unwrap_or_default();
    let gp = match about.gp_practice_ods_code.clone() {
        Some(ods_code) => {
            let name = entity::practice::Entity::find_by_id(ods_code.clone())
                .one(conn)
                .await?
                .map(|p| p.name);
            Some(GpPractice { ods_code, name })
        }
        None => None,
    };
    let nhs_number = about.nhs_number.or(leaver.profile.nhs_number.clone());
    Ok(ips_bundle(&IpsInput {
        care_leaver_id: leaver.id(),
        name: &leaver.user.name,
        date_of_birth: leaver.profile.date_of_birth,
        nhs_number: nhs_number.as_deref(),
        version: version.number,
        published_at: version.published_at,
        nurse_id: version.published_by,
        nurse_name: &version.published_by_name,
        gp,
        content: &content,
        shared,
        generated_at: Utc::now(),
    }))
}

/// The printable A4 PDF of `version` with `sections`, made on the blocking pool.
pub async fn pdf(
    leaver: &CareLeaver,
    version: &entity::passport_version::Model,
    sections: &[SectionId],
) -> Result<Vec<u8>, AppError> {
    let content = with_registered_practices(store::content_of(&version.content)?, leaver);
    let content = keep_only(&content, sections);
    let name = leaver.user.name.clone();
    let (number, published_at) = (version.number, version.published_at);
    let sections = sections.to_vec();
    tokio::task::spawn_blocking(move || {
        render(&Printable {
            name: &name,
            version: number,
            published_at,
            printed_on: crate::age::today(),
            content: &content,
            sections: &sections,
        })
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
    .map_err(AppError::Internal)
}

/// A FHIR JSON response (`application/fhir+json`).
pub fn fhir_response(bundle: Value) -> Result<Response, AppError> {
    let body = serde_json::to_vec(&bundle).map_err(|e| AppError::Internal(e.into()))?;
    Ok((
        [(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON))],
        Body::from(body),
    )
        .into_response())
}

/// A PDF response offered as `health-passport.pdf`.
pub fn pdf_response(bytes: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/pdf"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"health-passport.pdf\""),
            ),
        ],
        Body::from(bytes),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_read_from_a_comma_separated_list() {
        type Case<'a> = (Option<&'a str>, Result<Vec<SectionId>, ()>);
        let cases: [Case; 5] = [
            (None, Ok(SectionId::ALL.to_vec())),
            (
                Some("medicines,allergies,medicines"),
                Ok(vec![SectionId::Medicines, SectionId::Allergies]),
            ),
            (Some(" allergies "), Ok(vec![SectionId::Allergies])),
            (Some("medicnes"), Err(())),
            (Some(","), Err(())),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_sections(raw).map_err(|_| ()), expected, "{raw:?}");
        }
    }
}
