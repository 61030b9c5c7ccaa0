//! The mobile contract: every route is registered through utoipa so the document cannot miss
//! one.
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Care Passport API",
        description = "The API behind Dudley's care leavers' app: the Leaving Care Health Passport, a GP and dentist finder, free-prescription eligibility, Chances4YOUth expressions of interest and health information. See mobile-contract/README.md.",
        license(name = "MIT"),
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "health", description = "Probes"),
        (name = "auth", description = "Signing in and out"),
        (name = "me", description = "The signed-in person's own records"),
        (name = "care-leavers", description = "Care leavers, for staff"),
        (name = "passport", description = "The Leaving Care Health Passport: drafts, published versions, acknowledgements, queries and the due list"),
        (name = "users", description = "Staff accounts, for admins"),
        (name = "admin", description = "Operations"),
        (name = "prescriptions", description = "Free-prescription eligibility and the care leavers' scheme"),
        (name = "content", description = "Health information, local services and links that nurses keep up to date"),
        (name = "chances4youth", description = "Chances4YOUth: apprenticeship and work-experience expressions of interest, their review by HR and Connexions, and the outcomes report"),
        (name = "practices", description = "The GP and dentist finder, on NHS practice lists"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Access token from /v1/auth/login or /v1/auth/refresh"))
                    .build(),
            ),
        );
    }
}

/// Every API route, with its documentation.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(crate::health::router())
        .merge(crate::auth::routes::router())
        .merge(crate::auth::session_routes::router())
        .merge(crate::care_leavers::routes::router())
        .merge(crate::passport::routes::router())
        .merge(crate::audit::routes::router())
        .merge(crate::mail::routes::router())
        .merge(crate::prescriptions::routes::router())
        .merge(crate::content::routes::router())
        .merge(crate::apprenticeships::routes::router())
        .merge(crate::finder::routes::router())
        .merge(crate::words::glossary::router())
}

/// The OpenAPI document as pretty JSON (what `mobile-contract/openapi.json` holds).
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = api_router().split_for_parts();
    doc
}

pub fn document_json() -> String {
    document().to_pretty_json().unwrap_or_default() + "\n"
}
