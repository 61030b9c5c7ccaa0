//! Care Passport: health passports, a GP and dentist finder, prescription eligibility and
//! Chances4YOUth for young people leaving care in the Black Country.
pub mod accounts;
pub mod age;
pub mod apprenticeships;
pub mod audit;
pub mod auth;
pub mod care_leavers;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console;
pub mod content;
pub mod db;
pub mod demo;
pub mod error;
pub mod finder;
pub mod health;
pub mod http;
pub mod mail;
pub mod openapi;
pub mod passport;
pub mod prescriptions;
pub mod state;

use std::future::Future;

use axum::{
    Json, Router,
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
    let (api, doc) = openapi::api_router().split_for_parts();
    let doc = std::sync::Arc::new(doc);
    let router = api
        .route(
            "/openapi.json",
            get(move || {
                let doc = doc.clone();
                async move { Json(doc.as_ref().clone()) }
            }),
        )
        .merge(console::router())
        .with_state(state)
        .merge(docs_router())
        .fallback(http::middleware::not_found);
    http::middleware::apply(router)
}

/// Interactive documentation, served from assets compiled into the binary (no CDN).
fn docs_router() -> Router {
    let swagger = swagger_ui_dist::generate_routes(swagger_ui_dist::ApiDefinition {
        uri_prefix: "/docs",
        api_definition: swagger_ui_dist::OpenApiSource::Uri("/openapi.json"),
        title: Some("Care Passport API"),
    });
    Router::new().merge(swagger.layer(axum::middleware::map_response(docs_headers)))
}

async fn docs_headers(mut response: axum::response::Response) -> impl IntoResponse {
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
        stop_rx.clone(),
    ));
    let worker = tokio::spawn(mail::worker::run(
        state.db.clone(),
        mailer,
        state.config.mail.clone(),
        state.mail_wakeup.clone(),
        stop_rx,
    ));
    let router = app(state);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    let _ = stop_tx.send(true);
    let _ = worker.await;
    let _ = finder.await;
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
