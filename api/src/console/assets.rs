//! Stylesheets, scripts and images compiled into the binary, served at `/assets/…`.
use axum::{
    extract::Path,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

/// The NHS.UK frontend release the console is styled with.
pub const NHSUK_FRONTEND_VERSION: &str = "10.6.1";

macro_rules! asset {
    ($name:literal, $mime:literal) => {
        (
            $name,
            $mime,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/console-assets/",
                $name
            )) as &[u8],
        )
    };
}

/// Every file the console serves: (path under `/assets/`, media type, bytes).
static ASSETS: &[(&str, &str, &[u8])] = &[
    asset!("nhsuk-frontend-10.6.1.min.css", "text/css; charset=utf-8"),
    asset!(
        "nhsuk-frontend-10.6.1.min.js",
        "text/javascript; charset=utf-8"
    ),
    asset!("htmx-4.0.1.min.js", "text/javascript; charset=utf-8"),
    asset!("console.css", "text/css; charset=utf-8"),
    asset!("console.js", "text/javascript; charset=utf-8"),
    asset!("js-enabled.js", "text/javascript; charset=utf-8"),
    asset!("images/favicon.ico", "image/x-icon"),
    asset!("images/favicon.svg", "image/svg+xml"),
    asset!("images/nhsuk-icon-180.png", "image/png"),
    asset!("images/nhsuk-icon-arrow-down.svg", "image/svg+xml"),
    asset!("images/nhsuk-icon-arrow-up.svg", "image/svg+xml"),
    asset!("images/nhsuk-icon-arrow-up-down.svg", "image/svg+xml"),
    asset!("images/nhsuk-icon-cross.svg", "image/svg+xml"),
];

/// A short fingerprint of this build's assets, added to asset links (`?v=…`) so a long cache
/// never serves a stale file after an upgrade.
pub fn fingerprint() -> &'static str {
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT.get_or_init(|| {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        for (name, _, bytes) in ASSETS {
            hasher.update(name.as_bytes());
            hasher.update(bytes);
        }
        hex::encode(&hasher.finalize()[..6])
    })
}

/// `GET /assets/{*path}`.
pub async fn serve(Path(path): Path<String>) -> Response {
    let Some((_, mime, bytes)) = ASSETS.iter().find(|(name, _, _)| *name == path) else {
        return (StatusCode::NOT_FOUND, "There is no such file.").into_response();
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        *bytes,
    )
        .into_response()
}
