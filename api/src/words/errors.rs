//! What an error says. The app gets a stable `code` and the field's JSON path in
//! `errors[].field`; the person gets a plain, complete sentence that says what to do next.
//! serde's and chrono's own wording ("unknown variant", "missing field", "expected u8",
//! "EOF while parsing", "input contains invalid characters") is turned into plain words here,
//! in one place, for every route.

/// Titles: a short plain sentence, never an HTTP reason phrase.
pub const TITLE_BAD_REQUEST: &str = "We could not read what the app sent";
pub const TITLE_UNAUTHORIZED: &str = "Please sign in again";
pub const TITLE_SIGN_IN_FAILED: &str = "Your e-mail or password is wrong";
pub const TITLE_FORBIDDEN: &str = "You cannot do this with your account";
pub const TITLE_NOT_FOUND: &str = "We could not find this";
pub const TITLE_CONFLICT: &str = "This cannot be done now";
pub const TITLE_PRECONDITION_FAILED: &str = "Someone changed this while you had it open";
pub const TITLE_PRECONDITION_REQUIRED: &str = "The app must say which version it changed";
pub const TITLE_PAYLOAD_TOO_LARGE: &str = "What you sent is too big";
pub const TITLE_UNSUPPORTED_MEDIA_TYPE: &str = "The app sent this in a form we cannot read";
pub const TITLE_VALIDATION: &str = "Please check what you entered";
pub const TITLE_TOO_MANY_REQUESTS: &str = "Please wait before you try again";
pub const TITLE_UNAVAILABLE: &str = "This is not working right now";
pub const TITLE_INTERNAL: &str = "Something went wrong on our side";
pub const TITLE_PASSPORT_NOT_PUBLISHED: &str = "Your health passport is not ready yet";

/// Details that do not depend on the request.
pub const UNAUTHORIZED: &str =
    "You are signed out, or your sign-in has run out. Please sign in again to carry on.";
pub const SIGN_IN_FAILED: &str = "We could not sign you in with that e-mail and password. \
    Check them and try again. If you forgot your password, you can reset it.";
pub const NOT_FOUND: &str = "We could not find what you asked for. It may have been taken \
    away, or the link may be wrong. Go back and try again.";
pub const NOT_FOR_YOUR_ACCOUNT: &str = "Your account cannot open this part of the service. \
    If you think it should, ask the person who set up your account.";
pub const PASSPORT_NOT_PUBLISHED: &str = "Your nurse has not published your health passport \
    yet. We will send you an e-mail when it is ready. If you have a question, ask your nurse \
    or your personal adviser.";
pub const PRECONDITION_FAILED: &str = "Someone else changed this while you had it open. \
    Load it again to see what changed, then make your change again.";
pub const PRECONDITION_REQUIRED: &str = "The app did not say which version it changed. \
    Load this again, then save your change again.";
pub const PAYLOAD_TOO_LARGE: &str = "What you sent is too big for us to take. Please send \
    less and try again.";
pub const UNSUPPORTED_MEDIA_TYPE: &str = "The app sent this in a form we cannot read. It \
    must send it as JSON. If you use the app, please update it and try again.";
pub const UNAVAILABLE: &str = "This part of the service is not working right now. Please \
    try again in a few minutes.";
pub const INTERNAL: &str = "Something went wrong on our side. We have been told about it. \
    Please try again later.";
pub const CUT_SHORT: &str = "What the app sent was cut short, so we could not read it. \
    Please try again.";
pub const UNREADABLE: &str = "What the app sent is not in a form we can read. Please try \
    again. If it keeps happening, tell us.";
pub const EMAIL_TAKEN: &str = "Someone else uses this e-mail to sign in. Please use another one.";
pub const ALREADY_EXISTS: &str = "This is already saved, so we cannot save it twice. \
    Check what is there already.";

pub const METHOD_NOT_ALLOWED: &str = "The app asked for this in a way we do not allow. \
    Please update the app and try again.";
pub const TIMED_OUT: &str = "This took too long, so we stopped. Please try again.";
pub const NO_SUCH_ROUTE: &str =
    "There is no such page. Please check the address. The full list is in /openapi.json.";

/// The title for a status answered outside a handler (the middleware's answers).
pub fn title_for_status(status: axum::http::StatusCode) -> &'static str {
    use axum::http::StatusCode as S;
    match status {
        S::NOT_FOUND => TITLE_NOT_FOUND,
        S::PAYLOAD_TOO_LARGE => TITLE_PAYLOAD_TOO_LARGE,
        S::SERVICE_UNAVAILABLE => TITLE_UNAVAILABLE,
        S::REQUEST_TIMEOUT => "This took too long",
        S::METHOD_NOT_ALLOWED => "This cannot be done here",
        _ => TITLE_BAD_REQUEST,
    }
}

/// The stable code for a status answered outside a handler.
pub fn code_for_status(status: axum::http::StatusCode) -> &'static str {
    use axum::http::StatusCode as S;
    match status {
        S::NOT_FOUND => "not_found",
        S::PAYLOAD_TOO_LARGE => "payload_too_large",
        S::SERVICE_UNAVAILABLE => "unavailable",
        S::REQUEST_TIMEOUT => "timed_out",
        S::METHOD_NOT_ALLOWED => "method_not_allowed",
        _ => "bad_request",
    }
}

/// How long to wait after too many tries, in words.
pub fn too_many_requests(retry_after_secs: u64) -> String {
    let secs = retry_after_secs.max(1);
    let wait = if secs < 60 {
        plural(secs, "second")
    } else {
        plural(secs.div_ceil(60), "minute")
    };
    format!("You have tried too many times. Please wait {wait}, then try again.")
}

fn plural(n: u64, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// A field's name as a person says it: the last part of its JSON path, without list
/// positions or unit suffixes ("benefits.universal_credit.take_home_pay_pence" is "Take home
/// pay").
pub fn field_words(field: &str) -> String {
    let leaf = field
        .rsplit('.')
        .next()
        .unwrap_or(field)
        .split('[')
        .next()
        .unwrap_or_default();
    let leaf = ["_pence", "_id", "_ids"]
        .iter()
        .find_map(|suffix| leaf.strip_suffix(suffix))
        .unwrap_or(leaf);
    let words = leaf.replace('_', " ");
    let words = words.trim();
    if words.is_empty() || words == "body" {
        return "What you sent".into();
    }
    capitalise(words)
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A field's message as a complete sentence. Messages that already are one (they start with a
/// capital and end with a full stop) are kept; a short rule ("must not be in the future")
/// gets the field's name in front.
pub fn sentence(field: &str, message: &str) -> String {
    let message = message.trim();
    let starts_upper = message.chars().next().is_some_and(char::is_uppercase);
    let ends = message.ends_with(['.', '!', '?']);
    if starts_upper && ends {
        return message.to_string();
    }
    let message = message.trim_end_matches(['.', ';', ':']);
    // "must not be in the future" needs the field's name in front; "enter your password"
    // is a sentence already once it has a capital.
    let first = message.split_whitespace().next().unwrap_or_default();
    if starts_upper || !RULE_STARTS.contains(&first) {
        return format!("{}.", capitalise(message));
    }
    format!("{} {message}.", field_words(field))
}

/// First words of a rule about a field ("must …", "is …"), which reads after its name.
const RULE_STARTS: [&str; 22] = [
    "must", "is", "are", "can", "cannot", "can't", "should", "has", "have", "needs", "need", "may",
    "was", "were", "does", "doesn't", "isn't", "aren't", "contains", "will", "looks", "already",
];

/// A message as a sentence: a capital first, a full stop last.
pub fn as_sentence(text: &str) -> String {
    let text = capitalise(text.trim());
    if text.ends_with(['.', '!', '?']) {
        text
    } else {
        format!("{}.", text.trim_end_matches([';', ':']))
    }
}

/// The `detail` of a validation problem: the field messages as sentences, no paths.
pub fn validation_detail(messages: &[String]) -> String {
    match messages {
        [] => "Please check what you entered and try again.".into(),
        [one] => one.clone(),
        many => format!("Please check {} answers. {}", many.len(), many.join(" ")),
    }
}

/// The first three numbers of a UK date written `14/09/2005` (or with dashes or dots), as
/// day, month and year.
fn uk_date(value: &str) -> Option<(u32, u32, i32)> {
    let parts: Vec<&str> = value.trim().split(['/', '.', '-']).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    if year.len() != 4 || day.len() > 2 || month.len() > 2 {
        return None;
    }
    Some((day.parse().ok()?, month.parse().ok()?, year.parse().ok()?))
}

/// How to write a date, with the person's own date when we can read it.
pub fn date_format(value: Option<&str>) -> String {
    match value.and_then(uk_date) {
        Some((day, month, year)) if (1..=31).contains(&day) && (1..=12).contains(&month) => {
            format!(
                "Please write the date as year, month, day with dashes between, like \
                 {year}-{month:02}-{day:02}."
            )
        }
        _ => "Please write the date as year, month, day with dashes between, like 2005-09-14 \
              for 14 September 2005."
            .into(),
    }
}

/// What chrono says when a date or time does not parse.
const DATE_ERRORS: [&str; 6] = [
    "input contains invalid characters",
    "premature end of input",
    "input is out of range",
    "trailing input",
    "input is not enough for unique date and time",
    "no possible date and time matching input",
];

/// How serde's messages about a value begin, and what to say instead.
const SERDE_OPENINGS: [(&str, &str); 5] = [
    (
        "unknown variant",
        "This is not one of the choices. Please pick one of the options the app shows.",
    ),
    (
        "missing field",
        "Please fill this in. We need it to carry on.",
    ),
    (
        "unknown field",
        "We do not use this. Please leave it out and try again.",
    ),
    (
        "duplicate field",
        "This was sent twice. Please send it once.",
    ),
    (
        "invalid length",
        "This list has too many or too few items. Please check it.",
    ),
];

/// What Rust's own parsers say (anywhere in their message) for a query-string value, and
/// what to say instead.
const PARSER_PHRASES: [(&str, &str); 5] = [
    (
        "invalid digit",
        "Please write this as a whole number, like 3.",
    ),
    (
        "number too large",
        "Please write this as a whole number, like 3.",
    ),
    ("invalid float literal", "Please write this as a number."),
    ("`true` or `false`", "Please answer yes or no."),
    (
        "cannot parse integer from empty string",
        "Please fill this in. We need it to carry on.",
    ),
];

/// A plain sentence for what serde (or a type's own parser) said about one value. `value` is
/// the value that was sent, when there was one. Our own parsers' messages are kept (as
/// sentences); serde's and chrono's wording never reaches the reader.
pub fn parser_message(raw: &str, value: Option<&serde_json::Value>) -> String {
    let raw = raw.split(" at line ").next().unwrap_or(raw).trim();
    let text = value.and_then(serde_json::Value::as_str);
    if DATE_ERRORS.iter().any(|e| raw.contains(e)) || text.and_then(uk_date).is_some() {
        return date_format(text);
    }
    let opening = SERDE_OPENINGS
        .iter()
        .find(|(opening, _)| raw.starts_with(opening));
    let phrase = || {
        PARSER_PHRASES
            .iter()
            .find(|(phrase, _)| raw.contains(phrase))
    };
    if let Some((_, sentence)) = opening.or_else(phrase) {
        return (*sentence).into();
    }
    let serde_says = raw.starts_with("invalid type") || raw.starts_with("invalid value");
    if !serde_says {
        return raw.to_string();
    }
    let expected = raw.rsplit("expected").next().unwrap_or_default();
    let whole = [
        "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize", "integer",
    ];
    if raw.starts_with("invalid value") && whole.iter().any(|t| expected.contains(t)) {
        return "This number is too big or too small. Please check it.".into();
    }
    if whole.iter().any(|t| expected.contains(t)) {
        return "Please write this as a whole number, like 3.".into();
    }
    if expected.contains("f64") || expected.contains("f32") || expected.contains("number") {
        return "Please write this as a number.".into();
    }
    if expected.contains("bool") {
        return "Please answer yes or no.".into();
    }
    if expected.contains("UUID") || expected.contains("uuid") {
        return "This reference is not one we know. Please check it.".into();
    }
    if expected.contains("date") || expected.contains("time") {
        return date_format(text);
    }
    if expected.contains("string") || expected.contains("char") {
        return "Please write this as words.".into();
    }
    if expected.contains("sequence") || expected.contains("list") {
        return "Please send a list here.".into();
    }
    "This is not in a form we can read. Please check it.".into()
}

/// What to say when the body is not JSON at all (serde_json's syntax error).
pub fn malformed_json(raw: &str) -> &'static str {
    if raw.contains("EOF while parsing") {
        CUT_SHORT
    } else {
        UNREADABLE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parser_wording_becomes_plain_sentences() {
        let cases = [
            ("unknown variant `x`, expected one of `a`, `b`", None),
            ("missing field `opportunity_types`", None),
            ("invalid type: string \"x\", expected u8", Some(json!("x"))),
            (
                "invalid value: integer `300`, expected u8",
                Some(json!(300)),
            ),
            (
                "input contains invalid characters",
                Some(json!("14/09/2005")),
            ),
            (
                "invalid type: integer `3`, expected a boolean",
                Some(json!(3)),
            ),
        ];
        for (raw, value) in cases {
            let said = parser_message(raw, value.as_ref());
            for leak in [
                "unknown variant",
                "missing field",
                "expected",
                "`",
                "invalid",
            ] {
                assert!(!said.contains(leak), "{raw} -> {said}");
            }
            assert!(said.ends_with('.'), "{said}");
        }
    }

    #[test]
    fn a_uk_date_is_answered_with_the_format_and_the_same_date_written_our_way() {
        let said = parser_message(
            "input contains invalid characters",
            Some(&json!("14/09/2005")),
        );
        assert!(said.contains("2005-09-14"), "{said}");
    }

    #[test]
    fn field_paths_become_names_and_fragments_become_sentences() {
        assert_eq!(
            field_words("benefits.universal_credit.take_home_pay_pence"),
            "Take home pay"
        );
        assert_eq!(field_words("medicines[2].dose"), "Dose");
        assert_eq!(
            sentence("date_of_birth", "must not be in the future"),
            "Date of birth must not be in the future."
        );
        assert_eq!(
            sentence("x", "Please fill this in."),
            "Please fill this in."
        );
        assert_eq!(
            sentence("current_password", "enter your current password"),
            "Enter your current password."
        );
    }

    #[test]
    fn the_wait_is_said_in_seconds_or_minutes() {
        assert!(too_many_requests(30).contains("30 seconds"));
        assert!(too_many_requests(61).contains("2 minutes"));
        assert!(too_many_requests(60).contains("1 minute,"));
    }
}
