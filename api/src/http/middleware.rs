//! The middleware stack every route sits behind.
use std::{sync::Arc, time::Duration};

use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{HeaderName, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tokio::sync::Semaphore;
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use super::{extract::MAX_BODY_BYTES, header_text};
use crate::error::{AppError, Problem, problem_response};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
/// Where a client's own `X-Request-Id` is kept, beside the one the server always generates.
pub const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("x-client-request-id");

/// The route template `req` matched, or `unmatched`: logs and metrics name the template,
/// never the path (paths and queries can hold ids or postcodes).
pub(super) fn route_template(req: &Request) -> String {
    req.extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into())
}

/// The request id the server gave `req` (empty before the request-id layer has run).
pub(super) fn request_id(req: &Request) -> String {
    text_of(req, &REQUEST_ID).unwrap_or_default()
}

/// The client's own request id, set aside by the request-id layer, if it sent one.
pub(super) fn client_request_id(req: &Request) -> Option<String> {
    text_of(req, &CLIENT_REQUEST_ID)
}

fn text_of(req: &Request, name: &HeaderName) -> Option<String> {
    header_text(req.headers(), name).map(str::to_owned)
}

/// A client's `X-Request-Id` is never taken as ours: it moves aside (to be logged next to
/// ours) and the server generates a fresh id for every request.
async fn set_client_request_id_aside(mut req: Request, next: Next) -> Response {
    if let Some(client) = req.headers_mut().remove(REQUEST_ID) {
        req.headers_mut().insert(CLIENT_REQUEST_ID, client);
    }
    next.run(req).await
}

/// How much work the service takes on at once, and for how long.
#[derive(Clone)]
pub struct Limits {
    permits: Arc<Semaphore>,
    timeout: Duration,
}

impl Limits {
    pub fn new(max_concurrent_requests: usize, timeout: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent_requests)),
            timeout,
        }
    }
}

/// Wraps the application router in the shared stack: request ids, tracing without personal
/// data, a log line and metrics per request, security headers, `no-store` caching, a body
/// limit, load shedding, a request timeout, and problem+json for every error that did not
/// come from a handler (404, 405, 413, panics).
pub fn apply(router: Router, limits: Limits) -> Router {
    router
        .layer(middleware::from_fn(problem_for_bare_errors))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            ServiceBuilder::new()
                .layer(middleware::from_fn(set_client_request_id_aside))
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                    // Only the route template: paths and queries can hold ids or postcodes.
                    let route = route_template(req);
                    let request_id = request_id(req);
                    tracing::info_span!("request", method = %req.method(), route, request_id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(middleware::from_fn(super::metrics::track))
                .layer(CatchPanicLayer::custom(panic_response))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("no-store"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_FRAME_OPTIONS,
                    HeaderValue::from_static("DENY"),
                ))
                // The console sets `same-origin` (its forms need a real Origin); the API keeps
                // `no-referrer`.
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::REFERRER_POLICY,
                    HeaderValue::from_static("no-referrer"),
                ))
                .layer(SetResponseHeaderLayer::if_not_present(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::STRICT_TRANSPORT_SECURITY,
                    HeaderValue::from_static("max-age=31536000; includeSubDomains"),
                ))
                .layer(middleware::from_fn_with_state(limits, limit)),
        )
        // gzip or Brotli for clients that send Accept-Encoding; others get identity.
        .layer(CompressionLayer::new())
}

/// Probes and scrapes must answer even when the service is full, or a load balancer and the
/// monitoring would lose sight of it exactly when it matters.
const NEVER_SHED: &[&str] = &["/healthz", "/readyz", "/metrics"];

/// Load shedding and the request timeout. A request beyond the concurrency limit is refused
/// at once (503 + `Retry-After`) rather than queued; one still running after the timeout is
/// dropped (its transaction rolls back) and answered 503.
async fn limit(State(limits): State<Limits>, req: Request, next: Next) -> Response {
    let exempt = NEVER_SHED.contains(&req.uri().path());
    let permit = match limits.permits.clone().try_acquire_owned() {
        Ok(permit) => Some(permit),
        Err(_) if exempt => None,
        Err(_) => {
            metrics::counter!("http_requests_shed_total").increment(1);
            return super::metrics::unavailable(
                "The service is busy. Please try again in a moment.",
                1,
            );
        }
    };
    let response = match tokio::time::timeout(limits.timeout, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            metrics::counter!("http_requests_timed_out_total").increment(1);
            tracing::warn!(timeout_secs = limits.timeout.as_secs(), "request timed out");
            super::metrics::unavailable("The request took too long. Please try again.", 5)
        }
    };
    drop(permit);
    response
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    AppError::Internal(anyhow::anyhow!("panic")).into_response()
}

/// Turns error responses produced outside handlers (axum's 405, a layer's 413 or 408) into
/// problem+json, keeping headers such as `Allow`.
async fn problem_for_bare_errors(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // Handlers answer in JSON already (problem+json, or a documented JSON body such as
    // `/readyz`'s); only bare bodies from the framework and layers are rewritten.
    let content_type = header_text(response.headers(), header::CONTENT_TYPE);
    let is_json = content_type.is_some_and(|v| v.starts_with("application/") && v.contains("json"));
    // The staff console's pages (403, 404, 422…) are HTML written for people.
    let is_html = content_type.is_some_and(|v| v.starts_with("text/html"));
    if is_json || is_html {
        return response;
    }
    let (parts, _) = response.into_parts();
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => crate::words::errors::METHOD_NOT_ALLOWED,
        StatusCode::PAYLOAD_TOO_LARGE => crate::words::errors::PAYLOAD_TOO_LARGE,
        StatusCode::REQUEST_TIMEOUT => crate::words::errors::TIMED_OUT,
        StatusCode::NOT_FOUND => crate::words::errors::NOT_FOUND,
        _ => crate::words::errors::UNREADABLE,
    };
    let problem = Problem {
        problem_type: "about:blank".into(),
        code: crate::words::errors::code_for_status(status).into(),
        title: crate::words::errors::title_for_status(status).into(),
        status: status.as_u16(),
        detail: detail.into(),
        errors: Vec::new(),
    };
    let mut rebuilt = problem_response(status, &problem);
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rebuilt.headers_mut().insert(name, value.clone());
        }
    }
    rebuilt
}

/// Fallback for unknown routes. Its problem type differs from a missing record's so that the
/// contract test can tell "no such route" from "no such record".
pub async fn not_found() -> Response {
    let problem = Problem {
        problem_type: "about:blank".into(),
        code: "no_such_route".into(),
        title: crate::words::errors::TITLE_NOT_FOUND.into(),
        status: 404,
        detail: crate::words::errors::NO_SUCH_ROUTE.into(),
        errors: Vec::new(),
    };
    problem_response(StatusCode::NOT_FOUND, &problem)
}
