//! The staff console: server-rendered pages at `/` for nurses, caseworkers, HR, Connexions
//! and admins, served by the same binary as the API (which stays at `/v1`).
//!
//! Pages are askama templates (`api/templates/console/`, checked at compile time) styled with
//! the vendored NHS.UK frontend; forms work without JavaScript. Sessions are cookies naming a
//! server-side row (`session`), every POST carries the session's CSRF token (`extract`), and
//! handlers call the same domain services as the API's.
pub mod account;
pub mod admin;
pub mod assets;
pub mod caseload;
pub mod caseworker;
pub mod charts;
pub mod dentists;
pub mod extract;
pub mod health_information;
pub mod home;
pub mod interest;
pub mod links;
pub mod pages;
pub mod passport;
pub mod prescriptions;
pub mod questions;
pub mod reports;
pub mod session;
pub mod sign_in;
pub mod work;

use axum::{
    Router,
    http::{HeaderValue, header},
    response::Response,
    routing::get,
};

pub use extract::{Console, ConsoleAdmin, ConsoleNurse, ConsoleUser, CsrfForm, Visitor, WithRole};

use crate::state::AppState;

/// Scripts, styles and images only from this service; no inline script or style; forms post
/// only here; the console is never framed.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Every console route. Merged into the application router beside `/v1`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/assets/{*path}", get(assets::serve))
        .merge(sign_in::router())
        .merge(links::router())
        .merge(account::router())
        .merge(admin::router())
        .merge(work::router())
        .merge(interest::router())
        .merge(caseload::router())
        .merge(caseworker::router())
        .merge(passport::router())
        .merge(questions::router())
        .merge(prescriptions::router())
        .merge(dentists::router())
        .merge(health_information::router())
        .merge(reports::router())
        .layer(axum::middleware::map_response(console_headers))
}

/// The console's CSP, and `Referrer-Policy: same-origin` so that browsers send a real `Origin`
/// with the console's own forms (under `no-referrer` they send `Origin: null`).
async fn console_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}
