//! The middleware stack every route sits behind.
use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request},
    http::{HeaderName, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    trace::TraceLayer,
};

use super::extract::MAX_BODY_BYTES;
use crate::error::{AppError, Problem, problem_response};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Wraps the application router in the shared stack: request ids, tracing without personal
/// data, security headers, `no-store` caching, a body limit, and problem+json for every error
/// that did not come from a handler (404, 405, 413, panics).
pub fn apply(router: Router) -> Router {
    router
        .layer(middleware::from_fn(problem_for_bare_errors))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
                    // Only the route template: paths and queries can hold ids or postcodes.
                    let route = req
                        .extensions()
                        .get::<MatchedPath>()
                        .map(|p| p.as_str().to_owned())
                        .unwrap_or_else(|| "unmatched".into());
                    let request_id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    tracing::info_span!("request", method = %req.method(), route, request_id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
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
                )),
        )
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
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/") && v.contains("json"));
    if is_json {
        return response;
    }
    let (parts, _) = response.into_parts();
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => "This method is not allowed here; see the Allow header.",
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is larger than 256 KiB.",
        StatusCode::REQUEST_TIMEOUT => "The request took too long.",
        StatusCode::NOT_FOUND => "There is nothing here, or you do not have access to it.",
        _ => "The request could not be handled.",
    };
    let problem = Problem {
        problem_type: "about:blank".into(),
        title: status.canonical_reason().unwrap_or("Error").into(),
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
        title: "Not Found".into(),
        status: 404,
        detail: "There is no such route. See /openapi.json.".into(),
        errors: Vec::new(),
    };
    problem_response(StatusCode::NOT_FOUND, &problem)
}
