//! The nurses' notes on dentists: recording one, and the list to check again.
use crate::http::prelude::*;
use axum::extract::Path;

use super::dentist_notes::{self, DentistNote, DentistNoteInput};

/// Record what we know about a dentist (nurses)
///
/// Whether the practice is taking new NHS patients, a phone number that works, notes for care
/// leavers, and the day it was checked (today unless given). Replaces the practice's note;
/// audited. The finder shows it with its age.
#[utoipa::path(put, path = "/v1/practices/{ods_code}/dentist-note", operation_id = "put_dentist_note", tag = "practices",
    params(("ods_code" = String, Path, description = "NHS ODS code of a dental practice, any case", example = "V03347")),
    request_body = DentistNoteInput,
    responses(
        (status = 200, description = "Recorded", body = DentistNote),
        (status = 403, description = "Only nurses keep the notes on dentists", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No practice with this code", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A GP practice, a bad code, phone number, note or date; `errors[].field` names each", body = Problem, content_type = "application/problem+json"),
        BodyErrors, NotSignedIn,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn put_dentist_note(
    Caller(app, _, actor, ..): Caller<Nurses>,
    Path(ods_code): Path<String>,
    AppJson(body): AppJson<DentistNoteInput>,
) -> Result<Json<DentistNote>, AppError> {
    let today = crate::age::today();
    let note = dentist_notes::record(&app.db, &actor, &ods_code, &body, today).await?;
    Ok(Json(note))
}

/// Notes on dentists to check again (nurses)
///
/// Notes confirmed more than 90 days ago, oldest first. The finder shows these as unconfirmed.
#[utoipa::path(get, path = "/v1/dentist-notes/to-recheck", operation_id = "list_dentist_notes_to_recheck", tag = "practices",
    params(PageQuery),
    responses(
        (status = 200, description = "Oldest first", body = Page<DentistNote>),
        (status = 403, description = "Only nurses keep the notes on dentists", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, BadQuery,
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn dentist_notes_to_recheck(
    Caller(app, _, actor, ..): Caller<Nurses>,
    AppQuery(paging): AppQuery<PageQuery>,
) -> Result<Json<Page<DentistNote>>, AppError> {
    let paging = paging.page()?;
    let list = dentist_notes::to_recheck(&app.db, &actor, crate::age::today()).await?;
    Ok(Json(Page::of_all(list, paging)))
}
