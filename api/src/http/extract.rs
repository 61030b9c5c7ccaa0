//! Extractors that report bad input as problem+json naming the field.
use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{header, request::Parts},
};
use serde::de::DeserializeOwned;

use super::header_text;
use crate::error::{AppError, FieldError};

/// The request body limit documented in the contract.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// JSON body extractor: 415 for a wrong content type, 413 over the limit, 400 for malformed
/// JSON and 422 (with the field's path) for well-formed JSON of the wrong shape.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<T, S> FromRequest<S> for AppJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = header_text(req.headers(), header::CONTENT_TYPE)
            .and_then(|v| v.parse::<mime::Mime>().ok())
            .is_some_and(|m| {
                m.type_() == "application"
                    && (m.subtype() == "json" || m.suffix().is_some_and(|s| s == "json"))
            });
        if !is_json {
            return Err(AppError::UnsupportedMediaType(
                crate::words::errors::UNSUPPORTED_MEDIA_TYPE.into(),
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest(crate::words::errors::CUT_SHORT.into())
            }
        })?;
        parse_json(&bytes).map(AppJson)
    }
}

/// Parses JSON, mapping serde's errors onto 400 (syntax) or 422 (shape, with field path).
/// The wording comes from `words::errors`: never serde's own.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    // Syntax first, so a truncated body is a 400 even when its start already has a wrong type.
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        AppError::BadRequest(crate::words::errors::malformed_json(&e.to_string()).into())
    })?;
    // Every request body of this API is an object; serde would also accept an array for a
    // struct, which no client means.
    if !value.is_object() {
        return Err(AppError::invalid(
            "body",
            "What the app sent must be a JSON object. Please update the app and try again.",
        ));
    }
    // PostgreSQL cannot store NUL in text, and no field of ours has a use for one.
    if let Some(field) = find_nul(&value, String::new()) {
        return Err(AppError::invalid(
            field,
            "This has a hidden character we cannot store. Please type it again.",
        ));
    }
    match serde_path_to_error::deserialize::<_, T>(super::strict::Strict(&value)) {
        Ok(parsed) => Ok(parsed),
        Err(err) => {
            let path = err.path().to_string();
            let sent = value_at(&value, &path);
            Err(field_error(&path, &err.into_inner().to_string(), sent))
        }
    }
}

/// The value at a serde_path_to_error path (`a.b[2].c`), if there is one.
fn value_at<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    if path == "." || path.is_empty() {
        return Some(value);
    }
    let mut here = value;
    for part in path.split('.') {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            here = here.get(key)?;
        }
        for index in indexes.split(['[', ']']).filter(|s| !s.is_empty()) {
            here = here.get(index.parse::<usize>().ok()?)?;
        }
    }
    Some(here)
}

/// The JSON path of the first string (or key) containing a NUL character.
fn find_nul(value: &serde_json::Value, path: String) -> Option<String> {
    use serde_json::Value;
    let name = |p: &str| {
        if p.is_empty() {
            "body".to_string()
        } else {
            p.to_string()
        }
    };
    match value {
        Value::String(s) if s.contains('\0') => Some(name(&path)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_nul(v, format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let child = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k.contains('\0') {
                Some(name(&path))
            } else {
                find_nul(v, child)
            }
        }),
        _ => None,
    }
}

/// Names the offending field (unknown and missing fields are named inside serde's message)
/// and says what is wrong in plain words.
fn field_error(path: &str, raw: &str, sent: Option<&serde_json::Value>) -> AppError {
    let message = raw.split(" at line ").next().unwrap_or(raw).to_string();
    let named = ["unknown field `", "missing field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| message.split(prefix).nth(1))
        .and_then(|rest| rest.split('`').next());
    let base = if path == "." { "" } else { path };
    let field = match named {
        Some(name) if base.is_empty() || base == name || base.ends_with(&format!(".{name}")) => {
            if base.is_empty() {
                name.to_string()
            } else {
                base.to_string()
            }
        }
        Some(name) => format!("{base}.{name}"),
        None if base.is_empty() => "body".to_string(),
        None => base.to_string(),
    };
    // A missing or unknown field was not sent as the value at `path`.
    let sent = if named.is_some() { None } else { sent };
    let plain = crate::words::errors::parser_message(&message, sent);
    AppError::Validation(vec![FieldError::new(field, plain)])
}

/// Query-string extractor whose errors are 422 naming the parameter.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for AppQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(AppQuery)
            .map_err(|err| {
                let path = err.path().to_string();
                let raw = err.into_inner().to_string();
                let sent = form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| k == &path)
                    .map(|(_, v)| serde_json::Value::String(v.into_owned()));
                field_error(&path, &raw, sent.as_ref())
            })
    }
}

/// For operations that take no query parameters: any query string is refused (400), so a
/// misspelt parameter is reported rather than silently ignored.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoQuery;

impl<S: Send + Sync> FromRequestParts<S> for NoQuery {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.uri.query() {
            Some(query) if !query.is_empty() => Err(AppError::BadRequest(
                "This address takes no query parameters.".into(),
            )),
            _ => Ok(NoQuery),
        }
    }
}

/// Path parameters. A value that cannot be parsed (e.g. a malformed id) cannot name any record,
/// so it answers 404 like a record that does not exist.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppPath<T>(pub T);

impl<T, S> FromRequestParts<S> for AppPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| AppPath(v))
            .map_err(|_| AppError::NotFound)
    }
}

/// The request id the server generated (`x-request-id`), followed by the client's own id
/// (`client:…`, shortened to safe characters) when it sent one. Fits the 64-character column.
#[derive(Debug, Clone, Default)]
pub struct RequestId(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let server = header_text(&parts.headers, "x-request-id")
            .map(|s| s.chars().take(36).collect::<String>());
        let client = header_text(&parts.headers, super::middleware::CLIENT_REQUEST_ID)
            .map(|s| {
                s.chars()
                    .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
                    .take(20)
                    .collect::<String>()
            })
            .filter(|s| !s.is_empty());
        Ok(RequestId(match (server, client) {
            (Some(server), Some(client)) => Some(format!("{server} client:{client}")),
            (server, _) => server,
        }))
    }
}

/// The device a sign-in comes from, as its User-Agent says (shortened), so a young person can
/// recognise their devices in their list of sessions.
#[derive(Debug, Clone, Default)]
pub struct Device(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Device {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Device(header_text(&parts.headers, header::USER_AGENT).map(
            |s| s.chars().filter(|c| !c.is_control()).take(120).collect(),
        )))
    }
}

/// The client's address, for sign-in throttling. `X-Forwarded-For` is believed only when the
/// peer is one of the configured `TRUSTED_PROXIES`: otherwise an attacker could pick their own
/// throttle bucket; without it, everyone behind a proxy would share one.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl FromRequestParts<crate::state::AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::state::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|ci| ci.0.ip());
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let ip = peer.map_or_else(
            || "unknown".into(),
            |peer| client_address(peer, &forwarded, &state.config.trusted_proxies).to_string(),
        );
        Ok(ClientIp(ip))
    }
}

/// The client behind a chain of trusted proxies: walking `X-Forwarded-For` from the right
/// (the entries our own proxies appended), the first address that is not a trusted proxy.
/// A peer that is not trusted is the client, whatever the header says.
pub fn client_address(
    peer: std::net::IpAddr,
    forwarded_for: &str,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let mut client = peer;
    for hop in forwarded_for.rsplit(',') {
        match hop.trim().parse::<std::net::IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !trusted.contains(&ip) {
                    break;
                }
            }
            // A garbled entry ends what we can believe.
            Err(_) => break,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Entry {
        name: String,
        dose: u32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        medicines: Vec<Entry>,
    }

    fn field_of(json: &str) -> String {
        match parse_json::<Body>(json.as_bytes()) {
            Err(AppError::Validation(errors)) => errors[0].field.clone(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn shape_errors_name_the_field_by_its_json_path() {
        let cases = [
            (
                r#"{"medicines":[{"name":"a","dose":"x"}]}"#,
                "medicines[0].dose",
            ),
            (
                r#"{"medicines":[{"name":"a","dose":1,"extra":1}]}"#,
                "medicines[0].extra",
            ),
            (r#"{"medicines":[{"name":"a"}]}"#, "medicines[0].dose"),
            (r#"{"other":1}"#, "other"),
            (r#"{}"#, "medicines"),
        ];
        for (json, field) in cases {
            assert_eq!(field_of(json), field, "{json}");
        }
    }

    #[test]
    fn nul_characters_are_refused_naming_the_field() {
        match parse_json::<Body>(br#"{"medicines":[{"name":"a\u0000b","dose":1}]}"#) {
            Err(AppError::Validation(errors)) => assert_eq!(errors[0].field, "medicines[0].name"),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let proxies = [ip("10.0.0.5"), ip("10.0.0.6")];
        let cases = [
            ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
            ("10.0.0.5", "198.51.100.1", "198.51.100.1"),
            ("10.0.0.5", "1.2.3.4, 198.51.100.1", "198.51.100.1"),
            ("10.0.0.5", "198.51.100.1, 10.0.0.6", "198.51.100.1"),
            ("10.0.0.5", "", "10.0.0.5"),
            ("10.0.0.5", "garbage", "10.0.0.5"),
        ];
        for (peer, header, expected) in cases {
            assert_eq!(
                client_address(ip(peer), header, &proxies),
                ip(expected),
                "{peer} {header}"
            );
        }
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        for json in ["{", "[1,", "{\"medicines\": []} trailing", ""] {
            assert!(
                matches!(
                    parse_json::<Body>(json.as_bytes()),
                    Err(AppError::BadRequest(_))
                ),
                "{json}"
            );
        }
    }
}
