//! The Leaving Care Health Passport over HTTP: drafting, publishing, versions, who may read
//! what, acknowledgements, queries, the due list, audit, e-mail and export.
mod access;
mod due;
mod feedback;
mod lifecycle;
mod notices;
mod own_words;
mod questions;
mod reads;
mod share;
mod travel;

use integration_tests::{Person, TestApp};
use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::{Value, json};
use uuid::Uuid;

/// Health details that must never appear in an e-mail.
pub(super) const HEALTH_WORDS: [&str; 7] = [
    "asthma",
    "salbutamol",
    "penicillin",
    "rash",
    "implant",
    "mmr",
    "inhaler",
];

pub(super) fn content() -> Value {
    json!({
        "about_me": {"preferred_name": "Jordan", "nhs_number": "943 476 5919"},
        "conditions": [{"name": "Asthma", "status": "current", "diagnosed": "2012-03-14"}],
        "medicines": [{"name": "Salbutamol inhaler", "dose": "2 puffs when wheezy",
                       "since": "2012-03-14", "reason": "Asthma"}],
        "allergies": [{"substance": "Penicillin", "reaction": "Itchy rash", "severity": "moderate"}],
        "immunisations": [{"vaccine": "MMR", "date": "2009-05-20", "dose_number": 1}],
        "sexual_health_and_substance_use": {"contraception": "Contraceptive implant"}
    })
}

/// The content with a second medicine added and the allergy's reaction changed.
pub(super) fn second_content() -> Value {
    let mut c = content();
    c["medicines"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "Clenil inhaler", "dose": "2 puffs twice a day"}));
    c["allergies"][0]["reaction"] = json!("Hives all over");
    c
}

pub(super) fn draft_path(id: Uuid) -> String {
    format!("/v1/care-leavers/{id}/passport/draft")
}

pub(super) fn etag(headers: &HeaderMap) -> String {
    headers["etag"].to_str().unwrap().to_owned()
}

pub(super) async fn get_draft(app: &TestApp, token: &str, id: Uuid) -> (StatusCode, String, Value) {
    let (status, headers, body) = app
        .call(Method::GET, &draft_path(id), Some(token), None, &[])
        .await;
    let tag = headers
        .get("etag")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, tag, body)
}

pub(super) async fn put_draft(
    app: &TestApp,
    token: &str,
    id: Uuid,
    if_match: Option<&str>,
    body: Value,
) -> (StatusCode, HeaderMap, Value) {
    let headers: Vec<(&str, &str)> = if_match.map(|t| ("if-match", t)).into_iter().collect();
    app.call(
        Method::PUT,
        &draft_path(id),
        Some(token),
        Some(body),
        &headers,
    )
    .await
}

pub(super) async fn publish(
    app: &TestApp,
    token: &str,
    id: Uuid,
    if_match: Option<&str>,
) -> (StatusCode, Value) {
    let headers: Vec<(&str, &str)> = if_match.map(|t| ("if-match", t)).into_iter().collect();
    let path = format!("/v1/care-leavers/{id}/passport/publish");
    let (status, _, body) = app
        .call(Method::POST, &path, Some(token), None, &headers)
        .await;
    (status, body)
}

/// Saves `content` as the draft and publishes it; returns the published passport.
pub(super) async fn write_and_publish(
    app: &TestApp,
    nurse: &Person,
    leaver: Uuid,
    content: Value,
) -> Value {
    let token = app.token(nurse).await;
    let (status, tag, _) = get_draft(app, &token, leaver).await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, body) = put_draft(app, &token, leaver, Some(&tag), content).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = publish(app, &token, leaver, Some(&etag(&headers))).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}
