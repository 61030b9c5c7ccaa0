//! ETags for optimistic concurrency (`If-Match`) and cheap polling (`If-None-Match` → 304).
use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
};
use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// A strong entity tag, stored without quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ETag(pub String);

impl ETag {
    /// A tag derived from the bytes of a representation.
    pub fn of(bytes: &[u8]) -> Self {
        let digest = Sha256::digest(bytes);
        ETag(hex::encode(&digest[..16]))
    }

    pub fn header_value(&self) -> HeaderValue {
        HeaderValue::from_str(&format!("\"{}\"", self.0))
            .unwrap_or(HeaderValue::from_static("\"\""))
    }
}

fn tags_in(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(|t| t.trim().trim_start_matches("W/").trim_matches('"'))
}

/// The strong tags of an `If-Match` header. RFC 9110 §13.1.1 wants the strong comparison
/// there: a weak tag (`W/"…"`) never matches, and `*` ("any version") would let a stale
/// client overwrite a change it never saw, so neither counts.
fn strong_tags_in(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.starts_with("W/") && *t != "*")
        .map(|t| t.trim_matches('"'))
}

/// The `If-Match` header, required on updates: 428 without it.
#[derive(Debug, Clone)]
pub struct IfMatch(pub Vec<String>);

impl IfMatch {
    /// 412 unless one of the given strong tags is the current one.
    pub fn check(&self, current: &ETag) -> Result<(), AppError> {
        if self.0.contains(&current.0) {
            Ok(())
        } else {
            Err(AppError::PreconditionFailed)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(header::IF_MATCH)
            .ok_or(AppError::PreconditionRequired)?
            .to_str()
            .map_err(|_| AppError::BadRequest("If-Match is not valid text".into()))?;
        Ok(IfMatch(strong_tags_in(value).map(str::to_string).collect()))
    }
}

/// The `If-None-Match` request header, as documented on every GET a phone polls. Handlers
/// read it from the `HeaderMap` they pass to [`with_etag`]; this type only documents it, so
/// every such operation describes it the same way.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfNoneMatch {
    /// The `ETag` of the copy you have. If it is still current the answer is 304 Not Modified,
    /// with no body.
    #[serde(rename = "If-None-Match")]
    pub if_none_match: Option<String>,
}

/// True when the client already has this representation.
pub fn if_none_match_hits(headers: &HeaderMap, current: &ETag) -> bool {
    super::header_text(headers, header::IF_NONE_MATCH)
        .is_some_and(|v| tags_in(v).any(|t| t == "*" || t == current.0))
}

/// Serialises `body` with its ETag, answering 304 when the client's copy is current.
/// Polled representations may be revalidated but never stored by shared caches.
pub fn with_etag<T: serde::Serialize>(headers: &HeaderMap, body: &T) -> Result<Response, AppError> {
    let bytes = serde_json::to_vec(body).map_err(|e| AppError::Internal(e.into()))?;
    let etag = ETag::of(&bytes);
    Ok(respond_with_etag(headers, bytes.into(), &etag))
}

/// As `with_etag`, for JSON already serialised (and its tag already computed).
pub fn respond_with_etag(headers: &HeaderMap, json: Bytes, etag: &ETag) -> Response {
    let mut response = if if_none_match_hits(headers, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = json.into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    response
        .headers_mut()
        .insert(header::ETAG, etag.header_value());
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_accepts_only_the_current_strong_tag() {
        let current = ETag("abc".into());
        for header in ["\"abc\"", "abc", "\"x\", \"abc\""] {
            let m = IfMatch(strong_tags_in(header).map(str::to_string).collect());
            assert!(m.check(&current).is_ok(), "{header}");
        }
        for header in ["W/\"abc\"", "*", "\"x\", W/\"abc\""] {
            let m = IfMatch(strong_tags_in(header).map(str::to_string).collect());
            assert!(
                matches!(m.check(&current), Err(AppError::PreconditionFailed)),
                "{header}"
            );
        }
        let stale = IfMatch(vec!["old".into()]);
        assert!(matches!(
            stale.check(&current),
            Err(AppError::PreconditionFailed)
        ));
    }
}
