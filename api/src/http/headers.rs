//! Reading headers: one way to take a header's value as text, for the extractors, the layers
//! and the console alike.
use axum::http::{HeaderMap, header::AsHeaderName};

/// The value of header `name` as text, if there is one and it is visible ASCII. A value that is
/// not (raw bytes) is no value any of our headers expects, so it counts as absent.
pub fn header_text<K: AsHeaderName>(headers: &HeaderMap, name: K) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, header};

    #[test]
    fn a_header_is_text_only_when_it_is_visible_ascii() {
        let mut headers = HeaderMap::new();
        headers.insert(header::USER_AGENT, HeaderValue::from_static("Firefox/140"));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_bytes(b"caf\xc3\xa9").unwrap(),
        );
        assert_eq!(
            header_text(&headers, header::USER_AGENT),
            Some("Firefox/140")
        );
        assert_eq!(header_text(&headers, "user-agent"), Some("Firefox/140"));
        assert_eq!(header_text(&headers, header::ORIGIN), None);
        assert_eq!(header_text(&headers, header::HOST), None);
    }
}
