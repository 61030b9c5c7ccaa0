//! Liveness and readiness probes.
use crate::http::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;

use crate::http::NoQuery;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
    /// Whether the database answered (readiness only).
    pub database: Option<bool>,
}

/// The process is up
///
/// Answers 200 while the process runs. For load balancers; it does not check the database.
#[utoipa::path(get, path = "/healthz", operation_id = "get_health", tag = "health", security(),
    responses(
        (status = 200, description = "Up", body = Health),
        QueryStringRefused,
    ))]
pub(crate) async fn healthz(_: NoQuery) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        database: None,
    })
}

/// The service can serve requests (database reachable)
///
/// Answers 200 when the database answers, 503 when it does not. For load balancers.
#[utoipa::path(get, path = "/readyz", operation_id = "get_readiness", tag = "health", security(),
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "Database unreachable", body = Health),
        QueryStringRefused,
    ))]
pub(crate) async fn readyz(State(app): State<AppState>, _: NoQuery) -> (StatusCode, Json<Health>) {
    if crate::db::is_ready(&app.db).await {
        (
            StatusCode::OK,
            Json(Health {
                status: "ok".into(),
                database: Some(true),
            }),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable".into(),
                database: Some(false),
            }),
        )
    }
}
