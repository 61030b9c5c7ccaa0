//! Prometheus metrics and the one-line-per-request log.
//!
//! Counters are recorded through the `metrics` facade wherever the event happens (sign-ins,
//! the mail worker, the audit log); gauges that describe the database (outbox depth, the
//! oldest pending message, pool use) are read when `/metrics` is scraped. Labels hold only
//! route templates, methods, status codes and outcome words: never ids, e-mails or tokens.
use std::time::Instant;

use axum::{
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect,
};

use super::recorder::handle;
use crate::{error::AppError, state::AppState};

/// Counts a request and writes its log line: method, route template, status, latency in µs
/// and the request id. Paths and queries are never logged: they can hold ids or postcodes.
pub async fn track(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(req.method());
    let route = super::middleware::route_template(&req);
    let request_id = super::middleware::request_id(&req);
    // A client's own id, set aside by the request-id layer, is logged next to ours.
    let client_request_id = super::middleware::client_request_id(&req);
    handle();
    let in_flight = metrics::gauge!("http_requests_in_flight");
    in_flight.increment(1.0);
    let response = next.run(req).await;
    in_flight.decrement(1.0);
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let labels = [
        ("method", method.to_owned()),
        ("route", route.clone()),
        ("status", status.to_string()),
    ];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(elapsed.as_secs_f64());
    tracing::info!(
        method,
        route,
        status,
        latency_us = elapsed.as_micros() as u64,
        request_id,
        client_request_id,
        "request"
    );
    response
}

/// A fixed set, so a client inventing methods cannot grow the label set.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// `GET /metrics` on the main address: needs `Authorization: Bearer $METRICS_TOKEN`, and is
/// not there at all (404) when no token is configured.
pub async fn scrape_with_token(State(app): State<AppState>, headers: HeaderMap) -> Response {
    let Some(expected) = app.config.metrics_token.as_deref() else {
        return super::middleware::not_found().await;
    };
    let given = super::header_text(&headers, header::AUTHORIZATION)
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return AppError::Unauthorized.into_response();
    }
    scrape(State(app)).await
}

/// `GET /metrics` on `METRICS_ADDR` (a private address: no token needed there).
pub async fn scrape(State(app): State<AppState>) -> Response {
    refresh_gauges(&app.db).await;
    let handle = handle();
    handle.run_upkeep();
    let mut response = handle.render().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    // Comparing digests keeps the time independent of where the strings differ.
    let (a, b) = (Sha256::digest(a), Sha256::digest(b));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// Reads the gauges that describe the database now. A failing query leaves the previous
/// value and logs a warning; the scrape itself still answers.
async fn refresh_gauges(db: &DatabaseConnection) {
    metrics::gauge!("care_passport_build_info", "version" => env!("CARGO_PKG_VERSION")).set(1.0);
    let (size, idle, max) = match db.get_database_backend() {
        DbBackend::Sqlite => {
            let pool = db.get_sqlite_connection_pool();
            (
                pool.size(),
                pool.num_idle() as u32,
                pool.options().get_max_connections(),
            )
        }
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (
                pool.size(),
                pool.num_idle() as u32,
                pool.options().get_max_connections(),
            )
        }
        _ => (0, 0, 0),
    };
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    metrics::gauge!("db_pool_max_connections").set(f64::from(max));
    if let Err(error) = outbox_gauges(db).await {
        tracing::warn!(%error, "metrics: could not read the outbox");
    }
}

async fn outbox_gauges(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    use entity::outbox_message::{Column, Entity, OutboxStatus};
    use sea_orm::Iterable;
    for status in OutboxStatus::iter() {
        let n = Entity::find()
            .filter(Column::Status.eq(status))
            .count(db)
            .await?;
        metrics::gauge!("mail_outbox_messages", "status" => status.to_string()).set(n as f64);
    }
    let oldest: Option<DateTime<Utc>> = Entity::find()
        .select_only()
        .column_as(Column::CreatedAt.min(), "oldest")
        .filter(Column::Status.is_in([OutboxStatus::Pending, OutboxStatus::Sending]))
        .into_tuple()
        .one(db)
        .await?
        .flatten();
    let age = oldest.map_or(0.0, |t| {
        (Utc::now() - t).num_milliseconds().max(0) as f64 / 1000.0
    });
    metrics::gauge!("mail_outbox_oldest_pending_age_seconds").set(age);
    Ok(())
}

/// Why a request was refused before a handler finished, for the 503 answers.
pub fn unavailable(detail: &str, retry_after_secs: u64) -> Response {
    let problem = crate::error::Problem {
        problem_type: "about:blank".into(),
        code: "unavailable".into(),
        title: crate::words::errors::TITLE_UNAVAILABLE.into(),
        status: 503,
        detail: detail.into(),
        errors: Vec::new(),
    };
    let mut response = crate::error::problem_response(StatusCode::SERVICE_UNAVAILABLE, &problem);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
    response
}
