//! `GET /v1/passports/due`: the nurses' list of passports to write next.
use crate::http::prelude::*;

use super::due_service;
use super::service::today;
use super::views::{DueList, DueQuery};

/// Passports due in my local authority (nurses)
///
/// Care leavers aged 17½ or over without a published passport, by 18th birthday (overdue after
/// it), and those within six months of 19 whose passport records no immunisations.
#[utoipa::path(get, path = "/v1/passports/due", operation_id = "list_passports_due", tag = "passport",
    params(DueQuery),
    responses(
        (status = 200, description = "The due list", body = DueList),
        (status = 422, description = "`on` is not a date", body = Problem, content_type = "application/problem+json"),
        NotSignedIn, NursesOnly,
    ))]
pub(crate) async fn passports_due(
    Caller(app, user, ..): Caller<Nurses>,
    AppQuery(query): AppQuery<DueQuery>,
) -> Result<Json<DueList>, AppError> {
    let on = query.on.unwrap_or_else(today);
    Ok(Json(
        due_service::due_in(&app.db, &user.local_authority, on).await?,
    ))
}
