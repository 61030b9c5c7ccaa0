//! `GET /v1/passports/due`: the nurses' list of passports to write next.
use axum::{Json, extract::State};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::due_service;
use super::service::today;
use super::views::{DueList, DueQuery};
use crate::{
    auth::{AuthUser, Role},
    error::{AppError, Problem},
    http::AppQuery,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(passports_due))
}

/// Passports due in my local authority (nurses)
///
/// Care leavers aged 17½ or over without a published passport, by 18th birthday (overdue after
/// it), and those within six months of 19 whose passport records no immunisations.
#[utoipa::path(get, path = "/v1/passports/due", operation_id = "list_passports_due", tag = "passport",
    params(DueQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The due list", body = DueList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Nurses only", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`on` is not a date", body = Problem, content_type = "application/problem+json"),
    ))]
async fn passports_due(
    State(app): State<AppState>,
    user: AuthUser,
    AppQuery(query): AppQuery<DueQuery>,
) -> Result<Json<DueList>, AppError> {
    user.require(&[Role::Nurse])?;
    let on = query.on.unwrap_or_else(today);
    Ok(Json(
        due_service::due_in(&app.db, &user.local_authority, on).await?,
    ))
}
