//! Care Passport: health passports, a GP and dentist finder, prescription eligibility and
//! Chances4YOUth for young people leaving care in the Black Country.
pub mod accounts;
pub mod age;
pub mod apprenticeships;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod cache;
pub mod care_leavers;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod content;
pub mod db;
pub mod demo;
pub mod domain_types;
pub mod error;
pub mod finder;
pub mod health;
pub mod http;
pub mod mail;
pub mod openapi;
pub mod passport;
pub mod prescriptions;
pub mod reports;
pub mod router;
pub mod spreadsheet;
pub mod state;
pub mod text;
pub mod words;

use std::future::Future;

use axum::{
    Router,
    http::{HeaderValue, header},
    response::IntoResponse,
    routing::get,
};
use tokio::{net::TcpListener, sync::watch};

pub use config::Config;
pub use state::AppState;

/// The whole HTTP application: API routes, the contract, the docs and the middleware stack.
/// Tests build exactly this router.
pub fn app(state: AppState) -> Router {
    let (api, doc) = openapi::split();
    // Serialised once and served as bytes, so the document's tree of schemas is not kept for
    // the life of the process, nor cloned and serialised again on every request. A document
    // that does not serialise stops the start-up rather than being served as an empty body.
    let doc = serde_json::to_vec(&doc).expect("the OpenAPI document serialises to JSON");
    let doc = axum::body::Bytes::from(doc);
    let router = api
        .route(
            "/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], doc) }
            }),
        )
        .route("/metrics", get(http::metrics::scrape_with_token))
        .merge(console::router())
        .with_state(state.clone())
        .merge(docs_router())
        .fallback(http::middleware::not_found);
    http::middleware::apply(router, limits(&state))
}

fn limits(state: &AppState) -> http::middleware::Limits {
    http::middleware::Limits::new(
        state.config.max_concurrent_requests,
        state.config.request_timeout,
    )
}

/// The private metrics listener (`METRICS_ADDR`): only `/metrics`, no token.
pub fn metrics_app(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(http::metrics::scrape))
        .with_state(state)
        .fallback(http::middleware::not_found)
}

/// Interactive documentation, served from assets compiled into the binary (no CDN).
fn docs_router() -> Router {
    let swagger = swagger_ui_dist::generate_routes(swagger_ui_dist::ApiDefinition {
        uri_prefix: "/docs",
        api_definition: swagger_ui_dist::OpenApiSource::Uri("/openapi.json"),
        title: Some("Care Passport API"),
    });
    Router::new()
        .route("/docs/contrast.css", get(docs_contrast_css))
        .route("/docs/a11y.js", get(docs_a11y_js))
        .merge(swagger.layer(axum::middleware::map_response(docs_headers)))
        .layer(axum::middleware::from_fn(docs_trailing_slash))
}

/// `/docs/` would load its assets from `/docs//…` (404): send it to `/docs`.
async fn docs_trailing_slash(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path() == "/docs/" {
        return axum::response::Redirect::permanent("/docs").into_response();
    }
    next.run(req).await
}

/// Darker colours for Swagger UI so it passes axe-core's colour-contrast rule.
async fn docs_contrast_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("docs-contrast.css"),
    )
}

/// Gives Swagger UI's server list an accessible name (it renders the list without a label).
async fn docs_a11y_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_str!("docs-a11y.js"),
    )
}

async fn docs_headers(response: axum::response::Response) -> axum::response::Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let mut response = if is_html {
        // Load the contrast override after Swagger UI's own stylesheet.
        let (mut parts, body) = response.into_parts();
        let bytes = axum::body::to_bytes(body, 64 * 1024)
            .await
            .unwrap_or_default();
        let html = String::from_utf8_lossy(&bytes).replacen(
            "</head>",
            "<link rel=\"stylesheet\" href=\"/docs/contrast.css\" />\n\
             <script src=\"/docs/a11y.js\" defer></script>\n</head>",
            1,
        );
        parts.headers.remove(header::CONTENT_LENGTH);
        axum::response::Response::from_parts(parts, axum::body::Body::from(html))
    } else {
        response
    };
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    response
}

/// Serves `state` on `listener` with the mail worker beside it, until `shutdown` resolves.
/// In-flight requests finish before it returns; the worker finishes its current message.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    prescriptions::data::RuleSet::load_embedded()?;
    let mailer = mail::transport::Mailer::from_config(&state.config)?;
    // A database that is down at start-up must not stop the server (readiness reports it);
    // the finder then answers 503 until its next check rebuilds the index.
    match state.finder.reload(&state.db).await {
        Ok(practices) => tracing::info!(practices, "finder: practice index built"),
        Err(error) => tracing::error!(%error, "finder: could not build the practice index"),
    }
    let (stop_tx, stop_rx) = watch::channel(false);
    let finder = tokio::spawn(finder::service::keep_fresh(
        state.db.clone(),
        state.finder.clone(),
        state.config.finder_refresh,
        stop_rx.clone(),
    ));
    let metrics_upkeep = tokio::spawn(http::recorder::keep_tidy(stop_rx.clone()));
    let worker = tokio::spawn(mail::worker::run(
        state.db.clone(),
        mailer,
        state.config.mail.clone(),
        state.mail_wakeup.clone(),
        stop_rx.clone(),
    ));
    let metrics = match state.config.metrics_addr {
        Some(addr) => {
            let listener = TcpListener::bind(addr)
                .await
                .map_err(|e| anyhow::anyhow!("METRICS_ADDR: cannot listen on {addr}: {e}"))?;
            tracing::info!(address = %addr, "metrics are served on /metrics");
            let mut stop = stop_rx.clone();
            let router = metrics_app(state.clone());
            Some(tokio::spawn(async move {
                axum::serve(listener, router)
                    .with_graceful_shutdown(async move {
                        let _ = stop.changed().await;
                    })
                    .await
            }))
        }
        None => None,
    };
    let router = app(state);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    let _ = stop_tx.send(true);
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    let _ = worker.await;
    let _ = finder.await;
    let _ = metrics_upkeep.await;
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
